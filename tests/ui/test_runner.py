"""The one runner for intents (ui/core/runner.py), driven with real mouse and keyboard events.

A refusal goes back to whoever asked (the Inspector's field, the caller's failure callback),
not out to the window; every change names its initiator; the window hands the one runner
to the board, the Inspector, the scenario and hire actions instead of patching a commit onto
them; the add dialogs check every field in one call; a scenario switch is announced once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.editing import operations as ops
from planner.editing.operations import Refusal
from tests.ui.helpers import card_pos, chip_pos, drag, new_scenario, open_dialog, press_key
from tests.ui.helpers import click_board as click
from ui.dialogs.add import AddPersonDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def initiators(window) -> list[str]:
    seen: list[str] = []
    window.controller.changed.connect(lambda changes, _keys: seen.append(changes.initiator))
    return seen


def test_the_window_hands_one_runner_to_everything_that_changes_the_plan(window):
    runner = window.runner
    assert window.view.runner is runner and window.inspector.runner is runner
    assert window.actions_.runner is runner and window.scenarios.runner is runner and window.hires.runner is runner
    # Nothing is patched onto the view or the Inspector at run time any more.
    assert "commit" not in vars(window.view) and not hasattr(window.inspector, "commit")
    assert window.actions_.ask_note is runner.ask_note


def test_each_change_names_who_asked_and_undo_names_itself(window, qtbot):
    seen = initiators(window)
    drag(window.view, chip_pos(window.view, window.board, "r1"), card_pos(window.view, window.board, "cy"))
    assert window.controller.plan.rocks["r1"].owner == "cy"
    click(window, chip_pos(window.view, window.board, "r3"))
    effort = window.inspector.fields["rock"]["effort"].editor
    effort.setFocus()
    effort.selectAll()
    QTest.keyClicks(effort, "30")
    QTest.keyClick(effort, Qt.Key.Key_Return)
    assert window.controller.plan.rocks["r3"].effort == 30
    press_key(window, Qt.Key.Key_Z, CTRL)
    assert seen == ["board", "inspector", "undo"]


def test_an_inspector_refusal_goes_to_its_field_not_to_the_window(window, qtbot):
    said: list[str] = []
    window.runner.refused.connect(said.append)
    click(window, chip_pos(window.view, window.board, "r3"))
    field = window.inspector.fields["rock"]["effort"]
    field.editor.setFocus()
    field.editor.selectAll()
    QTest.keyClicks(field.editor, "lots")
    QTest.keyClick(field.editor, Qt.Key.Key_Return)
    assert field.error.isVisible() and "effort" in field.error.text()
    assert said == [] and window.statusBar().currentMessage() == ""
    # The same kind of refusal from a key on the board (no field to show it) is the window's to say.
    click(window, card_pos(window.view, window.board, "ana"))
    assert not window.runner.run(ops.reparent(window.controller.plan, "ana", "dee"), "board")
    assert len(said) == 1 and "cycle" in said[0] and "cycle" in window.statusBar().currentMessage()


def test_a_caller_gets_its_refusal_back_and_success_gets_the_changes(window):
    c = window.controller
    refusals: list[Refusal] = []
    done = []
    said: list[str] = []
    window.runner.refused.connect(said.append)
    ok = window.runner.intent(ops.reparent(c.plan, "ana", "dee"), "test").failure(refusals.append).run()
    assert not ok and len(refusals) == 1 and "cycle" in refusals[0].reason and said == []
    ok = window.runner.intent(ops.move_rocks(c.plan, ["r1"], "cy"), "test").success(done.append).run()
    assert ok and done[0].initiator == "test" and done[0].rocks == {"r1"}
    quiet = window.runner.intent(ops.move_rocks(c.plan, ["r1"], "cy"), "test").failure(refusals.append).run()
    assert not quiet and len(refusals) == 1  # nothing to do: not a refusal worth handing back


def test_a_scenario_switch_is_announced_once(window, qtbot):
    new_scenario(window, "What if")
    c = window.controller
    switched, listed = [], []
    c.scenario_switched.connect(lambda: switched.append(1))
    c.scenarios_changed.connect(lambda: listed.append(1))
    seen = initiators(window)
    press_key(window, Qt.Key.Key_PageUp, CTRL)  # the previous scenario: the baseline
    assert c.document.active == "baseline"
    assert switched == [1] and listed == []  # shown once; the list of scenarios did not change
    assert seen == ["scenarios"]
    assert window.scenarios.switcher.combo.currentData() == "baseline"


def test_the_add_person_dialog_checks_every_field_in_one_call(qtbot, window, monkeypatch):
    calls = []
    real = ops.add_person
    monkeypatch.setattr(ops, "add_person", lambda *a, **k: calls.append(1) or real(*a, **k))
    dialog = open_dialog(qtbot, AddPersonDialog(window.controller.plan))
    checks = []
    problems = dialog.problems
    dialog.problems = lambda: checks.append(1) or problems()
    calls.clear()
    dialog.capacity_edit.selectAll()
    QTest.keyClicks(dialog.capacity_edit, "x")  # a bad capacity while the name is still empty
    assert checks and len(calls) == len(checks)  # one call per check: none with a stand-in name
    # That one call found both problems: the capacity typed (shown) and the name not yet typed.
    assert "capacity:" in dialog.errors["capacity"].text() and dialog.errors["capacity"].isVisible()
    assert dialog.errors["name"].text() == "name: must not be empty" and not dialog.ok_button.isEnabled()
