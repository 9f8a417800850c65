"""A guarded, streaming reader of the cells of an Excel .xlsx workbook (the imports' only XLSX reader).

An XLSX file is a zip of XML parts; every limit is checked before anything is
inflated or parsed, or while the XML streams past, so no file costs more than
its limits allow:

- the zip: number of entries, each entry's declared size and compression ratio
  (zipfile never inflates an entry past its declared size), and their total;
- the XML: a DOCTYPE is refused as soon as it starts, so no DTD and no entity
  (billion laughs, external entities) is ever read;
- the cells: only cells that hold a value are kept, by column, so a sheet with
  one cell in column XFD costs one cell, not 16,384; a value past the column
  limit, a row number past Excel's last row and too many shared strings are
  refused with the reason.

The sheet's stored ``<dimension>`` is ignored: the rows that are there are read
(openpyxl's read-only mode stops at the dimension, dropping rows below it
without a word, and pads every row out to it).

Problems raise XlsxError; the callers (planner.imports.sheets, planner.exports.workbook) add the
file's name.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

from planner.core.text import one_line

MAX_SHEET_ROW = 1_048_576  # Excel's last row
MAX_SHEET_COLUMN = 16_384  # Excel's last column (XFD)
CHUNK = 1 << 16  # bytes of XML parsed at a time
_MB = 1024 * 1024
ERROR_VALUES = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!",
     "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!", "#PYTHON!")
)  # fmt: skip
_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})")
_LITERALS = re.compile(r'"[^"]*"|\\.')  # quoted text and escaped characters in a number format
_BOMB = "refused as a possible zip bomb; save the sheet as CSV and import that"


class XlsxError(Exception):
    """Why the workbook cannot be read; ``row`` is the sheet row to blame (0: the whole file)."""

    def __init__(self, problem: str, row: int = 0):
        super().__init__(problem)
        self.problem = problem
        self.row = row


@dataclass(frozen=True, slots=True)
class CellError:
    """A cell holding an error value (#N/A, #DIV/0!...): a formula that failed, not text."""

    code: str


@dataclass(frozen=True)
class Limits:
    entries: int = 10_000
    unzipped: int = 200 * _MB
    ratio: int = 100
    columns: int = MAX_SHEET_COLUMN
    strings: int = 3_000_000  # shared strings: more than any real sheet within the byte limit needs


@dataclass
class SheetExtras:
    """What a sheet holds besides values, found while its rows were read."""

    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, first col, last row, last col
    formulas: list[tuple[int, int, str]] = field(default_factory=list)  # (row, col, "=TEXT" or "a shared formula")
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (row, col, "#N/A")


def column_letter(index: int) -> str:
    """0 -> A, 16383 -> XFD."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_COLUMNS: dict[str, int] = {}  # "AB" -> 27, filled as letters are seen (a sheet uses a few dozen)
_LOCALS: dict[str, str] = {}  # "uri}c" -> "c" (a workbook uses a few dozen tag names)


def _column(letters: str) -> int:
    found = _COLUMNS.get(letters)
    if found is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + ord(ch) - 64
        found = n - 1
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = found
    return found


def _local(name: str) -> str:
    found = _LOCALS.get(name)
    if found is None:
        found = name.rpartition("}")[2]
        if len(_LOCALS) < 1_000:
            _LOCALS[name] = found
    return found


def _parser() -> Any:
    """An expat parser (namespace-aware: names are "uri}local") that refuses any DOCTYPE before reading it."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.buffer_size = CHUNK

    def refuse(*_: Any) -> None:
        raise XlsxError("holds an XML document type declaration (DTD), which a workbook never needs; refused")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def check_archive(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a zip that would unpack to too much, before anything is inflated."""
    infos = zf.infolist()
    if len(infos) > limits.entries:
        raise XlsxError(f"holds {len(infos):,} files (the limit is {limits.entries:,}); {_BOMB}")
    total = sum(i.file_size for i in infos)
    if total > limits.unzipped:
        size = f"{total // _MB:,} MB (the limit is {limits.unzipped // _MB} MB)"
        raise XlsxError(f"would unpack to {size}; {_BOMB}")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _MB and ratio > limits.ratio:
            name = one_line(info.filename, 60)
            raise XlsxError(f"{name} unpacks to {ratio:,.0f}x its size (the limit is {limits.ratio}x); {_BOMB}")


class Book:
    """An open workbook: its worksheets by name, shared strings and number styles read (all checked)."""

    def __init__(self, fh: IO[bytes], limits: Limits | None = None):
        self.limits = limits or Limits()
        try:
            self.zip = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
            raise XlsxError(f"cannot be read as an Excel workbook ({type(e).__name__})") from None
        check_archive(self.zip, self.limits)
        self._names = {n.lower(): n for n in self.zip.namelist()}
        self.sheets: list[tuple[str, str]] = []  # (title, part name) in workbook order
        self.date1904 = False
        self.strings: list[str] = []
        self.percent: set[int] = set()  # style indexes whose number format shows a percent
        self.dates: dict[int, bool] = {}  # style index -> True for a duration ([h]:mm), False for a date
        self.read_bytes = 0  # of the part being parsed, uncompressed (for progress)
        try:
            self._read_workbook()
        except XlsxError:
            raise
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, expat.ExpatError) as e:
            raise XlsxError(f"cannot be read as an Excel workbook ({_why(e)})") from None

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    # ------------------------------------------------------------ parts

    def _part(self, name: str) -> str | None:
        return self._names.get(name.lstrip("/").lower())

    def _stream(self, name: str, handlers: dict[str, Callable[..., Any]]) -> Iterator[None]:
        """Parse one part in chunks, yielding after each (so a caller can stop early or report progress)."""
        parser = _parser()
        for attr, fn in handlers.items():
            setattr(parser, attr, fn)
        with self.zip.open(name) as stream:
            while True:
                chunk = stream.read(CHUNK)
                self.read_bytes = stream.tell() if hasattr(stream, "tell") else 0
                parser.Parse(chunk, not chunk)
                yield
                if not chunk:
                    return

    def _parse(self, name: str, handlers: dict[str, Callable[..., Any]]) -> None:
        for _ in self._stream(name, handlers):
            pass

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (type, target part name) for ``part``."""
        folder, base = posixpath.split(part)
        rels_name = self._part(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str]] = {}
        if rels_name is None:
            return out

        def start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                path = (
                    target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                )
                out[attrs.get("Id", "")] = (attrs.get("Type", ""), path)

        self._parse(rels_name, {"StartElementHandler": start})
        return out

    def _read_workbook(self) -> None:
        main = next((t for kind, t in self._rels("").values() if kind.endswith("/officeDocument")), "xl/workbook.xml")
        main = self._part(main) or ""
        if not main:
            raise XlsxError("cannot be read as an Excel workbook (it has no workbook part)")
        rels = self._rels(main)
        listed: list[tuple[str, str]] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            local = _local(name)
            if local == "sheet":
                rid = next((v for k, v in attrs.items() if k.endswith("}id") or k == "id"), "")
                listed.append((attrs.get("name", ""), rid))
            elif local == "workbookPr":
                self.date1904 = attrs.get("date1904", "0").lower() in ("1", "true")

        self._parse(main, {"StartElementHandler": start})
        for title, rid in listed:
            kind, target = rels.get(rid, ("", ""))
            part = self._part(target) if target else None
            if part is not None and kind.endswith("/worksheet"):
                self.sheets.append((title, part))
        by_type = {kind.rsplit("/", 1)[-1]: target for kind, target in rels.values()}
        strings = self._part(by_type.get("sharedStrings", "xl/sharedStrings.xml"))
        if strings is not None:
            self._read_strings(strings)
        styles = self._part(by_type.get("styles", "xl/styles.xml"))
        if styles is not None:
            self._read_styles(styles)

    def _read_strings(self, name: str) -> None:
        """Each <si>: its own <t> and its runs' <t> (not the phonetic <rPh> ones), as stored."""
        strings = self.strings
        most = self.limits.strings
        state = {"depth_rph": 0, "in_t": False}
        parts: list[str] = []

        def start(tag: str, _attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "t":
                state["in_t"] = state["depth_rph"] == 0
            elif local == "rPh":
                state["depth_rph"] += 1
            elif local == "si":
                parts.clear()

        def end(tag: str) -> None:
            local = _local(tag)
            if local == "t":
                state["in_t"] = False
            elif local == "rPh":
                state["depth_rph"] -= 1
            elif local == "si":
                strings.append("".join(parts))
                if len(strings) > most:
                    raise XlsxError(f"holds more than {most:,} different texts (the limit); save the sheet as CSV")

        def text(data: str) -> None:
            if state["in_t"]:
                parts.append(data)

        self._parse(name, {"StartElementHandler": start, "EndElementHandler": end, "CharacterDataHandler": text})

    def _read_styles(self, name: str) -> None:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        custom: dict[int, str] = {}
        xfs: list[int] = []
        where = {"cellXfs": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "numFmt":
                fmt_id = attrs.get("numFmtId", "")
                if fmt_id.isascii() and fmt_id.isdigit():
                    custom[int(fmt_id)] = attrs.get("formatCode", "")
            elif local == "cellXfs":
                where["cellXfs"] = True
            elif local == "xf" and where["cellXfs"]:
                try:
                    xfs.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    xfs.append(0)

        def end(tag: str) -> None:
            if _local(tag) == "cellXfs":
                where["cellXfs"] = False

        self._parse(name, {"StartElementHandler": start, "EndElementHandler": end})
        for index, fmt_id in enumerate(xfs):
            fmt = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id) or ""
            if "%" in _LITERALS.sub("", fmt.split(";")[0]):
                self.percent.add(index)
            if is_date_format(fmt):
                self.dates[index] = bool(is_timedelta_format(fmt))

    # ------------------------------------------------------------ cells

    def rows(self, part: str, extras: SheetExtras, *, percent: bool = False) -> Iterator[tuple[int, dict[int, Any]]]:
        """(row number, {column index: value}) of every row holding a value, in order.

        Values: str, int, float, bool, datetime/date/time/timedelta (date formats), CellError.
        ``percent``: a number shown as a percent is read as shown (0.5 in a "0%" cell is 50).
        Merged ranges, formulas with no saved value and error cells go to ``extras``.
        """
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

        epoch = CALENDAR_MAC_1904 if self.date1904 else CALENDAR_WINDOWS_1900
        strings, dates, columns = self.strings, self.dates, self.limits.columns
        percents = self.percent if percent else set()
        locals_get, columns_get = _LOCALS.get, _COLUMNS.get
        done: list[tuple[int, dict[int, Any]]] = []
        current: list[dict[int, Any]] = [{}]
        st: dict[str, Any] = {"row": 0, "col": -1, "type": "n", "style": 0, "cap": None, "formula": None}
        text: list[str] = []
        inline: list[str] = []
        value: list[str | None] = [None]

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = locals_get(tag) or _local(tag)
            if local == "c":
                ref = attrs.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    known = columns_get(letters) if len(letters) < len(ref) else None  # letters seen and checked
                    if known is None:
                        m = _REF.fullmatch(ref)
                        if m is None:
                            raise XlsxError(f'a cell has the reference "{ref[:20]}", which is not a cell', st["row"])
                        known = _column(m.group(1))
                    st["col"] = known
                else:
                    st["col"] += 1
                st["type"] = attrs.get("t", "n")
                style = attrs.get("s")
                st["style"] = int(style) if style and style.isascii() and style.isdigit() else 0
                st["formula"] = None
                value[0] = None
                inline.clear()
            elif local == "v":
                text.clear()
                st["cap"] = "v"
            elif local == "t":
                if st["cap"] != "rPh":
                    text.clear()
                    st["cap"] = "t"
            elif local == "rPh":
                st["cap"] = "rPh"
            elif local == "f":
                text.clear()
                st["cap"] = "f"
                st["formula"] = ""
            elif local == "row":
                number = attrs.get("r")
                st["row"] = int(number) if number and number.isascii() and number.isdigit() else st["row"] + 1
                if st["row"] > MAX_SHEET_ROW:
                    raise XlsxError(
                        f"row {st['row']:,} is past Excel's last row ({MAX_SHEET_ROW:,}); the file is damaged",
                        MAX_SHEET_ROW,
                    )
                st["col"] = -1
                if current[0]:
                    current[0] = {}
            elif local == "mergeCell":
                ref = attrs.get("ref", "")
                first, _, last = ref.partition(":")
                m1, m2 = _REF.fullmatch(first), _REF.fullmatch(last or first)
                if m1 and m2:
                    c1, r1, c2, r2 = _column(m1.group(1)), int(m1.group(2)), _column(m2.group(1)), int(m2.group(2))
                    extras.merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))

        def end(tag: str) -> None:
            local = locals_get(tag) or _local(tag)
            cap = st["cap"]
            if local == "v" and cap == "v":
                value[0] = "".join(text)
                st["cap"] = None
            elif local == "t" and cap == "t":
                inline.append("".join(text))
                st["cap"] = None
            elif local == "rPh":
                st["cap"] = None
            elif local == "f" and cap == "f":
                st["formula"] = "".join(text)
                st["cap"] = None
            elif local == "c":
                cell = _cell_value(st, value[0], inline)
                if cell is None or cell == "":
                    if st["formula"] is not None and st["type"] not in ("inlineStr",):
                        formula = st["formula"]
                        what = f"={formula if len(formula) <= 40 else formula[:39] + '…'}" if formula else ""
                        extras.formulas.append((st["row"], st["col"], what or "a shared formula"))
                    return
                col = st["col"]
                if col >= columns:
                    where = f"{column_letter(col)}{st['row']}"
                    raise XlsxError(
                        f"cell {where} is in column {col + 1:,}; the limit is {columns:,} columns "
                        "(move or delete what is that far right)",
                        st["row"],
                    )
                if isinstance(cell, CellError):
                    extras.errors.append((st["row"], col, cell.code))
                current[0][col] = cell
            elif local == "row" and current[0]:
                done.append((st["row"], current[0]))
                current[0] = {}

        def chars(data: str) -> None:
            if st["cap"] in ("v", "t", "f"):
                text.append(data)

        def _cell_value(st: dict[str, Any], v: str | None, inline: list[str]) -> Any:
            kind = st["type"]
            if kind == "inlineStr":
                return "".join(inline) if inline else None
            if v is None or v == "":
                return None
            if kind == "s":
                try:
                    return strings[int(v)]
                except (ValueError, IndexError):
                    where = f"{column_letter(st['col'])}{st['row']}"
                    raise XlsxError(f"cell {where} refers to a text the workbook does not have", st["row"]) from None
            if kind in ("str", "e"):
                return CellError(v.strip()) if kind == "e" else v
            if kind == "b":
                return v.strip() in ("1", "true")
            if kind == "d":
                try:
                    return dt.datetime.fromisoformat(v.strip())
                except ValueError:
                    return v
            try:
                number: float | int = float(v) if any(c in v for c in ".eE") else int(v)
            except ValueError:
                return v
            style = st["style"]
            if style in dates:
                try:
                    return from_excel(number, epoch, timedelta=dates[style])
                except (OverflowError, ValueError):
                    return CellError("#VALUE!")
            if style in percents:
                return round(number * 100, 9)
            return number

        handlers: dict[str, Callable[..., Any]] = {
            "StartElementHandler": start,
            "EndElementHandler": end,
            "CharacterDataHandler": chars,
        }
        try:
            for _ in self._stream(part, handlers):
                if done:
                    yield from done
                    done.clear()
        except XlsxError:
            raise
        except expat.ExpatError as e:
            raise XlsxError(f"cannot be read as an Excel workbook (damaged XML in {part}: {_why(e)})") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
            raise XlsxError(f"cannot be read as an Excel workbook ({_why(e)})") from None

    def part_size(self, part: str) -> int:
        return self.zip.getinfo(part).file_size

    def is_percent(self, style: int) -> bool:
        return style in self.percent


def _why(e: BaseException) -> str:
    text = str(e)
    return f"{type(e).__name__}: {text[:80]}" if text else type(e).__name__
