"""The full analysis reads loads from the efforts index_rocks lists (issue [10/10]): every
person's load equals load_of over their rocks, disciplines in the same order."""

from __future__ import annotations

from models import Person, Plan, Rock
from planner.checks.analysis import Analysis
from planner.checks.loads import load_of
from tests.planner.strategies import sample_plan


def _mixed_plan() -> Plan:
    plan = Plan(name="Mixed")
    for i in range(1, 6):
        plan.people[f"p{i}"] = Person(f"p{i}", f"Person {i}", "PM", capacity=50 + 10 * i)
    disciplines = ("core", "project", "marketing", "design")
    for i in range(60):
        owner = None if i % 11 == 0 else f"p{1 + i % 4}"  # p5 owns nothing
        effort: float = i % 7 if i % 2 else 0.1 * i  # whole numbers and fractions
        rock = Rock(f"r{i}", f"Rock {i}", disciplines[i % 3 if i < 30 else (i * 7) % 4], effort, owner)
        if i % 13 == 0:
            rock.state = "dropped"
        plan.rocks[rock.id] = rock
    return plan


def test_every_load_equals_load_of_its_rocks():
    for plan in (_mixed_plan(), sample_plan()):
        analysis = Analysis(plan)
        for pid, person in plan.people.items():
            expected = load_of(plan.rocks, analysis.owned.get(pid, ()), person.capacity)
            got = analysis.loads[pid]
            assert got == expected, pid
            assert list(got.by_discipline) == list(expected.by_discipline), pid
            assert type(got.effort) is type(expected.effort), pid
