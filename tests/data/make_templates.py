"""Regenerate the built-in templates in resources/templates/.

Run from the repo root: ``python tests/data/make_templates.py``. Each template
is built with the model classes, checked against the findings it is meant to
show, and written with planner.planfile.fileio.save so the files are canonical (load
then save reproduces them byte for byte). Rock titles, disciplines, kinds and
default efforts come from resources/catalog.json.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models import Move, Person, Plan, Rock, Team  # noqa: E402
from planner.checks.analysis import Analysis  # noqa: E402
from planner.checks.titles import group_key as _group_key  # noqa: E402
from planner.planfile import fileio  # noqa: E402
from planner.planfile.templates import INDEX_NAME, TEMPLATES_DIR, load_catalog  # noqa: E402

CATALOG = {r.key: r for r in load_catalog()}
FIRST_QUARTER = "2027-Q1"

INDEX = [
    {
        "name": "solo-founder",
        "title": "Solo founder",
        "description": "A founder carrying every product rock for six engineers: who is acting as PM, and how heavy is it?",
    },
    {
        "name": "first-pm",
        "title": "First PM hire",
        "description": "Founders, one product manager and twelve engineers: the first PM took every rock and is overloaded.",
    },
    {
        "name": "series-b",
        "title": "Series B (sample)",
        "description": "Head of Product, two PMs and a designer for 35 engineers: no TPM yet, a hire planned, a TPM req open.",
    },
    {
        "name": "scale-up",
        "title": "Scale-up reference",
        "description": "A fully specialised product org for ~200 engineers (PM 1:10, TPMs, PMM, strategy, ops, design).",
    },
]


class Builder:
    """Small helpers that keep the template definitions readable."""

    def __init__(self, name: str, domain: str):
        self.plan = Plan(name=name)
        self.plan.settings.first_quarter = FIRST_QUARTER  # growth plans start here, whatever today is
        self.domain = domain

    def team(self, name: str, headcount: int = 0, lead: str | None = None, growth: tuple[int, ...] = ()) -> str:
        tid = f"t{len(self.plan.teams) + 1}"
        self.plan.teams[tid] = Team(tid, name, lead, headcount, list(growth))
        return tid

    def person(
        self,
        name: str,
        role: str,
        manager: str | None = None,
        *,
        team: str | None = None,
        lead_of: str | None = None,
        capacity: float = 100.0,
        status: str = "active",
        start: str = "",
        dotted: tuple[str, ...] = (),
    ) -> str:
        pid = f"p{len(self.plan.people) + 1}"
        email = "" if status == "open" else f"{_ascii(name).lower().replace(' ', '.')}@{self.domain}"
        self.plan.people[pid] = Person(
            pid,
            name,
            role,
            manager=manager,
            dotted=list(dotted),
            capacity=capacity,
            team=team or lead_of,
            email=email,
            status=status,  # type: ignore[arg-type]
            start=start,
        )
        if lead_of is not None:
            self.plan.teams[lead_of].lead = pid
        return pid

    def rock(
        self,
        key: str,
        owner: str | None,
        area: str = "",
        *,
        effort: float | None = None,
        context: str = "",
        contributors: tuple[str, ...] = (),
        state: str = "active",
        problem: str = "",
        impact: str = "",
        goal: str = "",
        priority: str = "",
    ) -> str:
        c = CATALOG[key]
        rid = f"r{len(self.plan.rocks) + 1}"
        self.plan.rocks[rid] = Rock(
            rid,
            c.title,
            c.discipline,
            c.effort if effort is None else effort,
            owner,
            list(contributors),
            area,
            c.kind,  # type: ignore[arg-type]
            state,  # type: ignore[arg-type]
            context,
            problem,
            impact,
            goal,
            priority,
        )
        return rid

    def move(self, rock: str, from_: str | None, to: str | None, when: str, note: str) -> None:
        self.plan.moves.append(Move(rock, from_, to, when, note))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


# ------------------------------------------------------------------ templates


def solo_founder() -> Plan:
    b = Builder("Solo founder: Brightpath Clinics", "brightpath.example")
    core = b.team("Core product", growth=(0, 2, 4, 6))  # 6 engineers listed today: 6, 8, 10, 12
    maya = b.person("Maya Okafor", "Founder & CEO")
    tomas = b.person("Tomás Ribeiro", "Lead Engineer", maya, lead_of=core)
    for name, role in (
        ("Aiko Tanaka", "Senior Software Engineer"),
        ("Daniel Mensah", "Software Engineer"),
        ("Priya Raman", "Software Engineer"),
        ("Lukas Becker", "Frontend Engineer"),
        ("Sofia Marín", "QA Engineer"),
    ):
        b.person(name, role, tomas, team=core)

    b.rock("positioning", maya, "Booking", context="One page; last rewritten for the clinic-chain pilot.")
    b.rock(
        "sales-support", maya, "Clinic dashboard", effort=20, context="Maya joins every demo call with clinic chains."
    )
    b.rock("customer-research", maya, "Booking")
    b.rock("vision", maya, "Booking")
    b.rock(
        "pricing", maya, "Clinic dashboard", context="Per-seat pricing since January; chains ask for per-site plans."
    )
    b.rock("dashboards", maya, "Clinic dashboard", effort=5)
    b.rock("roadmap", maya, "Booking", context="Lives in a spreadsheet: problem, impact, T-shirt effort, P1/P2.")
    b.rock("prds", maya, "Booking")
    b.rock("prioritisation", maya, "Booking")
    b.rock("standups", maya, "Booking", context="Maya runs the 9:30 stand-up when she is not travelling.")
    b.rock("wireframes", maya, "Booking", context="Drawn by Maya in Figma; no designer yet.")
    b.rock("release-planning", tomas, "Booking", context="Tomás plans the fortnightly release train.")
    return b.plan


def first_pm() -> Plan:
    b = Builder("First PM: Ledgerly", "ledgerly.example")
    platform = b.team("Platform", headcount=5, growth=(6, 7, 9, 10))
    growth = b.team("Growth", headcount=5, growth=(6, 8, 9, 11))
    jonas = b.person("Jonas Lindqvist", "Co-founder & CEO")
    amara = b.person("Amara Nwosu", "Co-founder & CTO", jonas)
    rachel = b.person("Rachel Kim", "Product Manager", jonas)
    b.person("Mateo García", "Engineering Manager, Platform", amara, lead_of=platform)
    b.person("Hannah Schulz", "Engineering Manager, Growth", amara, lead_of=growth)

    b.rock("vision", jonas, "Ledgerly", context="Jonas keeps the vision; reviewed with the board each January.")
    b.rock("business-development", jonas, "Integrations", context="Bank and accounting-software partnerships.")
    b.rock("release-planning", amara, "Platform", context="Amara owns release dates for the platform migration.")
    roadmap = b.rock("roadmap", rachel, "Ledgerly", context="Handed over by Jonas with the 2026 board deck.")
    prds = b.rock("prds", rachel, "Invoicing")
    b.rock("feature-specs", rachel, "Invoicing", effort=10)
    b.rock("prioritisation", rachel, "Ledgerly")
    b.rock("standups", rachel, "Growth", context="Growth has no project manager; Rachel runs their stand-ups.")
    b.rock("cross-team-coordination", rachel, "Ledgerly", effort=20)
    b.rock("release-planning", rachel, "Growth")
    research = b.rock("customer-research", rachel, "Ledgerly")
    b.rock("competitive-analysis", rachel, "Ledgerly", effort=5)
    b.rock(
        "launch-management", rachel, "Invoicing", effort=10, context="No product marketer: Rachel writes launch notes."
    )
    b.rock("instrumentation", rachel, "Growth", effort=5)
    b.move(roadmap, jonas, rachel, "2026-02-02T09:00:00+00:00", "Rachel's first week: Jonas handed over the roadmap.")
    b.move(prds, jonas, rachel, "2026-02-02T09:00:00+00:00", "With the open questions doc and the last three PRDs.")
    b.move(research, jonas, rachel, "2026-03-16T09:00:00+00:00", "Jonas still joins the churned-customer calls.")
    return b.plan


def series_b() -> Plan:
    b = Builder("Series B sample: Fernway", "fernway.example")
    payments = b.team("Payments", headcount=11, growth=(12, 14, 16, 18))
    onboarding = b.team("Onboarding", headcount=10, growth=(10, 12, 13, 15))
    platform = b.team("Platform", headcount=11, growth=(11, 13, 15, 18))

    elena = b.person("Elena Petrova", "Co-founder & CEO")
    marcus = b.person("Marcus Adeyemi", "Co-founder & CTO", elena)
    grace = b.person("Grace Liu", "Head of Product", elena)
    samir = b.person("Samir Haddad", "Senior Product Manager, Payments", grace, team=payments)
    chloe = b.person("Chloé Dubois", "Product Manager, Onboarding", grace, team=onboarding)
    kwame = b.person("Kwame Boateng", "Product Designer", grace)
    ines = b.person("Inês Ferreira", "Engineering Manager, Payments", marcus, lead_of=payments, dotted=(samir,))
    oliver = b.person("Oliver Nakamura", "Engineering Manager, Onboarding", marcus, lead_of=onboarding)
    b.person("Zara Sheikh", "Engineering Manager, Platform", marcus, lead_of=platform)
    platform_pm = b.person(
        "Platform PM (hire)", "Product Manager, Platform", grace, team=platform, status="planned", start="2027-Q1"
    )
    b.person("TPM (open req)", "Technical Program Manager", grace, status="open")

    # CEO and CTO still hold product rocks (acting as PM).
    b.rock("vision", elena, "Fernway", context="Board-approved in the Series B plan; revisit every January.")
    b.rock(
        "positioning", elena, "Fernway", context="Elena rewrote it for the Series B pitch; marketing has not caught up."
    )
    b.rock("business-development", elena, "Payments", effort=10, context="Bank partnerships for instant payouts.")
    b.rock("sales-support", elena, "Fernway", effort=10)
    analyst = b.rock(
        "analyst-relations",
        None,
        "Fernway",
        state="dropped",
        context="Dropped after the Series B: no analyst coverage needed before the enterprise push.",
    )
    b.rock(
        "eng-requirements",
        marcus,
        "Platform",
        context="Marcus acts as Platform PM until the hire starts; hand over with the API deprecation list.",
        contributors=(platform_pm,),
    )
    b.rock("release-planning", marcus, "Platform")
    b.rock(
        "roadmap",
        platform_pm,
        "Platform",
        context="Drafted by Marcus; the Platform PM takes it on day one.",
        problem="Public API v1 cannot carry multi-entity customers",
        goal="API v2 GA with 80% of traffic migrated by end of 2027",
        priority="P1",
    )

    # Head of Product: portfolio and strategy.
    b.rock("roadmap", grace, "Fernway", context="Portfolio view across Payments, Onboarding and Platform.")
    b.rock("prioritisation", grace, "Fernway")
    b.rock("mrd", grace, "Fernway", context="Enterprise MRD for the 2027 push: needs, not implementation.")
    b.rock("competitive-analysis", grace, "Fernway")
    b.rock("customer-research", grace, "Fernway", contributors=(kwame,))
    b.rock(
        "pricing",
        grace,
        "Payments",
        context="Grace still chairs the Payments pricing committee though Samir owns pricing now. Pick one owner.",
    )
    b.rock("kpi-definition", grace, "Fernway")
    b.rock("metrics-alignment", grace, "Fernway")

    # Samir: Payments, overloaded, a third of his week on project work.
    b.rock(
        "roadmap",
        samir,
        "Payments",
        problem="Invoices are paid late because payers cannot pay by card",
        impact="Days-sales-outstanding down 20%",
        goal="Card and instant-transfer payments live in the EU by 2026-Q4",
        priority="P1",
    )
    b.rock("prds", samir, "Payments")
    b.rock("feature-specs", samir, "Payments", effort=10)
    b.rock("eng-requirements", samir, "Payments", contributors=(ines,))
    b.rock("backlog", samir, "Payments")
    b.rock("standups", samir, "Payments", context="Payments has no project manager; Samir runs stand-ups.")
    b.rock("release-planning", samir, "Payments")
    b.rock(
        "cross-team-coordination", samir, "Payments", context="Payouts work needs Platform and Onboarding every sprint."
    )
    samir_pricing = b.rock(
        "pricing", samir, "Payments", context="Price book v3 from Elena; card fees pass-through TBD."
    )

    # Chloé: Onboarding, also heavy on project work.
    b.rock("roadmap", chloe, "Onboarding")
    chloe_prds = b.rock("prds", chloe, "Onboarding")
    b.rock("standups", chloe, "Onboarding")
    b.rock("release-planning", chloe, "Onboarding")
    b.rock("unified-gantt", chloe, "Fernway", context="Chloé keeps the only cross-team Gantt; everyone reads it.")
    b.rock("who-what-when", chloe, "Fernway")
    b.rock("estimates", chloe, "Onboarding", contributors=(oliver,))
    b.rock("instrumentation", chloe, "Onboarding")
    b.rock("dashboards", chloe, "Onboarding", effort=5)

    # Kwame: the only designer.
    b.rock("user-research", kwame, "Fernway")
    b.rock("journeys", kwame, "Onboarding")
    b.rock("wireframes", kwame, "Payments")
    b.rock("clickable-prototypes", kwame, "Onboarding")
    b.rock("design-system", kwame, "Fernway", effort=10, context="Started from the Onboarding redesign components.")
    b.rock("usability-qualitative", kwame, "Onboarding")

    # Nobody runs launches since the marketing lead left.
    b.rock(
        "launch-management",
        None,
        "Fernway",
        context="No owner since the marketing lead left in May; sales learns about features from release notes.",
    )

    b.move(
        samir_pricing,
        elena,
        samir,
        "2026-01-12T09:00:00+00:00",
        "Elena handed Payments pricing to Samir with price book v3.",
    )
    b.move(
        chloe_prds,
        grace,
        chloe,
        "2026-03-02T09:00:00+00:00",
        "Chloé joined; Grace handed Onboarding PRDs with the open questions.",
    )
    b.move(
        analyst,
        elena,
        None,
        "2026-04-20T09:00:00+00:00",
        "Dropped: no analyst coverage needed before the enterprise push.",
    )
    return b.plan


# Scale-up: product lines per group, with team headcounts (engineers not listed as people).
SCALE_UP_GROUPS: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = (
    ("Money movement", (("Payments", 15), ("Payouts", 11), ("Billing", 12), ("Risk & fraud", 12))),
    ("Customer experience", (("Onboarding", 11), ("Mobile", 14), ("Web app", 13), ("Notifications", 9))),
    ("Platform", (("Identity", 11), ("Developer API", 13), ("Integrations", 12), ("Data platform", 14))),
    ("Growth", (("Acquisition", 11), ("Reporting", 12), ("Marketplace", 11))),
)

# The lines hiring next year: engineers per quarter.
SCALE_UP_GROWTH = {"Payments": (15, 17, 19, 21), "Mobile": (14, 15, 17, 18), "Data platform": (14, 16, 18, 20)}

SCALE_UP_NAMES = {
    "gpm": ["Laila Haddad", "Ben Carter", "Mei Chen", "Rafael Souza"],
    "pm": [
        "Anika Patel",
        "Jonah Fischer",
        "Yaw Owusu",
        "Clara Jensen",
        "Diego Morales",
        "Hana Sato",
        "Omar Farouk",
        "Freya Larsen",
        "Kenji Watanabe",
        "Leah Goldberg",
        "Tunde Bakare",
        "Sara Lindgren",
        "Vikram Iyer",
        "Emma Dubois",
        "Nikolai Volkov",
    ],
    "director": ["Fatima Zahra", "Patrick O'Neill", "Min-jun Park", "Aisha Bello"],
    "em": [
        "Carlos Mendes",
        "Julia Nowak",
        "Ravi Shankar",
        "Ingrid Holm",
        "Kofi Asante",
        "Lucía Romero",
        "Tariq Aziz",
        "Hannah Weiss",
        "Arjun Mehta",
        "Yuki Mori",
        "Nadia Rahman",
        "Mateus Costa",
        "Olga Ivanova",
        "Samuel Adjei",
        "Chiara Rossi",
    ],
    "pmm": ["Zoe Mitchell", "Kwabena Mensah", "Isabelle Martin", "Daniel Cohen", "Priyanka Das"],
    "tpm": ["Marta Kowalska", "Ethan Brooks", "Ayumi Kato", "Luis Herrera"],
    "design": ["Noor Al-Amin", "Felix Wagner", "Grace Okonkwo", "Hiro Yamada", "Camille Laurent"],
}


def scale_up() -> Plan:
    b = Builder("Scale-up reference: Quillstone", "quillstone.example")
    teams: dict[str, str] = {}
    for _group, lines in SCALE_UP_GROUPS:
        for area, headcount in lines:
            teams[area] = b.team(area, headcount=headcount, growth=SCALE_UP_GROWTH.get(area, ()))

    ceo = b.person("Sophie Laurent", "Co-founder & CEO")
    cto = b.person("David Okoro", "Co-founder & CTO", ceo)
    cpo = b.person("Nadia Kowalczyk", "Chief Product Officer", ceo)

    # Engineering: one director per group, one EM per team.
    ems = iter(SCALE_UP_NAMES["em"])
    directors: dict[str, str] = {}
    for (group, lines), director_name in zip(SCALE_UP_GROUPS, SCALE_UP_NAMES["director"]):
        director = b.person(director_name, f"Director of Engineering, {group}", cto)
        directors[group] = director
        for area, _headcount in lines:
            b.person(next(ems), f"Engineering Manager, {area}", director, lead_of=teams[area])

    # Product management: CPO, a group PM per group, a PM per product line.
    b.rock("vision", cpo, "Quillstone", context="Three years out; revised every January with the exec team.")
    b.rock("roadmap", cpo, "Quillstone", context="Portfolio roadmap: the group roadmaps rolled up.")
    b.rock("prioritisation", cpo, "Quillstone")
    pms = iter(SCALE_UP_NAMES["pm"])
    gpms: dict[str, str] = {}
    pm_of: dict[str, str] = {}
    for (group, lines), gpm_name in zip(SCALE_UP_GROUPS, SCALE_UP_NAMES["gpm"]):
        gpm = b.person(gpm_name, f"Group Product Manager, {group}", cpo)
        gpms[group] = gpm
        b.rock("roadmap", gpm, group)
        b.rock("prioritisation", gpm, group)
        b.rock("customer-research", gpm, group)
        for index, (area, _headcount) in enumerate(lines):
            senior = "Senior " if index == 0 else ""
            pm = b.person(next(pms), f"{senior}Product Manager, {area}", gpm, team=teams[area])
            pm_of[area] = pm
            b.rock("roadmap", pm, area)
            b.rock("prds", pm, area)
            b.rock("feature-specs", pm, area)
            b.rock("eng-requirements", pm, area)
            b.rock("design-prototypes", pm, area)
            b.rock("backlog", pm, area)
            if index % 2 == 0:
                b.rock("sprint-review", pm, area)

    # Program management: a lead TPM for the portfolio, one TPM per group.
    tpm_names = iter(SCALE_UP_NAMES["tpm"])
    lead_tpm = b.person(next(tpm_names), "Lead Technical Program Manager", cpo)
    b.rock(
        "unified-gantt",
        lead_tpm,
        "Quillstone",
        context="One Gantt chart for every group; reviewed weekly with directors.",
    )
    b.rock("who-what-when", lead_tpm, "Quillstone")
    b.rock("release-planning", lead_tpm, "Quillstone")
    b.rock("dependency-tracking", lead_tpm, "Quillstone")
    for group, _lines in SCALE_UP_GROUPS:
        # The lead TPM covers Growth; the other groups have their own TPM.
        tpm = (
            lead_tpm
            if group == "Growth"
            else b.person(next(tpm_names), f"Technical Program Manager, {group}", lead_tpm, dotted=(directors[group],))
        )
        b.rock("cross-team-coordination", tpm, group, effort=35)
        b.rock("release-planning", tpm, group)
        if tpm != lead_tpm:
            b.rock("estimates", tpm, group)
            b.rock("dependency-tracking", tpm, group)

    # Product marketing: a head for positioning, a PMM per group.
    pmm_names = iter(SCALE_UP_NAMES["pmm"])
    head_pmm = b.person(next(pmm_names), "Head of Product Marketing", cpo)
    b.rock("positioning", head_pmm, "Quillstone", context="Rewritten for the mid-market push; every PMM builds on it.")
    b.rock("messaging", head_pmm, "Quillstone")
    b.rock("rollout-order", head_pmm, "Quillstone", context="Nordics first, then DACH; US mid-market in 2027.")
    for group, _lines in SCALE_UP_GROUPS:
        pmm = b.person(next(pmm_names), f"Product Marketing Manager, {group}", head_pmm)
        b.rock("launch-management", pmm, group)
        b.rock("internal-training", pmm, group)
        b.rock("external-comms", pmm, group)
        b.rock("post-launch-review", pmm, group)
        b.rock("sales-enablement", pmm, group)
        b.rock("sales-demos", pmm, group)

    # Strategy.
    strategy = b.person("Owen Gallagher", "Director of Product Strategy", cpo)
    b.rock("market-analysis", strategy, "Quillstone")
    b.rock("competitive-analysis", strategy, "Quillstone")
    b.rock("analyst-relations", strategy, "Quillstone")
    b.rock("business-development", strategy, "Quillstone", context="Partnerships with accounting platforms and banks.")
    researcher = b.person("Amira Khalil", "Market Research Analyst", strategy)
    b.rock(
        "customer-research", researcher, "Quillstone", effort=20, context="Former-customer interviews every quarter."
    )
    b.rock("market-analysis", researcher, "Marketplace")
    b.rock("competitive-analysis", researcher, "Money movement")
    for group, _lines in SCALE_UP_GROUPS:  # the MRDs are strategy's, not the group PMs'
        b.rock("mrd", researcher, group, effort=5)

    # Product operations and analytics.
    ops = b.person("Rosa Jiménez", "Head of Product Operations", cpo)
    b.rock("kpi-definition", ops, "Quillstone")
    b.rock("metrics-alignment", ops, "Quillstone")
    b.rock("dashboards", ops, "Quillstone")
    b.rock("product-health", ops, "Quillstone")
    b.rock("pricing", ops, "Quillstone", effort=20, context="Pricing committee: CPO, CFO, Head of PMM; quarterly.")
    for analyst_name, groups in (("Thomas Müller", SCALE_UP_GROUPS[:2]), ("Adaeze Obi", SCALE_UP_GROUPS[2:])):
        analyst = b.person(analyst_name, "Product Analyst", ops)
        for group, _lines in groups:
            b.rock("instrumentation", analyst, group)
            b.rock("path-analysis", analyst, group)
            b.rock("dashboards", analyst, group)

    # Design: a head for the system and IA, a designer per group, a researcher.
    design_names = iter(SCALE_UP_NAMES["design"])
    head_design = b.person(next(design_names), "Head of Design", cpo)
    b.rock(
        "design-system", head_design, "Quillstone", effort=35, context="Tokens and components shared by web and mobile."
    )
    b.rock("information-architecture", head_design, "Quillstone")
    b.rock("personas", head_design, "Quillstone")
    for group, _lines in SCALE_UP_GROUPS:
        designer = b.person(next(design_names), f"Senior Product Designer, {group}", head_design)
        b.rock("journeys", designer, group)
        b.rock("wireframes", designer, group, effort=20)
        b.rock("clickable-prototypes", designer, group, effort=20)
        b.rock("usability-qualitative", designer, group)
    ux = b.person("Julien Moreau", "UX Researcher", head_design)
    b.rock("user-research", ux, "Quillstone", effort=35)
    b.rock("usability-quantitative", ux, "Quillstone", effort=20)
    return b.plan


BUILDERS = {"solo-founder": solo_founder, "first-pm": first_pm, "series-b": series_b, "scale-up": scale_up}


def _check_distinct_groups(plan: Plan) -> None:
    seen: dict[tuple[str, str], str] = {}
    for rock in plan.rocks.values():
        if rock.owner is None or rock.state != "active":
            continue
        key = _group_key(rock.area, rock.title)
        if seen.setdefault(key, rock.owner) != rock.owner:
            raise SystemExit(f"{plan.name}: '{rock.title}' in {rock.area} has two owners")


def main() -> int:
    TEMPLATES_DIR.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        plan = build()
        if name == "scale-up":
            _check_distinct_groups(plan)
        path = TEMPLATES_DIR / f"{name}{fileio.EXTENSION}"
        fileio.save(plan, path)
        if fileio.dumps(fileio.load(path)) != path.read_bytes():
            raise SystemExit(f"{path}: not canonical after a round trip")
        analysis = Analysis(fileio.load(path))
        rules = sorted({f.rule for f in analysis.findings.values()})
        print(f"{path.name}: {analysis.summary()} findings: {rules}")
    index = {"schema_version": 1, "templates": INDEX}
    (TEMPLATES_DIR / INDEX_NAME).write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
