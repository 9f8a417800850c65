"""Spreadsheet import (planner.imports.importer): real files, delimiters, errors with exact rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.errors import PlanImportError
from planner.imports.importer import ImportResult, import_sheets
from planner.planfile import fileio
from tests.planner.helpers import import_fails as fails
from tests.planner.helpers import write

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
DRAWIO = DATA / "drawio-default-orgchart.csv"  # a copy of shared/data/real's file


def assert_valid(result: ImportResult) -> None:
    """Every import must give a plan that passes the file checks and round-trips."""
    assert fileio.check_references(result.plan) == []
    assert fileio.loads(fileio.dumps(result.plan)) == result.plan


def managers(result: ImportResult) -> dict[str, str | None]:
    return {p.name: p.manager for p in result.plan.people.values()}


# ------------------------------------------------------------ real files


def test_drawio_default_orgchart():
    result = import_sheets(DRAWIO)
    people = result.plan.people
    assert list(people) == ["emi", "emo", "rdo", "tva"]
    assert people["emi"].name == "Tessa Miller" and people["emi"].manager is None
    assert {people[i].manager for i in ("emo", "rdo", "tva")} == {"emi"}
    assert people["rdo"].dotted == ["emo", "tva"]  # refs: Alison's dotted lines
    assert people["emo"].role == "Brand Manager"
    assert result.warnings == ["drawio-default-orgchart.csv: ignored columns: location, fill, stroke, url, image"]
    assert result.plan.name == "drawio-default-orgchart"
    assert_valid(result)


def test_id_and_parent_id_columns():
    result = import_sheets(DATA / "orgchart-parentid.csv")
    people = result.plan.people
    assert len(people) == 19
    assert [p.id for p in people.values() if p.manager is None] == ["1"]
    assert people["19"].manager == "18" and people["19"].role == "intern"
    assert people["13"].manager == "1"
    assert result.warnings == ["orgchart-parentid.csv: ignored columns: hybrid"]
    assert_valid(result)


def test_people_teams_rocks_fixtures():
    result = import_sheets(DATA / "people.csv", DATA / "rocks.csv", DATA / "teams.csv", name="Acme product")
    plan = result.plan
    assert plan.name == "Acme product"
    assert list(plan.people) == ["dana-lee", "ravi-patel", "mia-chen", "open-pm-role"]
    assert managers(result) == {
        "Dana Lee": None,
        "Ravi Patel": "dana-lee",
        "Mia Chen": "dana-lee",  # by email
        "Open PM role": "ravi-patel",
    }
    ravi = plan.people["ravi-patel"]
    assert (ravi.role, ravi.capacity, ravi.team, ravi.email) == (
        "Senior Product Manager",
        80.0,
        "payments",
        "ravi@example.com",
    )
    open_role = plan.people["open-pm-role"]
    assert (open_role.status, open_role.start, open_role.team) == ("open", "2025-Q3", "growth")
    # Teams file order first, then teams only people mention (headcount 0).
    assert [(t.id, t.name, t.headcount, t.lead) for t in plan.teams.values()] == [
        ("payments", "Payments", 12, "ravi-patel"),
        ("platform", "Platform", 7, None),
        ("growth", "Growth", 0, None),
    ]
    rocks = plan.rocks
    assert list(rocks) == ["r1", "r2", "r3", "r4"]
    assert [(r.discipline, r.effort, r.owner) for r in rocks.values()] == [
        ("marketing", 20.0, "ravi-patel"),
        ("design", 35.0, "mia-chen"),
        ("project", 15.0, None),
        ("product", 5.0, "dana-lee"),
    ]
    assert rocks["r1"].kind == "strategic" and rocks["r2"].kind == "tactical"
    assert rocks["r1"].context == "Carried since the launch" and rocks["r1"].area == "Payments"
    assert result.warnings == []
    assert_valid(result)


def test_roadmap_sheet_columns():
    result = import_sheets(DATA / "people.csv", DATA / "roadmap.tsv")
    rock = result.plan.rocks["r1"]
    assert rock.title == rock.problem == "Churn after trial"
    assert (rock.discipline, rock.effort, rock.owner) == ("operations", 10.0, None)
    assert (rock.impact, rock.goal, rock.priority) == ("High", "Cut churn 20% by Q4", "P1")
    assert rock.context == "Potential solution: Onboarding emails"
    assert_valid(result)


# ------------------------------------------------------------ reading files


@pytest.mark.parametrize(
    ("filename", "delimiter"),
    [("p.csv", ","), ("p.csv", ";"), ("p.csv", "\t"), ("p.csv", "|"), ("p.tsv", "\t"), ("p.txt", ";"), ("p.txt", "|")],
)
def test_delimiters_are_sniffed(tmp_path, filename, delimiter):
    rows = [["id", "name", "manager", "role"], ["a", "Ann", "", "CEO"], ["b", "Bob", "a", "Product Manager, Growth"]]
    text = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in row) for row in rows) + "\n"
    result = import_sheets(write(tmp_path, filename, text))
    assert managers(result) == {"Ann": None, "Bob": "a"}
    assert result.plan.people["b"].role == "Product Manager, Growth"


def test_utf8_bom_and_crlf(tmp_path):
    path = write(tmp_path, "people.csv", b"\xef\xbb\xbfName;Manager\r\nZo\xc3\xab;\r\nBo;Zo\xc3\xab\r\n")
    result = import_sheets(path)
    assert managers(result) == {"Zoë": None, "Bo": "zoe"}
    assert result.warnings == []


def test_cp1252_fallback_is_warned(tmp_path):
    path = write(tmp_path, "people.csv", "name,role\nJosé Núñez,Diseñador – UX\n".encode("cp1252"))
    result = import_sheets(path)
    person = result.plan.people["jose-nunez"]
    assert (person.name, person.role) == ("José Núñez", "Diseñador – UX")
    assert result.warnings == [
        "people.csv: not valid UTF-8; read as Windows-1252 (save as UTF-8 to be sure of accents)"
    ]


def test_utf16_text_from_excel(tmp_path):
    path = write(tmp_path, "people.txt", "name\tmanager\nAnn\t\nBob\tAnn\n".encode("utf-16"))
    assert managers(import_sheets(path)) == {"Ann": None, "Bob": "ann"}


def test_blank_rows_ignored_and_rows_numbered_as_a_spreadsheet(tmp_path):
    text = "name,capacity\nAnn,100\n,\n\nBob,lots\n,,\n\n\n"
    error = fails(write(tmp_path, "people.csv", text))
    assert error.details == [
        'people.csv:5: capacity: expected a percent of a full-time week from 1 to 200 (100 = full time), got "lots"'
    ]
    assert "people.csv:5" in str(error) and str(error).endswith("nothing was imported")


def test_header_names_ignore_case_spacing_and_punctuation(tmp_path):
    text = " FULL_NAME ,Job-Title,Manager ID,E-Mail,capacity (%)\nAnn,CEO,,ann@x.io,50\nBob,PM,ann,,100\n"
    result = import_sheets(write(tmp_path, "people.csv", text))
    bob = result.plan.people["bob"]
    assert (bob.role, bob.manager) == ("PM", "ann")
    assert result.plan.people["ann"].capacity == 50.0
    assert result.plan.people["ann"].email == "ann@x.io"


@pytest.mark.parametrize("header", ["parentId", "parent_id", "manager_id", "managerId", "reportsTo", "Manager ID"])
def test_parent_id_spellings(tmp_path, header):
    text = f"id,name,positionName,{header}\n1,Ann,CEO,\n2,Bob,PM,1\n"
    result = import_sheets(write(tmp_path, "people.csv", text))
    assert result.plan.people["2"].manager == "1"
    assert result.plan.people["2"].role == "PM"


def test_xlsx(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "people"
    ws.append([])  # a blank first row: the header is row 2 as Excel shows it
    ws.append(["ID", "Name", "Reports To", "Capacity", "Start"])
    ws.append([1, "Ann", None, 1, None])
    ws.append([2, "Bob", 1, 0.5, None])
    ws["D3"].number_format = "0%"
    ws["D4"].number_format = "0%"
    ws.append([3.0, "Cy", 2.0, 80, None])
    rocks = wb.create_sheet("rocks")
    rocks.append(["title", "discipline", "effort", "owner"])
    rocks.append(["Pricing", "Ops", "S", 3])
    path = tmp_path / "org.xlsx"
    wb.save(path)
    result = import_sheets(path, path)
    people = result.plan.people
    assert list(people) == ["1", "2", "3"]
    assert [p.manager for p in people.values()] == [None, "1", "2"]
    assert [p.capacity for p in people.values()] == [100.0, 50.0, 80.0]
    assert result.plan.rocks["r1"].owner == "3" and result.plan.rocks["r1"].discipline == "operations"
    assert_valid(result)

    ws.append([4, "Di", 99, "x", None])
    wb.save(path)
    error = fails(path)
    assert error.details == [
        'org.xlsx:6: capacity: expected a percent of a full-time week from 1 to 200 (100 = full time), got "x"',
        'org.xlsx:6: manager "99" not found; expected the id, name or email of a person in org.xlsx',
    ]


# ------------------------------------------------------------ people


def test_manager_by_id_name_or_email(tmp_path):
    text = "id,name,email,manager\nc1,Ann Boss,ann@x.io,\nc2,Bob,bob@x.io,c1\nc3,Cy,,ann boss\nc4,Di,,BOB@X.IO\n"
    result = import_sheets(write(tmp_path, "people.csv", text))
    assert managers(result) == {"Ann Boss": None, "Bob": "c1", "Cy": "c1", "Di": "c2"}


def test_ambiguous_manager_name(tmp_path):
    text = "name,manager\nRoot,\nSam Lee,Root\nAnn,Sam Lee\nBo,\nCy,\nSam Lee,Root\n"
    error = fails(write(tmp_path, "people.csv", text))
    assert error.details == ['people.csv:4: manager "Sam Lee" matches several people: row 3, row 7']
    assert error.source.endswith("people.csv")


def test_missing_name_column_lists_headers(tmp_path):
    error = fails(write(tmp_path, "staff.csv", "Full Names,Title,Boss\nAnn,CEO,\n"))
    assert error.details == ['staff.csv:1: no "name" column; found: Full Names, Title, Boss']
    assert str(error) == 'staff.csv:1: no "name" column; found: Full Names, Title, Boss; nothing was imported'


def test_cycle_names_its_members(tmp_path):
    text = "id,name,manager\n1,Root,\n2,Ann,4\n3,Bob,2\n4,Cy,3\n5,Dee,5\n"
    error = fails(write(tmp_path, "people.csv", text))
    assert error.details == [
        "people.csv:3: reporting cycle: Ann -> Cy -> Bob -> Ann (rows 3, 4, 5)",
        'people.csv:6: manager "5" is this person themselves',
    ]


def test_duplicate_id_names_both_rows(tmp_path):
    text = "id,name\n7,Ann\n8,Bob\n7,Cy\n"
    error = fails(write(tmp_path, "people.csv", text))
    assert error.details == ['people.csv:4: id "7" is already used by row 2']


def test_generated_ids_are_stable_and_unique(tmp_path):
    text = "id,name\n,Sam Lee\n,Sam Lee\nsam-lee-2,Other\n,王伟\n,Sam Lee\n"
    result = import_sheets(write(tmp_path, "people.csv", text))
    assert list(result.plan.people) == ["sam-lee", "sam-lee-3", "sam-lee-2", "p5", "sam-lee-4"]
    assert list(import_sheets(write(tmp_path, "people.csv", text)).plan.people) == list(result.plan.people)


def test_manager_not_found_and_lenient(tmp_path):
    path = write(tmp_path, "people.csv", "name,manager,dotted\nAnn,,\nBob,Zed,Ann\nCy,Ann,Ann;Nobody\n")
    error = fails(path)
    assert error.details == [
        'people.csv:3: manager "Zed" not found; expected the id, name or email of a person in people.csv',
        'people.csv:4: dotted line "Nobody" not found; expected the id, name or email of a person in people.csv',
    ]
    result = import_sheets(path, lenient=True)
    assert managers(result) == {"Ann": None, "Bob": None, "Cy": "ann"}
    assert result.plan.people["cy"].dotted == ["ann"]
    assert result.warnings == [
        'people.csv:3: manager "Zed" not found; Bob imported without a manager (lenient)',
        'people.csv:4: dotted line "Nobody" not found; dropped (lenient)',
    ]
    assert_valid(result)


def test_null_manager_means_root(tmp_path):
    result = import_sheets(write(tmp_path, "people.csv", "id,name,parentId\n1,Ann,null\n2,Bob,1\n"))
    assert managers(result) == {"Ann": None, "Bob": "1"}


def test_unknown_drawio_ref_is_a_row_error(tmp_path):
    text = 'name,id,manager,refs\nAnn,a,,\nBob,b,Ann,"a,zz"\n'
    error = fails(write(tmp_path, "chart.csv", text))
    assert error.details == [
        'chart.csv:3: dotted line "zz" not found; expected the id, name or email of a person in chart.csv'
    ]


def test_person_field_errors_are_all_collected(tmp_path):
    text = "name,capacity,status\nAnn,0,active\n,50,\nBob,100,sleeping\n"
    error = fails(write(tmp_path, "people.csv", text))
    assert error.details[:2] == [
        "people.csv:2: capacity: expected a percent of a full-time week from 1 to 200 (100 = full time), got 0",
        "people.csv:3: name: must not be empty",
    ]
    assert error.details[2].startswith(
        'people.csv: column "status" holds 1 value that is not an employment status (1 row): "sleeping" (row 4). '
    )
    assert str(error) == "people.csv: 3 problems; nothing was imported"


def test_header_only_people_file(tmp_path):
    error = fails(write(tmp_path, "people.csv", "name,role\n"))
    assert error.details == ["people.csv:2: no people below the header row"]


def test_large_file_imports(tmp_path):
    lines = ["id,name,manager,team"] + [
        f"{i},Person {i},{(i - 1) // 7 if i else ''},Team {i % 50}" for i in range(10_000)
    ]
    result = import_sheets(write(tmp_path, "people.csv", "\n".join(lines)))
    assert len(result.plan.people) == 10_000 and len(result.plan.teams) == 50
    assert result.plan.people["9999"].manager == "1428"


# ------------------------------------------------------------ rocks and teams


def test_rocks_tshirt_sizes_and_aliases(tmp_path):
    people = write(tmp_path, "people.csv", "name\nAnn\n")
    rocks = write(
        tmp_path,
        "rocks.csv",
        "title,discipline,effort\nA,gtm,XS\nB,UX,s\nC,TPM,m\nD,Go-To-Market,l\nE,design,XL\nF,pm,12.5\n",
    )
    result = import_sheets(people, rocks)
    assert [(r.id, r.discipline, r.effort) for r in result.plan.rocks.values()] == [
        ("r1", "marketing", 5.0),
        ("r2", "design", 10.0),
        ("r3", "project", 20.0),
        ("r4", "marketing", 35.0),
        ("r5", "design", 50.0),
        ("r6", "product", 12.5),
    ]
    assert_valid(result)


def test_rock_errors_name_rows_and_expectations(tmp_path):
    people = write(tmp_path, "people.csv", "name\nAnn\nSam\nSam\n")
    text = "title,discipline,effort,owner,kind\nA,sales,M,,\nB,ux,huge,,\nC,ux,,Zed,\nD,,M,Sam,\n,ux,M,,weekly\n"
    error = fails(people, write(tmp_path, "rocks.csv", text))
    accepted = "marketing, strategy, operations, product, project, design"
    assert error.details == [
        f'rocks.csv:2: discipline: unknown discipline "sales"; expected one of {accepted}',
        'rocks.csv:3: effort: expected a percent of a week from 0 to 100 or a size XS/S/M/L/XL, got "huge"',
        "rocks.csv:4: effort: is empty; expected a percent of a week from 0 to 100 or a size XS/S/M/L/XL",
        'rocks.csv:4: owner "Zed" not found; expected the id, name or email of a person in people.csv',
        f"rocks.csv:5: discipline: is empty; expected one of {accepted}",
        'rocks.csv:5: owner "Sam" matches several people: row 3, row 4',
        "rocks.csv:6: title: must not be empty",
        'rocks.csv:6: kind: expected one of strategic, tactical, got "weekly"',
    ]
    assert str(error) == "rocks.csv: 8 problems; nothing was imported"


def test_rocks_missing_columns(tmp_path):
    people = write(tmp_path, "people.csv", "name\nAnn\n")
    error = fails(people, write(tmp_path, "rocks.csv", "Title,Owner\nA,Ann\n"))
    assert error.details == [
        'rocks.csv:1: no "discipline" column; found: Title, Owner',
        'rocks.csv:1: no "effort" column; found: Title, Owner',
    ]


def test_teams_headcount_and_errors(tmp_path):
    people = write(tmp_path, "people.csv", "name,team\nAnn,Core\nBob,core\nCy,Web\n")
    teams = write(tmp_path, "teams.csv", 'team,engineers\nData,4\nCore,"1,200"\n')
    result = import_sheets(people, teams=teams)
    assert [(t.id, t.headcount) for t in result.plan.teams.values()] == [("data", 4), ("core", 1200), ("web", 0)]
    assert [p.team for p in result.plan.people.values()] == ["core", "core", "web"]
    assert_valid(result)

    bad = write(tmp_path, "teams.csv", "team,engineers\nData,4.5\nCore,-1\ncore,3\n,2\n")
    error = fails(people, teams=bad)
    assert error.details == [
        "teams.csv:2: engineers: expected a whole number of engineers, 0 or more, got 4.5",
        "teams.csv:3: engineers: expected a whole number of engineers, 0 or more, got -1",
        'teams.csv:4: team "core" is already listed in row 3',
        "teams.csv:5: team: must not be empty",
    ]


def test_problems_in_every_file_are_collected_and_sorted(tmp_path):
    people = write(tmp_path, "people.csv", "name,capacity,manager\nAnn,100,Zed\nBob,0,\n")
    rocks = write(tmp_path, "rocks.csv", "title,discipline,effort\nA,nope,M\n")
    teams = write(tmp_path, "teams.csv", "team,engineers\nCore,x\n")
    error = fails(people, rocks, teams)
    assert str(error) == "people.csv: 2 problems, rocks.csv: 1 problem, teams.csv: 1 problem; nothing was imported"
    assert [d.split(":")[:2] for d in error.details] == [
        ["people.csv", "2"],
        ["people.csv", "3"],
        ["rocks.csv", "2"],
        ["teams.csv", "2"],
    ]


def test_lenient_covers_every_person_reference(tmp_path):
    people = write(tmp_path, "people.csv", "name,team\nAnn,Core\n")
    rocks = write(tmp_path, "rocks.csv", "title,discipline,effort,owner,contributors\nA,ux,M,Zed,Ann;Yo\n")
    teams = write(tmp_path, "teams.csv", "team,engineers,lead\nCore,3,Xi\n")
    error = fails(people, rocks, teams)
    assert [d.split(": ", 1)[1] for d in error.details] == [
        'owner "Zed" not found; expected the id, name or email of a person in people.csv',
        'contributor "Yo" not found; expected the id, name or email of a person in people.csv',
        'lead "Xi" not found; expected the id, name or email of a person in people.csv',
    ]
    result = import_sheets(people, rocks, teams, lenient=True)
    rock = result.plan.rocks["r1"]
    assert (rock.owner, rock.contributors, result.plan.teams["core"].lead) == (None, ["ann"], None)
    assert len(result.warnings) == 3
    assert_valid(result)


def test_duplicate_field_columns_are_noted_and_first_wins(tmp_path):
    result = import_sheets(write(tmp_path, "people.csv", "Name,Title,Position,Location\nAnn,CEO,Boss,Paris\n"))
    assert result.plan.people["ann"].role == "CEO"
    assert result.warnings == ['people.csv: ignored columns: Position (role is read from "Title"), Location']


def test_limits_of_the_plan_file_are_checked(tmp_path):
    text = f"id,name\n{'x' * 201},Ann\nb,{'y' * 501}\n"
    error = fails(write(tmp_path, "people.csv", text), name="n" * 10_001)
    assert error.details == [
        "plan name: must be at most 10000 characters",
        "people.csv:2: id: must be at most 200 characters",
        "people.csv:3: name: must be at most 500 characters",
    ]


def test_rocks_file_with_header_only_gives_no_rocks(tmp_path):
    people = write(tmp_path, "people.csv", "name\nAnn\n")
    result = import_sheets(people, write(tmp_path, "rocks.csv", "title,discipline,effort\n"))
    assert result.plan.rocks == {}


# ------------------------------------------------------------ unreadable files


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("people.csv", b"", "the file is empty (no header row)"),
        ("people.csv", b"\n \n,,\n", "the file is empty (no header row)"),
        ("people.csv", bytes(range(256)) * 4, "is a binary file, not a CSV/TSV spreadsheet"),
        ("people.csv", b"\x89PNG\r\n\x1a\n....", "is an image, not a spreadsheet"),
        ("people.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "is an old Excel .xls"),
        ("people.xlsx", b"name\nAnn\n", "is not an Excel .xlsx workbook"),
        ("people.xlsx", b"PK\x03\x04garbage", "cannot be read as an Excel workbook"),
        ("people.json", b'{"id": "1", "name": "Lao Lao"}', "is JSON, not a spreadsheet"),
    ],
    ids=["empty", "blank-rows", "binary", "png", "xls", "xlsx-not-zip", "broken-zip", "json"],
)
def test_unreadable_files_name_the_file(tmp_path, name, content, problem):
    error = fails(write(tmp_path, name, content))
    assert str(error).startswith(f"{name}: {problem}")
    assert error.details[0].startswith(f"{name}: {problem}")
    assert error.source == str(tmp_path / name)


def test_missing_file_and_folder(tmp_path):
    error = fails(tmp_path / "nope.csv", tmp_path)
    assert error.details == [
        "nope.csv: no such file",
        f"{tmp_path.name}: is a folder, expected a .csv, .tsv or .xlsx file",
    ]
    assert str(error) == f"nope.csv: 1 problem, {tmp_path.name}: 1 problem; nothing was imported"


# ------------------------------------------------------------ properties


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_random_bytes_only_raise_plan_import_error(tmp_path, data):
    try:
        result = import_sheets(write(tmp_path, "people.csv", data))
    except PlanImportError as e:
        assert str(e) and e.details
    else:
        assert_valid(result)


HEADERS = ["id", "name", "manager", "parentId", "refs", "capacity", "team", "status", "email", "role", "x"]
CELLS = st.one_of(
    st.sampled_from(["", "1", "2", "a", "Ann", "Bob", "ann", "50", "0", "XL", "open", "null", "1,2", '"', "Team A"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    headers=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
    rows=st.lists(st.lists(CELLS, max_size=7), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    lenient=st.booleans(),
)
def test_random_tables_only_raise_plan_import_error(tmp_path, headers, rows, delimiter, lenient):
    text = "\n".join(delimiter.join(row) for row in [headers, *rows])
    try:
        result = import_sheets(write(tmp_path, "people.csv", text), lenient=lenient)
    except PlanImportError as e:
        assert str(e).endswith("nothing was imported") and e.details
        assert all(d.startswith("people.csv") for d in e.details)
    else:
        assert_valid(result)
