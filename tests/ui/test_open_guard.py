"""Opening a plan that is a named pipe or a device: refused at once, the open plan kept."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tests.ui.test_board import make_plan
from ui.core.controller import DocController
from ui.window.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("board/skip_handoff_note", True)
    win = MainWindow(DocController(make_plan()), settings, recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(win, before_close_func=lambda w: w.controller.undo_stack.setClean())
    errors: list[str] = []
    win.docs.error = lambda title, error, note="": errors.append(str(error))  # no modal box in the test
    win.errors = errors
    return win


class Blocked(Exception):
    pass


def open_within(window, path: Path, seconds: int = 20) -> bool:
    """``open_path`` with an alarm: a read that blocks fails the test instead of hanging it."""

    def alarm(*_):
        raise Blocked(f"opening {path} blocked")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        return window.docs.open_path(path, ask=False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_opening_a_named_pipe_is_refused_without_waiting(window, tmp_path):
    fifo = tmp_path / "pipe.rocks.json"
    os.mkfifo(fifo)
    before = window.controller.plan
    assert open_within(window, fifo) is False
    assert window.errors == [f"{fifo}: is a named pipe, expected a .rocks.json file"]
    assert window.controller.plan is before


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_opening_a_device_is_refused_unread(window):
    assert open_within(window, Path("/dev/zero")) is False
    assert window.errors == ["/dev/zero: is a device, expected a .rocks.json file"]
