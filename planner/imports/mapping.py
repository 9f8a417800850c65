"""Which column of a people sheet holds which field: header spellings, guesses from values, ``--map``.

HR systems and org-chart tools name their columns in many ways (EmpID, Employee
Title, ManagerName...) and some write no header row at all. This module guesses
a mapping (from headers, or from the values when there is no header), applies
the user's corrections, and knows the words for leavers and HR statuses. The
importer reports every decision made here as a note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from models import RoleTable
from planner.core.errors import PlanError
from planner.core.text import one_line
from planner.imports.hr import LEAVER, classify_status, read_dates
from planner.imports.sheets import Cells, Sheet, read_sheet

# Accepted header spellings per field, compared after header_key() (case, spaces, _ - and "(...)" ignored).
PEOPLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "fullname", "employeename", "personname", "workername", "displayname", "preferredname",
        "employeefullname", "legalname", "associatename",
    ),
    "id": (
        "id", "personid", "employeeid", "empid", "employeekey", "workerid", "employeenumber", "empno",
        "employeeno", "staffid", "staffnumber", "associateid", "personnelnumber", "badgeid", "eeid", "emplid",
    ),
    "role": (
        "role", "title", "position", "positionname", "jobtitle", "job", "employeetitle", "businesstitle",
        "positiontitle", "jobname", "designation", "jobprofile", "jobrole", "worktitle",
    ),
    "manager": (
        "manager", "managername", "supervisor", "linemanager", "supervisorname", "reportstoname",
        "linemanagername", "managerfullname", "manageremail", "supervisoremail", "directmanager",
        "reportingmanager",
    ),
    "parent": (
        "parentid", "parent", "managerid", "reportsto", "supervisorid", "reportstoid", "manageremployeeid",
        "managerempid", "managerkey", "managerworkerid", "manageremplid", "reportingmanagerid", "managerno",
    ),
    # draw.io's `refs` are links from this person to others; we read them as
    # dotted-line managers (the usual meaning of an extra line on an org chart).
    "dotted": ("dotted", "dottedline", "dottedlines", "dottedmanager", "dottedmanagers", "refs"),
    "capacity": ("capacity",),
    "team": ("team", "teamname", "department", "departmentname", "dept"),
    "email": ("email", "mail", "emailaddress", "workemail", "businessemail", "workemailaddress"),
    "status": (
        "status", "employeestatus", "employmentstatus", "workerstatus", "empstatus", "hrstatus", "currentstatus",
        "activestatus", "employmentstatusdescription", "statusdescription",
    ),
    "start": (
        "start", "startdate", "startquarter", "hiredate", "dateofhire", "originalhiredate", "employeejoiningdate",
        "joiningdate", "dateofjoining", "joindate", "datejoined", "datehired", "employmentstartdate",
        "employeestartdate", "latesthiredate", "rehiredate", "doj",
    ),
    "end": (
        "end", "enddate", "terminationdate", "termdate", "leavedate", "leavingdate", "separationdate",
        "dateoftermination", "dateofleaving", "dateofseparation", "lastworkingday", "lastworkingdate",
        "lastdayworked", "lastday", "lastdayofwork", "exitdate", "dateofexit", "departuredate", "dateleft",
        "employmentenddate", "terminationeffectivedate",
    ),
    "asof": ("effectivedate", "asof", "asofdate", "recorddate", "snapshotdate", "validfrom"),
    # A column saying who founded the company: a CTO is a founder only when the title or this column says so.
    "founder": ("founder", "isfounder", "cofounder", "iscofounder", "founderflag"),
}  # fmt: skip
# Header keys no alias lists, read by what they say: "Date of Joining (DD/MM)", "EmpTerminationDate".
# Probation, contract and leave-of-absence dates are not a person's start or end with the company.
_HEADER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("end", re.compile(r"(?!.*(probation|contract|absence|leavestart|loa))(dateof)?"
                       r".*(termination|terminated|separation|leaving|exit|departure|lastworking|lastday)(date|day)?"
                       r"(?<!^terminated)")),  # a "Terminated" yes/no column is no date
    ("start", re.compile(r"(?!.*(probation|contract|absence|leave|loa|term|end))"
                         r".*(hire|joining|join|employmentstart|employeestart)(date|day)|dateof(hire|joining)")),
)  # fmt: skip
FIELDS: tuple[str, ...] = tuple(PEOPLE_COLUMNS)
PREVIEW_READ = 500  # rows a preview reads: enough to guess from values, quick on a 150,000-row file
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_IDLIKE = re.compile(r"[A-Za-z]{0,5}[-_]?\d+[A-Za-z]?")
_NAMELIKE = re.compile(r"[^\W\d_][\w'.\-]*(?:,?\s+[^\W\d_][\w'.\-]*)+")


def header_key(header: str) -> str:
    """Header comparison key: "Job Title", "job_title", "JOB-TITLE (%)" all give "jobtitle"."""
    return re.sub(r"[\W_]+", "", re.sub(r"\(.*?\)|\[.*?\]", "", header).casefold())


_ALIASES = {alias: f for f, aliases in PEOPLE_COLUMNS.items() for alias in aliases}


def people_field(header: str) -> str | None:
    """The people field a header names: one of its spellings, else a date column read by its words."""
    key = header_key(header)
    found = _ALIASES.get(key)
    if found is None and key:
        found = next((f for f, pattern in _HEADER_PATTERNS if pattern.fullmatch(key)), None)
    return found


def name_forms(name: str) -> list[str]:
    """Spellings one name may be referred to by: "Lee, Ann M." gives "ann m lee" and "ann lee"."""
    text = " ".join(name.casefold().replace(".", " ").split())
    if "," in text:
        last, rest = (part.strip() for part in text.split(",", 1))
        words = rest.split()
        forms = [f"{rest} {last}".strip()] + ([f"{words[0]} {last}"] if words else [])
    else:
        words = text.split()
        forms = [text] + ([f"{words[0]} {words[-1]}"] if len(words) > 2 else [])
    return list(dict.fromkeys(f for f in forms if f))


def norm(text: str) -> str:
    """Case and whitespace normalised text, for matching names."""
    return " ".join(text.casefold().split())


Rows_ = int | list[int]  # one row, or every row of a name shared by several people


def _put(table: dict[str, Rows_], key: str, row: int) -> None:
    held = table.get(key)
    if held is None:
        table[key] = row
    elif isinstance(held, int):
        table[key] = [held, row]
    else:
        held.append(row)


class PeopleIndex:
    """People lookup by id, then name, then email, each O(1).

    A key held by one person maps to their row (an int), by several to a list of rows:
    a million people cost a million ints, not a million lists.
    """

    def __init__(self, label: str):
        self.label = label
        self.by_id: dict[str, int] = {}  # id -> row
        self._ids: list[str | None] = []  # row -> id
        self.by_name: dict[str, Rows_] = {}
        self.by_email: dict[str, Rows_] = {}
        self.by_form: dict[str, Rows_] = {}  # "first last" spellings of "Last, First M." (mapping.name_forms)
        self.gone: dict[str, int] = {}  # ids, names and forms of leavers -> their row, to explain a miss
        # leaver row -> (name, manager id cell, manager cell): their reports go to the leaver's own manager
        self.gone_refs: dict[int, tuple[str, str, str]] = {}

    def id_of_row(self, row: int) -> str:
        pid = self._ids[row] if row < len(self._ids) else None
        assert pid is not None, row
        return pid

    def add(self, row: int, pid: str, name: str, email: str) -> None:
        self.by_id[pid] = row
        if row >= len(self._ids):
            self._ids.extend([None] * (row + 1 - len(self._ids)))
        self._ids[row] = pid
        key = norm(name)
        _put(self.by_name, key, row)
        for form in name_forms(name):
            _put(self.by_form, key if form == key else form, row)  # one string for both, when they are equal
        if email:
            _put(self.by_email, email.casefold(), row)

    def left(self, row: int, pid: str, name: str) -> None:
        for key in (pid, norm(name), *name_forms(name)):
            if key:
                self.gone.setdefault(key, row)

    def gone_row(self, value: str) -> int | None:
        """The row of the leaver an id, name or email (not matching anyone here) refers to, if any."""
        for key in (value, norm(value), *name_forms(value)):
            if key in self.gone:
                return self.gone[key]
        return None

    def find(self, value: str) -> str:
        """The person id for an id, name or email; raises LookupError with the reason."""
        if value in self.by_id:
            return value
        forms = name_forms(value)
        keys = [(self.by_name, norm(value)), (self.by_email, value.casefold()), *((self.by_form, f) for f in forms)]
        for table, key in keys:
            rows = table.get(key)
            if isinstance(rows, int):
                return self.id_of_row(rows)
            if rows:
                raise LookupError("matches several people: " + ", ".join(f"row {r}" for r in rows))
        for key in (value, norm(value), *forms):
            if key in self.gone:
                return_row = self.gone[key]
                raise LookupError(f"not found: row {return_row} is this person, skipped as a leaver")
        raise LookupError(f"not found; expected the id, name or email of a person in {self.label}")


Rows = list[tuple[int, Cells]]


def current_rows(
    rows: Rows, cols: dict[str, int], odd: list[tuple[int, str]] | None = None
) -> tuple[Rows, list[int], Rows]:
    """(kept rows, history rows left out, leaver rows): one row per person, the current one, and no leavers.

    Rows of one id with one name are history: the latest ``asof`` row is current, else the last.
    A leaver has a leaver status or a termination date that has passed; a termination cell that is
    no date ("soon") makes nobody a leaver, and its row goes in ``odd`` for a warning. Only ids seen
    more than once are grouped, so a million distinct ids cost one dict of ints.
    """
    c_id, c_name = cols.get("id"), cols.get("name")
    dropped: list[int] = []
    if c_id is not None and c_name is not None:
        first: dict[str, int] = {}  # id -> index of its first row
        repeats: dict[str, list[int]] = {}  # id -> indexes of every row, for ids seen twice or more
        for i, (_, cells) in enumerate(rows):
            pid = cells[c_id]
            if not pid:
                continue
            at = first.setdefault(pid, i)
            if at != i:
                repeats.setdefault(pid, [at]).append(i)
        del first
        c_asof = cols.get("asof")
        gone: set[int] = set()
        for group in repeats.values():
            if len({norm(rows[i][1][c_name]) for i in group}) == 1:
                keep = max(group, key=lambda i: rows[i][1][c_asof]) if c_asof is not None else group[-1]
                gone.update(i for i in group if i != keep)
        if gone:
            dropped = [rows[i][0] for i in sorted(gone)]
            rows = [rc for i, rc in enumerate(rows) if i not in gone]
    c_status, c_end = cols.get("status"), cols.get("end")
    if c_status is None and c_end is None:
        return rows, dropped, []
    kept: Rows = []
    leavers: Rows = []
    today = dt.date.today()
    for row, cells in rows:
        status = cells[c_status] if c_status is not None else ""
        end = cells[c_end] if c_end is not None else ""
        left = is_leaver_status(status)
        if end and not left:
            dates = read_dates(end)
            if dates is None:
                if odd is not None:
                    odd.append((row, end))
            else:
                left = bool(dates) and all(d <= today for d in dates)
        (leavers if left else kept).append((row, cells))
    return kept, dropped, leavers


def is_leaver_status(value: str) -> bool:
    return classify_status(value) == LEAVER


def parse_map(specs: list[str]) -> dict[str, str]:
    """``FIELD=COLUMN`` strings into {field: column}; COLUMN empty means "do not import this field"."""
    out: dict[str, str] = {}
    for spec in specs:
        fieldname, eq, column = spec.partition("=")
        fieldname = fieldname.strip().casefold()
        if not eq or fieldname not in FIELDS:
            raise PlanError(
                f'--map "{one_line(spec)}": expected FIELD=COLUMN with FIELD one of {", ".join(FIELDS)} '
                "and COLUMN a header or a column number (1 = the first)"
            )
        out[fieldname] = column.strip()
    return out


def parse_delimiter(text: str) -> str:
    """``--delimiter``: one character, or the words tab / comma / semicolon / pipe."""
    words = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
    value = words.get(text.casefold(), text)
    if len(value) != 1 or value in '"\r\n':
        raise PlanError(f'--delimiter "{one_line(text)}": expected one character such as , ; | or the word tab')
    return value


def resolve_column(column: str, headers: list[str]) -> int | None:
    """The 0-based index of a header (exact, then as a key) or a 1-based column number; None if absent."""
    if column.isascii() and column.isdigit():  # str.isdigit also takes "²" and "①", which int() refuses
        n = int(column)
        return n - 1 if 1 <= n <= len(headers) else None
    folded = [h.casefold() for h in headers]
    if column.casefold() in folded:
        return folded.index(column.casefold())
    keys = [header_key(h) for h in headers]
    return keys.index(header_key(column)) if header_key(column) in keys else None


def looks_like_data(headers: list[str], table: RoleTable) -> bool:
    """A first row with no known column name and a value-like cell (a number, an email, a job title)."""
    cells = [h for h in headers if h]
    if not cells or any(people_field(h) is not None for h in cells):
        return False
    return any(re.search(r"\d|@", h) or table.family(h) != "other" for h in cells)


def guess_from_values(
    rows: Sequence[Sequence[str] | Mapping[int, str]], width: int, table: RoleTable
) -> dict[str, int]:
    """Field -> column for a sheet without headers, from what the values look like."""
    sample = rows[:500]
    values: list[list[str]] = [[] for _ in range(width)]
    for r in sample:  # a row is a list, or a dict of its non-empty cells (planner.imports.sheets.Cells)
        cells = r.items() if isinstance(r, Mapping) else enumerate(r)
        for i, v in cells:
            if v and i < width:
                values[i].append(v)
    found: dict[str, int] = {}

    def share(i: int, test: Callable[[str], object]) -> float:
        vals = values[i]
        return sum(1 for v in vals if test(v)) / len(vals) if vals else 0.0

    def free() -> list[int]:
        return [i for i in range(width) if i not in found.values() and values[i]]

    def first(fieldname: str, test: Callable[[str], object], least: float) -> None:
        for i in free():
            if share(i, test) >= least:
                found[fieldname] = i
                return

    first("email", _EMAIL.fullmatch, 0.8)
    for i in free():
        vals = values[i]
        if len(vals) == len(sample) and len(set(vals)) == len(vals) and share(i, _IDLIKE.fullmatch) >= 0.9:
            found["id"] = i
            break
    if "id" in found:
        ids = set(values[found["id"]])
        first("parent", lambda v: v in ids, 0.5)
    first("status", lambda v: classify_status(v) is not None and not v.strip().isdigit(), 0.8)
    _guess_dates(found, sample, [i for i in free() if share(i, _is_date) >= 0.9])
    names = [i for i in free() if share(i, _NAMELIKE.fullmatch) >= 0.8]
    if names:
        found["name"] = max(names, key=lambda i: (len(set(values[i])) / len(values[i]), -i))
        forms = {f for v in values[found["name"]] for f in name_forms(v)}
        first("manager", lambda v: bool(forms.intersection(name_forms(v))), 0.5)
    roles = [(share(i, lambda v: table.family(v) != "other"), -i) for i in free()]
    if roles and max(roles)[0] >= 0.3:
        found["role"] = -max(roles)[1]
    for i in free():  # a department: words most rows have, repeated (few distinct values), no numbers or dates
        vals = values[i]
        if (
            len(vals) >= 0.8 * len(sample)
            and len(set(vals)) <= max(1, len(vals) // 2)
            and share(i, lambda v: not any(c.isdigit() or c == "@" for c in v)) >= 0.9
            and not all(v.strip().casefold() in _YES_NO for v in vals)  # a yes/no flag is no department
        ):
            found["team"] = i
            break
    return found


_YES_NO = frozenset(("yes", "no", "y", "n", "true", "false", "x"))


def _is_date(value: str) -> bool:
    return read_dates(value) is not None


def _guess_dates(
    found: dict[str, int], sample: Sequence[Sequence[str] | Mapping[int, str]], columns: list[int]
) -> None:
    """Date columns of a sheet without headers: leaving (``end``) or joining (``start``) dates.

    Beside a status column, a column whose dates the leavers' rows mostly have and the other
    rows mostly do not is the leaving date; a column dated on most rows, in the past on most rows
    of people still here, is the joining date. Without a status column the first column of dates
    is the joining date.
    """

    def cell(r: Sequence[str] | Mapping[int, str], i: int) -> str:
        if isinstance(r, Mapping):
            return r.get(i, "")
        return r[i] if i < len(r) else ""

    c_status = found.get("status")
    today = dt.date.today()
    left = [c_status is not None and classify_status(cell(r, c_status)) == LEAVER for r in sample]
    for i in columns:
        dates = [read_dates(cell(r, i)) or [] for r in sample]
        here = [d for d, gone in zip(dates, left, strict=True) if not gone]
        gone = [d for d, g in zip(dates, left, strict=True) if g]
        dated_here = sum(1 for d in here if d) / len(here) if here else 0.0
        if "end" not in found and gone and sum(1 for d in gone if d) >= 0.5 * len(gone) and dated_here <= 0.3:
            found["end"] = i
            continue
        past = sum(1 for d in here if d and all(x <= today for x in d))
        if "start" not in found and (
            c_status is None or (dated_here >= 0.8 and past >= 0.8 * sum(1 for d in here if d))
        ):
            found["start"] = i


@dataclass
class Preview:
    """The first rows of a people sheet and the guessed mapping, for the GUI to show and correct."""

    headers: list[str]
    rows: list[list[str]]
    guessed: dict[str, int]  # field -> column index
    has_header: bool
    notes: list[str] = field(default_factory=list)


def guess_from_headers(headers: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, header in enumerate(headers):
        target = people_field(header)
        if target is not None and target not in found:
            found[target] = i
    return found


def preview(path: str | Path, *, delimiter: str | None = None, header: bool | None = None, limit: int = 20) -> Preview:
    """Read the start of a people sheet and guess its mapping as the import would; raises PlanImportError."""
    table = RoleTable.build()
    sheet: Sheet = read_sheet(path, "people", delimiter=delimiter, limit=PREVIEW_READ)
    notes = list(sheet.warnings)
    if header is False or (header is None and looks_like_data(sheet.headers, table)):
        sheet = read_sheet(path, "people", delimiter=delimiter, header=False, limit=PREVIEW_READ)
        guessed = guess_from_values([cells for _, cells in sheet.rows], len(sheet.headers), table)
        return Preview(sheet.headers, shown_rows(sheet, limit), guessed, False, notes)
    return Preview(sheet.headers, shown_rows(sheet, limit), guess_from_headers(sheet.headers), True, notes)


def shown_rows(sheet: Sheet, limit: int) -> list[list[str]]:
    """The first ``limit`` rows as lists as wide as the headers (a preview shows every column)."""
    return [cells.as_list(len(sheet.headers)) for _, cells in sheet.rows[:limit]]
