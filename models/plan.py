"""Plain data for a plan: people, rocks, teams, the move log and plan settings.

No behaviour beyond small lookups: everything that thinks lives in planner/.
Dicts keep insertion order, which is the model order (siblings, file order).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from models.disciplines import Discipline, DisciplineTable
from models.roles import RoleTable

PersonStatus = Literal["active", "planned", "open"]
RockKind = Literal["strategic", "tactical"]
RockState = Literal["active", "dropped"]

BASELINE = "baseline"  # the plan itself, as opposed to its named scenarios
PERSON_STATUSES: tuple[str, ...] = ("active", "planned", "open")
ROCK_KINDS: tuple[str, ...] = ("strategic", "tactical")
ROCK_STATES: tuple[str, ...] = ("active", "dropped")


@dataclass(slots=True)
class Person:
    id: str
    name: str
    role: str = ""
    manager: str | None = None
    dotted: list[str] = field(default_factory=list)  # dotted-line managers
    capacity: float = 100.0  # percent of a full-time week
    team: str | None = None  # team id
    email: str = ""
    status: PersonStatus = "active"
    start: str = ""  # date or quarter, for planned hires


@dataclass(slots=True)
class Rock:
    id: str
    title: str
    discipline: str
    effort: float = 10.0  # percent of a week
    owner: str | None = None  # the one accountable owner
    contributors: list[str] = field(default_factory=list)
    area: str = ""  # product line / feature area
    kind: RockKind = "tactical"
    state: RockState = "active"
    context: str = ""  # the note that travels with the rock
    # Optional roadmap fields (README.md, "The file format"), read from a roadmap sheet's columns.
    problem: str = ""
    impact: str = ""
    goal: str = ""
    priority: str = ""
    grows: bool = False  # effort grows with the engineers of its area (growth timeline)
    seeded: bool = False  # a typical rock for the owner's role, effort estimated: to be checked by a person
    # Kept by its owner: hire strategies never move it. None = the default (planner.checks.rules.keeps
    # decides: a founder's vision, strategy and partnerships; engineering's estimates).
    kept: bool | None = None


@dataclass(slots=True)
class Team:
    id: str
    name: str
    lead: str | None = None  # person id
    headcount: int = 0  # engineers not listed as people
    growth: list[int] = field(default_factory=list)  # planned engineer headcount, quarter by quarter


@dataclass(slots=True)
class Move:
    """One owner change of a rock: from, to, when, why (every move is kept: a rock travels with its history)."""

    rock: str
    from_: str | None
    to: str | None
    when: str  # ISO 8601
    note: str = ""


@dataclass(slots=True)
class RuleSettings:
    """Per-plan rule thresholds by setting name, and the rules switched off.

    Plain values only: each setting is declared once, with its default, bounds and
    wording, by the rule that reads it (planner.checks.rules); a name missing here takes
    that default."""

    values: dict[str, float] = field(default_factory=dict)
    disabled: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Settings:
    rules: RuleSettings = field(default_factory=RuleSettings)
    role_synonyms: list[tuple[str, str]] = field(default_factory=list)
    disciplines: list[Discipline] = field(default_factory=list)  # user-added
    first_quarter: str = ""  # the quarter teams' growth plans start at, "2027-Q1"; "" = the next one


@dataclass(slots=True)
class Plan:
    name: str = "Untitled plan"
    people: dict[str, Person] = field(default_factory=dict)
    rocks: dict[str, Rock] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    moves: list[Move] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    # Named what-ifs beside this plan (the baseline), in order. Each is a whole
    # plan sharing the baseline's name and settings; a scenario has none itself.
    scenarios: dict[str, Plan] = field(default_factory=dict)
    _roles: RoleTable | None = field(default=None, repr=False, compare=False)
    _disciplines: DisciplineTable | None = field(default=None, repr=False, compare=False)

    @property
    def roles(self) -> RoleTable:
        if self._roles is None:
            self._roles = RoleTable.build(self.settings.role_synonyms)
        return self._roles

    @property
    def discipline_table(self) -> DisciplineTable:
        if self._disciplines is None:
            self._disciplines = DisciplineTable.build(self.settings.disciplines)
        return self._disciplines

    def settings_changed(self) -> None:
        """Drop caches derived from settings (call after editing them)."""
        self._roles = None
        self._disciplines = None

    def family(self, person: Person) -> str:
        return self.roles.family(person.role)

    def new_id(self, prefix: str, taken: Mapping[str, object] | None = None) -> str:
        """A fresh id like ``p42`` not used by people, rocks or teams."""
        pools: tuple[Mapping[str, object], ...] = (self.people, self.rocks, self.teams) if taken is None else (taken,)
        n = sum(len(p) for p in pools) + 1
        while any(f"{prefix}{n}" in p for p in pools):
            n += 1
        return f"{prefix}{n}"
