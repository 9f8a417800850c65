"""Opening a plan that is a named pipe or a device: refused at once, the open plan kept.
Driven as a user does it: File > Open... (Ctrl+O), the file dialog answering with the path."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.helpers import message_boxes, pick_files


class Blocked(Exception):
    pass


def open_within(window, qtbot, monkeypatch, path: Path, seconds: int = 20) -> str:
    """Ctrl+O answered with ``path``, under an alarm (a read that blocks fails the test instead of
    hanging it); returns the whole text of the error box shown, and closes it."""

    def alarm(*_):
        raise Blocked(f"opening {path} blocked")

    pick_files(monkeypatch, path)
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        QTest.keyClick(window.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    qtbot.waitUntil(lambda: bool(message_boxes()))
    box = message_boxes()[-1]
    text = "\n".join((box.text(), box.informativeText(), box.detailedText() or ""))
    QTest.keyClick(box, Qt.Key.Key_Escape)
    return text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_opening_a_named_pipe_is_refused_without_waiting(window, qtbot, monkeypatch, tmp_path):
    fifo = tmp_path / "pipe.rocks.json"
    os.mkfifo(fifo)
    before, title = window.controller.plan, window.windowTitle()
    text = open_within(window, qtbot, monkeypatch, fifo)
    assert f"{fifo}: is a named pipe, expected a .rocks.json file" in text
    assert window.controller.plan is before and window.windowTitle() == title


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_opening_a_device_is_refused_unread(window, qtbot, monkeypatch):
    before = window.controller.plan
    text = open_within(window, qtbot, monkeypatch, Path("/dev/zero"))
    assert "/dev/zero: is a device, expected a .rocks.json file" in text
    assert window.controller.plan is before
