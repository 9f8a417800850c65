"""Crash recovery: the store's files, the autosave timer, and a real crash."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from models import Plan
from planner.editing.commands import EditPerson, MoveRocks
from planner.planfile.recovery import RecoveryStore, new_session_id
from tests.planner.helpers import small_plan as make_plan
from tests.ui.helpers import crashed_sessions, open_window, when_modal
from tests.ui.helpers import press_button as press
from tests.ui.helpers import run_recovery_dialog as run_dialog
from ui.core.controller import DocController
from ui.files.recovery import Autosaver

REPO = Path(__file__).resolve().parents[2]




# -------------------------------------------------------------- autosaver


def settle(qtbot, autosaver: Autosaver) -> None:
    """Wait until no autosave is scheduled or under way, then take what the worker posted last:
    nothing more is written without another change (a wait that ends when it has, not a fixed one)."""
    qtbot.waitUntil(lambda: not autosaver.pending, timeout=5000)
    QApplication.processEvents()  # the worker posts its result before it reports idle


@pytest.fixture
def saver(qtbot, tmp_path):
    controller = DocController(make_plan(), tmp_path / "q3.rocks.json")
    store = RecoveryStore(tmp_path / "recovery")
    autosaver = Autosaver(controller, store, "s1", delay_ms=50)
    return controller, store, autosaver


def test_autosave_writes_after_the_delay(qtbot, saver):
    controller, store, autosaver = saver
    with qtbot.waitSignal(autosaver.written, timeout=2000):
        controller.push(EditPerson("p2", name="Ben O."))
        assert not store.plan_path("s1").exists()  # not at once: after a pause
        assert autosaver.pending
    plan = store.load(store.entries()[0])
    assert plan.people["p2"].name == "Ben O."
    assert store.entries()[0].original == controller.path


def test_autosave_waits_for_a_pause(qtbot, saver):
    controller, store, autosaver = saver
    writes = []
    autosaver.written.connect(lambda: writes.append(1))
    for name in ["B", "Be", "Ben"]:
        controller.push(EditPerson("p2", name=name))
        qtbot.wait(10)
    qtbot.waitUntil(lambda: bool(writes))
    settle(qtbot, autosaver)
    assert writes == [1]
    assert store.load(store.entries()[0]).people["p2"].name == "Ben"


def test_autosave_discards_when_saved(qtbot, saver):
    controller, store, autosaver = saver
    with qtbot.waitSignal(autosaver.written, timeout=5000):
        controller.push(EditPerson("p2", name="Ben O."))
    qtbot.waitUntil(lambda: not autosaver.pending)  # the worker has finished
    controller.undo_stack.setClean()  # what Save does
    assert not store.plan_path("s1").exists()
    assert not store.meta_path("s1").exists()
    assert not autosaver.pending


def test_autosave_discards_when_undone_to_saved_state(qtbot, saver):
    controller, store, autosaver = saver
    with qtbot.waitSignal(autosaver.written, timeout=5000):
        controller.push(MoveRocks(["r1"], "p2"))
    qtbot.waitUntil(lambda: not autosaver.pending)  # the worker has finished
    controller.undo_stack.undo()
    assert not store.plan_path("s1").exists()
    settle(qtbot, autosaver)  # nothing scheduled or under way writes the copy back
    assert not store.plan_path("s1").exists()


def test_autosave_discards_when_document_replaced(qtbot, saver):
    controller, store, autosaver = saver
    with qtbot.waitSignal(autosaver.written, timeout=5000):
        controller.push(EditPerson("p2", name="Ben O."))
    qtbot.waitUntil(lambda: not autosaver.pending)
    controller.replace(Plan(name="Other"), None)
    assert store.entries() == []


def test_restored_plan_marked_unsaved_is_autosaved(qtbot, saver):
    controller, store, autosaver = saver
    controller.replace(make_plan(), None)
    with qtbot.waitSignal(autosaver.written, timeout=2000):
        controller.undo_stack.resetClean()  # what restoring a recovered plan does


def test_flush_and_stop_and_discard(qtbot, tmp_path):
    controller = DocController(make_plan())
    store = RecoveryStore(tmp_path)
    autosaver = Autosaver(controller, store, "s1", delay_ms=60_000)
    controller.push(EditPerson("p2", name="Ben O."))
    assert not store.plan_path("s1").exists()
    autosaver.flush()
    assert store.plan_path("s1").exists() and not autosaver.pending
    controller.push(EditPerson("p2", name="Ben"))
    autosaver.stop_and_discard()  # normal quit
    assert list(tmp_path.iterdir()) == []
    controller.push(EditPerson("p2", name="Benjamin"))
    autosaver.flush()
    assert list(tmp_path.iterdir()) == []


def test_tearing_down_the_controller_keeps_the_copy(qtbot, tmp_path):
    """Deleting a controller clears its undo stack (clean again): that is no save."""
    from shiboken6 import delete

    controller = DocController(make_plan())
    store = RecoveryStore(tmp_path)
    autosaver = Autosaver(controller, store, "s1", delay_ms=60_000)
    controller.push(EditPerson("p2", name="Ben O."))
    autosaver.flush()
    delete(controller)
    assert [e.session_id for e in store.entries()] == ["s1"]


def test_autosave_failure_is_reported_not_raised(qtbot, tmp_path):
    (tmp_path / "a-file").write_text("x")
    controller = DocController(make_plan())
    autosaver = Autosaver(controller, RecoveryStore(tmp_path / "a-file" / "recovery"), "s1", delay_ms=20)
    with qtbot.waitSignal(autosaver.failed, timeout=2000) as blocker:
        controller.push(EditPerson("p2", name="Ben O."))
    assert "Autosave to" in blocker.args[0]


# ------------------------------------------------------------ a real crash

CRASH_SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from models import Person, Plan, Rock
from planner.editing.commands import MoveRocks
from ui.core.controller import DocController
from planner.planfile.recovery import RecoveryStore
from ui.files.recovery import Autosaver

app = QApplication([])
plan = Plan(name="Crash test")
plan.people["p1"] = Person("p1", "Ana Ruiz", "Product Manager")
plan.people["p2"] = Person("p2", "Ben Okafor", "Engineer")
plan.rocks["r1"] = Rock("r1", "Pricing", "product", 20, owner="p1")
controller = DocController(plan, sys.argv[2])
store = RecoveryStore(Path(sys.argv[1]))
autosaver = Autosaver(controller, store, "crashed-session", delay_ms=50)
autosaver.written.connect(lambda: os._exit(1))  # crash right after the autosave
QTimer.singleShot(5000, lambda: os._exit(3))  # never hang the test
controller.push(MoveRocks(["r1"], "p2", note="Ben takes pricing"))
app.exec()
"""


def test_kill_and_restore(tmp_path):
    folder = tmp_path / "recovery"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    script = textwrap.dedent(CRASH_SCRIPT)
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder), str(tmp_path / "plan.rocks.json")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    store = RecoveryStore(folder)
    [entry] = store.pending(own_session_id=new_session_id())
    assert entry.session_id == "crashed-session"
    assert entry.name == "Crash test"
    assert entry.original == tmp_path / "plan.rocks.json"
    plan = store.load(entry)
    assert plan.rocks["r1"].owner == "p2"
    assert [(m.from_, m.to, m.note) for m in plan.moves] == [("p1", "p2", "Ben takes pricing")]
    store.discard(entry)
    assert store.pending() == []


# -------------------------------------------------------- off the GUI thread


def test_autosave_serialises_on_a_worker_thread(qtbot, saver, monkeypatch):
    import threading

    import ui.files.recovery

    controller, store, autosaver = saver
    threads = []
    real = ui.files.recovery.snapshot_document
    monkeypatch.setattr(
        ui.files.recovery, "snapshot_document", lambda plan: (threads.append(threading.current_thread()), real(plan))[1]
    )
    with qtbot.waitSignal(autosaver.written, timeout=5000):
        controller.push(EditPerson("p2", name="Ben O."))
    assert threads and threads[0] is not threading.main_thread()
    assert store.load(store.entries()[0]).people["p2"].name == "Ben O."


def test_a_change_during_the_dump_drops_the_stale_snapshot(qtbot, saver, monkeypatch):
    import threading

    import ui.files.recovery

    controller, store, autosaver = saver
    started, release = threading.Event(), threading.Event()
    real = ui.files.recovery.snapshot_document
    calls = []

    def slow_first(plan):
        doc = real(plan)  # the state as the dump began
        calls.append(doc["people"][1]["name"])
        if len(calls) == 1:
            started.set()
            release.wait(5)
        return doc

    monkeypatch.setattr(ui.files.recovery, "snapshot_document", slow_first)
    writes = []
    autosaver.written.connect(lambda: writes.append(store.load(store.entries()[0]).people["p2"].name))
    controller.push(EditPerson("p2", name="First"))
    qtbot.waitUntil(started.is_set, timeout=5000)
    controller.push(EditPerson("p2", name="Second"))  # while the worker still holds the old state
    release.set()
    qtbot.waitUntil(lambda: bool(writes), timeout=5000)
    settle(qtbot, autosaver)
    assert calls == ["First", "Second"]
    assert writes == ["Second"]  # "First" was never written


def test_quitting_waits_for_the_running_write(qtbot, saver, monkeypatch):
    import threading

    controller, store, autosaver = saver
    entered, release = threading.Event(), threading.Event()
    real = store.write_snapshot
    finished = []

    def slow_write(snap, session_id):
        entered.set()
        release.wait(5)
        ok = real(snap, session_id)
        finished.append(ok)
        return ok

    monkeypatch.setattr(store, "write_snapshot", slow_write)
    controller.push(EditPerson("p2", name="Ben O."))
    qtbot.waitUntil(entered.is_set, timeout=5000)
    threading.Timer(0.2, release.set).start()
    autosaver.stop_and_discard()
    assert finished == [True]  # the write ran to its end first...
    assert not store.plan_path("s1").exists()  # ...and then the copy was removed
    assert not list(store.folder.glob("*.tmp"))


# ------------------------------------------------------------ the dialog


@pytest.fixture
def main_window(qtbot, tmp_path):
    return open_window(qtbot, tmp_path, handoff_note=True, active=False, centre=False)


def select_row(dialog, row: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    rect = dialog.list.visualItemRect(dialog.list.item(row))
    QTest.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())


def test_dialog_lists_every_session_and_later_keeps_them(main_window, tmp_path):
    folder = tmp_path / "recovery"
    crashed_sessions(folder, [("old", str(tmp_path / "q1.rocks.json"), "Q1 plan"), ("new", None, "<b>Q2</b> $x$")])
    texts = []

    def later(dialog):
        texts.extend(dialog.list.item(i).text() for i in range(dialog.list.count()))
        press(dialog.later_button)

    assert run_dialog(main_window, later) is False
    assert texts[0].startswith("<b>Q2</b> $x$\nunsaved plan · autosaved 2 May 2024")  # newest first, plain text
    assert texts[1].startswith(f"Q1 plan\n{tmp_path / 'q1.rocks.json'} · autosaved 1 May 2024")
    assert "T10:00" not in texts[0]  # a human time, not ISO
    assert {e.session_id for e in RecoveryStore(folder).pending()} == {"old", "new"}  # kept for next start


def test_dialog_restores_the_selected_one_and_keeps_the_others(main_window, tmp_path):
    folder = tmp_path / "recovery"
    crashed_sessions(folder, [("old", None, "Older plan"), ("new", None, "Newer plan")])

    def restore_older(dialog):
        select_row(dialog, 1)
        press(dialog.restore_button)

    assert run_dialog(main_window, restore_older)
    assert main_window.controller.plan.name == "Older plan"
    assert main_window.isWindowModified()
    assert [e.session_id for e in RecoveryStore(folder).pending()] == ["new"]


def test_dialog_discard_selected_asks_then_removes_only_those(main_window, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    folder = tmp_path / "recovery"
    crashed_sessions(folder, [("a", None, "Plan A"), ("b", None, "Plan B")])

    def discard_then_later(dialog):
        select_row(dialog, 0)  # Plan B, the newest
        when_modal(lambda box: press(box.button(QMessageBox.StandardButton.Discard)), QMessageBox)
        press(dialog.discard_button)
        assert [dialog.list.item(i).text().split("\n")[0] for i in range(dialog.list.count())] == ["Plan A"]
        press(dialog.later_button)

    assert run_dialog(main_window, discard_then_later) is False
    assert [e.session_id for e in RecoveryStore(folder).pending()] == ["a"]


def test_damaged_newest_copy_is_named_set_aside_and_older_offered(main_window, tmp_path):
    folder = tmp_path / "recovery"
    store = crashed_sessions(folder, [("good", None, "Good plan"), ("bad", None, "Bad plan")])
    store.plan_path("bad").write_bytes(b'{"schema_version": 1, "peo')  # cut short
    stale_tmp = folder / ".good.rocks.json.999999.abcd1234.tmp"
    stale_tmp.write_text("x")
    os.utime(stale_tmp, (1, 1))
    notes = []

    def look(dialog):
        notes.append(dialog.note.text())
        notes.append([dialog.list.item(i).text().split("\n")[0] for i in range(dialog.list.count())])
        press(dialog.later_button)

    run_dialog(main_window, look)
    assert "bad.rocks.json" in notes[0] and "could not be read" in notes[0]
    assert notes[1] == ["Good plan"]
    assert (folder / "damaged" / "bad.rocks.json").exists()
    assert not stale_tmp.exists()
    assert [e.session_id for e in RecoveryStore(folder).pending_scan().damaged] == []  # not every start
