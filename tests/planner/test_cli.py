"""The `rocks` command line, end to end, as a user runs it (a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.checks.rules import RULES
from tests.planner.helpers import planned_pm_book, rocks

RULE_TITLES = {rid: rule.title for rid, rule in RULES.items()}

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "import"  # copies of real files; the suite needs nothing beside the repo


def test_templates_lists_the_four_builtins():
    result = rocks("templates")
    assert result.returncode == 0
    for name in ("solo-founder", "first-pm", "series-b", "scale-up"):
        assert name in result.stdout


def test_new_then_check_json(tmp_path):
    out = tmp_path / "plan.rocks.json"
    result = rocks("new", "--template", "solo-founder", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.exists()
    result = rocks("check", str(out), "--json")
    doc = json.loads(result.stdout)
    assert set(doc) == {"summary", "findings"}
    for key in ("people", "rocks", "engineers", "pms"):
        assert key in doc["summary"]
    rules = {f["rule"] for f in doc["findings"]}
    assert {"acting-pm", "unicorn"} <= rules
    has_error = any(f["severity"] == "error" for f in doc["findings"])
    assert result.returncode == (1 if has_error else 0)
    for f in doc["findings"]:
        assert set(f) == {"rule", "severity", "message", "subjects", "source"}
        assert f["source"].startswith(RULE_TITLES[f["rule"]] + ": ") and "docs/" not in f["source"]


def test_new_refuses_to_overwrite(tmp_path):
    out = tmp_path / "plan.rocks.json"
    out.write_text("keep me")
    result = rocks("new", "--template", "first-pm", "-o", str(out))
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert out.read_text() == "keep me"


def test_new_unknown_template_lists_names(tmp_path):
    result = rocks("new", "--template", "nope", "-o", str(tmp_path / "x.rocks.json"))
    assert result.returncode == 2
    assert "series-b" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_clean_plan_exits_zero_and_error_plan_exits_one(tmp_path):
    clean = tmp_path / "clean.rocks.json"
    rocks("new", "--template", "scale-up", "-o", str(clean))
    result = rocks("check", str(clean))
    assert result.returncode == 0
    assert "0 errors, 0 warnings" in result.stdout
    heavy = tmp_path / "heavy.rocks.json"
    rocks("new", "--template", "solo-founder", "-o", str(heavy))
    result = rocks("check", str(heavy))
    assert result.returncode == 1
    assert "  ERROR   Overload: " in result.stdout  # the rule by its title


@pytest.mark.parametrize(
    "content, expected",
    [
        ("{not json", "not valid JSON"),
        ('{"schema_version": 99}', "newer version"),
        ('{"schema_version": 1, "people": [{"id": "a", "name": "A", "capacity": "lots"}]}', "people[0].capacity"),
    ],
)
def test_check_unreadable_file_exits_two_without_traceback(tmp_path, content, expected):
    bad = tmp_path / "bad.rocks.json"
    bad.write_text(content)
    result = rocks("check", str(bad))
    assert result.returncode == 2
    assert expected in result.stderr
    assert str(bad) in result.stderr
    assert "Traceback" not in result.stderr


def test_check_missing_file(tmp_path):
    result = rocks("check", str(tmp_path / "nope.rocks.json"))
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_summary_table(tmp_path):
    out = tmp_path / "p.rocks.json"
    rocks("new", "--template", "series-b", "-o", str(out))
    result = rocks("summary", str(out))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["name", "role", "family", "load"]
    assert any("Samir Haddad" in line and "110" in line for line in lines)


def test_import_real_drawio_file(tmp_path):
    out = tmp_path / "drawio.rocks.json"
    result = rocks("import", "--people", str(DATA / "drawio-default-orgchart.csv"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "ignored columns" in result.stderr
    plan = json.loads(out.read_text())
    names = {p["name"]: p for p in plan["people"]}
    assert set(names) == {"Tessa Miller", "Edward Morrison", "Alison Donovan", "Evan Valet"}
    assert "manager" not in names["Tessa Miller"]
    tessa = names["Tessa Miller"]["id"]
    assert names["Evan Valet"]["manager"] == tessa
    assert len(names["Alison Donovan"]["dotted"]) == 2
    check = rocks("check", str(out))
    assert check.returncode == 0


def test_import_error_lists_rows_and_writes_nothing(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,role,manager\nAna,Head of Product,\nBen,PM,Zed\nCy,PM,Nobody\n")
    out = tmp_path / "out.rocks.json"
    result = rocks("import", "--people", str(people), "-o", str(out))
    assert result.returncode == 2
    assert "people.csv:3" in result.stderr and "people.csv:4" in result.stderr
    assert "Zed" in result.stderr
    assert not out.exists()
    assert not list(tmp_path.glob("*.tmp"))
    lenient = rocks("import", "--people", str(people), "-o", str(out), "--lenient")
    assert lenient.returncode == 0, lenient.stderr
    assert out.exists()


def test_cli_never_imports_qt(tmp_path):
    out = tmp_path / "p.rocks.json"
    rocks("new", "--template", "first-pm", "-o", str(out))
    code = (
        "import sys; from ui.window.launcher import main; main(['check', sys.argv[1]]); "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'matplotlib', 'pandas'))]; "
        "print('LOADED', bad)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, cwd=ROOT)
    assert "LOADED []" in result.stdout, result.stdout + result.stderr


def test_check_counts_use_plurals(tmp_path):
    path = tmp_path / "p.rocks.json"
    assert rocks("new", "--template", "series-b", "-o", str(path)).returncode == 0
    result = rocks("check", str(path))
    found = [f["severity"] for f in json.loads(rocks("check", str(path), "--json").stdout)["findings"]]
    errors, warnings, infos = (found.count(s) for s in ("error", "warning", "info"))
    assert warnings > 1
    expected = f"{errors} error{'' if errors == 1 else 's'}, {warnings} warnings, {infos} info"
    assert result.stdout.splitlines()[-1] == expected
    assert result.stdout.startswith("Series B sample: Fernway: 11 people, 41 rocks, 35 engineers, ")


def test_check_names_each_rule_by_its_title_and_the_json_by_its_id(tmp_path):
    from planner.checks.rules import RULES, title_of

    path = tmp_path / "p.rocks.json"
    assert rocks("new", "--template", "series-b", "-o", str(path)).returncode == 0
    text = rocks("check", str(path)).stdout.splitlines()
    findings = json.loads(rocks("check", str(path), "--json").stdout)["findings"]
    assert findings and len(text) == len(findings) + 2  # the header, a line per finding, the counts
    for line, f in zip(text[1:], findings):
        assert line.split(maxsplit=1)[1] == f"{title_of(f['rule'])}: {f['message']}"
        assert f["rule"] in RULES and title_of(f["rule"]) != f["rule"]
    for rule in RULES:
        assert f"[{rule}]" not in "\n".join(text)


PLANNED_PM = "6 engineers, 0 PMs, PM:eng no PM today; 1 PM, PM:eng 1:6 once planned hires start"


def test_check_summary_and_scenarios_count_a_planned_pm_once_planned_hires_start(tmp_path):
    path = planned_pm_book(tmp_path)
    result = rocks("check", str(path))
    assert result.stdout.splitlines()[0] == "Seed: 1 person, 0 rocks, 6 engineers, 0 PMs, PM:eng no PM"
    result = rocks("check", str(path), "--scenario", "Hire a PM")
    assert result.stdout.splitlines()[0] == f"Seed: 2 people, 0 rocks, {PLANNED_PM}"
    summary = json.loads(rocks("check", str(path), "--scenario", "Hire a PM", "--json").stdout)["summary"]
    assert (summary["pms"], summary["pms_planned"], summary["engineers_per_pm_planned"]) == (0, 1, 6.0)

    result = rocks("summary", str(path), "--scenario", "Hire a PM")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].split()[:4] == ["name", "role", "family", "load"]
    assert result.stdout.splitlines()[-1] == f"2 people, 0 rocks, {PLANNED_PM}"

    result = rocks("scenarios", str(path))
    assert result.returncode == 0
    baseline, hire = result.stdout.splitlines()
    assert baseline.startswith("baseline: 1 person, 0 rocks, 0 PMs, PM:eng no PM, 0 over capacity, 0 errors, ")
    assert hire.startswith(
        "Hire a PM: 2 people, 0 rocks, 0 PMs, PM:eng no PM today; 1 PM, PM:eng 1:6 once planned hires start, "
    )
    rows = json.loads(rocks("scenarios", str(path), "--json").stdout)["scenarios"]
    assert [(r["name"], r["pms"], r["pms_planned"], r["engineers_per_pm_planned"]) for r in rows] == [
        ("baseline", 0, 0, None), ("Hire a PM", 0, 1, 6.0)]  # fmt: skip
