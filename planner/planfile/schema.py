"""The shape of a ``.rocks.json`` file, as pydantic types (structure only).

pydantic checks types, enums and ranges in its Rust core straight from the
bytes, and reports each problem with its JSON path. Numbers are strict (a JSON
``true`` or ``"80"`` is not a capacity; an integer is fine where a float is
expected). Every list fails fast and unknown keys are ignored here, so a hostile
file (a million ``{}`` people, a million unknown keys) costs one error, not a
million: planner.planfile.fileio counts keys to find unknown and duplicate ones, and
lists the problems itself, capped. Meaning (ids, cycles) is checked there too.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Required

from pydantic import ConfigDict, FailFast, Field, Strict, TypeAdapter, with_config
from typing_extensions import TypedDict

from planner.checks.rules import SETTINGS, Setting
from planner.core.fields import MAX_CAPACITY, MAX_EFFORT, MAX_NAME, MAX_SHORT_TEXT, MAX_TEXT, MIN_CAPACITY

SCHEMA_VERSION = 2  # 2 adds scenarios; a plan without them is still written as version 1

_IGNORE = ConfigDict(extra="ignore")
Text = Annotated[str, Field(max_length=MAX_TEXT)]
ShortText = Annotated[str, Field(max_length=MAX_SHORT_TEXT)]  # role, email, start: as the inspector allows
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
Id = Annotated[str, Field(min_length=1, max_length=200)]
Ids = Annotated[list[Id], FailFast()]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]  # ints welcome, booleans and text not
Whole = Annotated[int, Strict()]
Capacity = Annotated[Number, Field(ge=MIN_CAPACITY, le=MAX_CAPACITY)]
Effort = Annotated[Number, Field(ge=0, le=MAX_EFFORT)]
Family = Literal[
    "pm", "tpm", "pmm", "strategy", "ops", "design", "eng", "founder", "marketing", "sales", "hr", "finance", "other"
]  # models.roles.FAMILIES


@with_config(_IGNORE)
class PersonIn(TypedDict, total=False):
    id: Required[Id]
    name: Required[Name]
    role: ShortText
    manager: Id | None
    dotted: Ids
    capacity: Capacity
    team: Id | None
    email: ShortText
    status: Literal["active", "planned", "open"]
    start: ShortText


@with_config(_IGNORE)
class RockIn(TypedDict, total=False):
    id: Required[Id]
    title: Required[Name]
    discipline: Required[Id]
    effort: Effort
    owner: Id | None
    contributors: Ids
    area: Text
    kind: Literal["strategic", "tactical"]
    state: Literal["active", "dropped"]
    context: Text
    problem: Text
    impact: Text
    goal: Text
    priority: Text
    grows: Annotated[bool, Strict()]
    seeded: Annotated[bool, Strict()]
    kept: Annotated[bool, Strict()] | None


@with_config(_IGNORE)
class TeamIn(TypedDict, total=False):
    id: Required[Id]
    name: Required[Name]
    lead: Id | None
    headcount: Annotated[Whole, Field(ge=0, le=1_000_000)]
    growth: Annotated[list[Annotated[Whole, Field(ge=0, le=1_000_000)]], Field(max_length=12), FailFast()]


# "from" is a keyword, so this one is declared functionally.
MoveIn = TypedDict(
    "MoveIn",
    {"rock": Required[Id], "from": Id | None, "to": Id | None, "when": Required[Text], "note": Text},
    total=False,
)
MoveIn.__pydantic_config__ = _IGNORE  # type: ignore[attr-defined]


def _setting_type(setting: Setting) -> Any:
    bounds = {"gt" if setting.low_open else "ge": setting.low, "le": setting.high}
    return Annotated[Whole if setting.whole else Number, Field(**bounds)]  # type: ignore[call-overload]


# Built from the settings the rules declare (planner.checks.rules): bounds are written once, there.
_RULE_FIELDS: dict[str, Any] = {**{name: _setting_type(s) for name, s in SETTINGS.items()}, "disabled": Ids}
RulesIn = TypedDict("RulesIn", _RULE_FIELDS, total=False)  # type: ignore[misc]  # fields built at import
RulesIn.__pydantic_config__ = _IGNORE  # type: ignore[attr-defined]


@with_config(_IGNORE)
class DisciplineIn(TypedDict, total=False):
    id: Required[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]]
    label: Required[Annotated[str, Field(min_length=1, max_length=100)]]
    color: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
    aliases: Annotated[list[Annotated[str, Field(min_length=1, max_length=100)]], FailFast()]
    families: Annotated[list[Family], FailFast()]


@with_config(_IGNORE)
class SettingsIn(TypedDict, total=False):
    rules: RulesIn
    role_synonyms: Annotated[list[tuple[Annotated[str, Field(min_length=1, max_length=200)], Family]], FailFast()]
    disciplines: Annotated[list[DisciplineIn], FailFast()]
    first_quarter: Annotated[str, Field(pattern=r"^\d{4}-Q[1-4]$")]


@with_config(_IGNORE)
class PlanIn(TypedDict, total=False):
    schema_version: Required[Annotated[Whole, Field(ge=1)]]
    name: Text
    settings: SettingsIn
    teams: Annotated[list[TeamIn], FailFast()]
    people: Annotated[list[PersonIn], FailFast()]
    rocks: Annotated[list[RockIn], FailFast()]
    moves: Annotated[list[MoveIn], FailFast()]
    scenarios: Annotated[list[dict[str, Any]], FailFast()]  # each checked as a plan of its own (planner.planfile.fileio)


@with_config(_IGNORE)
class VersionIn(TypedDict, total=False):
    schema_version: Any


PLAN_ADAPTER: TypeAdapter[PlanIn] = TypeAdapter(PlanIn)
VERSION_ADAPTER: TypeAdapter[VersionIn] = TypeAdapter(VersionIn)
"""Just the version, whatever its type: read first when a file does not fit, as a newer one may not."""

SECTIONS: dict[str, Any] = {"teams": TeamIn, "people": PersonIn, "rocks": RockIn, "moves": MoveIn}
ITEMS_ADAPTERS: dict[str, TypeAdapter[Any]] = {k: TypeAdapter(list[v]) for k, v in SECTIONS.items()}  # type: ignore[valid-type]
"""Whole-list adapters (no fail-fast) for listing problems chunk by chunk."""

# The keys each kind of object may have, for the unknown-key check (extras are ignored above).
KEYS: dict[str, frozenset[str]] = {
    "plan": frozenset(PlanIn.__annotations__),
    "settings": frozenset(SettingsIn.__annotations__),
    "rules": frozenset(RulesIn.__annotations__),
    "disciplines": frozenset(DisciplineIn.__annotations__),
    "teams": frozenset(TeamIn.__annotations__),
    "people": frozenset(PersonIn.__annotations__),
    "rocks": frozenset(RockIn.__annotations__),
    "moves": frozenset(MoveIn.__annotations__),
}
