"""The people table's rows (planner.checks.people_table): what each column reads, and
that re-reading only the rows a Changes record names keeps them equal to a full build."""

from __future__ import annotations

import pytest

from models import Person, Plan, Rock, RuleSettings, Settings, Team
from planner.checks.people_table import filter_words, matches, people_rows, person_row, rows_touched
from planner.editing import operations as ops
from planner.editing.document import Document


def make_plan() -> Plan:
    plan = Plan(name="Table org")
    plan.teams = {"t1": Team("t1", "Payments", headcount=12), "t2": Team("t2", "Growth", headcount=6)}
    for p in (
        Person("p1", "Dana", "Head of Product", team="t1"),
        Person("p2", "Eli\nSecond line", "Senior Product Manager", manager="p1", team="t1", capacity=50),
        Person("p3", "Finn", "Product Designer", manager="p1", team="t2"),
        Person("p4", "Gus", "Product Manager", manager="p1", status="planned", start="2027-Q2"),
        Person("p5", "Hana", "TPM", manager="p1", status="open"),
    ):
        plan.people[p.id] = p
    for r in (
        Rock("r1", "Roadmap", "product", 40, owner="p2"),
        Rock("r2", "Pricing", "operations", 20, owner="p2"),
        Rock("r3", "Design system", "design", 30, owner="p3"),
        Rock("r4", "Vision", "strategy", 30, owner="p1"),
        Rock("r5", "Old launch", "marketing", 10, owner="p1", state="dropped"),
        Rock("r6", "Dashboards", "operations", 10),
    ):
        plan.rocks[r.id] = r
    return plan


def rows_by_id(doc: Document) -> dict[str, object]:
    return {row.id: row for row in people_rows(doc.plan, doc.analysis)}


def test_a_row_reads_the_plan_and_the_analysis():
    doc = Document(make_plan())
    rows = rows_by_id(doc)
    assert list(rows) == ["p1", "p2", "p3", "p4", "p5"]  # plan order
    eli = rows["p2"]
    assert (eli.name, eli.role, eli.family, eli.family_label) == (
        "Eli Second line",  # one line in a cell
        "Senior Product Manager",
        "pm",
        "Product manager",
    )
    assert (eli.team, eli.team_id, eli.manager, eli.manager_id) == ("Payments", "t1", "Dana", "p1")
    # 60% of a week on a half-time person: 120% of capacity, over the Overload check's 100%.
    assert eli.effort == 60 and eli.load == pytest.approx(120) and eli.overloaded
    assert eli.by_discipline == pytest.approx({"product": 80, "operations": 40})
    assert sum(eli.by_discipline.values()) == pytest.approx(eli.load)
    assert eli.rocks == 2 and eli.status_text == "Active · overloaded"
    dana = rows["p1"]
    assert dana.rocks == 1 and dana.load == pytest.approx(30)  # the dropped rock carries no load
    assert (dana.manager, dana.status_text) == ("", "Active")
    assert rows["p4"].status_text == "Planned hire (2027-Q2)"
    assert rows["p5"].status_text == "Open role" and rows["p5"].team == ""


def test_overloaded_follows_the_checks_threshold():
    plan = make_plan()
    plan.settings = Settings(rules=RuleSettings(values={"overload_warning": 130.0}))
    assert not person_row(plan, Document(plan).analysis, "p2").overloaded


def test_the_filter_looks_for_every_word_in_name_role_and_team():
    doc = Document(make_plan())
    rows = rows_by_id(doc)

    def found(text: str) -> list[str]:
        words = filter_words(text)
        return [pid for pid, row in rows.items() if matches(row, words)]

    assert found("") == list(rows)
    assert found("PAYMENTS") == ["p1", "p2"]
    assert found("product  payments") == ["p1", "p2"]
    assert found("designer growth") == ["p3"]
    assert found("dana growth") == []
    assert found("second") == ["p2"]  # a name's second line is searched too


def test_rows_touched_names_the_rows_a_change_can_alter():
    doc = Document(make_plan())
    plan = doc.plan
    move = doc.run(ops.move_rocks(plan, ["r3"], "p4"))
    assert rows_touched(plan, doc.analysis, move) == {"p3", "p4"}
    rename = doc.run(ops.edit_person(plan, "p1", "name", "Dana K"))
    assert rows_touched(plan, doc.analysis, rename) >= {"p1", "p2", "p3", "p4", "p5"}  # reports show the name
    team = doc.run(ops.edit_team(plan, "t2", "name", "Growth & Retention"))
    assert rows_touched(plan, doc.analysis, team) == {"p3"}
    from planner.editing.settings_ops import set_rule_settings

    settings = doc.run(set_rule_settings(plan, {"overload_warning": 90}, []))
    assert rows_touched(plan, doc.analysis, settings) is None  # every row may change


def test_updating_touched_rows_matches_a_full_build():
    """Rows kept up to date from Changes records alone equal the rows built afresh, command after command."""
    doc = Document(make_plan())
    plan = doc.plan
    kept = rows_by_id(doc)
    steps = [
        lambda: ops.move_rocks(plan, ["r1"], "p3"),
        lambda: ops.edit_person(plan, "p2", "capacity", "80"),
        lambda: ops.edit_person(plan, "p3", "team", "t1"),
        lambda: ops.edit_person(plan, "p1", "name", "Dana <b>K</b>"),
        lambda: ops.edit_team(plan, "t1", "name", "Payments & Billing"),
        lambda: ops.add_person(plan, "Ivy", "Product Analyst", manager="p2", team="t2"),
        lambda: ops.move_rocks(plan, ["r6"], "p6"),
        lambda: ops.reparent(plan, "p3", "p2"),
        lambda: ops.remove_person(plan, "p2"),
        lambda: ops.edit_person(plan, "p4", "status", "active"),
    ]
    done = []
    for step in steps:
        command = step()
        changes = doc.run(command)
        done.append(command)
        touched = rows_touched(plan, doc.analysis, changes)
        assert touched is not None
        for pid in touched:
            if pid in plan.people:
                kept[pid] = person_row(plan, doc.analysis, pid)
            else:
                kept.pop(pid, None)
        assert kept == rows_by_id(doc)
    for command in reversed(done):  # and back, undo by undo
        changes = doc.revert(command)
        for pid in rows_touched(plan, doc.analysis, changes) or ():
            if pid in plan.people:
                kept[pid] = person_row(plan, doc.analysis, pid)
            else:
                kept.pop(pid, None)
        assert {k: kept[k] for k in plan.people} == rows_by_id(doc)
    assert kept.keys() == rows_by_id(Document(make_plan())).keys()
