"""Reading a spreadsheet file (CSV, TSV, XLSX) into plain rows of trimmed text.

Knows nothing about people or rocks: it finds the header row, numbers rows as
a spreadsheet shows them (header = row 1) and refuses files that are not
tables (missing, empty, binary) with a PlanImportError naming the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.errors import PlanImportError

DELIMITERS = (",", ";", "\t", "|")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
SNIFF_CHARS = 65_536
# Magic numbers of files people pick by mistake, with what to tell them.
_MAGIC = (
    (b"\xd0\xcf\x11\xe0", "is an old Excel .xls (or other legacy Office) file; save it as .xlsx or .csv"),
    (b"%PDF", "is a PDF, not a spreadsheet"),
    (b"\x89PNG", "is an image, not a spreadsheet"),
    (b"\xff\xd8\xff", "is an image, not a spreadsheet"),
    (b"\x1f\x8b", "is a compressed (gzip) file; unpack it first"),
)


@dataclass(slots=True)
class Sheet:
    """A table read from one file; ``rows`` skips blank rows but keeps spreadsheet numbering."""

    label: str  # the file name, as used in every message
    source: str  # the path as given
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells padded to the headers)
    warnings: list[str] = field(default_factory=list)


def fail(label: str, source: str, problem: str) -> PlanImportError:
    """A whole-file error: message and single detail both name the file."""
    text = f"{label}: {problem}"
    return PlanImportError(text, source=source, details=[text])


def read_sheet(path: str | Path, kind: str = "") -> Sheet:
    """Read CSV/TSV/TXT (sniffed) or XLSX (sheet named ``kind`` if any, else the first)."""
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
        return _to_sheet(label, str(path), _read_xlsx(path, label, kind), [])
    if ext in EXCEL_EXTENSIONS:
        raise fail(label, str(path), "is not an Excel .xlsx workbook (the file content is not one)")
    for magic, problem in _MAGIC:
        if head.startswith(magic):
            raise fail(label, str(path), problem)
    return _to_sheet(label, str(path), *_read_text(path, label, ext))


def _to_sheet(label: str, source: str, table: list[list[str]], warnings: list[str]) -> Sheet:
    numbered = [(n, row) for n, row in enumerate(table, start=1) if any(row)]
    if not numbered:
        raise fail(label, source, "the file is empty (no header row)")
    _, headers = numbered[0]
    headers = [h.strip().lstrip("\ufeff").strip() for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows = []
    for number, row in numbered[1:]:
        cells = row[:width] + [""] * (width - len(row))
        if any(cells):
            rows.append((number, cells))
    return Sheet(label, source, headers, rows, warnings)


def _read_text(path: Path, label: str, ext: str) -> tuple[list[list[str]], list[str]]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise fail(label, str(path), f"cannot be read ({e.strerror})") from None
    text, encoding = _decode(data)
    warnings = []
    if encoding:
        warnings.append(f"{label}: not valid UTF-8; read as {encoding} (save as UTF-8 to be sure of accents)")
    sample = text[:SNIFF_CHARS]
    if "\x00" in sample or _control_share(sample) > 0.01:
        raise fail(label, str(path), "is a binary file, not a CSV/TSV spreadsheet")
    delimiter = _sniff(sample, "\t" if ext in (".tsv", ".tab") else ",")
    try:
        table = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as e:
        raise fail(label, str(path), f"is not a readable CSV/TSV file ({e})") from None
    return table, warnings


def _decode(data: bytes) -> tuple[str, str]:
    """Text plus the fallback encoding used ("" for UTF-8, with or without BOM, or UTF-16 with BOM)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


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


def _read_xlsx(path: Path, label: str, kind: str) -> list[list[str]]:
    import openpyxl  # lazily: only XLSX imports pay for it

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
        # Some writers store a wrong dimension (e.g. "A1"); reset so no column is cut off.
        ws.reset_dimensions()
        return [[_cell_text(c) for c in row] for row in ws.iter_rows()]
    except PlanImportError:
        raise
    except Exception as e:  # a damaged sheet XML surfaces only while iterating
        raise fail(label, str(path), f"cannot be read as an Excel workbook ({type(e).__name__})") from None
    finally:
        wb.close()


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
