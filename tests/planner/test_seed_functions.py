"""Seeding an organisation without product roles (issue 16): each function's leader gets the rocks
that function typically carries, still marked as seeded estimates; the CEO keeps the vision."""

from __future__ import annotations

from models import Person, Plan
from planner.checks.analysis import Analysis
from planner.imports import seed
from planner.planfile.templates import load_catalog
from tests.planner.helpers import owned, seeded

TITLES = {r.key: r.title for r in load_catalog()}


def company(size: int = 150) -> Plan:
    """A 150-person company with no PMs: CEO; CTO, CMO, CFO, VP Sales, HR lead; their teams."""
    plan = Plan(name="Acme")
    people = [
        ("ceo", "Chief Executive Officer", None),
        ("cto", "CTO", "ceo"),
        ("cmo", "Chief Marketing Officer", "ceo"),
        ("cfo", "CFO", "ceo"),
        ("sales", "VP Sales", "ceo"),
        ("hr", "HR Manager", "ceo"),
        ("em1", "Engineering Manager", "cto"),
        ("em2", "Engineering Manager", "cto"),
        ("mkt", "Digital Marketing Manager", "cmo"),
        ("brand", "Brand Manager", "cmo"),
    ]
    for pid, role, manager in people:
        plan.people[pid] = Person(pid, pid.upper(), role, manager=manager)
    roles = ["Software Engineer", "QA Engineer", "Account Executive", "Accountant", "Recruiter"]
    managers = ["em1", "em2", "sales", "cfo", "hr"]
    for i in range(size - len(people)):
        pid = f"p{i}"
        plan.people[pid] = Person(pid, f"Person {i}", roles[i % 5], manager=managers[i % 5])
    return plan


def test_a_company_without_pms_spreads_product_rocks_over_its_functions():
    plan = seeded(company())
    titles = {pid: {r.title for r in owned(plan, pid)} for pid in ("ceo", "cto", "cmo", "cfo", "hr", "em1")}
    assert titles["cmo"] == {TITLES["positioning"], TITLES["launch-management"]}
    engineering = ("roadmap", "eng-requirements", "backlog", "estimates", "prioritisation")
    assert titles["cto"] == {TITLES[k] for k in engineering}
    # The CEO keeps the company's direction; requirements documents and specs wait for a first PM.
    assert titles["ceo"] == {TITLES["vision"]}
    assert {r.title for r in plan.rocks.values() if r.owner is None} == {TITLES["prds"], TITLES["feature-specs"]}
    assert titles["cfo"] == titles["hr"] == titles["em1"] == set()  # one leader per function, none for HR/finance
    assert all(r.seeded for r in plan.rocks.values())  # still estimates
    assert {r.owner for r in plan.rocks.values()} == {"ceo", "cto", "cmo", None}


def test_function_leaders_are_not_scaled_up_to_a_full_week():
    plan = seeded(company())
    catalog = {r.title: r.effort for r in load_catalog()}
    assert all(r.effort == catalog[r.title] for r in owned(plan, "cmo") + owned(plan, "cto"))


def test_seeded_function_rocks_make_sensible_findings():
    plan = seeded(company())
    analysis = Analysis(plan)
    assert analysis.counts["pm"] == 0 and analysis.counts["marketing"] == 3
    by_rule: dict[str, list[str]] = {}
    for f in analysis.sorted_findings():
        by_rule.setdefault(f.rule, []).append(f.message)
    assert any("CTO" in m for m in by_rule.get("acting-pm", []))  # who else is acting as PM
    assert not any("CMO" in m for m in by_rule.get("discipline-fit", []))  # positioning fits marketing


def test_without_an_engineering_leader_the_ceo_takes_the_product_rocks_as_before():
    plan = Plan(name="Small")
    plan.people["a"] = Person("a", "Ada", "CEO")
    for i in range(5):
        plan.people[f"e{i}"] = Person(f"e{i}", f"Eng {i}", "Software Engineer", manager="a")
    seeded(plan)
    assert {r.owner for r in plan.rocks.values()} == {"a"}
    assert {r.title for r in owned(plan, "a")} >= {TITLES[k] for k in seed.PRODUCT_ROCKS}


def test_a_company_with_a_pm_seeds_as_before():
    plan = company(40)
    plan.people["pm"] = Person("pm", "Pam", "Product Manager", manager="ceo")
    seeded(plan)
    assert owned(plan, "cmo") == [] and owned(plan, "cto") == []
    assert {r.title for r in owned(plan, "pm")} >= {TITLES[k] for k in seed.PRODUCT_ROCKS}


def test_marketing_and_sales_people_do_not_count_as_pms_or_engineers():
    plan = Plan()
    for i, role in enumerate(["CMO", "Marketing Director", "Account Executive", "CFO", "HR Manager", "CTO"]):
        plan.people[f"p{i}"] = Person(f"p{i}", f"P{i}", role)
    analysis = Analysis(plan)
    assert analysis.counts["pm"] == 0 and analysis.engineers == 1  # only the CTO is engineering


def test_a_hire_of_every_family_can_be_simulated():
    """The hire simulator lists every family (models.FAMILIES): the new ones included."""
    from models import FAMILIES
    from planner.whatif.hire import STRATEGIES, propose

    plan = seeded(company(30))
    for family in FAMILIES:
        proposal = propose(plan, family, STRATEGIES[0])
        assert proposal.person.role == "" or plan.roles.family(proposal.person.role) == family
