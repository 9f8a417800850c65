"""`rocks hire` and `rocks next`, end to end as a user runs them (a real process)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from models.roles import FAMILIES
from planner.cli.main import main
from planner.planfile import fileio
from planner.planfile.templates import TEMPLATES_DIR
from tests.planner.helpers import rocks


def template_copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.rocks.json"
    shutil.copy(TEMPLATES_DIR / f"{name}.rocks.json", path)
    return path


def test_hire_prints_the_proposal_and_changes_nothing_without_apply(tmp_path):
    path = template_copy(tmp_path, "series-b")
    before = path.read_bytes()
    result = rocks("hire", str(path), "--role", "tpm", "--strategy", "by-discipline", "--manager", "grace liu")
    assert result.returncode == 0, result.stderr
    assert "Hire New TPM: takes 9 rocks" in result.stdout
    assert "Cross-team coordination (project, 20%): Samir Haddad -> New TPM" in result.stdout
    assert "Daily stand-ups (product, 10%): Samir Haddad -> New TPM \u2014 defines the TPM role" in result.stdout
    assert "Samir Haddad: 110% -> 70%" in result.stdout
    assert "New TPM would start at 90% of capacity" in result.stdout
    resolved = result.stdout.split("Findings resolved")[1]
    assert "Project work eats PM time: " in resolved and "[tpm-needed]" not in resolved
    assert path.read_bytes() == before


def test_hire_apply_writes_one_hire_to_output(tmp_path):
    path = template_copy(tmp_path, "first-pm")
    out = tmp_path / "after.rocks.json"
    result = rocks(
        "hire",
        str(path),
        "--role",
        "pm",
        "--strategy",
        "balance",
        "--name",
        "Ivy Chen",
        "--manager",
        "p1",
        "--start",
        "2026-Q3",
        "--apply",
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    plan = fileio.load(out)
    ivy = next(p for p in plan.people.values() if p.name == "Ivy Chen")
    assert (ivy.manager, ivy.start, ivy.status) == ("p1", "2026-Q3", "planned")
    assert [r for r in plan.rocks.values() if r.owner == ivy.id]
    assert fileio.load(path).people.keys() == fileio.load(TEMPLATES_DIR / "first-pm.rocks.json").people.keys()


def test_hire_json(tmp_path):
    path = template_copy(tmp_path, "series-b")
    result = rocks("hire", str(path), "--role", "tpm", "--strategy", "balance", "--json", "--open")
    doc = json.loads(result.stdout)
    assert doc["person"]["status"] == "open" and doc["applied"] is False
    assert doc["moves"] and {"rock", "from", "to", "reason"} <= set(doc["moves"][0])
    assert "tpm-needed" in [f["rule"] for f in doc["findings_resolved"]]  # ids in --json
    assert doc["utilisation"] > 0 and doc["kept"] == [] and "note" in doc


def test_bad_role_or_strategy_lists_the_valid_ones_exit_2(tmp_path):
    path = template_copy(tmp_path, "series-b")
    result = rocks("hire", str(path), "--role", "wizard", "--strategy", "balance")
    assert result.returncode == 2
    assert ", ".join(FAMILIES) in result.stderr  # every role family, in the order models/roles.py lists them
    assert "Traceback" not in result.stderr
    result = rocks("hire", str(path), "--role", "pm", "--strategy", "greedy")
    assert result.returncode == 2
    assert "by-discipline, strategic-tactical, by-area, balance" in result.stderr


def test_ambiguous_or_unknown_manager_exit_2(tmp_path):
    path = template_copy(tmp_path, "series-b")
    plan = fileio.load(path)
    plan.people["p2"].name = "Elena Petrova"  # two people called Elena Petrova
    fileio.save(plan, path)
    result = rocks("hire", str(path), "--role", "pm", "--strategy", "balance", "--manager", "elena petrova")
    assert result.returncode == 2
    assert "matches 2 people" in result.stderr and "(p1)" in result.stderr and "(p2)" in result.stderr
    result = rocks("hire", str(path), "--role", "pm", "--strategy", "balance", "--manager", "Nobody Here")
    assert result.returncode == 2 and "No person" in result.stderr


def test_a_hire_that_cannot_help_says_so_and_apply_writes_nothing(tmp_path):
    path = template_copy(tmp_path, "series-b")
    before = path.read_bytes()
    out, err = io.StringIO(), io.StringIO()
    code = main(["hire", str(path), "--role", "eng", "--strategy", "by-discipline", "--apply"], out, err)
    assert code == 0
    assert "would start with nothing" in err.getvalue() and "nothing changed" in err.getvalue()
    assert path.read_bytes() == before


def test_plan_text_is_cleaned_on_the_terminal(tmp_path):
    path = template_copy(tmp_path, "series-b")
    plan = fileio.load(path)
    plan.people["p4"].name = "Samir\x1b[2J\nHaddad"
    fileio.save(plan, path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["hire", str(path), "--role", "tpm", "--strategy", "by-discipline"], out, err) == 0
    assert "\x1b" not in out.getvalue() and "Samir\\x1b[2J\\x0aHaddad" in out.getvalue()


def test_next_text_and_json(tmp_path):
    path = template_copy(tmp_path, "solo-founder")
    result = rocks("next", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1. Hire a PM: Maya Okafor (Founder & CEO) is at 125%")
    assert "acting-pm" not in result.stdout and "try: rocks hire FILE --role pm --strategy " in result.stdout
    doc = json.loads(rocks("next", str(path), "--json").stdout)
    first = doc["suggestions"][0]
    assert first["kind"] == "hire" and first["role"] == "pm" and first["rule"] == "acting-pm"
    assert set(first["relief"]) >= {"findings_resolved", "max_load_before", "max_load_after", "people"}


def test_next_on_a_missing_file_exit_2(tmp_path):
    result = rocks("next", str(tmp_path / "nope.rocks.json"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
