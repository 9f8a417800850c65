"""The people (and teams) steps of an import: rows into Person and Team objects, references resolved.

Rows of people no longer here are left out first (planner.imports.mapping.current_rows:
history rows, leavers by status or termination date), then every person is made,
then managers, dotted lines and teams are looked up among them; someone whose manager was
left out as a leaver reports to that leaver's own manager (the first one up still here). A
joining date is stored as YYYY-MM-DD when it reads one way only, and one still to come makes
the person a planned hire starting then. HR statuses are read
by planner.imports.hr; a status nobody could read is one problem listing the values
(or, with ``lenient``, one warning and the rows imported as active).
"""

from __future__ import annotations

import re

from models import Person, Plan, Team
from models.plan import PersonStatus
from planner.core import fields
from planner.core.quarters import parse_quarter
from planner.core.text import one_line, plural
from planner.imports.hr import (
    LEAVER,
    STATUS_EXAMPLES,
    classify_status,
    day_first,
    is_founder_flag,
    iso_date,
    still_to_come,
)
from planner.imports.job import EMPTY_REFERENCES, MAX_ID, Ids, Job, listed, rows_text, slug
from planner.imports.mapping import PeopleIndex, current_rows, norm
from planner.imports.sheets import Cells, Sheet
from planner.planfile.fileio import find_cycles

Record = tuple[int, Person, str, str, str, str]  # (row, person, parent, manager, dotted, team)
_STATUSES: dict[str, PersonStatus] = {"active": "active", "planned": "planned", "open": "open"}


def people(
    job: Job,
    plan: Plan,
    sheet: Sheet,
    cols: dict[str, int],
    teams_sheet: Sheet | None,
    team_cols: dict[str, int] | None,
) -> PeopleIndex:
    """Add every person (and the teams) to ``plan``; returns the lookup index for rocks."""
    index = PeopleIndex(sheet.label)
    if not sheet.rows:
        job.problem(sheet, 2, "no people below the header row")
    job.manager_column = (
        sheet.headers[cols["parent"] if "parent" in cols else cols.get("manager", 0)] if sheet.headers else ""
    )
    current = _current_rows(job, sheet, cols, index)
    sheet.rows = []  # from here on a row's cells are dropped as soon as its person is made
    explicit = _explicit_ids(job, sheet, cols, current)
    records = _records(job, sheet, cols, current, explicit, index)
    team_ids = teams(job, plan, teams_sheet, team_cols) if teams_sheet is not None and team_cols else {}
    use_parent = _parent_usable(job, sheet, cols, records, index)
    moved: list[tuple[int, str, str, str]] = []  # (row, person, the leaver, their new manager) for the note
    for row, person, parent, manager, dotted, team in records:
        job.meter.row()
        manager = (parent if use_parent else "") or manager
        if manager:
            person.manager = _manager(job, sheet, row, person, manager, index, use_parent, moved)
        if dotted:
            person.dotted = job.refs(sheet, row, "dotted line", dotted, index)
            if person.id in person.dotted:
                job.problem(sheet, row, f'dotted line "{one_line(dotted)}" includes this person themselves')
        if team:
            person.team = _team(job, plan, team_ids, sheet, row, team)
        plan.people[person.id] = person
    del records
    if moved:
        _moved_up_note(job, sheet, moved, plan)
    if teams_sheet is not None and team_cols:
        _team_leads(job, plan, teams_sheet, team_cols, index)
    for cycle in find_cycles(plan):
        rows = [index.by_id[pid] for pid in cycle]
        names = " -> ".join(one_line(plan.people[pid].name, 40) for pid in [*cycle[:10], cycle[0]])
        where = ", ".join(map(str, sorted(rows)[:20])) + (f" and {len(rows) - 20} more" if len(rows) > 20 else "")
        if len(cycle) > 10:
            names = names.rsplit(" -> ", 1)[0] + f" -> ... ({len(cycle)} people)"
        job.problem(sheet, min(rows), f"reporting cycle: {names} (rows {where})")
    return index


def _explicit_ids(job: Job, sheet: Sheet, cols: dict[str, int], current: list[tuple[int, Cells]]) -> dict[str, int]:
    """Id -> row of the ids given in the file; too long and repeated ones are problems."""
    explicit: dict[str, int] = {}
    c_id = cols.get("id")
    if c_id is None:
        return explicit
    for row, cells in current:
        pid = cells[c_id]
        if not pid:
            continue
        if len(pid) > MAX_ID:
            job.problem(sheet, row, f"id: must be at most {MAX_ID} characters")
        elif pid in explicit:
            job.problem(sheet, row, f'id "{one_line(pid)}" is already used by row {explicit[pid]}')
        else:
            explicit[pid] = row
    return explicit


def _records(
    job: Job,
    sheet: Sheet,
    cols: dict[str, int],
    current: list[tuple[int, Cells]],
    explicit: dict[str, int],
    index: PeopleIndex,
) -> list[Record]:
    """One Person per row (references still as written); ``current`` is emptied as it goes."""
    ids = Ids(set(explicit))
    records: list[Record] = []
    unknown: dict[str, list[int]] = {}  # status value nobody could read -> its rows
    founders: list[int] = []  # rows whose founder column says yes
    retitled: list[int] = []  # ... of which the title had to say so
    dates = _StartDates(cols, current)
    current.reverse()  # popped from the end: each row's cells are freed once read
    while current:
        row, cells = current.pop()
        job.meter.row()
        get = {f: cells[i] for f, i in cols.items()}.get
        name = job.parse(sheet, row, fields.parse_name, get("name", ""))
        if name is None:
            continue
        pid = get("id", "")
        if not pid or explicit.get(pid) != row:  # missing, or refused above: generate one
            pid = ids.make(slug(name) or f"p{row}")
        person = Person(pid, name)
        for attr in ("role", "email"):
            if get(attr):
                setattr(person, attr, job.parse(sheet, row, fields.parse_text, get(attr), attr) or "")
        if get("start"):
            person.start = dates.read(row, job.parse(sheet, row, fields.parse_text, get("start"), "start") or "")
        if get("capacity"):
            person.capacity = job.parse(sheet, row, fields.parse_capacity, get("capacity")) or 100.0
        status = classify_status(get("status", ""))
        if status is None:
            unknown.setdefault(get("status", ""), []).append(row)
        elif status != LEAVER:  # leavers were left out before (mapping.current_rows)
            person.status = _STATUSES[status]
        if person.status == "active" and person.start and still_to_come(person.start):
            person.status = "planned"  # joins later: a planned hire starting then
            dates.future.append(row)
        if get("founder") and is_founder_flag(get("founder", "")):
            founders.append(row)
            if job.roles.family(person.role) != "founder":
                person.role = f"Co-founder, {person.role}" if person.role else "Co-founder"
                retitled.append(row)
        index.add(row, pid, name, person.email)
        records.append((row, person, get("parent", ""), get("manager", ""), get("dotted", ""), get("team", "")))
    if unknown:
        _unknown_statuses(job, sheet, sheet.headers[cols["status"]], unknown)
    if founders:
        _founders_note(job, sheet, sheet.headers[cols["founder"]], founders, retitled)
    dates.notes(job, sheet)
    return records


def _founders_note(job: Job, sheet: Sheet, header: str, founders: list[int], retitled: list[int]) -> None:
    rows = rows_text(founders)
    text = (
        f"{sheet.label}: {plural(len(founders), 'person', 'people')} marked as "
        f'{"a founder" if len(founders) == 1 else "founders"} in column "{one_line(header, 40)}" ({rows})'
    )
    if retitled:
        n = len(retitled)
        text += (
            f'; {plural(n, "title")} that did not say so {"reads" if n == 1 else "read"} "Co-founder, ..." '
            f"({rows_text(retitled)}): a plan knows its founders by their titles only"
        )
    job.warnings.append(text)


class _StartDates:
    """Joining dates as YYYY-MM-DD where they read one way only (or the column settles day/month);
    others kept as typed and noted; a quarter ("2027-Q1") kept as it is."""

    def __init__(self, cols: dict[str, int], current: list[tuple[int, Cells]]):
        c_start = cols.get("start")
        self.header = c_start
        self.first = day_first(cells[c_start] for _, cells in current) if c_start is not None else None
        self.kept: dict[str, list[int]] = {}  # value kept as typed -> its rows
        self.future: list[int] = []  # rows of people who join later (made planned hires)

    def read(self, row: int, text: str) -> str:
        if not text or parse_quarter(text) is not None:
            return text
        iso = iso_date(text, self.first)
        if iso is None:
            self.kept.setdefault(text, []).append(row)
            return text
        return iso

    def notes(self, job: Job, sheet: Sheet) -> None:
        if self.header is None:
            return
        column = one_line(sheet.headers[self.header], 40)
        if self.future:
            job.warnings.append(
                f"{sheet.label}: {plural(len(self.future), 'person', 'people')} with a joining date still to come "
                f'(column "{column}") imported as {"a planned hire" if len(self.future) == 1 else "planned hires"} '
                f"starting then, counted once planned hires start: {rows_text(self.future)}"
            )
        if self.kept:
            values = sorted(self.kept.items(), key=lambda item: item[1][0])
            where = "; ".join(
                f'"{one_line(v, 40)}" ({"row" if len(r) == 1 else "rows"} {listed([str(n) for n in r], 5)})'
                for v, r in values[:10]
            ) + (f"; and {len(values) - 10} more values" if len(values) > 10 else "")
            rows = sum(len(r) for _, r in values)
            job.warnings.append(
                f'{sheet.label}: column "{column}": {plural(rows, "date")} kept as typed, not read as one date '
                f"(day and month could be either way, or not a date; write YYYY-MM-DD to be sure): {where}"
            )


def _unknown_statuses(job: Job, sheet: Sheet, header: str, unknown: dict[str, list[int]]) -> None:
    """One problem (or, lenient, one warning) for every status value nobody could read."""
    values = sorted(unknown.items(), key=lambda item: item[1][0])
    rows = sum(len(r) for _, r in values)
    where = "; ".join(
        f'"{one_line(v, 40)}" ({"row" if len(r) == 1 else "rows"} {listed([str(n) for n in r], 5)})'
        for v, r in values[:20]
    ) + (f"; and {len(values) - 20} more values" if len(values) > 20 else "")
    column = one_line(header, 40)
    what = f"{plural(len(values), 'value')} that {'is' if len(values) == 1 else 'are'} not an employment status"
    if job.lenient:
        job.warnings.append(f'{sheet.label}: column "{column}": {what} imported as active (lenient): {where}')
        return
    job.fixes.append("statuses")
    job.add(
        sheet.label,
        sheet.source,
        f'{sheet.label}: column "{column}" holds {what} ({plural(rows, "row")}): {where}. Statuses read: {STATUS_EXAMPLES}',
        values[0][1][0],
    )
    job.hints.append(
        f'statuses are read from column "{column}": use --lenient to import these rows as active, '
        f"--map status= to not read the column (leavers are still found by a termination date), "
        f"or --map status=COLUMN to read another column"
    )


def _current_rows(job: Job, sheet: Sheet, cols: dict[str, int], index: PeopleIndex) -> list[tuple[int, Cells]]:
    """The rows of people here now (mapping.current_rows); history rows and leavers left out are noted."""
    odd: list[tuple[int, str]] = []
    kept, dropped, leavers = current_rows(sheet.rows, cols, odd)
    if dropped:
        latest = "latest" if "asof" in cols else "last"
        job.warnings.append(
            f"{sheet.label}: {plural(len(dropped), 'history row')} of people listed more than once left out, "
            f"keeping each person's {latest} row (rows {listed([str(r) for r in dropped], 20)})"
        )
    for row, cells in leavers:
        pid, name, parent, manager = (cells[cols[f]] if f in cols else "" for f in ("id", "name", "parent", "manager"))
        index.left(row, pid, name)
        index.gone_refs[row] = (name, parent, manager)
    if odd:
        column = one_line(sheet.headers[cols["end"]], 40)
        job.warnings.append(
            f'{sheet.label}: column "{column}": {plural(len(odd), "value")} that {"is" if len(odd) == 1 else "are"} '
            "not a date, so not read as a leaving date (only a leaver status or a leaving date that has passed "
            f"makes a leaver; those people are imported): {listed([f'row {r}: {one_line(v, 40)!r}' for r, v in odd], 20)}"
        )
    if leavers:
        job.warnings.append(
            f"{sheet.label}: {plural(len(leavers), 'leaver')} skipped (a status such as Terminated, Resigned or "
            f"Inactive, or a termination date that has passed): rows {listed([str(r) for r, _ in leavers], 20)}"
        )
    job.leavers = len(leavers)
    return kept


def _parent_usable(job: Job, sheet: Sheet, cols: dict[str, int], records: list[Record], index: PeopleIndex) -> bool:
    """A parent-id column whose values are mostly not ids of this file is not used when a manager column exists."""
    if "parent" not in cols or "id" not in cols or "manager" not in cols:
        return True
    values = [v for _, _, v, *_ in records if v and v.casefold() not in EMPTY_REFERENCES]
    hits = sum(1 for v in values if v in index.by_id or v in index.gone)
    if not values or hits * 2 >= len(values):
        return True
    header, ids, managers = (one_line(sheet.headers[cols[f]], 40) for f in ("parent", "id", "manager"))
    job.warnings.append(
        f'{sheet.label}: column "{header}" is not used as the manager id: {len(values) - hits} of '
        f'{len(values)} values are not ids from column "{ids}"; managers are read from column "{managers}" instead'
    )
    job.manager_column = sheet.headers[cols["manager"]]
    return False


def _manager(
    job: Job,
    sheet: Sheet,
    row: int,
    person: Person,
    value: str,
    index: PeopleIndex,
    use_parent: bool = True,
    moved: list[tuple[int, str, str, str]] | None = None,
) -> str | None:
    if value.casefold() in EMPTY_REFERENCES and value not in index.by_id and norm(value) not in index.by_name:
        return None
    left = _above_leavers(value, index, use_parent)
    if left is not None:  # their manager left: they report to the first one up who is still here
        leaver, manager = left
        if moved is not None:
            moved.append((row, person.name, leaver, manager or ""))
        return manager
    manager = job.ref(sheet, row, "manager", value, index, f"{one_line(person.name, 40)} imported without a manager")
    if manager == person.id:
        job.problem(sheet, row, f'manager "{one_line(value)}" is this person themselves')
        return None
    return manager


def _above_leavers(value: str, index: PeopleIndex, use_parent: bool) -> tuple[str, str | None] | None:
    """(the leaver's name, the id of the first manager up the chain still here, None at the top) when
    ``value`` names a leaver and matches nobody here; None otherwise (the usual lookup then reports)."""
    if value in index.by_id:
        return None
    try:
        index.find(value)
        return None
    except LookupError:
        pass
    row = index.gone_row(value)
    if row is None or row not in index.gone_refs:
        return None
    leaver = index.gone_refs[row][0]
    seen: set[int] = set()
    while row is not None and row not in seen:  # a chain of leavers, each one's manager in turn
        seen.add(row)
        _, parent, manager = index.gone_refs[row]
        up = [v for v in ((parent if use_parent else ""), manager) if v and v.casefold() not in EMPTY_REFERENCES]
        if not up:
            return leaver, None
        try:
            return leaver, index.find(up[0])
        except LookupError:
            row = index.gone_row(up[0])
            if row is not None and row not in index.gone_refs:
                row = None
    return leaver, None


def _moved_up_note(job: Job, sheet: Sheet, moved: list[tuple[int, str, str, str]], plan: Plan) -> None:
    """One note for everyone whose manager left: who now reports to whom, and why."""

    def line(name: str, leaver: str, manager: str) -> str:
        above = f"to {one_line(plan.people[manager].name, 40)}" if manager in plan.people else "to nobody (a root)"
        return f"{one_line(name, 40)} {above} (was {one_line(leaver, 40)})"

    shown = [line(name, leaver, manager) for _, name, leaver, manager in moved[:10]]
    more = f" and {len(moved) - 10} more" if len(moved) > 10 else ""
    job.warnings.append(
        f"{sheet.label}: {plural(len(moved), 'person', 'people')} whose manager was skipped as a leaver "
        f"{'reports' if len(moved) == 1 else 'report'} to the leaver's own manager instead (the first one up "
        f"still here): {', '.join(shown)}{more}; {rows_text([r for r, *_ in moved])}"
    )


def _team(job: Job, plan: Plan, team_ids: dict[str, str], sheet: Sheet, row: int, name: str) -> str | None:
    """The id of the team with this name, created on first sight."""
    clean = job.parse(sheet, row, fields.parse_name, name, "team")
    if clean is None:
        return None
    key = norm(clean)
    if key not in team_ids:
        tid = job.team_ids.make(slug(clean) or "team")
        plan.teams[tid] = Team(tid, clean)
        team_ids[key] = tid
    return team_ids[key]


def teams(job: Job, plan: Plan, sheet: Sheet, cols: dict[str, int]) -> dict[str, str]:
    """Teams from the teams file, in file order, with their engineer headcount."""
    team_ids: dict[str, str] = {}
    seen: dict[str, int] = {}
    for row, cells in sheet.rows:
        job.meter.row()
        name = cells[cols["team"]]
        key = norm(name)
        if key and key in seen:
            job.problem(sheet, row, f'team "{one_line(name)}" is already listed in row {seen[key]}')
            continue
        tid = _team(job, plan, team_ids, sheet, row, name)
        engineers = cells[cols["engineers"]]
        if re.fullmatch(r"\d{1,3}(,\d{3})+", engineers):  # "1,200": fields would read the comma as a decimal point
            engineers = engineers.replace(",", "")
        headcount = job.parse(sheet, row, fields.parse_headcount, engineers)
        if tid is None:
            continue
        seen[key] = row
        plan.teams[tid].headcount = headcount or 0
    return team_ids


def _team_leads(job: Job, plan: Plan, sheet: Sheet, cols: dict[str, int], index: PeopleIndex) -> None:
    if "lead" not in cols:
        return
    by_name = {norm(t.name): t for t in plan.teams.values()}
    for row, cells in sheet.rows:
        lead, team = cells[cols["lead"]], by_name.get(norm(cells[cols["team"]]))
        if lead and team is not None:
            team.lead = job.ref(sheet, row, "lead", lead, index, "team imported without a lead")
