"""Build a plan from people / rocks / teams spreadsheets (the ``rocks import`` CLI).

All or nothing: every problem in every file is collected, then one
PlanImportError lists them as ``file:row: ...`` (header = row 1) and nothing is
imported. Raw file reading lives in planner.imports.sheets; field values go through
planner.core.fields so they are accepted or refused with the same words everywhere.
An optional ``progress`` callback sees the work advance and can stop it
(ImportCancelled), so a GUI can run the import in a worker thread.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import Person, Plan, Rock, RoleTable, Team
from planner.core import fields
from planner.core.errors import FieldError, PlanImportError
from planner.core.text import plural, shown
from planner.imports.mapping import (
    PEOPLE_COLUMNS,
    STATUS_SYNONYMS,
    current_rows,
    guess_from_values,
    header_key,
    looks_like_data,
    norm,
    resolve_column,
)
from planner.imports.mapping import PeopleIndex as _Index
from planner.imports.sheets import Cells, ImportCancelled, Sheet, read_sheet
from planner.planfile.fileio import find_cycles

__all__ = ["ImportCancelled", "ImportFailed", "ImportResult", "Progress", "import_sheets"]

MAX_ID = 200  # planner.planfile.schema: ids are at most 200 characters
MAX_DETAILS = 100  # problems listed in a PlanImportError; the rest are counted
MAX_WARNINGS = 100
Progress = Callable[[int, int], bool]  # (done, total) -> False to cancel
PROGRESS_STEPS = 1000  # ``total`` passed to a progress callback

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
# context, labelled, so the rock keeps its context (domain.md, "The rocks").
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
EMPTY_REFERENCES = ("null", "none", "nil", "n/a", "-")  # what some exporters write for "no manager"


class ImportFailed(PlanImportError):
    """An import refused for problems in the rows; ``hints`` say what the user can do (--lenient, --map)."""

    hints: list[str]

    def full_text(self) -> str:
        return "\n".join([super().full_text(), *self.hints])


@dataclass
class ImportResult:
    plan: Plan
    warnings: list[str] = field(default_factory=list)


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
    job = _Import(lenient, _Meter(progress))
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
    job.meter.rows(sum(len(s.rows) for s in sheets.values() if s is not None))
    plan = Plan(name=_plan_name(job, name, Path(people)))
    assert sheets["people"] is not None
    index = job.people(plan, sheets["people"], cols["people"], sheets["teams"], cols.get("teams"))
    if sheets["rocks"] is not None:
        job.rocks(plan, sheets["rocks"], cols["rocks"], index)
    job.raise_if_problems()
    job.meter.done()
    return ImportResult(plan, _capped(job.warnings, MAX_WARNINGS, "warning"))


def _listed(items: list[str], limit: int = 30) -> str:
    return ", ".join(items[:limit]) + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _kind_of(sheets: dict[str, Sheet | None], sheet: Sheet) -> str:
    return next(kind for kind, s in sheets.items() if s is sheet)


def _capped(lines: list[str], limit: int, word: str) -> list[str]:
    """At most ``limit`` lines, the last one saying how many more there were."""
    if len(lines) <= limit:
        return lines
    return [*lines[: limit - 1], f"... and {plural(len(lines) - limit + 1, f'more {word}')}"]


class _Meter:
    """Maps each step's own (done, total) onto one 0..PROGRESS_STEPS scale and asks to go on."""

    def __init__(self, callback: Progress | None):
        self.callback = callback
        self.start, self.end = 0.0, 1.0
        self.total_rows = 0
        self.rows_done = 0
        self.last = -1

    def stage(self, start: float, end: float) -> None:
        self.start, self.end = start, end
        self.tick(0, 1)

    def tick(self, done: int, total: int) -> None:
        """Report a fraction of the current stage; raises ImportCancelled when the callback says stop."""
        if self.callback is None:
            return
        share = min(max(done / total, 0.0), 1.0) if total > 0 else 0.0
        value = int((self.start + (self.end - self.start) * share) * PROGRESS_STEPS)
        if not self.callback(value, PROGRESS_STEPS):
            raise ImportCancelled("Import cancelled; nothing was imported")
        self.last = value

    def rows(self, total: int) -> None:
        """Building the plan: the second half of the bar, row by row over every file."""
        self.stage(0.5, 1.0)
        self.total_rows, self.rows_done = total, 0

    def row(self) -> None:
        self.rows_done += 1
        if self.callback is not None and self.rows_done % 256 == 0:
            self.tick(self.rows_done, self.total_rows)

    def done(self) -> None:
        self.stage(1.0, 1.0)


def _plan_name(job: _Import, name: str | None, people: Path) -> str:
    default = people.stem or "Imported plan"
    if name is None:
        return default
    try:
        return fields.parse_text(name, "name") or default
    except FieldError as e:
        job.add("plan name", "", f"plan {e}")
        return default


_key = header_key


_norm = norm


def _slug(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


class _Ids:
    """Stable generated ids: a slug, de-duplicated with -2, -3... against every id taken."""

    def __init__(self, taken: set[str]):
        self.taken = taken
        self._next: dict[str, int] = {}

    def make(self, base: str) -> str:
        if base not in self.taken:
            self.taken.add(base)
            return base
        n = self._next.get(base, 2)
        while f"{base}-{n}" in self.taken:
            n += 1
        self._next[base] = n + 1
        self.taken.add(f"{base}-{n}")
        return f"{base}-{n}"


class _Import:
    """One import run: the problems and warnings collected so far, and the steps."""

    def __init__(self, lenient: bool, meter: _Meter):
        self.lenient = lenient
        self.meter = meter
        self.problems: list[tuple[str, int, str]] = []  # (file label, row, text); row 0 = the whole file
        self.warnings: list[str] = []
        self.notes: list[tuple[str, int, str]] = []  # row warnings, listed among the problems if the import fails
        self.source = ""
        self.counts: dict[str, int] = {}  # problems per file label, for the summary
        self.files: list[str] = []  # labels in argument order: details are sorted by file, then row
        self.team_ids = _Ids(set())
        self.mapping: dict[str, str] = {}
        self.header: bool | None = None
        self.delimiter: str | None = None
        self.taken: dict[str, tuple[str, str, str]] = {}  # field -> (field mapped onto its column, COLUMN, header)
        self.hints: list[str] = []
        self.manager_column = ""  # added to the error's summary: what the user can do about it
        self.roles = RoleTable.build()

    def add(self, label: str, source: str, text: str, row: int = 0) -> None:
        self.source = self.source or source
        self.counts[label] = self.counts.get(label, 0) + 1
        self.problems.append((label, row, text))

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

    def raise_if_problems(self) -> None:
        if not self.problems:
            return
        order = {label: i for i, label in reversed(list(enumerate(self.files)))}
        details = [text for _, _, text in sorted(self.problems, key=lambda p: (order.get(p[0], -1), p[1]))]
        if self.notes:
            every = sorted(self.problems + self.notes, key=lambda p: (order.get(p[0], -1), p[1]))
            details = [text for _, _, text in every]
        if len(self.problems) == 1:
            summary = self.problems[0][2]
        else:
            labels = sorted(self.counts, key=lambda label: order.get(label, -1))
            summary = ", ".join(f"{label}: {plural(self.counts[label], 'problem')}" for label in labels)
        details = _capped(details, MAX_DETAILS, "problem")
        error = ImportFailed(f"{summary}; nothing was imported", source=self.source, details=details)
        error.hints = list(dict.fromkeys(self.hints))
        raise error

    def problem(self, sheet: Sheet, row: int, text: str) -> None:
        self.add(sheet.label, sheet.source, f"{sheet.label}:{row}: {text}", row)

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
            key = _key(header)
            target = lookup.get(key)
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
            self.warnings.append(f"{sheet.label}: ignored columns: {_listed([shown(h, 80) for h in ignored])}")
        required = {"people": ("name",), "rocks": ("title", "discipline", "effort"), "teams": ("team", "engineers")}
        if kind == "rocks" and "title" not in found and "problem" in found:
            found["title"] = found["problem"]  # a roadmap sheet names its rows by the problem
        headers = _listed([shown(h, 40) for h in sheet.headers if h]) or "(none)"
        for column in required[kind]:
            if column not in found and kind == "people" and column in self.taken:
                by, given, header = self.taken[column]
                self.problem(
                    sheet,
                    1,
                    f'no column is read as the {column}: "{shown(header, 40)}" is read as the {by} '
                    f"(--map {by}={shown(given, 40)}); read the {column} from another column with --map {column}=COLUMN",
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
                headers = _listed([shown(h, 40) for h in sheet.headers if h]) or "(none)"
                self.problem(
                    sheet,
                    1,
                    f"--map {fieldname}={shown(column)}: no such column (a header or a number "
                    f"from 1 to {len(sheet.headers)}); found: {headers}",
                )
                continue
            for other, i in found.items():
                if i == index and other != fieldname:  # that column was this field's: say so if none is left
                    self.taken[other] = (fieldname, column, sheet.headers[index])
            found = {f: i for f, i in found.items() if i != index}
            found[fieldname] = index
        used = sorted(found.items(), key=lambda item: item[1])
        listed = ", ".join(f'{f} = "{shown(sheet.headers[i], 40)}"' for f, i in used)
        self.warnings.append(f"{sheet.label}: columns read: {listed or 'none'}")
        ignored = [h for i, h in enumerate(sheet.headers) if i not in found.values()]
        return found, ignored

    def _parse(self, sheet: Sheet, row: int, parser: Callable[..., Any], *args: Any) -> Any:
        try:
            return parser(*args)
        except FieldError as e:
            text = str(e)
            if args and isinstance(args[0], str) and args[0]:  # the cell value, quoted in the message
                text = text.replace(args[0], shown(args[0]))
            self.problem(sheet, row, shown(text, 400))
            return None

    def _ref(self, sheet: Sheet, row: int, what: str, value: str, index: _Index, lenient_note: str) -> str | None:
        try:
            return index.find(value)
        except LookupError as e:
            if self.lenient and str(e).startswith("not found"):
                self.warnings.append(
                    f'{sheet.label}:{row}: {what} "{shown(value)}" not found; {lenient_note} (lenient)'
                )
            else:
                self.problem(sheet, row, f'{what} "{shown(value)}" {e}')
                if what == "manager" and str(e).startswith("not found"):
                    self.hints.append(
                        f'managers are read from column "{shown(self.manager_column, 40)}": use --lenient to import '
                        "people whose manager is not in the file as roots, or --map manager=COLUMN "
                        "(or parent=COLUMN) to read another column"
                    )
            return None

    def _refs(self, sheet: Sheet, row: int, what: str, cell: str, index: _Index) -> list[str]:
        out: list[str] = []
        for value in filter(None, (v.strip() for v in re.split(r"[,;]", cell))):
            pid = self._ref(sheet, row, what, value, index, "dropped")
            if pid is not None and pid not in out:
                out.append(pid)
        return out

    def people(
        self,
        plan: Plan,
        sheet: Sheet,
        cols: dict[str, int],
        teams_sheet: Sheet | None,
        team_cols: dict[str, int] | None,
    ) -> _Index:
        """Add every person (and the teams) to ``plan``; returns the lookup index for rocks."""
        index = _Index(sheet.label)
        if not sheet.rows:
            self.problem(sheet, 2, "no people below the header row")
        self.manager_column = (
            sheet.headers[cols["parent"] if "parent" in cols else cols.get("manager", 0)] if sheet.headers else ""
        )
        current = self._current_rows(sheet, cols, index)
        explicit: dict[str, int] = {}
        c_id = cols.get("id")
        if c_id is not None:
            for row, cells in current:
                pid = cells[c_id]
                if not pid:
                    continue
                if len(pid) > MAX_ID:
                    self.problem(sheet, row, f"id: must be at most {MAX_ID} characters")
                elif pid in explicit:
                    self.problem(sheet, row, f'id "{shown(pid)}" is already used by row {explicit[pid]}')
                else:
                    explicit[pid] = row
        ids = _Ids(set(explicit))
        records = []
        for row, cells in current:
            self.meter.row()
            get = {f: cells[i] for f, i in cols.items()}.get
            name = self._parse(sheet, row, fields.parse_name, get("name", ""))
            if name is None:
                continue
            pid = get("id", "")
            if not pid or explicit.get(pid) != row:  # missing, or refused above: generate one
                pid = ids.make(_slug(name) or f"p{row}")
            person = Person(pid, name)
            for attr in ("role", "email", "start"):
                if get(attr):
                    setattr(person, attr, self._parse(sheet, row, fields.parse_text, get(attr), attr) or "")
            if get("capacity"):
                person.capacity = self._parse(sheet, row, fields.parse_capacity, get("capacity")) or 100.0
            if get("status"):
                status = STATUS_SYNONYMS.get(_norm(get("status", "")), get("status"))
                person.status = self._parse(sheet, row, fields.parse_status, status) or "active"
            index.add(row, pid, name, person.email)
            records.append((row, person, get("parent", ""), get("manager", ""), get("dotted", ""), get("team", "")))
        team_ids = self.teams(plan, teams_sheet, team_cols) if teams_sheet is not None and team_cols else {}
        use_parent = self._parent_usable(sheet, cols, [r[2] for r in records], index)
        for row, person, parent, manager, dotted, team in records:
            manager = (parent if use_parent else "") or manager
            if manager:
                person.manager = self._manager(sheet, row, person, manager, index)
            if dotted:
                person.dotted = self._refs(sheet, row, "dotted line", dotted, index)
                if person.id in person.dotted:
                    self.problem(sheet, row, f'dotted line "{shown(dotted)}" includes this person themselves')
            if team:
                person.team = self._team(plan, team_ids, sheet, row, team)
            plan.people[person.id] = person
        if teams_sheet is not None and team_cols:
            self._team_leads(plan, teams_sheet, team_cols, index)
        for cycle in find_cycles(plan):
            rows = [index.by_id[pid] for pid in cycle]
            names = " -> ".join(shown(plan.people[pid].name, 40) for pid in [*cycle[:10], cycle[0]])
            listed = ", ".join(map(str, sorted(rows)[:20])) + (f" and {len(rows) - 20} more" if len(rows) > 20 else "")
            if len(cycle) > 10:
                names = names.rsplit(" -> ", 1)[0] + f" -> ... ({len(cycle)} people)"
            self.problem(sheet, min(rows), f"reporting cycle: {names} (rows {listed})")
        return index

    def _current_rows(self, sheet: Sheet, cols: dict[str, int], index: _Index) -> list[tuple[int, Cells]]:
        """The rows of people here now (mapping.current_rows); history rows and leavers left out are noted."""
        kept, dropped, leavers = current_rows(sheet.rows, cols)
        if dropped:
            latest = "latest" if "asof" in cols else "last"
            self.warnings.append(
                f"{sheet.label}: {plural(len(dropped), 'history row')} of people listed more than once left out, "
                f"keeping each person's {latest} row (rows {_listed([str(r) for r in dropped], 20)})"
            )
        for row, cells in leavers:
            index.left(row, *(cells[cols[f]] if f in cols else "" for f in ("id", "name")))
        if leavers:
            self.warnings.append(
                f"{sheet.label}: {plural(len(leavers), 'leaver')} skipped (a status such as Terminated or Inactive, "
                f"or a termination date that has passed): rows {_listed([str(r) for r, _ in leavers], 20)}"
            )
        return kept

    def _parent_usable(self, sheet: Sheet, cols: dict[str, int], parents: list[str], index: _Index) -> bool:
        """A parent-id column whose values are mostly not ids of this file is not used when a manager column exists."""
        if "parent" not in cols or "id" not in cols or "manager" not in cols:
            return True
        values = [v for v in parents if v and v.casefold() not in EMPTY_REFERENCES]
        hits = sum(1 for v in values if v in index.by_id or v in index.gone)
        if not values or hits * 2 >= len(values):
            return True
        header, ids, managers = (shown(sheet.headers[cols[f]], 40) for f in ("parent", "id", "manager"))
        self.warnings.append(
            f'{sheet.label}: column "{header}" is not used as the manager id: {len(values) - hits} of '
            f'{len(values)} values are not ids from column "{ids}"; managers are read from column "{managers}" instead'
        )
        self.manager_column = sheet.headers[cols["manager"]]
        return False

    def _manager(self, sheet: Sheet, row: int, person: Person, value: str, index: _Index) -> str | None:
        if value.casefold() in EMPTY_REFERENCES and value not in index.by_id and _norm(value) not in index.by_name:
            return None
        manager = self._ref(sheet, row, "manager", value, index, f"{shown(person.name, 40)} imported without a manager")
        if manager == person.id:
            self.problem(sheet, row, f'manager "{shown(value)}" is this person themselves')
            return None
        return manager

    def _team(self, plan: Plan, team_ids: dict[str, str], sheet: Sheet, row: int, name: str) -> str | None:
        """The id of the team with this name, created on first sight."""
        clean = self._parse(sheet, row, fields.parse_name, name, "team")
        if clean is None:
            return None
        key = _norm(clean)
        if key not in team_ids:
            tid = self.team_ids.make(_slug(clean) or "team")
            plan.teams[tid] = Team(tid, clean)
            team_ids[key] = tid
        return team_ids[key]

    def teams(self, plan: Plan, sheet: Sheet, cols: dict[str, int]) -> dict[str, str]:
        """Teams from the teams file, in file order, with their engineer headcount."""
        team_ids: dict[str, str] = {}
        seen: dict[str, int] = {}
        for row, cells in sheet.rows:
            self.meter.row()
            name = cells[cols["team"]]
            key = _norm(name)
            if key and key in seen:
                self.problem(sheet, row, f'team "{shown(name)}" is already listed in row {seen[key]}')
                continue
            tid = self._team(plan, team_ids, sheet, row, name)
            engineers = cells[cols["engineers"]]
            if re.fullmatch(r"\d{1,3}(,\d{3})+", engineers):  # "1,200": fields would read the comma as a decimal point
                engineers = engineers.replace(",", "")
            headcount = self._parse(sheet, row, fields.parse_headcount, engineers)
            if tid is None:
                continue
            seen[key] = row
            plan.teams[tid].headcount = headcount or 0
        return team_ids

    def _team_leads(self, plan: Plan, sheet: Sheet, cols: dict[str, int], index: _Index) -> None:
        if "lead" not in cols:
            return
        by_name = {_norm(t.name): t for t in plan.teams.values()}
        for row, cells in sheet.rows:
            lead, team = cells[cols["lead"]], by_name.get(_norm(cells[cols["team"]]))
            if lead and team is not None:
                team.lead = self._ref(sheet, row, "lead", lead, index, "team imported without a lead")

    def rocks(self, plan: Plan, sheet: Sheet, cols: dict[str, int], index: _Index) -> None:
        """Rocks r1, r2... in row order; every field checked, owners looked up among the people."""
        table = plan.discipline_table
        accepted = ", ".join(table.accepted())
        extras = [(sheet.headers[i], i) for f, i in cols.items() if f.startswith("extra:")]
        for n, (row, cells) in enumerate(sheet.rows, start=1):
            self.meter.row()
            get = {f: cells[i] for f, i in cols.items()}.get
            title = self._parse(sheet, row, fields.parse_name, get("title", ""), "title")
            discipline = get("discipline", "")
            if discipline:
                discipline = self._parse(sheet, row, fields.parse_discipline, discipline, table)
            else:
                self.problem(sheet, row, f"discipline: is empty; expected one of {accepted}")
            effort = get("effort", "")
            if effort:
                effort = self._parse(sheet, row, fields.parse_effort, effort)
            else:
                self.problem(sheet, row, f"effort: is empty; expected {EFFORT_EXPECTED}")
            rock = Rock(f"r{n}", title or "", discipline or "", effort or 0.0)
            if get("owner"):
                rock.owner = self._ref(sheet, row, "owner", get("owner", ""), index, "rock imported unowned")
            if get("contributors"):
                rock.contributors = self._refs(sheet, row, "contributor", get("contributors", ""), index)
            if get("kind"):
                rock.kind = self._parse(sheet, row, fields.parse_kind, get("kind")) or "tactical"
            if get("state"):
                rock.state = self._parse(sheet, row, fields.parse_state, get("state")) or "active"
            notes = [get("notes", "")] + [f"{header}: {cells[i]}" for header, i in extras if cells[i]]
            rock.context = self._parse(sheet, row, fields.parse_text, "\n".join(filter(None, notes)), "notes") or ""
            for attr in ("area", "problem", "impact", "goal", "priority"):
                setattr(rock, attr, self._parse(sheet, row, fields.parse_text, get(attr, ""), attr) or "")
            plan.rocks[rock.id] = rock
