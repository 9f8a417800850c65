"""Reading a spreadsheet file (CSV, TSV, XLSX) into plain rows of trimmed text.

Knows nothing about people or rocks: it finds the header row, numbers rows as
a spreadsheet shows them (header = row 1) and refuses files that are not
tables (missing, empty, binary, an unbalanced quote, a zip bomb, too many rows)
with a PlanImportError naming the file and row. Anything it had to repair or
leave out (extra cells, merged cells) becomes a warning: nothing is dropped silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.errors import PlanError, PlanImportError
from planner.text import plural, shown

DELIMITERS = (",", ";", "\t", "|")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
SNIFF_CHARS = 65_536
MAX_ROWS = 200_000  # data rows per file, any kind
MAX_TEXT_BYTES = 256 * 1024 * 1024  # a CSV/TSV file this big is not an org chart
# An XLSX file is a zip of XML: checked before openpyxl opens it (zip bombs).
MAX_ZIP_ENTRIES = 10_000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # ~200,000 rows of 15 columns
MAX_ZIP_RATIO = 100  # real sheets compress 5-25x; bombs ~1000x
MAX_MERGED_CELLS = 2_000_000
LISTED_ROWS = 20  # ragged rows warned one by one, then summarised
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
_UTF_HINT = 'save it as "CSV UTF-8" (Excel: File > Save As) and import that'

Tick = Callable[[int, int], None]  # (done, total) within one file; raises ImportCancelled to stop


class ImportCancelled(PlanError):
    """The user stopped an import part way; nothing was imported."""


@dataclass(slots=True)
class Sheet:
    """A table read from one file; ``rows`` skips blank rows but keeps spreadsheet numbering."""

    label: str  # the file name, as used in every message
    source: str  # the path as given
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells padded to the headers)
    warnings: list[str] = field(default_factory=list)
    # Cells whose value could not be read: (row, column index, message naming file:row:column).
    # The importer makes them errors in imported columns, warnings elsewhere.
    unread: list[tuple[int, int, str]] = field(default_factory=list)
    headerless: bool = False  # read with header=False: row 1 is data, columns named "column N"


def fail(label: str, source: str, problem: str, row: int = 0) -> PlanImportError:
    """A whole-file error (or one anchored at ``row``): message and single detail both name the file."""
    text = f"{label}:{row}: {problem}" if row else f"{label}: {problem}"
    return PlanImportError(text, source=source, details=[text])


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
    path = Path(path)
    label = path.name or str(path)
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise fail(label, str(path), "no such file") from None
    except IsADirectoryError:
        raise fail(label, str(path), "is a folder, expected a .csv, .tsv or .xlsx file") from None
    except OSError as e:
        raise fail(label, str(path), f"cannot be read ({e.strerror})") from None
    ext = path.suffix.lower()
    if ext == ".json":
        raise fail(label, str(path), "is JSON, not a spreadsheet; import a .csv, .tsv or .xlsx file")
    if head.startswith(b"PK\x03\x04"):
        table, warnings, unread = _read_xlsx(path, label, kind, tick, limit)
        sheet = _to_sheet(label, str(path), table, warnings, "give that column a header to import it", header)
        sheet.unread = unread
        return sheet
    if ext in EXCEL_EXTENSIONS:
        raise fail(label, str(path), "is not an Excel .xlsx workbook (the file content is not one)")
    for magic, problem in _MAGIC:
        if head.startswith(magic):
            raise fail(label, str(path), problem)
    table, warnings = _read_text(path, label, ext, tick, delimiter, limit)
    hint = "a cell that contains the delimiter needs quotes"
    return _to_sheet(label, str(path), table, warnings, hint, header)


def _to_sheet(
    label: str, source: str, table: list[list[str]], warnings: list[str], hint: str, header: bool = True
) -> Sheet:
    numbered = [(n, row) for n, row in enumerate(table, start=1) if any(row)]
    if not numbered:
        raise fail(label, source, "the file is empty (no header row)")
    if header:
        _, headers = numbered[0]
        headers = [h.strip().lstrip("\ufeff").strip() for h in headers]
        while headers and not headers[-1]:
            headers.pop()
    else:  # every row is data: as many columns as the widest row has cells
        if numbered[0][1]:
            numbered[0][1][0] = numbered[0][1][0].lstrip("\ufeff").strip()
        widest = max(max((i + 1 for i, c in enumerate(row) if c), default=0) for _, row in numbered)
        headers = [f"column {i + 1}" for i in range(widest)]
    width = len(headers)
    rows = []
    ragged: list[int] = []
    for number, row in numbered[1:] if header else numbered:
        cells = row[:width] + [""] * (width - len(row))
        extra = [c for c in row[width:] if c]
        if extra:
            ragged.append(number)
            if len(ragged) <= LISTED_ROWS:
                values = ", ".join(f'"{shown(c, 40)}"' for c in extra[:3]) + (", ..." if len(extra) > 3 else "")
                warnings.append(
                    f"{label}:{number}: {plural(len(extra), 'extra cell')} beyond the "
                    f"{plural(width, 'header column')} ignored ({values}); {hint}"
                )
        if any(cells):
            rows.append((number, cells))
    if len(ragged) > LISTED_ROWS:
        more = ragged[LISTED_ROWS:]
        listed = ", ".join(map(str, more[:10])) + (", ..." if len(more) > 10 else "")
        warnings.append(f"{label}: {plural(len(more), 'more row')} with extra cells ignored (rows {listed})")
    return Sheet(label, source, headers, rows, warnings, headerless=not header)


# ------------------------------------------------------------------ CSV / TSV


def _read_text(
    path: Path, label: str, ext: str, tick: Tick | None, delimiter: str | None = None, limit: int | None = None
) -> tuple[list[list[str]], list[str]]:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            most = f"{MAX_TEXT_BYTES // _MB} MB"
            raise fail(label, str(path), f"is {size // _MB} MB; the limit is {most} for a CSV/TSV file")
        data = path.read_bytes()
    except OSError as e:
        raise fail(label, str(path), f"cannot be read ({e.strerror})") from None
    text, encoding = _decode(data, label, str(path))
    warnings = []
    if encoding:
        warnings.append(f"{label}: not valid UTF-8; read as {encoding} (save as UTF-8 to be sure of accents)")
    sample = text[:SNIFF_CHARS]
    if "\x00" in sample or _control_share(sample) > 0.01:
        raise fail(label, str(path), "is a binary file, not a CSV/TSV spreadsheet")
    delimiter = delimiter or _sniff(sample, "\t" if ext in (".tsv", ".tab") else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: list[list[str]] = []
    spans: list[tuple[int, int, int]] = []  # (record, first line, last line) of records over several lines
    total_lines = text.count("\n") + 1
    data_rows = last = 0
    try:
        for record in reader:
            if reader.line_num - last > 1:
                spans.append((len(table) + 1, last + 1, reader.line_num))
            last = reader.line_num
            cells = [c.strip() for c in record]
            table.append(cells)
            if any(cells):
                data_rows += 1
                if data_rows > MAX_ROWS + 1:  # + the header
                    raise _too_many_rows(label, str(path), len(table))
                if limit is not None and data_rows >= limit:
                    break
            if tick is not None and len(table) % TICK_ROWS == 0:
                tick(reader.line_num, total_lines)
    except csv.Error as e:
        raise fail(label, str(path), f"is not a readable CSV/TSV file ({e})") from None
    warnings.extend(_check_quotes(label, str(path), text, delimiter, table, spans))
    return table, warnings


def _too_many_rows(label: str, source: str, row: int) -> PlanImportError:
    return fail(label, source, f"more than {MAX_ROWS:,} rows (the limit per file); split the file", row)


def _check_quotes(
    label: str, source: str, text: str, delimiter: str, table: list[list[str]], spans: list[tuple[int, int, int]]
) -> list[str]:
    """Refuse a stray opening quote: the csv module reads on to the next quote, or to the end of the file.

    A cell over many lines that look like rows is an error; over one or two such lines, a warning.
    """
    problems, warnings = [], []
    width = max(len(table[0]) if table else 1, 2)
    for record, first, last in spans:
        swallowed = _swallowed_rows(table[record - 1], delimiter, width)
        if record == len(table) and _ends_inside_quotes(text, delimiter):
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


def check_zip(path: Path, label: str) -> None:
    """Refuse a workbook that would unpack to too much (a zip bomb) before any XML is parsed."""
    source = str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise fail(label, source, f"cannot be read as an Excel workbook ({type(e).__name__})") from None
    bomb = "refused as a possible zip bomb; save the sheet as CSV and import that"
    if len(infos) > MAX_ZIP_ENTRIES:
        raise fail(label, source, f"holds {len(infos):,} files (the limit is {MAX_ZIP_ENTRIES:,}); {bomb}")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED_BYTES:
        size = f"{total // _MB:,} MB (the limit is {MAX_UNZIPPED_BYTES // _MB} MB)"
        raise fail(label, source, f"would unpack to {size}; {bomb}")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _MB and ratio > MAX_ZIP_RATIO:
            part = shown(info.filename, 60)
            raise fail(
                label, source, f"{part} unpacks to {ratio:,.0f}x its size (the limit is {MAX_ZIP_RATIO}x); {bomb}"
            )


def _read_xlsx(
    path: Path, label: str, kind: str, tick: Tick | None, limit: int | None = None
) -> tuple[list[list[str]], list[str], list[tuple[int, int, str]]]:
    import openpyxl  # lazily: only XLSX imports pay for it

    check_zip(path, label)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types (zip, XML, key errors) on a damaged file
        raise fail(label, str(path), f"cannot be read as an Excel workbook ({type(e).__name__})") from None
    try:
        sheets = wb.worksheets
        if not sheets:
            raise fail(label, str(path), "the workbook has no worksheets")
        wanted = {kind.lower(), kind.lower().rstrip("s")} if kind else set()
        ws = next((s for s in sheets if s.title.strip().lower() in wanted), sheets[0])
        expected = ws.max_row or 0  # from the stored dimension, for progress only
        # Some writers store a wrong dimension (e.g. "A1"); reset so no column is cut off.
        ws.reset_dimensions()
        table: list[list[str]] = []
        data_rows = 0
        for row in ws.iter_rows():
            cells = [_cell_text(c) for c in row]
            table.append(cells)
            if any(cells):
                data_rows += 1
                if data_rows > MAX_ROWS + 1:
                    raise _too_many_rows(label, str(path), len(table))
                if limit is not None and data_rows >= limit:
                    break
            if tick is not None and len(table) % TICK_ROWS == 0:
                tick(len(table), max(expected, len(table)))
        # openpyxl's read-only sheet knows neither merged ranges nor formulas: read them from the XML.
        merges, formulas = _scan_sheet_xml(path, getattr(ws, "_worksheet_path", ""))
    except (PlanImportError, ImportCancelled):
        raise
    except Exception as e:  # a damaged sheet XML surfaces only while iterating
        raise fail(label, str(path), f"cannot be read as an Excel workbook ({type(e).__name__})") from None
    finally:
        wb.close()
    warnings = _fill_merges(label, str(path), table, merges)
    unread = [
        (row, col, f"{label}:{row}:{_column_letter(col)}: formula without a saved value ({text}); "
         "open and save the file in a spreadsheet program, or paste values")
        for row, col, text in formulas
    ]  # fmt: skip
    return table, warnings, unread


_REF = rb"([A-Z]{1,3})(\d{1,7})"
# A <mergeCell ref="A1:B2"/>, or a cell whose formula has no cached value (no <v>, or an empty one).
_SCAN = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="' + _REF + rb":" + _REF + rb'"'
    rb'|<(?:\w+:)?c\b[^>]*?\br="' + _REF + rb'"[^>]*>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)'
    rb"\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>|</(?:\w+:)?c>)"
)
_HINT = re.compile(rb"<(?:\w+:)?(?:f|mergeCell)\b")  # a quick look first: most sheets have neither
_CARRY = 65_536  # bytes kept between chunks so a match across them is found whole


def _scan_sheet_xml(path: Path, member: str) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int, str]]]:
    """Merged ranges (first row, first col, last row, last col; 0-based cols) and formulas without values."""
    merges: list[tuple[int, int, int, int]] = []
    formulas: list[tuple[int, int, str]] = []
    if not member:
        return merges, formulas
    with zipfile.ZipFile(path) as zf, zf.open(member.lstrip("/")) as stream:
        buf = b""
        while True:
            chunk = stream.read(4 * _MB)
            buf += chunk
            end = len(buf) if not chunk else max(len(buf) - _CARRY, 0)
            for m in _SCAN.finditer(buf) if _HINT.search(buf) else ():
                if m.start() >= end:
                    break
                if m.group(1):
                    c1, r1, c2, r2 = _col(m.group(1)), int(m.group(2)), _col(m.group(3)), int(m.group(4))
                    merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
                else:
                    text = m.group(7).decode("utf-8", "replace") if m.group(7) else ""
                    what = f"={shown(text, 40)}" if text else "a shared formula"
                    formulas.append((int(m.group(6)), _col(m.group(5)), what))
            buf = buf[end:]
            if not chunk:
                return merges, formulas


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _fill_merges(label: str, source: str, table: list[list[str]], merges: list[tuple[int, int, int, int]]) -> list[str]:
    """Give every cell of a merged range the top-left value (openpyxl leaves them empty)."""
    filled = 0
    refs = []
    for r1, c1, r2, c2 in sorted(merges):
        if r1 > len(table) or c1 >= len(table[r1 - 1]) or not table[r1 - 1][c1]:
            continue
        value = table[r1 - 1][c1]
        refs.append(f"{_column_letter(c1)}{r1}:{_column_letter(c2)}{r2}")
        for r in range(r1, min(r2, len(table)) + 1):
            row = table[r - 1]
            last = min(c2, max(len(row), len(table[r1 - 1])) - 1)
            if len(row) <= last:
                row.extend([""] * (last + 1 - len(row)))
            for c in range(c1, last + 1):
                row[c] = value
                filled += 1
            if filled > MAX_MERGED_CELLS:
                raise fail(label, source, f"more than {MAX_MERGED_CELLS:,} merged cells; unmerge them and save again")
    if not refs:
        return []
    listed = ", ".join(refs[:5]) + (f" and {len(refs) - 5} more" if len(refs) > 5 else "")
    return [f"{label}: merged cells {listed} were read with the top-left value in every cell"]


def _cell_text(cell: Any) -> str:
    """A cell's value as the text a user sees (50% stays 50, 3.0 is 3, a date is ISO)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if "%" in (getattr(cell, "number_format", "") or ""):
            value = round(value * 100, 9)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()
