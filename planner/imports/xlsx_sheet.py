"""A worksheet's cells, read from the tree planner.imports.xlsx_xml.pull builds, one chunk at a time.

After every chunk the reader takes the rows the parser has finished, turns their cells into
values and removes them from the tree; a row still open keeps only its cell being read. Only
cells holding a value are kept, by column, so a row with one cell in column ALL costs one cell.
The sheet's stored ``<dimension>`` is never read: the rows that are there are the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from planner.core.text import one_line
from planner.imports.xlsx_xml import (
    COLUMNS,
    DIGITS,
    MAX_SHEET_ROW,
    REF,
    CellError,
    Element,
    XlsxError,
    check_size,
    column,
    column_letter,
    local,
    prune,
    texts,
)

Row = tuple[int, dict[int, Any]]


@dataclass
class SheetExtras:
    """What a sheet holds besides values, found while its rows were read."""

    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, first col, last row, last col
    formulas: list[tuple[int, int, str]] = field(default_factory=list)  # (row, col, "=TEXT" or "a shared formula")
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (row, col, "#N/A")


class SheetReader:
    """(row number, {column index: value}) for every row holding a value, from a worksheet's growing tree.

    Values: str, int, float, bool, datetime/date/time/timedelta (date formats), CellError. Styles in
    ``percents`` read a number as shown (0.5 in a "0%" cell is 50). Merged ranges, formulas with no
    saved value and error cells go to ``extras``.
    """

    def __init__(
        self,
        part: str,
        strings: list[str],
        dates: dict[int, bool],
        percents: set[int],
        columns: int,
        extras: SheetExtras,
        from_excel: Callable[[float | int, bool], Any],
    ):
        self.part = part
        self.strings, self.dates, self.percents, self.columns = strings, dates, percents, columns
        self.extras = extras
        self.from_excel = from_excel  # (serial number, is a duration) -> date, datetime, time or timedelta
        self.seen_dates: dict[tuple[float | int, bool], Any] = {}
        self.tags: dict[str, str] = {}  # local name -> full tag in the sheet's namespace
        self.row = 0
        self.col = -1
        self.values: dict[int, Any] = {}
        self.open_row: Element | None = None
        self.done: list[Row] = []

    def feed(self, root: Element, done: bool) -> list[Row]:
        """Read what the parser has finished under the <worksheet> ``root`` (all of it when ``done``) and
        remove it; the rows completed, in order."""
        if not self.tags:
            ns = root.tag[: root.tag.find("}") + 1]
            self.tags = {name: ns + name for name in ("row", "c", "v", "f", "is", "t", "sheetData")}
        kids = root[:]
        last = len(kids) - 1
        for i, kid in enumerate(kids):
            closed = done or i < last
            tag = kid.tag
            if tag == self.tags["sheetData"] or local(tag) == "sheetData":
                self._sheet_data(kid, closed)
            elif local(tag) == "mergeCells":
                self._merges(kid, closed)
            elif not closed:
                prune(kid, self.part)
        del root[: last + 1 if done else last]
        rows, self.done = self.done, []
        return rows

    # ------------------------------------------------------------ rows and cells

    def _sheet_data(self, data: Element, done: bool) -> None:
        rows = data[:]
        last = len(rows) - 1
        row_tag = self.tags["row"]
        for i, row in enumerate(rows):
            closed = done or i < last
            if row is not self.open_row:
                if row.tag != row_tag and local(row.tag) != "row":
                    if not closed:  # not a row: nothing in it is read
                        prune(row, self.part)
                    continue
                self._begin_row(row)
            self._read_cells(row, closed)
            if closed:
                if self.values:
                    self.done.append((self.row, self.values))
                    self.values = {}
                self.open_row = None
        del data[: last + 1 if done else last]

    def _begin_row(self, row: Element) -> None:
        number = row.get("r")
        self.row = int(number) if number and number.isascii() and number.isdigit() else self.row + 1
        if self.row > MAX_SHEET_ROW:
            raise XlsxError(
                f"row {self.row:,} is past Excel's last row ({MAX_SHEET_ROW:,}); the file is damaged", MAX_SHEET_ROW
            )
        self.col = -1
        self.values = {}
        self.open_row = row

    def _read_cells(self, row: Element, closed: bool) -> None:
        """The cells of ``row`` the parser has finished (all of them when ``closed``), then removed."""
        cells = row[:]
        if not cells:
            return
        open_cell = None if closed else cells.pop()
        tags = self.tags
        c_tag, v_tag, is_tag, t_tag = tags["c"], tags["v"], tags["is"], tags["t"]
        columns_get, values, extras, number = COLUMNS.get, self.values, self.extras, self.row
        strings, most = self.strings, self.columns
        col = self.col
        for c in cells:
            tag = c.tag
            if tag != c_tag and local(tag) != "c":
                continue
            get = c.get
            ref = get("r")
            if ref:
                letters = ref.rstrip(DIGITS)
                known = columns_get(letters) if len(letters) < len(ref) else None  # letters seen and checked
                if known is None:
                    m = REF.fullmatch(ref)
                    if m is None:
                        raise XlsxError(f'a cell has the reference "{ref[:20]}", which is not a cell', number)
                    known = column(m.group(1))
                col = known
            else:
                col += 1
            kind = get("t", "n")
            if kind == "inlineStr":
                inner = c[0] if len(c) == 1 else None
                if inner is not None and inner.tag == is_tag and len(inner) == 1 and inner[0].tag == t_tag:
                    value: Any = inner[0].text  # <is><t>text</t></is>, nearly every inline string
                    if len(inner[0]):
                        value = texts(c)
                else:  # rich text: runs, phonetic runs
                    check_size(c, f"cell {column_letter(col)}{number}", number)
                    value = texts(c)
                if not value:
                    continue
            else:
                text = formula = None
                if len(c) == 1 and c[0].tag == v_tag:
                    text = c[0].text
                else:
                    for child in c:
                        name = local(child.tag)
                        if name == "v":
                            text = child.text or ""
                        elif name == "f":
                            formula = child.text or ""
                if not text:
                    value = None
                elif kind == "s":  # a shared text, nearly every cell Excel writes
                    try:
                        value = strings[int(text)]
                    except (ValueError, IndexError):
                        value = self._value(kind, text, None, col)  # refused, naming the cell
                else:
                    value = self._value(kind, text, get("s"), col)
                if value is None or value == "":
                    if formula is not None:
                        what = f"={formula if len(formula) <= 40 else formula[:39] + '…'}" if formula else ""
                        extras.formulas.append((number, col, what or "a shared formula"))
                    continue
            if col >= most:
                raise XlsxError(
                    f"cell {column_letter(col)}{number} is in column {col + 1:,}; the limit is {most:,} "
                    "columns (move or delete what is that far right)",
                    number,
                )
            if type(value) is CellError:
                extras.errors.append((number, col, value.code))
            values[col] = value
        self.col = col
        del row[: len(cells)]
        if open_cell is not None:
            where = one_line(open_cell.get("r") or f"{column_letter(col + 1)}{number}", 12)
            check_size(open_cell, f"cell {where}", number)

    def _value(self, kind: str, v: str, style: str | None, col: int) -> Any:
        """A cell's stored text ``v`` (not empty) as the value its type and number format say."""
        if kind == "s":
            try:
                return self.strings[int(v)]
            except (ValueError, IndexError):
                where = f"{column_letter(col)}{self.row}"
                raise XlsxError(f"cell {where} refers to a text the workbook does not have", self.row) from None
        if kind == "str":
            return v
        if kind == "e":
            return CellError(v.strip())
        if kind == "b":
            return v.strip() in ("1", "true")
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(v.strip())
            except ValueError:
                return v
        try:
            number: float | int = float(v) if ("." in v or "e" in v or "E" in v) else int(v)
        except ValueError:
            return v
        if self.dates or self.percents:
            index = int(style) if style and style.isascii() and style.isdigit() else 0
            if index in self.dates:
                key = (number, self.dates[index])
                found = self.seen_dates.get(key)  # hire dates repeat: one conversion and one object each
                if found is None:
                    try:
                        found = self.from_excel(*key)
                    except (OverflowError, ValueError):
                        found = CellError("#VALUE!")
                    if len(self.seen_dates) < 100_000:
                        self.seen_dates[key] = found
                return found
            if index in self.percents:
                return round(number * 100, 9)
        return number

    def _merges(self, merges: Element, closed: bool) -> None:
        items = merges[:]
        open_item = None if closed or not items else items.pop()
        for item in items:
            if local(item.tag) != "mergeCell":
                continue
            first, _, last = (item.get("ref") or "").partition(":")
            m1, m2 = REF.fullmatch(first), REF.fullmatch(last or first)
            if m1 and m2:
                c1, r1, c2, r2 = column(m1.group(1)), int(m1.group(2)), column(m2.group(1)), int(m2.group(2))
                self.extras.merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
        del merges[: len(items)]
        if open_item is not None:
            prune(open_item, self.part)
