"""planner.planfile.atomic: links written through, permissions and owner kept, read-only refused, stamps, temp clean-up."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from planner.core.errors import PlanFileError
from planner.planfile import atomic
from planner.planfile.atomic import FileStamp, safe_file_name, write_atomic

needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")


def test_symlink_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real" / "plan.rocks.json"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.rocks.json"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert not [p for p in real.parent.iterdir() if p.name.endswith(".tmp")]


def test_hard_link_keeps_both_names_in_step(tmp_path):
    first = tmp_path / "a.rocks.json"
    first.write_bytes(b"old content, longer than the new one")
    second = tmp_path / "b.rocks.json"
    os.link(first, second)
    write_atomic(first, b"new")
    assert second.read_bytes() == b"new"  # the other name sees the save
    assert os.stat(first).st_ino == os.stat(second).st_ino
    assert os.stat(first).st_nlink == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.rocks.json", "b.rocks.json"]


def test_mode_is_kept(tmp_path):
    path = tmp_path / "plan.rocks.json"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_atomic(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@needs_root
def test_owner_is_kept_when_root_saves_someone_elses_plan(tmp_path):
    path = tmp_path / "plan.rocks.json"
    path.write_bytes(b"old")
    os.chown(path, 12345, 23456)
    write_atomic(path, b"new")
    st = path.stat()
    assert (st.st_uid, st.st_gid) == (12345, 23456)
    assert path.read_bytes() == b"new"


def test_read_only_file_is_refused_even_for_root(tmp_path):
    path = tmp_path / "plan.rocks.json"
    path.write_bytes(b"old")
    path.chmod(0o444)
    with pytest.raises(PlanFileError) as info:
        write_atomic(path, b"new")
    assert str(path) in str(info.value) and "read-only" in str(info.value)
    assert path.read_bytes() == b"old"
    assert atomic.write_problem(path)


def test_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "plan.rocks.json"
    path.write_bytes(b"old")
    folder.chmod(0o555)
    try:
        with pytest.raises(PlanFileError) as info:
            write_atomic(path, b"new")
        assert "folder" in str(info.value) and str(folder) in str(info.value)
        assert path.read_bytes() == b"old"
    finally:
        folder.chmod(0o755)


def test_failure_message_mentions_a_previous_file_only_if_there_was_one(tmp_path, monkeypatch):
    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    new = tmp_path / "new.rocks.json"
    with pytest.raises(PlanFileError) as info:
        write_atomic(new, b"data")
    assert "untouched" not in str(info.value) and "nothing was written" in str(info.value)
    assert not new.exists()
    old = tmp_path / "old.rocks.json"
    old.write_bytes(b"old")
    with pytest.raises(PlanFileError) as info:
        write_atomic(old, b"data")
    assert "the previous file is untouched" in str(info.value)
    assert old.read_bytes() == b"old"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_stamp_tells_a_real_change_from_a_touch(tmp_path):
    path = tmp_path / "plan.rocks.json"
    stamp = write_atomic(path, b"one")
    assert stamp is not None and stamp == FileStamp.of(path)
    os.utime(path, None)  # touched: same bytes
    assert stamp.same_content(FileStamp.of(path))
    path.write_bytes(b"two")
    assert not stamp.same_content(FileStamp.of(path))
    path.unlink()
    assert FileStamp.of(path) is None
    assert FileStamp.from_json(stamp.to_json()) == stamp


def test_save_removes_stale_temp_siblings_only(tmp_path):
    import subprocess
    import sys

    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    path = tmp_path / "plan.rocks.json"
    stale = tmp_path / f".plan.rocks.json.{done.pid}.abcd1234.tmp"  # a killed save, hours ago
    fresh = tmp_path / f".plan.rocks.json.{done.pid}.efgh5678.tmp"  # maybe a slow save
    other = tmp_path / f".other.rocks.json.{done.pid}.abcd1234.tmp"  # another plan's
    mine = tmp_path / "plan.rocks.json.backup.tmp"  # not our pattern
    for p in (stale, fresh, other, mine):
        p.write_text("x")
    then = time.time() - 7200
    for p in (stale, other, mine):
        os.utime(p, (then, then))
    write_atomic(path, b"data")
    assert not stale.exists()
    assert fresh.exists() and other.exists() and mine.exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Acme: 2027", "Acme- 2027"), ('a/b\\c*?"<>|', "a-b-c------"), ("tab\there", "tab-here"), ("...", "plan")],
)
def test_safe_file_name(name, expected):
    assert safe_file_name(name) == expected


def test_missing_folder_names_the_file(tmp_path):
    path = tmp_path / "nowhere" / "plan.rocks.json"
    with pytest.raises(PlanFileError) as info:
        write_atomic(Path(path), b"x")
    assert str(path) in str(info.value)
