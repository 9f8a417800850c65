"""One atomic writer (planner/planfile/atomic.py) for plan saves, recovery copies and exports:
it never sets the process-wide umask (not even once at import), new files get the umask of
the moment, and a plan save cleans stale export ``.part`` files left in its folder."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from planner.exports import exporting
from planner.planfile import atomic, fileio, templates
from tests.planner.helpers import dead_pid

ROOT = Path(__file__).resolve().parents[2]

NO_UMASK = textwrap.dedent(
    """
    import os, stat, sys, threading
    os.umask(0o027)

    def refuse(*args):
        raise AssertionError("the process-wide umask was set")

    os.umask = refuse  # before any planner module is imported: import-time flips count too
    from pathlib import Path
    from planner.exports import exporting
    from planner.planfile import atomic, fileio, templates
    from planner.planfile.recovery import RecoveryStore

    folder = Path(sys.argv[1])
    plan = templates.load_template("first-pm")
    fileio.save(plan, folder / "plan.rocks.json")
    exporting.export(plan, folder / "people.csv")
    done = []
    # the recovery autosave runs on a worker thread: it creates its folder while the main thread saves
    worker = threading.Thread(target=lambda: done.append(RecoveryStore(folder / "recovery").write(plan, None, "s1")))
    worker.start()
    atomic.write_atomic(folder / "second.rocks.json", fileio.dumps(plan))
    worker.join()
    assert done == [True], done
    for path in (folder / "plan.rocks.json", folder / "people.csv", folder / "second.rocks.json"):
        print(path.name, oct(stat.S_IMODE(path.stat().st_mode)))
    print("recovery", oct(stat.S_IMODE((folder / "recovery").stat().st_mode)))
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_saves_exports_and_recovery_never_set_the_umask(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", NO_UMASK, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    modes = dict(line.split() for line in done.stdout.splitlines())
    # new files: 0666 less the umask of the moment (0027), applied by the OS; the folder 0777 less it
    assert modes == {"plan.rocks.json": "0o640", "people.csv": "0o640", "second.rocks.json": "0o640",
                     "recovery": "0o750"}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_a_new_file_follows_the_umask_of_the_moment(tmp_path):
    data = fileio.dumps(templates.load_template("first-pm"))
    before = os.umask(0o077)
    try:
        atomic.write_atomic(tmp_path / "private.rocks.json", data)
        os.umask(0o002)
        atomic.write_atomic(tmp_path / "shared.rocks.json", data)
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / "private.rocks.json").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "shared.rocks.json").stat().st_mode) == 0o664


def test_a_plan_save_cleans_stale_export_parts_of_any_name(tmp_path):
    pid = dead_pid()
    stale = [tmp_path / f".chart.pdf.{pid}.abcd1234.part.pdf", tmp_path / f".people.xlsx.{pid}.0f0f0f0f.part.xlsx"]
    kept = [
        tmp_path / f".chart.pdf.{pid}.efgh5678.part.pdf",  # young: maybe a slow export
        tmp_path / f".chart.pdf.{os.getpid()}.ijkl9012.part.pdf",  # a live process (ours)
        tmp_path / ".chart.pdf.k2j4h5g6.part.pdf",  # old naming without a pid: whose, we cannot tell
        tmp_path / f".notes.txt.{pid}.abcd1234.tmp",  # another file's save temp: cleaned by its own save
        tmp_path / ".chart.pdf.notes.part.pdf",  # not our pattern
        tmp_path / f"chart.pdf.{pid}.abcd1234.part.pdf",  # not hidden: not ours
    ]
    for p in (*stale, *kept):
        p.write_text("x")
        if p != kept[0]:
            os.utime(p, (1, 1))
    fileio.save(templates.load_template("first-pm"), tmp_path / "plan.rocks.json")
    assert [p.name for p in stale if p.exists()] == []
    assert [p.name for p in kept if not p.exists()] == []


def test_stale_parts_in_the_folder_go_with_the_plans_own_temps(tmp_path):
    pid = dead_pid()
    own = tmp_path / f".plan.rocks.json.{pid}.abcd1234.tmp"
    part = tmp_path / f".report.pdf.{pid}.abcd1234.part.pdf"
    for p in (own, part):
        p.write_text("x")
        os.utime(p, (1, 1))
    removed = atomic.remove_stale_temps(tmp_path, "plan.rocks.json", parts=True)
    assert sorted(removed) == sorted([own, part])
    assert atomic.remove_stale_temps(tmp_path, "plan.rocks.json") == []


def test_an_export_does_not_clean_other_names(tmp_path):
    """Exports clean their own temps only: a folder of someone's files is swept by a plan save, not by each export."""
    pid = dead_pid()
    other = tmp_path / f".chart.pdf.{pid}.abcd1234.part.pdf"
    other.write_text("x")
    os.utime(other, (1, 1))
    exporting.export(templates.load_template("first-pm"), tmp_path / "people.csv")
    assert other.exists()
