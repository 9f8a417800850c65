"""Reading and writing ``.rocks.json`` plan files.

Loading validates everything and fails as a whole with a PlanFileError naming
the file and the JSON path (or line and column), never a traceback. Hostile
files stay cheap: only regular files up to MAX_FILE_BYTES are read (planner.planfile.guard),
a file whose parse would take more than its memory budget is refused before it is
parsed (planner.planfile.loadcost: counted values, objects and bytes), the
structure pass fails fast (planner.planfile.schema), and problems are listed up to
MAX_DETAILS ("... and N more"), with long names elided.

The loader keeps the edit commands' rules (planner.core.fields, commands.clean_*):
names and titles are not blank (they are kept as written, so every file that
loads saves byte for byte; commands normalise whitespace when a name is typed,
so files Rocks wrote hold normalised names); nobody is their own manager or
dotted-line manager;
capacities are 1-200%; rule thresholds are ordered (min <= target <= max,
warning <= error); numbers are never booleans or text; no key is repeated in an
object and none is unknown. Moves are history: their ``rock``, ``from`` and
``to`` may name ids no longer in the plan (RemovePerson and RemoveRock keep the
log, so refusing them would make saved files unloadable); only ``when`` is
checked, as an ISO 8601 date-time.

Saving writes a canonical form (stable key order, defaults left out) so two
versions diff cleanly and an unchanged plan saves byte for byte as it was
loaded. Saves are atomic (planner.planfile.atomic).
"""

from __future__ import annotations

import contextlib
import operator
import os
import re
from pathlib import Path
from typing import Any, cast

import orjson
from pydantic import ValidationError

from models import BASELINE, Discipline, Move, Person, Plan, Rock, RuleSettings, Settings, Team
from planner.checks.rules import SETTINGS, ordering_problems, values_of
from planner.core import bulk
from planner.core import fields as F
from planner.core.errors import FieldError, PlanFileError
from planner.core.text import elide
from planner.planfile import guard, loadcost
from planner.planfile.atomic import write_atomic
from planner.planfile.plancheck import (
    MAX_DETAILS,
    Problems,
    check_keys,
    format_error,
    json_path,
    list_structure_problems,
)
from planner.planfile.schema import PLAN_ADAPTER, SCHEMA_VERSION, SECTIONS, VERSION_ADAPTER

__all__ = ["MAX_DETAILS", "check_references", "dumps", "find_cycles", "json_path", "load", "loads", "save"]

EXTENSION = ".rocks.json"
MAX_SCENARIO_NAME = 200
MAX_FILE_BYTES = 300 * 2**20
"""About 2x a 100,000-person plan (159 MB from tests/benchmarks/synth.py). Bytes cost about 1.7x
their size to load, a single huge string (refused by the checks) about 3x: under the 2 GB budget either way (loadcost.MEMORY_BUDGET)."""
FREEZE_BYTES = 8 * 2**20
"""A file this big (about 5,000 people) builds frozen (planner.core.bulk): later collections skip its objects."""
DETAIL_BYTES = 16 * 2**20
"""Files up to this size get every structure problem listed; bigger ones the first of each list."""
# Where a non-character may be (U+FDD0-U+FDEF, U+FFFE/U+FFFF, U+nFFFE/U+nFFFF, in UTF-8 or as a
# JSON escape): each pattern starts with a literal byte, so it scans at memchr speed (~50 ms for
# 160 MB; one alternation of all of them took 2 s). A hit only means the strings are walked.
_NONCHARACTER_HINTS = (
    re.compile(rb"\\u(?:[fF][dDfF]|[dD][fF][fF][eEfF])"),
    re.compile(rb"\xef(?:\xb7[\x90-\xaf]|\xbf[\xbe\xbf])"),
    re.compile(rb"\xbf[\xbe\xbf]"),  # the end of U+nFFFE/U+nFFFF (and of a few real characters)
)


def load(path: str | os.PathLike[str]) -> Plan:
    """Read and validate a plan file."""
    path = Path(path)
    return _loads_owned([read_plan_bytes(path)], str(path))


def _too_big(size: int, limit: int) -> str:
    return (
        f"is {size / 1e6:,.1f} MB; Rocks opens plan files up to {limit / 1e6:,.0f} MB "
        "(a 100,000-person plan is about 160 MB)"
    )


def check_plan_file(path: str | os.PathLike[str]) -> None:
    """Refuse (PlanFileError naming the file) what ``load`` would refuse unread: not a regular
    file (a pipe, a device, a folder), or too big. Nothing is opened: callers that read the file
    before loading it (the window's on-disk stamp) call this first."""
    guard.check_file(path, MAX_FILE_BYTES, "a .rocks.json file", _too_big)


def read_plan_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; a pipe or device is refused unread (planner.planfile.guard)."""
    return guard.read_file(path, limit, "a .rocks.json file", _too_big)


def loads(data: bytes | str, source: str = "<plan>") -> Plan:
    """Validate plan JSON (bytes or text) and build the plan objects."""
    return _loads_owned([data], source)


def _loads_owned(box: list[bytes | str], source: str) -> Plan:
    """``loads`` of the one item in ``box``, which it takes out: when the caller keeps
    no other reference, the file's bytes are freed before the plan objects are built
    (at 100k people that is the difference between a 1.06 GB and a ~0.92 GB peak)."""
    # Building a big plan allocates millions of objects and no cycles; the cyclic
    # GC would rescan the growing heap again and again (it triples _build's time).
    with bulk.building(len(box[0]) >= FREEZE_BYTES):
        return _loads(box, source)


def _loads(box: list[bytes | str], source: str) -> Plan:
    data = box.pop()
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    _check_encoding(data, source)
    colons = loadcost.check_cost(data, source)
    try:
        raw = PLAN_ADAPTER.validate_json(data)
    except ValidationError as e:
        raise _structure_error(e, data, source) from None
    _check_version(raw["schema_version"], source)
    check_keys(raw, data, source, detail_bytes=DETAIL_BYTES, colons=colons)
    if _may_hold_noncharacters(data):
        _refuse_noncharacters(raw, source)
    del data  # the last reference when the caller handed its bytes over (load)
    problems = Problems()
    plan = _build(raw, problems)
    built: dict[str, dict[str, Any]] = {"teams": plan.teams, "people": plan.people, "rocks": plan.rocks}
    records = cast("dict[str, Any]", raw)
    if any(len(items) != len(records.get(section, ())) for section, items in built.items()):
        duplicates = Problems()  # an id used twice (its records were built into one): that alone is said
        _duplicates(raw, duplicates)
        raise duplicates.error(source, f"duplicate id: {duplicates.shown[0]}")
    check_references(plan, problems)
    if problems.count:
        raise problems.error(source)
    for section in SECTIONS:  # built: the raw records go before the scenarios make their own
        cast("dict[str, Any]", raw).pop(section, None)
    _load_scenarios(plan, raw, source)
    return plan


def _load_scenarios(plan: Plan, raw: Any, source: str) -> None:
    """Each scenario is checked exactly as a plan file of its own would be (same
    messages, paths inside the scenario), then shares the baseline's settings."""
    entries = raw.get("scenarios", [])
    for index in range(len(entries)):
        entry, entries[index] = entries[index], None  # freed once this scenario is built
        where = f"{source}: scenarios[{index}]"
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_SCENARIO_NAME:
            raise PlanFileError(
                f"{where}.name: expected a scenario name of 1 to {MAX_SCENARIO_NAME} characters", source=source
            )
        if name == BASELINE or name in plan.scenarios:
            raise PlanFileError(f'{where}.name: "{elide(name)}" is already used by another scenario', source=source)
        unknown = sorted(set(entry) - {"name", *SECTIONS})
        if unknown:
            raise PlanFileError(f"{where}.{elide(unknown[0])}: unknown field (check the spelling)", source=source)
        doc = {"schema_version": 1, "name": plan.name, "settings": raw.get("settings", {})}
        doc.update((k, v) for k, v in entry.items() if k in SECTIONS)
        box: list[bytes | str] = [orjson.dumps(doc)]
        del doc, entry  # only the bytes now: the records are parsed again from them
        scenario = _loads(box, f'{source}, scenario "{elide(name)}"')
        scenario.settings = plan.settings
        plan.scenarios[name] = scenario


def _may_hold_noncharacters(data: bytes) -> bool:
    """A quick look for non-characters before the strings are walked (an ASCII file: escapes only;
    one with no backslash at all holds none, and a one-byte search runs at memchr speed)."""
    ascii_only = data.isascii()
    if ascii_only and b"\\" not in data:
        return False
    hints = _NONCHARACTER_HINTS[:1] if ascii_only else _NONCHARACTER_HINTS
    return any(hint.search(data) is not None for hint in hints)


def _refuse_noncharacters(raw: Any, source: str) -> None:
    """Text holding a Unicode non-character (U+FFFE, U+FFFF...) is refused with its JSON path:
    never text, and no SVG or XML export could hold it."""
    problems = Problems()

    def walk(value: Any, loc: tuple[Any, ...]) -> None:
        if isinstance(value, str):
            found = guard.NONCHARACTERS.search(value)
            if found is not None:
                problems.add(
                    "{}: holds U+{:04X}, which is not a character (remove it)", json_path(loc), ord(found.group())
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*loc, key))
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                walk(item, (*loc, index))

    walk(raw, ())
    if problems.count:
        raise problems.error(source, problems.shown[0] if problems.count == 1 else None)


def _check_encoding(data: bytes, source: str) -> None:
    """UTF-16 (a Windows 'Unicode' save) is not JSON for us: say so rather than 'invalid JSON'."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) >= 2 and (data[0] == 0) != (data[1] == 0)):
        raise PlanFileError(
            f"{source}: the file looks UTF-16 encoded (two bytes per character); save it as UTF-8", source=source
        )


def _check_version(version: Any, source: str) -> None:
    if type(version) is int and version > SCHEMA_VERSION:
        try:
            text = elide(str(version), 24)
        except ValueError:  # more digits than Python converts
            text = "a very large number"
        raise PlanFileError(
            f"{source}: written by a newer version of Rocks (schema_version {text}; "
            f"this version understands up to {SCHEMA_VERSION}). Update Rocks to open it.",
            source=source,
        )


def _structure_error(e: ValidationError, data: bytes, source: str) -> PlanFileError:
    first_pass = e.errors(include_url=False)  # few: every list fails fast
    for err in first_pass:
        if err["type"] == "json_invalid":
            msg = err["msg"].replace("Invalid JSON: ", "")
            return PlanFileError(f"{source}: not valid JSON: {msg}", source=source)
    with contextlib.suppress(ValidationError):  # a newer file may not fit this schema at all: say that first
        _check_version(VERSION_ADAPTER.validate_json(data).get("schema_version"), source)
    problems = Problems()
    if len(data) <= DETAIL_BYTES:
        list_structure_problems(data, problems)
    if not problems.count:  # a big file (or a disagreement): the fail-fast pass's own findings
        for err in first_pass:
            problems.add(format_error(err, None))
        if len(data) > DETAIL_BYTES:
            problems.partial(f"only the first problem of each list is shown for files over {DETAIL_BYTES // 2**20} MB")
    return problems.error(source, problems.shown[0] if problems.count == 1 else None)


def _blank_names(items: list[dict[str, Any]], key: str, section: str, problems: Problems) -> None:
    """Names and titles only of spaces are refused, as the commands refuse them (C-speed when none)."""
    if any(map(str.isspace, map(operator.itemgetter(key), items))):
        for index, name in enumerate(map(operator.itemgetter(key), items)):
            if name.isspace():
                problems.add("{}[{}].{}: must not be empty (it is only spaces)", section, index, key)


def _build(raw: Any, problems: Problems) -> Plan:
    settings_raw = raw.get("settings", {})
    rules_raw = dict(settings_raw.get("rules", {}))
    rules = RuleSettings(
        # Only what differs from the rules' defaults: the writer spells every value out, and
        # a plan read back equals the plan written.
        values={n: rules_raw[n] for n, s in SETTINGS.items() if n in rules_raw and rules_raw[n] != s.default},
        disabled=list(rules_raw.get("disabled", [])),
    )
    for name, message in ordering_problems(rules.values):
        problems.add("settings.rules.{}: {}", name, message)
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
    for section, key in (("teams", "name"), ("people", "name"), ("rocks", "title")):
        _blank_names(raw.get(section, ()), key, section, problems)
    moves = raw.get("moves", ())
    for index, m in enumerate(moves):
        try:
            F.parse_when(m["when"])
        except FieldError as e:
            problems.add("moves[{}].{}", index, e.message)
    settings.first_quarter = settings_raw.get("first_quarter", "")
    plan = Plan(name=raw.get("name", "Untitled plan"), settings=settings)
    plan.teams = {t["id"]: Team(**t) for t in raw.get("teams", ())}
    plan.people = {p["id"]: Person(**p) for p in raw.get("people", ())}
    plan.rocks = {r["id"]: Rock(**r) for r in raw.get("rocks", ())}
    plan.moves = [Move(m["rock"], m.get("from"), m.get("to"), m["when"], m.get("note", "")) for m in moves]
    return plan


def _duplicates(raw: Any, problems: Problems) -> None:
    for section in ("teams", "people", "rocks"):
        items = raw.get(section, ())
        if len({i["id"] for i in items}) == len(items):
            continue
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item["id"] in seen:
                problems.add(
                    '{}[{}].id: "{}" is already used by {}[{}]',
                    section,
                    index,
                    elide(item["id"]),
                    section,
                    seen[item["id"]],
                )
            else:
                seen[item["id"]] = index


def check_references(plan: Plan, problems: Problems | None = None) -> list[str]:
    """Dangling references, self-references, unknown disciplines, reporting cycles.

    Returns the problems listed (at most MAX_DETAILS; ``problems.count`` has them all).
    """
    problems = Problems() if problems is None else problems
    people, teams = plan.people, plan.teams
    custom_ids = [d.id for d in plan.settings.disciplines]
    disciplines = plan.discipline_table
    # A quick look over the distinct ids first (C-speed sets): the record by record walks that
    # name each problem run only where there may be one. Repeated dotted-line managers and
    # contributors are dropped either way, as EditPerson and EditRock store them.
    if _people_clear(people, teams):
        for p in people.values():
            if p.dotted and len(set(p.dotted)) != len(p.dotted):
                p.dotted = list(dict.fromkeys(p.dotted))
    else:
        _check_people(plan, problems)
    shared = [r for r in plan.rocks.values() if r.contributors]
    if _rocks_clear(plan, shared):
        for r in shared:
            if len(set(r.contributors)) != len(r.contributors):
                r.contributors = list(dict.fromkeys(r.contributors))
    else:
        _check_rocks(plan, problems)
    for index, t in enumerate(teams.values()):
        if t.lead is not None and t.lead not in people:
            problems.add(_MISSING_PERSON, _where("teams", index, t.name), "lead", elide(t.lead))
    clash = [c for c in custom_ids if c in disciplines.disciplines and custom_ids.count(c) > 1]
    if clash:
        problems.add('settings.disciplines: "{}" is defined twice', clash[0])
    if not problems.count:
        for cycle in find_cycles(plan):
            problems.add("reporting cycle: {}", cycle_text([people[i].name for i in cycle]))
    return problems.shown


_MISSING_PERSON = '{}.{}: "{}" is not the id of a person in this plan'


def _all_known(ids: set[str | None], known: Any) -> bool:
    """Every id in ``ids`` (None aside) is a key of ``known``."""
    ids.discard(None)
    return known.keys() >= ids


def _people_clear(people: dict[str, Person], teams: dict[str, Team]) -> bool:
    """No person names an unknown manager, dotted-line manager or team, nor themselves."""
    managers = [p.manager for p in people.values()]
    if not _all_known(set(managers), people) or any(map(operator.eq, managers, people)):
        return False
    for p in people.values():
        if p.dotted and (p.id in p.dotted or not people.keys() >= set(p.dotted)):
            return False
    return _all_known({p.team for p in people.values()}, teams)


def _rocks_clear(plan: Plan, shared: list[Rock]) -> bool:
    """No rock names an unknown owner, contributor or discipline (``shared``: the rocks with contributors)."""
    people, rocks = plan.people, plan.rocks.values()
    if not _all_known(set(map(_OWNER, rocks)), people):
        return False
    if any(not people.keys() >= set(r.contributors) for r in shared):
        return False
    table = plan.discipline_table
    return all(table.get(d) is not None for d in set(map(_DISCIPLINE, rocks)))


_OWNER = operator.attrgetter("owner")
_DISCIPLINE = operator.attrgetter("discipline")


def _check_people(plan: Plan, problems: Problems) -> None:
    add, people, teams = problems.add, plan.people, plan.teams
    for index, p in enumerate(people.values()):
        if p.manager is not None:
            if p.manager not in people:
                add(_MISSING_PERSON, _where("people", index, p.name), "manager", elide(p.manager))
            elif p.manager == p.id:
                add("{}.manager: a person cannot report to themselves", _where("people", index, p.name))
        if p.dotted:
            for d in p.dotted:
                if d not in people:
                    add(_MISSING_PERSON, _where("people", index, p.name), "dotted", elide(d))
                elif d == p.id:
                    add("{}.dotted: a person cannot be their own dotted-line manager", _where("people", index, p.name))
            if len(set(p.dotted)) != len(p.dotted):
                p.dotted = list(dict.fromkeys(p.dotted))  # as EditPerson stores them
        if p.team is not None and p.team not in teams:
            add('{}.team: "{}" is not the id of a team in this plan', _where("people", index, p.name), elide(p.team))


def _check_rocks(plan: Plan, problems: Problems) -> None:
    add, people, disciplines = problems.add, plan.people, plan.discipline_table
    for index, r in enumerate(plan.rocks.values()):
        if r.owner is not None and r.owner not in people:
            add(_MISSING_PERSON, _where("rocks", index, r.title), "owner", elide(r.owner))
        if r.contributors:
            for c in r.contributors:
                if c not in people:
                    add(_MISSING_PERSON, _where("rocks", index, r.title), "contributors", elide(c))
            if len(set(r.contributors)) != len(r.contributors):
                r.contributors = list(dict.fromkeys(r.contributors))
        if disciplines.get(r.discipline) is None:
            accepted = ", ".join([*disciplines.accepted()])
            add(
                '{}.discipline: "{}" is not a discipline; expected one of {}',
                _where("rocks", index, r.title),
                elide(r.discipline),
                accepted,
            )


def _where(section: str, index: int, label: str) -> str:
    return f'{section}[{index}] ("{elide(label)}")'


def cycle_text(names: list[str], head: int = 5) -> str:
    """'A -> B -> C -> A', or 'A -> B -> ... -> E -> … 35 more -> A' for a long cycle."""
    parts = [elide(n, 40) for n in names[:head]]
    if len(names) > head:
        parts.append(f"… {len(names) - head} more")
    return " -> ".join([*parts, elide(names[0], 40)])


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
            **{name: _num(value) for name, value in values_of(plan).items()},
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
    if plan.settings.first_quarter:
        settings["first_quarter"] = plan.settings.first_quarter
    doc = {
        # Version 1 readers can open a plan without scenarios: only scenarios need 2.
        "schema_version": SCHEMA_VERSION if plan.scenarios else 1,
        "name": plan.name,
        "settings": settings,
        **_sections(plan),
    }
    if plan.scenarios:
        doc["scenarios"] = [{"name": name, **_sections(s)} for name, s in plan.scenarios.items()]
    return doc


def _sections(plan: Plan) -> dict[str, Any]:
    return {
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
    if t.growth:
        d["growth"] = list(t.growth)
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
    if r.grows:
        d["grows"] = True
    if r.seeded:
        d["seeded"] = True
    if r.kept is not None:
        d["kept"] = r.kept
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
