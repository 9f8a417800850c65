"""The checks: every rule, its settings and its pure numeric check, in one room.

- ``base``: Setting, Finding, the Rule classes and the facts rules read.
- ``rocks``: what a rock is (kept by its owner, defining a specialist, a product line).
- ``org``, ``people``, ``ownership``: the rules by what they look at.
- ``catalog``: every rule in order and every setting they declare.
- ``docs``: docs/rules.md and the README's table, generated from the rules.

Analysis, ``rocks next``, the hire simulator, the timeline and the review pack all
call the same rule objects, so they cannot disagree.
"""

from planner.checks.rules.base import (
    A_ROLE,
    GENERALISTS,
    SCOPES,
    SEVERITIES,
    SEVERITY_RANK,
    SPECIALISTS,
    Finding,
    Key,
    PersonRule,
    PlanRule,
    RockRule,
    Rule,
    Setting,
    SettingError,
    names,
    plural,
)
from planner.checks.rules.catalog import (
    ACTING_PM,
    ALL_RULES,
    COVERAGE,
    DISCIPLINE_FIT,
    ORPHAN_ROCK,
    OVERLOAD,
    PERSON_RULES,
    PLAN_RULES,
    PM_ENG_RATIO,
    PROJECT_WORK,
    ROCK_RULES,
    RULE_ORDER,
    RULES,
    SETTINGS,
    SHARED_OWNERSHIP,
    SPAN_OF_CONTROL,
    SPECIALIST_OVERLAP,
    STAGED_RULES,
    UNDER_USED,
    UNICORN,
    check_values,
    ordering_problems,
    title_of,
    values_of,
)
from planner.checks.rules.docs import rules_markdown, rules_table
from planner.checks.rules.org import Coverage, PmEngRatio, ProjectWork, RatioVerdict
from planner.checks.rules.people import Overload

__all__ = [
    "A_ROLE",
    "ACTING_PM",
    "ALL_RULES",
    "COVERAGE",
    "DISCIPLINE_FIT",
    "GENERALISTS",
    "ORPHAN_ROCK",
    "OVERLOAD",
    "PERSON_RULES",
    "PLAN_RULES",
    "PM_ENG_RATIO",
    "PROJECT_WORK",
    "ROCK_RULES",
    "RULES",
    "RULE_ORDER",
    "SCOPES",
    "SETTINGS",
    "SEVERITIES",
    "SEVERITY_RANK",
    "SHARED_OWNERSHIP",
    "SPAN_OF_CONTROL",
    "SPECIALISTS",
    "SPECIALIST_OVERLAP",
    "STAGED_RULES",
    "UNDER_USED",
    "UNICORN",
    "Coverage",
    "Finding",
    "Key",
    "Overload",
    "PersonRule",
    "PlanRule",
    "PmEngRatio",
    "ProjectWork",
    "RatioVerdict",
    "RockRule",
    "Rule",
    "Setting",
    "SettingError",
    "check_values",
    "names",
    "ordering_problems",
    "plural",
    "rules_markdown",
    "rules_table",
    "title_of",
    "values_of",
]
