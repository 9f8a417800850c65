"""Rules about one person's rocks: overload, spread, fit, acting as PM, room to spare, overlap."""

from __future__ import annotations

from collections.abc import Hashable

from models import FAMILIES, FAMILY_LABELS, Person, Plan, Rock, fits
from planner.checks.rules.base import A_ROLE, SPECIALISTS, Facts, Finding, Load, PersonRule, Setting, label, names
from planner.checks.rules.org import Coverage
from planner.checks.rules.rocks import DEFINED_BY, defines, defining_families, is_kept, kept_by_default


def _families(plan: Plan, discipline: str) -> tuple[str, ...]:
    d = plan.discipline_table.get(discipline)
    return d.families if d else ()


def specialist_disciplines(plan: Plan, family: str) -> tuple[str, ...]:
    """The disciplines a specialist family owns (built-in and the plan's own)."""
    return tuple(d for d in plan.discipline_table.disciplines if family in SPECIALISTS and fits(family, d, _families(plan, d)))


def above(value: float, limit: float) -> str:
    """``value`` (over ``limit``) rounded, with a decimal more while it would read as the limit:
    "100.4" rather than "100% ... over 100%"."""
    for digits in range(4):
        text = f"{value:.{digits}f}"
        if float(text) > limit:
            return text
    return text


def effort(rocks: list[Rock]) -> str:
    return f"{sum(r.effort for r in rocks):g}% of a week"


class Overload(PersonRule):
    id = "overload"
    severity = "warning"
    title = "Overload"
    WARNING = Setting("overload_warning", 100.0, 0, 1000, "load (percent of capacity) above which a warning is raised",
                      "%", low_open=True)
    ERROR = Setting("overload_error", 120.0, 0, 1000, "load above which it is an error", "%", low_open=True)
    settings = (WARNING, ERROR)
    checks = "load above {overload_warning} of capacity (warning), above {overload_error} (error)"
    severities = "warning, or error above the second threshold"
    section = "Overload"
    idea = (
        "Rocks pile up in one backpack until the person carrying them is bent double: past full capacity, "
        "something is not done well."
    )
    why = (
        "Rocks pile up in one backpack until the person carrying them is bent double. Load is the effort "
        "of a person's active rocks over their capacity. Past 100% something is not being done well; the "
        "120% line for an error is this app's default for \"the plan is not credible\", not a published "
        "number: set your own."
    )

    @staticmethod
    def limits(plan: Plan) -> tuple[float, float]:
        return Overload.WARNING.of(plan), Overload.ERROR.of(plan)

    @staticmethod
    def level(percent: float, plan: Plan) -> str | None:
        """"error", "warning" or None for a load in percent of capacity."""
        warning, error = Overload.limits(plan)
        if percent > error:
            return "error"
        return "warning" if percent > warning else None

    def check(self, a: Facts, person: Person, load: Load, rocks: list[Rock]) -> Finding | None:
        percent = load.percent
        warning, error = self.limits(a.plan)
        if not (percent > error or percent > warning):  # self.level(percent, a.plan) is None
            return None
        level = self.level(percent, a.plan)
        limit = error if level == "error" else warning
        return self.finding(
            f"{person.name} is at {above(percent, limit)}% of capacity ({load.effort:g}% of a week on "
            f"{person.capacity:g}% capacity; over {limit:g}%): move, drop or split rocks",
            (person.id,),
            level,
        )


class ActingPm(PersonRule):
    id = "acting-pm"
    families = frozenset(FAMILIES) - {"pm"}
    severity = "info"
    title = "Acting as PM"
    LEADER = Setting("product_leader_from", 50.0, 1, 10_000_000,
                     "people (engineers not listed included) from which a founder still acting as PM is a warning",
                     "people", whole=True)
    settings = (LEADER,)
    checks = (
        "someone outside the PM family owns product or strategy rocks outside their own discipline (founders: "
        "beyond the company's direction they keep); a warning for a founder from {product_leader_from}"
    )
    severities = "information; warning for a founder once a product leader is due"
    section = "Acting as PM"
    idea = (
        "Founders and people in other roles often hold product rocks informally: PM work nobody hired for "
        "should be visible."
    )
    why = (
        "Founders and people in other roles often hold product rocks informally. That is not wrong, but "
        "it should be visible: it is PM work that nobody hired for, and it is often the first rock to "
        "hand over when a PM arrives. The founder keeps the company's direction (vision, company strategy, "
        "partnerships): those kept rocks are not acting as PM. Once the company is big enough for a product "
        "leader, a founder still holding day-to-day product rocks is a warning (the size is this app's "
        "default: set your own)."
    )

    def stage(self, a: Facts) -> Hashable:
        return a.org_size >= self.LEADER.of(a.plan)

    def check(self, a: Facts, person: Person, load: Load, rocks: list[Rock]) -> Finding | None:
        family = a.family(person.id)
        by = load.by_discipline
        if family == "pm" or ("product" not in by and "strategy" not in by):
            return None
        plan = a.plan
        acting = [
            r
            for r in rocks
            if r.discipline in ("product", "strategy")
            and (family == "founder" or not fits(family, r.discipline, _families(plan, r.discipline)))
            and not defines(family, r)
            and not is_kept(plan, r, person)
        ]
        if not acting:
            return None
        titles = names([f"'{r.title}'" for r in acting], 3)
        who = f"{person.name} ({person.role or 'no role'})"
        subjects = (person.id, *(r.id for r in acting))
        if family == "founder" and a.org_size >= self.LEADER.of(plan):
            return self.finding(
                f"With {self.LEADER.of(plan):g}+ people, {who} still owns {titles} ({effort(acting)}): "
                "a product leader is due; hand the day-to-day product rocks to them",
                subjects,
                "warning",
            )
        return self.finding(f"{who} is acting as PM: owns {titles} ({effort(acting)})", subjects)


class Unicorn(PersonRule):
    id = "unicorn"
    severity = "warning"
    title = "Spread across disciplines"
    COUNT = Setting("unicorn_disciplines", 4.0, 1, 100, "disciplines at which one person is a split candidate",
                    "disciplines", whole=True)
    SHARE = Setting("unicorn_min_share", 15.0, 0, 100,
                    "percent of capacity a discipline needs before it counts towards the spread", "%")
    settings = (COUNT, SHARE)
    checks = (
        "one person spends {unicorn_min_share} or more of capacity in each of {unicorn_disciplines} or more, and "
        "is over capacity or works where specialists are expected"
    )
    section = "Spread across disciplines"
    idea = (
        "Someone excellent at every product discipline is rare; a person spread across many is the natural "
        "split candidate."
    )
    why = (
        "Someone excellent at all six product disciplines is rare. A person whose rocks span many "
        "disciplines is the natural split candidate when the next person is hired. Stage matters: in a small "
        "company the PM is a Swiss Army knife, and being spread at a normal load is expected, so the check "
        "counts only disciplines with a real share of the week, and fires below the specialists' size "
        "(see Roles missing at this size) only for someone over capacity."
    )

    def stage(self, a: Facts) -> Hashable:
        return a.engineers >= Coverage.SPECIALISTS.of(a.plan)

    def check(self, a: Facts, person: Person, load: Load, rocks: list[Rock]) -> Finding | None:
        plan = a.plan
        by = load.by_discipline
        count = self.COUNT.of(plan)
        if len(by) < count:
            return None
        floor = self.SHARE.of(plan)
        shares = {d: e / person.capacity * 100.0 for d, e in by.items()}
        counted = [d for d, s in shares.items() if s >= floor - 1e-9]
        if len(counted) < count:
            return None
        percent = load.percent
        if percent <= Overload.WARNING.of(plan) and not self.stage(a):
            return None
        table = plan.discipline_table
        order = {d: i for i, d in enumerate(table.disciplines)}
        ranked = sorted(counted, key=lambda d: (order.get(d, len(order)), d))
        listed = names([f"{label(plan, d)} {shares[d]:.0f}%" for d in ranked], 6)
        return self.finding(
            f"{person.name} is at {percent:.0f}% across {len(counted)} disciplines ({listed}): a split candidate",
            (person.id,),
        )


class DisciplineFit(PersonRule):
    id = "discipline-fit"
    families = frozenset(FAMILIES) - {"pm", "founder"}
    severity = "info"
    title = "Discipline fit"
    checks = (
        "someone owns rocks whose discipline their role family does not fit "
        "(one finding per person, listing those rocks)"
    )
    section = "Discipline fit"
    idea = (
        "People fill gaps outside their role; those rocks count as load and are what a specialist hire "
        "takes first."
    )
    why = (
        "PMs fill gaps: a PM may be covering marketing, sales or analytics, and a designer may be running "
        "stand-ups. Count those rocks as load and make them visible; they are what a specialist hire takes "
        "first. PMs and founders are generalists and fit every discipline, and a rock that defines a "
        "specialist's role fits them whatever its discipline (a TPM running the stand-ups). One finding per "
        "person lists all of their misfit rocks, so a big plan does not flood the Checks panel."
    )

    def check(self, a: Facts, person: Person, load: Load, rocks: list[Rock]) -> Finding | None:
        family = a.family(person.id)
        if family in ("pm", "founder") or not rocks:
            return None
        plan = a.plan
        table = plan.discipline_table
        unfit: dict[str, str] = {}  # discipline -> its label
        for d in load.by_discipline:
            discipline = table.get(d)
            if not fits(family, d, discipline.families if discipline else ()):
                unfit[d] = discipline.label if discipline else d
        if not unfit:
            return None
        misfit = [r for r in rocks if r.discipline in unfit and not defines(family, r)]
        if not misfit:
            return None
        titles: dict[str, list[str]] = {}
        for r in misfit:
            titles.setdefault(unfit[r.discipline], []).append(f"'{r.title}'")
        listed = "; ".join(f"{lab}: {names(t, 3)}" for lab, t in titles.items())
        count = f"{len(misfit)} rock{'' if len(misfit) == 1 else 's'}"
        return self.finding(
            f"{person.name} ({person.role or 'no role'}) carries {count} outside their role ({listed})",
            (person.id, *(r.id for r in misfit)),
        )


class UnderUsed(PersonRule):
    id = "under-used"
    families = frozenset(SPECIALISTS)
    severity = "warning"
    title = "Specialist with room"
    BELOW = Setting("underused_below", 50.0, 0, 100,
                    "load under which a specialist has room while others hold their discipline's rocks", "%")
    settings = (BELOW,)
    checks = (
        "a specialist (already there, leading nobody) under {underused_below} of capacity while people outside "
        "their role hold rocks of their discipline"
    )
    section = "Specialist with room"
    idea = "Hiring is not the only answer: work can go to someone who already has room in that discipline."
    why = (
        "Hiring is not the only answer: work can go to someone who already has room in that discipline. "
        "A product marketer at 40% while PMs still write positioning, or a TPM with room while PMs run "
        "release planning, is the first place to move those rocks. Someone who leads a team of their own "
        "spends that room leading it, and a planned hire has no rocks yet: neither is checked."
    )

    def stage(self, a: Facts) -> Hashable:
        return tuple(sorted(d for d in a.plan.discipline_table.disciplines if a.holders(d)))

    def check(self, a: Facts, person: Person, load: Load, rocks: list[Rock]) -> Finding | None:
        family = a.family(person.id)
        if family not in SPECIALISTS or person.status != "active" or a.reports.get(person.id):
            return None  # a planned hire has no rocks yet; a specialist who leads others spends the room on them
        plan = a.plan
        percent = load.percent
        if percent >= self.BELOW.of(plan):
            return None
        held = [d for d in specialist_disciplines(plan, family) if a.holders(d)]
        if not held:
            return None
        what = names([label(plan, d) for d in held])
        return self.finding(
            f"{person.name} ({FAMILY_LABELS.get(family, family)}) is at {percent:.0f}% of capacity while people "
            f"outside {what} hold its rocks: move those rocks to {person.name} before hiring",
            (person.id,),
        )


class SpecialistOverlap(PersonRule):
    id = "specialist-overlap"
    families = frozenset(("pm",))
    severity = "info"
    title = "PM doing a specialist's work"
    checks = (
        "a PM owns rocks that define a specialist role (positioning, release coordination, design system...) "
        "while the plan has that specialist (a TPM: on the PM's team, or across teams)"
    )
    section = "PM doing a specialist's work"
    idea = "Specialists take the rocks that define them; a PM holding those rocks undoes the specialisation."
    why = (
        "Specialists take the rocks that define them: product marketing the positioning document and "
        "launches, a TPM the cross-team coordination and releases, design the research and design system, "
        "product ops the instrumentation and dashboards, strategy the market and competitive analysis. "
        "A PM holding those rocks while the specialist exists undoes the specialisation and splits one "
        "responsibility between two roles."
    )

    def stage(self, a: Facts) -> Hashable:
        counts = a.counts
        return (tuple(counts[f] > 0 for f in SPECIALISTS), a.tpm_teams)

    def check(self, a: Facts, person: Person, load: Load, rocks: list[Rock]) -> Finding | None:
        if a.family(person.id) != "pm" or not rocks:
            return None
        plan = a.plan
        heavy = person.id in a.project_heavy  # their project load is the finding already
        counts = a.counts
        tpm_teams: frozenset[str] = a.tpm_teams
        tpm_here = "" in tpm_teams or (person.team is not None and person.team in tpm_teams)
        owner = plan.family(person)
        overlap: dict[str, list[Rock]] = {}
        for rock in rocks:
            defined = DEFINED_BY.get(rock.title)  # defining_families(rock), read from its cache
            if defined is None:
                defined = defining_families(rock)
            if not defined:  # most rocks define no specialist
                continue
            for family in defined:
                if family == "tpm" and (heavy or not tpm_here):
                    continue
                # is_kept(plan, rock, person), with the owner's family read once
                if counts[family] > 0 and not (rock.kept if rock.kept is not None else kept_by_default(owner, rock)):
                    overlap.setdefault(family, []).append(rock)
                    break
        if not overlap:
            return None
        parts = []
        for family, held in overlap.items():
            titles = names([f"'{r.title}'" for r in held], 3)
            parts.append(f"{titles} while the plan has {A_ROLE[family]}")
        moved = [r for held in overlap.values() for r in held]
        return self.finding(
            f"{person.name} (PM) owns {'; '.join(parts)} ({effort(moved)}): hand them to the specialist",
            (person.id, *(r.id for r in moved)),
        )
