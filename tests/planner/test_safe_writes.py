"""Saves and exports that lose nothing: hard-linked plans rewritten crash-safely, exports written
through links by the same writer as plans, stale export temps cleaned, errors naming the target,
and the on-disk stamp seeing a same-size change whose mtime was set back."""

from __future__ import annotations

import errno
import io
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.core.errors import PlanError
from planner.exports import exporting
from planner.planfile import atomic, fileio, templates
from planner.planfile.atomic import FileStamp, write_atomic
from tests.planner.helpers import dead_pid

ROOT = Path(__file__).resolve().parents[2]


def plan_bytes(name: str) -> bytes:
    plan = templates.load_template("first-pm")
    plan.name = name
    return fileio.dumps(plan)


OLD_SHORT, NEW_LONG = plan_bytes("Old"), plan_bytes("New, a longer plan " + "x" * 3000)
OLD_LONG, NEW_SHORT = plan_bytes("Old, a longer plan " + "x" * 3000), plan_bytes("New")


def linked_pair(tmp_path: Path, data: bytes) -> tuple[Path, Path]:
    first, second = tmp_path / "a.rocks.json", tmp_path / "b.rocks.json"
    first.write_bytes(data)
    os.link(first, second)
    return first, second


def readable_as(path: Path, *choices: bytes) -> bytes:
    """The plan at ``path`` reads as a valid plan whose content is one of ``choices`` (trailing
    whitespace aside); returns which."""
    data = path.read_bytes()
    fileio.loads(data, str(path))  # raises if broken
    hits = [c for c in choices if data.rstrip() == c.rstrip()]
    assert hits, data[:200]
    return hits[0]


def journal(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith("."))


# ------------------------------------------------------- hard links (item 3)


class FailOnce:
    """os.ftruncate raising once: a fault between the in-place write and its truncate."""

    def __init__(self, real):
        self.real, self.calls = real, 0

    def __call__(self, fd, size):
        self.calls += 1
        if self.calls == 1:
            raise OSError(errno.EIO, "Input/output error")
        return self.real(fd, size)


@pytest.mark.parametrize(("old", "new"), [(OLD_LONG, NEW_SHORT), (OLD_SHORT, NEW_LONG)], ids=["shrink", "grow"])
def test_fault_between_write_and_truncate_leaves_both_names_valid(tmp_path, monkeypatch, old, new):
    first, second = linked_pair(tmp_path, old)
    fail = FailOnce(os.ftruncate)
    monkeypatch.setattr(os, "ftruncate", fail)
    with pytest.raises(PlanError) as info:
        write_atomic(first, new)
    monkeypatch.undo()
    assert fail.calls >= 1
    assert str(first) in str(info.value)
    for name in (first, second):
        assert readable_as(name, old, new) == old  # rolled back: the previous plan, whole
    assert os.stat(first).st_ino == os.stat(second).st_ino
    assert journal(tmp_path) == []  # restored, so nothing was worth keeping
    write_atomic(first, new)  # and the next save works
    assert second.read_bytes() == new


@pytest.mark.parametrize(("old", "new"), [(OLD_LONG, NEW_SHORT), (OLD_SHORT, NEW_LONG)], ids=["shrink", "grow"])
def test_truncate_that_never_works_still_leaves_a_valid_plan(tmp_path, monkeypatch, old, new):
    first, second = linked_pair(tmp_path, old)

    def broken(fd, size):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "ftruncate", broken)
    with pytest.raises(PlanError):
        write_atomic(first, new)
    monkeypatch.undo()
    for name in (first, second):
        readable_as(name, old, new)


def test_fault_in_the_middle_of_the_write_rolls_back(tmp_path, monkeypatch):
    first, second = linked_pair(tmp_path, OLD_LONG)
    real = atomic._copy_into
    calls = []

    def half_then_fail(fd, source, size):
        calls.append(source)
        if len(calls) == 1:
            os.write(fd, NEW_SHORT[: len(NEW_SHORT) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, source, size)

    monkeypatch.setattr(atomic, "_copy_into", half_then_fail)
    with pytest.raises(PlanError) as info:
        write_atomic(first, NEW_SHORT)
    assert "No space left" in str(info.value) and "restored" in str(info.value)
    for name in (first, second):
        assert readable_as(name, OLD_LONG, NEW_SHORT) == OLD_LONG


def test_rollback_that_fails_too_keeps_both_copies_and_names_them(tmp_path, monkeypatch):
    first, second = linked_pair(tmp_path, OLD_LONG)

    def always_fail(fd, source, size):
        os.write(fd, b"{ torn")
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic, "_copy_into", always_fail)
    with pytest.raises(PlanError) as info:
        write_atomic(first, NEW_SHORT)
    monkeypatch.undo()
    kept = journal(tmp_path)
    assert len(kept) == 2
    assert {p.read_bytes() for p in kept} == {OLD_LONG, NEW_SHORT}
    for p in kept:
        assert str(p) in str(info.value)
    # nothing good is deleted later: not by the clean-up, not by the next save
    assert atomic.remove_stale_temps(tmp_path, None, max_age=0) == []
    write_atomic(first, NEW_SHORT)
    assert journal(tmp_path) == kept


CRASH = """
import os, sys
from pathlib import Path
from planner.planfile import atomic
sys.path.insert(0, {root!r})
where = sys.argv[2]
if where == "truncate":
    os.ftruncate = lambda fd, size: os._exit(9)  # killed between the write and the truncate
else:
    def torn(fd, source, size):
        os.write(fd, b"{{ half a plan")
        os._exit(9)  # killed in the middle of the write
    atomic._copy_into = torn
atomic.write_atomic(Path(sys.argv[1]), Path(sys.argv[3]).read_bytes())
"""


def crash_while_saving(target: Path, data: bytes, where: str, tmp_path: Path) -> None:
    new = tmp_path / "new.bin"
    new.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CRASH.format(root=str(ROOT))), str(target), where, str(new)],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 9, done.stderr
    new.unlink()


@pytest.mark.parametrize(("old", "new"), [(OLD_LONG, NEW_SHORT), (OLD_SHORT, NEW_LONG)], ids=["shrink", "grow"])
def test_killed_between_write_and_truncate_both_names_read_a_plan(tmp_path, old, new):
    first, second = linked_pair(tmp_path, old)
    crash_while_saving(first, new, "truncate", tmp_path)
    for name in (first, second):
        assert readable_as(name, old, new) == new  # the new plan, padded: never broken


def test_killed_mid_write_keeps_the_old_and_new_bytes_for_good(tmp_path):
    first, second = linked_pair(tmp_path, OLD_LONG)
    crash_while_saving(first, NEW_SHORT, "write", tmp_path)
    kept = journal(tmp_path)
    assert {p.read_bytes() for p in kept} == {OLD_LONG, NEW_SHORT}
    for p in kept:
        os.utime(p, (1, 1))  # hours old, and its process is gone
    assert atomic.remove_stale_temps(tmp_path, None, max_age=0) == []
    write_atomic(first, NEW_SHORT)  # a later save
    assert journal(tmp_path) == kept  # the good copies are still there


def test_normal_hard_link_save_leaves_nothing_behind(tmp_path):
    first, second = linked_pair(tmp_path, OLD_LONG)
    write_atomic(second, NEW_SHORT)
    assert first.read_bytes() == NEW_SHORT and os.stat(first).st_nlink == 2
    assert journal(tmp_path) == []


# ---------------------------------------------------- exports (items 4, 17)


def export_csv(plan_file: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    o, e = io.StringIO(), io.StringIO()
    code = main(["export", str(plan_file), "-o", str(out), *extra], o, e)
    return code, o.getvalue(), e.getvalue()


@pytest.fixture
def plan_file(tmp_path) -> Path:
    path = tmp_path / "plan.rocks.json"
    path.write_bytes(plan_bytes("Exported"))
    return path


def test_export_force_writes_through_a_symlink(plan_file, tmp_path):
    real = tmp_path / "real" / "people.csv"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "people.csv"
    link.symlink_to(real)
    code, _, err = export_csv(plan_file, link, "--force")
    assert code == 0, err
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("id,name,role")
    assert journal(real.parent) == []


def test_export_force_keeps_a_hard_link_together(plan_file, tmp_path):
    out, other = tmp_path / "people.csv", tmp_path / "shared.csv"
    out.write_text("old")
    os.link(out, other)
    code, _, err = export_csv(plan_file, out, "--force")
    assert code == 0, err
    assert other.read_text(encoding="utf-8").startswith("id,name,role")
    assert os.stat(out).st_ino == os.stat(other).st_ino


def test_export_keeps_the_mode_and_never_touches_the_umask(plan_file, tmp_path, monkeypatch):
    out = tmp_path / "people.csv"
    out.write_text("old")
    out.chmod(0o640)
    umask = os.umask(0o022)
    os.umask(umask)
    calls = []
    monkeypatch.setattr(os, "umask", lambda *a: calls.append(a) or umask)
    assert export_csv(plan_file, out, "--force")[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.csv"
    assert export_csv(plan_file, fresh)[0] == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    assert calls == []  # the process-wide umask is never flipped


def test_stale_export_parts_are_cleaned_like_plan_temps(plan_file, tmp_path):
    pid = dead_pid()
    stale = tmp_path / f".people.csv.{pid}.abcd1234.part.csv"  # a killed export, hours ago
    legacy = tmp_path / ".people.csv.k2j4h5g6.part.csv"  # the old naming, no pid
    young = tmp_path / f".people.csv.{pid}.efgh5678.part.csv"  # maybe a slow export
    live = tmp_path / f".people.csv.{os.getpid()}.ijkl9012.part.csv"  # ours, still running
    others = tmp_path / ".people.csv.notes.part.csv"  # not our pattern
    for p in (stale, legacy, young, live, others):
        p.write_text("x")
    for p in (stale, legacy, live, others):
        os.utime(p, (1, 1))
    assert export_csv(plan_file, tmp_path / "people.csv")[0] == 0
    assert not stale.exists() and not legacy.exists()
    assert young.exists() and live.exists() and others.exists()


KILLED_EXPORT = """
import os, sys
from planner.exports import exporting
with exporting.atomic_output(sys.argv[1]) as tmp:
    tmp.write_bytes(b"half an export")
    os._exit(9)
"""


def test_a_killed_export_does_not_leave_its_part_file_forever(plan_file, tmp_path):
    out = tmp_path / "people.csv"
    done = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(out)], cwd=ROOT, capture_output=True, timeout=60)
    assert done.returncode == 9, done.stderr
    [part] = journal(tmp_path)
    assert part.name.startswith(".people.csv.") and part.name.endswith(".part.csv")
    assert not out.exists()
    os.utime(part, (1, 1))
    assert export_csv(plan_file, out)[0] == 0
    assert journal(tmp_path) == []


def test_export_over_a_folder_names_the_target(plan_file, tmp_path):
    out = tmp_path / "people.csv"
    out.mkdir()
    code, stdout, err = export_csv(plan_file, out, "--force")
    assert code == 2 and stdout == ""
    assert err.startswith(f"rocks: {out}") and "folder" in err
    assert ".part" not in err and len(err.strip().splitlines()) == 1
    assert journal(tmp_path) == []


def test_a_failing_export_writer_names_the_target_not_the_temp(tmp_path):
    out = tmp_path / "chart.pdf"
    with pytest.raises(PlanError) as info, exporting.atomic_output(out) as tmp:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp))
    assert str(out) in str(info.value) and "No space left on device" in str(info.value)
    assert ".part" not in str(info.value)
    assert journal(tmp_path) == [] and not out.exists()


def test_a_failing_rename_names_the_target(tmp_path, monkeypatch):
    out = tmp_path / "chart.pdf"

    def refuse(src, dst):
        raise OSError(errno.EACCES, "Permission denied", str(src))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PlanError) as info, exporting.atomic_output(out) as tmp:
        tmp.write_bytes(b"%PDF")
    assert str(out) in str(info.value) and ".part" not in str(info.value)
    monkeypatch.undo()
    assert journal(tmp_path) == []


def test_export_temp_keeps_the_suffix_and_names_its_process(tmp_path):
    with exporting.atomic_output(tmp_path / "chart.pdf") as tmp:
        assert tmp.name.startswith(f".chart.pdf.{os.getpid()}.") and tmp.name.endswith(".part.pdf")
        tmp.write_bytes(b"%PDF")
    assert (tmp_path / "chart.pdf").read_bytes() == b"%PDF"


def test_cancelled_export_leaves_nothing(tmp_path):
    out = tmp_path / "people.csv"
    out.write_text("keep")
    with pytest.raises(exporting.Cancelled), exporting.atomic_output(out) as tmp:
        tmp.write_text("half")
        raise exporting.Cancelled()
    assert out.read_text() == "keep" and journal(tmp_path) == []


# ------------------------------------------------------------- stamps (item 5)


def test_same_size_change_with_the_mtime_set_back_is_seen(tmp_path):
    path = tmp_path / "plan.rocks.json"
    stamp = write_atomic(path, b'{"name": "ours"}\n')
    assert stamp is not None
    before = os.stat(path)
    path.write_bytes(b'{"name": "them"}\n')  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # cp -p, rsync -t
    now = FileStamp.of(path)
    assert now is not None and (now.size, now.mtime_ns) == (stamp.size, stamp.mtime_ns)
    assert not stamp.same_content(now)


def test_an_untouched_file_still_matches(tmp_path):
    path = tmp_path / "plan.rocks.json"
    stamp = write_atomic(path, b'{"name": "ours"}\n')
    assert stamp is not None and stamp.same_content(FileStamp.of(path))
    time.sleep(0)  # no timing involved: the bytes decide
    os.utime(path, (5, 5))
    assert stamp.same_content(FileStamp.of(path))


def test_an_export_onto_a_folder_is_refused_naming_it(tmp_path):
    folder = tmp_path / "chart.pdf"
    folder.mkdir()
    with pytest.raises(PlanError) as info, exporting.atomic_output(folder) as tmp:
        tmp.write_bytes(b"%PDF")
    assert str(info.value) == f"{folder} is a folder, not a file"
    assert journal(tmp_path) == []


def test_the_on_disk_stamp_never_reads_a_fifo_or_a_device(tmp_path):
    """A plan's path swapped for a FIFO or a device: the stamp says 'cannot be read', at once."""
    import os

    from planner.planfile.atomic import FileStamp

    fifo = tmp_path / "plan.rocks.json"
    os.mkfifo(fifo)
    assert FileStamp.of(fifo) is None  # would block forever on a plain open()
    assert FileStamp.of("/dev/zero") is None  # would read until memory runs out
