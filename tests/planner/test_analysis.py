"""Each rule fires exactly when it should (settings, docs and incremental updates: test_analysis_settings.py)."""

from __future__ import annotations

import pytest

from models import Discipline, Person, Plan, Rock, Team
from planner.checks.analysis import Analysis
from planner.editing import commands as C
from planner.editing.document import Document
from tests.planner.strategies import WHEN


class Org:
    """A tiny plan builder: ``org.person("Ana", "Product Manager")`` returns the id."""

    def __init__(self) -> None:
        self.plan = Plan()

    def person(self, name: str, role: str = "Product Manager", manager: str | None = None, **kw) -> str:
        pid = f"p{len(self.plan.people) + 1}"
        self.plan.people[pid] = Person(pid, name, role, manager=manager, **kw)
        return pid

    def rock(self, title: str, discipline: str = "product", effort: float = 10, owner: str | None = None, **kw) -> str:
        rid = f"r{len(self.plan.rocks) + 1}"
        self.plan.rocks[rid] = Rock(rid, title, discipline, effort, owner, **kw)
        return rid

    def team(self, name: str, headcount: int, lead: str | None = None) -> str:
        tid = f"t{len(self.plan.teams) + 1}"
        self.plan.teams[tid] = Team(tid, name, lead, headcount)
        return tid

    def findings(self, rule: str) -> list:
        return [f for f in Analysis(self.plan).sorted_findings() if f.rule == rule]


@pytest.fixture
def org():
    return Org()


def only(found: list):
    assert len(found) == 1, found
    f = found[0]
    assert "docs/" not in f.source and ": " in f.source  # the check by name and idea, never a path
    return f


# ------------------------------------------------------------ pm-eng-ratio


def test_pm_eng_ratio_high(org):
    pm = org.person("Pat")
    org.team("Core", 20, lead=pm)
    f = only(org.findings("pm-eng-ratio"))
    assert f.severity == "warning"
    assert "20.0 engineers per PM" in f.message and "1:12" in f.message and "1:10" in f.message


def test_pm_eng_ratio_low(org):
    org.person("Pat")
    for i in range(3):
        org.person(f"Eng {i}", "Software Engineer")
    f = only(org.findings("pm-eng-ratio"))
    assert "3.0 engineers per PM" in f.message and "below 1:6" in f.message


def test_pm_eng_ratio_no_pm_is_a_warning_where_the_ratio_calls_for_one(org):
    org.team("Core", 10)
    f = only(org.findings("pm-eng-ratio"))
    assert f.severity == "warning" and "10 engineers and no product manager" in f.message


def test_below_the_target_a_founder_covering_pm_work_is_information(org):
    ceo = org.person("Cy", "Founder & CEO")
    org.team("Core", 3)
    org.rock("Roadmap", "product", 30, ceo)
    f = only(org.findings("pm-eng-ratio"))
    assert f.severity == "info" and "3 engineers and no product manager" in f.message
    assert "first PM from 10 engineers" in f.message


def test_a_planned_pm_counts_and_the_finding_says_today_differs(org):
    org.team("Core", 12)
    pip = org.person("Pip", "Product Manager", status="planned")  # counts once planned hires start
    f = only(org.findings("pm-eng-ratio"))
    assert f.severity == "info" and "12.0 engineers per PM once planned hires start" in f.message
    assert "12 engineers, no PM" in f.message  # today's numbers
    summary = Analysis(org.plan).summary()
    assert (summary["pms"], summary["pms_planned"], summary["engineers_per_pm_planned"]) == (0, 1, 12.0)
    org.plan.people[pip].status = "active"
    assert org.findings("pm-eng-ratio") == []


@pytest.mark.parametrize("headcount", [6, 10, 12])
def test_pm_eng_ratio_within_range(org, headcount):
    org.person("Pat")
    org.team("Core", headcount)
    assert org.findings("pm-eng-ratio") == []


def test_pm_eng_ratio_empty_plan(org):
    assert org.findings("pm-eng-ratio") == []
    org.person("Pat")  # PMs but no engineers: 0 < 6
    assert len(org.findings("pm-eng-ratio")) == 1


@pytest.mark.parametrize(
    "engineers,pms,state",
    [(0, 0, "ok"), (3, 0, "no-pm-due"), (9, 0, "no-pm-due"), (10, 0, "no-pm"), (12, 1, "ok"), (13, 1, "above"),
     (11, 2, "below"), (12, 2, "ok"), (25, 2, "above"), (25, 3, "ok")],
)
def test_ratio_verdict_and_what_it_calls_for_agree(engineers, pms, state):
    from planner.checks.rules import PM_ENG_RATIO

    plan = Plan()
    v = PM_ENG_RATIO.verdict(engineers, pms, plan)
    assert v.state == state
    needed = PM_ENG_RATIO.needed(engineers, plan)
    # Having what the ratio calls for never fires, and never goes below the minimum.
    assert not PM_ENG_RATIO.verdict(engineers, needed, plan).fires
    if needed:
        assert engineers / needed >= PM_ENG_RATIO.MIN.of(plan)


# -------------------------------------------------------------- tpm-needed


def test_tpm_needed_fires_at_the_share(org):
    pat = org.person("Pat")
    kim = org.person("Kim")
    org.rock("Stand-ups", "project", 30, pat)
    org.rock("Release train", "project", 29, kim)
    f = only(org.findings("tpm-needed"))
    assert f.subjects == (pat,)
    assert "Pat spends 30%" in f.message and "Kim" not in f.message


def test_tpm_needed_uses_capacity(org):
    pat = org.person("Pat", capacity=50)
    org.rock("Stand-ups", "project", 20, pat)  # 40% of a half-time week
    assert "Pat spends 40%" in only(org.findings("tpm-needed")).message


def test_project_work_is_checked_per_pm_even_when_a_tpm_exists_elsewhere(org):
    payments, growth = org.team("Payments", 8), org.team("Growth", 8)
    pat = org.person("Pat", team=payments)
    org.rock("Release train", "project", 40, pat)
    org.person("Tia", "Technical Program Manager", team=growth)
    f = only(org.findings("tpm-needed"))
    assert "Pat spends 40%" in f.message and "work on other teams" in f.message and "Payments" in f.message
    org.plan.people["p2"].team = payments  # now the TPM is on Pat's team: hand it over
    assert "although Payments has a TPM" in only(org.findings("tpm-needed")).message


def test_tpm_needed_one_finding_per_pm_each_with_their_numbers(org):
    a = org.person("Ann")
    b = org.person("Bo")
    org.rock("X", "project", 35, a)
    org.rock("Y", "project", 50, b)
    found = org.findings("tpm-needed")
    assert {f.subjects for f in found} == {(a,), (b,)}
    assert {f.message.split(" spends ")[0].split()[-1] + f.message.split(" spends ")[1][:3] for f in found} == {
        "Ann35%",
        "Bo 50%",
    } or all(("Ann" in f.message) == ("35%" in f.message) for f in found)


def test_tpm_needed_ignores_non_pms_and_dropped(org):
    eng = org.person("Ed", "Software Engineer")
    pat = org.person("Pat")
    org.rock("X", "project", 50, eng)
    org.rock("Y", "project", 50, pat, state="dropped")
    assert org.findings("tpm-needed") == []


# ----------------------------------------------------------------- overload


@pytest.mark.parametrize(
    "efforts,capacity,severity",
    [
        ([50, 50], 100, None),
        ([50, 50, 5], 100, "warning"),
        ([50, 50, 20], 100, "warning"),  # exactly 120% is still a warning
        ([50, 50, 21], 100, "error"),
        ([50, 35], 80, "warning"),  # 106%
        ([50, 50], 80, "error"),  # 125%
    ],
)
def test_overload(org, efforts, capacity, severity):
    pat = org.person("Pat", capacity=capacity)
    for i, e in enumerate(efforts):
        org.rock(f"R{i}", "product", e, pat)
    org.rock("Dropped", "product", 50, pat, state="dropped")  # never counts
    found = org.findings("overload")
    if severity is None:
        assert found == []
    else:
        f = only(found)
        assert f.severity == severity and f.subjects == (pat,) and "Pat" in f.message


def test_load_by_discipline(org):
    pat = org.person("Pat", capacity=50)
    org.rock("A", "product", 10, pat)
    org.rock("B", "design", 5, pat)
    org.rock("C", "product", 12.5, pat)
    load = Analysis(org.plan).loads[pat]
    assert load.effort == 27.5 and load.percent == pytest.approx(55.0)
    assert load.by_discipline == {"product": 22.5, "design": 5}


# -------------------------------------------------------------- orphan-rock


def test_orphan_rock(org):
    rid = org.rock("Pricing", "operations", 20)
    org.rock("Old", "operations", 20, state="dropped")
    f = only(org.findings("orphan-rock"))
    assert f.subjects == (rid,) and "'Pricing'" in f.message and "20%" in f.message


# --------------------------------------------------------- shared-ownership


def test_shared_ownership_is_case_and_space_insensitive(org):
    a = org.person("Ann")
    b = org.person("Bo")
    r1 = org.rock("Pricing", owner=a, area="Payments")
    r2 = org.rock("  pricing ", owner=b, area="payments")
    f = only(org.findings("shared-ownership"))
    assert set(f.subjects) == {r1, r2, a, b}
    assert "Ann" in f.message and "Bo" in f.message and "2 owners" in f.message


def test_shared_ownership_not_for_same_owner_other_area_or_inactive(org):
    a = org.person("Ann")
    b = org.person("Bo")
    org.rock("Pricing", owner=a, area="Payments")
    org.rock("Pricing", owner=a, area="Payments")
    org.rock("Pricing", owner=b, area="Growth")
    org.rock("Pricing", owner=b, area="Payments", state="dropped")
    org.rock("Pricing", owner=None, area="Payments")
    assert org.findings("shared-ownership") == []


def test_shared_ownership_groups_grow_and_shrink_incrementally(org):
    """A group of one is kept as a bare id, of two or more as a set: moving rocks
    in and out of a group (retitle, drop, delete) must match a fresh analysis."""
    a, b, c = org.person("Ann"), org.person("Bo"), org.person("Cy")
    r1 = org.rock("Pricing", owner=a, area="Payments")
    r2 = org.rock("Billing", owner=b, area="Payments")
    r3 = org.rock("Pricing", owner=c, area="Payments")
    doc = Document(org.plan)

    def shared():
        assert doc.analysis.findings == Analysis(org.plan).findings
        return [f.subjects for f in doc.analysis.findings.values() if f.rule == "shared-ownership"]

    assert shared() == [(r1, r3, a, c)]
    doc.run(C.EditRock(r2, title="pricing "))  # joins the group: three owners
    assert shared() == [(r1, r2, r3, a, b, c)]
    done = [C.SetRockState([r1, r3], "dropped"), C.SetRockState([r3], "active"), C.RemoveRock(r2)]
    doc.run(done[0])  # the group shrinks to one rock
    assert shared() == []
    doc.run(done[1])  # and grows back to two
    assert shared() == [(r2, r3, b, c)]
    doc.run(done[2])
    assert shared() == []
    for command in reversed(done):
        doc.revert(command)
    assert shared() == [(r1, r2, r3, a, b, c)]


# ---------------------------------------------------------- span-of-control


@pytest.mark.parametrize("reports,fires", [(10, False), (11, True)])
def test_span_of_control(org, reports, fires):
    boss = org.person("Boss", "Engineering Manager")
    for i in range(reports):
        org.person(f"E{i}", "Software Engineer", manager=boss)
    found = org.findings("span-of-control")
    if fires:
        f = only(found)
        assert f.subjects == (boss,) and "Boss has 11 direct reports" in f.message
    else:
        assert found == []


# ----------------------------------------------------------- discipline-fit


def test_discipline_fit(org):
    ed = org.person("Ed", "Software Engineer")
    dee = org.person("Dee", "Product Designer")
    pat = org.person("Pat")
    bad = org.rock("Launch deck", "marketing", owner=ed)
    org.rock("Wireframes", "design", owner=dee)
    bad2 = org.rock("Stand-ups", "project", owner=dee)
    for d in ("marketing", "strategy", "operations", "product", "project", "design"):
        org.rock(f"PM {d}", d, owner=pat)
    found = org.findings("discipline-fit")
    assert {f.subjects for f in found} == {(ed, bad), (dee, bad2)}
    assert all(f.severity == "info" for f in found)
    ed_finding = next(f for f in found if f.subjects[0] == ed)
    assert "Ed" in ed_finding.message and "Product marketing / GTM" in ed_finding.message
    assert "Software Engineer" in ed_finding.message and "1 rock outside their role" in ed_finding.message


def test_discipline_fit_one_finding_per_person_listing_the_rocks(org):
    """A big plan must not flood the panel: one finding per owner, whatever their count of misfit rocks."""
    ed = org.person("Ed", "Technical Program Manager")
    bad = [org.rock(f"Deck {i}", "marketing", owner=ed) for i in range(12)]
    org.rock("Release train", "project", owner=ed)  # fits a TPM
    bad.append(org.rock("Vision", "strategy", owner=ed))
    f = only(org.findings("discipline-fit"))
    key = next(k for k, v in Analysis(org.plan).findings.items() if v == f)
    assert key == ("discipline-fit", ed)
    assert f.subjects == (ed, *bad)  # the person, then every misfit rock in id order
    assert "13 rocks outside their role" in f.message
    assert (
        "(Product marketing / GTM: 'Deck 0', 'Deck 1', 'Deck 2' and 9 more; Strategy / planning: 'Vision')"
        in f.message
    )
    assert "Release train" not in f.message


def test_discipline_fit_follows_moves_incrementally(org):
    ed = org.person("Ed", "Software Engineer")
    pat = org.person("Pat")
    r1 = org.rock("Deck", "marketing", owner=ed)
    r2 = org.rock("Pricing", "operations", owner=pat)
    doc = Document(org.plan)

    def fit():
        return {k: v.subjects for k, v in doc.analysis.findings.items() if v.rule == "discipline-fit"}

    assert fit() == {("discipline-fit", ed): (ed, r1)}
    doc.run(C.MoveRocks([r2], ed, when=WHEN))
    assert fit() == {("discipline-fit", ed): (ed, r1, r2)}
    doc.run(C.MoveRocks([r1, r2], pat, when=WHEN))
    assert fit() == {}
    assert doc.analysis.findings == Analysis(org.plan).findings


def test_discipline_fit_custom_discipline_families(org):
    org.plan.settings.disciplines = [Discipline("growth", "Growth", "#123456", (), ("ops",))]
    ann = org.person("Ann", "Data Analyst")
    ed = org.person("Ed", "Software Engineer")
    org.rock("Funnels", "growth", owner=ann)
    bad = org.rock("Experiments", "growth", owner=ed)
    assert [f.subjects for f in org.findings("discipline-fit")] == [(ed, bad)]


# ---------------------------------------------------------------- acting-pm


def test_acting_pm(org):
    ceo = org.person("Ana", "Co-founder & CEO")
    dee = org.person("Dee", "Product Designer")
    pat = org.person("Pat")
    r1 = org.rock("Roadmap", "product", owner=ceo)
    r2 = org.rock("Vision", "strategy", owner=ceo)
    org.rock("Launch", "marketing", owner=ceo)
    org.rock("Roadmap 2", "product", owner=pat)
    r4 = org.rock("Research plan", "strategy", owner=dee)
    found = org.findings("acting-pm")
    # The founder keeps the vision (the company's direction): that is not acting as PM.
    assert {f.subjects for f in found} == {(ceo, r1), (dee, r4)}
    ana = next(f for f in found if f.subjects[0] == ceo)
    assert ana.severity == "info" and "Ana (Co-founder & CEO) is acting as PM" in ana.message
    assert "'Roadmap'" in ana.message and "Vision" not in ana.message and "Launch" not in ana.message
    org.plan.rocks[r2].kept = False  # unmarked by the user: now it counts
    assert {f.subjects for f in org.findings("acting-pm")} == {(ceo, r1, r2), (dee, r4)}


def test_a_founder_acting_as_pm_at_a_product_leaders_scale_is_a_warning(org):
    ceo = org.person("Ana", "Co-founder & CEO")
    org.rock("Company roadmap", "product", owner=ceo)
    org.rock("3-year vision", "strategy", owner=ceo)
    org.team("Core", 48)  # 49 people: information
    assert only(org.findings("acting-pm")).severity == "info"
    org.plan.teams["t1"].headcount = 79  # 80 people
    f = only(org.findings("acting-pm"))
    assert f.severity == "warning" and "With 50+ people" in f.message and "'Company roadmap'" in f.message
    assert "vision" not in f.message


# ------------------------------------------------------------------ unicorn


@pytest.mark.parametrize("count,fires", [(3, False), (4, True)])
def test_unicorn(org, count, fires):
    pat = org.person("Pat")
    for d in ("marketing", "strategy", "operations", "product")[:count]:
        org.rock(f"R {d}", d, 30, pat)  # over capacity with four
    org.rock("Dropped", "design", 30, pat, state="dropped")
    found = org.findings("unicorn")
    if fires:
        f = only(found)
        assert f.subjects == (pat,) and "4 disciplines" in f.message and "Pat is at 120%" in f.message
        assert "Product marketing / GTM 30%, Strategy / planning 30%" in f.message  # discipline order, shares
    else:
        assert found == []


def test_unicorn_counts_a_discipline_only_above_its_share(org):
    pat = org.person("Pat")
    for d, effort in (("marketing", 25), ("strategy", 25), ("product", 40), ("operations", 10)):
        org.rock(f"R {d}", d, effort, pat)
    org.rock("More", "product", 10, pat)  # 110%: over capacity, but the 10% discipline does not count
    assert org.findings("unicorn") == []
    org.plan.rocks["r4"].effort = 15
    assert "4 disciplines" in only(org.findings("unicorn")).message


def test_a_swiss_army_knife_pm_at_a_normal_load_is_not_warned_in_a_small_company(org):
    pat = org.person("Pat")
    for d in ("marketing", "strategy", "operations", "product"):
        org.rock(f"R {d}", d, 20, pat)  # 80%: four real disciplines, a normal load
    org.team("Core", 12)
    assert org.findings("unicorn") == []
    org.plan.teams["t1"].headcount = 20  # where specialists are expected, the spread is a split candidate
    assert "Pat is at 80% across 4 disciplines" in only(org.findings("unicorn")).message


# ------------------------------------------------------------ tpm-needed at scale


def test_tpm_needed_stays_fresh_with_many_heavy_pms():
    """Past 50 project-heavy PMs the analysis stops comparing their shares one by one."""
    org = Org()
    pms = [org.person(f"PM {i:02}") for i in range(60)]
    rocks = [org.rock(f"Stand-ups {i}", "project", 30 + i % 5, pm) for i, pm in enumerate(pms)]
    doc = Document(org.plan)
    assert sum(1 for k in doc.analysis.findings if k[0] == "tpm-needed") == 60
    doc.run(C.EditRock(rocks[7], effort=90))
    doc.run(C.EditPerson(pms[7], name="Zara"))
    doc.run(C.EditPerson(pms[9], capacity=200))
    doc.run(C.MoveRocks([rocks[10]], pms[11], when=WHEN))
    assert doc.analysis.findings == Analysis(org.plan).findings
    assert "Zara spends 90%" in doc.analysis.findings[("tpm-needed", pms[7])].message
    doc.run(C.AddPerson(Person("tpm", "Tia", "Technical Program Manager")))
    assert "a TPM works across teams" in doc.analysis.findings[("tpm-needed", pms[7])].message
    assert doc.analysis.findings == Analysis(org.plan).findings
