"""A big plan's objects are frozen out of the cyclic GC once built (planner.core.bulk): the
window must still let go of a plan it stops showing, so nothing it drops may hang in a cycle."""

from __future__ import annotations

import gc
import weakref

from planner.planfile import fileio
from tests.ui.helpers import make_plan, open_window


def test_opening_another_plan_frees_the_frozen_one(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(fileio, "FREEZE_BYTES", 0)  # every plan counts as big here
    monkeypatch.setattr("planner.checks.analysis.FREEZE_AT", 0)
    first, second = tmp_path / "first.rocks.json", tmp_path / "second.rocks.json"
    fileio.save(make_plan(), first)
    fileio.save(make_plan(), second)
    try:
        window = open_window(qtbot, tmp_path)
        assert window.docs.open_path(first, ask=False)
        qtbot.waitUntil(lambda: window.checks is not None)  # every panel has read the plan
        assert gc.get_freeze_count() > 0
        shown = weakref.ref(window.controller.analysis)
        assert window.docs.open_path(second, ask=False)
        qtbot.wait(50)
        gc.collect()  # frozen objects are never collected: only their reference counts free them
        assert shown() is None, "the first plan's analysis is still held"
    finally:
        gc.unfreeze()
