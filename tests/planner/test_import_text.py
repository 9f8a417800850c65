"""Text on the way in: non-characters, NUL bytes, and --map values that are not what they seem."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import orjson
import pytest

from planner.core.errors import PlanError, PlanFileError, PlanImportError
from planner.imports.importer import ImportFailed, import_sheets
from planner.imports.mapping import resolve_column
from planner.planfile import fileio
from tests.planner.helpers import write
from tests.planner.strategies import sample_plan

# ------------------------------------------------------------ 14. non-characters


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\U0001ffff"])
@pytest.mark.parametrize("ascii_only", [False, True])
def test_the_loader_refuses_non_characters_naming_the_field(tmp_path, char, ascii_only):
    doc = fileio.plan_to_dict(sample_plan())
    doc["people"][1]["name"] = f"Dee{char}"
    path = write(tmp_path, "p.rocks.json", orjson.dumps(doc) if not ascii_only else _json_ascii(doc))
    with pytest.raises(PlanFileError) as info:
        fileio.load(path)
    assert str(info.value) == (f"{path}: people[1].name: holds U+{ord(char):04X}, which is not a character (remove it)")


def _json_ascii(doc: dict) -> bytes:
    import json

    return json.dumps(doc, ensure_ascii=True).encode()


def test_the_loader_refuses_non_characters_in_settings_and_scenarios(tmp_path):
    plan = sample_plan()
    doc = fileio.plan_to_dict(plan)
    doc["schema_version"] = 2
    doc["scenarios"] = [{"name": "B", "rocks": [dict(doc["rocks"][0], title="T\uffff")]}]
    with pytest.raises(PlanFileError) as info:
        fileio.loads(orjson.dumps(doc), "p")
    assert str(info.value) == "p: scenarios[0].rocks[0].title: holds U+FFFF, which is not a character (remove it)"
    doc["scenarios"] = []
    doc["settings"]["role_synonyms"] = [["Chief \ufdd0", "pm"]]
    with pytest.raises(PlanFileError, match=r"^p: settings\.role_synonyms\[0\]\[0\]: holds U\+FDD0"):
        fileio.loads(orjson.dumps(doc), "p")


def test_ordinary_text_near_the_non_characters_loads(tmp_path):
    plan = sample_plan()
    next(iter(plan.people.values())).name = "Ｆｕｌｌ \ufffd \ufeff \U0001f600 \ufdcf \ufdf0"
    assert fileio.loads(fileio.dumps(plan)) == plan


def test_a_csv_import_removes_non_characters_with_a_warning(tmp_path):
    path = write(tmp_path, "people.csv", "name,role\nAnn\ufffe,CEO\nBob,Eng\uffff\n")
    result = import_sheets(path)
    assert [(p.name, p.role) for p in result.plan.people.values()] == [("Ann", "CEO"), ("Bob", "Eng")]
    assert result.warnings == [
        "people.csv: 2 non-characters (such as U+FFFE, first on line 2) removed: they are not text"
    ]


def test_an_xlsx_import_removes_non_characters_with_a_warning(tmp_path):
    import re
    import zipfile

    path = tmp_path / "org.xlsx"
    wb = openpyxl.Workbook()
    for row in (["name"], ["Ann"], ["Bob"]):
        wb.active.append(row)
    wb.save(path)
    parts = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            parts[info.filename] = zf.read(info.filename)
    # openpyxl will not write a non-character; a hostile file holds one as UTF-8 (U+FFFE and
    # U+FFFF are not XML at all: such a file is refused as damaged XML).
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(
        rb'<c r="A3"[^>]*>.*?</c>', '<c r="A3" t="inlineStr"><is><t>Bob\ufdd0</t></is></c>'.encode(), parts[sheet]
    )
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    result = import_sheets(path)
    assert [p.name for p in result.plan.people.values()] == ["Ann", "Bob"]
    assert result.warnings == [
        "org.xlsx: 1 cell held non-characters (such as U+FDD0 in A3), removed: they are not text"
    ]


# ------------------------------------------------------------ 15. NUL bytes anywhere


def test_a_nul_byte_after_the_first_64_kb_is_refused_naming_the_line(tmp_path):
    rows = "".join(f"Person {i}\n" for i in range(10_000))  # ~120 KB
    path = write(tmp_path, "people.csv", "name\n" + rows + "Z\x00e\n")
    error = pytest.raises(PlanImportError, import_sheets, path).value
    assert error.details == [
        "people.csv: line 10,002 holds a NUL byte; the file is damaged or not a CSV/TSV spreadsheet"
    ]


# ------------------------------------------------------------ 11, 16. --map


@pytest.mark.parametrize("column", ["²", "٣", "①", "1²"])
def test_a_map_column_of_other_digits_is_a_header_not_a_number(tmp_path, column):
    assert resolve_column(column, ["name", "role"]) is None
    path = write(tmp_path, "people.csv", "name,role\nAnn,CEO\n")
    error = pytest.raises(PlanImportError, import_sheets, path, mapping={"name": column}).value
    assert error.details[0] == (
        f"people.csv:1: --map name={column}: no such column (a header or a number from 1 to 2); found: name, role"
    )


def test_a_header_made_of_other_digits_can_be_mapped(tmp_path):
    path = write(tmp_path, "people.csv", "²,role\nAnn,CEO\n")
    assert resolve_column("²", ["²", "role"]) == 0
    result = import_sheets(path, mapping={"name": "²"})
    assert [p.name for p in result.plan.people.values()] == ["Ann"]


def test_mapping_another_field_to_the_name_column_says_so(tmp_path):
    path = write(tmp_path, "people.csv", "name,boss\nAnn,\nBob,Ann\n")
    error = pytest.raises(ImportFailed, import_sheets, path, mapping={"manager": "name"}).value
    assert error.details == [
        'people.csv:1: no column is read as the name: "name" is read as the manager (--map manager=name); '
        "read the name from another column with --map name=COLUMN"
    ]


def test_the_cli_reports_a_superscript_map_without_a_traceback(tmp_path):
    import subprocess
    import sys

    path = write(tmp_path, "people.csv", "name,role\nAnn,CEO\n")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, "-m", "planner.cli.main", "import", "--people", str(path), "--map", "name=²",
         "-o", str(tmp_path / "o.rocks.json")],
        cwd=root, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "--map name=²: no such column" in proc.stderr
    assert not isinstance(proc, PlanError)
