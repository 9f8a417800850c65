"""planner.imports.seed: typical rocks per role family, marked seeded, as one undoable command."""

from __future__ import annotations

import io
import json

import pytest

from models import Person, Plan, Rock, Team
from planner.checks.analysis import Analysis
from planner.cli.main import main
from planner.editing import commands as C
from planner.editing import operations as ops
from planner.editing.document import Document
from planner.editing.operations import Refusal
from planner.imports import seed
from planner.planfile import fileio
from planner.planfile.templates import load_catalog
from tests.planner.helpers import owned, seeded

TITLES = {r.key: r.title for r in load_catalog()}


def org(*people: tuple[str, str, str | None]) -> Plan:
    """A plan as an import leaves it: people with roles and managers, no rocks."""
    plan = Plan(name="Imported")
    for i, (name, role, manager) in enumerate(people, 1):
        plan.people[f"p{i}"] = Person(f"p{i}", name, role, manager=manager)
    return plan


def engineers(n: int, manager: str) -> list[tuple[str, str, str | None]]:
    return [(f"Eng {i}", "Software Engineer", manager) for i in range(n)]


def load(plan: Plan, pid: str) -> float:
    return sum(r.effort for r in owned(plan, pid)) / plan.people[pid].capacity * 100


def rules(plan: Plan) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in Analysis(plan).sorted_findings():
        out.setdefault(f.rule, []).append(f.message)
    return out


def test_an_engineering_org_with_a_ceo_makes_the_ceo_act_as_pm():
    plan = org(("Ada", "CEO", None), *engineers(8, "p1"))
    assert "acting-pm" not in rules(plan)
    seeded(plan)
    titles = [r.title for r in owned(plan, "p1")]
    assert TITLES["roadmap"] in titles and TITLES["prds"] in titles and TITLES["vision"] in titles
    assert all(r.seeded for r in plan.rocks.values())
    assert all(not owned(plan, f"p{i}") for i in range(2, 10)), "engineers get no rocks"
    found = rules(plan)
    assert any("Ada (CEO) is acting as PM" in m for m in found["acting-pm"])
    assert load(plan, "p1") <= seed.TARGET


def test_with_no_ceo_the_root_of_the_biggest_tree_acts_as_pm():
    plan = org(("Lone", "Advisor", None), ("Bo", "Head of Engineering", None), *engineers(4, "p2"))
    seeded(plan)
    assert TITLES["roadmap"] in [r.title for r in owned(plan, "p2")]
    assert not owned(plan, "p1")
    assert "acting-pm" in rules(plan)


def test_co_founders_share_the_product_rocks_and_the_first_gets_the_vision():
    plan = org(("Ann", "Co-founder", None), ("Ben", "Co-founder", None), *engineers(3, "p1"))
    seeded(plan)
    ann, ben = {r.title for r in owned(plan, "p1")}, {r.title for r in owned(plan, "p2")}
    assert TITLES["vision"] in ann and TITLES["vision"] not in ben
    assert ann & {TITLES[k] for k in seed.PRODUCT_ROCKS} and ben & {TITLES[k] for k in seed.PRODUCT_ROCKS}
    assert not ann & ben, "each product rock has one owner"
    assert "shared-ownership" not in rules(plan)


def test_pms_get_pm_rocks_at_80_to_100_percent_and_the_small_company_gaps():
    plan = org(
        ("Cleo", "CEO", None), ("Pia", "Product Manager", "p1"), ("Raj", "Senior PM", "p1"), *engineers(12, "p1")
    )
    plan.people["p3"].capacity = 50
    seeded(plan)
    for pid in ("p2", "p3"):
        titles = {r.title for r in owned(plan, pid)}
        assert {TITLES[k] for k in seed.PRODUCT_ROCKS} <= titles
        # No PMM, strategist or product ops in the plan: the PMs carry that work.
        assert {TITLES["positioning"], TITLES["competitive-analysis"], TITLES["dashboards"]} <= titles
        assert 80 <= load(plan, pid) <= 100
    ceo = {r.title for r in owned(plan, "p1")}
    assert ceo == {TITLES["vision"]}, "with PMs in the plan the CEO keeps only the vision"
    found = rules(plan)
    assert "unicorn" not in found, "in a small company a PM spread across disciplines at a normal load is expected"
    assert "shared-ownership" not in found, "two PMs' roadmaps are two areas"


def test_specialists_get_their_family_rocks_and_pms_skip_those_gaps():
    plan = org(
        ("Pia", "Product Manager", None),
        ("Mo", "Product Marketing Manager", "p1"),
        ("Tia", "TPM", "p1"),
        ("Dee", "Product Designer", "p1"),
        ("Ola", "Product Analyst", "p1"),
        ("Sam", "Strategist", "p1"),
    )
    seeded(plan)
    disciplines = {pid: {r.discipline for r in owned(plan, pid)} for pid in plan.people}
    assert disciplines == {
        "p1": {"product"},
        "p2": {"marketing"},
        "p3": {"project"},
        "p4": {"design"},
        "p5": {"operations"},
        "p6": {"strategy"},
    }
    assert all(80 <= load(plan, pid) <= 100 for pid in plan.people)
    assert "discipline-fit" not in rules(plan)


def test_team_names_become_areas_and_open_roles_get_nothing():
    plan = org(("Pia", "Product Manager", None), ("Open PM", "Product Manager", "p1"))
    plan.teams["pay"] = Team("pay", "Payments")
    plan.people["p1"].team = "pay"
    plan.people["p2"].status = "open"
    seeded(plan)
    assert {r.area for r in owned(plan, "p1")} == {"Payments"}
    assert not owned(plan, "p2")


def test_existing_rocks_are_skipped_and_count_towards_the_load():
    plan = org(
        ("Pia", "Product Manager", None),
        ("Mo", "PMM", None),
        ("Ola", "Product ops", None),
        ("Sam", "Strategy", None),
        ("Tia", "TPM", None),
    )
    plan.rocks["r1"] = Rock("r1", "product roadmap", "product", effort=45, owner="p1")
    seeded(plan)
    titles = [r.title.casefold() for r in owned(plan, "p1")]
    assert titles.count("product roadmap") == 1
    assert 80 <= load(plan, "p1") <= 100


def test_ids_and_order_are_deterministic():
    def build() -> Plan:
        plan = org(("Ada", "CEO", None), ("Pia", "PM", "p1"), ("Dee", "Designer", "p1"))
        plan.rocks["r4"] = Rock("r4", "Taken id", "product", owner="p1")
        return plan

    a, b = seeded(build()), seeded(build())
    assert fileio.dumps(a) == fileio.dumps(b)
    new = [r for r in a.rocks if r != "r4"]
    assert "r4" not in new and len(set(new)) == len(new)
    owners = [a.rocks[r].owner for r in new]
    assert owners == sorted(owners, key=list(a.people).index), "people in plan order"


def test_undo_gives_back_identical_bytes_and_redo_the_same_rocks():
    plan = org(("Ada", "CEO", None), ("Pia", "PM", "p1"), *engineers(3, "p1"))
    plan.rocks["r1"] = Rock("r1", "Hiring plan", "operations", owner="p1")
    before = fileio.dumps(plan)
    document, command = Document(plan), seed.seed_rocks(plan)
    document.run(command)
    after = fileio.dumps(plan)
    assert after != before and json.loads(after)["rocks"][-1]["seeded"] is True
    document.revert(command)  # as the undo stack does
    assert fileio.dumps(plan) == before
    document.run(command)
    assert fileio.dumps(plan) == after


def test_nothing_to_seed_is_a_quiet_refusal_with_the_reason():
    assert seed.seed_rocks(Plan()) == Refusal("Nothing to seed: the plan has no people", quiet=True)
    eng_only = org(("Bo", "Software Engineer", None))
    eng_only.people["p1"].status = "open"
    outcome = seed.seed_rocks(eng_only)
    assert isinstance(outcome, Refusal) and outcome.quiet and "engineers get none" in outcome.reason
    plan = seeded(org(("Pia", "PM", None)))
    again = seed.seed_rocks(plan)
    assert isinstance(again, Refusal) and again.quiet and "already owns" in again.reason


def test_only_the_given_people_are_seeded():
    plan = org(("Pia", "PM", None), ("Raj", "PM", None))
    outcome = seed.seed_rocks(plan, people=["p2"])
    assert isinstance(outcome, C.Compound)
    assert {c.rock.owner for c in outcome.children} == {"p2"}


def test_editing_a_seeded_effort_clears_the_mark_and_undo_restores_it():
    plan = seeded(org(("Pia", "PM", None)))
    rid = next(iter(plan.rocks))
    doc = Document(plan)
    edit = ops.edit_rock(plan, rid, "effort", 33)
    assert isinstance(edit, C.Command)
    doc.run(edit)
    assert plan.rocks[rid].effort == 33 and plan.rocks[rid].seeded is False
    doc.revert(edit)
    assert plan.rocks[rid].seeded is True
    renamed = ops.edit_rock(plan, rid, "title", "Our roadmap")
    assert isinstance(renamed, C.Command)
    doc.run(renamed)
    assert plan.rocks[rid].seeded is True, "only an effort edit settles the estimate"


@pytest.fixture
def people_csv(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "name,role,manager\nAda,CEO,\nBo,Software Engineer,Ada\nCy,Software Engineer,Ada\n", encoding="utf-8"
    )
    return path


def test_cli_import_seed_rocks_writes_seeded_rocks_and_says_how_many(tmp_path, people_csv):
    out_path = tmp_path / "out.rocks.json"
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", "--people", str(people_csv), "--seed-rocks", "-o", str(out_path)], out, err)
    assert code == 0, err.getvalue()
    doc = json.loads(out_path.read_text(encoding="utf-8"))
    rocks = doc["rocks"]
    assert len(rocks) == 7 and all(r["seeded"] is True for r in rocks)
    assert "seeded 7 rocks on 1 person" in err.getvalue()
    assert "7 rocks" in out.getvalue()
    check_out = io.StringIO()
    main(["check", str(out_path)], check_out, io.StringIO())
    assert "acting as PM" in check_out.getvalue()


def test_cli_import_without_the_flag_seeds_nothing(tmp_path, people_csv):
    out_path = tmp_path / "plain.rocks.json"
    err = io.StringIO()
    assert main(["import", "--people", str(people_csv), "-o", str(out_path)], io.StringIO(), err) == 0
    assert (
        "rocks" not in json.loads(out_path.read_text(encoding="utf-8")) or not json.loads(out_path.read_text())["rocks"]
    )
    assert "seeded" not in err.getvalue()
