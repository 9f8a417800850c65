"""Every `rocks` command that writes a file refuses an existing one without --force; paths echoed
clean; a closed stdout or stderr is a one-line error (or silence), never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.planfile import fileio
from planner.planfile.templates import TEMPLATES_DIR
from tests.planner.helpers import run_cli as run

ROOT = Path(__file__).resolve().parents[2]
HIRE = ("--role", "pm", "--strategy", "balance", "--manager", "p1", "--apply")


@pytest.fixture
def plan_file(tmp_path) -> Path:
    path = tmp_path / "plan.rocks.json"
    shutil.copy(TEMPLATES_DIR / "first-pm.rocks.json", path)
    return path


@pytest.fixture
def notes(tmp_path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("my notes, not a plan\n")
    return path


# ------------------------------------------------------------ hire --apply


def test_hire_apply_refuses_an_existing_output(plan_file, notes):
    before = plan_file.read_bytes()
    code, out, err = run("hire", str(plan_file), *HIRE, "-o", str(notes))
    assert code == 2
    assert err.strip() == f"rocks: {notes}: already exists (use --force to overwrite)"
    assert "Traceback" not in err and "wrote" not in out
    assert notes.read_text() == "my notes, not a plan\n"
    assert plan_file.read_bytes() == before


def test_hire_apply_force_overwrites(plan_file, notes):
    code, out, err = run("hire", str(plan_file), *HIRE, "-o", str(notes), "--force")
    assert code == 0, err
    assert f"wrote {notes}" in out
    assert any(p.status == "planned" for p in fileio.load(notes).people.values())


def test_hire_apply_may_write_back_to_its_own_file(plan_file, tmp_path):
    code, _, err = run("hire", str(plan_file), *HIRE)
    assert code == 0, err
    code, _, err = run("hire", str(plan_file), *HIRE, "-o", str(plan_file))  # -o FILE itself
    assert code == 0, err
    os.chdir(tmp_path)
    code, _, err = run("hire", str(plan_file), *HIRE, "-o", "./plan.rocks.json")  # another spelling of it
    assert code == 0, err


def test_hire_apply_refuses_a_folder_even_with_force(plan_file, tmp_path):
    folder = tmp_path / "out.rocks.json"
    folder.mkdir()
    code, _, err = run("hire", str(plan_file), *HIRE, "-o", str(folder), "--force")
    assert code == 2
    assert str(folder) in err and "folder" in err and "Traceback" not in err


# ------------------------------------------------------------- timeline -o


def test_timeline_refuses_an_existing_chart(plan_file, tmp_path):
    chart = tmp_path / "existing.pdf"
    chart.write_bytes(b"%PDF- someone else's chart")
    code, out, err = run("timeline", str(plan_file), "-o", str(chart))
    assert code == 2
    assert err.strip() == f"rocks: {chart}: already exists (use --force to overwrite)"
    assert out == ""  # refused before any work
    assert chart.read_bytes() == b"%PDF- someone else's chart"
    code, out, err = run("timeline", str(plan_file), "-o", str(chart), "--force")
    assert code == 0, err
    assert chart.read_bytes().startswith(b"%PDF") and chart.read_bytes() != b"%PDF- someone else's chart"


def test_a_dangling_link_counts_as_existing(plan_file, tmp_path):
    link = tmp_path / "chart.svg"
    link.symlink_to(tmp_path / "nowhere.svg")
    code, _, err = run("timeline", str(plan_file), "-o", str(link))
    assert code == 2 and "already exists" in err
    assert not (tmp_path / "nowhere.svg").exists()


# ------------------------------------------------------- one helper for all


@pytest.mark.parametrize(
    "argv",
    [
        ("new", "-o", "{out}"),
        ("import", "--people", "{people}", "-o", "{out}"),
        ("export", "{plan}", "-o", "{out}.csv"),
        ("team", "{plan}", "Core", "--new", "-o", "{out}"),
        ("hire", "{plan}", *HIRE, "-o", "{out}"),
    ],
)
def test_every_writing_command_says_the_same_thing(argv, plan_file, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,role,manager\nAna,PM,\n")
    out = tmp_path / "taken"
    (tmp_path / "taken").write_text("x")
    (tmp_path / "taken.csv").write_text("x")
    args = [a.format(out=out, plan=plan_file, people=people) for a in argv]
    code, _, err = run(*args)
    assert code == 2
    assert err.strip() == f"rocks: {args[args.index('-o') + 1]}: already exists (use --force to overwrite)"


# --------------------------------------------------------- clean echo (17)


@pytest.mark.parametrize("command", ["new", "import"])
def test_new_and_import_echo_the_output_path_clean(command, tmp_path):
    out = tmp_path / "x\x1b[2Jy.rocks.json"
    people = tmp_path / "people.csv"
    people.write_text("name,role,manager\nAna,PM,\n")
    argv = ["new", "-o", str(out)] if command == "new" else ["import", "--people", str(people), "-o", str(out)]
    code, stdout, err = run(*argv)
    assert code == 0, err
    assert "\x1b" not in stdout
    assert "x\\x1b[2Jy.rocks.json" in stdout
    assert out.exists()


def test_import_workbook_echoes_the_output_path_clean(plan_file, tmp_path):
    book = tmp_path / "plan.xlsx"
    assert run("export", str(plan_file), "-o", str(book))[0] == 0
    out = tmp_path / "back\x07.rocks.json"
    code, stdout, err = run("import", "--workbook", str(book), "-o", str(out))
    assert code == 0, err
    assert "\x07" not in stdout and "back\\x07.rocks.json" in stdout


# --------------------------------------------------- closed stdout/stderr (12)


def shell(command: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m planner.cli.main`` through sh with redirections such as ``>&-``."""
    script = f'"$0" -m planner.cli.main "$@" {command}'
    return subprocess.run(["sh", "-c", script, sys.executable, *args], capture_output=True, cwd=ROOT, timeout=120)


def test_closed_stdout_is_one_line_on_stderr(plan_file):
    result = shell(">&-", "summary", str(plan_file))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "Traceback" not in err and "AttributeError" not in err
    assert err.count("\n") == 1 and err.startswith("rocks: ") and "standard output" in err


def test_closed_stdout_and_json_output(plan_file):
    result = shell(">&-", "check", str(plan_file), "--json")
    assert result.returncode == 2
    assert result.stderr.decode().startswith("rocks: ") and b"Traceback" not in result.stderr


def test_closed_stdout_with_nothing_to_print_is_fine(plan_file, tmp_path):
    result = shell(">&-", "summary", str(tmp_path / "missing.rocks.json"))
    assert result.returncode == 2  # the error itself, not a crash on the closed stream
    assert result.stderr.decode() == f"rocks: {tmp_path / 'missing.rocks.json'}: no such file\n"
    people = tmp_path / "people.csv"
    people.write_text("name,role,manager\nAna,PM,\n")
    result = shell(">&-", "import", "--people", str(people), "-o", str(tmp_path / "out.rocks.json"))
    assert b"Traceback" not in result.stderr
    assert (tmp_path / "out.rocks.json").exists()  # the work is done; only the report of it could not be shown


def test_closed_stderr_keeps_errors_off_stdout(tmp_path):
    result = shell("2>&-", "summary", str(tmp_path / "missing.rocks.json"))
    assert result.returncode == 2
    assert result.stdout == b""  # the error does not land in the output
    result = shell("2>&-", "summary", "--no-such-option")
    assert result.returncode == 2 and result.stdout == b""


def test_closed_stderr_does_not_stop_a_command_that_only_notes(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,role,manager\nAna,PM,\nBen,Engineer,Nobody\n")
    out = tmp_path / "out.rocks.json"
    result = shell("2>&-", "import", "--people", str(people), "--lenient", "-o", str(out))
    assert result.returncode == 0
    assert result.stdout.decode().startswith(f"wrote {out}")
    assert out.exists()


def test_hire_output_without_apply_is_refused(plan_file, notes):
    code, out, err = run("hire", str(plan_file), "--role", "pm", "--strategy", "balance", "-o", str(notes))
    assert code == 2 and out == ""
    assert err.strip() == f"rocks: -o {notes}: nothing is written without --apply"
    assert notes.read_text() == "my notes, not a plan\n"
