"""The shape of a ``.rocks.json`` file, as pydantic types (structure only).

pydantic checks types, enums and ranges in its Rust core straight from the
bytes, and reports each problem with its JSON path. Cross-references, ids and
cycles are checked in planner.fileio, which knows the plan's meaning.
"""

from __future__ import annotations

from typing import Annotated, Literal, Required

from pydantic import ConfigDict, Field, TypeAdapter, with_config
from typing_extensions import TypedDict

SCHEMA_VERSION = 1

_FORBID = ConfigDict(extra="forbid")
Text = Annotated[str, Field(max_length=10_000)]
Id = Annotated[str, Field(min_length=1, max_length=200)]
Capacity = Annotated[float, Field(gt=0, le=200, allow_inf_nan=False)]
Effort = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Family = Literal["pm", "tpm", "pmm", "strategy", "ops", "design", "eng", "founder", "other"]


@with_config(_FORBID)
class PersonIn(TypedDict, total=False):
    id: Required[Id]
    name: Required[Annotated[str, Field(min_length=1, max_length=500)]]
    role: Text
    manager: Id | None
    dotted: list[Id]
    capacity: Capacity
    team: Id | None
    email: Text
    status: Literal["active", "planned", "open"]
    start: Text


@with_config(_FORBID)
class RockIn(TypedDict, total=False):
    id: Required[Id]
    title: Required[Annotated[str, Field(min_length=1, max_length=500)]]
    discipline: Required[Id]
    effort: Effort
    owner: Id | None
    contributors: list[Id]
    area: Text
    kind: Literal["strategic", "tactical"]
    state: Literal["active", "dropped"]
    context: Text
    problem: Text
    impact: Text
    goal: Text
    priority: Text


@with_config(_FORBID)
class TeamIn(TypedDict, total=False):
    id: Required[Id]
    name: Required[Annotated[str, Field(min_length=1, max_length=500)]]
    lead: Id | None
    headcount: Annotated[int, Field(ge=0, le=1_000_000)]


# "from" is a keyword, so this one is declared functionally.
MoveIn = TypedDict(
    "MoveIn",
    {"rock": Required[Id], "from": Id | None, "to": Id | None, "when": Required[Text], "note": Text},
    total=False,
)
MoveIn.__pydantic_config__ = _FORBID  # type: ignore[attr-defined]


@with_config(_FORBID)
class RulesIn(TypedDict, total=False):
    pm_eng_target: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]
    pm_eng_max: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]
    pm_eng_min: Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
    tpm_project_share: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
    overload_warning: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]
    overload_error: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]
    span_of_control: Annotated[int, Field(ge=1, le=100_000)]
    unicorn_disciplines: Annotated[int, Field(ge=1, le=100)]
    disabled: list[Id]


@with_config(_FORBID)
class DisciplineIn(TypedDict, total=False):
    id: Required[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]]
    label: Required[Annotated[str, Field(min_length=1, max_length=100)]]
    color: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
    aliases: list[Annotated[str, Field(min_length=1, max_length=100)]]
    families: list[Family]


@with_config(_FORBID)
class SettingsIn(TypedDict, total=False):
    rules: RulesIn
    role_synonyms: list[tuple[Annotated[str, Field(min_length=1, max_length=200)], Family]]
    disciplines: list[DisciplineIn]


@with_config(_FORBID)
class PlanIn(TypedDict, total=False):
    schema_version: Required[Annotated[int, Field(ge=1)]]
    name: Text
    settings: SettingsIn
    teams: list[TeamIn]
    people: list[PersonIn]
    rocks: list[RockIn]
    moves: list[MoveIn]


PLAN_ADAPTER: TypeAdapter[PlanIn] = TypeAdapter(PlanIn)
