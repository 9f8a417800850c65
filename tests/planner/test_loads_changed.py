"""The analysis says whose load the last command changed (``loads_changed``), so the
panels read it instead of working it out again."""

from __future__ import annotations

from models import Person, Plan, Rock
from planner.editing import commands as C
from planner.editing.document import Document
from tests.planner.strategies import WHEN


def _doc() -> Document:
    plan = Plan()
    for pid, name in (("p1", "Ana"), ("p2", "Ben"), ("p3", "Cy")):
        plan.people[pid] = Person(pid, name, "Product Manager", manager=None if pid == "p1" else "p1")
    plan.rocks["r1"] = Rock("r1", "Roadmap", "product", 10, "p1")
    plan.rocks["r2"] = Rock("r2", "Pricing", "operations", 5, "p2")
    doc = Document(plan)
    assert doc.analysis.loads_changed == {"p1", "p2", "p3"}  # a full pass: everyone
    return doc


def test_a_move_changes_the_loads_of_the_two_owners_only():
    doc = _doc()
    command = C.MoveRocks(["r1"], "p2", when=WHEN)
    doc.run(command)
    assert doc.analysis.loads_changed == {"p1", "p2"}
    assert doc.analysis.loads["p2"].by_discipline == {"operations": 5, "product": 10}
    doc.revert(command)
    assert doc.analysis.loads_changed == {"p1", "p2"}


def test_a_rename_changes_no_load():
    doc = _doc()
    doc.run(C.EditPerson("p3", name="Cyrus"))
    assert doc.analysis.loads_changed == set()


def test_a_capacity_change_changes_that_persons_load():
    doc = _doc()
    doc.run(C.EditPerson("p2", capacity=50.0))
    assert doc.analysis.loads_changed == {"p2"}
    assert doc.analysis.loads["p2"].percent == 10.0


def test_an_effort_edit_changes_its_owners_load():
    doc = _doc()
    doc.run(C.EditRock("r2", effort=15))
    assert doc.analysis.loads_changed == {"p2"}
