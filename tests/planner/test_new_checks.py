"""The checks added for advice a product leader trusts: each fires where it should and stays quiet
where things are fine (situations written down before the code: docs/rules.md)."""

from __future__ import annotations

from planner.checks.analysis import Analysis
from planner.checks.rules import RULES
from planner.editing import commands as C
from planner.editing.document import Document
from tests.planner.strategies import WHEN, OrgBuilder


class Org(OrgBuilder):
    def found(self, rule: str) -> list:
        a = Analysis(self.plan)
        return [f for f in a.sorted_findings() if f.rule == rule]


# ------------------------------------------------------------------ under-used


def test_a_pmm_at_40_percent_while_pms_write_positioning_is_under_used():
    org = Org()
    zoe = org.person("Zoe", "Product Marketing Manager")
    ben = org.person("Ben")
    org.rock("Launch management", "marketing", 40, zoe)
    org.rock("Positioning document", "marketing", 10, ben)
    (f,) = org.found("under-used")
    assert f.subjects == (zoe,) and f.severity == "warning"
    assert "Zoe (Product marketing) is at 40% of capacity" in f.message and "Product marketing / GTM" in f.message
    assert RULES["under-used"].title in ("Specialist with room",)


def test_under_used_stays_quiet_when_nobody_else_holds_the_work_or_the_specialist_is_busy_or_leads():
    org = Org()
    zoe = org.person("Zoe", "Product Marketing Manager")
    org.rock("Launch management", "marketing", 40, zoe)
    assert org.found("under-used") == []  # nobody else holds marketing rocks
    ben = org.person("Ben")
    org.rock("Positioning document", "marketing", 10, ben)
    org.plan.rocks["r1"].effort = 60
    assert org.found("under-used") == []  # 60%: no real room
    org.plan.rocks["r1"].effort = 40
    kai = org.person("Kai", "Product Marketing Manager", manager=zoe)
    org.rock("Launch training", "marketing", 70, kai)
    assert org.found("under-used") == []  # a head of product marketing spends the room leading
    org.plan.people[kai].manager = None
    org.plan.people[zoe].status = "planned"
    assert org.found("under-used") == []  # a planned hire has no rocks yet


def test_under_used_follows_moves_incrementally():
    org = Org()
    zoe = org.person("Zoe", "Product Marketing Manager")
    ben = org.person("Ben")
    org.rock("Launch management", "marketing", 40, zoe)
    pos = org.rock("Positioning document", "marketing", 10, ben)
    doc = Document(org.plan)
    assert ("under-used", zoe) in doc.analysis.findings
    doc.run(C.MoveRocks([pos], zoe, when=WHEN))
    assert ("under-used", zoe) not in doc.analysis.findings
    assert doc.analysis.findings == Analysis(org.plan).findings


# -------------------------------------------------------------------- coverage


def test_sixty_engineers_and_no_designer_is_a_missing_role():
    org = Org()
    org.team("Core", 60)
    for i in range(6):
        org.person(f"PM {i}")
    found = org.found("coverage")
    assert [f.message for f in found if "designer" in f.message] == [
        "60 engineers and no designer: research, wireframes and usability testing fall to PMs and engineers; "
        "time for a first designer"
    ]
    org.person("Dee", "Product Designer", status="open")  # an open role counts once it starts
    assert not [f for f in org.found("coverage") if "designer" in f.message]


def test_no_product_marketer_only_matters_where_launches_exist_and_at_size():
    org = Org()
    org.team("Core", 30)
    pat = org.person("Pat")
    org.person("Dee", "Product Designer")
    assert org.found("coverage") == []  # no launches planned
    org.rock("Launch management", "marketing", 20, pat)
    assert [f.message.split(":")[0] for f in org.found("coverage")] == ["30 engineers, 1 launch rock and no product marketer"]
    org.plan.teams["t1"].headcount = 12  # a small company: no finding
    assert org.found("coverage") == []


def test_a_team_of_ten_engineers_with_no_pm_of_its_own():
    org = Org()
    payments = org.team("Payments", 14)
    growth = org.team("Growth", 4)
    pat = org.person("Pat")
    assert org.found("coverage") == []  # PMs are not put on teams in this plan: nothing to say
    org.plan.people[pat].team = growth
    (f,) = [f for f in org.found("coverage") if "Payments" in f.message]
    assert "Payments has 14 engineers and no PM of its own" in f.message
    org.person("Sam", team=payments, status="planned")
    assert [f for f in org.found("coverage") if "Payments" in f.message] == []


# --------------------------------------------------------- project work per PM


def test_a_pm_spending_40_percent_on_coordination_is_found_even_with_a_tpm_elsewhere():
    org = Org()
    payments, growth = org.team("Payments", 8), org.team("Growth", 8)
    pat = org.person("Pat", team=payments)
    org.person("Tia", "Technical Program Manager", team=growth)
    org.rock("Cross-team coordination", "project", 40, pat)
    (f,) = org.found("tpm-needed")
    assert f.subjects == (pat,) and "Pat spends 40% of capacity on project work" in f.message


# ------------------------------------------------------------ specialist overlap


def test_pms_owning_positioning_while_a_pmm_exists_or_release_work_their_teams_tpm_covers():
    org = Org()
    payments = org.team("Payments", 8)
    pat = org.person("Pat", team=payments)
    org.rock("Positioning document", "marketing", 10, pat)
    org.rock("Release planning", "project", 10, pat)
    assert org.found("specialist-overlap") == []  # no specialist yet: the PM fills the gap
    org.person("Mo", "Product Marketing Manager")
    (f,) = org.found("specialist-overlap")
    assert f.severity == "info" and "'Positioning document' while the plan has a product marketer" in f.message
    assert "Release planning" not in f.message
    org.person("Tia", "Technical Program Manager", team=payments)
    (f,) = org.found("specialist-overlap")
    assert "'Release planning' while the plan has a TPM" in f.message


# ----------------------------------------------------------------- unicorn


def test_a_pm_at_80_percent_whose_fourth_discipline_is_a_10_percent_rock_is_not_a_unicorn():
    org = Org()
    org.team("Core", 40)  # specialists' size: the spread itself would count
    pat = org.person("Pat")
    for d, e in (("product", 40), ("strategy", 15), ("operations", 15), ("marketing", 10)):
        org.rock(f"R {d}", d, e, pat)
    assert org.found("unicorn") == []


# -------------------------------------------------------------- close titles


def test_pricing_and_pricing_and_packaging_held_by_two_pms_is_shared_ownership():
    org = Org()
    pat, kim = org.person("Pat"), org.person("Kim")
    a = org.rock("Pricing", "operations", 10, pat, area="Payments")
    b = org.rock("Pricing and packaging", "operations", 10, kim, area="Billing")
    (f,) = org.found("shared-ownership")
    assert set(f.subjects) >= {a, b, pat, kim}
    assert "'Pricing' (Payments), Pat and 'Pricing and packaging' (Billing), Kim" in f.message


def test_close_titles_stay_quiet_for_each_areas_own_roadmap_and_one_owner():
    org = Org()
    pat, kim = org.person("Pat"), org.person("Kim")
    org.rock("Roadmap", "product", 10, pat, area="Payments")
    org.rock("Roadmap", "product", 10, kim, area="Billing")  # each area's own
    org.rock("Billing roadmap", "product", 10, kim, area="Billing")  # names its own area
    org.rock("Pricing", "operations", 10, pat)
    org.rock("Pricing and packaging", "operations", 10, pat)  # one owner
    org.rock("Customer research", "strategy", 10, pat, area="Customer experience")
    org.rock("Customer research", "strategy", 10, kim, area="Growth")
    assert org.found("shared-ownership") == []


def test_close_titles_follow_moves_incrementally():
    org = Org()
    pat, kim = org.person("Pat"), org.person("Kim")
    org.rock("Pricing", "operations", 10, pat, area="Payments")
    b = org.rock("Pricing and packaging", "operations", 10, kim, area="Billing")
    doc = Document(org.plan)
    assert any(k[:2] == ("shared-ownership", "close") for k in doc.analysis.findings)
    doc.run(C.MoveRocks([b], pat, when=WHEN))
    assert not any(k[:2] == ("shared-ownership", "close") for k in doc.analysis.findings)
    doc.run(C.EditRock(b, title="Packaging experiments"))
    doc.run(C.MoveRocks([b], kim, when=WHEN))
    assert not any(k[:2] == ("shared-ownership", "close") for k in doc.analysis.findings)
    assert doc.analysis.findings == Analysis(org.plan).findings
