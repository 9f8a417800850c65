"""Crash recovery: the store's files, the autosave timer, and a real crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from models import Person, Plan, Rock
from planner import fileio
from planner.commands import EditPerson, MoveRocks
from planner.errors import PlanFileError
from ui.controller import DocController
from ui.recovery import Autosaver, RecoveryStore, _process_start, new_session_id, pid_running

REPO = Path(__file__).resolve().parents[2]


def make_plan() -> Plan:
    plan = Plan(name="Q3 org")
    plan.people["p1"] = Person("p1", "Ana Ruiz", "Product Manager")
    plan.people["p2"] = Person("p2", "Ben Okafor", "Engineer", manager="p1")
    plan.rocks["r1"] = Rock("r1", "Pricing", "product", 20, owner="p1")
    return plan


def dead_pid() -> int:
    """The pid of a process that has finished (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    assert not pid_running(process.pid)
    return process.pid


def rewrite_meta(store: RecoveryStore, session_id: str, **fields) -> None:
    path = store.meta_path(session_id)
    meta = json.loads(path.read_text())
    meta.update(fields)
    path.write_text(json.dumps(meta))


# ------------------------------------------------------------------ store


def test_write_load_round_trip(tmp_path):
    store = RecoveryStore(tmp_path / "recovery")  # created on first write
    plan = make_plan()
    assert store.write(plan, tmp_path / "q3.rocks.json", "s1")
    assert store.plan_path("s1").name == "s1.rocks.json"
    meta = json.loads(store.meta_path("s1").read_text())
    assert meta["original"] == str(tmp_path / "q3.rocks.json")
    assert meta["name"] == "Q3 org"
    assert meta["pid"] == os.getpid()
    assert meta["saved_at"].endswith("+00:00")
    [entry] = store.entries()
    assert entry.session_id == "s1"
    assert entry.original == tmp_path / "q3.rocks.json"
    assert "Q3 org (q3.rocks.json), autosaved" in entry.describe()
    assert fileio.dumps(store.load(entry)) == fileio.dumps(plan)  # canonical, byte for byte
    assert not list(store.folder.glob("*.tmp"))  # atomic writes leave no temp files


def test_never_saved_plan_has_no_original(tmp_path):
    store = RecoveryStore(tmp_path)
    store.write(make_plan(), None, "s1")
    [entry] = store.entries()
    assert entry.original is None
    assert "(never saved)" in entry.describe()


def test_pending_lists_dead_sessions_not_live_ones(tmp_path):
    store = RecoveryStore(tmp_path)
    store.write(make_plan(), None, "mine")
    store.write(make_plan(), None, "other-window")  # another window of this (running) process
    store.write(make_plan(), None, "crashed")
    rewrite_meta(store, "crashed", pid=dead_pid())
    assert [e.session_id for e in store.pending("mine")] == ["crashed"]
    assert [e.session_id for e in store.pending()] == ["crashed"]
    assert len(store.entries()) == 3


@pytest.mark.skipif(_process_start(os.getpid()) is None, reason="process start times need /proc")
def test_pending_sees_through_a_reused_pid(tmp_path):
    store = RecoveryStore(tmp_path)
    store.write(make_plan(), None, "old")
    # Same pid as this process, but written by a process that started long before it.
    rewrite_meta(store, "old", started=_process_start(os.getpid()) - 3600)
    assert [e.session_id for e in store.pending("mine")] == ["old"]


def test_pending_newest_first(tmp_path):
    store = RecoveryStore(tmp_path)
    pid = dead_pid()
    for sid, when in [
        ("a", "2024-05-01T10:00:00+00:00"),
        ("b", "2024-05-03T10:00:00+00:00"),
        ("c", "2024-05-02T10:00:00+00:00"),
    ]:
        store.write(make_plan(), None, sid)
        rewrite_meta(store, sid, pid=pid, saved_at=when)
    assert [e.session_id for e in store.pending()] == ["b", "c", "a"]


def test_corrupt_or_half_written_sessions_are_ignored(tmp_path, caplog):
    store = RecoveryStore(tmp_path)
    pid = dead_pid()
    store.write(make_plan(), None, "good")
    rewrite_meta(store, "good", pid=pid)
    for sid, meta in [
        ("garbage", b"{not json"),
        ("a-list", b"[1, 2]"),
        ("wrong-types", b'{"saved_at": 5, "name": []}'),
    ]:
        store.write(make_plan(), None, sid)
        store.meta_path(sid).write_bytes(meta)
    store.write(make_plan(), None, "no-plan")
    rewrite_meta(store, "no-plan", pid=pid)
    store.plan_path("no-plan").unlink()
    (tmp_path / "..bad name.meta.json").write_text("{}")
    assert [e.session_id for e in store.pending()] == ["good"]
    assert "garbage" in caplog.text


def test_load_names_a_corrupt_recovery_file(tmp_path):
    store = RecoveryStore(tmp_path)
    store.write(make_plan(), None, "s1")
    store.plan_path("s1").write_text('{"schema_version": 1, "people": [')
    [entry] = store.entries()
    with pytest.raises(PlanFileError) as info:
        store.load(entry)
    assert "autosaved copy of 'Q3 org'" in str(info.value)
    assert str(store.plan_path("s1")) in str(info.value)


def test_discard_by_entry_or_id(tmp_path):
    store = RecoveryStore(tmp_path)
    store.write(make_plan(), None, "s1")
    store.write(make_plan(), None, "s2")
    store.discard("s1")
    store.discard(store.entries()[0])
    store.discard("s1")  # already gone: fine
    assert list(tmp_path.iterdir()) == []


def test_unusable_folder_never_raises(tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # works as root too, unlike a read-only folder
    store = RecoveryStore(blocker / "recovery")
    assert store.write(make_plan(), None, "s1") is False
    assert "Autosave to" in store.last_error
    assert "Autosave to" in caplog.text
    assert store.pending() == []
    assert store.entries() == []
    store.discard("s1")
    assert RecoveryStore(tmp_path / "missing").pending() == []


def test_session_ids_must_be_file_names(tmp_path):
    store = RecoveryStore(tmp_path)
    for bad in ["", "../escape", "a/b", ".hidden"]:
        with pytest.raises(ValueError):
            store.plan_path(bad)
    assert store.plan_path(new_session_id()).parent == tmp_path


# -------------------------------------------------------------- autosaver


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
    qtbot.wait(120)
    assert writes == [1]
    assert store.load(store.entries()[0]).people["p2"].name == "Ben"


def test_autosave_discards_when_saved(qtbot, saver):
    controller, store, autosaver = saver
    controller.push(EditPerson("p2", name="Ben O."))
    qtbot.waitUntil(store.plan_path("s1").exists)
    controller.undo_stack.setClean()  # what Save does
    assert not store.plan_path("s1").exists()
    assert not store.meta_path("s1").exists()
    assert not autosaver.pending


def test_autosave_discards_when_undone_to_saved_state(qtbot, saver):
    controller, store, _ = saver
    controller.push(MoveRocks(["r1"], "p2"))
    qtbot.waitUntil(store.plan_path("s1").exists)
    controller.undo_stack.undo()
    assert not store.plan_path("s1").exists()
    qtbot.wait(120)  # the timer the undo restarted finds nothing to keep
    assert not store.plan_path("s1").exists()


def test_autosave_discards_when_document_replaced(qtbot, saver):
    controller, store, _ = saver
    controller.push(EditPerson("p2", name="Ben O."))
    qtbot.waitUntil(store.plan_path("s1").exists)
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
from planner.commands import MoveRocks
from ui.controller import DocController
from ui.recovery import Autosaver, RecoveryStore

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
