"""Reading a spreadsheet file (CSV, TSV, XLSX) into plain rows of trimmed text.

Knows nothing about people or rocks: it finds the header row, numbers rows as
a spreadsheet shows them (header = row 1) and refuses files that are not
tables (not a regular file, too big, empty, binary, an unbalanced quote, a zip
bomb, too many rows or columns) with a PlanImportError naming the file and row.
Anything it had to repair or leave out (extra cells, merged cells, characters
that are not text) becomes a warning: nothing is dropped silently.

Every file goes through planner.planfile.guard before a byte is read, and rows keep
only the cells that hold something (``Cells``): a sheet is as big in memory as
what is written in it, never its width times its length.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from planner.core import bulk
from planner.core.errors import PlanError, PlanImportError
from planner.core.text import one_line, plural
from planner.imports import xlsx
from planner.planfile import guard

DELIMITERS = (",", ";", "\t", "|")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
SNIFF_CHARS = 65_536
MAX_COLUMNS = 1_000  # columns holding something, per file (an HR export has a few dozen)
MAX_LINES = 1_048_576  # lines of a CSV/TSV file (Excel's last row), blank ones included
MAX_LINE_CELLS = 100_000  # cells one CSV record may have, empty ones included, before it is parsed
MAX_TEXT_BYTES = 256 * 1024 * 1024  # a CSV/TSV (or XLSX) file this big is not an org chart
# An XLSX file is a zip of XML: checked before anything is inflated (zip bombs), see planner.imports.xlsx.
MAX_ZIP_ENTRIES = 10_000
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024  # ~1,000,000 rows of 15 columns: streamed, so it costs time, not memory
MAX_ZIP_RATIO = 100  # real sheets compress 5-25x; bombs ~1000x
# Distinct texts an XLSX file may share: Excel stores each once, and an HR export of 1,000,000 people has
# ~3 million (ids, names, emails). The rows hold these very strings, so a real file costs nothing more;
# the cap bounds a hostile one (6 million tiny texts: ~490 MB at peak, measured).
MAX_SHARED_TEXTS = 6_000_000
MAX_MERGED_CELLS = 2_000_000
LISTED_ROWS = 20  # ragged rows warned one by one, then summarised
MEMO_MAX = 4_000_000  # distinct cell values shared while a file is read (a few hundred MB saved at 1M rows)
TICK_ROWS = 256  # rows between progress reports (and cancel checks)
_MB = 1024 * 1024
# Magic numbers of files people pick by mistake, with what to tell them.
_MAGIC = (
    (b"\xd0\xcf\x11\xe0", "is an old Excel .xls (or other legacy Office) file; save it as .xlsx or .csv"),
    (b"%PDF", "is a PDF, not a spreadsheet"),
    (b"\x89PNG", "is an image, not a spreadsheet"),
    (b"\xff\xd8\xff", "is an image, not a spreadsheet"),
    (b"\x1f\x8b", "is a compressed (gzip) file; unpack it first"),
)
_SECOND = itemgetter(1)
_UTF_HINT = 'save it as "CSV UTF-8" (Excel: File > Save As) and import that'
EXPECTED = "a .csv, .tsv or .xlsx file"
NONCHARACTERS = guard.NONCHARACTERS

Tick = Callable[[int, int], None]  # (done, total) within one file; raises ImportCancelled to stop


class ImportCancelled(PlanError):
    """The user stopped an import part way; nothing was imported."""


class Cells(dict[int, str]):
    """One row's non-empty cells by 0-based column; any other column reads as "" (nothing is padded)."""

    __slots__ = ()

    def __missing__(self, key: int) -> str:
        return ""

    def as_list(self, width: int) -> list[str]:
        """The first ``width`` cells as a list (for showing a few rows)."""
        return [self.get(i, "") for i in range(width)]


@dataclass(slots=True)
class Sheet:
    """A table read from one file; ``rows`` skips blank rows but keeps spreadsheet numbering."""

    label: str  # the file name, as used in every message
    source: str  # the path as given
    headers: list[str]
    rows: list[tuple[int, Cells]]  # (row number as a spreadsheet shows it, the cells within the headers)
    warnings: list[str] = field(default_factory=list)
    # Cells whose value could not be read: (row, column index, message naming file:row:column).
    # The importer makes them errors in imported columns, warnings elsewhere.
    unread: list[tuple[int, int, str]] = field(default_factory=list)
    headerless: bool = False  # read with header=False: row 1 is data, columns named "column N"


def fail(label: str, source: str, problem: str, row: int = 0) -> PlanImportError:
    """A whole-file error (or one anchored at ``row``): message and single detail both name the file."""
    text = f"{label}:{row}: {problem}" if row else f"{label}: {problem}"
    return PlanImportError(text, source=source, details=[text])


def _too_big(size: int, limit: int) -> str:
    return f"is {size // _MB:,} MB; the limit is {limit // _MB:,} MB for a spreadsheet file"


def open_checked(path: Path, label: str, expected: str = EXPECTED) -> IO[bytes]:
    """The open file, through planner.planfile.guard: a regular file (links followed) within MAX_TEXT_BYTES."""
    try:
        return guard.open_file(path, MAX_TEXT_BYTES, expected, _too_big)
    except guard.FileRefused as e:
        raise fail(label, str(path), e.problem) from None


def xlsx_limits() -> xlsx.Limits:
    """The import limits an XLSX file is read with (read when called, so tests can lower them)."""
    return xlsx.Limits(entries=MAX_ZIP_ENTRIES, unzipped=MAX_UNZIPPED_BYTES, ratio=MAX_ZIP_RATIO, columns=MAX_COLUMNS,
                       strings=MAX_SHARED_TEXTS)  # fmt: skip


def read_sheet(
    path: str | Path,
    kind: str = "",
    tick: Tick | None = None,
    *,
    delimiter: str | None = None,
    header: bool = True,
    limit: int | None = None,
) -> Sheet:
    """Read CSV/TSV/TXT (sniffed, or split on ``delimiter``) or XLSX (sheet named ``kind`` if any, else the first).

    ``header=False``: the first row is data; columns are named "column 1", "column 2"...
    ``limit``: stop after that many non-blank rows (a preview of a big file).
    """
    # Rows are containers that live on and make no cycle: the cyclic GC, left running, rescans them
    # again and again (a third of an XLSX read at 100k rows), so it waits until the file is read.
    with bulk.building(False):
        return _read_sheet(Path(path), kind, tick, delimiter, header, limit)


def _read_sheet(
    path: Path, kind: str, tick: Tick | None, delimiter: str | None, header: bool, limit: int | None
) -> Sheet:
    label = path.name or str(path)
    source = str(path)
    ext = path.suffix.lower()
    if ext == ".json" and not path.is_dir():
        raise fail(label, source, "is JSON, not a spreadsheet; import a .csv, .tsv or .xlsx file")
    with open_checked(path, label) as fh:
        try:
            head = fh.read(8)
        except OSError as e:
            raise fail(label, source, f"cannot be read ({e.strerror})") from None
        if head.startswith(b"PK\x03\x04"):
            fh.seek(0)
            rows, warnings, unread = _read_xlsx(fh, label, source, kind, tick, limit)
            sheet = _to_sheet(label, source, rows, warnings, "give that column a header to import it", header)
            sheet.unread = unread
            return sheet
        if ext in EXCEL_EXTENSIONS:
            raise fail(label, source, "is not an Excel .xlsx workbook (the file content is not one)")
        for magic, problem in _MAGIC:
            if head.startswith(magic):
                raise fail(label, source, problem)
        try:
            data = head + guard.read_at_most(fh, path, MAX_TEXT_BYTES, _too_big)
        except guard.FileRefused as e:
            raise fail(label, source, e.problem) from None
    rows, warnings = _read_text(data, label, source, ext, tick, delimiter, limit)
    hint = "a cell that contains the delimiter needs quotes"
    return _to_sheet(label, source, rows, warnings, hint, header)


def _to_sheet(
    label: str, source: str, rows: list[tuple[int, Cells]], warnings: list[str], hint: str, header: bool = True
) -> Sheet:
    """The header (or "column N" names) and the rows, each cut to the header's columns (extra cells warned)."""
    if not rows:
        raise fail(label, source, "the file is empty (no header row)")
    if header:
        _, first = rows[0]
        headers = [first[i].strip().lstrip("\ufeff").strip() for i in range(max(first) + 1)]
        while headers and not headers[-1]:
            headers.pop()
        body = rows[1:]
    else:  # every row is data: as many columns as the widest row has cells
        first = rows[0][1]
        if 0 in first:
            first[0] = first[0].lstrip("\ufeff").strip()
            if not first[0]:
                del first[0]
        widest = max((max(cells) + 1 for _, cells in rows if cells), default=0)
        headers = [f"column {i + 1}" for i in range(widest)]
        body = [(n, cells) for n, cells in rows if cells]
    width = len(headers)
    kept: list[tuple[int, Cells]] = []
    ragged: list[int] = []
    for number, cells in body:
        if max(cells) >= width:
            extra = [v for _, v in sorted((c, v) for c, v in cells.items() if c >= width)]
            cells = Cells((c, v) for c, v in cells.items() if c < width)
            ragged.append(number)
            if len(ragged) <= LISTED_ROWS:
                values = ", ".join(f'"{one_line(c, 40)}"' for c in extra[:3]) + (", ..." if len(extra) > 3 else "")
                warnings.append(
                    f"{label}:{number}: {plural(len(extra), 'extra cell')} beyond the "
                    f"{plural(width, 'header column')} ignored ({values}); {hint}"
                )
        if cells:
            kept.append((number, cells))
    if len(ragged) > LISTED_ROWS:
        more = ragged[LISTED_ROWS:]
        listed = ", ".join(map(str, more[:10])) + (", ..." if len(more) > 10 else "")
        warnings.append(f"{label}: {plural(len(more), 'more row')} with extra cells ignored (rows {listed})")
    return Sheet(label, source, headers, kept, warnings, headerless=not header)


def _too_many_columns(label: str, source: str, row: int) -> PlanImportError:
    return fail(
        label,
        source,
        f"more than {MAX_COLUMNS:,} columns hold something (the limit); remove the columns that are not needed",
        row,
    )


strip_noncharacters = guard.strip_noncharacters


# ------------------------------------------------------------------ CSV / TSV


class _Lines:
    """The lines of ``text`` for csv.reader (line ends kept), refusing a record of absurdly many cells
    before the csv module builds it (a 3 MB line of commas is a million cells)."""

    def __init__(self, text: str, delimiter: str, label: str, source: str):
        self.text, self.delimiter, self.label, self.source = text, delimiter, label, source
        self.pending = 0  # delimiters in the lines of the record being read; the reader resets it
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        text, size, delimiter, find = self.text, len(self.text), self.delimiter, self.text.find
        pos = 0
        cr = lf = -1  # the next "\r" and "\n" at or after pos (size: none left), found once each
        while pos < size:
            if cr < pos:
                cr = find("\r", pos) % (size + 1)  # -1 -> size
            if lf < pos:
                lf = find("\n", pos) % (size + 1)
            end = min((cr + 2 if lf == cr + 1 else cr + 1) if cr < lf else lf + 1, size)  # CRLF, CR or LF
            line = text[pos:end]
            pos = end
            self.line += 1
            self.pending += line.count(delimiter)
            if self.pending >= MAX_LINE_CELLS:
                raise fail(
                    self.label,
                    self.source,
                    f"line {self.line:,} has more than {MAX_LINE_CELLS:,} cells; this is not a table",
                )
            yield line


def _read_text(
    data: bytes,
    label: str,
    source: str,
    ext: str,
    tick: Tick | None,
    delimiter: str | None = None,
    limit: int | None = None,
) -> tuple[list[tuple[int, Cells]], list[str]]:
    text, encoding = _decode(data, label, source)
    del data
    warnings = []
    if encoding:
        warnings.append(f"{label}: not valid UTF-8; read as {encoding} (save as UTF-8 to be sure of accents)")
    sample = text[:SNIFF_CHARS]
    if "\x00" in sample or _control_share(sample) > 0.01:
        raise fail(label, source, "is a binary file, not a CSV/TSV spreadsheet")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise fail(label, source, f"line {line:,} holds a NUL byte; the file is damaged or not a CSV/TSV spreadsheet")
    total_lines = max(text.count("\n"), text.count("\r")) + 1
    if total_lines > MAX_LINES:
        raise fail(label, source, f"has {total_lines:,} lines; the limit is {MAX_LINES:,} (split the file)")
    first = guard.find_noncharacter(text)
    if first is not None:
        line = text.count("\n", 0, first.start()) + 1
        text, removed = strip_noncharacters(text)
        warnings.append(
            f"{label}: {plural(removed, 'non-character')} (such as U+{ord(first.group()):04X}, first on line "
            f"{line:,}) removed: they are not text"
        )
    delimiter = delimiter or _sniff(sample, "\t" if ext in (".tsv", ".tab") else ",")
    lines = _Lines(text, delimiter, label, source)
    reader = csv.reader(iter(lines), delimiter=delimiter)
    rows: list[tuple[int, Cells]] = []
    memo: dict[str, str] = {}
    spans: list[tuple[int, int, int, list[str]]] = []  # (record, first line, last line, cells) over several lines
    first_width = 0
    record = last = 0
    try:
        for fields in reader:
            record += 1
            lines.pending = 0
            if reader.line_num - last > 1:
                spans.append((record, last + 1, reader.line_num, fields))
            last = reader.line_num
            if record == 1:
                first_width = len(fields)
            if len(fields) > MAX_COLUMNS:
                if any(f.strip() for f in fields[MAX_COLUMNS:]):
                    raise _too_many_columns(label, source, record)
                del fields[MAX_COLUMNS:]
            values = list(map(str.strip, fields))
            if len(memo) < MEMO_MAX:  # one string per distinct value (titles, dates, manager ids repeat)
                values = list(map(memo.setdefault, values, values))
            cells = Cells(filter(_SECOND, enumerate(values)))  # the non-empty cells, at C speed
            if cells:
                rows.append((record, cells))
                if limit is not None and len(rows) >= limit:
                    break
            if tick is not None and record % TICK_ROWS == 0:
                tick(reader.line_num, total_lines)
    except csv.Error as e:
        raise fail(label, source, f"is not a readable CSV/TSV file ({e})") from None
    warnings.extend(_check_quotes(label, source, text, delimiter, record, first_width, spans))
    return rows, warnings


def _check_quotes(
    label: str,
    source: str,
    text: str,
    delimiter: str,
    records: int,
    first_width: int,
    spans: list[tuple[int, int, int, list[str]]],
) -> list[str]:
    """Refuse a stray opening quote: the csv module reads on to the next quote, or to the end of the file.

    A cell over many lines that look like rows is an error; over one or two such lines, a warning.
    """
    problems, warnings = [], []
    width = max(first_width or 1, 2)
    for record, first, last, cells in spans:
        swallowed = _swallowed_rows(cells, delimiter, width)
        if record == records and _ends_inside_quotes(text, delimiter):
            problems.append(
                f'{label}:{record}: unbalanced quote (") starts here; the rest of the file was read as one cell'
            )
        elif swallowed >= 3:
            problems.append(
                f'{label}:{record}: unbalanced quote (") starts here; lines {first}-{last} were read as one cell'
            )
        elif swallowed:
            warnings.append(
                f"{label}:{record}: a quoted cell runs over lines {first}-{last} that look like rows; "
                'if they are rows, a quote (") is unbalanced here'
            )
    if problems:
        raise PlanImportError(problems[0], source=source, details=problems)
    return warnings


def _ends_inside_quotes(text: str, delimiter: str) -> bool:
    """True when a quoted field is still open at the end of ``text`` (csv rules, not strict)."""
    opener = re.compile(f'(?:^|(?<=[{re.escape(delimiter)}\r\n]))"')
    pos = 0
    while True:
        match = opener.search(text, pos)
        if match is None:
            return False
        pos = match.end()
        while True:  # inside a quoted field: "" is a quote, " ends it
            q = text.find('"', pos)
            if q < 0:
                return True
            if text.startswith('"', q + 1):
                pos = q + 2
                continue
            pos = q + 1
            break


def _swallowed_rows(cells: list[str], delimiter: str, width: int) -> int:
    """How many lines of a multi-line cell look like rows of the table (0 unless every extra line does)."""
    most = 0
    for cell in cells:
        lines = [line for line in cell.splitlines()[1:] if line.strip()]
        if lines and all(line.count(delimiter) >= width - 1 for line in lines):
            most = max(most, len(lines))
    return most


def _decode(data: bytes, label: str, source: str) -> tuple[str, str]:
    """Text plus the encoding to warn about ("" for UTF-8, with or without BOM, or UTF-16/32 with BOM)."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                return data.decode(codec), ""
            except UnicodeDecodeError as e:
                problem = f"starts like {codec.upper()} text but is not valid {codec.upper()} (byte {e.start:,})"
                raise fail(label, source, f"{problem}; {_UTF_HINT}") from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
            return text, f"UTF-16 ({'little' if utf16.endswith('le') else 'big'}-endian, no byte-order mark)"
        except UnicodeDecodeError as e:
            problem = f"looks like UTF-16 text without a byte-order mark but cannot be read as it (byte {e.start:,})"
            raise fail(label, source, f"{problem}; {_UTF_HINT}") from None
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _utf16_without_bom(data: bytes) -> str:
    """'utf-16-le' / 'utf-16-be' when every other byte is mostly zero (ASCII text in UTF-16), else ''."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return ""
    even = sample[0 : half * 2 : 2].count(0) / half
    odd = sample[1 : half * 2 : 2].count(0) / half
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return ""


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ch < " " and ch not in "\t\r\n\f") or "\x7f" <= ch <= "\x9f")
    return bad / len(text)


def _sniff(sample: str, default: str) -> str:
    """The delimiter used most often, outside quotes, on the first non-blank line; ties go to the default."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    started = False
    for ch in sample:
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch in "\r\n":
            if started:
                break
        elif ch in counts:
            counts[ch] += 1
            started = True
        elif not ch.isspace():
            started = True
    order = (default, *DELIMITERS)
    best = max(order, key=lambda d: counts[d])
    return best if counts[best] else default


# ------------------------------------------------------------------ XLSX


def _read_xlsx(
    fh: IO[bytes], label: str, source: str, kind: str, tick: Tick | None, limit: int | None = None
) -> tuple[list[tuple[int, Cells]], list[str], list[tuple[int, int, str]]]:
    """The rows of the sheet named ``kind`` (else the first), through planner.imports.xlsx's limits."""
    extras = xlsx.SheetExtras()
    rows: list[tuple[int, Cells]] = []
    memo: dict[str, str] = {}
    stripped: list[tuple[int, int, str]] = []  # (row, col, first non-character) of cells that held some
    try:
        with xlsx.Book(fh, xlsx_limits()) as book:
            if not book.sheets:
                raise fail(label, source, "the workbook has no worksheets")
            wanted = {kind.lower(), kind.lower().rstrip("s")} if kind else set()
            part = next((p for t, p in book.sheets if t.strip().lower() in wanted), book.sheets[0][1])
            total = book.part_size(part)
            share = memo.setdefault
            for seen, (number, values) in enumerate(book.rows(part, extras, percent=True), start=1):
                try:  # a row of text (nearly all of them): stripped at C speed
                    texts = list(map(str.strip, values.values()))
                except TypeError:  # a number, date, truth value or error in the row
                    texts = [v.strip() if type(v) is str else _cell_text(v) for v in values.values()]
                if not all(map(str.isascii, texts)):  # every non-character is past U+FDCF: ASCII text has none
                    texts = [_without_noncharacters(t, number, col, stripped) for col, t in zip(values, texts)]
                if len(memo) < MEMO_MAX:  # one string per distinct value (titles, dates, manager ids repeat)
                    texts = list(map(share, texts, texts))
                cells = Cells(filter(_SECOND, zip(values, texts)))  # the cells holding something
                if cells:
                    rows.append((number, cells))
                    if limit is not None and len(rows) >= limit:
                        break
                if tick is not None and seen % TICK_ROWS == 0:
                    tick(book.read_bytes, max(total, 1))
    except xlsx.XlsxError as e:
        raise fail(label, source, e.problem, e.row) from None
    warnings = _fill_merges(label, source, rows, extras.merges)
    if stripped:
        row, col, char = stripped[0]
        warnings.append(
            f"{label}: {plural(len(stripped), 'cell')} held non-characters (such as U+{ord(char):04X} in "
            f"{xlsx.column_letter(col)}{row}), removed: they are not text"
        )
    unread = [
        (row, col, f"{label}:{row}:{xlsx.column_letter(col)}: formula without a saved value ({text}); "
         "open and save the file in a spreadsheet program, or paste values")
        for row, col, text in extras.formulas
    ] + [
        (row, col, f"{label}:{row}:{xlsx.column_letter(col)}: error value {one_line(code, 20)} (a formula that failed); "
         "fix it in the spreadsheet, or clear the cell")
        for row, col, code in extras.errors
    ]  # fmt: skip
    return rows, warnings, unread


def _without_noncharacters(text: str, row: int, col: int, stripped: list[tuple[int, int, str]]) -> str:
    """``text`` without non-characters; the first one found in a cell is noted in ``stripped``."""
    found = NONCHARACTERS.search(text)
    if found is None:
        return text
    stripped.append((row, col, found.group()))
    return strip_noncharacters(text)[0]


def _fill_merges(
    label: str, source: str, rows: list[tuple[int, Cells]], merges: list[tuple[int, int, int, int]]
) -> list[str]:
    """Give every cell of a merged range the top-left value (a sheet stores it there only).

    Bounded by the table: no row past the last one read, no column past the widest row.
    """
    if not merges or not rows:
        return []
    by_row = dict(rows)
    last_row = rows[-1][0]
    widest = max((max(cells) for _, cells in rows if cells), default=0)
    filled = 0
    refs = []
    added = False
    for r1, c1, r2, c2 in sorted(merges):
        top = by_row.get(r1)
        if top is None or c1 not in top:
            continue
        value = top[c1]
        refs.append(f"{xlsx.column_letter(c1)}{r1}:{xlsx.column_letter(c2)}{r2}")
        for r in range(r1, min(r2, last_row) + 1):
            cells = by_row.get(r)
            if cells is None:
                cells = by_row[r] = Cells()
                added = True
            for c in range(c1, min(c2, widest) + 1):
                cells[c] = value
                filled += 1
            if filled > MAX_MERGED_CELLS:
                raise fail(label, source, f"more than {MAX_MERGED_CELLS:,} merged cells; unmerge them and save again")
    if added:
        rows[:] = sorted(by_row.items())
    if not refs:
        return []
    listed = ", ".join(refs[:5]) + (f" and {len(refs) - 5} more" if len(refs) > 5 else "")
    return [f"{label}: merged cells {listed} were read with the top-left value in every cell"]


def _cell_text(value: Any) -> str:
    """A cell's value as the text a user sees (50% stays 50, 3.0 is 3, a date is ISO); an error value is ""."""
    if value is None or isinstance(value, xlsx.CellError):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()
