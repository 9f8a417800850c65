"""Growth plans and kept rocks as users edit them: the parser, the commands and the intents."""

from __future__ import annotations

import pytest

from models import Team
from planner.core.changes import PEOPLE_EDITED, TEAMS
from planner.core.errors import CommandError, FieldError
from planner.core.fields import parse_growth
from planner.editing import commands as C
from planner.editing import operations as ops
from planner.editing.document import Document
from planner.editing.operations import Refusal
from planner.planfile import fileio
from tests.planner.helpers import refused, roundtrip

# ------------------------------------------------------------- parse_growth


@pytest.mark.parametrize(
    "value, expected",
    [
        ("8, 11, 15", [8, 11, 15]),
        ("8,11,15", [8, 11, 15]),
        (" 8 11  15 ", [8, 11, 15]),
        ("8; 11", [8, 11]),
        ("8, 11, 15,", [8, 11, 15]),  # a trailing comma, as people type lists
        ("", []),
        ("   ", []),
        (None, []),
        ([], []),
        ([8, 11.0, "15"], [8, 11, 15]),
        ((0, 1_000_000), [0, 1_000_000]),
        ("12.0", [12]),
        (7, [7]),  # one number: a one-quarter plan (a spreadsheet cell)
        (",".join(["1"] * 12), [1] * 12),
    ],
)
def test_parse_growth_accepts_lists_and_text(value, expected):
    assert parse_growth(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("8, 11, x", "growth: quarter 3: expected a whole number of engineers, got 'x'"),
        ("8,,11", "growth: quarter 2: expected a whole number of engineers, got nothing"),
        ("8, 2.5", "growth: quarter 2: expected a whole number of engineers from 0 to 1,000,000, got '2.5'"),
        ("-1", "growth: quarter 1: expected a whole number of engineers from 0 to 1,000,000, got '-1'"),
        ([1_000_001], "growth: quarter 1: expected a whole number of engineers from 0 to 1,000,000, got '1000001'"),
        ([True], "growth: quarter 1: expected a whole number of engineers, got 'True'"),
        ("nan", "growth: quarter 1: expected a whole number of engineers, got 'nan'"),
        ([float("inf")], "growth: quarter 1: expected a whole number of engineers from 0 to 1,000,000, got 'inf'"),
        ("1e3", "growth: quarter 1: expected a whole number of engineers, got '1e3'"),
        (",".join(["1"] * 13), "growth: expected at most 12 quarters, got 13"),
        ({"q1": 8}, "growth: expected whole numbers of engineers per quarter, such as 8, 11, 15"),
    ],
)
def test_parse_growth_names_the_quarter_and_what_was_expected(value, message):
    with pytest.raises(FieldError) as info:
        parse_growth(value)
    assert str(info.value).startswith(message)
    assert info.value.field == "growth"


def test_parse_growth_quotes_control_characters_harmlessly():
    with pytest.raises(FieldError) as info:
        parse_growth("8, \x1b[2Jx")
    assert "\x1b" not in str(info.value) and "\\x1b" in str(info.value)


def test_parse_growth_field_name_is_the_callers():
    with pytest.raises(FieldError, match=r"^Growth: quarter 1:") as info:
        parse_growth("x", field="Growth")
    assert info.value.field == "Growth"


# ---------------------------------------------------------------- commands


def test_add_team_undo_and_redo_are_exact(plan):
    command = C.AddTeam(Team("t9", "  Data   platform ", lead="p6", headcount=4, growth=[4, 6, 9]))
    changes, undone = roundtrip(plan, command)
    team = plan.teams["t9"]
    assert (team.name, team.lead, team.headcount, team.growth) == ("Data platform", "p6", 4, [4, 6, 9])
    assert list(plan.teams) == ["t1", "t2", "t9"]
    assert changes.teams == {"t9"} and changes.kinds == {TEAMS}
    assert undone.teams == {"t9"} and undone.kinds == {TEAMS}
    assert command.label == "Add team Data platform"
    team.growth.append(12)
    assert command.team.growth == [4, 6, 9]  # the plan's team is a copy: the command's stays as given


def test_add_team_at_an_index(plan):
    roundtrip(plan, C.AddTeam(Team("t9", "Data"), index=1))
    assert list(plan.teams) == ["t1", "t9", "t2"]


@pytest.mark.parametrize(
    "team, error, match",
    [
        (Team("t1", "Dup id"), CommandError, 'A team with id "t1" already exists'),
        (Team("t9", "   "), FieldError, "name: must not be empty"),
        (Team("t9", "X", headcount=-1), FieldError, "headcount"),
        (Team("t9", "X", lead="ghost"), CommandError, "ghost"),
        (Team("t9", "X", growth=[1, -2]), FieldError, "growth: quarter 2"),
        (Team("t9", "X", growth=[1] * 13), FieldError, "at most 12 quarters"),
    ],
)
def test_add_team_refuses_what_the_file_would_refuse(plan, team, error, match):
    refused(plan, lambda: C.AddTeam(team), error, match)


def test_edit_team_growth_round_trips_and_saves(plan):
    command = C.EditTeam("t1", growth="8, 11, 15")
    changes, _ = roundtrip(plan, command)
    assert plan.teams["t1"].growth == [8, 11, 15]
    assert changes.teams == {"t1"} and changes.kinds == {TEAMS}
    assert fileio.loads(fileio.dumps(plan)).teams["t1"].growth == [8, 11, 15]


def test_edit_team_growth_undo_keeps_its_own_copies(plan):
    plan.teams["t1"].growth = original = [1, 2]
    document = Document(plan)
    command = C.EditTeam("t1", growth=[3, 4, 5])
    document.run(command)
    original.append(99)  # whoever held the old list changes it after the edit
    plan.teams["t1"].growth.append(6)  # and the edited list is changed in place
    document.revert(command)
    assert plan.teams["t1"].growth == [1, 2]
    plan.teams["t1"].growth.append(7)  # the restored list is the plan's, not the command's
    assert command.old["growth"] == [1, 2]
    document.run(command)
    assert plan.teams["t1"].growth == [3, 4, 5]  # redo parses the values again: a fresh list


def test_edit_team_refuses_bad_growth_leaving_the_plan_alone(plan):
    error = refused(plan, lambda: C.EditTeam("t1", growth="8, x"), FieldError)
    assert str(error) == "growth: quarter 2: expected a whole number of engineers, got 'x'"
    refused(plan, lambda: C.EditTeam("t1", size=3), CommandError, "expected one of name, headcount, lead, growth")


def test_remove_team_clears_members_and_undo_restores_them(plan):
    command = C.RemoveTeam("t1")
    changes, _ = roundtrip(plan, command)
    assert "t1" not in plan.teams
    assert plan.people["p3"].team is None and plan.people["p6"].team is None
    assert changes.people == {"p3", "p6"} and changes.kinds == {TEAMS, PEOPLE_EDITED}
    assert command.label == "Remove team Payments"
    refused(plan, lambda: C.RemoveTeam("ghost"), CommandError, "ghost")


def test_team_commands_keep_the_analysis_headcount_exact(plan):
    document = Document(plan)
    before = document.analysis.summary()["engineers"]
    add, remove = C.AddTeam(Team("t9", "Data", headcount=7)), C.RemoveTeam("t1")
    document.run(add)
    assert document.analysis.summary()["engineers"] == before + 7
    document.run(remove)
    assert document.analysis.summary()["engineers"] == before + 7 - 14
    document.revert(remove)
    document.revert(add)
    assert document.analysis.summary()["engineers"] == before


# -------------------------------------------------------------- operations


def test_add_team_operation_checks_fields_and_names(plan):
    outcome = ops.add_team(plan, " Data ", "4", "p6", "4, 6")
    assert isinstance(outcome, C.AddTeam)
    assert outcome.label == "Add team Data"
    assert outcome.team.id not in plan.teams and outcome.team.id not in plan.people
    Document(plan).run(outcome)
    assert plan.teams[outcome.team.id].growth == [4, 6]

    taken = ops.add_team(plan, "  PAYMENTS ")
    assert isinstance(taken, Refusal) and taken.field == "name"
    assert taken.reason == 'name: a team called "Payments" already exists (t1)'
    bad = ops.add_team(plan, "Infra", growth="1, 2, many")
    assert isinstance(bad, Refusal) and bad.field == "growth"
    assert bad.reason == "growth: quarter 3: expected a whole number of engineers, got 'many'"
    assert isinstance(ops.add_team(plan, "Infra", headcount="lots"), Refusal)


def test_edit_team_growth_operation_labels_and_skips_no_change(plan):
    outcome = ops.edit_team(plan, "t1", "growth", "8,11,15")
    assert isinstance(outcome, C.EditTeam)
    assert outcome.label == "Set the growth plan of Payments to 8, 11, 15"
    Document(plan).run(outcome)
    assert ops.edit_team(plan, "t1", "growth", " 8, 11 ,15 ") is None  # same plan in another spelling
    cleared = ops.edit_team(plan, "t1", "growth", "")
    assert isinstance(cleared, C.EditTeam) and cleared.label == "Clear the growth plan of Payments"
    refusal = ops.edit_team(plan, "t1", "growth", "8, eleven")
    assert isinstance(refusal, Refusal) and refusal.field == "growth"
    assert isinstance(ops.edit_team(plan, "ghost", "growth", "1"), Refusal)


def test_edit_team_other_fields_and_a_taken_name(plan):
    assert ops.edit_team(plan, "t1", "headcount", "20").label == "Set the engineers of Payments to 20"
    assert ops.edit_team(plan, "t1", "lead", "p4").label == "Dee Lin leads Payments"
    assert ops.edit_team(plan, "t1", "lead", None).label == "Payments has no lead"
    assert ops.edit_team(plan, "t1", "name", "Billing").label == "Rename team Payments to Billing"
    taken = ops.edit_team(plan, "t1", "name", "growth")
    assert isinstance(taken, Refusal) and taken.field == "name"
    assert ops.edit_team(plan, "t1", "name", "payments") is not None  # its own name in another case is fine


def test_growth_quarters_label_each_quarter(plan):
    plan.settings.first_quarter = "2027-Q3"
    assert ops.growth_start(plan) == "2027-Q3"
    assert ops.growth_quarters(plan, [8, 11, 15]) == "2027-Q3 8, 2027-Q4 11, 2028-Q1 15"


# -------------------------------------------------------------------- kept


def test_edit_rock_kept_is_one_labelled_command(plan):
    assert ops.default_kept(plan, plan.rocks["r4"]) == (True, "the founder keeps the company's direction")
    assert ops.default_kept(plan, plan.rocks["r1"]) == (False, "")
    outcome = ops.edit_rock(plan, "r4", "kept", "no")
    assert isinstance(outcome, C.EditRock) and outcome.label == "Mark 'Vision' not kept"
    changes, _ = roundtrip(plan, outcome)
    assert plan.rocks["r4"].kept is False and changes.rocks == {"r4"}
    assert ops.default_kept(plan, plan.rocks["r4"])[0] is True  # the default, whatever is marked
    assert ops.edit_rock(plan, "r4", "kept", "n") is None
    back = ops.edit_rock(plan, "r4", "kept", "default")
    assert back.label == "Let the default decide whether 'Vision' is kept"
    assert ops.edit_rock(plan, "r1", "kept", "yes").label == "Mark 'Pricing' kept by its owner"
    bad = ops.edit_rock(plan, "r1", "kept", "maybe")
    assert isinstance(bad, Refusal) and bad.field == "kept"
