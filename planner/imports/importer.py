"""Build a plan from people / rocks / teams spreadsheets (the ``rocks import`` CLI).

All or nothing: every problem in every file is collected, then one
PlanImportError lists them as ``file:row: ...`` (header = row 1) and nothing is
imported. Raw file reading lives in planner.imports.sheets, the people rows in
planner.imports.people_rows, the bookkeeping of a run in planner.imports.job; field
values go through planner.core.fields so they are accepted or refused with the same
words everywhere. An optional ``progress`` callback sees the work advance and can
stop it (ImportCancelled), so a GUI can run the import in a worker thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from models import Plan, Rock
from planner.core import fields
from planner.core.errors import FieldError, PlanImportError
from planner.core.text import one_line
from planner.imports import people_rows
from planner.imports.job import (
    MAX_DETAILS,
    MAX_WARNINGS,
    PROGRESS_STEPS,
    ImportFailed,
    Job,
    Meter,
    Progress,
    capped,
    listed,
)
from planner.imports.mapping import (
    PEOPLE_COLUMNS,
    guess_from_values,
    header_key,
    looks_like_data,
    people_field,
    resolve_column,
)
from planner.imports.mapping import PeopleIndex as _Index
from planner.imports.sheets import ImportCancelled, Sheet, read_sheet

__all__ = [
    "MAX_DETAILS",
    "PROGRESS_STEPS",
    "ImportCancelled",
    "ImportFailed",
    "ImportResult",
    "Progress",
    "import_sheets",
]

ROCK_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "rock", "rocktitle", "name", "responsibility"),
    "discipline": ("discipline",),
    "effort": ("effort", "size", "tshirt", "tshirtsize", "effortsize"),
    "owner": ("owner", "ownername", "owneremail", "ownerid", "accountable", "dri"),
    "contributors": ("contributors", "contributor"),
    "area": ("area", "featurearea", "productline", "productarea"),
    "kind": ("kind",),
    "state": ("state",),
    "notes": ("notes", "note", "context", "description", "comments", "comment"),
    "problem": ("problem", "problemstatement"),
    "impact": ("impact",),
    "goal": ("goal", "smartgoal", "objective"),
    "priority": ("priority", "prio"),
}
# Roadmap-sheet columns with no field of their own: appended to the rock's
# context, labelled, so the rock keeps its context wherever it moves.
ROCK_CONTEXT_EXTRAS = (
    "driver", "rootcause", "driverorrootcause", "potentialsolution", "solution",
    "justification", "stakeholders", "stakeholdersaffected",
)  # fmt: skip
TEAM_COLUMNS: dict[str, tuple[str, ...]] = {
    "team": ("team", "teamname", "name"),
    "engineers": ("engineers", "headcount", "engineerheadcount", "engineercount", "developers"),
    "lead": ("lead", "teamlead"),
}
EFFORT_EXPECTED = "a percent of a week from 0 to 100 or a size XS/S/M/L/XL"


@dataclass
class ImportResult:
    plan: Plan
    warnings: list[str] = field(default_factory=list)
    leavers: int = 0  # people rows skipped as leavers (a leaver status, or a termination date passed)


def import_sheets(
    people: str | Path,
    rocks: str | Path | None = None,
    teams: str | Path | None = None,
    *,
    lenient: bool = False,
    name: str | None = None,
    progress: Progress | None = None,
    mapping: dict[str, str] | None = None,
    header: bool | None = None,
    delimiter: str | None = None,
) -> ImportResult:
    """Read the files into a new plan, or raise PlanImportError listing every problem.

    ``lenient`` turns a person reference that matches nobody (manager, dotted
    line, owner, contributor, team lead) into a warning instead of an error:
    the person becomes a root, the reference is dropped. Ambiguity stays an error.
    ``progress(done, total)`` is called every few hundred rows; returning False
    stops the import with ImportCancelled (nothing is imported).
    ``mapping`` {field: header or 1-based column number, "" = do not import}
    corrects the guessed people columns; ``header`` None guesses whether the
    people file has a header row; ``delimiter`` None sniffs it.
    """
    job = _Import(lenient, Meter(progress))
    job.mapping, job.header, job.delimiter = dict(mapping or {}), header, delimiter
    paths = [(kind, path) for kind, path in (("people", people), ("rocks", rocks), ("teams", teams))]
    given = [kind for kind, path in paths if path is not None]
    sheets: dict[str, Sheet | None] = {}
    for kind, path in paths:
        if path is not None:  # reading takes the first half of the bar, one equal share per file
            i = given.index(kind)
            job.meter.stage(i / len(given) / 2, (i + 1) / len(given) / 2)
        sheets[kind] = job.read(path, kind)
    job.raise_if_problems()
    cols = {kind: job.columns(sheet, kind) for kind, sheet in sheets.items() if sheet is not None}
    for sheet in sheets.values():
        if sheet is not None:
            job.unread_cells(sheet, cols[_kind_of(sheets, sheet)])
    job.raise_if_problems()
    # people count twice (read, then linked to their managers), so the bar moves all the way
    job.meter.rows(sum(len(s.rows) * (2 if k == "people" else 1) for k, s in sheets.items() if s is not None))
    plan = Plan(name=_plan_name(job, name, Path(people)))
    assert sheets["people"] is not None
    index = people_rows.people(job, plan, sheets["people"], cols["people"], sheets["teams"], cols.get("teams"))
    if sheets["rocks"] is not None:
        job.rocks(plan, sheets["rocks"], cols["rocks"], index)
    job.raise_if_problems()
    job.meter.done()
    return ImportResult(plan, capped(job.warnings, MAX_WARNINGS, "warning"), job.leavers)


def _kind_of(sheets: dict[str, Sheet | None], sheet: Sheet) -> str:
    return next(kind for kind, s in sheets.items() if s is sheet)


def _plan_name(job: _Import, name: str | None, people: Path) -> str:
    default = people.stem or "Imported plan"
    if name is None:
        return default
    try:
        return fields.parse_text(name, "name") or default
    except FieldError as e:
        job.add("plan name", "", f"plan {e}")
        return default


class _Import(Job):
    """One import run: the Job's bookkeeping plus reading the files, their columns and the rocks."""

    def __init__(self, lenient: bool, meter: Meter):
        super().__init__(lenient, meter)
        self.mapping: dict[str, str] = {}
        self.header: bool | None = None
        self.delimiter: str | None = None
        self.taken: dict[str, tuple[str, str, str]] = {}  # field -> (field mapped onto its column, COLUMN, header)

    def read(self, path: str | Path | None, kind: str) -> Sheet | None:
        if path is None:
            return None
        self.files.append(Path(path).name or str(path))
        try:
            tick = self.meter.tick if self.meter.callback else None
            sheet = read_sheet(path, kind, tick, delimiter=self.delimiter)
            if kind == "people" and (
                self.header is False or (self.header is None and looks_like_data(sheet.headers, self.roles))
            ):
                sheet = read_sheet(path, kind, tick, delimiter=self.delimiter, header=False)
                if self.header is None:
                    self.warnings.append(
                        f"{sheet.label}: the first row looks like data (no known column name), so it is read as "
                        "a person and the columns are guessed from their values (use --map FIELD=COLUMN to correct)"
                    )
        except PlanImportError as e:
            for text in e.details or [str(e)]:
                self.add(Path(path).name or str(path), e.source, text)
            return None
        self.warnings.extend(sheet.warnings)
        for text in sheet.warnings:  # row warnings (extra cells...) often explain a row's error: list them with it
            anchored = re.match(rf"{re.escape(sheet.label)}:(\d+): ", text)
            if anchored:
                self.notes.append((sheet.label, int(anchored.group(1)), f"{text} (warning)"))
        return sheet

    def unread_cells(self, sheet: Sheet, cols: dict[str, int]) -> None:
        """Cells the reader could not read: errors in imported columns, warnings in ignored ones."""
        used = set(cols.values())
        for row, col, text in sheet.unread:
            if col in used:
                self.add(sheet.label, sheet.source, text, row)
            else:
                self.warnings.append(f"{text} (a column that is not imported)")

    def columns(self, sheet: Sheet, kind: str) -> dict[str, int]:
        """Field -> column index; notes ignored columns once and reports missing required ones."""
        spec = {"people": PEOPLE_COLUMNS, "rocks": ROCK_COLUMNS, "teams": TEAM_COLUMNS}[kind]
        lookup = {alias: f for f, aliases in spec.items() for alias in aliases}
        found: dict[str, int] = {}
        ignored = []
        for i, header in enumerate(sheet.headers):
            key = header_key(header)
            target = people_field(header) if kind == "people" else lookup.get(key)
            if kind == "rocks" and key in ROCK_CONTEXT_EXTRAS:
                found[f"extra:{i}"] = i
            elif target is None:
                ignored.append(header or f"(column {i + 1} has no header)")
            elif target in found:
                ignored.append(f'{header} ({target} is read from "{sheet.headers[found[target]]}")')
            else:
                found[target] = i
        if kind == "people" and (sheet.headerless or self.mapping):
            found, ignored = self._mapped(sheet, found, ignored)
        if ignored:
            how = ""
            if kind == "people" and sheet.headerless:  # nothing names these columns: say how to read one
                n = next(i for i, h in enumerate(sheet.headers) if h == ignored[0]) + 1
                how = f" (to read one, give its field and number: --map FIELD={n}, FIELD one of {', '.join(PEOPLE_COLUMNS)})"
            self.warnings.append(f"{sheet.label}: ignored columns: {listed([one_line(h, 80) for h in ignored])}{how}")
        required = {"people": ("name",), "rocks": ("title", "discipline", "effort"), "teams": ("team", "engineers")}
        if kind == "rocks" and "title" not in found and "problem" in found:
            found["title"] = found["problem"]  # a roadmap sheet names its rows by the problem
        headers = listed([one_line(h, 40) for h in sheet.headers if h]) or "(none)"
        for column in required[kind]:
            if column not in found and kind == "people" and column in self.taken:
                by, given, header = self.taken[column]
                self.problem(
                    sheet,
                    1,
                    f'no column is read as the {column}: "{one_line(header, 40)}" is read as the {by} '
                    f"(--map {by}={one_line(given, 40)}); read the {column} from another column with --map {column}=COLUMN",
                )
            elif column not in found:
                self.problem(sheet, 1, f'no "{column}" column; found: {headers}')
        return found

    def _mapped(self, sheet: Sheet, found: dict[str, int], ignored: list[str]) -> tuple[dict[str, int], list[str]]:
        """The guessed people columns corrected by ``mapping``; every column used is noted."""
        if sheet.headerless:
            found = guess_from_values([cells for _, cells in sheet.rows], len(sheet.headers), self.roles)
        for fieldname, column in self.mapping.items():
            if not column:
                found.pop(fieldname, None)
                continue
            index = resolve_column(column, sheet.headers)
            if index is None:
                headers = listed([one_line(h, 40) for h in sheet.headers if h]) or "(none)"
                self.problem(
                    sheet,
                    1,
                    f"--map {fieldname}={one_line(column)}: no such column (a header or a number "
                    f"from 1 to {len(sheet.headers)}); found: {headers}",
                )
                continue
            for other, i in found.items():
                if i == index and other != fieldname:  # that column was this field's: say so if none is left
                    self.taken[other] = (fieldname, column, sheet.headers[index])
            found = {f: i for f, i in found.items() if i != index}
            found[fieldname] = index
        used = sorted(found.items(), key=lambda item: item[1])
        read_as = ", ".join(f'{f} = "{one_line(sheet.headers[i], 40)}"' for f, i in used)
        self.warnings.append(f"{sheet.label}: columns read: {read_as or 'none'}")
        ignored = [h for i, h in enumerate(sheet.headers) if i not in found.values()]
        return found, ignored

    def rocks(self, plan: Plan, sheet: Sheet, cols: dict[str, int], index: _Index) -> None:
        """Rocks r1, r2... in row order; every field checked, owners looked up among the people."""
        table = plan.discipline_table
        accepted = ", ".join(table.accepted())
        extras = [(sheet.headers[i], i) for f, i in cols.items() if f.startswith("extra:")]
        for n, (row, cells) in enumerate(sheet.rows, start=1):
            self.meter.row()
            get = {f: cells[i] for f, i in cols.items()}.get
            title = self.parse(sheet, row, fields.parse_name, get("title", ""), "title")
            discipline = get("discipline", "")
            if discipline:
                discipline = self.parse(sheet, row, fields.parse_discipline, discipline, table)
            else:
                self.problem(sheet, row, f"discipline: is empty; expected one of {accepted}")
            effort = get("effort", "")
            if effort:
                effort = self.parse(sheet, row, fields.parse_effort, effort)
            else:
                self.problem(sheet, row, f"effort: is empty; expected {EFFORT_EXPECTED}")
            rock = Rock(f"r{n}", title or "", discipline or "", effort or 0.0)
            if get("owner"):
                rock.owner = self.ref(sheet, row, "owner", get("owner", ""), index, "rock imported unowned")
            if get("contributors"):
                rock.contributors = self.refs(sheet, row, "contributor", get("contributors", ""), index)
            if get("kind"):
                rock.kind = self.parse(sheet, row, fields.parse_kind, get("kind")) or "tactical"
            if get("state"):
                rock.state = self.parse(sheet, row, fields.parse_state, get("state")) or "active"
            notes = [get("notes", "")] + [f"{header}: {cells[i]}" for header, i in extras if cells[i]]
            rock.context = self.parse(sheet, row, fields.parse_text, "\n".join(filter(None, notes)), "notes") or ""
            for attr in ("area", "problem", "impact", "goal", "priority"):
                setattr(rock, attr, self.parse(sheet, row, fields.parse_text, get(attr, ""), attr) or "")
            plan.rocks[rock.id] = rock
