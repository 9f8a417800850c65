"""The rules the planner checks: ids, severities, and where each comes from.

Every default threshold traces to a section of domain.md (the ``source`` text)
and can be changed per plan in the file's ``settings.rules`` section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}

_THUMB = "domain.md, Rules of thumb the planner checks"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str  # default severity (overload can also be an error)
    title: str
    threshold: str  # the default, in words, for README and help
    source: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "pm-eng-ratio",
            "warning",
            "PM to engineering ratio",
            "engineers per PM above 12 or below 6 (target 1:10), or engineers with no PM",
            f"{_THUMB}: PM to engineering ratio 1:10",
        ),
        Rule(
            "tpm-needed",
            "warning",
            "Project work eats PM time",
            "no TPM and a PM spends 30% or more of capacity on project rocks",
            f"{_THUMB}: Project management eats PM time",
        ),
        Rule(
            "overload",
            "warning",
            "Overload",
            "load above 100% of capacity (warning), above 120% (error)",
            "domain.md, The rocks: the backpack gets heavier until the person is bent double",
        ),
        Rule(
            "orphan-rock",
            "warning",
            "Unowned rock",
            "an active rock with no owner",
            "domain.md, The rocks: a leader carries a rock, hands it on, or drops it",
        ),
        Rule(
            "shared-ownership",
            "warning",
            "Two owners of one area",
            "active rocks with the same title in the same area owned by different people",
            f"{_THUMB}: Encroachment",
        ),
        Rule(
            "span-of-control",
            "warning",
            "Span of control",
            "a manager with more than 10 direct reports",
            "domain.md, How to split when hiring: as the company grows (leaders add people and split rocks)",
        ),
        Rule(
            "discipline-fit",
            "info",
            "Discipline fit",
            "a rock owned by someone whose role family does not fit its discipline",
            f"{_THUMB}: PMs fill gaps; domain.md, The disciplines a PM's rocks belong to",
        ),
        Rule(
            "acting-pm",
            "info",
            "Acting as PM",
            "someone outside the PM family owns product or strategy rocks outside their own discipline (founders always)",
            f"{_THUMB}: Who else is acting as PM?",
        ),
        Rule(
            "unicorn",
            "warning",
            "Spread across disciplines",
            "one person owns active rocks in 4 or more disciplines",
            f"{_THUMB}: Unicorns are rare",
        ),
    )
}


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
        return (SEVERITY_RANK[self.severity], list(RULES).index(self.rule), self.message)


def finding(rule: str, message: str, subjects: tuple[str, ...] | list[str], severity: str | None = None) -> Finding:
    info = RULES[rule]
    return Finding(rule, severity or info.severity, message, tuple(subjects), info.source)


def names(items: list[str], limit: int = 4) -> str:
    """'Ana, Ben and Cy' / 'Ana, Ben, Cy, Dee and 3 more'."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) <= limit:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
