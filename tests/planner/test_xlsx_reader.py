"""The XLSX reader (planner.imports.xlsx, xlsx_sheet, xlsx_xml): what it reads, whatever the chunk size,
and the guards of its chunked ElementTree parse (no DTD, bounded cells, nesting and memory)."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from planner.imports import xlsx, xlsx_xml
from planner.imports.importer import import_sheets
from tests.planner.helpers import import_fails as fails

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_XML = "xl/worksheets/sheet1.xml"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships"><sheets><sheet name="people" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
        ' Target="styles.xml"/></Relationships>'
    ),
}
STYLES = (  # cell style 1: a date; 2: a percent; 3: a duration
    f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm"/></numFmts>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="9"/><xf numFmtId="164"/></cellXfs>'
    "</styleSheet>"
)
STRINGS = (
    f'<sst xmlns="{MAIN}"><si><t>Ann</t></si><si><r><rPr><b/></rPr><t>Bo</t></r><r><t>b</t></r>'
    '<rPh><t>ボブ</t></rPh></si><si><t/></si><si><t xml:space="preserve"> Cy </t></si></sst>'
)
ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="str"><v>=x</v></c></row>'
    '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3"><v>42</v></c><c r="C3"><v>2.5</v></c>'
    '<c r="D3" s="1"><v>45292</v></c><c r="E3" s="2"><v>0.25</v></c><c r="F3" t="b"><v>1</v></c>'
    '<c r="G3" t="e"><v>#N/A</v></c><c r="H3" s="3"><v>1.5</v></c></row>'
    '<row><c t="inlineStr"><is><r><t>Da</t></r><r><t>na</t></r><rPh><t>x</t></rPh></is></c><c/>'
    '<c t="s"><v>3</v></c><c r="E4"><f>B3*2</f></c><c r="F4"><f t="shared" si="0"/></c>'
    '<c r="G4"><f>1+1</f><v>2</v></c><c r="H4" t="s"><v>2</v></c></row>'
    '<row r="5" spans="1:3"/>'
)
EXPECTED = [
    (1, {0: "name", 1: "Bob", 2: "=x"}),
    (3, {0: "Ann", 1: 42, 2: 2.5, 3: dt.datetime(2024, 1, 1), 4: 25.0, 5: True, 6: xlsx.CellError("#N/A"),
         7: dt.timedelta(hours=36)}),
    (4, {0: "Dana", 2: " Cy ", 6: 2}),
]  # fmt: skip


def book(path: Path, rows: str = ROWS, *, tail: str = "", strings: str = STRINGS, head: str = "") -> Path:
    """A workbook of one sheet holding ``rows`` (``tail`` after its sheet data, ``head`` before its root)."""
    sheet = f'{head}<worksheet xmlns="{MAIN}"><dimension ref="A1"/><sheetData>{rows}</sheetData>{tail}</worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in PARTS.items():
            zf.writestr(name, text)
        zf.writestr("xl/styles.xml", STYLES)
        zf.writestr("xl/sharedStrings.xml", strings)
        zf.writestr(SHEET_XML, sheet)
    return path


def read(path: Path, limits: xlsx.Limits | None = None) -> tuple[list[tuple[int, dict]], xlsx.SheetExtras]:
    extras = xlsx.SheetExtras()
    with open(path, "rb") as fh, xlsx.Book(fh, limits) as workbook:
        return list(workbook.rows(workbook.sheets[0][1], extras, percent=True)), extras


@pytest.mark.parametrize("chunk", [1, 7, 100, 1 << 16])
def test_every_kind_of_cell_reads_the_same_whatever_the_chunk_size(tmp_path, monkeypatch, chunk):
    """Rows, cells and shared strings cut anywhere between two chunks read as when whole."""
    monkeypatch.setattr(xlsx_xml, "CHUNK", chunk)
    path = book(tmp_path / "org.xlsx", tail='<mergeCells count="2"><mergeCell ref="A3:B4"/><mergeCell ref="C9"/>'
                '</mergeCells>')  # fmt: skip
    rows, extras = read(path)
    assert rows == EXPECTED
    assert extras.merges == [(3, 0, 4, 1), (9, 2, 9, 2)]
    assert extras.formulas == [(4, 4, "=B3*2"), (4, 5, "a shared formula")]
    assert extras.errors == [(3, 6, "#N/A")]


def test_what_the_reader_reads_matches_a_second_reader(tmp_path):
    """openpyxl writes (shared strings, numbers, dates); python-calamine reads the same values."""
    from python_calamine import CalamineWorkbook

    path = tmp_path / "people.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "name", "manager", "fte", "start"])
    for i in range(1, 400):
        ws.append([f"E{i}", f"Person {i} Ünïcode", f"E{(i - 1) // 8}" if i > 1 else None, i % 3 / 2 + 0.5,
                   dt.date(2020, 1 + i % 12, 1 + i % 28)])  # fmt: skip
    wb.save(path)
    ours = read(path)[0]
    theirs = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    assert len(ours) == len(theirs) == 400
    for (number, cells), row in zip(ours, theirs, strict=True):
        expected = {col: value for col, value in enumerate(row) if value != ""}
        got = {col: value.date() if isinstance(value, dt.datetime) else value for col, value in cells.items()}
        assert got == expected, number


# ------------------------------------------------------------ no DTD, however the XML is cut


@pytest.mark.parametrize("chunk", [3, 1 << 16])
def test_a_doctype_in_the_sheet_is_refused_before_it_is_read(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(xlsx_xml, "CHUNK", chunk)
    dtd = '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    path = book(tmp_path / "org.xlsx", '<row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row>', head=dtd)
    assert fails(path).details == [
        "org.xlsx: holds an XML document type declaration (DTD), which a workbook never needs; refused"
    ]


def test_a_doctype_after_a_prolog_longer_than_a_chunk_is_refused(tmp_path):
    head = "<!--" + "x" * 200_000 + "--><!DOCTYPE worksheet>"
    path = book(tmp_path / "org.xlsx", '<row r="1"><c t="inlineStr"><is><t>Ann</t></is></c></row>', head=head)
    assert "document type declaration (DTD)" in fails(path).details[0]


def test_damaged_xml_in_the_sheet_names_the_part(tmp_path):
    rows = '<row r="1"><c t="inlineStr"><is><t>name</t></is></c></row>' * 5000 + "<row><c>"  # past the first chunk
    detail = fails(book(tmp_path / "org.xlsx", rows)).details[0]
    assert detail.startswith(f"org.xlsx: cannot be read as an Excel workbook (damaged XML in {SHEET_XML}: ParseError")


# ------------------------------------------------------------ bounded cells, nesting and memory


def test_a_cell_of_too_many_runs_is_refused_naming_file_row_and_cell(tmp_path):
    runs = "<r><t>x</t></r>" * 20_000  # 320 KB of rich text in one cell
    rows = f'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is>{runs}</is></c></row>'
    assert fails(book(tmp_path / "org.xlsx", rows)).details == [
        "org.xlsx:2: cell A2 holds more than 10,000 XML elements; the file is damaged"
    ]


def test_a_shared_string_of_too_many_runs_is_refused(tmp_path):
    strings = f'<sst xmlns="{MAIN}"><si><t>name</t></si><si>{"<r><t>x</t></r>" * 20_000}</si></sst>'
    path = book(tmp_path / "org.xlsx", '<row r="1"><c t="s"><v>0</v></c></row>', strings=strings)
    assert fails(path).details == [
        "org.xlsx: text 2 of the shared texts holds more than 10,000 XML elements; the file is damaged"
    ]


def test_elements_nested_absurdly_deep_are_refused(tmp_path):
    deep = "<x>" * 100_000 + "</x>" * 100_000
    path = book(tmp_path / "org.xlsx", '<row r="1"><c t="inlineStr"><is><t>name</t></is></c></row>', tail=deep)
    assert fails(path).details == [f"org.xlsx: {SHEET_XML} nests XML elements more than 64 deep; the file is damaged"]


def peak_reading(path: Path) -> tuple[list, int]:
    tracemalloc.start()
    try:
        rows = read(path, xlsx.Limits(ratio=100_000))[0]  # repeated XML compresses far past the zip-bomb ratio
        return rows, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("shape", ["one row of empty cells", "unknown elements after the sheet data"])
def test_the_tree_never_holds_more_than_a_chunk(tmp_path, shape):
    """Built whole, each of these sheets is 300,000 elements (~24 MB); read a chunk at a time, ~2 MB."""
    first = '<row r="1"><c t="inlineStr"><is><t>name</t></is></c></row>'
    if shape.startswith("one row"):
        rows = first + '<row r="2"><c t="inlineStr"><is><t>Ann</t></is></c>' + "<c/>" * 300_000 + "</row>"
        path = book(tmp_path / "org.xlsx", rows)
        expected = [(1, {0: "name"}), (2, {0: "Ann"})]
    else:
        path = book(tmp_path / "org.xlsx", first, tail="<extLst>" + "<x/>" * 300_000 + "</extLst>")
        expected = [(1, {0: "name"})]
    rows, peak = peak_reading(path)
    assert rows == expected
    assert peak < 6 * 1024 * 1024, f"{peak / 1024 / 1024:.1f} MB"


def test_the_import_reads_rows_split_over_many_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_xml, "CHUNK", 5)
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>manager</t></is></c></row>'
    rows += "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>P{i}</t></is></c>'
        + (f'<c r="B{i}" t="inlineStr"><is><t>P2</t></is></c>' if i > 2 else "")
        + "</row>"
        for i in range(2, 60)
    )
    result = import_sheets(book(tmp_path / "org.xlsx", rows))
    assert len(result.plan.people) == 58
    assert {p.manager for p in result.plan.people.values()} == {None, "p2"}


def test_reading_from_a_stream_not_a_file(tmp_path):
    data = book(tmp_path / "org.xlsx").read_bytes()
    extras = xlsx.SheetExtras()
    with xlsx.Book(io.BytesIO(data)) as workbook:
        assert list(workbook.rows(workbook.sheets[0][1], extras, percent=True)) == EXPECTED


def test_more_shared_texts_than_the_import_limit_are_refused(tmp_path, monkeypatch):
    """The import's limit (sheets.MAX_SHARED_TEXTS, room for ~3 distinct texts a row at a million rows) applies."""
    from planner.imports import sheets

    strings = f'<sst xmlns="{MAIN}"><si><t>name</t></si><si><t>Ann</t></si><si><t>Bob</t></si><si><t>Cy</t></si></sst>'
    rows = '<row r="1"><c t="s"><v>0</v></c></row><row r="2"><c t="s"><v>3</v></c></row>'
    path = book(tmp_path / "org.xlsx", rows, strings=strings)
    assert [p.name for p in import_sheets(path).plan.people.values()] == ["Cy"]
    monkeypatch.setattr(sheets, "MAX_SHARED_TEXTS", 3)
    assert fails(path).details == ["org.xlsx: holds more than 3 different texts (the limit); save the sheet as CSV"]


def test_the_same_date_read_twice_is_one_value(tmp_path):
    rows = '<row r="1"><c r="A1" s="1"><v>45292</v></c><c r="B1" s="1"><v>45292</v></c><c r="C1" s="1"><v>1e400</v></c></row>'
    cells = read(book(tmp_path / "org.xlsx", rows))[0][0][1]
    assert cells[0] == cells[1] == dt.datetime(2024, 1, 1)
    assert cells[2] == xlsx.CellError("#VALUE!")  # past any date: an error value, not a traceback


def test_progress_runs_through_a_big_sheet_and_cancel_stops_it(tmp_path):
    from planner.imports.importer import PROGRESS_STEPS, ImportCancelled

    rows = '<row r="1"><c t="inlineStr"><is><t>name</t></is></c></row>' + "".join(
        f'<row r="{i}"><c t="inlineStr"><is><t>Person {i}</t></is></c></row>' for i in range(2, 5002)
    )
    path = book(tmp_path / "org.xlsx", rows)
    seen: list[int] = []
    result = import_sheets(path, progress=lambda done, total: seen.append(done) or True)
    assert len(result.plan.people) == 5000
    assert seen == sorted(seen) and seen[-1] == PROGRESS_STEPS and len(seen) > 10
    calls: list[int] = []
    with pytest.raises(ImportCancelled):
        import_sheets(path, progress=lambda done, total: calls.append(done) or len(calls) < 3)
    assert len(calls) == 3


def test_the_cyclic_gc_runs_again_after_a_read_good_or_bad(tmp_path):
    import gc

    from planner.imports import sheets

    assert gc.isenabled()
    assert sheets.read_sheet(book(tmp_path / "org.xlsx")).headers == ["name", "Bob", "=x"]
    assert gc.isenabled()
    with pytest.raises(Exception, match="the file is damaged"):
        sheets.read_sheet(book(tmp_path / "bad.xlsx", "<row>" * 20_000))
    assert gc.isenabled()
