"""Commands: apply/undo of each, references kept, refusals leave the plan byte-identical."""

from __future__ import annotations

import pytest

from models import Person, Rock
from planner.core.errors import CommandError, FieldError
from planner.editing import commands as C
from planner.editing.document import Document
from planner.planfile import fileio
from tests.planner.helpers import refused, roundtrip
from tests.planner.strategies import WHEN

# ------------------------------------------------------------------ people


def test_add_person_at_index(plan):
    command = C.AddPerson(Person("p9", "Ida", "Product Manager", manager="p2"), index=2)
    changes, _ = roundtrip(plan, command)
    assert list(plan.people)[2] == "p9"
    assert changes.people == {"p9", "p2"} and changes.structure
    assert command.label == "Add Ida"


def test_add_person_cleans_values(plan):
    C.AddPerson(Person("p9", "  Ida   Lee ", " PM ", dotted=["p1", "p1"])).apply(Document(plan))
    assert plan.people["p9"].name == "Ida Lee"
    assert plan.people["p9"].role == "PM"
    assert plan.people["p9"].dotted == ["p1"]


@pytest.mark.parametrize(
    "person,match",
    [
        (Person("p1", "Dup"), "already exists"),
        (Person("", "No id"), "id"),
        (Person("p9", ""), "name"),
        (Person("p9", "Ida", manager="ghost"), "ghost"),
        (Person("p9", "Ida", team="ghost"), "ghost"),
        (Person("p9", "Ida", dotted=["ghost"]), "ghost"),
        (Person("p9", "Ida", capacity=0), "capacity"),
        (Person("p9", "Ida", capacity=500), "capacity"),
        (Person("p9", "Ida", status="fired"), "status"),  # type: ignore[arg-type]
    ],
)
def test_add_person_refuses_what_the_file_would_refuse(plan, person, match):
    refused(plan, lambda: C.AddPerson(person), match=match)


def test_edit_person(plan):
    command = C.EditPerson("p4", capacity="60%", role="Group PM", status="OPEN")
    roundtrip(plan, command)
    person = plan.people["p4"]
    assert (person.capacity, person.role, person.status) == (60.0, "Group PM", "open")


def test_edit_person_unknown_field_and_bad_values(plan):
    refused(plan, lambda: C.EditPerson("p4", shoe_size=42), CommandError, "shoe_size")
    refused(plan, lambda: C.EditPerson("p4", capacity="abc"), FieldError, "capacity")
    refused(plan, lambda: C.EditPerson("ghost", name="X"), CommandError, "ghost")
    refused(plan, lambda: C.EditPerson("p4", dotted=["p4"]), CommandError, "p4")
    refused(plan, lambda: C.EditPerson("p4", team="ghost"), CommandError, "ghost")
    # Valid values first, then a bad one: nothing at all is applied.
    refused(plan, lambda: C.EditPerson("p4", name="New", capacity=0), FieldError)


def test_set_manager(plan):
    command = C.set_manager(plan, "p4", "p1")
    assert command.label == "Dee Lin reports to Ana Ruiz"
    changes, undone = roundtrip(plan, command)
    assert plan.people["p4"].manager == "p1"
    assert changes.people == {"p4", "p1", "p2"} == undone.people
    assert changes.structure


def test_set_manager_refuses_a_cycle_naming_people(plan):
    # Ben manages Cy; making Ben report to Cy would close Ben -> Cy -> Ben.
    error = refused(plan, lambda: C.set_manager(plan, "p2", "p3"), CommandError)
    assert "Ben Okafor" in str(error) and "Cy Park" in str(error) and "cycle" in str(error)
    error = refused(plan, lambda: C.set_manager(plan, "p1", "p3"), CommandError)
    assert "Ana Ruiz -> Cy Park -> Ben Okafor -> Ana Ruiz" in str(error)
    refused(plan, lambda: C.set_manager(plan, "p3", "p3"), CommandError, "themselves")
    refused(plan, lambda: C.set_manager(plan, "p3", "ghost"), CommandError, "ghost")


def test_set_manager_to_nobody(plan):
    roundtrip(plan, C.set_manager(plan, "p3", None))
    assert plan.people["p3"].manager is None


def test_edit_capacity(plan):
    command = C.EditPerson("p3", capacity=50)
    roundtrip(plan, command)
    assert plan.people["p3"].capacity == 50
    refused(plan, lambda: C.EditPerson("p3", capacity=-5), FieldError)


def test_remove_person_keeps_rocks_and_reparents_reports(plan):
    # Ben (p2) owns r6, manages p3/p4/p5, and Dee has a dotted line to Ana (not Ben).
    plan.people["p6"].dotted = ["p2"]
    plan.rocks["r5"].contributors = ["p2", "p3"]
    plan.teams["t2"].lead = "p2"
    before = fileio.dumps(plan)
    rocks_before = set(plan.rocks)
    command = C.RemovePerson("p2")
    document = Document(plan)
    changes = command.apply(document)
    assert command.label == "Remove Ben Okafor"
    assert "p2" not in plan.people
    assert set(plan.rocks) == rocks_before  # never deleted
    assert plan.rocks["r6"].owner is None
    assert plan.rocks["r5"].contributors == ["p3"]
    assert [plan.people[p].manager for p in ("p3", "p4", "p5")] == ["p1"] * 3
    assert plan.people["p6"].dotted == []
    assert plan.teams["t2"].lead is None
    assert {"p2", "p3", "p4", "p5", "p6", "p1"} <= changes.people
    assert {"r6", "r5"} <= changes.rocks and changes.teams == {"t2"}
    fileio.loads(fileio.dumps(plan))  # still a valid plan
    command.undo(document)
    assert fileio.dumps(plan) == before
    assert list(plan.people) == ["p1", "p2", "p3", "p4", "p5", "p6"]


def test_remove_root_person_makes_reports_roots(plan):
    roundtrip(plan, C.RemovePerson("p1"))
    assert plan.people["p2"].manager is None and plan.people["p6"].manager is None
    assert plan.rocks["r4"].owner is None


def test_remove_unknown_person(plan):
    refused(plan, lambda: C.RemovePerson("ghost"), CommandError, "ghost")


# ------------------------------------------------------------------- rocks


def test_add_rock_resolves_discipline_alias(plan):
    command = C.AddRock(Rock("r9", "Usability tests", "UX", 10, "p5"), index=0)
    changes, _ = roundtrip(plan, command)
    assert list(plan.rocks)[0] == "r9"
    assert plan.rocks["r9"].discipline == "design"
    assert changes.rocks == {"r9"} and changes.people == {"p5"}


@pytest.mark.parametrize(
    "rock,match",
    [
        (Rock("r1", "Dup", "product"), "already exists"),
        (Rock("r9", "", "product"), "title"),
        (Rock("r9", "X", "astrology"), "astrology"),
        (Rock("r9", "X", "product", effort=150), "effort"),
        (Rock("r9", "X", "product", effort=-1), "effort"),
        (Rock("r9", "X", "product", owner="ghost"), "ghost"),
        (Rock("r9", "X", "product", contributors=["ghost"]), "ghost"),
        (Rock("r9", "X", "product", kind="eternal"), "kind"),  # type: ignore[arg-type]
        (Rock("r9", "X", "product", state="melted"), "state"),  # type: ignore[arg-type]
    ],
)
def test_add_rock_refuses_what_the_file_would_refuse(plan, rock, match):
    refused(plan, lambda: C.AddRock(rock), match=match)


def test_edit_rock(plan):
    command = C.EditRock("r1", effort="L", discipline="analytics", owner="p4")
    changes, undone = roundtrip(plan, command)
    rock = plan.rocks["r1"]
    assert (rock.effort, rock.discipline, rock.owner) == (35.0, "operations", "p4")
    assert changes.people == {"p3", "p4"} == undone.people


def test_edit_rock_refusals(plan):
    refused(plan, lambda: C.EditRock("r1", colour="red"), CommandError, "colour")
    refused(plan, lambda: C.EditRock("r1", effort="lots"), FieldError, "effort")
    refused(plan, lambda: C.EditRock("r1", discipline="astrology"), FieldError, "expected one of")
    refused(plan, lambda: C.EditRock("ghost", title="X"), CommandError, "ghost")


def test_remove_rock_restores_position(plan):
    command = C.RemoveRock("r3")
    changes, _ = roundtrip(plan, command)
    assert changes.people == {"p4"}
    assert "r3" not in plan.rocks


def test_move_rocks_logs_each_move(plan):
    doc = Document(plan)
    before = fileio.dumps(plan)
    log_before = list(plan.moves)
    command = C.MoveRocks(["r1", "r2", "r5"], "p4", note="Dee takes Payments", when=WHEN)
    changes = doc.run(command)
    assert command.label == "Move 3 rocks to Dee Lin"
    assert all(plan.rocks[r].owner == "p4" for r in ("r1", "r2", "r5"))
    new = plan.moves[len(log_before) :]
    assert [(m.rock, m.from_, m.to, m.when, m.note) for m in new] == [
        ("r1", "p3", "p4", WHEN, "Dee takes Payments"),
        ("r2", "p3", "p4", WHEN, "Dee takes Payments"),
        ("r5", None, "p4", WHEN, "Dee takes Payments"),
    ]
    assert changes.people == {"p3", "p4"} and changes.rocks == {"r1", "r2", "r5"}
    doc.revert(command)
    assert plan.moves == log_before
    assert fileio.dumps(plan) == before


def test_move_rock_to_nobody_and_default_time(plan):
    command = C.MoveRocks(["r1"], None)
    command.apply(Document(plan))
    assert command.label == "Move 'Pricing' to nobody (unowned)"
    assert plan.rocks["r1"].owner is None
    move = plan.moves[-1]
    assert (move.from_, move.to) == ("p3", None) and move.when.startswith("20")


def test_move_to_same_owner_logs_nothing(plan):
    C.MoveRocks(["r1"], "p3").apply(Document(plan))
    assert len(plan.moves) == 1


def test_moving_a_dropped_rock_to_a_person_restores_it(plan):
    assert plan.rocks["r6"].state == "dropped"
    command = C.MoveRocks(["r6"], "p3", when=WHEN)
    roundtrip(plan, command)
    assert plan.rocks["r6"].state == "active" and plan.rocks["r6"].owner == "p3"


def test_moving_a_dropped_rock_to_nobody_keeps_it_dropped(plan):
    C.MoveRocks(["r6"], None, when=WHEN).apply(Document(plan))
    assert plan.rocks["r6"].state == "dropped"


def test_move_refusals(plan):
    refused(plan, lambda: C.MoveRocks(["r1", "ghost"], "p4"), CommandError, "ghost")
    refused(plan, lambda: C.MoveRocks(["r1"], "ghost"), CommandError, "ghost")
    refused(plan, lambda: C.MoveRocks(["r1"], "p4", note="x" * 10_001), FieldError, "note")


def test_drop_and_restore(plan):
    command = C.drop_rocks(["r1", "r2"])
    changes, _ = roundtrip(plan, command)
    assert command.label == "Drop 2 rocks"
    assert plan.rocks["r1"].state == "dropped" and plan.rocks["r1"].owner == "p3"
    assert changes.people == {"p3"}
    restore = C.restore_rocks(["r1"])
    restore.apply(Document(plan))
    assert restore.label == "Restore 'Pricing'" and plan.rocks["r1"].state == "active"
    with pytest.raises(FieldError):
        C.SetRockState(["r1"], "melted")
    refused(plan, lambda: C.drop_rocks(["ghost"]), CommandError)


def test_split_rock(plan):
    command = C.SplitRock("r2", "Roadmap reviews", "M", owner="p4")
    changes, _ = roundtrip(plan, command)
    part_id = command.new_id
    assert list(plan.rocks).index(part_id) == list(plan.rocks).index("r2") + 1
    original, part = plan.rocks["r2"], plan.rocks[part_id]
    assert original.effort == 15 and part.effort == 20
    assert part.owner == "p4" and part.title == "Roadmap reviews"
    assert (part.discipline, part.area, part.kind) == (original.discipline, original.area, original.kind)
    assert part.contributors == original.contributors and part.contributors is not original.contributors
    assert changes.people == {"p3", "p4"} and changes.rocks == {"r2", part_id}
    assert "Roadmap reviews" in command.label


def test_split_keeps_owner_and_context_by_default(plan):
    command = C.SplitRock("r1", "Pricing experiments", 5, new_id="r1b")
    command.apply(Document(plan))
    assert plan.rocks["r1b"].owner == "p3"
    assert plan.rocks["r1b"].context == plan.rocks["r1"].context


def test_split_refusals(plan):
    refused(plan, lambda: C.SplitRock("r1", "Too big", 30), CommandError, "more than")
    refused(plan, lambda: C.SplitRock("r1", "", 5), FieldError, "title")
    refused(plan, lambda: C.SplitRock("r1", "X", 5, new_id="r2"), CommandError, "already exists")
    refused(plan, lambda: C.SplitRock("r1", "X", 5, owner="ghost"), CommandError, "ghost")
    refused(plan, lambda: C.SplitRock("ghost", "X", 5), CommandError, "ghost")


# ------------------------------------------------------------------- teams


def test_edit_team(plan):
    command = C.EditTeam("t1", headcount="20", lead="p4", name="Payments core")
    changes, _ = roundtrip(plan, command)
    team = plan.teams["t1"]
    assert (team.headcount, team.lead, team.name) == (20, "p4", "Payments core")
    assert changes.teams == {"t1"}


def test_edit_team_refusals(plan):
    refused(plan, lambda: C.EditTeam("ghost", name="X"), CommandError)
    refused(plan, lambda: C.EditTeam("t1", headcount=-1), FieldError)
    refused(plan, lambda: C.EditTeam("t1", headcount=2.5), FieldError)
    refused(plan, lambda: C.EditTeam("t1", lead="ghost"), CommandError)
    refused(plan, lambda: C.EditTeam("t1", budget=5), CommandError)


# ---------------------------------------------------------------- compound


def test_compound_is_one_step(plan):
    hire = C.Compound(
        "Hire Ida",
        [
            C.AddPerson(Person("p9", "Ida", "Product Manager", manager="p2")),
            C.MoveRocks(["r1", "r5"], "p9", note="new hire", when=WHEN),
        ],
    )
    changes, _ = roundtrip(plan, hire)
    assert plan.rocks["r1"].owner == "p9"
    assert changes.people == {"p9", "p2", "p3"} and changes.rocks == {"r1", "r5"}


def test_compound_is_all_or_nothing_when_a_child_fails(plan):
    children = [
        C.AddPerson(Person("p9", "Ida", "Product Manager")),
        C.MoveRocks(["r1"], "p9", when=WHEN),
        C.RemovePerson("p3"),
        C.set_manager(plan, "p2", "p4"),  # a cycle: Ben -> Dee -> Ben
    ]
    refused(plan, lambda: C.Compound("Re-org", children), CommandError, "cycle")
    assert "p9" not in plan.people


def test_document_refusal_leaves_analysis_and_listeners_alone(plan):
    doc = Document(plan)
    seen = []
    doc.listeners.append(lambda changes, keys: seen.append(changes))
    findings = dict(doc.analysis.findings)
    with pytest.raises(CommandError):
        doc.run(C.RemovePerson("ghost"))
    assert seen == [] and doc.analysis.findings == findings
    doc.run(C.MoveRocks(["r5"], "p3", when=WHEN), initiator="board")
    assert len(seen) == 1 and seen[0].initiator == "board"


def test_new_id_skips_taken_ids(plan):
    first = plan.new_id("p")
    assert first not in plan.people and first not in plan.rocks and first not in plan.teams
    # The next candidate after adding one record is taken by a rock: skipped, whatever its kind.
    n = int(first[1:])
    plan.rocks[f"p{n + 1}"] = plan.rocks["r1"]
    assert plan.new_id("p") == f"p{n + 2}"
    assert plan.new_id("t", plan.teams) == "t3"


def test_every_command_takes_the_document_through_one_protocol():
    """No command raises NotImplementedError on apply or undo: the base is abstract, every subclass
    (plan edits, settings, scenarios) implements both, and Document.run dispatches on nothing."""
    import inspect

    from planner.editing import settings_ops
    from planner.whatif import scenarios

    with pytest.raises(TypeError):
        C.Command()  # type: ignore[abstract]
    found = set()
    for module in (C, settings_ops, scenarios):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, C.Command) and cls is not C.Command:
                assert not inspect.isabstract(cls), cls
                assert list(inspect.signature(cls.apply).parameters) == ["self", "document"], cls
                found.add(cls.__name__)
    assert {"MoveRocks", "Compound", "SetRuleSettings", "SwitchScenario", "PromoteScenario"} <= found
