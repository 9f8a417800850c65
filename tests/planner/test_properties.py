"""Invariants of the plan file over random plans and random command sequences.

(d) save/load round-trips exactly, after any sequence of commands;
generated plans are valid files. Invalid commands are mixed in: each is refused
with a PlanError and leaves the plan byte-identical.

The invariants of undo (N commands then N undos give back the identical plan, no
rock lost, incremental analysis equals a fresh one) run on the app's own
QUndoStack: tests/ui/test_undo_properties.py.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.checks.analysis import Analysis
from planner.core.errors import PlanError
from planner.editing.document import Document
from planner.planfile import fileio
from tests.planner.helpers import EXAMPLES
from tests.planner.strategies import commands, plans

SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run_drawn(doc: Document, data: st.DataObject) -> None:
    """Draw a command against the plan and run it; a refused one must leave the plan byte-identical."""
    make = data.draw(commands(doc.plan))
    before = fileio.dumps(doc.plan)
    try:
        doc.run(make())
    except PlanError:
        assert fileio.dumps(doc.plan) == before, "a refused command changed the plan"


@SETTINGS
@given(plan=plans(), steps=st.integers(0, 8), data=st.data())
def test_save_load_round_trip_exact(plan, steps, data):
    doc = Document(plan)
    for _ in range(steps):
        run_drawn(doc, data)
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
