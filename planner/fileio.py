"""Reading and writing ``.rocks.json`` plan files.

Loading validates everything and fails as a whole with a PlanFileError naming
the file and the JSON path (or line and column). Saving writes a canonical
form (stable key order, defaults left out) so two versions diff cleanly and an
unchanged plan saves byte for byte as it was loaded. Saves are atomic.
"""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from models import Discipline, Move, Person, Plan, Rock, RuleSettings, Settings, Team
from planner.atomic import write_atomic
from planner.errors import PlanFileError
from planner.schema import PLAN_ADAPTER, SCHEMA_VERSION

EXTENSION = ".rocks.json"
MAX_DETAILS = 25


def load(path: str | os.PathLike[str]) -> Plan:
    """Read and validate a plan file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanFileError(f"{path}: no such file", source=str(path)) from None
    except IsADirectoryError:
        raise PlanFileError(f"{path}: is a folder, expected a .rocks.json file", source=str(path)) from None
    except OSError as e:
        raise PlanFileError(f"{path}: cannot be read ({e.strerror})", source=str(path)) from None
    return loads(data, source=str(path))


def loads(data: bytes | str, source: str = "<plan>") -> Plan:
    """Validate plan JSON (bytes or text) and build the plan objects."""
    # Building a big plan allocates millions of objects and no cycles; the cyclic
    # GC would rescan the growing heap again and again (it triples _build's time).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _loads(data, source)
    finally:
        if paused:
            gc.enable()


def _loads(data: bytes | str, source: str) -> Plan:
    if isinstance(data, str):
        data = data.encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        raw = PLAN_ADAPTER.validate_json(data)
    except ValidationError as e:
        _raise_newer_version(data, source)
        raise _structure_error(e, data, source) from None
    if raw["schema_version"] > SCHEMA_VERSION:
        _raise_newer_version(data, source)
    # Duplicates would vanish in the plan's dicts: find them in the raw lists.
    dupes = _duplicates(raw)
    if dupes:
        raise PlanFileError(f"{source}: duplicate id: {dupes[0]}", source=source, details=dupes[:MAX_DETAILS])
    plan = _build(raw)
    problems = check_references(plan)
    if problems:
        raise PlanFileError(
            f"{source}: {len(problems)} problem(s) in the plan: {problems[0]}",
            source=source,
            details=problems[:MAX_DETAILS]
            + ([f"... and {len(problems) - MAX_DETAILS} more"] if len(problems) > MAX_DETAILS else []),
        )
    return plan


def _raise_newer_version(data: bytes, source: str) -> None:
    try:
        version = orjson.loads(data).get("schema_version")
    except (orjson.JSONDecodeError, AttributeError):
        return
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise PlanFileError(
            f"{source}: written by a newer version of Rocks (schema_version {version}; "
            f"this version understands up to {SCHEMA_VERSION}). Update Rocks to open it.",
            source=source,
        )


def _structure_error(e: ValidationError, data: bytes, source: str) -> PlanFileError:
    details = []
    doc: Any = None
    for err in e.errors(include_url=False):
        if err["type"] == "json_invalid":
            msg = err["msg"].replace("Invalid JSON: ", "")
            return PlanFileError(f"{source}: not valid JSON: {msg}", source=source)
        if doc is None:
            try:
                doc = orjson.loads(data)
            except orjson.JSONDecodeError:
                doc = {}
        path = json_path(err["loc"])
        where = _describe(doc, err["loc"])
        got = err.get("input")
        got_text = (
            ""
            if isinstance(got, dict | list) or err["type"] == "missing"
            else f" (got {json.dumps(got, default=str)[:80]})"
        )
        details.append(f"{path}{where}: {_friendly(err)}{got_text}")
    first = details[0] if details else str(e)
    extra = details[:MAX_DETAILS] + (
        [f"... and {len(details) - MAX_DETAILS} more"] if len(details) > MAX_DETAILS else []
    )
    return PlanFileError(f"{source}: {first}", source=source, details=extra if len(details) > 1 else [])


def _friendly(err: Any) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    return err["msg"][0].lower() + err["msg"][1:]


def json_path(loc: tuple[Any, ...]) -> str:
    """('people', 3, 'capacity') -> 'people[3].capacity'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _describe(doc: Any, loc: tuple[Any, ...]) -> str:
    """' (person "Dana")' for errors inside a named record, to help people find it."""
    if len(loc) >= 2 and loc[0] in ("people", "rocks", "teams") and isinstance(loc[1], int):
        try:
            item = doc[loc[0]][loc[1]]
            label = item.get("name") or item.get("title") or item.get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            return ""
        if isinstance(label, str) and label:
            kind = {"people": "person", "rocks": "rock", "teams": "team"}[loc[0]]
            return f' ({kind} "{label}")'
    return ""


def _build(raw: Any) -> Plan:
    settings_raw = raw.get("settings", {})
    rules = RuleSettings(**settings_raw.get("rules", {}))
    settings = Settings(
        rules=rules,
        role_synonyms=[(p, f) for p, f in settings_raw.get("role_synonyms", [])],
        disciplines=[
            Discipline(
                d["id"],
                d["label"],
                d.get("color", "#888888"),
                tuple(d.get("aliases", ())),
                tuple(d.get("families", ())),
            )
            for d in settings_raw.get("disciplines", [])
        ],
    )
    plan = Plan(name=raw.get("name", "Untitled plan"), settings=settings)
    plan.teams = {t["id"]: Team(**t) for t in raw.get("teams", ())}
    plan.people = {p["id"]: Person(**p) for p in raw.get("people", ())}
    plan.rocks = {r["id"]: Rock(**r) for r in raw.get("rocks", ())}
    plan.moves = [
        Move(m["rock"], m.get("from"), m.get("to"), m["when"], m.get("note", "")) for m in raw.get("moves", ())
    ]
    return plan


def _duplicates(raw: Any) -> list[str]:
    out = []
    for section in ("teams", "people", "rocks"):
        items = raw.get(section, ())
        seen: dict[str, int] = {}
        if len({i["id"] for i in items}) == len(items):
            continue
        for index, item in enumerate(items):
            if item["id"] in seen:
                out.append(f'{section}[{index}].id: "{item["id"]}" is already used by {section}[{seen[item["id"]]}]')
            else:
                seen[item["id"]] = index
    return out


def check_references(plan: Plan) -> list[str]:
    """Every dangling reference, unknown discipline and reporting cycle, as messages."""
    problems: list[str] = []
    people, teams = plan.people, plan.teams
    custom_ids = [d.id for d in plan.settings.disciplines]
    disciplines = plan.discipline_table
    for index, p in enumerate(people.values()):
        where = f'people[{index}] ("{p.name}")'
        if p.manager is not None and p.manager not in people:
            problems.append(f'{where}.manager: "{p.manager}" is not the id of a person in this plan')
        if p.manager == p.id:
            problems.append(f"{where}.manager: a person cannot report to themselves")
        for d in p.dotted:
            if d not in people:
                problems.append(f'{where}.dotted: "{d}" is not the id of a person in this plan')
        if p.team is not None and p.team not in teams:
            problems.append(f'{where}.team: "{p.team}" is not the id of a team in this plan')
    for index, r in enumerate(plan.rocks.values()):
        where = f'rocks[{index}] ("{r.title}")'
        if r.owner is not None and r.owner not in people:
            problems.append(f'{where}.owner: "{r.owner}" is not the id of a person in this plan')
        for c in r.contributors:
            if c not in people:
                problems.append(f'{where}.contributors: "{c}" is not the id of a person in this plan')
        if disciplines.get(r.discipline) is None:
            accepted = ", ".join([*disciplines.accepted()])
            problems.append(f'{where}.discipline: "{r.discipline}" is not a discipline; expected one of {accepted}')
    for index, t in enumerate(teams.values()):
        if t.lead is not None and t.lead not in people:
            problems.append(f'teams[{index}] ("{t.name}").lead: "{t.lead}" is not the id of a person in this plan')
    clash = [c for c in custom_ids if c in disciplines.disciplines and custom_ids.count(c) > 1]
    if clash:
        problems.append(f'settings.disciplines: "{clash[0]}" is defined twice')
    if not problems:
        for cycle in find_cycles(plan):
            names = " -> ".join(people[i].name for i in [*cycle, cycle[0]])
            problems.append(f"reporting cycle: {names}")
    return problems


def find_cycles(plan: Plan) -> list[list[str]]:
    """Reporting cycles (each a list of person ids), found iteratively in O(n)."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    cycles = []
    people = plan.people
    for start in people:
        if start in state:
            continue
        walk = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            walk.append(node)
            node = people[node].manager if node in people else None
        if node is not None and state.get(node) == 1:
            cycles.append(walk[walk.index(node) :])
        for n in walk:
            state[n] = 2
    return cycles


# ---------------------------------------------------------------- writing


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The canonical JSON document for a plan (key order is the file's order)."""
    rules = plan.settings.rules
    settings: dict[str, Any] = {
        "rules": {
            "pm_eng_target": _num(rules.pm_eng_target),
            "pm_eng_max": _num(rules.pm_eng_max),
            "pm_eng_min": _num(rules.pm_eng_min),
            "tpm_project_share": _num(rules.tpm_project_share),
            "overload_warning": _num(rules.overload_warning),
            "overload_error": _num(rules.overload_error),
            "span_of_control": rules.span_of_control,
            "unicorn_disciplines": rules.unicorn_disciplines,
            "disabled": list(rules.disabled),
        }
    }
    if plan.settings.role_synonyms:
        settings["role_synonyms"] = [[p, f] for p, f in plan.settings.role_synonyms]
    if plan.settings.disciplines:
        settings["disciplines"] = [
            {"id": d.id, "label": d.label, "color": d.color, "aliases": list(d.aliases), "families": list(d.families)}
            for d in plan.settings.disciplines
        ]
    return {
        "schema_version": SCHEMA_VERSION,
        "name": plan.name,
        "settings": settings,
        "teams": [_team_dict(t) for t in plan.teams.values()],
        "people": [person_to_dict(p) for p in plan.people.values()],
        "rocks": [rock_to_dict(r) for r in plan.rocks.values()],
        "moves": [_move_dict(m) for m in plan.moves],
    }


def _team_dict(t: Team) -> dict[str, Any]:
    d: dict[str, Any] = {"id": t.id, "name": t.name}
    if t.lead is not None:
        d["lead"] = t.lead
    if t.headcount:
        d["headcount"] = t.headcount
    return d


def person_to_dict(p: Person) -> dict[str, Any]:
    d: dict[str, Any] = {"id": p.id, "name": p.name, "role": p.role}
    if p.manager is not None:
        d["manager"] = p.manager
    if p.dotted:
        d["dotted"] = list(p.dotted)
    if p.capacity != 100:
        d["capacity"] = _num(p.capacity)
    if p.team is not None:
        d["team"] = p.team
    if p.email:
        d["email"] = p.email
    if p.status != "active":
        d["status"] = p.status
    if p.start:
        d["start"] = p.start
    return d


def rock_to_dict(r: Rock) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": r.id,
        "title": r.title,
        "discipline": r.discipline,
        "effort": _num(r.effort),
        "owner": r.owner,
        "kind": r.kind,
    }
    if r.contributors:
        d["contributors"] = list(r.contributors)
    for key in ("area", "context", "problem", "impact", "goal", "priority"):
        value = getattr(r, key)
        if value:
            d[key] = value
    if r.state != "active":
        d["state"] = r.state
    return d


def _move_dict(m: Move) -> dict[str, Any]:
    d: dict[str, Any] = {"rock": m.rock, "from": m.from_, "to": m.to, "when": m.when}
    if m.note:
        d["note"] = m.note
    return d


def dumps(plan: Plan) -> bytes:
    return orjson.dumps(plan_to_dict(plan), option=orjson.OPT_INDENT_2) + b"\n"


def save(plan: Plan, path: str | os.PathLike[str]) -> None:
    """Write atomically: temp file in the same folder, fsync, rename over the target."""
    write_atomic(Path(path), dumps(plan))

