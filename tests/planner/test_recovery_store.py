"""The recovery folder (planner.planfile.recovery): sessions, damaged copies, temp files, times, the writer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from models import Person, Plan, Rock
from planner.core.errors import PlanFileError
from planner.planfile import atomic, fileio
from planner.planfile.atomic import pid_running
from planner.planfile.background import BackgroundWriter, dump_document
from planner.planfile.recovery import RecoveryStore, _process_start, human_time, new_session_id
from tests.planner.helpers import small_plan as make_plan


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


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


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
    assert "(unsaved plan)" in entry.describe()


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


def test_damaged_copies_are_reported_not_offered(tmp_path, caplog):
    store = RecoveryStore(tmp_path)
    pid = dead_pid()
    store.write(make_plan(), None, "good")
    rewrite_meta(store, "good", pid=pid)
    store.write(make_plan(), None, "truncated")
    rewrite_meta(store, "truncated", pid=pid, saved_at="2999-01-01T00:00:00+00:00")  # the newest
    store.plan_path("truncated").write_bytes(fileio.dumps(make_plan())[:40])
    store.write(make_plan(), None, "no-plan")
    rewrite_meta(store, "no-plan", pid=pid)
    store.plan_path("no-plan").unlink()
    (tmp_path / "..bad name.meta.json").write_text("{}")
    scan = store.pending_scan()
    assert [e.session_id for e in scan.entries] == ["good"]  # the corrupt newest hides nothing
    assert sorted(d.session_id for d in scan.damaged) == ["no-plan", "truncated"]
    truncated = next(d for d in scan.damaged if d.session_id == "truncated")
    assert "truncated.rocks.json" in truncated.describe() and "not valid JSON" in truncated.reason
    for damaged in scan.damaged:
        store.set_aside(damaged)
    assert [d.session_id for d in store.pending_scan().damaged] == []  # not back at the next start
    assert (tmp_path / "damaged" / "truncated.rocks.json").exists()
    assert [e.session_id for e in store.pending()] == ["good"]


def test_corrupt_meta_still_offers_the_plan(tmp_path, caplog):
    store = RecoveryStore(tmp_path)
    for sid, meta in [("garbage", b"{not json"), ("a-list", b"[1, 2]"), ("wrong-types", b'{"saved_at": 5}')]:
        store.write(make_plan(), None, sid)
        store.meta_path(sid).write_bytes(meta)
        age(store.plan_path(sid), 600)
    store.write(make_plan(), None, "no-meta")
    store.meta_path("no-meta").unlink()
    age(store.plan_path("no-meta"), 600)
    entries = {e.session_id: e for e in store.pending()}
    assert set(entries) == {"garbage", "a-list", "wrong-types", "no-meta"}
    entry = entries["garbage"]
    assert entry.name == "Q3 org" and entry.from_orphan  # the name comes from the plan itself
    assert entry.saved_time is not None
    assert abs(entry.saved_time.timestamp() - (time.time() - 600)) < 5  # the time from the file
    assert store.load(entry).people["p1"].name == "Ana Ruiz"
    assert "garbage" in caplog.text


def test_plan_without_meta_of_a_live_session_is_left_alone(tmp_path):
    store = RecoveryStore(tmp_path)
    mine = new_session_id()  # carries this (live) pid
    store.write(make_plan(), None, mine)
    store.meta_path(mine).unlink()  # as between writing the plan and its meta
    age(store.plan_path(mine), 600)
    assert store.pending() == []
    young = "young"
    store.write(make_plan(), None, young)
    store.meta_path(young).unlink()
    assert store.pending() == []  # just written: its meta may still come


def test_stale_temp_files_are_removed_conservatively(tmp_path):
    store = RecoveryStore(tmp_path)
    dead = dead_pid()
    stale = tmp_path / f".s1.rocks.json.{dead}.abcd1234.tmp"
    legacy = tmp_path / ".s1.meta.json.k2j4h5g6.tmp"  # the old naming, without a pid
    live = tmp_path / f".s2.rocks.json.{os.getpid()}.abcd1234.tmp"
    young = tmp_path / f".s3.rocks.json.{dead}.zzzz9999.tmp"
    foreign = tmp_path / ".someone-elses.tmp"
    for path in (stale, legacy, live, young, foreign):
        path.write_text("x")
    for path in (stale, legacy, live, foreign):
        age(path, 7200)
    removed = store.clean_temps()
    assert sorted(removed) == sorted([stale, legacy])
    assert live.exists() and young.exists() and foreign.exists()


def test_human_times():
    now = datetime(2026, 12, 5, 16, 0).astimezone()
    assert human_time(now.replace(hour=14, minute=32), now) == "today 14:32"
    assert human_time(now.replace(hour=9, minute=5) - timedelta(days=1), now) == "yesterday 09:05"
    assert human_time(now.replace(day=3, hour=14, minute=32), now) == "3 Dec 14:32"
    assert human_time(now.replace(year=2024, day=3, hour=14, minute=32), now) == "3 Dec 2024 14:32"
    assert human_time(None) == "unknown time"


def test_dump_document_matches_fileio_byte_for_byte():
    plan = make_plan()
    plan.name = 'Acme: "2027"\n<b>x</b>'
    plan.people["p3"] = Person("p3", "Cy\nLine", "Designer", dotted=["p1"], capacity=50)
    for n in range(25):
        plan.rocks[f"x{n}"] = Rock(f"x{n}", f"Rock {n}", "design", 5, owner="p3", contributors=["p1"])
    for chunk in (1, 3, 2000):
        assert dump_document(fileio.plan_to_dict(plan), chunk) == fileio.dumps(plan)
    assert dump_document(fileio.plan_to_dict(Plan())) == fileio.dumps(Plan())


def test_background_writer_never_lands_an_older_job_after_a_newer_one(tmp_path):
    writer = BackgroundWriter()
    started, release = threading.Event(), threading.Event()
    target = tmp_path / "out"
    landed = []

    def job(text: str, block: bool = False):
        def run():
            if block:
                started.set()
                release.wait(5)
            atomic.write_atomic(target, text.encode())
            landed.append(text)

        return run

    writer.submit(job("first", block=True))  # running, held
    assert started.wait(5)  # the writer has taken the first job before the next ones come
    writer.submit(job("second"))  # waiting...
    writer.submit(job("third"))  # ...replaced by a newer one
    assert writer.busy
    release.set()
    assert writer.wait(5)
    assert landed == ["first", "third"]
    assert target.read_text() == "third"
    assert not writer.busy


def test_load_names_a_corrupt_recovery_file(tmp_path):
    store = RecoveryStore(tmp_path)
    store.write(make_plan(), None, "s1")
    store.plan_path("s1").write_text('{"schema_version": 1, "people": [{"id": "a"}]}')  # JSON, not a plan
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


def test_snapshot_pauses_the_collector_until_released():
    import gc

    from planner.planfile.background import release_document, snapshot_document

    assert gc.isenabled()
    doc = snapshot_document(make_plan())
    assert not gc.isenabled()  # no full collection while 700k new dicts exist
    assert doc["people"][0]["name"] == "Ana Ruiz"
    release_document(doc)
    assert gc.isenabled() and doc == {}
