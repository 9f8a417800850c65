"""What should I hire next (planner.advice): ranked suggestions from the plan's findings."""

from __future__ import annotations

from models import Person, Plan, Rock
from planner import advice, fileio, hire
from planner.templates import load_template


def test_solo_founder_is_told_to_hire_a_pm_first():
    plan = load_template("solo-founder")
    suggestions = advice.next_hires(plan)
    first = suggestions[0]
    assert first.role == "pm"
    assert first.rule == "acting-pm"
    # The reason is in the plan's own numbers and names the rule.
    assert "Maya Okafor" in first.reason and "125%" in first.reason and "[acting-pm]" in first.reason
    assert "acting-pm" in first.relief["findings_resolved"]
    assert first.relief["max_load_before"] == 125.0
    assert first.relief["max_load_after"] < 125.0


def test_series_b_whose_pms_drown_in_project_work_gets_a_tpm():
    suggestions = advice.next_hires(load_template("series-b"))
    tpm = [s for s in suggestions if s.role == "tpm"]
    assert tpm and tpm[0].rule == "tpm-needed"
    assert "tpm-needed" in tpm[0].relief["findings_resolved"]
    people = tpm[0].relief["people"]
    assert all(after <= 100.0 for _, after in people.values())


def test_at_most_limit_distinct_roles_and_plan_untouched():
    plan = load_template("solo-founder")
    before = fileio.dumps(plan)
    suggestions = advice.next_hires(plan, limit=2)
    assert len(suggestions) <= 2
    assert len({s.role for s in suggestions}) == len(suggestions)
    assert fileio.dumps(plan) == before


def test_a_suggestion_that_relieves_nothing_is_dropped(monkeypatch):
    plan = load_template("series-b")
    assert any(s.role == "tpm" for s in advice.next_hires(plan))

    def no_relief(plan, proposal, selected=None, retarget=None, analysis=None):
        return hire.Impact({pid: (50.0, 50.0) for pid in ("p1", proposal.person.id)}, [], [])

    monkeypatch.setattr(hire, "simulate", no_relief)
    assert advice.next_hires(plan) == []


def test_a_clean_plan_gets_no_suggestion():
    assert advice.next_hires(load_template("scale-up")) == []


def test_marketing_heavy_overload_suggests_a_pmm():
    plan = Plan(name="gtm")
    plan.people["p1"] = Person("p1", "Lee", "Product Manager")
    plan.people["p2"] = Person("p2", "Eng", "Software Engineer", manager="p1")
    for i, (d, e) in enumerate([("marketing", 30), ("marketing", 20), ("product", 50), ("product", 20)]):
        plan.rocks[f"r{i}"] = Rock(f"r{i}", f"R{i}", d, e, owner="p1")
    roles = [s.role for s in advice.next_hires(plan)]
    assert "pmm" in roles
    pmm = next(s for s in advice.next_hires(plan) if s.role == "pmm")
    assert pmm.rule == "overload" and "50% on Product marketing / GTM rocks" in pmm.reason
    assert pmm.relief["people"]["p1"] == [120.0, 70.0]


def test_to_dict_has_the_documented_keys():
    s = advice.next_hires(load_template("series-b"))[0]
    assert {"role", "reason", "rule", "relief"} <= set(s.to_dict())
    assert {"findings_resolved", "max_load_before", "max_load_after", "people"} <= set(s.relief)
