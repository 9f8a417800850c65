"""What next (planner.whatif.advice): answers a product leader would give, and never one the checks then warn about.

Each situation below was written down with what an experienced product leader expects before the
code was changed (docs/rules.md, "What a rock is"; the seeds' "What a good split respects").
"""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Person, Plan, Rock, Team
from planner.checks.analysis import Analysis
from planner.checks.rules import PM_ENG_RATIO
from planner.editing.document import Document
from planner.planfile import fileio
from planner.planfile.templates import load_template
from planner.whatif import advice, hire
from tests.planner.strategies import OrgBuilder

Org = OrgBuilder


def apply(plan: Plan, s: advice.Suggestion) -> Analysis:
    command = s.command(plan)
    assert command is not None
    Document(plan).run(command)
    return Analysis(plan)


def ratio_findings(a: Analysis) -> list[str]:
    return [f.message for k, f in a.findings.items() if k[0] == PM_ENG_RATIO.id and f.severity != "info"]


# ------------------------------------------------------------ situations


def test_solo_founder_with_six_engineers_hires_a_first_pm_who_leaves_the_vision_alone():
    """Leader: 'Maya is at 125% doing everything; hire a first PM for the day-to-day, she keeps the vision.'"""
    plan = load_template("solo-founder")
    first = advice.next_hires(plan)[0]
    assert (first.kind, first.role) == ("hire", "pm")
    assert "Maya Okafor" in first.reason and "125%" in first.reason
    assert "[" not in first.reason and "acting-pm" not in first.reason  # rule titles, not ids
    proposal = hire.propose(plan, first.role, first.strategy)
    assert "3-year product vision" not in {plan.rocks[m.rock_id].title for m in proposal.moves}
    after = apply(copy.deepcopy(plan), first)
    assert not ratio_findings(after)


def test_three_engineers_and_a_founder_get_no_pm_suggestion():
    """Leader: 'At three engineers a PM would have nothing to manage; the founder covers it.'"""
    org = Org()
    ceo = org.person("Cy", "Founder & CEO")
    org.team("Core", 3)
    org.rock("Roadmap", "product", 30, ceo)
    org.rock("Stand-ups", "product", 10, ceo)
    a = Analysis(org.plan)
    assert [f.severity for k, f in a.findings.items() if k[0] == "pm-eng-ratio"] == ["info"]
    assert all(s.role != "pm" for s in advice.next_hires(org.plan))


def test_a_planned_pm_counts_for_next_and_the_checks():
    """After Apply hire (a planned PM), the ratio no longer warns and next does not suggest another."""
    org = Org()
    org.team("Core", 10)
    ceo = org.person("Cy", "Founder & CEO")
    for title in ("Roadmap", "PRDs", "Backlog"):
        org.rock(title, "product", 40, ceo, kind="tactical")
    plan = org.plan
    first = advice.next_hires(plan)[0]
    assert first.role == "pm"
    proposal = hire.propose(plan, "pm", first.strategy)  # a planned hire, no start date
    Document(plan).run(proposal.command())
    a = Analysis(plan)
    assert not ratio_findings(a)
    summary = a.summary()
    assert (summary["pms"], summary["pms_planned"]) == (0, 1)
    assert all(s.role != "pm" for s in advice.next_hires(plan))


def test_series_b_moves_coordination_to_the_tpm_already_planned_before_hiring():
    """Leader: 'You have a TPM req open: give it Samir's and Chloé's coordination; don't hire another.'"""
    plan = load_template("series-b")
    answers = advice.next_hires(plan)
    first = answers[0]
    assert first.kind == "reassign" and "TPM (open req)" in first.title
    assert "Samir Haddad (110% -> " in first.reason  # each person named with their own numbers
    assert all(s.role != "tpm" for s in answers if s.kind == "hire")
    before = fileio.dumps(plan)
    a = apply(plan, first)
    assert not any(k[0] == "overload" for k in a.findings)
    Document(plan)  # plan untouched by next itself:
    assert before != fileio.dumps(plan)


def test_a_specialist_with_room_gets_the_rocks_before_anyone_is_hired():
    """Leader: 'Your PMM is at 40% while PMs write positioning: move it to her.'"""
    org = Org()
    org.team("Core", 24)
    zoe = org.person("Zoe", "Product Marketing Manager")
    ben = org.person("Ben")
    org.rock("Launch management", "marketing", 40, zoe)
    org.rock("Positioning document", "marketing", 20, ben)
    org.rock("Messaging framework", "marketing", 10, ben)
    org.rock("Roadmap", "product", 80, ben)
    answers = advice.next_hires(org.plan)
    assert answers[0].kind == "reassign" and answers[0].moves and {t for _, t in answers[0].moves} == {zoe}
    assert "Zoe (Product Marketing Manager) is at 40%" in answers[0].reason
    assert all(s.role != "pmm" for s in answers)
    a = apply(org.plan, answers[0])
    assert a.loads[ben].percent == 80.0 and a.loads[zoe].percent == 70.0


def test_low_priority_rocks_of_an_overloaded_person_can_be_dropped():
    org = Org()
    org.team("Core", 8)
    pat = org.person("Pat")
    org.rock("Roadmap", "product", 90, pat)
    low = org.rock("Analyst relations", "strategy", 20, pat, priority="P3")
    answers = advice.next_hires(org.plan)
    drop = next(s for s in answers if s.kind == "drop")
    assert drop.rocks == [low] and "Pat is at 110%" in drop.reason
    a = apply(org.plan, drop)
    assert org.plan.rocks[low].state == "dropped" and a.loads[pat].percent == 90.0


def test_at_or_below_the_target_the_answer_can_be_engineers():
    plan = load_template("scale-up")
    answers = advice.next_hires(plan)
    assert [s.kind for s in answers] == ["engineers"]
    assert answers[0].command(plan) is None
    assert "one more engineer" in answers[0].reason


def test_a_seven_person_startup_gets_no_pmm_or_strategist():
    plan = load_template("solo-founder")
    assert {s.role for s in advice.next_hires(plan)} & {"pmm", "strategy"} == set()


def test_a_pmm_when_product_people_carry_real_marketing_load():
    org = Org("gtm")
    org.team("Core", 12)
    lee = org.person("Lee")
    kim = org.person("Kim")
    for who, d, e in ((lee, "marketing", 30), (lee, "marketing", 20), (lee, "product", 50), (lee, "product", 20),
                      (kim, "product", 60)):  # fmt: skip
        org.rock(f"R{len(org.plan.rocks)}", d, e, who)
    pmm = next(s for s in advice.next_hires(org.plan) if s.role == "pmm")
    assert "50% of a week of Product marketing / GTM work" in pmm.reason
    assert pmm.relief["people"][lee] == [120.0, 70.0]
    assert "start at 50%" in pmm.reason


def test_rocks_across_product_lines_make_next_try_whole_areas_first():
    org = Org()
    for area in ("Payments", "Billing"):
        org.team(area, 7)
    pat = org.person("Pat")
    for area in ("Payments", "Billing"):
        for title, effort in (("Roadmap", 20), ("PRDs", 20), ("Backlog", 20)):
            org.rock(title, "product", effort, pat, area=area)
    pm = next(s for s in advice.next_hires(org.plan) if s.role == "pm")
    assert pm.strategy == "by-area"
    proposal = hire.propose(org.plan, "pm", pm.strategy)
    assert {org.plan.rocks[m.rock_id].area for m in proposal.moves} in ({"Payments"}, {"Billing"})


def test_a_head_of_product_is_proposed_when_a_founder_still_runs_product_at_scale():
    org = Org()
    org.team("Core", 78)
    ceo = org.person("Ana", "Co-founder & CEO")
    org.person("Pat", manager=ceo)
    org.rock("Company roadmap", "product", 30, ceo)
    org.rock("PRDs", "product", 30, ceo, kind="tactical")
    org.rock("3-year vision", "strategy", 20, ceo)
    answers = advice.next_hires(org.plan)
    head = next(s for s in answers if s.name == "Head of Product")
    assert head.role == "pm" and head.manager == ceo
    assert "With 50+ people" in head.reason


def test_at_most_limit_answers_and_the_plan_untouched():
    plan = load_template("series-b")
    before = fileio.dumps(plan)
    answers = advice.next_hires(plan, limit=2)
    assert len(answers) <= 2
    assert fileio.dumps(plan) == before


def test_a_hire_that_relieves_nothing_is_not_offered(monkeypatch):
    plan = load_template("first-pm")
    assert any(s.kind == "hire" for s in advice.next_hires(plan))

    def no_relief(plan, proposal, selected=None, retarget=None, analysis=None):
        return hire.Impact({pid: (50.0, 50.0) for pid in ("p1", proposal.person.id)}, [], [])

    monkeypatch.setattr(hire, "simulate", no_relief)
    assert not any(s.kind == "hire" for s in advice.next_hires(plan))


def test_to_dict_has_the_documented_keys():
    s = advice.next_hires(load_template("first-pm"))[0]
    assert {"kind", "title", "role", "reason", "rule", "relief", "strategy"} <= set(s.to_dict())
    assert {"findings_resolved", "max_load_before", "max_load_after", "people", "utilisation"} <= set(s.relief)


# ---------------------------------------------------------------- property

ROLES = ("Product Manager", "Co-founder & CEO", "Product Designer", "Technical Program Manager",
         "Product Marketing Manager", "Software Engineer")  # fmt: skip
TITLES = ("Roadmap", "PRDs", "Stand-ups", "Positioning", "Release planning", "Wireframes", "Vision", "Pricing")
DISCIPLINES = ("product", "project", "design", "marketing", "strategy", "operations")


@st.composite
def small_orgs(draw: st.DrawFn) -> Plan:
    plan = Plan(name="random")
    plan.teams["t1"] = Team("t1", "Core", headcount=draw(st.integers(0, 30)))
    for i in range(draw(st.integers(1, 5))):
        plan.people[f"p{i}"] = Person(
            f"p{i}", f"P{i}", draw(st.sampled_from(ROLES)), capacity=draw(st.sampled_from((50.0, 80.0, 100.0))),
            status=draw(st.sampled_from(("active", "active", "planned"))),
        )  # fmt: skip
    for j in range(draw(st.integers(0, 10))):
        plan.rocks[f"r{j}"] = Rock(
            f"r{j}",
            draw(st.sampled_from(TITLES)),
            draw(st.sampled_from(DISCIPLINES)),
            draw(st.sampled_from((5.0, 10.0, 20.0, 35.0))),
            owner=draw(st.sampled_from([None, *plan.people])),
            area=draw(st.sampled_from(("", "Payments", "Billing"))),
            kind=draw(st.sampled_from(("strategic", "tactical"))),
            priority=draw(st.sampled_from(("", "P1", "P3"))),
        )
    return plan


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_orgs())
def test_applying_an_answer_never_raises_the_top_load_nor_introduces_an_error_or_a_ratio_warning(plan):
    before = Analysis(plan)
    top = max((load.percent for load in before.loads.values()), default=0.0)
    errors = {k for k, f in before.findings.items() if f.severity == "error"}
    ratio_warned = {k for k, f in before.findings.items() if k[0] == PM_ENG_RATIO.id and f.severity != "info"}
    for answer in advice.next_hires(plan, before):
        trial = copy.deepcopy(plan)
        if answer.command(trial) is None:
            continue  # "engineers": advice only
        after = apply(trial, answer)
        assert max((load.percent for load in after.loads.values()), default=0.0) <= top + 1e-9, answer.title
        assert {k for k, f in after.findings.items() if f.severity == "error"} <= errors, answer.title
        new_ratio = {k for k, f in after.findings.items() if k[0] == PM_ENG_RATIO.id and f.severity != "info"}
        assert new_ratio <= ratio_warned, answer.title
