"""A guarded, streaming reader of the cells of an Excel .xlsx workbook (the imports' only XLSX reader).

An XLSX file is a zip of XML parts; every limit is checked before anything is
inflated or parsed, or while the XML streams past, so no file costs more than
its limits allow:

- the zip: number of entries, each entry's declared size and compression ratio
  (zipfile never inflates an entry past its declared size), and their total;
- the XML: a DOCTYPE is refused as soon as it starts, so no DTD and no entity
  (billion laughs, external entities) is ever read; the worksheet and the shared
  strings are built by the C ElementTree parser a chunk at a time and removed as
  soon as they are read (planner.imports.xlsx_xml, planner.imports.xlsx_sheet);
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

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat

from planner.core.text import one_line
from planner.imports.xlsx_sheet import SheetExtras, SheetReader
from planner.imports.xlsx_xml import (
    CHUNK,
    MAX_SHEET_COLUMN,
    MAX_SHEET_ROW,
    CellError,
    XlsxError,
    check_size,
    column_letter,
    expat_parser,
    local,
    prune,
    pull,
    texts,
    why,
)

__all__ = [
    "MAX_SHEET_COLUMN", "MAX_SHEET_ROW", "Book", "CellError", "Limits", "SheetExtras", "XlsxError", "column_letter",
]  # fmt: skip

_MB = 1024 * 1024
ERROR_VALUES = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!",
     "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!", "#PYTHON!")
)  # fmt: skip
_LITERALS = re.compile(r'"[^"]*"|\\.')  # quoted text and escaped characters in a number format
_BOMB = "refused as a possible zip bomb; save the sheet as CSV and import that"


@dataclass(frozen=True)
class Limits:
    entries: int = 10_000
    unzipped: int = 200 * _MB
    ratio: int = 100
    columns: int = MAX_SHEET_COLUMN
    strings: int = 3_000_000  # shared strings: more than any real sheet within the byte limit needs


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
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, expat.ExpatError, ET.ParseError) as e:
            raise XlsxError(f"cannot be read as an Excel workbook ({why(e)})") from None

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
        parser = expat_parser()
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
            if local(name) == "Relationship" and attrs.get("TargetMode") != "External":
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
            tag = local(name)
            if tag == "sheet":
                rid = next((v for k, v in attrs.items() if k.endswith("}id") or k == "id"), "")
                listed.append((attrs.get("name", ""), rid))
            elif tag == "workbookPr":
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
        with self.zip.open(name) as stream:
            for root, done in pull(stream):
                items = root[:]
                open_item = None if done or not items else items.pop()
                for si in items:
                    if local(si.tag) != "si":
                        continue
                    t = si[0] if len(si) == 1 else None
                    if t is not None and not len(t) and local(t.tag) == "t":
                        strings.append(t.text or "")  # <si><t>text</t></si>, nearly every string
                    else:  # rich text: runs, phonetic runs
                        check_size(si, f"text {len(strings) + 1:,} of the shared texts")
                        strings.append(texts(si) or "")
                if len(strings) > most:
                    raise XlsxError(f"holds more than {most:,} different texts (the limit); save the sheet as CSV")
                del root[: len(items)]
                if open_item is not None:
                    if local(open_item.tag) == "si":
                        check_size(open_item, f"text {len(strings) + 1:,} of the shared texts")
                    else:
                        prune(open_item, name)

    def _read_styles(self, name: str) -> None:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        custom: dict[int, str] = {}
        xfs: list[int] = []
        where = {"cellXfs": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            name = local(tag)
            if name == "numFmt":
                fmt_id = attrs.get("numFmtId", "")
                if fmt_id.isascii() and fmt_id.isdigit():
                    custom[int(fmt_id)] = attrs.get("formatCode", "")
            elif name == "cellXfs":
                where["cellXfs"] = True
            elif name == "xf" and where["cellXfs"]:
                try:
                    xfs.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    xfs.append(0)

        def end(tag: str) -> None:
            if local(tag) == "cellXfs":
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

        def date(number: float | int, duration: bool) -> Any:
            return from_excel(number, epoch, timedelta=duration)

        reader = SheetReader(
            part, self.strings, self.dates, self.percent if percent else set(), self.limits.columns, extras, date
        )
        try:
            with self.zip.open(part) as stream:
                for root, done in pull(stream):
                    self.read_bytes = stream.tell()
                    rows = reader.feed(root, done)
                    if rows:
                        yield from rows
        except XlsxError:
            raise
        except (expat.ExpatError, ET.ParseError) as e:
            raise XlsxError(f"cannot be read as an Excel workbook (damaged XML in {part}: {why(e)})") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
            raise XlsxError(f"cannot be read as an Excel workbook ({why(e)})") from None

    def part_size(self, part: str) -> int:
        return self.zip.getinfo(part).file_size

    def is_percent(self, style: int) -> bool:
        return style in self.percent
