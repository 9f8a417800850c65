"""planner.exports.workbook: the XLSX export (formatting, no formula cells, two readers agree) and reading it back."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from models import Discipline, Move
from planner.core.errors import PlanError
from planner.exports.exporting import Cancelled, export
from planner.exports.ooxml import ooxml_escape, ooxml_unescape
from planner.exports.workbook import SHEETS, read_workbook, write_workbook
from planner.planfile import fileio, templates
from tests.planner.strategies import plans

HOSTILE = [
    "=SUM(A1)",
    "+Plus",
    "-x",
    "@y",
    "=1+2",
    "<script>alert(1)</script> & co",
    "$\\frac{a}{b}$",
    "  two  spaces  ",
    "Zoë 日本 🚀",
    "x" * 500,
]
CONTROL = ["bell\x07", "line\nbreak", "cr\rhere", "_x0041_ literal", "ax005F_b", "\ttab", "nul\x00"]
SECTIONS = ("name", "settings", "teams", "people", "rocks", "moves")


@pytest.fixture
def plan():
    return templates.load_template("series-b")


def _same(a, b):
    da, db = fileio.plan_to_dict(a), fileio.plan_to_dict(b)
    for key in SECTIONS:
        assert da[key] == db[key], key


def test_sheets_headers_frozen_panes_widths_and_number_formats(plan, tmp_path):
    out = tmp_path / "plan.xlsx"
    write_workbook(plan, out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == list(SHEETS)
    for name in SHEETS:
        ws = book[name]
        assert ws.freeze_panes == "B2", name
        header = ws[1]
        assert all(c.font.b for c in header), name
        assert all(c.fill.fgColor.rgb == "FFD9E1F2" for c in header), name
        assert ws.column_dimensions["A"].width > 0
    people = book["People"]
    headers = [c.value for c in people[1]]
    assert headers[:10] == ["id", "name", "role", "family", "manager", "team", "status", "capacity", "effort", "load %"]
    col = {h: i for i, h in enumerate(headers)}
    row = people[2]
    assert row[col["load %"]].number_format == '0"%"'
    assert row[col["capacity"]].number_format == '0"%"'
    assert row[col["effort"]].number_format == "0.0"
    name_width = people.column_dimensions["B"].width
    assert name_width >= max(len(p.name) for p in plan.people.values())
    assert {c.value for c in book["Rocks"][1]} >= {"id", "title", "discipline", "owner id", "owner", "effort", "seeded"}
    findings = [c.value for c in book["Findings"][1]]
    assert findings[:6] == ["severity", "rule", "message", "people", "rocks", "source"]
    assert [c.value for c in book["Moves"][1]][:5] == ["rock", "from", "to", "when", "note"]
    matrix = book["Matrix"]
    assert [c.value for c in matrix[1]][3:9] == list(plan.discipline_table.disciplines)


def test_no_formula_cells_and_both_readers_see_the_names_as_typed(plan, tmp_path):
    import python_calamine as calamine
    for person, name in zip(plan.people.values(), HOSTILE, strict=False):
        person.name = name
    rock = next(iter(plan.rocks.values()))
    rock.title = "=cmd|' /C calc'!A0"
    out = tmp_path / "plan.xlsx"
    export(plan, out)
    with zipfile.ZipFile(out) as zf:
        for part in zf.namelist():
            if part.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(part) and b"<f " not in zf.read(part)
    book = openpyxl.load_workbook(out)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    names = book["People"]["B"][1 : len(HOSTILE) + 1]
    assert [c.value for c in names] == HOSTILE
    assert all(c.data_type == "s" for c in names)
    assert book["Rocks"]["B2"].value == rock.title and book["Rocks"]["B2"].data_type == "s"
    second = calamine.CalamineWorkbook.from_path(str(out))
    rows = second.get_sheet_by_name("People").to_python()
    assert [r[1] for r in rows[1 : len(HOSTILE) + 1]] == HOSTILE
    assert second.get_sheet_by_name("Rocks").to_python()[1][1] == rock.title


def test_control_characters_and_escape_lookalikes_survive(plan, tmp_path):
    import python_calamine as calamine
    for person, name in zip(plan.people.values(), CONTROL, strict=False):
        person.name = name
    out = tmp_path / "plan.xlsx"
    write_workbook(plan, out)
    back = read_workbook(out)
    assert [p.name for p in back.people.values()][: len(CONTROL)] == CONTROL
    rows = calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_name("People").to_python()
    assert [r[1] for r in rows[1 : len(CONTROL) + 1]] == CONTROL  # Excel's own unescaping agrees
    for text in CONTROL:
        assert ooxml_unescape(ooxml_escape(text)) == text


def test_round_trip_gives_the_same_people_rocks_teams_and_moves(plan, tmp_path):
    plan.settings.disciplines.append(Discipline("growth", "Growth", "#123456", ("growth hacking",), ("ops",)))
    plan.settings_changed()
    people = list(plan.people.values())
    people[3].dotted = [people[0].id, people[1].id]
    people[4].capacity = 87.5
    people[4].status = "planned"
    people[4].start = "2027-Q1"
    rocks = list(plan.rocks.values())
    rocks[0].contributors = [people[2].id, people[3].id]
    rocks[0].seeded = True
    rocks[1].grows = True
    rocks[1].state = "dropped"
    rocks[2].discipline = "growth"
    rocks[2].effort = 12.345
    rocks[2].owner = None
    rocks[3].problem, rocks[3].impact, rocks[3].goal, rocks[3].priority = "p", "i", "g", "P1"
    plan.moves.append(Move("gone", None, people[0].id, "2026-11-02T09:00:00+00:00", "=note"))
    next(iter(plan.teams.values())).growth = [10, 12, 15]
    out = tmp_path / "plan.xlsx"
    write_workbook(plan, out)
    back = read_workbook(out)
    _same(plan, back)
    assert back.name == plan.name


@given(plans(max_people=8, max_rocks=10))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_round_trip_of_random_plans(tmp_path, random_plan):
    out = tmp_path / "random.xlsx"
    write_workbook(random_plan, out)
    _same(random_plan, read_workbook(out))


def test_a_workbook_resaved_by_another_program_still_reads_back(plan, tmp_path):
    out = tmp_path / "plan.xlsx"
    write_workbook(plan, out)
    book = openpyxl.load_workbook(out)  # as a spreadsheet program would: read, then save its own way
    resaved = tmp_path / "resaved.xlsx"
    book.save(resaved)
    _same(plan, read_workbook(resaved))


def _edit(path, edit):
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)


def test_missing_sheet_names_the_sheet(plan, tmp_path):
    out = tmp_path / "plan.xlsx"
    write_workbook(plan, out)
    _edit(out, lambda b: b.remove(b["Rocks"]))
    with pytest.raises(PlanError, match="no sheet named Rocks"):
        read_workbook(out)


def test_missing_column_names_sheet_and_column(plan, tmp_path):
    out = tmp_path / "plan.xlsx"
    write_workbook(plan, out)
    _edit(out, lambda b: b["People"].delete_cols(2))  # "name"
    with pytest.raises(PlanError, match=r"sheet People: no column 'name' in the header row \(row 1\)"):
        read_workbook(out)


def test_bad_number_names_sheet_row_and_column(plan, tmp_path):
    out = tmp_path / "plan.xlsx"
    write_workbook(plan, out)

    def edit(book):
        ws = book["People"]
        col = [c.value for c in ws[1]].index("capacity") + 1
        ws.cell(row=4, column=col, value="lots")
        rocks = book["Rocks"]
        rocks.cell(row=7, column=[c.value for c in rocks[1]].index("effort") + 1, value=250)

    _edit(out, edit)
    with pytest.raises(PlanError) as info:
        read_workbook(out)
    text = info.value.full_text()
    assert "2 problems" in str(info.value)
    assert "sheet People, row 4, column capacity: expected a percent of a full-time week from 1 to 200" in text
    assert "lots" in text
    assert "sheet Rocks, row 7, column effort: expected a percent of a week" in text


def test_unknown_manager_and_discipline_name_their_rows(plan, tmp_path):
    out = tmp_path / "plan.xlsx"
    write_workbook(plan, out)

    def edit(book):
        ws = book["People"]
        ws.cell(row=5, column=[c.value for c in ws[1]].index("manager id") + 1, value="nobody")

    _edit(out, edit)
    with pytest.raises(PlanError, match=r'sheet People, row 5 \(".*"\), column manager id: "nobody" is not the id'):
        read_workbook(out)
    write_workbook(plan, out)
    _edit(out, lambda b: b["Rocks"].cell(row=3, column=3, value="astrology"))
    with pytest.raises(PlanError, match=r"sheet Rocks, row 3 .*column discipline"):
        read_workbook(out)


def test_not_a_workbook_and_missing_file(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(PlanError, match="not an Excel workbook"):
        read_workbook(junk)
    with pytest.raises(PlanError, match="no such file"):
        read_workbook(tmp_path / "missing.xlsx")


def test_cancel_leaves_the_old_file_and_no_temp(plan, tmp_path):
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(Cancelled):
        write_workbook(plan, out, progress=lambda done, total, what: done == 0)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]


def test_an_empty_plan_round_trips(tmp_path):
    from models import Plan

    empty = Plan(name="Nobody yet")
    out = tmp_path / "empty.xlsx"
    write_workbook(empty, out)
    assert openpyxl.load_workbook(out).sheetnames == list(SHEETS)
    _same(empty, read_workbook(out))


def test_libreoffice_opens_the_workbook_and_reads_the_names_as_text(plan, tmp_path):
    """A third reader where installed: LibreOffice headless converts the People sheet to CSV."""
    import csv
    import shutil
    import subprocess

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (soffice) not installed")
    for person, name in zip(plan.people.values(), ["=SUM(A1)", "+Plus", "@at"], strict=False):
        person.name = name
    out = tmp_path / "plan.xlsx"
    export(plan, out)
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # comma, double quote, UTF-8
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "plan.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["id", "name"]  # the first sheet is People
    assert [r[1] for r in rows[1:4]] == ["=SUM(A1)", "+Plus", "@at"]  # text, not evaluated formulas
