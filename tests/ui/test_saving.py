"""Saving without losing anything: files changed on disk, Save As names, read-only plans."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from models import Plan
from planner.planfile import fileio
from tests.ui.helpers import click_box_button as click
from tests.ui.helpers import make_plan, move_r1_to_cy, press_save, visible_box, when_modal


def theirs(path: Path, name: str = "Their version") -> None:
    """Another program saves the file (atomically, as Rocks does)."""
    plan = make_plan()
    plan.name = name
    fileio.save(plan, path)


# ------------------------------------------------------------ conflicts


def test_save_over_a_changed_file_asks_cancel_then_overwrite(opened, qtbot):
    window, path = opened
    window.docs.watcher.blockSignals(True)  # only the save-time check here
    move_r1_to_cy(window)
    theirs(path)
    seen = []
    when_modal(lambda box: (seen.append(box.text()), click(box, "Cancel")), QMessageBox)
    press_save(window)
    assert seen and str(path) in seen[0] and "changed on disk" in seen[0]
    assert fileio.load(path).name == "Their version"  # cancelled: their file stays
    assert window.isWindowModified()
    when_modal(lambda box: click(box, "Overwrite"), QMessageBox)
    press_save(window)
    assert fileio.load(path).rocks["r1"].owner == "cy"
    assert not window.isWindowModified()


def test_save_over_a_changed_file_reload_takes_theirs(opened, qtbot):
    window, path = opened
    window.docs.watcher.blockSignals(True)  # only the save-time check here
    move_r1_to_cy(window)
    theirs(path)
    when_modal(lambda box: click(box, "Reload"), QMessageBox)
    press_save(window)
    assert window.controller.plan.name == "Their version"
    assert not window.isWindowModified()
    assert fileio.load(path).name == "Their version"


def test_touched_but_identical_file_saves_without_asking(opened, qtbot):
    window, path = opened
    move_r1_to_cy(window)
    os.utime(path, (1, 1))  # mtime changes, bytes do not
    press_save(window)  # no dialog: a modal one would block here
    assert fileio.load(path).rocks["r1"].owner == "cy"


def test_changed_on_disk_reloads_quietly_when_nothing_is_unsaved(opened, qtbot):
    window, path = opened
    theirs(path, "Theirs 1")
    qtbot.waitUntil(lambda: window.controller.plan.name == "Theirs 1", timeout=5000)
    assert "Reloaded team.rocks.json" in window.statusBar().currentMessage()
    theirs(path, "Theirs 2")  # the watch survived the atomic rename
    qtbot.waitUntil(lambda: window.controller.plan.name == "Theirs 2", timeout=5000)


def test_changed_on_disk_with_unsaved_work_offers_reload(opened, qtbot):
    window, path = opened
    move_r1_to_cy(window)
    theirs(path)
    qtbot.waitUntil(lambda: visible_box("changed_on_disk") is not None, timeout=5000)
    box = visible_box("changed_on_disk")
    assert str(path) in box.text()
    assert window.controller.plan.rocks["r1"].owner == "cy"  # nothing dropped behind the user's back
    click(box, "Reload")
    assert window.controller.plan.name == "Their version"
    assert not window.isWindowModified()


def test_our_own_save_is_not_reported_as_a_change(opened, qtbot):
    window, path = opened
    move_r1_to_cy(window)
    press_save(window)
    # Some platforms report our own atomic save as a change of the watched file: touch it as they
    # do and wait for the check that follows, which must find the content is what we saved.
    with qtbot.waitSignal(window.docs._disk_check_timer.timeout, timeout=5000):
        os.utime(path)
    assert visible_box("changed_on_disk") is None
    assert "Reloaded" not in window.statusBar().currentMessage()
    assert window.controller.plan.rocks["r1"].owner == "cy"


# -------------------------------------------------------------- Save As


def test_save_as_asks_before_replacing_the_extended_name(window, tmp_path, monkeypatch, qtbot):
    existing = tmp_path / "budget.rocks.json"
    existing.write_text("precious")
    answers = [str(tmp_path / "budget"), ""]  # typed without the extension; then Cancel
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (answers.pop(0), ""))
    seen = []
    when_modal(lambda box: (seen.append(box.text()), click(box, "No")), QMessageBox)
    press_save(window, shift=True)
    assert seen and "budget.rocks.json already exists" in seen[0]
    assert existing.read_text() == "precious"
    assert answers == []  # asked for another name after "No"

    answers[:] = [str(tmp_path / "budget")]
    when_modal(lambda box: click(box, "Yes"), QMessageBox)
    press_save(window, shift=True)
    assert fileio.load(existing).name == window.controller.plan.name
    assert window.controller.path == existing


def test_save_as_default_name_is_a_legal_file_name(window, tmp_path, monkeypatch):
    window.controller.replace(Plan(name='Acme: 2027 <Q1>/"draft"'), None)
    starts = []

    def dialog(_parent, _title, start, _filter):
        starts.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    press_save(window, shift=True)
    name = Path(starts[0]).name
    assert name == "Acme- 2027 -Q1---draft-.rocks.json"


# ----------------------------------------------------------- read-only


def test_read_only_plan_is_refused_and_save_as_offered(opened, tmp_path, monkeypatch, qtbot):
    window, path = opened
    move_r1_to_cy(window)
    path.chmod(0o444)
    before = path.read_bytes()
    seen = []
    when_modal(lambda box: (seen.append(box.text()), click(box, "Cancel")), QMessageBox)
    press_save(window)
    assert seen and str(path) in seen[0] and "read-only" in seen[0] and "Save a copy" in seen[0]
    assert path.read_bytes() == before
    assert window.isWindowModified()

    copy = tmp_path / "copy.rocks.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    when_modal(lambda box: click(box, "Save As..."), QMessageBox)
    press_save(window)
    assert fileio.load(copy).rocks["r1"].owner == "cy"
    assert path.read_bytes() == before
    assert window.controller.path == copy
