"""The XML side of the XLSX reader (planner.imports.xlsx): its errors, cell references and guarded parsers.

Two parsers, both refusing a DOCTYPE before it is read, so no DTD and no entity (billion laughs,
external entities) is ever expanded:

- ``expat_parser``: callbacks per element, for the small parts (relationships, workbook, styles);
- ``pull``: the C ElementTree builder fed in chunks, for the big parts (a worksheet, the shared
  strings). It builds the elements in C, ~2x faster than a Python callback per element
  (tests/benchmarks/bench_import_1m.py --xlsx), and the caller removes what it has read after
  every chunk (``prune``), so the tree never holds more than a chunk's worth of elements.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any
from xml.parsers import expat

MAX_SHEET_ROW = 1_048_576  # Excel's last row
MAX_SHEET_COLUMN = 16_384  # Excel's last column (XFD)
CHUNK = 1 << 16  # bytes of XML parsed at a time
MAX_DEPTH = 64  # elements nested in one another (a worksheet nests ~8 deep)
MAX_ITEM_ELEMENTS = 10_000  # XML elements in one cell or one shared string (rich text has a few dozen)
REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})")
DIGITS = "0123456789"

Element = ET.Element


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


def column_letter(index: int) -> str:
    """0 -> A, 16383 -> XFD."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


COLUMNS: dict[str, int] = {}  # "AB" -> 27, filled as letters are seen (a sheet uses a few dozen)
LOCALS: dict[str, str] = {}  # "{uri}c" -> "c" (a workbook uses a few dozen tag names)


def column(letters: str) -> int:
    """Column letters as a 0-based index ("AB" -> 27), remembered."""
    found = COLUMNS.get(letters)
    if found is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + ord(ch) - 64
        found = n - 1
        if len(COLUMNS) < 20_000:
            COLUMNS[letters] = found
    return found


def local(name: str) -> str:
    """The tag without its namespace ("{uri}c" or "uri}c" -> "c"), remembered."""
    found = LOCALS.get(name)
    if found is None:
        found = name.rpartition("}")[2]
        if len(LOCALS) < 1_000:
            LOCALS[name] = found
    return found


def refuse_dtd(*_: Any) -> None:
    raise XlsxError("holds an XML document type declaration (DTD), which a workbook never needs; refused")


def expat_parser() -> Any:
    """An expat parser (namespace-aware: names are "uri}local") that refuses any DOCTYPE before reading it."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    return parser


def pull(stream: IO[bytes]) -> Iterator[tuple[Element, bool]]:
    """(the document's root element, whether the document is complete) after each chunk of ``stream``.

    Each chunk goes first to an expat parser that refuses a DOCTYPE, until the root element has
    started (a DOCTYPE can only come before it); only then to the ElementTree builder, whose events
    are switched off once the root is known (the caller reads the tree itself). The caller should
    remove the elements it has read before asking for the next chunk.
    """
    guard = expat_parser()
    started = False

    def start(*_: Any) -> None:
        nonlocal started
        started = True

    guard.StartElementHandler = start
    events: list[tuple[str, Element]] = []
    parser = ET.XMLParser(target=ET.TreeBuilder())
    set_events = parser._setevents  # type: ignore[attr-defined]  # what iterparse uses, C and Python alike
    set_events(events, ("start",))
    root: Element | None = None
    while True:
        chunk = stream.read(CHUNK)
        if not started:
            guard.Parse(chunk, not chunk)
        if chunk:
            parser.feed(chunk)
        else:
            parser.close()
        if root is None and events:
            root = events[0][1]
            set_events(events, ())
            events.clear()
        if root is not None:
            yield root, not chunk
        if not chunk:
            return


def prune(element: Element, where: str) -> None:
    """Drop the children the parser has finished below ``element``, still being read, at every level of
    the path still open: an element nobody reads costs nothing, however many children it has."""
    depth = 0
    while len(element):
        del element[:-1]
        element = element[-1]
        depth += 1
        if depth > MAX_DEPTH:
            raise XlsxError(f"{where} nests XML elements more than {MAX_DEPTH} deep; the file is damaged")


def check_size(item: Element, what: str, row: int = 0) -> None:
    """Refuse a cell or shared string holding absurdly many elements (checked while it is still being read)."""
    if len(item) and sum(1 for _ in islice(item.iter(), MAX_ITEM_ELEMENTS + 1)) > MAX_ITEM_ELEMENTS:
        raise XlsxError(f"{what} holds more than {MAX_ITEM_ELEMENTS:,} XML elements; the file is damaged", row)


def texts(item: Element) -> str | None:
    """The text of an inline or shared string: its <t>, or its runs' <t> (not the phonetic <rPh> ones),
    as stored; None when it has no <t> at all."""
    parts: list[str] = []
    skipped: set[int] = set()
    for element in item.iter():
        name = local(element.tag)
        if name == "rPh":
            skipped.update(map(id, element.iter()))
        elif name == "t" and id(element) not in skipped:
            parts.append(element.text or "")
    return "".join(parts) if parts else None


def why(e: BaseException) -> str:
    text = str(e)
    return f"{type(e).__name__}: {text[:80]}" if text else type(e).__name__
