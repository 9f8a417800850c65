"""HR exports as they come (issue 16): leaver statuses, termination and hire dates, founder columns.

Every file is built here, in the words and spellings HR systems write; none is a copy
of a real export.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli.main import main
from planner.core.errors import PlanImportError
from planner.imports.hr import LEAVER, classify_status, has_left, read_dates
from planner.imports.importer import PROGRESS_STEPS, ImportFailed, import_sheets
from planner.imports.mapping import people_field, preview
from tests.planner.helpers import write_rows as write


def names(result) -> list[str]:
    return sorted(p.name for p in result.plan.people.values())


HR_HEADER = ["Employee ID", "Employee Name", "Job Title", "Manager ID", "Employment Status", "Termination Date"]


def hr_export(folder: Path) -> Path:
    return write(
        folder,
        "hr.csv",
        [
            HR_HEADER,
            ["1", "Ann Ceo", "Chief Executive Officer", "", "Active", ""],
            ["2", "Bob Gone", "Marketing Director", "1", "Voluntarily Terminated", "2023-05-31"],
            ["3", "Cy Fired", "Account Executive", "1", "Terminated for Cause", ""],
            ["4", "Dee Away", "HR Manager", "1", "On Leave", ""],
            ["5", "Eli Loa", "Recruiter", "4", "Leave of Absence", ""],
            ["6", "Fay New", "Software Engineer", "1", "Probation", ""],
            ["7", "Gus Temp", "QA Engineer", "6", "Contractor", ""],
            ["8", "Hal Old", "Accountant", "1", "RETIRED", ""],
            ["9", "Ivy Quit", "Controller", "1", "resigned", ""],
            ["10", "Jo Inv", "Engineer", "6", "Involuntarily Terminated", ""],
            ["11", "Kim Dead", "Engineer", "6", "Deceased", ""],
            ["12", "Lu Later", "Engineer", "6", "Active", "2999-01-31"],
        ],
    )


def test_leaver_statuses_are_skipped_and_counted(tmp_path):
    result = import_sheets(hr_export(tmp_path))
    assert names(result) == ["Ann Ceo", "Dee Away", "Eli Loa", "Fay New", "Gus Temp", "Lu Later"]
    assert result.leavers == 6
    assert all(p.status == "active" for p in result.plan.people.values())
    assert any(w.startswith("hr.csv: 6 leavers skipped") and "rows 3, 4, 9, 10, 11, 12" in w for w in result.warnings)


def test_the_cli_imports_the_hr_export_and_says_how_many_leavers(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", "--people", str(hr_export(tmp_path)), "-o", str(tmp_path / "o.rocks.json")], out, err)
    assert code == 0, err.getvalue()
    assert out.getvalue().endswith(": 6 people, 0 rocks, 0 teams (6 leavers skipped)\n")
    assert "hr.csv: 6 leavers skipped" in err.getvalue()


@pytest.mark.parametrize(
    "value,status",
    [
        ("Terminated", LEAVER), ("Voluntarily Terminated", LEAVER), ("Terminated for Cause", LEAVER),
        ("involuntarily  terminated", LEAVER), ("TERMINATED - FOR CAUSE", LEAVER), ("Resigned", LEAVER),
        ("Retired", LEAVER), ("Inactive", LEAVER), ("Left", LEAVER), ("Former employee", LEAVER),
        ("Deceased", LEAVER), ("Laid off", LEAVER), ("T", LEAVER), ("Separated", LEAVER),
        ("On Leave", "active"), ("leave of absence", "active"), ("Active", "active"), ("Employed", "active"),
        ("Probation", "active"), ("Contractor", "active"), ("Full-Time", "active"), ("Fixed Term", "active"),
        ("Pending termination", "active"), ("Inactive - on leave", "active"), ("", "active"), ("A", "active"),
        ("New Hire", "planned"), ("Pending", "planned"), ("Vacant", "open"), ("TBH", "open"),
        ("Sleeping", None), ("42", None),
    ],
)  # fmt: skip
def test_status_words(value, status):
    assert classify_status(value) == status


@pytest.mark.parametrize(
    "header",
    [
        "Termination Date", "TerminationDate", "termination_date", "Date of Termination", "End Date",
        "Leaving Date", "Date of Leaving", "Separation Date", "Last Working Day", "LAST_WORKING_DATE",
        "Emp Termination Date",
    ],
)  # fmt: skip
def test_termination_date_columns_are_found_without_map(tmp_path, header):
    assert people_field(header) == "end"
    rows = [
        ["Name", "Title", header],
        ["Ann", "CEO", ""],
        ["Bob", "Engineer", "2020-01-31"],
        ["Cy", "Engineer", "12/31/2999"],
    ]
    result = import_sheets(write(tmp_path, "p.csv", rows))
    assert names(result) == ["Ann", "Cy"] and result.leavers == 1


@pytest.mark.parametrize(
    "header",
    ["Employee Joining Date", "Hire Date", "Date of Joining", "Start Date", "DateOfHire", "Joining Date",
     "Original Hire Date", "date_of_hire", "Employment Start Date"],
)  # fmt: skip
def test_joining_date_columns_are_read_as_start(tmp_path, header):
    assert people_field(header) == "start"
    result = import_sheets(write(tmp_path, "p.csv", [["Name", header], ["Ann", "2019-04-01"]]))
    assert next(iter(result.plan.people.values())).start == "2019-04-01"
    assert not any("ignored columns" in w for w in result.warnings)


@pytest.mark.parametrize(
    "header",
    [
        "Probation End Date", "Contract End Date", "Leave of Absence Start Date", "Terminated", "Termination Reason",
        "Exit Interview Date", "Hiring Manager", "Rehire Eligible", "Hired",
    ],
)  # fmt: skip
def test_dates_that_are_not_leaving_or_joining_are_not_taken_for_them(header):
    assert people_field(header) is None


def test_dates_in_hr_spellings():
    today = dt.date(2026, 6, 1)
    assert has_left("31-Mar-2024", today) and has_left("March 31, 2024", today) and has_left("31/03/2024", today)
    assert has_left("2024-03-31 00:00:00", today) and has_left("45382", today)  # an Excel day number
    assert not has_left("2099-12-31", today) and not has_left("12/31/2099", today)
    assert not has_left("N/A", today) and not has_left("1900-01-01", today)  # "no date" as systems write it
    assert not has_left("01/07/2026", today)  # 1 July or 7 January: not surely past, so still here
    assert read_dates("not a date") is None and not has_left("not a date", today)  # only a date that has passed


def test_an_unknown_status_is_one_message_listing_the_values_and_what_to_do(tmp_path):
    rows = [["Name", "Status"], ["Ann", "Active"], ["Bob", "Zombie"], ["Cy", "Zombie"], ["Dee", "On Sabbatical?!"]]
    rows += [[f"P{i}", "Zombie"] for i in range(30)]
    path = write(tmp_path, "p.csv", rows)
    with pytest.raises(ImportFailed) as caught:
        import_sheets(path)
    error = caught.value
    assert len(error.details) == 1
    text = error.details[0]
    assert text.startswith('p.csv: column "Status" holds 1 value that is not an employment status (32 rows): ')
    assert '"Zombie" (rows 3, 4, 6, 7, 8 and 27 more)' in text and "Terminated for Cause" in text
    assert any("--lenient" in h and "--map status=" in h for h in error.hints)
    lenient = import_sheets(path, lenient=True)
    assert len(lenient.plan.people) == 34 and {p.status for p in lenient.plan.people.values()} == {"active"}
    notes = [w for w in lenient.warnings if "not an employment status" in w]
    assert len(notes) == 1 and "imported as active (lenient)" in notes[0]
    assert len(import_sheets(path, mapping={"status": ""}).plan.people) == 34


def test_the_cli_prints_the_status_hint(tmp_path):
    path = write(tmp_path, "p.csv", [["Name", "Status"], ["Ann", "Zombie"]])
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", "--people", str(path), "-o", str(tmp_path / "o.rocks.json")], out, err) == 2
    assert "rocks: hint: statuses are read from column" in err.getvalue()
    assert main(["import", "--people", str(path), "-o", str(tmp_path / "o.rocks.json"), "--lenient"], out, err) == 0


def test_a_headerless_export_finds_statuses_and_skips_leavers(tmp_path):
    rows = [
        ["E1", "Ann Lee", "Chief Executive Officer", "", "Active"],
        ["E2", "Bob Roy", "Marketing Manager", "E1", "Terminated"],
        ["E3", "Cy Dunn", "Software Engineer", "E1", "On Leave"],
        ["E4", "Dee Fox", "Recruiter", "E1", "Resigned"],
        ["E5", "Eli Day", "Accountant", "E3", "Active"],
    ]
    path = write(tmp_path, "p.csv", rows)
    assert preview(path).guessed.get("status") == 4
    result = import_sheets(path)
    assert names(result) == ["Ann Lee", "Cy Dunn", "Eli Day"] and result.leavers == 2


def test_a_founder_column_makes_a_cto_a_founder_and_only_then(tmp_path):
    rows = [["Name", "Title", "Manager", "Founder"], ["Ann", "CEO", "", "Yes"], ["Bob", "CTO", "Ann", "yes"],
            ["Cy", "CTO", "Ann", "No"], ["Dee", "Engineer", "Bob", ""]]  # fmt: skip
    result = import_sheets(write(tmp_path, "p.csv", rows))
    plan = result.plan
    family = {p.name: plan.family(p) for p in plan.people.values()}
    assert family == {"Ann": "founder", "Bob": "founder", "Cy": "eng", "Dee": "eng"}
    assert {p.name: p.role for p in plan.people.values()}["Bob"] == "Co-founder, CTO"
    assert any("2 people marked as founders" in w and "(rows 2, 3)" in w for w in result.warnings)


def test_progress_advances_through_a_big_file(tmp_path):
    rows = [["id", "name", "manager id", "status"]]
    rows += [[str(i), f"Person {i}", str((i - 1) // 5) if i else "", "Active"] for i in range(20_000)]
    seen: list[int] = []
    import_sheets(write(tmp_path, "p.csv", rows), progress=lambda done, total: seen.append(done) or True)
    assert seen == sorted(seen) and seen[-1] == PROGRESS_STEPS
    second_half = {v for v in seen if PROGRESS_STEPS // 2 < v < PROGRESS_STEPS}
    assert len(second_half) > 50  # building and linking people both move the bar
    assert len({v for v in seen if 0 < v < PROGRESS_STEPS // 2}) > 10  # so does reading


# ------------------------------------------------------------ nothing silently dropped

STATUS_WORDS = st.sampled_from(
    ["Active", "Terminated", "Voluntarily Terminated", "On Leave", "Retired", "", "Pending", "Vacant", "Zombie", "x"]
)
DATES = st.sampled_from(["", "2020-01-01", "2999-12-31", "31/12/2019", "N/A", "soon", "1900-01-01", "13/13/2013"])
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)  # any spelling, printable


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(
        st.tuples(st.one_of(STATUS_WORDS, TEXT), st.one_of(DATES, TEXT), st.one_of(TEXT, st.just("CTO"))),
        min_size=1,
        max_size=12,
    ),
    lenient=st.booleans(),
)
def test_every_row_is_imported_counted_as_a_leaver_or_reported(tmp_path, people, lenient):
    rows = [["Name", "Employment Status", "Termination Date", "Job Title"]]
    rows += [[f"Person {i}", status, end, title] for i, (status, end, title) in enumerate(people)]
    path = write(tmp_path, "p.csv", rows)
    try:
        result = import_sheets(path, lenient=lenient)
    except PlanImportError as e:
        text = "\n".join(e.details)
        assert e.details and all(d.startswith("p.csv:") for d in e.details)  # a refusal says where and why
        unknown = [  # a status nobody can read, on a row not already skipped as a leaver by its date
            i for i, (status, end, _) in enumerate(people)
            if classify_status(status) is None and not (end.strip() and has_left(end.strip()))
        ]  # fmt: skip
        assert unknown and not lenient  # only a status nobody can read refuses these rows
        assert "not an employment status" in text and f"row {unknown[0] + 2}" in text.replace("rows", "row")
        return
    people_rows = len(people)
    assert len(result.plan.people) + result.leavers == people_rows
    leaver_note = next((w for w in result.warnings if "leaver" in w and "skipped" in w), "")
    assert (result.leavers == 0) == (leaver_note == "")


def test_the_terminal_progress_line_counts_up_and_clears_itself():
    from planner.imports.job import terminal_progress

    stream = io.StringIO()
    report = terminal_progress(stream)
    assert all(report(done, 1000) for done in (0, 5, 420, 421, 1000))
    assert stream.getvalue() == (
        "rocks: importing 0%\r" + "rocks: importing 42%\r" + " " * len("rocks: importing 100%") + "\r"
    )
