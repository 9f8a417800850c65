"""Invariants over random plans and random command sequences (STYLE.md, Tests).

(a) N commands then N undos give back the identical plan (byte for byte);
(b) no rock ever disappears except through RemoveRock of that rock;
(c) after every command and every undo the incremental analysis equals a fresh one;
(d) save/load round-trips exactly.
Invalid commands are mixed in: each must be refused with a PlanError and leave
the plan byte-identical.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.checks.analysis import Analysis
from planner.core.errors import PlanError
from planner.editing import commands as C
from planner.editing.document import Document
from planner.planfile import fileio
from tests.planner.stack import CommandStack
from tests.planner.strategies import commands, plans

# ROCKS_PROPERTY_EXAMPLES=2000 for a longer soak; 60 keeps the everyday suite fast.
EXAMPLES = int(os.environ.get("ROCKS_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STEPS = st.integers(1, 12)


def assert_analysis_fresh(doc: Document) -> None:
    fresh = Analysis(doc.plan)
    got = doc.analysis
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


def try_push(stack: CommandStack, data: st.DataObject) -> C.Command | None:
    """Draw a command against the current plan and push it; None if refused (plan unchanged)."""
    doc = stack.document
    make = data.draw(commands(doc.plan))
    before = fileio.dumps(doc.plan)
    findings = dict(doc.analysis.findings)
    try:
        command = make()
        stack.push(command)
    except PlanError:
        assert fileio.dumps(doc.plan) == before, "a refused command changed the plan"
        assert doc.analysis.findings == findings
        return None
    return command


@SETTINGS
@given(plan=plans(), steps=STEPS, data=st.data())
def test_commands_then_undos_give_back_identical_plan(plan, steps, data):
    original = fileio.dumps(plan)
    doc = Document(plan)
    stack = CommandStack(doc)
    states = [original]
    for _ in range(steps):
        if try_push(stack, data) is not None:
            states.append(fileio.dumps(doc.plan))
    # Undo walks back through every intermediate state, then redo forward again.
    for expected in reversed(states[:-1]):
        stack.undo()
        assert fileio.dumps(doc.plan) == expected
    assert stack.undo() is None
    assert fileio.dumps(doc.plan) == original
    for expected in states[1:]:
        stack.redo()
        assert fileio.dumps(doc.plan) == expected


@SETTINGS
@given(plan=plans(), steps=STEPS, data=st.data())
def test_no_rock_disappears_except_by_remove_rock(plan, steps, data):
    doc = Document(plan)
    stack = CommandStack(doc)
    for _ in range(steps):
        before = set(doc.plan.rocks)
        command = try_push(stack, data)
        gone = before - set(doc.plan.rocks)
        if command is None:
            assert not gone
        else:
            assert gone <= removed_by(command)
    while stack.done:
        command = stack.done[-1]
        before = set(doc.plan.rocks)
        stack.undo()
        assert before - set(doc.plan.rocks) <= added_by(command)


@SETTINGS
@given(plan=plans(), steps=STEPS, data=st.data())
def test_incremental_analysis_equals_fresh(plan, steps, data):
    doc = Document(plan)
    stack = CommandStack(doc)
    assert_analysis_fresh(doc)
    for _ in range(steps):
        try_push(stack, data)
        assert_analysis_fresh(doc)
    while stack.done:
        stack.undo()
        assert_analysis_fresh(doc)
    while stack.undone:
        stack.redo()
        assert_analysis_fresh(doc)


@SETTINGS
@given(plan=plans(), steps=st.integers(0, 8), data=st.data())
def test_save_load_round_trip_exact(plan, steps, data):
    doc = Document(plan)
    stack = CommandStack(doc)
    for _ in range(steps):
        try_push(stack, data)
    text = fileio.dumps(doc.plan)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.rocks.json"
        fileio.save(doc.plan, path)
        assert path.read_bytes() == text
        loaded = fileio.load(path)
        assert fileio.dumps(loaded) == text
        fileio.save(loaded, path)
        assert path.read_bytes() == text
    assert fileio.plan_to_dict(loaded) == fileio.plan_to_dict(doc.plan)
    # The loaded plan thinks the same thoughts as the edited one.
    assert Analysis(loaded).findings == doc.analysis.findings


@settings(max_examples=40, deadline=None)
@given(plan=plans())
def test_generated_plans_are_valid_files(plan):
    again = fileio.loads(fileio.dumps(plan))
    assert fileio.dumps(again) == fileio.dumps(plan)
