"""Hires that respect what a rock is (docs/rules.md, "What a rock is"), on plans built here.

Before the code, a product leader wrote down what each strategy must never do: move the founder's
direction, take a specialist's own rocks into a generalist PM, split one product line between two
PMs when a whole-line split exists, drop the incumbent far below the new person, or empty someone.
"""

from __future__ import annotations

import pytest

from models import Person, Plan, Rock, Team
from planner.checks.analysis import Analysis
from planner.checks.rules.rocks import defines, is_kept
from planner.editing.document import Document
from planner.whatif import hire


def founder_plan() -> Plan:
    plan = Plan(name="Startup: Nimbus")
    plan.teams["t1"] = Team("t1", "Core", headcount=8)
    plan.people["p1"] = Person("p1", "Ana", "Founder & CEO")
    rocks = [
        ("3-year product vision", "strategy", 15, "strategic", "Nimbus"),
        ("Business development and partnerships", "strategy", 15, "strategic", "Nimbus"),
        ("Company strategy", "strategy", 10, "strategic", "Nimbus"),
        ("Product roadmap", "product", 15, "strategic", "Booking"),
        ("Product requirements documents", "product", 20, "tactical", "Booking"),
        ("Backlog refinement", "product", 10, "tactical", "Booking"),
        ("Daily stand-ups", "product", 10, "tactical", "Billing"),
        ("Feature specifications", "product", 15, "tactical", "Billing"),
    ]
    for i, (title, d, e, kind, area) in enumerate(rocks, 1):
        plan.rocks[f"r{i}"] = Rock(f"r{i}", title, d, e, "p1", kind=kind, area=area)  # type: ignore[arg-type]
    plan.people["p2"] = Person("p2", "Eng Lead", "Engineering Manager", manager="p1")
    plan.rocks["r9"] = Rock("r9", "Effort and timeline estimates", "project", 10, "p2")
    return plan


KEPT = {"3-year product vision", "Business development and partnerships", "Company strategy",
        "Effort and timeline estimates"}  # fmt: skip


@pytest.mark.parametrize("strategy", hire.STRATEGIES)
@pytest.mark.parametrize("role", ["pm", "tpm", "strategy"])
def test_no_strategy_moves_a_founders_direction_or_engineerings_estimates(strategy, role):
    plan = founder_plan()
    assert {r.title for r in plan.rocks.values() if is_kept(plan, r)} == KEPT
    proposal = hire.propose(plan, role, strategy)
    assert not {plan.rocks[m.rock_id].title for m in proposal.moves} & KEPT
    if role == "pm":
        assert {plan.rocks[r].title for r, _ in proposal.kept} >= KEPT - {"Effort and timeline estimates"}


def test_a_rock_the_user_unmarks_can_move_and_one_they_mark_cannot():
    plan = founder_plan()
    plan.rocks["r3"].kept = False  # "Company strategy": the founder lets it go
    plan.rocks["r5"].kept = True  # the PRDs: kept by Ana
    taken = {m.rock_id for m in hire.propose(plan, "strategy", "by-discipline").moves}
    assert "r3" in taken
    assert "r5" not in {m.rock_id for m in hire.propose(plan, "pm", "by-discipline").moves}


def test_the_first_pm_takes_the_day_to_day_product_rocks():
    plan = founder_plan()
    proposal = hire.propose(plan, "pm", "by-discipline")
    taken = [plan.rocks[m.rock_id] for m in proposal.moves]
    assert taken and all(r.kind == "tactical" for r in taken)
    assert "Product requirements documents" in {r.title for r in taken}


def specialists_plan() -> Plan:
    plan = Plan(name="Growing: Quill")
    plan.teams["t1"] = Team("t1", "Core", headcount=40)
    people = [
        ("p1", "Pat", "Product Manager"),
        ("p2", "Kim", "Product Manager"),
        ("p3", "Mo", "Product Marketing Manager"),
        ("p4", "Tia", "Technical Program Manager"),
        ("p5", "Dee", "Product Designer"),
    ]
    for pid, name, role in people:
        plan.people[pid] = Person(pid, name, role)
    rocks = [
        ("Positioning document", "marketing", 30, "p3"),
        ("Launch management", "marketing", 30, "p3"),
        ("Cross-team coordination", "project", 40, "p4"),
        ("Release planning", "project", 30, "p4"),
        ("Design system", "design", 40, "p5"),
        ("Wireframes", "design", 40, "p5"),
        ("Product roadmap", "product", 40, "p1"),
        ("PRDs", "product", 50, "p1"),
        ("Backlog", "product", 30, "p1"),
        ("Product roadmap", "product", 40, "p2"),
        ("PRDs", "product", 40, "p2"),
    ]
    for i, (title, d, e, owner) in enumerate(rocks, 1):
        plan.rocks[f"r{i}"] = Rock(f"r{i}", title, d, e, owner)
    return plan


@pytest.mark.parametrize("strategy", hire.STRATEGIES)
def test_a_generalist_pm_never_takes_a_specialists_rocks(strategy):
    plan = specialists_plan()
    for rock in plan.rocks.values():
        rock.effort *= 1.5  # everyone overloaded: every strategy has a reason to take
    proposal = hire.propose(plan, "pm", strategy)
    assert {m.from_id for m in proposal.moves} <= {"p1", "p2"}, strategy


def test_specialists_take_the_rocks_that_define_them_first_spread_over_everyone_holding_them():
    plan = Plan(name="Spread")
    for pid, name in (("p1", "Ann"), ("p2", "Bo"), ("p3", "Cy")):
        plan.people[pid] = Person(pid, name, "Product Manager")
    rocks = [
        ("Positioning document", "marketing", 10, "p1"),
        ("Messaging framework", "marketing", 10, "p1"),
        ("Launch management", "marketing", 20, "p1"),
        ("Sales support on deals", "marketing", 30, "p1"),  # marketing, but not what defines a PMM
        ("Launch management", "marketing", 20, "p2"),
        ("Sales enablement decks and collateral", "marketing", 10, "p3"),
        ("Daily stand-ups", "product", 10, "p3"),
        ("Roadmap", "product", 60, "p1"),
    ]
    for i, (title, d, e, owner) in enumerate(rocks, 1):
        plan.rocks[f"r{i}"] = Rock(f"r{i}", title, d, e, owner)
    moves = hire.propose(plan, "pmm", "by-discipline").moves
    first = [plan.rocks[m.rock_id] for m in moves[:3]]
    assert all(defines("pmm", r) for r in first)
    assert {r.owner for r in first} == {"p1", "p2", "p3"}  # one from each holder in turn, not Ann emptied first
    titles = [plan.rocks[m.rock_id].title for m in moves]
    assert titles.index("Sales support on deals") > max(i for i, m in enumerate(moves) if defines("pmm", plan.rocks[m.rock_id]))
    tpm = hire.propose(plan, "tpm", "by-discipline").moves
    assert [plan.rocks[m.rock_id].title for m in tpm] == ["Daily stand-ups"]  # stand-ups are a TPM's, once assigned


def lines_plan() -> Plan:
    plan = Plan(name="Lines: Orbit")
    for tid, name in (("t1", "Payments"), ("t2", "Billing"), ("t3", "Payouts")):
        plan.teams[tid] = Team(tid, name, headcount=8)
    plan.people["p1"] = Person("p1", "Pat", "Product Manager")
    plan.people["p2"] = Person("p2", "Kim", "Product Manager")
    k = 0
    for owner, area, efforts in (("p1", "Payments", (25, 20, 15)), ("p1", "Billing", (20, 15, 10)),
                                 ("p2", "Payouts", (20, 20, 20))):  # fmt: skip
        for title, e in zip(("Roadmap", "PRDs", "Backlog"), efforts):
            k += 1
            plan.rocks[f"r{k}"] = Rock(f"r{k}", title, "product", e, owner, area=area)
    plan.rocks["r99"] = Rock("r99", "Portfolio review", "product", 10, "p1", area="Orbit")  # company-wide
    return plan


@pytest.mark.parametrize("strategy", ["by-area", "balance", "by-discipline"])
def test_a_pm_hire_takes_whole_product_lines_where_a_whole_line_split_exists(strategy):
    plan = lines_plan()
    proposal = hire.propose(plan, "pm", strategy)
    assert proposal.moves
    moved = {m.rock_id for m in proposal.moves}
    for area in {plan.rocks[r].area for r in moved} - {"Orbit"}:
        line = {r.id for r in plan.rocks.values() if r.area == area and r.owner == "p1"}
        assert line <= moved, f"{strategy} split {area} between two PMs"


def test_by_area_never_empties_the_giver_nor_takes_their_last_line():
    plan = Plan(name="One line: Solo")
    plan.teams["t1"] = Team("t1", "Payments", headcount=10)
    plan.people["p1"] = Person("p1", "Sam", "Product Manager")
    for i, e in enumerate((40, 40, 30), 1):
        plan.rocks[f"r{i}"] = Rock(f"r{i}", f"Payments rock {i}", "product", e, "p1", area="Payments")
    proposal = hire.propose(plan, "pm", "by-area")
    assert proposal.moves == [] and "Payments" in proposal.reason


def test_strategic_tactical_stops_when_loads_are_even_and_draws_from_several_pms():
    plan = Plan(name="ST")
    plan.people["p1"] = Person("p1", "Pat", "Product Manager")
    plan.people["p2"] = Person("p2", "Kim", "Product Manager")
    for i, (title, e, kind, owner) in enumerate([("Vision-ish roadmap", 30, "strategic", "p1"), ("PRDs", 30, "tactical", "p1"),
                                                  ("Specs", 20, "tactical", "p1"), ("Backlog", 20, "tactical", "p1"),
                                                  ("Stand-ups", 10, "tactical", "p1"), ("Roadmap", 40, "strategic", "p2"),
                                                  ("QA", 30, "tactical", "p2"), ("Support", 20, "tactical", "p2")], 1):  # fmt: skip
        plan.rocks[f"r{i}"] = Rock(f"r{i}", title, "product", e, owner, kind=kind)  # type: ignore[arg-type]
    proposal = hire.propose(plan, "pm", "strategic-tactical")
    Document(plan).run(proposal.command())
    a = Analysis(plan)
    new = a.loads[proposal.person.id].percent
    assert {m.from_id for m in proposal.moves} == {"p1", "p2"}
    assert all(a.loads[p].percent >= new - 1e-9 for p in ("p1", "p2"))  # nobody dropped below the new person
    assert min(a.loads[p].percent for p in ("p1", "p2")) >= 50  # not down to 20-30%


def test_every_simulation_states_the_new_persons_load_and_the_ratio_once_they_start():
    plan = specialists_plan()
    plan.people["p4"].status = "active"
    pm = hire.simulate(plan, hire.propose(plan, "pm", "balance"))
    assert pm.ratio.startswith("PMs 2 -> 3 once they start: 13.3 engineers per PM")
    plan = founder_plan()
    plan.rocks["r10"] = Rock("r10", "Release planning", "project", 40, "p1")
    tpm_plan = Plan(name="t")
    tpm_plan.people = {"p1": Person("p1", "Pat", "Product Manager"), "p2": Person("p2", "Tia", "Technical Program Manager")}
    tpm_plan.rocks = {"r1": Rock("r1", "Release planning", "project", 40, "p1"), "r2": Rock("r2", "Roadmap", "product", 70, "p1"),
                      "r3": Rock("r3", "Coordination", "project", 90, "p2")}  # fmt: skip
    impact = hire.simulate(tpm_plan, hire.propose(tpm_plan, "tpm", "by-discipline"))
    assert round(impact.utilisation) == 40
    assert impact.note == "A TPM at 40%: consider extending an existing TPM's scope instead"


def test_a_hire_that_puts_the_ratio_below_its_minimum_lists_it_as_introduced():
    plan = Plan(name="Tiny")
    plan.teams["t1"] = Team("t1", "Core", headcount=7)
    plan.people["p1"] = Person("p1", "Pat", "Product Manager")
    plan.rocks["r1"] = Rock("r1", "PRDs", "product", 60, "p1")
    plan.rocks["r2"] = Rock("r2", "Backlog", "product", 60, "p1")
    impact = hire.simulate(plan, hire.propose(plan, "pm", "balance"))
    assert [f.rule for f in impact.introduced] == ["pm-eng-ratio"]
    assert "below 1:6" in impact.introduced[0].message and "below the minimum" in impact.ratio
