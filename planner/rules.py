"""The rules the planner checks, one object each.

A rule is its id, default severity, scope (what one finding is about: a person,
a rock, a feature area, a manager or the whole plan), the thresholds it reads
from the plan's ``settings.rules``, its check and its documentation. Adding a
rule touches this module only: planner.analysis keeps the indexes (loads,
owners, reports, counts) and asks each rule of a scope about the subjects a
command touched. docs/rules.md is generated from these objects
(``rules_markdown``) and a test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar

from models import Person, Rock, RuleSettings, fits

if TYPE_CHECKING:
    from planner.analysis import Analysis, PersonLoad

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
SCOPES = ("person", "rock", "area", "manager", "plan")
GENERALISTS = ("pm", "founder")  # families that may carry any discipline without a fit finding

Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: str
    message: str
    subjects: tuple[str, ...]  # ids of the people and rocks involved
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "subjects": list(self.subjects),
            "source": self.source,
        }

    def sort_key(self) -> tuple[int, int, str]:
        return (SEVERITY_RANK[self.severity], RULE_ORDER.get(self.rule, 99), self.message)


def names(items: list[str], limit: int = 4) -> str:
    """'Ana, Ben and Cy' / 'Ana, Ben, Cy, Dee and 3 more'."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) <= limit:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return ", ".join(items[:limit]) + f" and {len(items) - limit} more"


def _s(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


class Rule:
    """One check. Subclasses set the class attributes and implement ``check``."""

    id: ClassVar[str]
    severity: ClassVar[str]
    title: ClassVar[str]
    scope: ClassVar[str]
    params: ClassVar[tuple[str, ...]] = ()  # the RuleSettings fields this rule reads
    checks: ClassVar[str]  # what it checks, in a line, with {param} placeholders
    section: ClassVar[str]  # the docs/rules.md heading this rule comes from
    why: ClassVar[str]  # where the rule and its numbers come from, in a paragraph

    @property
    def source(self) -> str:
        return f"docs/rules.md, {self.section}"

    def threshold(self, settings: RuleSettings) -> str:
        """What the rule checks, with this plan's numbers."""
        return self.checks.format(**{p: f"{getattr(settings, p):g}" for p in self.params})

    def finding(self, message: str, subjects: tuple[str, ...] | list[str], severity: str | None = None) -> Finding:
        return Finding(self.id, severity or self.severity, message, tuple(subjects), self.source)


# ----------------------------------------------------------------- person


class PersonRule(Rule):
    scope = "person"

    def check(self, a: Analysis, person: Person, load: PersonLoad, rocks: list[Rock]) -> Finding | None:
        """``rocks``: the person's active owned rocks in id order."""
        raise NotImplementedError


class Overload(PersonRule):
    id = "overload"
    severity = "warning"
    title = "Overload"
    params = ("overload_warning", "overload_error")
    checks = "load above {overload_warning}% of capacity (warning), above {overload_error}% (error)"
    section = "Overload"
    why = (
        "Rocks pile up in one backpack until the person carrying them is bent double. Load is the effort "
        "of a person's active rocks over their capacity. Past 100% something is not being done well; the "
        "120% line for an error is this app's default for \"the plan is not credible\", not a published "
        "number: set your own."
    )

    def check(self, a: Analysis, person: Person, load: PersonLoad, rocks: list[Rock]) -> Finding | None:
        rules = a.plan.settings.rules
        if load.percent <= rules.overload_warning:
            return None
        error = load.percent > rules.overload_error
        limit = rules.overload_error if error else rules.overload_warning
        return self.finding(
            f"{person.name} is at {load.percent:.0f}% of capacity ({load.effort:g}% of a week on "
            f"{person.capacity:g}% capacity; over {limit:g}%)",
            (person.id,),
            "error" if error else "warning",
        )


class ActingPm(PersonRule):
    id = "acting-pm"
    severity = "info"
    title = "Acting as PM"
    checks = (
        "someone outside the PM family owns product or strategy rocks outside their own discipline "
        "(founders always)"
    )
    section = "Acting as PM"
    why = (
        "Founders and people in other roles often hold product rocks informally. That is not wrong, but "
        "it should be visible: it is PM work that nobody hired for, and it is often the first rock to "
        "hand over when a PM arrives."
    )

    def check(self, a: Analysis, person: Person, load: PersonLoad, rocks: list[Rock]) -> Finding | None:
        family = a.family(person.id)
        by = load.by_discipline
        if family == "pm" or ("product" not in by and "strategy" not in by):
            return None
        table = a.plan.discipline_table
        acting = [
            r
            for r in rocks
            if r.discipline in ("product", "strategy")
            and (family == "founder" or not fits(family, r.discipline, _families(table, r.discipline)))
        ]
        if not acting:
            return None
        titles = names([f"'{r.title}'" for r in acting], 3)
        return self.finding(
            f"{person.name} ({person.role or 'no role'}) is acting as PM: owns {titles}",
            (person.id, *(r.id for r in acting)),
        )


class Unicorn(PersonRule):
    id = "unicorn"
    severity = "warning"
    title = "Spread across disciplines"
    params = ("unicorn_disciplines",)
    checks = "one person owns active rocks in {unicorn_disciplines} or more disciplines"
    section = "Spread across disciplines"
    why = (
        "Someone excellent at all six product disciplines is rare. A person whose rocks span many "
        "disciplines is the natural split candidate when the next person is hired."
    )

    def check(self, a: Analysis, person: Person, load: PersonLoad, rocks: list[Rock]) -> Finding | None:
        by = load.by_discipline
        if len(by) < a.plan.settings.rules.unicorn_disciplines:
            return None
        table = a.plan.discipline_table
        order = {d: i for i, d in enumerate(table.disciplines)}
        ranked = sorted(by, key=lambda d: (order.get(d, len(order)), d))
        labels = [table.disciplines[d].label if d in table.disciplines else d for d in ranked]
        return self.finding(
            f"{person.name} owns rocks in {len(by)} disciplines ({names(labels, 6)}): a split candidate",
            (person.id,),
        )


# ------------------------------------------------------------------- rock


class RockRule(Rule):
    scope = "rock"

    def check(self, a: Analysis, rock: Rock) -> Finding | None:
        """Asked for active rocks only."""
        raise NotImplementedError

    def check_all(self, a: Analysis) -> Iterator[tuple[str, Finding]]:
        """Every finding of the plan; rules override it with a faster bulk pass."""
        rocks = a.plan.rocks
        for rid in a.active_rocks():
            found = self.check(a, rocks[rid])
            if found is not None:
                yield rid, found


class OrphanRock(RockRule):
    id = "orphan-rock"
    severity = "warning"
    title = "Unowned rock"
    checks = "an active rock with no owner"
    section = "Unowned rocks"
    why = (
        "A rock is carried, handed on, or dropped on purpose. One that nobody carries is work the company "
        "still expects but nobody does. Drop it (the On the ground tray) if the company should stop doing it."
    )

    def check(self, a: Analysis, rock: Rock) -> Finding | None:
        if rock.owner is not None:
            return None
        return self.finding(f"'{rock.title}' ({rock.effort:g}% of a week) has no owner", (rock.id,))

    def check_all(self, a: Analysis) -> Iterator[tuple[str, Finding]]:
        rocks = a.plan.rocks
        for rid in a.unowned:
            found = self.check(a, rocks[rid])
            if found is not None:
                yield rid, found


class DisciplineFit(PersonRule):
    id = "discipline-fit"
    severity = "info"
    title = "Discipline fit"
    checks = (
        "someone owns rocks whose discipline their role family does not fit "
        "(one finding per person, listing those rocks)"
    )
    section = "Discipline fit"
    why = (
        "PMs fill gaps: a PM may be covering marketing, sales or analytics, and a designer may be running "
        "stand-ups. Count those rocks as load and make them visible; they are what a specialist hire takes "
        "first. PMs and founders are generalists and fit every discipline. One finding per person lists "
        "all of their misfit rocks, so a big plan does not flood the Checks panel with one line per rock."
    )

    def check(self, a: Analysis, person: Person, load: PersonLoad, rocks: list[Rock]) -> Finding | None:
        family = a.family(person.id)
        if family in GENERALISTS or not rocks:
            return None
        table = a.plan.discipline_table
        # Fit is per discipline: decide it for the person's few disciplines (their load
        # has them), and only walk the rocks when one does not fit.
        unfit: dict[str, str] = {}  # discipline -> its label
        for d in load.by_discipline:
            discipline = table.get(d)
            if not fits(family, d, discipline.families if discipline else ()):
                unfit[d] = discipline.label if discipline else d
        if not unfit:
            return None
        misfit = [r for r in rocks if r.discipline in unfit]
        titles: dict[str, list[str]] = {}  # discipline label -> titles, in the rocks' id order
        for r in misfit:
            titles.setdefault(unfit[r.discipline], []).append(f"'{r.title}'")
        listed = "; ".join(f"{label}: {names(t, 3)}" for label, t in titles.items())
        count = f"{len(misfit)} {_s(len(misfit), 'rock')}"
        return self.finding(
            f"{person.name} ({person.role or 'no role'}) carries {count} outside their role ({listed})",
            (person.id, *(r.id for r in misfit)),
        )


# ------------------------------------------------------------------- area


class SharedOwnership(Rule):
    id = "shared-ownership"
    severity = "warning"
    title = "Two owners of one area"
    scope = "area"
    checks = "active rocks with the same title in the same area owned by different people"
    section = "Two owners of one area"
    why = (
        "Two PMs defining variants of the same feature area without coordinating is a known failure "
        "(encroachment). A rock or feature area needs one accountable owner; others can contribute."
    )

    def check(self, a: Analysis, rids: list[str]) -> Finding | None:
        """``rids``: the active owned rocks sharing one (area, title), in id order."""
        plan = a.plan
        owner_ids = sorted({o for r in rids if (o := plan.rocks[r].owner) is not None})
        if len(owner_ids) < 2:
            return None
        first = plan.rocks[rids[0]]
        where = f" in {first.area}" if first.area.strip() else ""
        who = names([plan.people[o].name for o in owner_ids])
        return self.finding(
            f"'{first.title}'{where} has {len(owner_ids)} owners: {who}; one accountable owner expected",
            (*rids, *owner_ids),
        )


# ---------------------------------------------------------------- manager


class SpanOfControl(Rule):
    id = "span-of-control"
    severity = "warning"
    title = "Span of control"
    scope = "manager"
    params = ("span_of_control",)
    checks = "a manager with more than {span_of_control} direct reports"
    section = "Span of control"
    why = (
        "As the company grows, leaders add people and split rocks; a leader with too many direct reports "
        "has no time left to carry the portfolio view. The default of 10 is this app's choice, in line with "
        "the 1:10 habit of the PM ratio, not a published number: set your own."
    )

    def check(self, a: Analysis, person: Person, reports: int) -> Finding | None:
        limit = a.plan.settings.rules.span_of_control
        if reports <= limit:
            return None
        return self.finding(f"{person.name} has {reports} direct reports (more than {limit})", (person.id,))


# ------------------------------------------------------------------- plan


class PlanRule(Rule):
    scope = "plan"

    def check(self, a: Analysis) -> Finding | None:
        raise NotImplementedError


class PmEngRatio(PlanRule):
    id = "pm-eng-ratio"
    severity = "warning"
    title = "PM to engineering ratio"
    params = ("pm_eng_target", "pm_eng_max", "pm_eng_min")
    checks = (
        "engineers per PM above {pm_eng_max} or below {pm_eng_min} (target 1:{pm_eng_target}), "
        "or engineers with no PM"
    )
    section = "PM to engineering ratio"
    why = (
        "One PM per ten engineers is the common rule of thumb product leaders quote. It is a prompt for a "
        "question, not a law: would one more PM accelerate the business more than one more engineer or "
        "data scientist? Engineers are people in engineering roles plus each team's headcount."
    )

    def check(self, a: Analysis) -> Finding | None:
        rules = a.plan.settings.rules
        eng, pms = a.engineers, a.counts["pm"]
        target = f"target 1:{rules.pm_eng_target:g}"
        if pms == 0:
            return self.finding(f"{eng} engineers and no product manager ({target})", ()) if eng > 0 else None
        ratio = eng / pms
        counts = f"{eng} {_s(eng, 'engineer')}, {pms} {_s(pms, 'PM')}"
        if ratio > rules.pm_eng_max:
            return self.finding(
                f"{ratio:.1f} engineers per PM ({counts}): above 1:{rules.pm_eng_max:g}, {target}. "
                "Would one more PM accelerate the business more than one more engineer?",
                (),
            )
        if ratio < rules.pm_eng_min:
            return self.finding(f"{ratio:.1f} engineers per PM ({counts}): below 1:{rules.pm_eng_min:g}, {target}", ())
        return None


class TpmNeeded(PlanRule):
    id = "tpm-needed"
    severity = "warning"
    title = "Project work eats PM time"
    params = ("tpm_project_share",)
    checks = "no TPM and a PM spends {tpm_project_share}% or more of capacity on project rocks"
    section = "Project work eats PM time"
    why = (
        "Without a technical program manager, 30-40% of a PM's time can go to project management: "
        "coordination, timelines, stand-ups. At that point the team needs another PM or its first TPM. "
        "The default fires at the low end of that range."
    )

    def check(self, a: Analysis) -> Finding | None:
        heavy = a.project_heavy
        if a.counts["tpm"] or not heavy:
            return None
        people = a.plan.people
        ranked = sorted(heavy.items(), key=lambda kv: (-kv[1], people[kv[0]].name, kv[0]))
        who = names([f"{people[p].name} ({share:.0f}%)" for p, share in ranked])
        return self.finding(
            f"No TPM, and project work takes {a.plan.settings.rules.tpm_project_share:g}%+ of PM time: {who}. "
            "Time for another PM or a first TPM?",
            tuple(p for p, _ in ranked),
        )


def _families(table: Any, discipline: str) -> tuple[str, ...]:
    d = table.get(discipline)
    return d.families if d else ()


SHARED_OWNERSHIP = SharedOwnership()
SPAN_OF_CONTROL = SpanOfControl()
# The order is the Checks panel's and the docs' order within a severity.
ALL_RULES: tuple[Rule, ...] = (
    PmEngRatio(),
    TpmNeeded(),
    Overload(),
    OrphanRock(),
    SHARED_OWNERSHIP,
    SPAN_OF_CONTROL,
    DisciplineFit(),
    ActingPm(),
    Unicorn(),
)
RULES: dict[str, Rule] = {r.id: r for r in ALL_RULES}
RULE_ORDER = {r.id: i for i, r in enumerate(ALL_RULES)}
PERSON_RULES = tuple(r for r in ALL_RULES if isinstance(r, PersonRule))
ROCK_RULES = tuple(r for r in ALL_RULES if isinstance(r, RockRule))
PLAN_RULES = tuple(r for r in ALL_RULES if isinstance(r, PlanRule))
assert {r.scope for r in ALL_RULES} <= set(SCOPES)


# ------------------------------------------------------------------- docs


_SETTING_WORDS = {
    "pm_eng_target": "target engineers per PM",
    "pm_eng_max": "most engineers per PM before a finding",
    "pm_eng_min": "fewest engineers per PM before a finding",
    "tpm_project_share": "percent of a PM's capacity on project rocks",
    "overload_warning": "load (percent of capacity) above which a warning is raised",
    "overload_error": "load above which it is an error",
    "span_of_control": "most direct reports before a finding",
    "unicorn_disciplines": "disciplines at which one person is a split candidate",
}


def rules_markdown() -> str:
    """docs/rules.md: every rule, what it checks, its default threshold and where it comes from."""
    defaults = RuleSettings()
    out = [
        "# The checks",
        "",
        "<!-- Generated from planner/rules.py by `python3 -m planner.rules > docs/rules.md`; "
        "a test keeps it current. -->",
        "",
        "Rocks checks a plan as you edit it. Each check below is a rule with an id (used in "
        "`rocks check --json` and in the plan's `settings.rules.disabled` list to switch it off), a "
        "severity, and thresholds that every plan can change in its `settings.rules` section. "
        "The numbers here are the defaults; a plan's own numbers show in the app.",
        "",
        "Load per person is the effort of the active rocks they own divided by their capacity. "
        "Engineers are the people whose role is an engineering role, plus each team's headcount.",
        "",
    ]
    for rule in ALL_RULES:
        out += [
            f"## {rule.section}",
            "",
            f"- **Rule id:** `{rule.id}` ({rule.severity}{', or error' if rule.id == 'overload' else ''})",
            f"- **Checks:** {rule.threshold(defaults)}",
        ]
        for p in rule.params:
            out.append(f"- **Setting** `{p}` = {getattr(defaults, p):g}: {_SETTING_WORDS[p]}")
        out += ["", rule.why, ""]
    names_ = [f.name for f in fields(RuleSettings) if f.name != "disabled"]
    out += [
        "## Changing the thresholds",
        "",
        "In a plan file, `settings.rules` holds " + ", ".join(f"`{n}`" for n in names_) + ", and `disabled` "
        "(a list of rule ids to switch off). Minimums must not exceed maximums.",
        "",
    ]
    return "\n".join(out)


def rules_table() -> str:
    """The README's table of checks (a test keeps the README's copy current)."""
    defaults = RuleSettings()
    rows = ["| rule | severity | default threshold | why (docs/rules.md) |", "|---|---|---|---|"]
    for rule in ALL_RULES:
        severity = "warning / error" if rule.id == "overload" else rule.severity
        anchor = rule.section.lower().replace(" ", "-")
        rows.append(f"| `{rule.id}` | {severity} | {rule.threshold(defaults)} | [{rule.section}](docs/rules.md#{anchor}) |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(rules_markdown(), end="")
