"""The plan as an Excel workbook, and the workbook read back into a plan.

Sheets: People, Rocks, Matrix, Findings, Moves (the tables of planner.exports.tables), then
Teams and Plan (name and settings), so ``rocks import --workbook`` rebuilds the same
people, rocks, teams and moves. Headers are bold on a fill, the header row and first
column are frozen, columns are sized to their text, percents show a "%" sign.

The file is written directly as Office Open XML (a zip of a few XML parts) rather than
through openpyxl: openpyxl's write-only mode took 10.5 s for just two sheets of a
10,000-person plan on the reference machine, this writer about 2 s for all of them.
Every text cell is a shared string: the file holds NO formula cell whatever the text
("=SUM(A1)" is a string, exactly as typed). Characters XML cannot hold (control
characters, a lone surrogate) and carriage returns are written in the OOXML escape
``_xHHHH_`` (a literal ``_xHHHH_`` in the text becomes ``_x005F_xHHHH_``), as Excel
writes them, and the reader undoes it.

Reading goes through the import's guarded reader (planner.imports.xlsx: a regular file, zip limits
checked before inflating, no DTD, only the cells that hold a value, every row that is
there); every problem names the sheet, row and column.
"""

from __future__ import annotations

import json
import math
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.core import fields as F
from planner.core.errors import FieldError, PlanError, PlanFileError
from planner.exports import tables
from planner.exports.exporting import Cancelled, Progress, atomic_output, no_progress
from planner.imports import xlsx
from planner.planfile import guard

if TYPE_CHECKING:
    import pandas as pd

    from models import Plan
    from planner.checks.analysis import Analysis

SHEETS = ("People", "Rocks", "Matrix", "Findings", "Moves", "Teams", "Plan")
TABLE_OF_SHEET = {
    "People": "people",
    "Rocks": "rocks",
    "Matrix": "matrix",
    "Findings": "findings",
    "Moves": "moves",
    "Teams": "teams",
}
MAX_ROWS = 1_048_576  # Excel's limit, header included

# Cell styles (indexes into cellXfs below).
_PLAIN, _HEADER, _PERCENT, _EFFORT, _WHOLE = 0, 1, 2, 3, 4
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="0&quot;%&quot;"/>\
<numFmt numFmtId="165" formatCode="0.0"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>
"""
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Characters XML 1.0 cannot hold (and CR, which XML readers turn into LF), written as _xHHHH_.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ud800-\udfff\ufffe\uffff]")
_LITERAL_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def ooxml_escape(text: str) -> str:
    """Text as OOXML stores it: XML-unsafe characters as _xHHHH_, a literal _xHHHH_ protected as _x005F_xHHHH_."""
    if "_x" in text:
        text = _LITERAL_ESCAPE.sub("_x005F_", text)
    return _UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def ooxml_unescape(text: str) -> str:
    """The inverse of ``ooxml_escape`` (what Excel does when it reads a cell)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _xml_text(text: str) -> str:
    text = ooxml_escape(text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _xml_attr(text: str) -> str:
    return _xml_text(text).replace('"', "&quot;")


# ------------------------------------------------------------------ writing


class _Strings:
    """The shared-strings table: each distinct text once."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.uses = 0

    def get(self, text: str) -> int:
        self.uses += 1
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.index)
        return i

    def xml(self) -> Iterator[str]:
        yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {_NS} count="{self.uses}" '
        yield f'uniqueCount="{len(self.index)}">'
        for text in self.index:
            yield f'<si><t xml:space="preserve">{_xml_text(text)}</t></si>'
        yield "</sst>"


def _width(header: str, values: list[Any]) -> float:
    longest = len(header) + 2
    for v in values[:300]:
        if isinstance(v, str):
            longest = max(longest, len(v.split("\n", 1)[0]))
        elif isinstance(v, float | int) and not isinstance(v, bool):
            longest = max(longest, 8)
    return float(min(max(longest + 1, 7), 60))


def _sheet_xml(
    headers: list[str],
    columns: list[list[Any]],
    styles: list[int],
    strings: _Strings,
    tick: Callable[[int], None],
) -> Iterator[str]:
    """One worksheet's XML in pieces: frozen header row and first column, widths, header style."""
    rows = len(columns[0]) if columns else 0
    letters = [xlsx.column_letter(i) for i in range(len(headers))]
    last = f"{letters[-1]}{rows + 1}" if headers else "A1"
    yield (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS} xmlns:r="{_REL_NS}">'
        f'<dimension ref="A1:{last}"/><sheetViews><sheetView workbookViewId="0">'
        '<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>'
        '<selection pane="topRight"/><selection pane="bottomLeft"/>'
        '<selection pane="bottomRight" activeCell="B2" sqref="B2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><cols>'
    )
    yield "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{_width(h, col):g}" customWidth="1"/>'
        for i, (h, col) in enumerate(zip(headers, columns, strict=True))
    )
    yield '</cols><sheetData><row r="1">'
    yield "".join(
        f'<c r="{letters[i]}1" s="{_HEADER}" t="s"><v>{strings.get(h)}</v></c>' for i, h in enumerate(headers)
    )
    yield "</row>"
    sget = strings.get
    cells = list(zip(letters, styles, strict=True))
    step = 2000
    for start in range(0, rows, step):
        out: list[str] = []
        add = out.append
        for r, row in enumerate(zip(*(col[start : start + step] for col in columns), strict=True), start + 2):
            add(f'<row r="{r}">')
            for (letter, style), v in zip(cells, row, strict=True):
                if v is None or v == "":
                    continue
                if isinstance(v, str):
                    add(f'<c r="{letter}{r}" t="s"><v>{sget(v)}</v></c>')
                elif isinstance(v, bool):
                    add(f'<c r="{letter}{r}" t="b"><v>{int(v)}</v></c>')
                elif isinstance(v, int | float):
                    if v != v or math.isinf(v):
                        continue
                    number = repr(int(v)) if float(v).is_integer() and abs(v) < 1e15 else repr(float(v))
                    add(
                        f'<c r="{letter}{r}" s="{style}"><v>{number}</v></c>'
                        if style
                        else f'<c r="{letter}{r}"><v>{number}</v></c>'
                    )
                else:
                    add(f'<c r="{letter}{r}" t="s"><v>{sget(str(v))}</v></c>')
            add("</row>")
        yield "".join(out)
        tick(min(start + step, rows))
    yield "</sheetData></worksheet>"


def _column_style(header: str, values: list[Any]) -> int:
    """Loads and capacities show as "85%", efforts (percent of a week, also per discipline) as "12.5"."""
    if header in ("load %", "capacity"):
        return _PERCENT
    if header == "headcount":
        return _WHOLE
    if any(isinstance(v, float) for v in values[:50]):
        return _EFFORT
    return _PLAIN


def _plan_rows(plan: Plan, scenario: str) -> tuple[list[str], list[list[Any]]]:
    from planner.planfile.fileio import plan_to_dict

    settings = plan_to_dict(plan)["settings"]
    fields = ["name", "settings", "scenario", "people", "rocks", "teams", "moves"]
    values: list[Any] = [
        plan.name,
        json.dumps(settings, ensure_ascii=False, separators=(", ", ": ")),
        scenario or "baseline",
        len(plan.people),
        len(plan.rocks),
        len(plan.teams),
        len(plan.moves),
    ]
    return ["field", "value"], [fields, values]


def workbook_frames(plan: Plan, analysis: Analysis | None = None) -> dict[str, pd.DataFrame]:
    """The sheet name -> DataFrame of every table sheet, in order."""
    if analysis is None:
        from planner.checks.analysis import Analysis

        analysis = Analysis(plan)
    return {sheet: tables.table(plan, name, analysis) for sheet, name in TABLE_OF_SHEET.items()}


def write_workbook(
    plan: Plan,
    path: str | os.PathLike[str],
    progress: Progress = no_progress,
    *,
    analysis: Analysis | None = None,
    scenario: str = "",
) -> None:
    """Write the workbook atomically; Cancelled (no file) if ``progress`` returns False."""
    total_people = len(plan.people)
    if not progress(0, total_people, "people"):
        raise Cancelled()
    frames = workbook_frames(plan, analysis)
    for sheet, frame in frames.items():
        if len(frame) + 1 > MAX_ROWS:
            raise PlanError(f"{path}: the {sheet} sheet would have {len(frame):,} rows; Excel holds {MAX_ROWS - 1:,}")
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (name, [str(c) for c in frame.columns], [frame[c].tolist() for c in frame.columns])
        for name, frame in frames.items()
    ]
    sheets.append(("Plan", *_plan_rows(plan, scenario)))
    grand = sum(len(cols[0]) if cols else 0 for _, _, cols in sheets) or 1
    done = [0]

    def ticker(base: int) -> Callable[[int], None]:
        def tick(n: int) -> None:
            done[0] = base + n
            people = min(total_people, round(done[0] / grand * total_people))
            if not progress(people, total_people, "people"):
                raise Cancelled()

        return tick

    strings = _Strings()
    with atomic_output(path) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            base = 0
            for i, (_name, headers, cols) in enumerate(sheets, 1):
                styles = [_column_style(h, c) for h, c in zip(headers, cols, strict=True)]
                with zf.open(f"xl/worksheets/sheet{i}.xml", "w") as fh:
                    for piece in _sheet_xml(headers, cols, styles, strings, ticker(base)):
                        fh.write(piece.encode("utf-8", "surrogatepass"))
                base += len(cols[0]) if cols else 0
            with zf.open("xl/sharedStrings.xml", "w") as fh:
                chunk: list[str] = []
                for piece in strings.xml():
                    chunk.append(piece)
                    if len(chunk) >= 5000:
                        fh.write("".join(chunk).encode("utf-8"))
                        chunk = []
                fh.write("".join(chunk).encode("utf-8"))
            _write_package(zf, [name for name, _, _ in sheets], plan.name)
        progress(total_people, total_people, "people")


def _write_package(zf: zipfile.ZipFile, names: list[str], title: str) -> None:
    """The parts every workbook needs besides its sheets."""
    n = len(names)
    sheet_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    zf.writestr(
        "[Content_Types].xml",
        head + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{sheet_types}"
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>",
    )
    zf.writestr(
        "_rels/.rels",
        head + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>",
    )
    zf.writestr(
        "docProps/core.xml",
        head + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{_xml_text(title[:255])}</dc:title><dc:creator>Rocks</dc:creator></cp:coreProperties>",
    )
    zf.writestr(
        "docProps/app.xml",
        head + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Rocks</Application></Properties>",
    )
    sheets = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(names, 1))
    zf.writestr(
        "xl/workbook.xml",
        head + f'<workbook {_NS} xmlns:r="{_REL_NS}"><bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheets}</sheets></workbook>",
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1)
    )
    zf.writestr(
        "xl/_rels/workbook.xml.rels",
        head + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'{rels}<Relationship Id="rId{n + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{n + 2}" Type="{_REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
    )
    zf.writestr("xl/styles.xml", _STYLES)


# ------------------------------------------------------------------ reading

REQUIRED = {
    "People": ("id", "name"),
    "Rocks": ("id", "title", "discipline", "effort", "owner id"),
    "Teams": ("id", "name"),
    "Moves": ("rock id", "when"),
    "Plan": ("field", "value"),
}
_SECTION_SHEET = {"people": "People", "rocks": "Rocks", "teams": "Teams", "moves": "Moves"}
_FILE_PATH = re.compile(r'\b(people|rocks|teams|moves)\[(\d+)\]( \("[^\n]*?"\))?(?:\.([a-z_]+))?')
# JSON fields whose workbook column has another name.
_COLUMN_OF = {
    "manager": "manager id",
    "team": "team id",
    "dotted": "dotted ids",
    "owner": "owner id",
    "contributors": "contributor ids",
    "lead": "lead id",
    "rock": "rock id",
    "from": "from id",
    "to": "to id",
}


class _Problems:
    def __init__(self, source: str):
        self.source = source
        self.items: list[str] = []

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        self.items.append(f"sheet {sheet}, row {row}, column {column}: {message}")

    def raise_any(self) -> None:
        if not self.items:
            return
        first = f"{self.source}: {self.items[0]}"
        if len(self.items) == 1:
            raise PlanError(first, source=self.source)
        shown = self.items[:20]
        more = len(self.items) - len(shown)
        details = [*shown, *([f"... and {more} more"] if more else [])]
        raise PlanError(
            f"{self.source}: {len(self.items)} problems in the workbook", source=self.source, details=details
        )


class _Sheet:
    """The rows of one sheet as dicts of the columns the reader knows (first header of a name wins)."""

    def __init__(self, name: str, rows: list[tuple[int, dict[int, Any]]], problems: _Problems):
        self.name = name
        self.problems = problems
        header = rows[0][1] if rows and rows[0][0] == 1 else {}
        self.columns: dict[str, int] = {}
        for i, h in sorted(header.items()):
            if isinstance(h, str) and h.strip():
                self.columns.setdefault(h.strip().casefold(), i)
        self.rows = [(n, row) for n, row in rows if n > 1]
        self.known = set(self.columns.values())

    def missing(self, required: tuple[str, ...]) -> list[str]:
        return [c for c in required if c not in self.columns]

    def refuse_errors(self, errors: list[tuple[int, int, str]]) -> None:
        """Error values (#N/A...) in a column the reader uses are problems naming the cell."""
        names = {i: c for c, i in self.columns.items()}
        for row, col, code in errors:
            if row > 1 and col in names:
                self.problems.add(
                    self.name,
                    row,
                    names[col],
                    f"error value {code[:20]} (a formula that failed); fix it or clear the cell",
                )

    def records(self) -> Iterator[tuple[int, Callable[[str], Any]]]:
        """(row number, a getter by column name) for each row that is not blank in the columns read."""
        known = self.known
        for n, row in self.rows:
            if all(
                v is None or isinstance(v, xlsx.CellError) or (isinstance(v, str) and not v.strip())
                for i, v in row.items()
                if i in known
            ):
                continue

            def get(column: str, row: dict[int, Any] = row) -> Any:
                i = self.columns.get(column)
                value = row.get(i) if i is not None else None
                return None if isinstance(value, xlsx.CellError) else value

            yield n, get


def _text(value: Any) -> str:
    """A cell as text: strings unescaped, numbers without a spurious '.0', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return ooxml_unescape(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _flag(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueError(f"expected TRUE or FALSE, got {value:g}")
    text = _text(value).strip().casefold()
    if text in ("", "false", "no", "0", "n"):
        return False
    if text in ("true", "yes", "1", "y"):
        return True
    raise ValueError(f'expected TRUE or FALSE, got "{_short(text)}"')


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"expected {what}, got {value}")
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(_text(value).strip())
        except ValueError:
            raise ValueError(f'expected {what}, got "{_short(_text(value))}"') from None
    if not math.isfinite(number) or not number.is_integer() or not 0 <= number <= 1_000_000:
        raise ValueError(f"expected {what}, got {_short(_text(value))}")
    return int(number)


def _load_rows(path: Path, wanted: tuple[str, ...]) -> dict[str, tuple[list[tuple[int, dict[int, Any]]], list[Any]]]:
    """Sheet title -> (rows holding a value, error cells) for the sheets named in ``wanted`` (any case).

    Read through the import's guarded reader (planner.imports.sheets / planner.imports.xlsx): a regular file,
    zip limits checked before inflating, no DTD, only cells with a value, every row that is there.
    """
    from planner.imports import sheets
    source = str(path)
    with sheets_open(path) as fh:
        if fh.read(4) != b"PK\x03\x04":
            raise PlanFileError(f"{path}: not an Excel workbook (.xlsx) that can be read", source=source)
        fh.seek(0)
        out: dict[str, tuple[list[tuple[int, dict[int, Any]]], list[Any]]] = {}
        title = ""
        try:
            with xlsx.Book(fh, sheets.xlsx_limits()) as book:
                names = {w.casefold() for w in wanted}
                for title, part in book.sheets:
                    if title.casefold() not in names or title in out:
                        continue
                    extras = xlsx.SheetExtras()
                    out[title] = (list(book.rows(part, extras)), extras.errors)
        except xlsx.XlsxError as e:
            where = f"sheet {title}, row {e.row}: " if e.row and title else ""
            raise PlanFileError(f"{path}: {where}{e.problem}", source=source) from None
    return out


def sheets_open(path: Path) -> Any:
    """The workbook file, opened through planner.planfile.guard (a regular file within the import's size limit)."""
    from planner.imports import sheets
    return guard.open_file(path, sheets.MAX_TEXT_BYTES, "an Excel .xlsx workbook")


def read_workbook(path: str | os.PathLike[str], name: str | None = None) -> Plan:
    """A plan from a workbook Rocks exported (possibly edited since); PlanError naming sheet, row and column."""
    import orjson

    from planner.planfile import fileio
    path = Path(path)
    source = str(path)
    raw = _load_rows(path, ("People", "Rocks", "Teams", "Moves", "Plan"))
    problems = _Problems(source)
    present = {k.casefold(): k for k in raw}
    sheets: dict[str, _Sheet] = {}
    for sheet in ("People", "Rocks", "Teams", "Moves", "Plan"):
        actual = present.get(sheet.casefold())
        if actual is None:
            if sheet in ("People", "Rocks"):
                raise PlanError(
                    f"{path}: no sheet named {sheet}; a workbook from `rocks export` has the sheets "
                    f"{', '.join(SHEETS)}",
                    source=source,
                )
            continue
        sheets[sheet] = _Sheet(sheet, raw[actual][0], problems)
        missing = sheets[sheet].missing(REQUIRED[sheet])
        if missing:
            raise PlanError(
                f"{path}: sheet {sheet}: no column {', '.join(repr(m) for m in missing)} in the header row (row 1)",
                source=source,
            )
        sheets[sheet].refuse_errors(raw[actual][1])

    doc: dict[str, Any] = {"schema_version": 1, "name": name or path.stem}
    rows_of: dict[str, list[int]] = {}

    def field(sheet: str, row: int, column: str, parse: Callable[[Any], Any], value: Any) -> Any:
        try:
            return parse(value)
        except FieldError as e:
            problems.add(sheet, row, column, e.message.split(": ", 1)[-1])
        except ValueError as e:
            problems.add(sheet, row, column, str(e))
        return None

    # Plan: name and settings.
    if "Plan" in sheets:
        for n, get in sheets["Plan"].records():
            key = _text(get("field")).strip().casefold()
            if key == "name" and name is None and _text(get("value")).strip():
                doc["name"] = _text(get("value"))
            elif key == "settings" and _text(get("value")).strip():
                doc["settings"] = field("Plan", n, "value", _settings, get("value"))

    people: list[dict[str, Any]] = []
    rows_of["people"] = []
    for n, get in sheets["People"].records():
        pid = _text(get("id"))
        if not pid:
            problems.add("People", n, "id", "empty; every person needs an id")
            continue
        person: dict[str, Any] = {"id": pid, "name": _text(get("name")), "role": _text(get("role"))}
        manager = _text(get("manager id"))
        if manager:
            person["manager"] = manager
        dotted = field("People", n, "dotted ids", lambda v: tables.parse_id_list(_text(v)), get("dotted ids"))
        if dotted:
            person["dotted"] = dotted
        capacity = get("capacity")
        if capacity is not None and _text(capacity).strip():
            person["capacity"] = field("People", n, "capacity", F.parse_capacity, capacity)
        team = _text(get("team id"))
        if team:
            person["team"] = team
        for key in ("email", "start"):
            if _text(get(key)):
                person[key] = _text(get(key))
        status = _text(get("status")).strip()
        if status:
            person["status"] = field("People", n, "status", F.parse_status, status)
        people.append(person)
        rows_of["people"].append(n)
    doc["people"] = people

    rocks: list[dict[str, Any]] = []
    rows_of["rocks"] = []
    for n, get in sheets["Rocks"].records():
        rid = _text(get("id"))
        if not rid:
            problems.add("Rocks", n, "id", "empty; every rock needs an id")
            continue
        rock: dict[str, Any] = {
            "id": rid,
            "title": _text(get("title")),
            "discipline": _text(get("discipline")),
            "effort": field("Rocks", n, "effort", F.parse_effort, get("effort")),
            "owner": _text(get("owner id")) or None,
        }
        kind = _text(get("kind")).strip()
        if kind:
            rock["kind"] = field("Rocks", n, "kind", F.parse_kind, kind)
        state = _text(get("state")).strip()
        if state:
            rock["state"] = field("Rocks", n, "state", F.parse_state, state)
        for key in ("area", "context", "problem", "impact", "goal", "priority"):
            if _text(get(key)):
                rock[key] = _text(get(key))
        contributors = field(
            "Rocks", n, "contributor ids", lambda v: tables.parse_id_list(_text(v)), get("contributor ids")
        )
        if contributors:
            rock["contributors"] = contributors
        for key in ("seeded", "grows"):
            if field("Rocks", n, key, _flag, get(key)):
                rock[key] = True
        kept = field("Rocks", n, "kept", F.parse_kept, _text(get("kept")))
        if kept is not None:
            rock["kept"] = kept
        rocks.append(rock)
        rows_of["rocks"].append(n)
    doc["rocks"] = rocks

    teams: list[dict[str, Any]] = []
    rows_of["teams"] = []
    if "Teams" in sheets:
        for n, get in sheets["Teams"].records():
            tid = _text(get("id"))
            if not tid:
                problems.add("Teams", n, "id", "empty; every team needs an id")
                continue
            team_doc: dict[str, Any] = {"id": tid, "name": _text(get("name"))}
            lead = _text(get("lead id"))
            if lead:
                team_doc["lead"] = lead
            if get("headcount") is not None and _text(get("headcount")).strip():
                team_doc["headcount"] = field(
                    "Teams",
                    n,
                    "headcount",
                    lambda v: _whole(v, "a whole number of engineers, 0 or more"),
                    get("headcount"),
                )
            growth = field("Teams", n, "growth", _growth, get("growth"))
            if growth:
                team_doc["growth"] = growth
            teams.append(team_doc)
            rows_of["teams"].append(n)
    doc["teams"] = teams

    moves: list[dict[str, Any]] = []
    rows_of["moves"] = []
    if "Moves" in sheets:
        for n, get in sheets["Moves"].records():
            move: dict[str, Any] = {
                "rock": _text(get("rock id")),
                "from": _text(get("from id")) or None,
                "to": _text(get("to id")) or None,
                "when": _text(get("when")),
            }
            if not move["rock"]:
                problems.add("Moves", n, "rock id", "empty; a move names the id of the rock it moved")
                continue
            if _text(get("note")):
                move["note"] = _text(get("note"))
            moves.append(move)
            rows_of["moves"].append(n)
    doc["moves"] = moves
    problems.raise_any()

    try:
        data = orjson.dumps(doc)
    except (TypeError, orjson.JSONEncodeError):
        raise PlanError(
            f"{path}: the workbook holds text that cannot be stored (a lone surrogate)", source=source
        ) from None
    try:
        return fileio.loads(data, source)
    except PlanError as e:
        raise _with_rows(e, rows_of) from None


def _settings(value: Any) -> Any:
    try:
        settings = json.loads(_text(value))
    except json.JSONDecodeError as e:
        raise ValueError(f"expected the plan's settings as JSON ({e.msg} at character {e.pos})") from None
    if not isinstance(settings, dict):
        raise ValueError("expected the plan's settings as a JSON object")
    return settings


def _growth(value: Any) -> list[int]:
    if value is None:
        return []
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [_whole(value, "whole numbers of engineers separated by commas")]
    parts = [p.strip() for p in _text(value).replace(";", ",").split(",")]
    return [_whole(p, "whole numbers of engineers separated by commas") for p in parts if p]


def _with_rows(e: PlanError, rows_of: dict[str, list[int]]) -> PlanError:
    """A plan-file error about people[3] made about the workbook: "sheet People, row 5"."""

    def where(match: re.Match[str]) -> str:
        section, index = match.group(1), int(match.group(2))
        rows = rows_of.get(section, [])
        row = rows[index] if index < len(rows) else index + 2
        label = match.group(3) or ""
        column = match.group(4)
        text = f"sheet {_SECTION_SHEET[section]}, row {row}{label}"
        return f"{text}, column {_COLUMN_OF.get(column, column)}" if column else text

    message = _FILE_PATH.sub(where, str(e))
    details = [_FILE_PATH.sub(where, d) for d in e.details]
    return PlanError(message, source=e.source, details=details)
