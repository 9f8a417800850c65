"""planner.checks.headline: engineers, PMs and PM:eng today and once planned hires start, in words."""

from __future__ import annotations

from models import Person, Plan, Team
from planner.checks.analysis import Analysis
from planner.checks.headline import planned_differs, pm_parts, pm_text, ratio_text


def summary(engineers: int, pms: int, planned_pms: int = 0, planned_engineers: int = 0) -> dict[str, object]:
    plan = Plan(name="Seed")
    plan.people["ceo"] = Person("ceo", "Ana", "CEO")
    plan.teams["t1"] = Team("t1", "Core", headcount=engineers)
    for i in range(pms + planned_pms):
        status = "active" if i < pms else "planned"
        plan.people[f"pm{i}"] = Person(f"pm{i}", f"PM {i}", "Product Manager", manager="ceo", status=status)
    for i in range(planned_engineers):
        plan.people[f"e{i}"] = Person(f"e{i}", f"Eng {i}", "Software Engineer", manager="ceo", status="open")
    return Analysis(plan).summary()


def test_no_planned_hire_one_set_of_numbers():
    s = summary(6, 0)
    assert not planned_differs(s)
    assert pm_parts(s) == ("6 engineers, 0 PMs, PM:eng no PM", None)
    assert pm_text(s) == "6 engineers, 0 PMs, PM:eng no PM"
    assert pm_text(summary(13, 1), engineers=False) == "1 PM, PM:eng 1:13"


def test_a_planned_pm_today_and_once_planned_hires_start():
    s = summary(6, 0, planned_pms=1)
    assert planned_differs(s)
    assert pm_text(s) == "6 engineers, 0 PMs, PM:eng no PM today; 1 PM, PM:eng 1:6 once planned hires start"
    assert pm_text(s, engineers=False) == "0 PMs, PM:eng no PM today; 1 PM, PM:eng 1:6 once planned hires start"


def test_an_open_engineering_role_is_counted_in_the_planned_part():
    s = summary(6, 1, planned_engineers=2)
    assert pm_parts(s, engineers=False) == ("1 PM, PM:eng 1:6", "8 engineers, 1 PM, PM:eng 1:8")


def test_ratio_text():
    assert ratio_text(None) == "no PM"
    assert ratio_text(6.0) == "1:6" and ratio_text(9.5, " : ") == "1 : 9.5"
