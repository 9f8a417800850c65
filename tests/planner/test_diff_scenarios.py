"""`rocks diff a.rocks.json b.rocks.json` sees the files' scenarios (added, removed, renamed,
changed), and its findings lines are never cut (planner/whatif/diff.py, planner/cli/whatif.py)."""

from __future__ import annotations

import json
from pathlib import Path

from models import Plan
from planner.planfile import fileio, templates
from planner.whatif.diff import FindingDelta, PlanDiff, Renamed, Scenario, ScenarioChanged, compare
from planner.whatif.filediff import compare_files
from planner.whatif.scenarios import copy_plan
from tests.planner.helpers import run_cli as run
from tests.planner.strategies import sample_plan


def with_scenarios(**scenarios: Plan) -> Plan:
    book = sample_plan()
    book.scenarios = dict(scenarios)
    return book


def hire_tpm(base: Plan) -> Plan:
    plan = copy_plan(base)
    plan.rocks["r1"].owner = "p4"
    return plan


def saved(tmp_path: Path, name: str, book: Plan) -> Path:
    path = tmp_path / name
    fileio.save(book, path)
    return path


def test_a_scenario_added_in_b_is_a_difference(tmp_path):
    a = saved(tmp_path, "a.rocks.json", with_scenarios())
    b = saved(tmp_path, "b.rocks.json", with_scenarios(**{"Hire a TPM": hire_tpm(sample_plan())}))
    code, out, err = run("diff", str(a), str(b))
    assert code == 0, err
    assert "No differences" not in out
    lines = out.splitlines()
    assert lines[1] == "1 scenario added."
    assert lines[3:] == ["Scenarios added:", "- Hire a TPM"]


def test_removed_renamed_and_changed_scenarios(tmp_path):
    base = sample_plan()
    a = with_scenarios(**{"Old name": copy_plan(base), "Dropped idea": hire_tpm(base), "Tweaked": copy_plan(base)})
    tweaked = copy_plan(base)
    tweaked.people["p4"].capacity = 50
    b = with_scenarios(**{"New name": copy_plan(base), "Tweaked": tweaked, "Fresh": copy_plan(base)})
    b.scenarios["Fresh"].rocks["r2"].effort += 5  # other changes than the dropped idea's: added + removed
    d = compare_files(fileio.loads(fileio.dumps(a)), fileio.loads(fileio.dumps(b)), "a", "b")
    assert d.scenarios_renamed == [Renamed("Old name", "New name")]
    assert d.scenarios_removed == [Scenario("Dropped idea")]
    assert d.scenarios_added == [Scenario("Fresh")]
    assert d.scenarios_changed == [ScenarioChanged("Tweaked", "1 person changed")]
    text = d.review_text()
    assert text.splitlines()[0] == "1 scenario added; 1 scenario removed; 1 scenario renamed; 1 scenario changed."
    assert "Scenarios renamed:\n- Old name -> New name\n" in text
    assert text.endswith("Scenarios changed:\n- Tweaked: 1 person changed")


def test_two_scenarios_with_the_same_content_renamed_pair_up_once(tmp_path):
    base = sample_plan()
    a = with_scenarios(**{"x": copy_plan(base), "y": copy_plan(base)})
    b = with_scenarios(**{"x2": copy_plan(base), "y2": copy_plan(base), "z": copy_plan(base)})
    d = compare_files(a, b)
    assert d.scenarios_renamed == [Renamed("x", "x2"), Renamed("y", "y2")]
    assert d.scenarios_added == [Scenario("z")] and d.scenarios_removed == []


def test_the_same_file_with_its_scenarios_has_no_differences(tmp_path):
    book = with_scenarios(**{"Hire a TPM": hire_tpm(sample_plan())})
    a, b = saved(tmp_path, "a.rocks.json", book), saved(tmp_path, "b.rocks.json", book)
    code, out, _ = run("diff", str(a), str(b))
    assert code == 0 and out.splitlines()[1] == "No differences."


def test_json_lists_the_scenarios(tmp_path):
    a = saved(tmp_path, "a.rocks.json", with_scenarios(**{"Old": copy_plan(sample_plan())}))
    b = saved(tmp_path, "b.rocks.json", with_scenarios(**{"New": copy_plan(sample_plan())}))
    code, out, _ = run("diff", str(a), str(b), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["identical"] is False
    assert doc["scenarios_renamed"] == [{"old": "Old", "new": "New", "changes": ""}]  # "": the same content
    assert doc["scenarios_added"] == doc["scenarios_removed"] == doc["scenarios_changed"] == []


def test_comparing_a_baseline_with_its_scenario_says_nothing_about_scenarios(tmp_path):
    """FILE A B compares two plans of one file: the book's own scenario list is not a change."""
    book = with_scenarios(**{"Hire a TPM": hire_tpm(sample_plan())})
    path = saved(tmp_path, "a.rocks.json", book)
    code, out, _ = run("diff", str(path), "baseline", "Hire a TPM")
    assert code == 0 and "scenario" not in out.split("\n", 1)[1].casefold()
    assert compare(book, book.scenarios["Hire a TPM"]).scenarios_removed == []


def test_findings_lines_are_never_cut():
    long = "Someone is at 125% across 4 disciplines (" + ", ".join(f"discipline {i} 10%" for i in range(40)) + ")"
    d = PlanDiff(
        findings_resolved=[FindingDelta("unicorn", ("p1",), long, None, "warning")],
        findings_introduced=[FindingDelta("unicorn", ("p2",), None, long + " new", "warning")],
        findings_changed=[FindingDelta("overload", ("p3",), long + " before", long + " after", "error")],
    )
    text = d.review_text()
    assert "…" not in text
    assert f"- Spread across disciplines: {long}\n" in text
    assert f"- Spread across disciplines: {long} new\n" in text
    assert f"- Overload: {long} before -> {long} after" in text


def test_template_findings_come_out_whole():
    """solo-founder -> series-b: the unicorn finding used to end in '…' before 'a split candidate'."""
    a, b = (str(templates.TEMPLATES_DIR / f"{n}{fileio.EXTENSION}") for n in ("solo-founder", "series-b"))
    code, out, _ = run("diff", a, b)
    assert code == 0
    findings = [line for line in out.splitlines() if line.startswith("- Spread across disciplines:")]
    assert findings and all(line.endswith("a split candidate") for line in findings)
    assert not any(line.endswith("…") for line in out.splitlines())
