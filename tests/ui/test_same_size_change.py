"""A plan changed on disk with the same size and its mtime set back (``cp -p``, ``rsync -t``)
is still seen as changed: saving asks before overwriting it."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from planner.planfile import fileio
from tests.ui.helpers import click_box_button, move_r1_to_cy, press_save, visible_box, when_modal


def same_size_change_with_old_mtime(path: Path) -> bytes:
    """Another program rewrites the plan: same length, other bytes, the old mtime put back."""
    before = os.stat(path)
    data = path.read_bytes()
    theirs = data.replace(b'"name": "', b'"name": "X', 1)
    theirs = theirs.replace(b"\n}\n", b"}\n", 1) if theirs.endswith(b"\n}\n") else theirs[:-1]
    assert len(theirs) == len(data) and theirs != data
    fileio.loads(theirs)  # still a valid plan
    path.write_bytes(theirs)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    return theirs


def test_save_asks_before_overwriting_a_same_size_change_with_the_old_mtime(opened, qtbot):
    win, path = opened
    win.docs.watcher.blockSignals(True)  # only the save-time check here
    move_r1_to_cy(win)
    theirs = same_size_change_with_old_mtime(path)
    seen = []
    when_modal(lambda box: (seen.append(box.text()), click_box_button(box, "Cancel")), QMessageBox)
    press_save(win)
    assert seen and "changed on disk" in seen[0]
    assert path.read_bytes() == theirs  # their version kept
    assert win.isWindowModified()


def test_watcher_reports_a_same_size_change_with_the_old_mtime(opened, qtbot):
    win, path = opened
    move_r1_to_cy(win)
    same_size_change_with_old_mtime(path)
    qtbot.waitUntil(lambda: visible_box("changed_on_disk") is not None, timeout=5000)
    box = visible_box("changed_on_disk")
    click_box_button(box, "Keep mine")
    assert win.controller.plan.rocks["r1"].owner == "cy"
