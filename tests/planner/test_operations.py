"""planner.editing.operations: every user intent gives a command or a refusal with its reason."""

from __future__ import annotations

from planner.editing import commands as C
from planner.editing import operations as ops
from planner.editing.document import Document
from planner.editing.operations import Refusal
from planner.planfile import fileio


def run(plan, outcome):
    assert isinstance(outcome, C.Command), outcome
    Document(plan).run(outcome)
    return outcome


def test_move_skips_rocks_already_with_the_target(plan):
    command = ops.move_rocks(plan, ["r1", "r2", "r3"], "p4")
    assert isinstance(command, C.MoveRocks) and command.rock_ids == ["r1", "r2"]


def test_move_to_the_same_owner_is_a_quiet_refusal(plan):
    outcome = ops.move_rocks(plan, ["r1"], "p3")
    assert outcome == Refusal("Already with Cy Park", quiet=True)


def test_move_a_dropped_rock_to_its_owner_picks_it_up(plan):
    run(plan, ops.move_rocks(plan, ["r6"], "p2"))
    assert plan.rocks["r6"].state == "active"


def test_unassign_only_owned_rocks(plan):
    command = ops.move_rocks(plan, ["r5", "r1"], None)
    assert command.rock_ids == ["r1"]
    assert ops.move_rocks(plan, ["r5"], None).quiet


def test_move_to_unknown_person_is_refused(plan):
    outcome = ops.move_rocks(plan, ["r1"], "ghost")
    assert isinstance(outcome, Refusal) and not outcome.quiet and "ghost" in outcome.reason


def test_handoff_note_set_after_the_question_travels(plan):
    command = ops.move_rocks(plan, ["r1"], "p4")
    command.note = "Ask Ana"
    run(plan, command)
    assert plan.moves[-1].note == "Ask Ana"


def test_drop_and_restore_filter_by_state(plan):
    assert ops.drop_rocks(plan, ["r6"]).quiet
    assert ops.restore_rocks(plan, ["r1"]).quiet
    run(plan, ops.drop_rocks(plan, ["r1", "r6"]))
    assert plan.rocks["r1"].state == "dropped"
    assert ops.restore_rocks(plan, ["r1", "r2"]).rock_ids == ["r1"]


def test_reparent_refuses_a_cycle_with_the_whole_chain(plan):
    outcome = ops.reparent(plan, "p2", "p4")
    assert isinstance(outcome, Refusal) and not outcome.quiet
    assert "cycle" in outcome.reason and "Ben Okafor -> Dee Lin -> Ben Okafor" in outcome.reason


def test_reparent_to_current_manager_is_quiet(plan):
    assert ops.reparent(plan, "p3", "p2").quiet


def test_reparent_gives_a_labelled_command(plan):
    command = run(plan, ops.reparent(plan, "p3", "p1"))
    assert command.label == "Cy Park reports to Ana Ruiz"
    assert plan.people["p3"].manager == "p1"


def test_add_person_checks_every_field(plan):
    bad = ops.add_person(plan, "   ", "PM")
    assert isinstance(bad, Refusal) and bad.field == "name"
    bad = ops.add_person(plan, "Ida", "PM", capacity="lots")
    assert isinstance(bad, Refusal) and bad.field == "capacity"
    bad = ops.add_person(plan, "Ida", "PM", status="maybe")
    assert isinstance(bad, Refusal) and bad.field == "status"


def test_one_refusal_names_every_field_at_fault(plan):
    bad = ops.add_person(plan, "", "PM", manager="ghost", capacity="lots")
    assert isinstance(bad, Refusal)
    assert list(bad.errors) == ["name", "manager", "capacity"]  # in the order of the fields
    assert bad.reason == bad.errors["name"] == "name: must not be empty"  # the one-line message: the first
    assert "ghost" in bad.errors["manager"] and bad.errors["capacity"].startswith("capacity:")
    bad = ops.add_rock(plan, " ", "astrology", effort="lots")
    assert isinstance(bad, Refusal) and list(bad.errors) == ["title", "discipline", "effort"]
    taken = plan.teams["t1"].name
    bad = ops.add_team(plan, taken, headcount=-1, growth="8, x")
    assert isinstance(bad, Refusal) and set(bad.errors) == {"name", "headcount", "growth"}
    assert "already exists" in bad.errors["name"] and bad.reason == bad.errors["headcount"]
    assert ops.add_team(plan, taken).errors == {"name": ops.add_team(plan, taken).reason}


def test_add_planned_hire(plan):
    command = run(plan, ops.add_person(plan, "First TPM", "TPM", "p2", "planned", "2027-Q2", 80))
    person = plan.people[command.person.id]
    assert (person.manager, person.status, person.start, person.capacity) == ("p2", "planned", "2027-Q2", 80)
    assert command.label == "Plan a hire: First TPM"
    fileio.loads(fileio.dumps(plan))


def test_add_rock_with_tshirt_effort_and_alias(plan):
    command = run(plan, ops.add_rock(plan, "Design system", "ux", "M", "p5"))
    rock = plan.rocks[command.rock.id]
    assert (rock.discipline, rock.effort, rock.owner) == ("design", 20, "p5")
    bad = ops.add_rock(plan, "X", "astrology")
    assert isinstance(bad, Refusal) and bad.field == "discipline"


def test_removal_impact_says_where_reports_and_rocks_go(plan):
    text = ops.removal_impact(plan, "p2")
    assert "3 direct reports (Cy Park, Dee Lin, Eve Stone) will report to Ana Ruiz" in text
    assert "1 rock will become unowned" in text
    assert "no reports and no rocks" in ops.removal_impact(plan, "p5")


def test_remove_person_keeps_their_rocks(plan):
    run(plan, ops.remove_person(plan, "p3"))
    assert plan.rocks["r1"].owner is None and "r1" in plan.rocks


def test_edit_person_same_value_is_none(plan):
    assert ops.edit_person(plan, "p4", "capacity", "80%") is None
    command = ops.edit_person(plan, "p4", "capacity", "60")
    assert command.label == "Set Dee Lin's capacity to 60%"


def test_edit_rock_owner_goes_through_move(plan):
    command = ops.edit_rock(plan, "r1", "owner", "p4")
    assert isinstance(command, C.MoveRocks)
    assert isinstance(ops.edit_rock(plan, "r1", "state", "dropped"), C.SetRockState)
    bad = ops.edit_rock(plan, "r1", "effort", "101")
    assert isinstance(bad, Refusal) and bad.field == "effort"


def test_edit_team_headcount(plan):
    assert ops.edit_team(plan, "t1", "headcount", "14") is None
    run(plan, ops.edit_team(plan, "t1", "headcount", "20"))
    assert plan.teams["t1"].headcount == 20
    assert isinstance(ops.edit_team(plan, "t1", "headcount", "-1"), Refusal)


def test_split_refuses_more_than_the_rock_has(plan):
    bad = ops.split_rock(plan, "r1", "Pricing research", 30)
    assert isinstance(bad, Refusal) and bad.field == "effort"
    run(plan, ops.split_rock(plan, "r1", "Pricing research", 5))
    assert plan.rocks["r1"].effort == 15


def test_delete_rocks_one_or_many(plan):
    assert isinstance(ops.delete_rocks(plan, ["r1"]), C.RemoveRock)
    compound = ops.delete_rocks(plan, ["r1", "r2", "nope"])
    assert compound.label == "Delete 2 rocks"
    assert ops.delete_rocks(plan, ["nope"]).quiet
