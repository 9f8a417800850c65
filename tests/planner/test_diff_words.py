"""What `rocks diff` says, word for word: a scenario renamed and edited is one renamed scenario
with what changed, a changed scenario says what changed, rock titles come whole, and rocks
sharing a title are told apart (planner/whatif/diff.py, planner/whatif/filediff.py)."""

from __future__ import annotations

from pathlib import Path

from models import Person, Plan, Rock
from planner.planfile import fileio
from planner.whatif.diff import Renamed, Scenario, ScenarioChanged, compare
from planner.whatif.filediff import changes_text, compare_files
from planner.whatif.scenarios import copy_plan
from tests.planner.helpers import run_cli as run

LONG = "Pricing and packaging for the enterprise tier, with the partner discount ladder and the annual plan"


def org() -> Plan:
    """Ana leads two PMs; each owns a rock called 'Release planning'; a TPM-less team."""
    plan = Plan(name="Words")
    plan.people = {
        "p1": Person("p1", "Ana", "Head of Product"),
        "p2": Person("p2", "Lee", "Product Manager", manager="p1"),
        "p3": Person("p3", "Dana", "Product Manager", manager="p1"),
        "p4": Person("p4", "Sam", "Software Engineer", manager="p1"),
    }
    plan.rocks = {
        "r1": Rock("r1", "Pricing", "operations", 20, "p2"),
        "r2": Rock("r2", "Release planning", "project", 10, "p2"),
        "r3": Rock("r3", "Release planning", "project", 10, "p3"),
        "r4": Rock("r4", "Roadmap", "product", 30, "p3"),
        "r5": Rock("r5", "Dashboards", "operations", 15, "p2"),
        "r6": Rock("r6", "Launches", "marketing", 10, "p3"),
    }
    return plan


def book(**scenarios: Plan) -> Plan:
    plan = org()
    plan.scenarios = dict(scenarios)
    return fileio.loads(fileio.dumps(plan))


def hire_pm(base: Plan) -> Plan:
    """A third PM who takes Pricing and Dashboards from Lee."""
    plan = copy_plan(base)
    plan.people["p9"] = Person("p9", "New PM", "Product Manager", manager="p1", status="planned")
    plan.rocks["r1"].owner = "p9"
    plan.rocks["r5"].owner = "p9"
    return plan


def drop_launches(base: Plan) -> Plan:
    plan = copy_plan(base)
    plan.rocks["r6"].state = "dropped"
    return plan


def test_a_scenario_renamed_and_edited_is_renamed_and_says_what_changed():
    base = org()
    edited = hire_pm(base)
    edited.rocks["r2"].owner = "p9"  # one more move under the new name
    d = compare_files(book(**{"Hire a PM": hire_pm(base)}), book(**{"Hire a PM (v2)": edited}), "a", "b")
    assert d.scenarios_added == [] and d.scenarios_removed == []
    assert d.scenarios_renamed == [Renamed("Hire a PM", "Hire a PM (v2)", "1 rock moved, 1 finding changed")]
    text = d.review_text()
    assert text.splitlines()[0] == "1 scenario renamed."
    assert "- Hire a PM -> Hire a PM (v2), and changed: 1 rock moved, 1 finding changed" in text.splitlines()


def test_unrelated_scenarios_stay_added_and_removed_while_a_renamed_one_pairs_with_its_edit():
    base = org()
    edited = hire_pm(base)
    edited.people["p9"].capacity = 80
    a = book(**{"Hire a PM": hire_pm(base), "Drop launches": drop_launches(base)})
    b = book(**{"Fresh idea": _tweak_roadmap(base), "Hire a PM, part time": edited})
    d = compare_files(a, b)
    assert d.scenarios_renamed == [Renamed("Hire a PM", "Hire a PM, part time", "1 person changed")]
    assert d.scenarios_removed == [Scenario("Drop launches")]
    assert d.scenarios_added == [Scenario("Fresh idea")]


def _tweak_roadmap(base: Plan) -> Plan:
    plan = copy_plan(base)
    plan.rocks["r4"].effort = 45
    return plan


def test_a_changed_scenario_says_what_changed_in_the_plan_diffs_terms():
    base = org()
    changed = hire_pm(base)
    changed.rocks["r2"].owner = "p9"
    del changed.people["p4"]
    d = compare_files(book(Hire=hire_pm(base)), book(Hire=changed))
    expected = changes_text(compare(hire_pm(base), changed))
    assert d.scenarios_changed == [ScenarioChanged("Hire", expected)]
    assert expected.startswith("1 rock moved, 1 person removed")
    assert f"Scenarios changed:\n- Hire: {expected}" in d.review_text()


def test_rock_titles_are_never_cut_old_or_new():
    a = org()
    b = copy_plan(a)
    b.rocks["r1"].title = LONG
    b.rocks["r4"].owner = "p2"
    b.rocks["r4"].title = "Roadmap " + "and more " * 8
    d = compare(a, b)
    text = d.review_text()
    assert "…" not in text
    assert f"- {LONG}: title Pricing -> {LONG}" in text.splitlines()
    assert f"- {'Roadmap ' + 'and more ' * 7}and more: Dana -> Lee" in text.splitlines()
    assert ("Roadmap " + "and more " * 7).strip() in text.splitlines()[0]  # the headline names it whole too


def test_rocks_sharing_a_title_are_named_by_their_owners():
    a = org()
    b = copy_plan(a)
    b.rocks["r2"].title = "Release train"
    b.rocks["r3"].title = "Release train"
    lines = compare(a, b).review_text().splitlines()
    edited = lines[lines.index("Rocks edited:") + 1 :][:2]
    assert edited == [
        "- Release train (Lee): title Release planning -> Release train",
        "- Release train (Dana): title Release planning -> Release train",
    ]


def test_rocks_sharing_a_title_and_an_owner_are_named_by_id():
    a = org()
    a.rocks["r3"].owner = "p2"
    b = copy_plan(a)
    b.rocks["r2"].effort = 15
    b.rocks["r3"].effort = 20
    lines = compare(a, b).review_text().splitlines()
    assert "- Release planning (Lee, r2): effort 10% -> 15%" in lines
    assert "- Release planning (Lee, r3): effort 10% -> 20%" in lines
    assert "- Roadmap" not in "\n".join(lines)  # a rock whose title is its own keeps its title alone


def test_a_unique_title_stays_as_it_is():
    a = org()
    b = copy_plan(a)
    b.rocks["r4"].owner = "p2"
    assert "- Roadmap: Dana -> Lee" in compare(a, b).review_text().splitlines()


def test_the_cli_says_renamed_with_the_changes(tmp_path: Path):
    base = org()
    edited = hire_pm(base)
    edited.rocks["r2"].owner = "p9"
    a, b = tmp_path / "a.rocks.json", tmp_path / "b.rocks.json"
    fileio.save(book(**{"Hire a PM": hire_pm(base)}), a)
    fileio.save(book(**{"Hire a PM (v2)": edited}), b)
    code, out, err = run("diff", str(a), str(b))
    assert code == 0, err
    assert out.splitlines()[1:] == [
        "1 scenario renamed.",
        "",
        "Scenarios renamed:",
        "- Hire a PM -> Hire a PM (v2), and changed: 1 rock moved, 1 finding changed",
    ]


def test_two_rocks_of_one_title_making_the_same_move_are_named_by_id():
    a = org()
    a.rocks["r3"].owner = "p2"
    b = copy_plan(a)
    b.rocks["r2"].owner = "p3"
    b.rocks["r3"].owner = "p3"
    lines = compare(a, b).review_text().splitlines()
    assert "- Release planning (r2): Lee -> Dana" in lines and "- Release planning (r3): Lee -> Dana" in lines
    assert "Release planning (r2) and Release planning (r3) from Lee" in lines[0]
