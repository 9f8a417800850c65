"""Every rule, in the order the Checks panel and the docs list them, and every setting they declare.

The plan file's ``settings.rules`` section is read and written from ``SETTINGS``
(planner.planfile.schema builds its bounds from them, planner.planfile.fileio its keys), the
settings dialog shows one field per setting, and docs/rules.md lists them: a
threshold is declared once, by the rule that reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models import Plan
from planner.checks.rules.base import RULE_ORDER, SCOPES, PersonRule, PlanRule, RockRule, Rule, Setting, SettingError
from planner.checks.rules.org import Coverage, PmEngRatio, ProjectWork, SpanOfControl
from planner.checks.rules.ownership import OrphanRock, SharedOwnership
from planner.checks.rules.people import ActingPm, DisciplineFit, Overload, SpecialistOverlap, UnderUsed, Unicorn

PM_ENG_RATIO = PmEngRatio()
PROJECT_WORK = ProjectWork()
COVERAGE = Coverage()
OVERLOAD = Overload()
ORPHAN_ROCK = OrphanRock()
SHARED_OWNERSHIP = SharedOwnership()
SPAN_OF_CONTROL = SpanOfControl()
UNDER_USED = UnderUsed()
UNICORN = Unicorn()
SPECIALIST_OVERLAP = SpecialistOverlap()
DISCIPLINE_FIT = DisciplineFit()
ACTING_PM = ActingPm()

# The order is the Checks panel's and the docs' order within a severity.
ALL_RULES: tuple[Rule, ...] = (
    PM_ENG_RATIO,
    PROJECT_WORK,
    COVERAGE,
    OVERLOAD,
    ORPHAN_ROCK,
    SHARED_OWNERSHIP,
    SPAN_OF_CONTROL,
    UNDER_USED,
    UNICORN,
    SPECIALIST_OVERLAP,
    DISCIPLINE_FIT,
    ACTING_PM,
)
RULES: dict[str, Rule] = {r.id: r for r in ALL_RULES}
RULE_ORDER.update({r.id: i for i, r in enumerate(ALL_RULES)})
PERSON_RULES = tuple(r for r in ALL_RULES if isinstance(r, PersonRule))
ROCK_RULES = tuple(r for r in ALL_RULES if isinstance(r, RockRule))
PLAN_RULES = tuple(r for r in ALL_RULES if isinstance(r, PlanRule))
STAGED_RULES = tuple(r for r in PERSON_RULES if type(r).stage is not Rule.stage)
assert {r.scope for r in ALL_RULES} <= set(SCOPES)

SETTINGS: dict[str, Setting] = {s.name: s for r in ALL_RULES for s in r.settings}
assert len(SETTINGS) == sum(len(r.settings) for r in ALL_RULES), "two rules declare the same setting"
OWNER: dict[str, Rule] = {s.name: r for r in ALL_RULES for s in r.settings}  # setting -> the rule declaring it

# Settings that must not exceed another: (lower, higher).
ORDERED: tuple[tuple[str, str], ...] = (
    ("pm_eng_min", "pm_eng_target"),
    ("pm_eng_target", "pm_eng_max"),
    ("overload_warning", "overload_error"),
)


def title_of(rule_id: str) -> str:
    """A rule's title for people to read (its id if unknown)."""
    rule = RULES.get(rule_id)
    return rule.title if rule else rule_id


def values_of(plan: Plan) -> dict[str, float]:
    """Every setting's value in this plan, in declaration order."""
    return {name: s.of(plan) for name, s in SETTINGS.items()}


def ordering_problems(values: Mapping[str, float]) -> list[tuple[str, str]]:
    """(setting, message) for each pair out of order (a minimum above its maximum)."""
    out = []
    for low, high in ORDERED:
        a = values.get(low, SETTINGS[low].default)
        b = values.get(high, SETTINGS[high].default)
        if a > b:
            out.append((low, f"{a:g} is above {high} ({b:g}); expected {low} <= {high}"))
    return out


def check_values(values: Mapping[str, Any]) -> tuple[dict[str, float], list[tuple[str, str]]]:
    """Values as a user gave them -> (the values kept, (setting, problem) for the rest and for
    settings out of order). Unknown names are problems too."""
    kept: dict[str, float] = {}
    problems: list[tuple[str, str]] = []
    for name, value in values.items():
        setting = SETTINGS.get(name)
        if setting is None:
            problems.append((name, f"no such setting; expected one of {', '.join(SETTINGS)}"))
            continue
        try:
            kept[name] = setting.check(value)
        except SettingError as e:
            problems.append((name, str(e).split(": ", 1)[-1]))
    problems += ordering_problems(kept)
    return kept, problems
