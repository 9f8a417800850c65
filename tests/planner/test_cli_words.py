"""What readers see: findings cite each check by its name and idea (never a repository path),
wording that matches each check's comparison, a JSON file that is not a plan, and command
names that always reach the command line (planner/checks/rules/, planner/planfile/plancheck.py,
ui/window/launcher.py)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models import Person, Plan, Rock
from planner.checks.analysis import Analysis
from planner.checks.rules import ALL_RULES, RULES
from planner.cli.main import build_parser
from planner.core.errors import PlanFileError
from planner.planfile import fileio
from tests.planner.helpers import run_cli as run
from ui.window.launcher import CLI_COMMANDS

ROOT = Path(__file__).resolve().parents[2]


def pms(project: float, overload: float = 0) -> Plan:
    """Pat spends ``project`` percent on project rocks; Max is loaded to 100 + ``overload`` percent."""
    plan = Plan(name="Words")
    plan.people = {
        "p1": Person("p1", "Pat", "Product Manager"),
        "p2": Person("p2", "Max", "Product Manager"),
    }
    plan.rocks = {
        "r1": Rock("r1", "Stand-ups", "project", project, "p1"),
        "r2": Rock("r2", "Roadmap", "product", 60, "p2"),
        "r3": Rock("r3", "Specs", "product", 40 + overload, "p2"),
    }
    return plan


# ------------------------------------------------- 1. a check's name and idea


def test_every_finding_source_is_the_checks_title_and_idea():
    for rule in ALL_RULES:
        assert rule.source == f"{rule.title}: {rule.idea}"
        assert "docs/" not in rule.source and ".md" not in rule.source
        assert rule.idea.endswith(".") and len(rule.idea) < 160  # a sentence, not the whole reasoning


def test_check_json_keeps_the_rule_id_and_drops_the_path(tmp_path):
    path = tmp_path / "plan.rocks.json"
    fileio.save(pms(30, overload=10), path)
    code, out, err = run("check", "--json", str(path))
    assert code == 0, err
    findings = json.loads(out)["findings"]
    assert {"tpm-needed", "overload"} <= {f["rule"] for f in findings}
    for f in findings:
        assert f["source"] == RULES[f["rule"]].source
        assert "docs/" not in json.dumps(f)


def test_findings_table_cites_checks_by_name(tmp_path):
    plan, out = tmp_path / "plan.rocks.json", tmp_path / "findings.csv"
    fileio.save(pms(30), plan)
    code, _, err = run("export", str(plan), "-o", str(out), "--table", "findings")
    assert code == 0, err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["source"] for r in rows] == [RULES[r["rule"]].source for r in rows]
    (row,) = [r for r in rows if r["rule"] == "tpm-needed"]
    assert row["source"].startswith("Project work eats PM time: Without a TPM")
    assert "docs/" not in out.read_text(encoding="utf-8")


# ---------------------------------------- 2. wording matches the comparison


def test_project_work_at_the_threshold_says_at_or_above():
    (f,) = [x for x in Analysis(pms(30)).findings.values() if x.rule == "tpm-needed"]
    assert "spends 30% of capacity on project work (at or above 30%)" in f.message
    assert "over 30%" not in f.message
    assert not [x for x in Analysis(pms(29)).findings.values() if x.rule == "tpm-needed"]


def test_overload_just_over_the_line_does_not_read_as_the_line():
    found = [x for x in Analysis(pms(0, overload=0.4)).findings.values() if x.rule == "overload"]
    assert len(found) == 1
    assert "is at 100.4% of capacity" in found[0].message and "over 100%" in found[0].message
    assert not [x for x in Analysis(pms(0)).findings.values() if x.rule == "overload"]  # 100% is not over


def test_settings_say_where_a_check_starts():
    words = {s.name: s.words for rule in ALL_RULES for s in rule.settings}
    assert words["tpm_project_share"].endswith("from which it is a finding")  # fires at the value itself
    assert words["coverage_team_pm"].endswith("from which it is a finding")


# ----------------------------------------------- 4. JSON that is not a plan


def nested_chart() -> dict[str, object]:
    """An org chart as other tools write it: people nested under "children"."""
    return {
        "id": "1",
        "name": "Ada Boss",
        "title": "general manager",
        "children": [
            {"id": "2", "name": "Ben Lead", "title": "department manager"},
            {"id": "3", "name": "Cy Dev", "title": "engineer", "children": [{"id": "4", "name": "Di", "title": "intern"}]},
        ],
    }


def test_a_nested_org_chart_is_one_clear_message():
    with pytest.raises(PlanFileError) as caught:
        fileio.loads(json.dumps(nested_chart()), "chart.json")
    error = caught.value
    assert str(error).startswith("chart.json: not a Rocks plan: ")
    assert "nested org chart" in str(error) and "schema_version" in str(error)
    assert "rocks import --people FILE -o plan.rocks.json" in str(error) and "CSV" in str(error)
    assert "unknown field" not in str(error) and error.details == []


@pytest.mark.parametrize("doc", [[{"name": "Ada"}], {"employees": []}, 42])
def test_other_json_is_not_a_plan_either(doc):
    with pytest.raises(PlanFileError, match="not a Rocks plan: ") as caught:
        fileio.loads(json.dumps(doc), "other.json")
    assert caught.value.details == []


def test_a_plan_with_a_mistake_still_lists_its_problems():
    with pytest.raises(PlanFileError) as caught:
        fileio.loads(json.dumps({"schema_version": 1, "peeple": []}), "typo.json")
    assert "peeple: unknown field" in str(caught.value) and "not a Rocks plan" not in str(caught.value)


def test_the_cli_says_it_once(tmp_path):
    path = tmp_path / "chart.json"
    path.write_text(json.dumps(nested_chart(), indent=2), encoding="utf-8")
    code, out, err = run("check", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "not a Rocks plan" in err and "rocks import" in err


# ------------------------------------------------- 5. command names reach the CLI


def test_every_cli_command_is_routed_to_the_cli():
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    commands = set(sub.choices) - {"open"}  # type: ignore[attr-defined]
    assert commands <= CLI_COMMANDS
    assert {"team", "rock"} <= CLI_COMMANDS


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check applies to X11/Wayland systems")
@pytest.mark.parametrize("command", ["team", "rock"])
def test_a_command_without_arguments_shows_its_usage_not_no_display(command):
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"}}
    env.pop("QT_QPA_PLATFORM", None)
    env["XDG_RUNTIME_DIR"] = "/nonexistent"
    code = "import sys; from ui.window.launcher import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run(
        [sys.executable, "-c", code, command], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"usage: rocks {command}")
    assert "no display" not in result.stderr and "Traceback" not in result.stderr
