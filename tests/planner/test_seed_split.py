"""Seeding as a product leader expects it (issue 16, QA round): one owner per rock and area when
several people of one family share a team, and the founders keep the direction, not the PM work."""

from __future__ import annotations

from models import Person, Plan, Team
from planner.checks.analysis import Analysis
from planner.imports import seed
from planner.planfile.templates import load_catalog
from tests.planner.helpers import owned, seeded

TITLES = {r.key: r.title for r in load_catalog()}
DESIGN = {TITLES[k] for k in seed.FAMILY_ROCKS["design"]}


def rules(plan: Plan) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in Analysis(plan).sorted_findings():
        found.setdefault(f.rule, []).append(f.message)
    return found


def org(*people: tuple[str, str, str, str | None, str | None]) -> Plan:
    """(id, name, role, manager id, team id) rows; teams "t1" Product and "mkt" Marketing exist."""
    plan = Plan(name="Acme")
    plan.teams = {"t1": Team("t1", "Product"), "mkt": Team("mkt", "Marketing")}
    for pid, name, role, manager, team in people:
        plan.people[pid] = Person(pid, name, role, manager=manager, team=team)
    return plan


def test_two_designers_of_one_team_share_the_design_rocks_with_one_owner_each():
    plan = org(
        ("ceo", "Cleo", "CEO", None, None),
        ("pm", "Pia", "Product Manager", "ceo", "t1"),
        ("d1", "Dana", "Lead Product Designer", "pm", "t1"),
        ("d2", "Dev", "Product Designer", "d1", "t1"),
    )
    seeded(plan)
    lead, other = {r.title for r in owned(plan, "d1")}, {r.title for r in owned(plan, "d2")}
    assert lead | other == DESIGN and not lead & other  # every design rock, each with one owner
    assert lead and other and len(lead) >= len(other)  # both carry some, the senior first
    assert "shared-ownership" not in rules(plan)


def test_two_pms_of_one_team_each_own_their_own_part_of_it():
    plan = org(
        ("ceo", "Cleo", "CEO", None, None),
        ("p1", "Pia", "Product Manager", "ceo", "t1"),
        ("p2", "Raj", "Product Manager", "ceo", "t1"),
    )
    seeded(plan)
    roadmaps = [r for r in plan.rocks.values() if r.title == TITLES["roadmap"]]
    assert sorted(r.area for r in roadmaps) == ["Product: Pia", "Product: Raj"]
    assert "shared-ownership" not in rules(plan)


def company_without_pms() -> Plan:
    """150 people as an HR export gives them: CEO, CTO and VP Engineering, a CMO whose Marketing team has two
    brand designers, sales; no product roles."""
    plan = org(
        ("ceo", "Ben", "Chief Executive Officer", None, None),
        ("cto", "Xia", "CTO", "ceo", None),
        ("vpe", "Tia", "VP of Engineering", "cto", None),
        ("cmo", "Cal", "Chief Marketing Officer", "ceo", "mkt"),
        ("b1", "Ida", "Brand Designer", "cmo", "mkt"),
        ("b2", "Tom", "Brand Designer", "cmo", "mkt"),
        ("sales", "Sue", "Head of Sales", "ceo", None),
    )
    for i in range(143):
        role, manager = ("Software Engineer", "vpe") if i % 2 else ("Account Executive", "sales")
        plan.people[f"e{i}"] = Person(f"e{i}", f"Person {i}", role, manager=manager)
    return plan


def test_brand_designers_are_marketing_not_product_design():
    plan = seeded(company_without_pms())
    assert plan.family(plan.people["b1"]) == "marketing"
    assert not owned(plan, "b1") and not owned(plan, "b2")
    assert not {r.title for r in plan.rocks.values()} & DESIGN
    assert "shared-ownership" not in rules(plan)


def test_with_an_engineering_leader_the_ceo_keeps_the_direction_and_specs_wait_for_a_first_pm():
    plan = seeded(company_without_pms())
    assert {r.title for r in owned(plan, "ceo")} == {TITLES["vision"]}
    cto = {r.title for r in owned(plan, "cto")}
    assert {TITLES[k] for k in ("roadmap", "eng-requirements", "backlog", "prioritisation")} <= cto
    waiting = {r.title for r in plan.rocks.values() if r.owner is None}
    assert waiting == {TITLES["prds"], TITLES["feature-specs"]}
    assert all(r.seeded for r in plan.rocks.values())
    unowned = " ".join(rules(plan).get("orphan-rock", []))
    assert TITLES["prds"] in unowned and TITLES["feature-specs"] in unowned  # the checks point at a first PM


def test_seeding_twice_adds_no_second_unowned_copy():
    plan = seeded(company_without_pms())
    before = len(plan.rocks)
    outcome = seed.seed_rocks(plan)
    assert not hasattr(outcome, "children") or not [c for c in outcome.children if c.rock.owner is None]
    assert len(plan.rocks) == before


def test_the_cli_note_names_the_rocks_left_for_a_first_pm():
    note = seed.seed_in_place(company_without_pms())
    assert note.endswith(f"; {TITLES['prds']}, {TITLES['feature-specs']} left unowned for a first PM")
    assert note.startswith("seeded 10 rocks on 3 people")  # 2 of them unowned
