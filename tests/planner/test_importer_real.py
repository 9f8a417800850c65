"""Import what real HR systems and org-chart tools write (issue [5/6]).

Each test builds a small synthetic file with one quirk seen in real exports:
EmpID / ManagerID that is not an employee id / "First Last" managers against
"Last, First M" names, an "Employee Title" column in XLSX, a headerless
pipe-delimited file, leavers, history rows, HR status words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.core.errors import PlanError, PlanImportError
from planner.imports.importer import ImportFailed, import_sheets
from planner.imports.mapping import name_forms, parse_delimiter, parse_map, preview
from planner.planfile import fileio
from tests.planner.helpers import run_cli as run


def write(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def managers(result) -> dict[str, str | None]:
    people = result.plan.people
    return {p.name: (people[p.manager].name if p.manager else None) for p in people.values()}


def roles(result) -> dict[str, str]:
    return {p.name: p.role for p in result.plan.people.values()}


# An HR export: EmpID, names "Last, First M", ManagerID holding position numbers
# (not employee ids), ManagerName written "First Last" or "First M. Last".
HR_EXPORT = """EmpID,Name,Employee Title,ManagerID,ManagerName,Department
1001,"Okafor, Ada N",Chief Executive Officer,,,Exec
1002,"Lindqvist, Bo",Engineering Manager,P-1,Ada N. Okafor,Engineering
1003,"Moreau, Cleo J",Software Engineer,P-2,Bo Lindqvist,Engineering
1004,"Tanaka, Dai",QA Engineer,P-2,bo  lindqvist,Engineering
1005,"Silva, Eva",Product Owner,P-1,Ada Okafor,Product
"""


def test_hr_export_ids_titles_and_first_last_managers(tmp_path):
    result = import_sheets(write(tmp_path, "hr.csv", HR_EXPORT))
    people = result.plan.people
    assert list(people) == ["1001", "1002", "1003", "1004", "1005"]  # ids from EmpID
    assert managers(result) == {
        "Okafor, Ada N": None,
        "Lindqvist, Bo": "Okafor, Ada N",
        "Moreau, Cleo J": "Lindqvist, Bo",
        "Tanaka, Dai": "Lindqvist, Bo",
        "Silva, Eva": "Okafor, Ada N",
    }
    assert roles(result)["Moreau, Cleo J"] == "Software Engineer"  # from "Employee Title"
    assert (
        'hr.csv: column "ManagerID" is not used as the manager id: 4 of 4 values are not ids from column "EmpID"; '
        'managers are read from column "ManagerName" instead'
    ) in result.warnings
    assert fileio.check_references(result.plan) == []


def test_parent_column_with_real_ids_is_still_used(tmp_path):
    text = "EmpID,Name,ManagerID,ManagerName\n1,Ann Lee,,\n2,Bob Roy,1,Someone Else\n"
    result = import_sheets(write(tmp_path, "hr.csv", text))
    assert managers(result) == {"Ann Lee": None, "Bob Roy": "Ann Lee"}
    assert not any("not used as the manager id" in w for w in result.warnings)


def test_name_forms():
    assert name_forms("Lee, Ann M.") == ["ann m lee", "ann lee"]
    assert name_forms("Ann M. Lee") == ["ann m lee", "ann lee"]
    assert name_forms("  ANN   lee ") == ["ann lee"]


def test_people_with_one_name_are_told_apart_by_id(tmp_path):
    text = "id,name,manager\n1,Sam Lee,\n2,Sam Lee,1\n3,Kim Ito,2\n"
    result = import_sheets(write(tmp_path, "people.csv", text))
    assert {p.id: p.manager for p in result.plan.people.values()} == {"1": None, "2": "1", "3": "2"}
    error = pytest.raises(PlanImportError, import_sheets, write(tmp_path, "p2.csv", text.replace(",2\n", ",Sam Lee\n")))
    assert 'manager "Sam Lee" matches several people: row 2, row 3' in error.value.details[0]


def test_xlsx_employee_title_fills_roles(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Employee ID", "Employee Name", "Employee Title", "Supervisor Name"])
    ws.append([7, "Ada Okafor", "Product Manager", None])
    ws.append([8, "Bo Lindqvist", "Developer", "Ada Okafor"])
    path = tmp_path / "hr.xlsx"
    wb.save(path)
    result = import_sheets(path)
    assert roles(result) == {"Ada Okafor": "Product Manager", "Bo Lindqvist": "Developer"}
    assert managers(result)["Bo Lindqvist"] == "Ada Okafor"
    assert not any("ignored columns" in w for w in result.warnings)


HEADERLESS = """1001|Okafor, Ada N|Chief Executive Officer||2019-02-01
1002|Lindqvist, Bo|Engineering Manager|1001|2020-03-15
1003|Moreau, Cleo J|Software Engineer|1002|2021-06-01
1004|Silva, Eva|Product Manager|1001|2022-01-10
"""


def test_headerless_pipe_file_is_detected_and_guessed(tmp_path):
    result = import_sheets(write(tmp_path, "export.txt", HEADERLESS))
    people = result.plan.people
    assert list(people) == ["1001", "1002", "1003", "1004"]  # row 1 is a person, not a header
    assert people["1002"].manager == "1001" and people["1003"].manager == "1002"
    assert people["1003"].role == "Software Engineer" and people["1004"].start == "2022-01-10"
    assert any("the first row looks like data" in w for w in result.warnings)
    assert (
        'export.txt: columns read: id = "column 1", name = "column 2", role = "column 3", parent = "column 4", '
        'start = "column 5"'
    ) in result.warnings


def test_no_header_with_map_by_column_number_and_delimiter(tmp_path):
    text = "Ann Lee;PM;x\nBob Roy;Engineer;Ann Lee\n"
    path = write(tmp_path, "p.csv", text)
    result = import_sheets(
        path, header=False, delimiter=";", mapping={"name": "1", "role": "2", "manager": "3"}, lenient=True
    )
    assert roles(result) == {"Ann Lee": "PM", "Bob Roy": "Engineer"}
    assert managers(result) == {"Ann Lee": None, "Bob Roy": "Ann Lee"}  # "x" is nobody: a root, warned
    assert any('manager "x" not found' in w for w in result.warnings)


def test_map_by_header_overrides_the_guess_and_empty_ignores(tmp_path):
    text = "name,title,Role Family,manager\nAnn,Founder,pm,\nBob,Dev,eng,Ann\n"
    result = import_sheets(write(tmp_path, "p.csv", text), mapping={"role": "role family", "manager": ""})
    assert roles(result) == {"Ann": "pm", "Bob": "eng"}
    assert managers(result) == {"Ann": None, "Bob": None}
    assert 'p.csv: columns read: name = "name", role = "Role Family"' in result.warnings
    assert "p.csv: ignored columns: title, manager" in result.warnings


def test_map_to_a_missing_column_names_the_columns(tmp_path):
    error = pytest.raises(
        PlanImportError, import_sheets, write(tmp_path, "p.csv", "name\nAnn\n"), mapping={"role": "9"}
    )
    assert error.value.details == [
        "p.csv:1: --map role=9: no such column (a header or a number from 1 to 1); found: name"
    ]


def test_parse_map_and_delimiter_errors():
    assert parse_map(["role=Employee Title", "manager="]) == {"role": "Employee Title", "manager": ""}
    with pytest.raises(PlanError, match="expected FIELD=COLUMN with FIELD one of name, id"):
        parse_map(["boss=3"])
    assert parse_delimiter("tab") == "\t" and parse_delimiter("|") == "|"
    with pytest.raises(PlanError, match="expected one character"):
        parse_delimiter("||")


def test_leavers_are_skipped_and_counted(tmp_path):
    text = (
        "id,name,manager,status,termination date\n"
        "1,Ann,,Active,\n2,Bob,1,Terminated,\n3,Cy,1,,2001-01-31\n4,Dee,1,On Leave,\n5,Eli,1,,2999-01-01\n"
    )
    result = import_sheets(write(tmp_path, "p.csv", text))
    assert sorted(p.name for p in result.plan.people.values()) == ["Ann", "Dee", "Eli"]
    assert result.plan.people["4"].status == "active"  # "On Leave" is still here
    assert (
        "p.csv: 2 leavers skipped (a status such as Terminated, Resigned or Inactive, or a termination date that has passed): "
        "rows 3, 4"
    ) in result.warnings


def test_reports_of_a_leaver_at_the_top_become_roots_with_a_note(tmp_path):
    path = write(tmp_path, "p.csv", "id,name,manager,status\n1,Ann,,Inactive\n2,Bob,Ann,Active\n")
    result = import_sheets(path)  # the leaver's own manager: nobody (tests/planner/test_import_hrfix.py)
    assert managers(result) == {"Bob": None}
    assert any("Bob to nobody (a root) (was Ann)" in w for w in result.warnings)


def test_history_rows_keep_the_current_one(tmp_path):
    text = "id,name,title,manager\n1,Ann,CEO,\n2,Bob,Engineer,1\n2,Bob,Engineering Manager,1\n"
    result = import_sheets(write(tmp_path, "p.csv", text))
    assert roles(result) == {"Ann": "CEO", "Bob": "Engineering Manager"}
    assert (
        "p.csv: 1 history row of people listed more than once left out, keeping each person's last row (rows 3)"
        in result.warnings
    )
    dated = "id,name,title,effective date\n2,Bob,Lead,2024-05-01\n2,Bob,Engineer,2021-01-01\n"
    assert roles(import_sheets(write(tmp_path, "d.csv", dated))) == {"Bob": "Lead"}


def test_history_of_a_leaver_skips_them(tmp_path):
    text = "id,name,status\n1,Ann,Active\n2,Bob,Active\n2,Bob,Terminated\n"
    result = import_sheets(write(tmp_path, "p.csv", text))
    assert [p.name for p in result.plan.people.values()] == ["Ann"]


def test_unknown_manager_error_names_the_column_and_suggests_lenient_or_map(tmp_path):
    path = write(tmp_path, "hr.csv", "EmpID,Name,Supervisor Name\n1,Ann Lee,Board of Directors\n2,Bob Roy,Ann Lee\n")
    with pytest.raises(ImportFailed) as info:
        import_sheets(path)
    assert info.value.hints == [
        'managers are read from column "Supervisor Name": use --lenient to import people whose manager is not in '
        "the file as roots, or --map manager=COLUMN (or parent=COLUMN) to read another column"
    ]
    code, _, err = run("import", "--people", str(path), "-o", str(tmp_path / "out.rocks.json"))
    assert code == 2
    assert 'manager "Board of Directors" not found' in err
    assert 'rocks: hint: managers are read from column "Supervisor Name": use --lenient' in err
    code, out, err = run("import", "--people", str(path), "-o", str(tmp_path / "out.rocks.json"), "--lenient")
    assert code == 0, err
    assert 'rocks: note: hr.csv:2: manager "Board of Directors" not found; Ann Lee imported without a manager' in err


def test_cli_map_no_header_delimiter(tmp_path):
    path = write(tmp_path, "p.txt", "Ann Lee|Product Manager|\nBob Roy|Developer|Ann Lee\n")
    out_file = tmp_path / "out.rocks.json"
    argv = ["import", "--people", str(path), "-o", str(out_file), "--no-header", "--delimiter", "|"]
    code, out, err = run(*argv, "--map", "name=1", "--map", "role=2", "--map", "manager=3")
    assert code == 0, err
    assert "2 people" in out
    plan = fileio.load(out_file)
    assert {p.name: p.role for p in plan.people.values()} == {"Ann Lee": "Product Manager", "Bob Roy": "Developer"}
    assert "rocks: note: p.txt: columns read:" in err
    code, _, err = run("import", "--people", str(path), "-o", str(tmp_path / "x.rocks.json"), "--map", "boss")
    assert code == 2 and '--map "boss": expected FIELD=COLUMN' in err


def test_check_says_when_there_are_no_product_roles(tmp_path):
    path = write(tmp_path, "eng.csv", "name,title,manager\nAnn,Engineering Manager,\nBob,Software Engineer,Ann\n")
    plan_file = tmp_path / "eng.rocks.json"
    assert run("import", "--people", str(path), "-o", str(plan_file))[0] == 0
    code, out, _ = run("check", str(plan_file))
    assert "No product roles found: every person's role maps to engineering, another function" in out
    assert "every check passes" not in out
    run(
        "import",
        "--people",
        str(write(tmp_path, "pm.csv", "name,title\nAnn,Product Manager\n")),
        "-o",
        str(tmp_path / "pm.rocks.json"),
    )
    assert "No product roles found" not in run("check", str(tmp_path / "pm.rocks.json"))[1]


def test_check_json_notes_when_there_are_no_product_roles(tmp_path):
    import json

    path = write(tmp_path, "eng.csv", "name,title,manager\nAnn,Engineering Manager,\nBob,Software Engineer,Ann\n")
    plan_file = tmp_path / "eng.rocks.json"
    assert run("import", "--people", str(path), "-o", str(plan_file))[0] == 0
    doc = json.loads(run("check", str(plan_file), "--json")[1])
    assert [n["id"] for n in doc["notes"]] == ["no-product-roles"]
    assert "No product roles found" in doc["notes"][0]["message"]
    run(
        "import",
        "--people",
        str(write(tmp_path, "pm.csv", "name,title\nAnn,Product Manager\n")),
        "-o",
        str(tmp_path / "pm.rocks.json"),
    )
    assert "notes" not in json.loads(run("check", str(tmp_path / "pm.rocks.json"), "--json")[1])


def test_preview_guesses_like_the_import(tmp_path):
    shown = preview(write(tmp_path, "hr.csv", HR_EXPORT))
    assert shown.has_header and shown.headers[0] == "EmpID"
    assert shown.guessed == {"id": 0, "name": 1, "role": 2, "parent": 3, "manager": 4, "team": 5}
    assert len(shown.rows) == 5
    bare = preview(write(tmp_path, "export.txt", HEADERLESS))
    assert not bare.has_header and bare.guessed["name"] == 1 and len(bare.rows) == 4
