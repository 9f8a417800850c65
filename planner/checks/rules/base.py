"""What every rule is made of: its settings, its findings, and the facts it reads.

A ``Setting`` is declared once, by the rule that reads it, with its default,
bounds, unit and wording; the plan file's schema, the loader's checks, the
writer, the settings dialog and docs/rules.md are all built from these
declarations (planner.checks.rules.catalog collects them). A plan stores only values
(``models.RuleSettings.values``); ``Setting.of(plan)`` reads one, falling back
to the default.

Rules read the analysis through the ``Facts`` protocol, so this room never
imports planner.checks.analysis (no import circle, type-only ones included).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from models import Person, Plan, Rock

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
SCOPES = ("person", "rock", "area", "manager", "plan")
SPECIALISTS = ("tpm", "pmm", "strategy", "ops", "design")  # role families that own one discipline each
GENERALISTS = ("pm", "founder")  # families that may carry any discipline without a fit finding
# "a TPM": a role family as people say it in a sentence.
A_ROLE = {
    "pm": "a PM",
    "tpm": "a TPM",
    "pmm": "a product marketer",
    "strategy": "a strategist",
    "ops": "a product ops person",
    "design": "a designer",
    "eng": "an engineer",
    "founder": "a founder",
    "marketing": "a marketer",
    "sales": "a salesperson",
    "hr": "an HR partner",
    "finance": "a finance manager",
    "other": "someone",
}

Key = tuple[str, ...]

# Filled by planner.checks.rules.catalog: the order rules are listed in within a severity.
RULE_ORDER: dict[str, int] = {}


class SettingError(ValueError):
    """A setting's value out of its bounds; the message names the setting."""


@dataclass(frozen=True, slots=True)
class Setting:
    """One threshold a rule reads: declared here once, read everywhere through ``of``."""

    name: str  # the key in a plan file's settings.rules
    default: float
    low: float
    high: float
    words: str  # what it means, in a line (docs, the settings dialog)
    unit: str = ""  # "%", "engineers", "people", "disciplines", "reports"
    whole: bool = False  # a whole number
    low_open: bool = False  # the low bound itself is not allowed (``> low``)

    def of(self, plan: Plan) -> float:
        value = plan.settings.rules.values.get(self.name)
        return self.default if value is None else value

    def bounds_text(self) -> str:
        low = f"above {self.low:g}" if self.low_open else f"from {self.low:g}"
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} {low} to {self.high:g}"

    def check(self, value: Any) -> float:
        """The value as stored, or SettingError saying what was expected."""
        expected = f"{self.name}: expected {self.bounds_text()}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                value = float(str(value).strip().rstrip("%"))
            except ValueError:
                raise SettingError(f'{expected}, got "{str(value)[:40]}"') from None
        number = float(value)
        if not math.isfinite(number):
            raise SettingError(f"{expected}, got {value!r}")
        if self.whole and not number.is_integer():
            raise SettingError(f"{expected}, got {number:g}")
        if number < self.low or number > self.high or (self.low_open and number == self.low):
            raise SettingError(f"{expected}, got {number:g}")
        return int(number) if self.whole else number

    def shown(self, value: float) -> str:
        unit = self.unit
        if unit == "%":
            return f"{value:g}%"
        return f"{value:g} {unit}".rstrip() if unit else f"{value:g}"


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


class Load(Protocol):
    """One person's load (planner.checks.analysis.PersonLoad)."""

    effort: float  # percent of a week, their active rocks
    percent: float  # effort over capacity
    by_discipline: dict[str, float]  # effort per discipline


class Facts(Protocol):
    """What rules read of the analysis (planner.checks.analysis.Analysis provides it).

    Counts are of the plan *once planned hires start*: active people, planned hires
    and open roles alike (a planned person counts from their start; the checks look
    at the plan as planned). ``*_now`` counts only the people already there."""

    @property
    def plan(self) -> Plan: ...

    @property
    def loads(self) -> Mapping[str, Load]: ...

    @property
    def counts(self) -> Mapping[str, int]:
        """Role family -> people of that family (planned hires and open roles included)."""
        ...

    @property
    def counts_now(self) -> Mapping[str, int]: ...

    @property
    def reports(self) -> Mapping[str, Mapping[str, None]]:
        """Manager -> direct reports."""
        ...

    @property
    def project_heavy(self) -> Mapping[str, float]:
        """PM id -> share of capacity on project rocks, at/over the threshold."""
        ...

    @property
    def engineers(self) -> int: ...

    @property
    def engineers_now(self) -> int: ...

    @property
    def org_size(self) -> int: ...

    def family(self, pid: str) -> str: ...

    def team_count(self, tid: str, family: str) -> int: ...

    def team_engineers(self, tid: str) -> int: ...

    def holders(self, discipline: str) -> Mapping[str, float]:
        """People outside the specialist family of ``discipline`` holding its active rocks -> their effort."""
        ...

    @property
    def launches(self) -> int:
        """Active rocks that are launches (they call for product marketing at scale)."""
        ...

    @property
    def pms_on_teams(self) -> int:
        """PMs whose team is set: team coverage is checked once a plan puts PMs on teams."""
        ...

    @property
    def tpm_teams(self) -> frozenset[str]:
        """Teams with a TPM on them; "" when some TPM has no team (they work across teams)."""
        ...


def names(items: list[str], limit: int = 4) -> str:
    """'Ana, Ben and Cy' / 'Ana, Ben, Cy, Dee and 3 more'."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) <= limit:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return ", ".join(items[:limit]) + f" and {len(items) - limit} more"


def plural(n: int | float, word: str, many: str | None = None) -> str:
    return f"{n:g} {word if n == 1 else (many or word + 's')}"


def label(plan: Plan, discipline: str) -> str:
    d = plan.discipline_table.get(discipline)
    return d.label if d else discipline


class Rule:
    """One check. Subclasses set the class attributes and implement the check of their scope."""

    id: ClassVar[str]
    severity: ClassVar[str]
    title: ClassVar[str]
    scope: ClassVar[str]
    settings: ClassVar[tuple[Setting, ...]] = ()
    checks: ClassVar[str]  # what it checks, in a line, with {setting} placeholders
    section: ClassVar[str]  # the docs/rules.md heading this rule comes from
    why: ClassVar[str]  # where the rule and its numbers come from, in a paragraph
    idea: ClassVar[str]  # the idea behind the check, in a sentence (what readers see beside its title)
    severities: ClassVar[str] = ""  # when a rule reports more than one severity: how, in a few words

    @property
    def source(self) -> str:
        """Where a finding comes from, for readers: the check by its title and the idea behind it
        (never a repository path; machines read the finding's rule id)."""
        return f"{self.title}: {self.idea}"

    def threshold(self, values: Mapping[str, float] | None = None) -> str:
        """What the rule checks, with these numbers (the defaults when none are given)."""
        values = values or {}
        return self.checks.format(**{s.name: s.shown(values.get(s.name, s.default)) for s in self.settings})

    def finding(self, message: str, subjects: Iterable[str], severity: str | None = None) -> Finding:
        return Finding(self.id, severity or self.severity, message, tuple(subjects), self.source)

    def stage(self, a: Facts) -> Hashable:
        """What of the whole plan this rule's per-person or per-rock findings depend on
        (a count crossing a threshold, a role appearing). The analysis re-checks every
        subject of the rule when it changes; most rules depend on nothing global."""
        return None


class PersonRule(Rule):
    scope = "person"
    # The role families the rule can fire for (None: anyone); a stage change re-checks only them.
    families: ClassVar[frozenset[str] | None] = None

    def check(self, a: Facts, person: Person, load: Load, rocks: list[Rock]) -> Finding | None:
        """``rocks``: the person's active owned rocks in id order; ``load``: their PersonLoad."""
        raise NotImplementedError


class RockRule(Rule):
    scope = "rock"

    def check(self, a: Facts, rock: Rock) -> Finding | None:
        """Asked for active rocks only."""
        raise NotImplementedError

    def check_all(self, a: Any) -> Iterator[tuple[str, Finding]]:
        """Every finding of the plan; rules override it with a faster bulk pass."""
        rocks = a.plan.rocks
        for rid in a.active_rocks():
            found = self.check(a, rocks[rid])
            if found is not None:
                yield rid, found


class PlanRule(Rule):
    """A rule about the whole plan. ``check`` returns its findings by key suffix
    (``()`` for one finding, ``("design",)``, a person id...), so one rule can
    report several things and a change of state (above -> below) is a new finding."""

    scope = "plan"

    def check(self, a: Facts) -> dict[Key, Finding]:
        raise NotImplementedError

    def signature(self, a: Facts) -> Hashable:
        """The inputs ``check`` reads; the analysis re-runs the rule only when it changes."""
        raise NotImplementedError
