"""Listing what is wrong with a plan file's structure, capped, for planner.planfile.fileio.

The fast load pass (planner.planfile.schema) fails fast and ignores unknown keys, so a
million bad records cost one error. When it fails, ``list_structure_problems``
walks the document again in chunks and stops after MAX_DETAILS problems. When
it succeeds, ``check_keys`` proves cheaply that no key was unknown or repeated
(by counting colons in the bytes against the keys read) and only looks closer
when the counts differ.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pydantic_core
from pydantic import ValidationError

from planner.core.errors import PlanFileError
from planner.core.text import elide, plural
from planner.planfile.schema import ITEMS_ADAPTERS, KEYS, PLAN_ADAPTER, SCHEMA_VERSION, SECTIONS

MAX_DETAILS = 25
CHUNK = 200  # records validated at a time when listing problems: bounds the errors pydantic builds


class Problems:
    """Problem messages: the first ``cap`` formatted, the rest only counted."""

    def __init__(self, cap: int = MAX_DETAILS):
        self.cap = cap
        self.shown: list[str] = []
        self.count = 0
        self.note = ""  # set when listing stopped early: the count is then a lower bound

    def add(self, fmt: str, *args: Any) -> None:
        self.count += 1
        if len(self.shown) < self.cap:
            self.shown.append(fmt.format(*args) if args else fmt)

    @property
    def full(self) -> bool:
        return len(self.shown) >= self.cap

    def partial(self, note: str) -> None:
        self.note = note

    def error(self, source: str, headline: str | None = None) -> PlanFileError:
        counted = f"{self.count}+" if self.note else str(self.count)
        headline = headline or f"{counted} problem(s) in the plan: {self.shown[0]}"
        details = list(self.shown)
        if self.count > len(self.shown):
            details.append(f"... and {self.count - len(self.shown)} more")
        if self.note:
            details.append(f"... and maybe more ({self.note})")
        return PlanFileError(f"{source}: {headline}", source=source, details=details if len(details) > 1 else [])


# ------------------------------------------------------------ messages


def json_path(loc: tuple[Any, ...]) -> str:
    """('people', 3, 'capacity') -> 'people[3].capacity'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + elide(str(part), 60)
    return out or "(top level)"


def format_error(err: Any, doc: Any) -> str:
    """One pydantic error as 'people[3].capacity (person "Dee"): expected ... (got "abc")'."""
    loc = tuple(err["loc"])
    got = err.get("input")
    got_text = "" if isinstance(got, dict | list) or err["type"] == "missing" else f" (got {_got(got)})"
    return f"{json_path(loc)}{_describe(doc, loc)}: {_friendly(err, loc)}{got_text}"


def _got(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value[:60]) + ("…" if len(value) > 60 else "")
    try:
        return elide(json.dumps(value, default=str), 40)
    except ValueError:  # an integer with more digits than Python prints
        return "a very large number"


def _friendly(err: Any, loc: tuple[Any, ...]) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if loc == ("schema_version",):
        return f"expected a whole number; this version of Rocks understands schema_version {SCHEMA_VERSION}"
    if kind in ("float_type", "int_type") and isinstance(err.get("input"), bool):
        return "expected a number, not true or false"
    return err["msg"][0].lower() + err["msg"][1:]


def _describe(doc: Any, loc: tuple[Any, ...]) -> str:
    """' (person "Dana")' for errors inside a named record, to help people find it."""
    if doc is None or len(loc) < 2 or loc[0] not in ("people", "rocks", "teams") or not isinstance(loc[1], int):
        return ""
    try:
        item = doc[loc[0]][loc[1]]
        label = item.get("name") or item.get("title") or item.get("id")
    except (KeyError, IndexError, TypeError, AttributeError):
        return ""
    if isinstance(label, str) and label.strip():
        kind = {"people": "person", "rocks": "rock", "teams": "team"}[loc[0]]
        return f' ({kind} "{elide(label)}")'
    return ""


# ------------------------------------------------- the second, listing pass


def list_structure_problems(data: bytes, problems: Problems) -> None:
    """Every structure problem in document order, until ``problems`` is full (then it is marked partial).
    JSON that is not a plan at all (another tool's org chart) is one problem saying so."""
    try:
        doc = pydantic_core.from_json(data)
    except ValueError:
        return
    other = not_a_plan(doc)
    if other:
        problems.add(other)
        return
    for message in _structure_messages(doc):
        if problems.full:
            problems.partial(f"listing stopped after the first {problems.cap}")
            return
        problems.add(message)


# What says a JSON document means to be a plan: a plan file's own top-level keys.
_PLAN_MARKS = frozenset(("schema_version", "settings", "scenarios", *SECTIONS))
NOT_A_PLAN_HELP = (
    "To bring its people into Rocks, export them from the other tool as a spreadsheet (CSV or XLSX: one row "
    "per person, with a manager column) and import that: `rocks import --people FILE -o plan.rocks.json`, "
    "or File → Import spreadsheets... in the app"
)


def not_a_plan(doc: Any) -> str:
    """'not a Rocks plan ...' when parsed JSON has none of a plan's top-level keys (no
    schema_version, no people, rocks or teams): an org chart or a list from another tool.
    '' for anything that means to be a plan (its own problems are listed instead)."""
    if isinstance(doc, dict) and not doc.keys().isdisjoint(_PLAN_MARKS):
        return ""
    plan = "a plan is an object with schema_version, people, rocks and teams"
    if isinstance(doc, dict) and isinstance(doc.get("children"), list):
        shape = f'this file is a nested org chart (people with "children") from another tool; {plan}'
    elif isinstance(doc, dict):
        shape = f"this file has no schema_version, people, rocks or teams; {plan}"
    else:
        kind = "a JSON list" if isinstance(doc, list) else "a single JSON value"
        shape = f"the top level of this file is {kind}; {plan}"
    return f"not a Rocks plan: {shape}. {NOT_A_PLAN_HELP}"


def _structure_messages(doc: Any) -> Iterator[str]:
    if not isinstance(doc, dict):
        yield from _validate(PLAN_ADAPTER, doc, doc)
        return
    yield from _unknown_keys(doc, "plan", ())
    settings = doc.get("settings")
    if isinstance(settings, dict):
        yield from _unknown_keys(settings, "settings", ("settings",))
        if isinstance(settings.get("rules"), dict):
            yield from _unknown_keys(settings["rules"], "rules", ("settings", "rules"))
        if isinstance(settings.get("disciplines"), list):
            for i, d in enumerate(settings["disciplines"]):
                if isinstance(d, dict):
                    yield from _unknown_keys(d, "disciplines", ("settings", "disciplines", i))
    top = {k: [] if k in SECTIONS and isinstance(v, list) else v for k, v in doc.items()}
    yield from _validate(PLAN_ADAPTER, top, doc)
    for section in SECTIONS:
        items = doc.get(section)
        if not isinstance(items, list):
            continue
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            by_item: dict[int, list[str]] = {}
            for i, item in enumerate(chunk):
                if isinstance(item, dict):
                    for message in _unknown_keys(item, section, (section, start + i)):
                        by_item.setdefault(i, []).append(message)
            try:
                ITEMS_ADAPTERS[section].validate_python(chunk)
            except ValidationError as e:
                for err in e.errors(include_url=False):
                    i = int(err["loc"][0])
                    err["loc"] = (section, start + i, *err["loc"][1:])
                    by_item.setdefault(i, []).append(format_error(err, doc))
            for i in sorted(by_item):
                yield from by_item[i]


def _validate(adapter: Any, value: Any, doc: Any) -> Iterator[str]:
    try:
        adapter.validate_python(value)
    except ValidationError as e:
        for err in e.errors(include_url=False):
            yield format_error(err, doc)


def _unknown_keys(obj: dict[str, Any], kind: str, loc: tuple[Any, ...]) -> Iterator[str]:
    known = KEYS[kind]
    if obj.keys() <= known:
        return
    label = _describe({loc[0]: {loc[1]: obj}}, loc) if kind in SECTIONS else ""
    for key in obj:
        if key not in known:
            yield f"{json_path((*loc, key))}{label}: unknown field (check the spelling)"


# --------------------------------------------- unknown and repeated keys


_WS_COLON = re.compile(rb":(?<=[ \t\r\n]:)")
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"([ \t\r\n]*:)?')


def key_count(raw: Any) -> int:
    """Keys in the objects read (each object's keys once, unknown ones left out)."""
    n = len(raw)
    settings = raw.get("settings")
    if settings is not None:
        n += len(settings) + len(settings.get("rules", ())) + sum(map(len, settings.get("disciplines", ())))
    for section in SECTIONS:
        n += sum(map(len, raw.get(section, ())))
    return n + sum(_all_keys(s) for s in raw.get("scenarios", ()))


def _all_keys(obj: Any) -> int:
    """Keys at every depth of a scenario read as plain JSON (its unknown keys are
    refused when the scenario is checked as a plan of its own)."""
    if isinstance(obj, dict):
        return len(obj) + sum(_all_keys(v) for v in obj.values() if isinstance(v, dict | list))
    if isinstance(obj, list):
        return sum(_all_keys(v) for v in obj if isinstance(v, dict | list))
    return 0


def check_keys(raw: Any, data: bytes, source: str, detail_bytes: int, colons: int | None = None) -> None:
    """Refuse unknown keys and keys repeated in one object (JSON parsers silently keep the last).

    Every key is followed by one colon outside strings, so when the colons in the
    bytes (or the '":' pairs, if no colon follows whitespace) number exactly the
    keys read, nothing was dropped. Otherwise keys are counted exactly (colons in
    text are common), and listed with their JSON paths for files up to
    ``detail_bytes``. ``colons``: ``data.count(b":")`` when the caller has it already
    (planner.planfile.loadcost.check_cost counts it).
    """
    known = key_count(raw)
    if (data.count(b":") if colons is None else colons) == known:
        return
    if data.count(b'":') == known and _WS_COLON.search(data) is None:
        return
    keys = sum(1 for m in _STRING.finditer(data) if m.group(1))
    if keys == known:
        return
    problems = Problems()
    if len(data) <= detail_bytes:
        try:
            doc = json.loads(data.decode("utf-8", "surrogatepass"), object_pairs_hook=_Pairs.build)
        except (ValueError, RecursionError):
            doc = None
        for message in _key_messages(doc) if isinstance(doc, dict) else ():
            if problems.full:
                problems.partial(f"listing stopped after the first {problems.cap}")
                break
            problems.add(message)
    if not problems.count:
        extra = keys - known
        raise PlanFileError(
            f"{source}: {plural(extra, 'key')} that Rocks does not read: unknown fields, or keys repeated "
            "in one object (a JSON reader keeps only the last)",
            source=source,
        )
    raise problems.error(source, problems.shown[0] if problems.count == 1 else None)


class _Pairs(dict[str, Any]):
    """An object whose JSON text repeats keys; ``repeated`` names them."""

    repeated: list[str]

    @staticmethod
    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        d = dict(pairs)
        if len(d) == len(pairs):
            return d
        out = _Pairs(d)
        seen: set[str] = set()
        out.repeated = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
        return out


def _key_messages(doc: dict[str, Any]) -> Iterator[str]:
    def check(obj: Any, kind: str, loc: tuple[Any, ...]) -> Iterator[str]:
        if not isinstance(obj, dict):
            return
        if isinstance(obj, _Pairs):
            for key in dict.fromkeys(obj.repeated):
                yield f'{json_path(loc)}: key "{elide(key)}" appears more than once in one object'
        yield from _unknown_keys(obj, kind, loc)

    yield from check(doc, "plan", ())
    settings = doc.get("settings")
    yield from check(settings, "settings", ("settings",))
    if isinstance(settings, dict):
        yield from check(settings.get("rules"), "rules", ("settings", "rules"))
        for i, d in enumerate(settings.get("disciplines", ())):
            yield from check(d, "disciplines", ("settings", "disciplines", i))
    for section in SECTIONS:
        for i, item in enumerate(doc.get(section, ())):
            yield from check(item, section, (section, i))
