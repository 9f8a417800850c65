"""A restored plan keeps its recovery copy until it is saved or a newer copy exists: a second
crash right after restoring (a plan that crashes the app on open) loses nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

import planner.planfile.recovery
from planner.editing.commands import EditPerson
from planner.planfile import fileio
from planner.planfile.recovery import RecoveryStore
from tests.ui.helpers import (
    click_box_button,
    crashed_sessions,
    press_button,
    press_key,
    press_save,
    run_recovery_dialog,
    when_modal,
)


def restore_crashed(window, tmp_path: Path) -> Path:
    """A crashed session's copy of q1.rocks.json, restored through the dialog's Restore button."""
    original = tmp_path / "q1.rocks.json"
    crashed_sessions(tmp_path / "recovery", [("crashed", str(original), "Recovered plan")])
    assert run_recovery_dialog(window, lambda dialog: press_button(dialog.restore_button))
    assert window.controller.plan.name == "Recovered plan" and window.isWindowModified()
    window.docs.autosaver.timer.stop()  # the app dies before its own first autosave
    return original


def offered_after_a_crash(tmp_path: Path, monkeypatch) -> list:
    """What the next start would offer if this process died now."""
    monkeypatch.setattr(planner.planfile.recovery, "_session_alive", lambda *_args: False)
    monkeypatch.setattr(planner.planfile.recovery, "_orphan_alive", lambda *_args: False)
    entries = RecoveryStore(tmp_path / "recovery").pending_scan("the-next-start").entries
    monkeypatch.undo()
    return entries


def test_a_crash_right_after_restoring_still_offers_the_work(window, tmp_path, monkeypatch):
    original = restore_crashed(window, tmp_path)
    [entry] = offered_after_a_crash(tmp_path, monkeypatch)
    assert entry.name == "Recovered plan" and entry.original == original
    assert entry.saved_at.startswith("2024-05-01")  # still the time the work was autosaved
    assert RecoveryStore(tmp_path / "recovery").load(entry).name == "Recovered plan"


def test_while_running_the_restored_copy_is_not_offered_to_another_window(window, tmp_path):
    restore_crashed(window, tmp_path)
    assert RecoveryStore(tmp_path / "recovery").pending_scan("another-window").entries == []


def test_a_newer_autosave_takes_the_place_of_the_restored_copy(window, tmp_path, monkeypatch, qtbot):
    restore_crashed(window, tmp_path)
    person = next(iter(window.controller.plan.people))
    window.controller.push(EditPerson(person, name="Changed after restore"))
    window.docs.autosaver.flush()
    [entry] = offered_after_a_crash(tmp_path, monkeypatch)  # one copy, not the old one beside it
    assert entry.session_id == window.docs.session_id
    assert RecoveryStore(tmp_path / "recovery").load(entry).people[person].name == "Changed after restore"


def test_saving_the_restored_plan_removes_the_copy(window, tmp_path, monkeypatch, qtbot):
    original = restore_crashed(window, tmp_path)
    press_save(window)
    assert not window.isWindowModified()
    assert fileio.load(original).name == "Recovered plan"
    qtbot.waitUntil(lambda: not window.docs.autosaver.pending, timeout=5000)
    assert offered_after_a_crash(tmp_path, monkeypatch) == []
    assert [p.name for p in (tmp_path / "recovery").iterdir()] == []


def test_quitting_normally_after_restoring_removes_the_copy(window, tmp_path, monkeypatch, qtbot):
    restore_crashed(window, tmp_path)
    # Quit (Ctrl+Q) and Discard the restored, unsaved plan when asked.
    when_modal(lambda box: click_box_button(box, "Discard"), QMessageBox)
    press_key(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert offered_after_a_crash(tmp_path, monkeypatch) == []
