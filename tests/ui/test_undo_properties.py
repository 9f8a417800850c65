"""Invariants of undo over random plans and random command sequences, on the app's own QUndoStack.

Commands are pushed through ui/core/controller.py (``DocController.execute``) and taken back
with the QUndoStack's own undo/redo, exactly as Ctrl+Z and Ctrl+Shift+Z do (offscreen):

(a) N commands then N undos give back the identical plan (byte for byte), and redo replays them;
(b) no rock ever disappears except through RemoveRock of that rock;
(c) after every command, undo and redo the incremental analysis equals a fresh one;
(d) the stack's clean state is the saved state (Qt's semantics, as the window's title shows it).
Invalid commands are mixed in: each must be refused with a PlanError and leave the plan
byte-identical, with nothing pushed.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Plan
from planner.checks.analysis import Analysis
from planner.core.changes import REDO, UNDO
from planner.core.errors import PlanError
from planner.editing import commands as C
from planner.planfile import fileio
from tests.planner.helpers import EXAMPLES
from tests.planner.strategies import WHEN, commands, plans, sample_plan
from ui.core.controller import DocController

SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
STEPS = st.integers(1, 12)


def assert_analysis_fresh(c: DocController) -> None:
    fresh = Analysis(c.plan)
    got = c.analysis
    assert got.findings == fresh.findings
    assert got.loads == fresh.loads
    assert got.counts == fresh.counts and got.headcount == fresh.headcount
    assert got.summary() == fresh.summary()


def flatten(command: C.Command) -> list[C.Command]:
    if isinstance(command, C.Compound):
        return [c for child in command.children for c in flatten(child)]
    return [command]


def removed_by(command: C.Command) -> set[str]:
    return {c.rid for c in flatten(command) if isinstance(c, C.RemoveRock)}


def added_by(command: C.Command) -> set[str]:
    out: set[str] = set()
    for c in flatten(command):
        if isinstance(c, C.AddRock):
            out.add(c.rock.id)
        elif isinstance(c, C.SplitRock) and c.new_id:
            out.add(c.new_id)
    return out


def controller_for(plan: Plan) -> DocController:
    c = DocController(plan)
    c.analysis  # noqa: B018 - made now, as the window makes it, so every change updates it
    return c


def try_push(c: DocController, data: st.DataObject) -> C.Command | None:
    """Draw a command against the plan shown and push it; None if refused (plan and stack unchanged)."""
    make = data.draw(commands(c.plan))
    before, count = fileio.dumps(c.plan), c.undo_stack.count()
    findings = dict(c.analysis.findings)
    try:
        command = make()
        c.execute(command, "test")
    except PlanError:
        assert fileio.dumps(c.plan) == before, "a refused command changed the plan"
        assert c.analysis.findings == findings
        assert c.undo_stack.count() == count, "a refused command was pushed"
        return None
    return command


def pushed(c: DocController, index: int) -> C.Command:
    """The planner command behind the stack's ``index``-th step."""
    return c.undo_stack.command(index).command  # type: ignore[attr-defined] - ui.core.controller's adapter


@SETTINGS
@given(plan=plans(), steps=STEPS, data=st.data())
def test_commands_then_undos_give_back_identical_plan(qapp, plan, steps, data):
    original = fileio.dumps(plan)
    c = controller_for(plan)
    states = [original]
    for _ in range(steps):
        if try_push(c, data) is not None:
            states.append(fileio.dumps(c.plan))
    assert c.undo_stack.count() == len(states) - 1
    # Undo walks back through every intermediate state, then redo forward again.
    for expected in reversed(states[:-1]):
        c.undo_stack.undo()
        assert fileio.dumps(c.plan) == expected
    assert not c.undo_stack.canUndo()
    c.undo_stack.undo()  # nothing left: changes nothing
    assert fileio.dumps(c.plan) == original
    for expected in states[1:]:
        c.undo_stack.redo()
        assert fileio.dumps(c.plan) == expected
    assert not c.undo_stack.canRedo()


@SETTINGS
@given(plan=plans(), steps=STEPS, data=st.data())
def test_no_rock_disappears_except_by_remove_rock(qapp, plan, steps, data):
    c = controller_for(plan)
    for _ in range(steps):
        before = set(c.plan.rocks)
        command = try_push(c, data)
        gone = before - set(c.plan.rocks)
        if command is None:
            assert not gone
        else:
            assert gone <= removed_by(command)
    while c.undo_stack.canUndo():
        command = pushed(c, c.undo_stack.index() - 1)
        before = set(c.plan.rocks)
        c.undo_stack.undo()
        assert before - set(c.plan.rocks) <= added_by(command)


@SETTINGS
@given(plan=plans(), steps=STEPS, data=st.data())
def test_incremental_analysis_equals_fresh(qapp, plan, steps, data):
    c = controller_for(plan)
    assert_analysis_fresh(c)
    for _ in range(steps):
        try_push(c, data)
        assert_analysis_fresh(c)
    while c.undo_stack.canUndo():
        c.undo_stack.undo()
        assert_analysis_fresh(c)
    while c.undo_stack.canRedo():
        c.undo_stack.redo()
        assert_analysis_fresh(c)


def test_undo_and_redo_name_themselves_as_the_initiator(qapp):
    c = controller_for(sample_plan())
    seen: list[str] = []
    c.changed.connect(lambda changes, _keys: seen.append(changes.initiator))
    c.execute(C.MoveRocks(["r5"], "p3", when=WHEN), "board")
    c.undo_stack.undo()
    c.undo_stack.redo()
    assert seen == ["board", UNDO, REDO]


def test_a_refused_command_leaves_the_analysis_the_listeners_and_the_stack_alone(qapp):
    c = controller_for(sample_plan())
    seen = []
    c.changed.connect(lambda changes, _keys: seen.append(changes))
    findings = dict(c.analysis.findings)
    with pytest.raises(PlanError):
        c.execute(C.RemovePerson("ghost"))
    assert c.undo_stack.count() == 0 and seen == [] and c.analysis.findings == findings
    c.execute(C.MoveRocks(["r5"], "p3", when=WHEN))
    assert len(seen) == 1 and c.undo_stack.count() == 1


def test_clean_state_is_the_saved_state(qapp):
    c = controller_for(sample_plan())
    stack = c.undo_stack
    assert stack.isClean() and not c.is_modified()
    c.execute(C.EditPerson("p3", name="Cy P."))
    assert c.is_modified()
    stack.setClean()  # saved
    stack.undo()
    assert c.is_modified()
    stack.redo()
    assert not c.is_modified()
    stack.undo()
    c.execute(C.EditPerson("p3", name="Cy Q."))  # the saved state is unreachable now
    assert c.is_modified() and not stack.canRedo()
