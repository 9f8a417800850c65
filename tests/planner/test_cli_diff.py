"""`rocks diff OLD NEW [--json]` and `rocks diff --textconv FILE` as a git diff driver."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.planfile import fileio
from tests.planner.helpers import planned_pm_book, rocks
from tests.planner.helpers import run_cli as run
from tests.planner.strategies import sample_plan


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.rocks.json", tmp_path / "new.rocks.json"
    plan = sample_plan()
    fileio.save(plan, old)
    plan.rocks["r1"].owner = "p4"  # Pricing: Cy Park -> Dee Lin
    plan.people["p4"].name = "Dee \x1b[2J Lin"  # terminal escapes in a name
    fileio.save(plan, new)
    return old, new


def test_diff_two_files_reads_like_a_review(two):
    old, new = two
    result = rocks("diff", str(old), str(new))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{old} -> {new}"
    assert lines[1].startswith("Dee \\x1b[2J Lin takes Pricing from Cy Park (")
    assert "\x1b" not in result.stdout
    assert "- Pricing: Cy Park -> Dee \\x1b[2J Lin" in lines


def test_diff_json(two):
    code, out, _ = run("diff", *map(str, two), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["a"].endswith("old.rocks.json") and doc["identical"] is False
    assert doc["rocks_moved"] == [{"rock": "r1", "title": "Pricing", "from": "p3", "to": "p4"}]
    assert "\x1b" not in out  # JSON escapes it


def test_diff_of_scenarios_counts_a_planned_pm_once_planned_hires_start(tmp_path):
    path = planned_pm_book(tmp_path)
    code, out, _ = run("diff", str(path), "baseline", "Hire a PM")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "baseline -> Hire a PM"
    assert lines[1].startswith("1 person added; PMs 0 -> 1, PM:eng no PM -> 1:6 once planned hires start")
    assert "- PMs (once planned hires start): 0 -> 1" in lines
    assert "- PM:eng (once planned hires start): no PM -> 1:6" in lines
    assert not any("0 -> 0" in line for line in lines)
    # Findings are named by their rule's title in the text, by its id in the JSON.
    resolved = lines[lines.index("Findings resolved:") + 1]
    assert resolved.startswith("- PM to engineering ratio: 6 engineers and no product manager")
    assert "pm-eng-ratio" not in out
    code, out, _ = run("diff", str(path), "baseline", "Hire a PM", "--json")
    doc = json.loads(out)
    assert {"name": "pms_planned", "old": 0, "new": 1} in doc["metrics"]
    assert {"name": "engineers_per_pm_planned", "old": None, "new": 6.0} in doc["metrics"]
    assert doc["totals"]["b"]["pms_planned"] == 1 and doc["totals"]["b"]["pms"] == 0
    assert [f["rule"] for f in doc["findings_resolved"]] == ["pm-eng-ratio"]


def test_diff_identical_files_exit_zero(two):
    old, _ = two
    code, out, _ = run("diff", str(old), str(old))
    assert code == 0
    assert out.splitlines()[1] == "No differences."


def test_diff_unreadable_file_exit_two(two, tmp_path):
    old, _ = two
    code, out, err = run("diff", str(old), str(tmp_path / "missing.rocks.json"))
    assert code == 2 and out == ""
    assert "missing.rocks.json" in err and "Traceback" not in err
    bad = tmp_path / "bad.rocks.json"
    bad.write_text("{nope")
    code, _, err = run("diff", str(bad), str(old))
    assert code == 2 and "bad.rocks.json" in err


def test_diff_wrong_number_of_files_exit_two(two):
    old, new = two
    code, _, err = run("diff", str(old))
    assert code == 2 and "two plan files" in err
    code, _, err = run("diff", "--textconv", str(old), str(new))
    assert code == 2 and "exactly one" in err


def test_textconv_prints_one_plan_cleaned(two):
    _, new = two
    code, out, _ = run("diff", "--textconv", str(new))
    assert code == 0
    assert out.startswith("plan: Acme product org\n")
    assert "Dee \\x1b[2J Lin [p4]" in out and "\x1b" not in out


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_diff_uses_textconv_and_shows_a_moved_rock(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=60, check=True)
        return done.stdout

    git("init", "-q")
    git("config", "user.email", "t@example.test")
    git("config", "user.name", "Test")
    git("config", "commit.gpgsign", "false")
    # What a user sets as `rocks diff --textconv`; the interpreter running the tests stands in for the script.
    launcher = "import sys; from ui.window.launcher import main; sys.exit(main(['diff', '--textconv', *sys.argv[1:]]))"
    git("config", "diff.rocks.textconv", f"'{sys.executable}' -c \"{launcher}\"")
    (repo / ".gitattributes").write_text("*.rocks.json diff=rocks\n")
    plan = sample_plan()
    path = repo / "org.rocks.json"
    fileio.save(plan, path)
    git("add", ".")
    git("commit", "-q", "-m", "start")
    plan.rocks["r1"].owner = "p4"
    fileio.save(plan, path)
    diff = git("diff", "--no-color", "-U0")
    assert '"owner"' not in diff  # the JSON is not what git shows
    rock = "* Pricing [r1] operations 20% tactical active, area Payments"
    assert f"-        {rock}" in diff.splitlines()
    assert f"+        {rock}" in diff.splitlines()
    assert "+      Cy Park [p3]: Senior Product Manager; capacity 100%; load 35%; team t1" in diff.splitlines()
