"""Hostile spreadsheets: stray quotes, ragged rows, merged and formula cells, zip bombs, odd encodings.

Every case ends in a PlanImportError naming file:row, or a warning naming it: nothing is dropped silently.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from planner.imports import sheets
from planner.imports.importer import MAX_DETAILS, PROGRESS_STEPS, ImportCancelled, import_sheets
from tests.planner.helpers import import_fails as fails
from tests.planner.helpers import write

SHEET_XML = "xl/worksheets/sheet1.xml"


def workbook(path: Path, rows: list[list], merges: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def rewrite_sheet(path: Path, change) -> Path:
    """Rewrite the first worksheet's XML with ``change(bytes) -> bytes`` (what other writers produce)."""
    parts = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            parts[info.filename] = zf.read(info.filename)
    parts[SHEET_XML] = change(parts[SHEET_XML])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


# ------------------------------------------------------------ unbalanced quotes


def test_unbalanced_quote_reaching_the_end_fails_at_its_row(tmp_path):
    rows = "".join(f"P{i},Engineer\n" for i in range(50))
    path = write(tmp_path, "people.csv", f'name,role\nAnn,CEO\nBob,"Product Manager\n{rows}')
    error = fails(path)
    problem = 'people.csv:3: unbalanced quote (") starts here; the rest of the file was read as one cell'
    assert error.details == [problem]
    assert str(error) == f"{problem}; nothing was imported"


def test_unbalanced_quote_in_the_header_row(tmp_path):
    error = fails(write(tmp_path, "people.csv", 'name,"role\nAnn,CEO\nBob,PM\n'))
    assert error.details == [
        'people.csv:1: unbalanced quote (") starts here; the rest of the file was read as one cell'
    ]


def test_stray_quote_closed_many_lines_later_fails(tmp_path):
    text = 'name,role\nAnn,CEO\nBob,"PM\nCy,Eng\nDi,Eng\nEd,Eng"\nFay,Eng\n'
    error = fails(write(tmp_path, "people.csv", text))
    assert error.details == ['people.csv:3: unbalanced quote (") starts here; lines 3-6 were read as one cell']


def test_stray_quote_over_one_line_is_warned(tmp_path):
    result = import_sheets(write(tmp_path, "people.csv", 'name,role\nAnn,CEO\nBob,"PM\nCy,Eng"\nFay,Eng\n'))
    assert result.warnings == [
        'people.csv:3: a quoted cell runs over lines 3-4 that look like rows; if they are rows, a quote (") is unbalanced here'
    ]


def test_real_multiline_cells_and_quotes_are_fine(tmp_path):
    people = write(tmp_path, "people.csv", 'name,role\nAnn,"CEO, ""founder"""\n')
    rocks = write(
        tmp_path,
        "rocks.csv",
        'title,discipline,effort,notes\nPricing,ops,S,"Line one\nline two\nline three"\nA "quoted" word,ux,M,\n'
        'Launch,gtm,L,"ends the file\nover two lines"',
    )
    result = import_sheets(people, rocks)
    assert result.warnings == []
    assert result.plan.people["ann"].role == 'CEO, "founder"'
    assert result.plan.rocks["r1"].context == "Line one\nline two\nline three"
    assert result.plan.rocks["r2"].title == 'A "quoted" word'
    assert result.plan.rocks["r3"].context == "ends the file\nover two lines"


# ------------------------------------------------------------ ragged rows


def test_extra_cells_are_warned_with_row_and_count(tmp_path):
    text = "name,role,manager\nAnn,CEO,,\nBob,PM,Ann,Paris,x\nCy,PM,Ann\n"
    result = import_sheets(write(tmp_path, "people.csv", text))
    assert len(result.plan.people) == 3
    assert result.warnings == [
        'people.csv:3: 2 extra cells beyond the 3 header columns ignored ("Paris", "x"); '
        "a cell that contains the delimiter needs quotes"
    ]


def test_extra_cells_are_listed_with_the_errors_they_explain(tmp_path):
    error = fails(write(tmp_path, "people.csv", "name,role,manager\nAnn,CEO,\nCy,PM, Growth,Ann\n"))
    assert error.details == [
        'people.csv:3: manager "Growth" not found; expected the id, name or email of a person in people.csv',
        'people.csv:3: 1 extra cell beyond the 3 header columns ignored ("Ann"); '
        "a cell that contains the delimiter needs quotes (warning)",
    ]
    assert str(error).startswith('people.csv:3: manager "Growth" not found')


def test_many_ragged_rows_are_summarised(tmp_path):
    text = "name\n" + "".join(f"P{i},x\n" for i in range(sheets.LISTED_ROWS + 15))
    warnings = import_sheets(write(tmp_path, "people.csv", text)).warnings
    assert len(warnings) == sheets.LISTED_ROWS + 1
    assert (
        warnings[-1]
        == "people.csv: 15 more rows with extra cells ignored (rows 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, ...)"
    )


def test_extra_xlsx_cells_are_warned(tmp_path):
    path = workbook(tmp_path / "org.xlsx", [["name", "role"], ["Ann", "CEO", "note"]])
    assert import_sheets(path).warnings == [
        'org.xlsx:2: 1 extra cell beyond the 2 header columns ignored ("note"); give that column a header to import it'
    ]


# ------------------------------------------------------------ merged and formula cells


def test_merged_cells_get_the_top_left_value(tmp_path):
    rows = [["name", "team", "capacity"], ["Ann", "Core", 50], ["Bob", None, None], ["Cy", None, 80], ["Di", "Web", 60]]
    path = workbook(tmp_path / "org.xlsx", rows, merges=("B2:B4", "C4:C5"))
    result = import_sheets(path)
    people = result.plan.people
    assert [(p.name, p.team, p.capacity) for p in people.values()] == [
        ("Ann", "core", 50.0),
        ("Bob", "core", 100.0),
        ("Cy", "core", 80.0),
        ("Di", "web", 80.0),
    ]
    assert result.warnings == ["org.xlsx: merged cells B2:B4, C4:C5 were read with the top-left value in every cell"]


def test_a_huge_merged_range_is_bounded_by_the_table(tmp_path):
    path = workbook(tmp_path / "org.xlsx", [["name", "team"], ["Ann", "Core"], ["Bob"]])
    huge = b'<mergeCells count="1"><mergeCell ref="B2:XFD1048576"/></mergeCells><pageMargins'
    rewrite_sheet(path, lambda xml: xml.replace(b"<pageMargins", huge, 1))
    result = import_sheets(path)
    assert [p.team for p in result.plan.people.values()] == ["core", "core"]
    assert result.warnings == ["org.xlsx: merged cells B2:XFD1048576 were read with the top-left value in every cell"]


def test_formula_without_saved_value_fails_in_an_imported_column(tmp_path):
    rows = [["name", "capacity", "note"], ["Ann", 50, "=1+1"], ["Bob", "=B2*2", None]]
    error = fails(workbook(tmp_path / "org.xlsx", rows))
    assert error.details == [
        "org.xlsx:3:B: formula without a saved value (=B2*2); "
        "open and save the file in a spreadsheet program, or paste values"
    ]


def test_formula_without_saved_value_in_an_ignored_column_is_a_warning(tmp_path):
    result = import_sheets(workbook(tmp_path / "org.xlsx", [["name", "note"], ["Ann", "=1+1"]]))
    assert result.warnings[-1] == (
        "org.xlsx:2:B: formula without a saved value (=1+1); "
        "open and save the file in a spreadsheet program, or paste values (a column that is not imported)"
    )


def test_formula_with_a_saved_value_reads_the_value(tmp_path):
    path = workbook(tmp_path / "org.xlsx", [["name", "capacity"], ["Ann", "=40+40"]])
    # openpyxl writes the empty value as <v/>, <v /> or <v></v> (with lxml): give it one.
    rewrite_sheet(path, lambda xml: re.sub(rb"<v\s*/>|<v></v>", b"<v>80</v>", xml))
    result = import_sheets(path)
    assert result.plan.people["ann"].capacity == 80.0
    assert result.warnings == []


# ------------------------------------------------------------ zip bombs and size limits


def bomb(path: Path, rows: int = 2_000_000) -> Path:
    """A valid-looking workbook whose sheet XML unpacks ~350x (a 0.3 MB file, 100 MB of XML)."""
    workbook(path, [["name"], ["Ann"]])
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'

    def huge(xml: bytes) -> bytes:
        start, end = xml.split(b"<sheetData>")[0], xml.split(b"</sheetData>")[1]
        return start + b"<sheetData>" + row * rows + b"</sheetData>" + end

    return rewrite_sheet(path, huge)


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    path = bomb(tmp_path / "org.xlsx")
    assert path.stat().st_size < 1_000_000
    error = fails(path)
    assert len(error.details) == 1
    assert error.details[0].startswith(f"org.xlsx: {SHEET_XML} unpacks to ")
    assert error.details[0].endswith(
        "x its size (the limit is 100x); refused as a possible zip bomb; save the sheet as CSV and import that"
    )


def test_total_unpacked_size_and_entry_count_are_limited(tmp_path, monkeypatch):
    path = workbook(tmp_path / "org.xlsx", [["name"], ["Ann"]])
    monkeypatch.setattr(sheets, "MAX_UNZIPPED_BYTES", 10_000)
    assert fails(path).details[0].startswith("org.xlsx: would unpack to 0 MB (the limit is 0 MB)")
    monkeypatch.setattr(sheets, "MAX_UNZIPPED_BYTES", 200 * 1024 * 1024)
    monkeypatch.setattr(sheets, "MAX_ZIP_ENTRIES", 5)
    assert fails(path).details[0].startswith("org.xlsx: holds 9 files (the limit is 5)")


def test_no_row_limit_below_excels_last_row_but_the_line_limit_stays(tmp_path, monkeypatch):
    """The 200,000-row limit is gone (a company of 100k people imports); the guard on lines stays."""
    text = "name\n" + "".join(f"P{i}\n" for i in range(200_001))
    sheet = sheets.read_sheet(write(tmp_path, "people.csv", text), "people")
    assert len(sheet.rows) == 200_001 and sheet.rows[-1] == (200_002, {0: "P200000"})
    monkeypatch.setattr(sheets, "MAX_LINES", 5)
    error = fails(write(tmp_path, "small.csv", "name\n" + "".join(f"P{i}\n" for i in range(10))))
    assert error.details == ["small.csv: has 12 lines; the limit is 5 (split the file)"]


# ------------------------------------------------------------ encodings


@pytest.mark.parametrize(("codec", "endian"), [("utf-16-le", "little"), ("utf-16-be", "big")])
def test_utf16_without_byte_order_mark(tmp_path, codec, endian):
    path = write(tmp_path, "people.txt", "name\tmanager\nZoë\t\nBob\tZoë\n".encode(codec))
    result = import_sheets(path)
    assert [(p.name, p.manager) for p in result.plan.people.values()] == [("Zoë", None), ("Bob", "zoe")]
    assert result.warnings == [
        f"people.txt: not valid UTF-8; read as UTF-16 ({endian}-endian, no byte-order mark) "
        "(save as UTF-8 to be sure of accents)"
    ]


def test_broken_utf16_names_the_encoding(tmp_path):
    data = "name\nAnn\nBob\n".encode("utf-16")[:-1]  # an odd number of bytes: cut off mid-character
    error = fails(write(tmp_path, "people.csv", data))
    assert error.details == [
        'people.csv: starts like UTF-16 text but is not valid UTF-16 (byte 26); save it as "CSV UTF-8" '
        "(Excel: File > Save As) and import that"
    ]


# ------------------------------------------------------------ long, many and hostile values


def test_problem_list_is_capped_and_long_values_elided(tmp_path):
    long_value = "x" * 5000
    text = "name,capacity\n" + "".join(f"P{i},{long_value}\n" for i in range(300))
    error = fails(write(tmp_path, "people.csv", text))
    assert str(error) == "people.csv: 300 problems; nothing was imported"
    assert len(error.details) == MAX_DETAILS
    assert error.details[-1] == "... and 201 more problems"
    assert all(len(d) < 250 for d in error.details)
    assert error.details[0].endswith('got "' + "x" * 59 + '…"')


def test_terminal_escapes_in_cells_do_not_reach_messages(tmp_path):
    text = "name,manager\n" + "".join(f"Person {i},\n" for i in range(40)) + "Ann,\x1b[2J\x1b[31mBoss\n"
    error = fails(write(tmp_path, "people.csv", text))
    assert "\x1b" not in error.full_text()
    assert error.details == [
        'people.csv:42: manager "\ufffd[2J\ufffd[31mBoss" not found; expected the id, name or email of a person in people.csv'
    ]


# ------------------------------------------------------------ progress and cancel


def test_progress_runs_from_zero_to_the_end(tmp_path):
    people = write(tmp_path, "people.csv", "name\n" + "".join(f"P{i}\n" for i in range(3000)))
    rocks = write(tmp_path, "rocks.csv", "title,discipline,effort\n" + "".join(f"R{i},ux,S\n" for i in range(3000)))
    seen: list[tuple[int, int]] = []
    result = import_sheets(people, rocks, progress=lambda done, total: seen.append((done, total)) or True)
    assert len(result.plan.rocks) == 3000
    values = [done for done, _ in seen]
    assert values == sorted(values) and values[0] == 0 and values[-1] == PROGRESS_STEPS
    assert {total for _, total in seen} == {PROGRESS_STEPS}
    assert len(seen) > 20  # reported while reading and while building, not only at the ends


@pytest.mark.parametrize("stop_after", [1, 5, 30])
def test_progress_returning_false_cancels(tmp_path, stop_after):
    path = write(tmp_path, "people.csv", "name\n" + "".join(f"P{i}\n" for i in range(5000)))
    calls = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) < stop_after

    with pytest.raises(ImportCancelled):
        import_sheets(path, progress=progress)
    assert len(calls) == stop_after
