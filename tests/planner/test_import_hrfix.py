"""What QA found in the HR import (issue 16): reports of leavers, joining dates still to come, leaving
dates that are not dates, headerless files, messages shown once, planned-hire statuses and founders.

Every file is built here; none is a copy of a QA file.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from planner.cli.main import main
from planner.imports.hr import classify_status, day_first, iso_date
from planner.imports.importer import ImportFailed, import_sheets
from planner.imports.mapping import preview
from tests.planner.helpers import write_rows as write

NEXT_YEAR = dt.date.today().year + 1


def by_name(result) -> dict:
    return {p.name: p for p in result.plan.people.values()}


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(args), out, err), out.getvalue(), err.getvalue()


# ------------------------------------------------------------ 1. reports of a leaver


def test_reports_of_a_leaver_report_to_the_leavers_own_manager(tmp_path):
    rows = [
        ["Employee Name", "Job Title", "Manager Name", "Employee Status"],
        ["Ann Boss", "CEO", "", "Active"],
        ["Old Lead", "Engineering Manager", "Ann Boss", "Terminated"],
        ["Bea Dev", "Software Engineer", "Old Lead", "Active"],
        ["Cal Dev", "Software Engineer", "Old Lead", "Active"],
    ]
    result = import_sheets(write(tmp_path, "lm.csv", rows))
    people = by_name(result)
    ann = people["Ann Boss"].id
    assert people["Bea Dev"].manager == ann and people["Cal Dev"].manager == ann
    assert result.leavers == 1
    notes = [w for w in result.warnings if "skipped as a leaver" in w]
    assert notes == [
        "lm.csv: 2 people whose manager was skipped as a leaver report to the leaver's own manager instead "
        "(the first one up still here): Bea Dev to Ann Boss (was Old Lead), Cal Dev to Ann Boss (was Old Lead); "
        "rows 4, 5"
    ]


def test_a_chain_of_leavers_by_manager_id_is_climbed(tmp_path):
    rows = [
        ["EmpID", "Name", "Manager ID", "Status"],
        ["1", "Ann", "", "Active"],
        ["2", "Bob", "1", "Resigned"],
        ["3", "Cy", "2", "Retired"],
        ["4", "Dee", "3", "Active"],
        ["5", "Eve", "4", "Active"],
    ]
    result = import_sheets(write(tmp_path, "p.csv", rows))
    assert {p.name: p.manager for p in result.plan.people.values()} == {"Ann": None, "Dee": "1", "Eve": "4"}
    assert any("Dee to Ann (was Cy); row 5" in w for w in result.warnings)


def test_leavers_reporting_to_each_other_leave_their_reports_at_the_top(tmp_path):
    rows = [["Name", "Manager", "Status"], ["Ann", "Bob", "Left"], ["Bob", "Ann", "Left"], ["Cy", "Ann", "Active"]]
    result = import_sheets(write(tmp_path, "p.csv", rows))
    assert {p.name: p.manager for p in result.plan.people.values()} == {"Cy": None}


def test_the_cli_imports_reports_of_a_leaver(tmp_path):
    rows = [["Name", "Manager", "Status"], ["Ann", "", "Active"], ["Bob", "Ann", "Terminated"], ["Cy", "Bob", ""]]
    code, out, err = run(
        "import", "--people", str(write(tmp_path, "p.csv", rows)), "-o", str(tmp_path / "o.rocks.json")
    )
    assert code == 0, err
    assert out.endswith("2 people, 0 rocks, 0 teams (1 leaver skipped)\n")
    assert err.count("report to the leaver's own manager") + err.count("reports to the leaver's own manager") == 1


# ------------------------------------------------------------ 3. joining dates


def test_a_joining_date_still_to_come_makes_a_planned_hire_starting_then(tmp_path):
    rows = [
        ["Name", "Job Title", "Manager", "Employee Status", "Date of Joining"],
        ["Ann", "CEO", "", "Active", "2018-02-01"],
        ["Fay", "Product Manager", "Ann", "Active", f"{NEXT_YEAR}-09-01"],
        ["Gus", "Product Manager", "Ann", "Offer Extended", ""],
    ]
    result = import_sheets(write(tmp_path, "p.csv", rows))
    people = by_name(result)
    assert (people["Fay"].status, people["Fay"].start) == ("planned", f"{NEXT_YEAR}-09-01")
    assert people["Gus"].status == "planned" and people["Ann"].status == "active"
    assert any("1 person with a joining date still to come" in w and "as a planned hire" in w for w in result.warnings)


def test_joining_dates_are_stored_as_iso_when_they_read_one_way(tmp_path):
    rows = [
        ["Name", "Hire Date"],
        ["Ann", "15/03/2020"],  # only day/month
        ["Bob", "03/15/2021"],  # only month/day
        ["Cy", "31-Mar-2022"],
        ["Dee", "45000"],  # an Excel day number
        ["Eve", "2027-Q1"],  # a quarter stays a quarter
        ["Fay", "01/02/2018"],  # either way, and the column mixes both: kept as typed
        ["Gus", "soon"],
    ]
    result = import_sheets(write(tmp_path, "p.csv", rows))
    starts = {name: p.start for name, p in by_name(result).items()}
    assert starts == {
        "Ann": "2020-03-15", "Bob": "2021-03-15", "Cy": "2022-03-31", "Dee": "2023-03-15",
        "Eve": "2027-Q1", "Fay": "01/02/2018", "Gus": "soon",
    }  # fmt: skip
    notes = [w for w in result.warnings if "kept as typed" in w]
    assert len(notes) == 1 and '"01/02/2018" (row 7)' in notes[0] and '"soon" (row 8)' in notes[0]
    assert 'column "Hire Date"' in notes[0]


def test_a_column_that_writes_day_first_settles_the_ambiguous_dates():
    assert day_first(["01/02/2018", "19/11/2017"]) is True
    assert day_first(["01/02/2018", "11/19/2017"]) is False
    assert day_first(["01/02/2018", "19/11/2017", "11/19/2017"]) is None
    assert iso_date("01/02/2018", True) == "2018-02-01" and iso_date("01/02/2018", False) == "2018-01-02"
    assert iso_date("01/02/2018") is None and iso_date("N/A") == "" and iso_date("soon") is None


# ------------------------------------------------------------ 4. a leaving date that is no date


def test_a_leaving_date_that_is_not_a_date_keeps_the_person_with_a_warning(tmp_path):
    rows = [
        ["Name", "Employee Status", "Last Working Day"],
        ["Ann", "Active", ""],
        ["Bob", "Active", "soon"],
        ["Cy", "Active", "2020-01-31"],
        ["Dee", "Terminated", "TBC"],
    ]
    result = import_sheets(write(tmp_path, "p.csv", rows))
    assert sorted(by_name(result)) == ["Ann", "Bob"] and result.leavers == 2
    notes = [w for w in result.warnings if "not a date" in w]
    assert len(notes) == 1
    assert notes[0].startswith('p.csv: column "Last Working Day": 1 value that is not a date')
    assert "row 3: 'soon'" in notes[0]


# ------------------------------------------------------------ 5. headerless files


HEADERLESS = [
    ["1", "Ann Lee", "Chief Executive Officer", "", "Active", "2019-01-01", "", "Exec"],
    ["2", "Bob Roy", "CTO", "Ann Lee", "Active", "2019-01-01", "", "Eng"],
    ["3", "Cy Dunn", "Software Engineer", "Bob Roy", "Voluntarily Terminated", "2020-02-02", "2023-05-01", "Eng"],
    ["4", "Dee Fox", "Software Engineer", "Bob Roy", "Terminated for Cause", "2020-02-02", "2024-01-10", "Eng"],
    ["5", "Eli Day", "Software Engineer", "Bob Roy", "Active", "2021-06-01", "", "Eng"],
    ["6", "Fay Orr", "Software Engineer", "Bob Roy", "Active", "2021-06-01", "2020-01-01", "Eng"],
    ["7", "Gus Ray", "Marketing Manager", "Ann Lee", "Active", "2021-06-01", "", "Marketing"],
    ["8", "Hal Ng", "Accountant", "Ann Lee", "On Leave", "2021-06-01", "", "Finance"],
    ["9", "Ivy Lo", "Marketing Director", "Ann Lee", "Active", "2022-01-01", "", "Marketing"],
]


def test_a_headerless_file_finds_the_leaving_date_beside_the_status_and_the_department(tmp_path):
    path = write(tmp_path, "p.csv", HEADERLESS)
    guessed = preview(path).guessed
    assert (guessed["status"], guessed["start"], guessed["end"], guessed["team"]) == (4, 5, 6, 7)
    result = import_sheets(path)
    people = by_name(result)
    assert "Fay Orr" not in people and result.leavers == 3  # active, but her leaving date has passed
    assert result.plan.teams[people["Gus Ray"].team or ""].name == "Marketing"


def test_columns_a_headerless_file_leaves_unread_are_named_with_how_to_map_them(tmp_path):
    rows = [[*r[:5], "x" + r[0]] for r in HEADERLESS]  # a last column nothing reads
    result = import_sheets(write(tmp_path, "p.csv", rows))
    note = next(w for w in result.warnings if "ignored columns" in w)
    assert "column 6" in note and "--map FIELD=6" in note and "team" in note


# ------------------------------------------------------------ 6. each message once


def test_an_import_error_is_printed_once(tmp_path):
    path = write(tmp_path, "p.csv", [["Name", "Status"], ["Ann", "Zombie"]])
    code, _, err = run("import", "--people", str(path), "-o", str(tmp_path / "o.rocks.json"))
    assert code == 2
    assert err.count('"Zombie" (row 2)') == 1, err
    with pytest.raises(ImportFailed) as caught:
        import_sheets(path)
    assert caught.value.full_text().count('"Zombie" (row 2)') == 1
    assert caught.value.fixes == ["statuses"]


def test_several_problems_are_each_listed_once(tmp_path):
    path = write(tmp_path, "p.csv", [["Name", "Manager"], ["Ann", "Nobody"], ["Bob", "Ghost"]])
    code, _, err = run("import", "--people", str(path), "-o", str(tmp_path / "o.rocks.json"))
    assert code == 2 and err.startswith("rocks: p.csv: 2 problems; nothing was imported\n")
    assert err.count('manager "Nobody" not found') == 1 and err.count('manager "Ghost" not found') == 1


# ------------------------------------------------------------ 7. planned-hire statuses, founders


@pytest.mark.parametrize("status", ["Offer Extended", "Offer Accepted", "Pre-hire", "Hired (not started)"])
def test_offer_and_pre_hire_statuses_mean_a_planned_hire(status):
    assert classify_status(status) == "planned"


def test_a_founder_column_counts_every_yes_and_says_why_a_title_changed(tmp_path):
    rows = [
        ["Name", "Title", "Manager", "Founder"],
        ["Zed", "Chief Executive Officer", "", "Yes"],
        ["Tia", "Co-founder & CTO", "Zed", ""],
        ["Uma", "CTO", "Zed", "Yes"],
        ["Vic", "CTO", "Zed", "no"],
    ]
    result = import_sheets(write(tmp_path, "p.csv", rows))
    plan = result.plan
    assert {p.name: plan.family(p) for p in plan.people.values()} == {
        "Zed": "founder", "Tia": "founder", "Uma": "founder", "Vic": "eng",
    }  # fmt: skip
    assert by_name(result)["Zed"].role == "Chief Executive Officer"  # already a founder's title: kept as typed
    notes = [w for w in result.warnings if "founder" in w]
    assert notes == [
        'p.csv: 2 people marked as founders in column "Founder" (rows 2, 4); 1 title that did not say so reads '
        '"Co-founder, ..." (row 4): a plan knows its founders by their titles only'
    ]
    single = import_sheets(write(tmp_path, "q.csv", rows[:3]))
    assert any('1 person marked as a founder in column "Founder" (row 2)' in w for w in single.warnings)
