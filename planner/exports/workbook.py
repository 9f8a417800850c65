"""The plan as an Excel workbook, and the workbook read back into a plan.

Sheets: People, Rocks, Matrix, Findings, Moves (the tables of planner.exports.tables), then
Teams and Plan (name and settings), so ``rocks import --workbook`` rebuilds the same
people, rocks, teams and moves. Headers are bold on a fill, the header row and first
column are frozen, columns are sized to their text, percents show a "%" sign.

The file is written by planner.exports.ooxml (Office Open XML by hand; why, and the
figures against openpyxl and XlsxWriter, are in its docstring). Every text cell is a
string, never a formula ("=SUM(A1)" stays that, exactly as typed); text XML cannot hold
is written in the OOXML escape ``_xHHHH_``, and the reader undoes it.

Reading goes through the import's guarded reader (planner.imports.xlsx: a regular file, zip limits
checked before inflating, no DTD, only the cells that hold a value, every row that is
there); every problem names the sheet, row and column.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.core import fields as F
from planner.core.errors import FieldError, PlanError, PlanFileError
from planner.core.text import one_line
from planner.exports.exporting import Cancelled, Progress, TableOptions, atomic_output, no_progress, register_format
from planner.exports.ooxml import Sheet, ooxml_unescape, write_book
from planner.exports.tables import parse_id_list, table
from planner.imports import xlsx
from planner.planfile import guard

if TYPE_CHECKING:
    import pandas as pd

    from models import Plan
    from planner.checks.analysis import Analysis

SHEETS = ("People", "Rocks", "Matrix", "Findings", "Moves", "Teams", "Plan")
TABLE_OF_SHEET = {
    "People": "people",
    "Rocks": "rocks",
    "Matrix": "matrix",
    "Findings": "findings",
    "Moves": "moves",
    "Teams": "teams",
}
MAX_ROWS = 1_048_576  # Excel's limit, header included


def plan_rows(plan: Plan, scenario: str) -> tuple[list[str], list[list[Any]]]:
    """The Plan sheet's headers and columns: name, settings (JSON), scenario and counts."""
    from planner.planfile.fileio import plan_to_dict

    settings = plan_to_dict(plan)["settings"]
    fields = ["name", "settings", "scenario", "people", "rocks", "teams", "moves"]
    values: list[Any] = [
        plan.name,
        json.dumps(settings, ensure_ascii=False, separators=(", ", ": ")),
        scenario or "baseline",
        len(plan.people),
        len(plan.rocks),
        len(plan.teams),
        len(plan.moves),
    ]
    return ["field", "value"], [fields, values]


def workbook_frames(plan: Plan, analysis: Analysis | None = None) -> dict[str, pd.DataFrame]:
    """The sheet name -> DataFrame of every table sheet, in order."""
    if analysis is None:
        from planner.checks.analysis import Analysis

        analysis = Analysis(plan)
    return {sheet: table(plan, name, analysis) for sheet, name in TABLE_OF_SHEET.items()}


def write_workbook(
    plan: Plan,
    path: str | os.PathLike[str],
    progress: Progress = no_progress,
    *,
    analysis: Analysis | None = None,
    scenario: str = "",
) -> None:
    """Write the workbook atomically; Cancelled (no file) if ``progress`` returns False."""
    total_people = len(plan.people)
    if not progress(0, total_people, "people"):
        raise Cancelled()
    frames = workbook_frames(plan, analysis)
    for sheet, frame in frames.items():
        if len(frame) + 1 > MAX_ROWS:
            raise PlanError(f"{path}: the {sheet} sheet would have {len(frame):,} rows; Excel holds {MAX_ROWS - 1:,}")
    sheets: list[Sheet] = [
        (name, [str(c) for c in frame.columns], [frame[c].tolist() for c in frame.columns])
        for name, frame in frames.items()
    ]
    sheets.append(("Plan", *plan_rows(plan, scenario)))
    grand = sum(len(cols[0]) if cols else 0 for _, _, cols in sheets) or 1

    def tick(done: int) -> None:
        people = min(total_people, round(done / grand * total_people))
        if not progress(people, total_people, "people"):
            raise Cancelled()

    with atomic_output(path) as tmp:
        write_book(tmp, sheets, plan.name, tick)
    progress(total_people, total_people, "people")


def _export_xlsx(plan: Plan, path: Path, options: TableOptions, progress: Progress) -> None:
    write_workbook(plan, path, progress, scenario=options.scenario)


register_format((".xlsx",), _export_xlsx)


# ------------------------------------------------------------------ reading

REQUIRED = {
    "People": ("id", "name"),
    "Rocks": ("id", "title", "discipline", "effort", "owner id"),
    "Teams": ("id", "name"),
    "Moves": ("rock id", "when"),
    "Plan": ("field", "value"),
}
_SECTION_SHEET = {"people": "People", "rocks": "Rocks", "teams": "Teams", "moves": "Moves"}
_FILE_PATH = re.compile(r'\b(people|rocks|teams|moves)\[(\d+)\]( \("[^\n]*?"\))?(?:\.([a-z_]+))?')
# JSON fields whose workbook column has another name.
_COLUMN_OF = {
    "manager": "manager id",
    "team": "team id",
    "dotted": "dotted ids",
    "owner": "owner id",
    "contributors": "contributor ids",
    "lead": "lead id",
    "rock": "rock id",
    "from": "from id",
    "to": "to id",
}


class _Problems:
    def __init__(self, source: str):
        self.source = source
        self.items: list[str] = []

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        self.items.append(f"sheet {sheet}, row {row}, column {column}: {message}")

    def raise_any(self) -> None:
        if not self.items:
            return
        first = f"{self.source}: {self.items[0]}"
        if len(self.items) == 1:
            raise PlanError(first, source=self.source)
        shown = self.items[:20]
        more = len(self.items) - len(shown)
        details = [*shown, *([f"... and {more} more"] if more else [])]
        raise PlanError(
            f"{self.source}: {len(self.items)} problems in the workbook", source=self.source, details=details
        )


class _Sheet:
    """The rows of one sheet as dicts of the columns the reader knows (first header of a name wins)."""

    def __init__(self, name: str, rows: list[tuple[int, dict[int, Any]]], problems: _Problems):
        self.name = name
        self.problems = problems
        header = rows[0][1] if rows and rows[0][0] == 1 else {}
        self.columns: dict[str, int] = {}
        for i, h in sorted(header.items()):
            if isinstance(h, str) and h.strip():
                self.columns.setdefault(h.strip().casefold(), i)
        self.rows = [(n, row) for n, row in rows if n > 1]
        self.known = set(self.columns.values())

    def missing(self, required: tuple[str, ...]) -> list[str]:
        return [c for c in required if c not in self.columns]

    def refuse_errors(self, errors: list[tuple[int, int, str]]) -> None:
        """Error values (#N/A...) in a column the reader uses are problems naming the cell."""
        names = {i: c for c, i in self.columns.items()}
        for row, col, code in errors:
            if row > 1 and col in names:
                self.problems.add(
                    self.name,
                    row,
                    names[col],
                    f"error value {code[:20]} (a formula that failed); fix it or clear the cell",
                )

    def records(self) -> Iterator[tuple[int, Callable[[str], Any]]]:
        """(row number, a getter by column name) for each row that is not blank in the columns read."""
        known = self.known
        for n, row in self.rows:
            if all(
                v is None or isinstance(v, xlsx.CellError) or (isinstance(v, str) and not v.strip())
                for i, v in row.items()
                if i in known
            ):
                continue

            def get(column: str, row: dict[int, Any] = row) -> Any:
                i = self.columns.get(column)
                value = row.get(i) if i is not None else None
                return None if isinstance(value, xlsx.CellError) else value

            yield n, get


def _text(value: Any) -> str:
    """A cell as text: strings unescaped, numbers without a spurious '.0', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return ooxml_unescape(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _flag(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueError(f"expected TRUE or FALSE, got {value:g}")
    text = _text(value).strip().casefold()
    if text in ("", "false", "no", "0", "n"):
        return False
    if text in ("true", "yes", "1", "y"):
        return True
    raise ValueError(f'expected TRUE or FALSE, got "{one_line(text)}"')


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"expected {what}, got {value}")
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(_text(value).strip())
        except ValueError:
            raise ValueError(f'expected {what}, got "{one_line(_text(value))}"') from None
    if not math.isfinite(number) or not number.is_integer() or not 0 <= number <= 1_000_000:
        raise ValueError(f"expected {what}, got {one_line(_text(value))}")
    return int(number)


def _load_rows(path: Path, wanted: tuple[str, ...]) -> dict[str, tuple[list[tuple[int, dict[int, Any]]], list[Any]]]:
    """Sheet title -> (rows holding a value, error cells) for the sheets named in ``wanted`` (any case).

    Read through the import's guarded reader (planner.imports.sheets / planner.imports.xlsx): a regular file,
    zip limits checked before inflating, no DTD, only cells with a value, every row that is there.
    """
    from planner.imports import sheets

    source = str(path)
    with sheets_open(path) as fh:
        if fh.read(4) != b"PK\x03\x04":
            raise PlanFileError(f"{path}: not an Excel workbook (.xlsx) that can be read", source=source)
        fh.seek(0)
        out: dict[str, tuple[list[tuple[int, dict[int, Any]]], list[Any]]] = {}
        title = ""
        try:
            with xlsx.Book(fh, sheets.xlsx_limits()) as book:
                names = {w.casefold() for w in wanted}
                for title, part in book.sheets:
                    if title.casefold() not in names or title in out:
                        continue
                    extras = xlsx.SheetExtras()
                    out[title] = (list(book.rows(part, extras)), extras.errors)
        except xlsx.XlsxError as e:
            where = f"sheet {title}, row {e.row}: " if e.row and title else ""
            raise PlanFileError(f"{path}: {where}{e.problem}", source=source) from None
    return out


def sheets_open(path: Path) -> Any:
    """The workbook file, opened through planner.planfile.guard (a regular file within the import's size limit)."""
    from planner.imports import sheets

    return guard.open_file(path, sheets.MAX_TEXT_BYTES, "an Excel .xlsx workbook")


def read_workbook(path: str | os.PathLike[str], name: str | None = None) -> Plan:
    """A plan from a workbook Rocks exported (possibly edited since); PlanError naming sheet, row and column."""
    import orjson

    from planner.planfile import fileio

    path = Path(path)
    source = str(path)
    raw = _load_rows(path, ("People", "Rocks", "Teams", "Moves", "Plan"))
    problems = _Problems(source)
    present = {k.casefold(): k for k in raw}
    sheets: dict[str, _Sheet] = {}
    for sheet in ("People", "Rocks", "Teams", "Moves", "Plan"):
        actual = present.get(sheet.casefold())
        if actual is None:
            if sheet in ("People", "Rocks"):
                raise PlanError(
                    f"{path}: no sheet named {sheet}; a workbook from `rocks export` has the sheets "
                    f"{', '.join(SHEETS)}",
                    source=source,
                )
            continue
        sheets[sheet] = _Sheet(sheet, raw[actual][0], problems)
        missing = sheets[sheet].missing(REQUIRED[sheet])
        if missing:
            raise PlanError(
                f"{path}: sheet {sheet}: no column {', '.join(repr(m) for m in missing)} in the header row (row 1)",
                source=source,
            )
        sheets[sheet].refuse_errors(raw[actual][1])

    doc: dict[str, Any] = {"schema_version": 1, "name": name or path.stem}
    rows_of: dict[str, list[int]] = {}

    def field(sheet: str, row: int, column: str, parse: Callable[[Any], Any], value: Any) -> Any:
        try:
            return parse(value)
        except FieldError as e:
            problems.add(sheet, row, column, e.message.split(": ", 1)[-1])
        except ValueError as e:
            problems.add(sheet, row, column, str(e))
        return None

    # Plan: name and settings.
    if "Plan" in sheets:
        for n, get in sheets["Plan"].records():
            key = _text(get("field")).strip().casefold()
            if key == "name" and name is None and _text(get("value")).strip():
                doc["name"] = _text(get("value"))
            elif key == "settings" and _text(get("value")).strip():
                doc["settings"] = field("Plan", n, "value", _settings, get("value"))

    people: list[dict[str, Any]] = []
    rows_of["people"] = []
    for n, get in sheets["People"].records():
        pid = _text(get("id"))
        if not pid:
            problems.add("People", n, "id", "empty; every person needs an id")
            continue
        person: dict[str, Any] = {"id": pid, "name": _text(get("name")), "role": _text(get("role"))}
        manager = _text(get("manager id"))
        if manager:
            person["manager"] = manager
        dotted = field("People", n, "dotted ids", lambda v: parse_id_list(_text(v)), get("dotted ids"))
        if dotted:
            person["dotted"] = dotted
        capacity = get("capacity")
        if capacity is not None and _text(capacity).strip():
            person["capacity"] = field("People", n, "capacity", F.parse_capacity, capacity)
        team = _text(get("team id"))
        if team:
            person["team"] = team
        for key in ("email", "start"):
            if _text(get(key)):
                person[key] = _text(get(key))
        status = _text(get("status")).strip()
        if status:
            person["status"] = field("People", n, "status", F.parse_status, status)
        people.append(person)
        rows_of["people"].append(n)
    doc["people"] = people

    rocks: list[dict[str, Any]] = []
    rows_of["rocks"] = []
    for n, get in sheets["Rocks"].records():
        rid = _text(get("id"))
        if not rid:
            problems.add("Rocks", n, "id", "empty; every rock needs an id")
            continue
        rock: dict[str, Any] = {
            "id": rid,
            "title": _text(get("title")),
            "discipline": _text(get("discipline")),
            "effort": field("Rocks", n, "effort", F.parse_effort, get("effort")),
            "owner": _text(get("owner id")) or None,
        }
        kind = _text(get("kind")).strip()
        if kind:
            rock["kind"] = field("Rocks", n, "kind", F.parse_kind, kind)
        state = _text(get("state")).strip()
        if state:
            rock["state"] = field("Rocks", n, "state", F.parse_state, state)
        for key in ("area", "context", "problem", "impact", "goal", "priority"):
            if _text(get(key)):
                rock[key] = _text(get(key))
        contributors = field("Rocks", n, "contributor ids", lambda v: parse_id_list(_text(v)), get("contributor ids"))
        if contributors:
            rock["contributors"] = contributors
        for key in ("seeded", "grows"):
            if field("Rocks", n, key, _flag, get(key)):
                rock[key] = True
        kept = field("Rocks", n, "kept", F.parse_kept, _text(get("kept")))
        if kept is not None:
            rock["kept"] = kept
        rocks.append(rock)
        rows_of["rocks"].append(n)
    doc["rocks"] = rocks

    teams: list[dict[str, Any]] = []
    rows_of["teams"] = []
    if "Teams" in sheets:
        for n, get in sheets["Teams"].records():
            tid = _text(get("id"))
            if not tid:
                problems.add("Teams", n, "id", "empty; every team needs an id")
                continue
            team_doc: dict[str, Any] = {"id": tid, "name": _text(get("name"))}
            lead = _text(get("lead id"))
            if lead:
                team_doc["lead"] = lead
            if get("headcount") is not None and _text(get("headcount")).strip():
                team_doc["headcount"] = field(
                    "Teams",
                    n,
                    "headcount",
                    lambda v: _whole(v, "a whole number of engineers, 0 or more"),
                    get("headcount"),
                )
            growth = field("Teams", n, "growth", _growth, get("growth"))
            if growth:
                team_doc["growth"] = growth
            teams.append(team_doc)
            rows_of["teams"].append(n)
    doc["teams"] = teams

    moves: list[dict[str, Any]] = []
    rows_of["moves"] = []
    if "Moves" in sheets:
        for n, get in sheets["Moves"].records():
            move: dict[str, Any] = {
                "rock": _text(get("rock id")),
                "from": _text(get("from id")) or None,
                "to": _text(get("to id")) or None,
                "when": _text(get("when")),
            }
            if not move["rock"]:
                problems.add("Moves", n, "rock id", "empty; a move names the id of the rock it moved")
                continue
            if _text(get("note")):
                move["note"] = _text(get("note"))
            moves.append(move)
            rows_of["moves"].append(n)
    doc["moves"] = moves
    problems.raise_any()

    try:
        data = orjson.dumps(doc)
    except (TypeError, orjson.JSONEncodeError):
        raise PlanError(
            f"{path}: the workbook holds text that cannot be stored (a lone surrogate)", source=source
        ) from None
    try:
        return fileio.loads(data, source)
    except PlanError as e:
        raise _with_rows(e, rows_of) from None


def _settings(value: Any) -> Any:
    try:
        settings = json.loads(_text(value))
    except json.JSONDecodeError as e:
        raise ValueError(f"expected the plan's settings as JSON ({e.msg} at character {e.pos})") from None
    if not isinstance(settings, dict):
        raise ValueError("expected the plan's settings as a JSON object")
    return settings


def _growth(value: Any) -> list[int]:
    if value is None:
        return []
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [_whole(value, "whole numbers of engineers separated by commas")]
    parts = [p.strip() for p in _text(value).replace(";", ",").split(",")]
    return [_whole(p, "whole numbers of engineers separated by commas") for p in parts if p]


def _with_rows(e: PlanError, rows_of: dict[str, list[int]]) -> PlanError:
    """A plan-file error about people[3] made about the workbook: "sheet People, row 5"."""

    def where(match: re.Match[str]) -> str:
        section, index = match.group(1), int(match.group(2))
        rows = rows_of.get(section, [])
        row = rows[index] if index < len(rows) else index + 2
        label = match.group(3) or ""
        column = match.group(4)
        text = f"sheet {_SECTION_SHEET[section]}, row {row}{label}"
        return f"{text}, column {_COLUMN_OF.get(column, column)}" if column else text

    message = _FILE_PATH.sub(where, str(e))
    details = [_FILE_PATH.sub(where, d) for d in e.details]
    return PlanError(message, source=e.source, details=details)
