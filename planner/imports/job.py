"""One import run's bookkeeping: the problems and warnings collected, progress, generated ids.

planner.imports.importer drives the run; planner.imports.people_rows and the rocks
step report through a Job, so every problem ends up in one PlanImportError listing
``file:row: ...`` (header = row 1), sorted by file then row, and nothing is imported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any, TextIO

from models import RoleTable
from planner.core.errors import FieldError, PlanError, PlanImportError
from planner.core.text import one_line, plural
from planner.imports.mapping import PeopleIndex
from planner.imports.sheets import ImportCancelled, Sheet

MAX_ID = 200  # planner.planfile.schema: ids are at most 200 characters
MAX_DETAILS = 100  # problems listed in a PlanImportError; the rest are counted
MAX_WARNINGS = 100
Progress = Callable[[int, int], bool]  # (done, total) -> False to cancel
PROGRESS_STEPS = 1000  # ``total`` passed to a progress callback
TICK_ROWS = 256  # rows between progress reports (and cancel checks) while the plan is built
EMPTY_REFERENCES = ("null", "none", "nil", "n/a", "-")  # what some exporters write for "no manager"


def terminal_progress(stream: TextIO, label: str = "rocks: importing") -> Progress:
    """A progress callback that keeps one line of a terminal up to date ("rocks: importing 42%").

    The cursor goes back to the line's start after each update, so whatever is printed next
    (a note, an error: all longer than this line) writes over it; at 100% the line is cleared.
    """
    shown = [-1]

    def report(done: int, total: int) -> bool:
        percent = done * 100 // max(total, 1)
        if percent != shown[0]:
            shown[0] = percent
            line = f"{label} {percent}%"
            stream.write((" " * len(line) if percent >= 100 else line) + "\r")
            stream.flush()
        return True

    return report


NOTHING_IMPORTED = "; nothing was imported"


def shown_details(error: PlanError) -> list[str]:
    """An error's details without the one its message already states ("X; nothing was imported"
    lists X again as its only detail): what the CLI and the app show under the message."""
    head = str(error).removesuffix(NOTHING_IMPORTED)
    return [d for d in error.details if d != head]


class ImportFailed(PlanImportError):
    """An import refused for problems in the rows; ``hints`` say what the user can do (--lenient, --map),
    ``fixes`` which of the app's one-click fixes apply: "roots" (people whose manager is not in the
    file become roots) and "statuses" (rows whose status is unknown imported as active)."""

    hints: list[str]
    fixes: list[str]

    def full_text(self) -> str:
        return "\n".join([str(self), *("  " + d for d in shown_details(self)), *self.hints])


def rows_text(rows: list[int], limit: int = 20) -> str:
    """ "row 4" or "rows 2, 4 and 3 more"."""
    return f"{'row' if len(rows) == 1 else 'rows'} {listed([str(r) for r in rows], limit)}"


def listed(items: list[str], limit: int = 30) -> str:
    return ", ".join(items[:limit]) + (f" and {len(items) - limit} more" if len(items) > limit else "")


def capped(lines: list[str], limit: int, word: str) -> list[str]:
    """At most ``limit`` lines, the last one saying how many more there were."""
    if len(lines) <= limit:
        return lines
    return [*lines[: limit - 1], f"... and {plural(len(lines) - limit + 1, f'more {word}')}"]


def slug(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


class Meter:
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
        """Building the plan: the second half of the bar, over ``total`` row steps (people count twice:
        read, then linked to their managers)."""
        self.stage(0.5, 1.0)
        self.total_rows, self.rows_done = total, 0

    def row(self) -> None:
        self.rows_done += 1
        if self.callback is not None and self.rows_done % TICK_ROWS == 0:
            self.tick(self.rows_done, self.total_rows)

    def done(self) -> None:
        self.stage(1.0, 1.0)


class Ids:
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


class Job:
    """One import run: the problems and warnings collected so far, and how to report them."""

    def __init__(self, lenient: bool, meter: Meter):
        self.lenient = lenient
        self.meter = meter
        self.problems: list[tuple[str, int, str]] = []  # (file label, row, text); row 0 = the whole file
        self.warnings: list[str] = []
        self.notes: list[tuple[str, int, str]] = []  # row warnings, listed among the problems if the import fails
        self.source = ""
        self.counts: dict[str, int] = {}  # problems per file label, for the summary
        self.files: list[str] = []  # labels in argument order: details are sorted by file, then row
        self.team_ids = Ids(set())
        self.hints: list[str] = []
        self.fixes: list[str] = []  # ImportFailed.fixes
        self.manager_column = ""  # added to the error's summary: what the user can do about it
        self.leavers = 0  # people rows skipped as leavers
        self.roles = RoleTable.build()

    def add(self, label: str, source: str, text: str, row: int = 0) -> None:
        self.source = self.source or source
        self.counts[label] = self.counts.get(label, 0) + 1
        self.problems.append((label, row, text))

    def problem(self, sheet: Sheet, row: int, text: str) -> None:
        self.add(sheet.label, sheet.source, f"{sheet.label}:{row}: {text}", row)

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
        details = capped(details, MAX_DETAILS, "problem")
        error = ImportFailed(f"{summary}{NOTHING_IMPORTED}", source=self.source, details=details)
        error.hints = list(dict.fromkeys(self.hints))
        error.fixes = list(dict.fromkeys(self.fixes))
        raise error

    def parse(self, sheet: Sheet, row: int, parser: Callable[..., Any], *args: Any) -> Any:
        try:
            return parser(*args)
        except FieldError as e:
            text = str(e)
            if args and isinstance(args[0], str) and args[0]:  # the cell value, quoted in the message
                text = text.replace(args[0], one_line(args[0]))
            self.problem(sheet, row, one_line(text, 400))
            return None

    def ref(self, sheet: Sheet, row: int, what: str, value: str, index: PeopleIndex, lenient_note: str) -> str | None:
        try:
            return index.find(value)
        except LookupError as e:
            if self.lenient and str(e).startswith("not found"):
                self.warnings.append(
                    f'{sheet.label}:{row}: {what} "{one_line(value)}" not found; {lenient_note} (lenient)'
                )
            else:
                self.problem(sheet, row, f'{what} "{one_line(value)}" {e}')
                if what == "manager" and str(e).startswith("not found"):
                    self.fixes.append("roots")
                    self.hints.append(
                        f'managers are read from column "{one_line(self.manager_column, 40)}": use --lenient to import '
                        "people whose manager is not in the file as roots, or --map manager=COLUMN "
                        "(or parent=COLUMN) to read another column"
                    )
            return None

    def refs(self, sheet: Sheet, row: int, what: str, cell: str, index: PeopleIndex) -> list[str]:
        out: list[str] = []
        for value in filter(None, (v.strip() for v in re.split(r"[,;]", cell))):
            pid = self.ref(sheet, row, what, value, index, "dropped")
            if pid is not None and pid not in out:
                out.append(pid)
        return out
