"""The reporting tree helpers the board and the chart exports share."""

from __future__ import annotations

from models import Person, Plan, Team
from planner.tree.orgtree import below, forest, managers_below, team_totals


def plan() -> Plan:
    p = Plan(name="t")
    for person in (
        Person("a", "Ann"),
        Person("b", "Bo", manager="a", team="t1"),
        Person("c", "Cy", manager="b", team="t2", capacity=50.0),
        Person("d", "Di", manager="b", team="t2"),
        Person("e", "Ed", manager="gone"),  # a manager outside the plan: a root
    ):
        p.people[person.id] = person
    p.teams["t1"] = Team("t1", "Platform")
    p.teams["t2"] = Team("t2", "Search")
    return p


def test_forest_below_and_managers_below():
    children, roots = forest(plan().people)
    assert roots == ["a", "e"] and children == {"a": ["b"], "b": ["c", "d"]}
    assert below(children, "a") == ["b", "c", "d"]
    assert managers_below(plan().people, 1) == {"a"}
    assert managers_below(plan().people, 2) == {"b"}
    assert managers_below(plan().people, 3) == set()


def test_team_totals_name_the_managers_team_else_the_most_common():
    p = plan()
    assert team_totals(p, {"c": 30.0, "d": 60.0}, "b", ["c", "d"]) == ("Platform", 60.0)  # 90 of 150
    p.people["b"].team = None
    assert team_totals(p, {}, "b", ["c", "d"]) == ("Search", 0.0)
    assert team_totals(p, {}, "e", []) == ("", None)
