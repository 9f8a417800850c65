"""Opening a big plan fast (issue [10/10]): the cheap paths give what the thorough ones gave.

planner.planfile.fileio checks references over the distinct ids first and walks the records
only where a problem may be; duplicate ids are found from the sizes of the built tables;
planner.core.bulk pauses and, for big builds, freezes the cyclic GC.
"""

from __future__ import annotations

import gc

import orjson
import pytest

from models import Discipline, Person, Plan, Rock, Team
from planner.checks.analysis import Analysis
from planner.core import bulk
from planner.core.errors import PlanFileError
from planner.planfile import fileio
from planner.planfile.plancheck import Problems
from tests.planner.strategies import sample_plan


def _load_error(doc: dict) -> PlanFileError:
    with pytest.raises(PlanFileError) as info:
        fileio.loads(orjson.dumps(doc), "bad.rocks.json")
    return info.value


def _quick_look_clear(plan: Plan) -> bool:
    shared = [r for r in plan.rocks.values() if r.contributors]
    return fileio._people_clear(plan.people, plan.teams) and fileio._rocks_clear(plan, shared)


def _slow_references(plan: Plan) -> list[str]:
    """What the record by record walks alone report (the quick look skipped)."""
    problems = Problems()
    fileio._check_people(plan, problems)
    fileio._check_rocks(plan, problems)
    return problems.shown


@pytest.mark.parametrize(
    "break_it",
    [
        lambda p: setattr(p.people["p3"], "manager", "ghost"),
        lambda p: setattr(p.people["p3"], "manager", "p3"),
        lambda p: setattr(p.people["p4"], "dotted", ["p1", "ghost"]),
        lambda p: setattr(p.people["p4"], "dotted", ["p4"]),
        lambda p: setattr(p.people["p5"], "team", "ghost"),
        lambda p: setattr(p.rocks["r2"], "owner", "ghost"),
        lambda p: setattr(p.rocks["r2"], "contributors", ["p4", "ghost"]),
        lambda p: setattr(p.rocks["r7"], "discipline", "astrology"),
    ],
)
def test_the_quick_look_sees_every_kind_of_dangling_reference(break_it):
    plan = sample_plan()
    break_it(plan)
    assert not _quick_look_clear(plan)
    listed = fileio.check_references(plan)
    assert listed and listed == _slow_references(plan)


def test_a_clean_plan_passes_the_quick_look_and_still_drops_repeated_ids():
    plan = sample_plan()
    plan.people["p4"].dotted = ["p1", "p2", "p1"]
    plan.rocks["r2"].contributors = ["p4", "p4"]
    assert _quick_look_clear(plan)
    assert fileio.check_references(plan) == []
    assert plan.people["p4"].dotted == ["p1", "p2"], "as EditPerson stores them"
    assert plan.rocks["r2"].contributors == ["p4"]


def test_a_custom_discipline_counts_as_known():
    plan = sample_plan()
    assert plan.rocks["r7"].discipline == "growth"  # from the plan's settings, not built in
    assert fileio.check_references(plan) == []


def test_a_duplicate_id_is_the_only_problem_told_even_beside_others():
    doc = fileio.plan_to_dict(sample_plan())
    doc["people"][4]["id"] = doc["people"][1]["id"]
    doc["people"][0]["name"] = "   "  # a blank name too: the duplicate is what is said
    doc["rocks"][0]["owner"] = "ghost"
    error = _load_error(doc)
    assert "duplicate id" in str(error) and "people[4].id" in str(error) and "people[1]" in str(error)
    assert "ghost" not in str(error) and "empty" not in str(error)


@pytest.mark.parametrize("section", ["teams", "people", "rocks"])
def test_duplicate_ids_are_found_in_every_section(section):
    doc = fileio.plan_to_dict(sample_plan())
    doc[section].append(dict(doc[section][0]))
    error = _load_error(doc)
    assert f'{section}[{len(doc[section]) - 1}].id: "{doc[section][0]["id"]}" is already used by {section}[0]' in str(
        error
    )


def test_a_big_build_is_frozen_and_a_small_one_is_not():
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    try:
        with bulk.building(False):
            assert not gc.isenabled()
            kept = [[i] for i in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() == frozen
        with bulk.building(True):
            kept += [[i] for i in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + 1000, "what was built is left out of later collections"
    finally:
        gc.unfreeze()  # back to the young generations: this test leaves nothing frozen


def test_a_failed_build_freezes_nothing_and_resumes_the_gc():
    frozen = gc.get_freeze_count()
    with pytest.raises(ValueError), bulk.building(True):
        raise ValueError("refused")
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_a_paused_gc_stays_paused():
    gc.disable()
    try:
        with bulk.building(False):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_frozen_plan_is_freed_when_dropped(monkeypatch):
    """Freezing keeps nothing alive: plans and analyses hold no cycles, so dropping the last
    reference frees them as before."""
    import weakref

    monkeypatch.setattr(fileio, "FREEZE_BYTES", 0)  # every load counts as big here
    monkeypatch.setattr("planner.checks.analysis.FREEZE_AT", 0)
    try:
        plan = fileio.loads(fileio.dumps(sample_plan()))
        analysis = Analysis(plan)  # built (and frozen) after the plan: both are frozen now
        assert gc.get_freeze_count() > 0
        watch = weakref.ref(analysis)  # plan records have slots and no weak references
        del plan, analysis
        assert watch() is None
    finally:
        gc.unfreeze()


def test_a_big_plan_file_loads_the_same_as_a_small_one(monkeypatch):
    data = fileio.dumps(_wide_plan())
    small = fileio.loads(data)
    monkeypatch.setattr(fileio, "FREEZE_BYTES", 0)
    try:
        big = fileio.loads(data)
    finally:
        gc.unfreeze()
    assert big == small and fileio.dumps(big) == data


def _wide_plan() -> Plan:
    plan = Plan(name="Wide")
    plan.settings.disciplines = [Discipline("growth", "Growth", "#118ab2")]
    plan.teams = {"t1": Team("t1", "Core", lead="p1")}
    plan.people = {"p1": Person("p1", "Lead", "VP Product")}
    for i in range(2, 60):
        plan.people[f"p{i}"] = Person(f"p{i}", f"PM {i}", "Product Manager", manager="p1", team="t1")
    for i in range(1, 200):
        owner = f"p{1 + i % 59}"
        plan.rocks[f"r{i}"] = Rock(f"r{i}", f"Rock {i}", "growth" if i % 7 == 0 else "product", 5, owner)
    return plan


def test_the_cost_guard_counts_what_it_counted_before(monkeypatch):
    """One translate pass (planner.planfile.loadcost) counts the same braces, brackets and commas
    as three counts did: a budget of exactly that cost opens the file, one byte less refuses it."""
    from planner.planfile import loadcost

    data = fileio.dumps(_wide_plan())
    objects = data.count(b"{")
    values = objects + data.count(b"[") + data.count(b",")
    cost = loadcost.load_cost(objects, values, len(data))
    monkeypatch.setattr(loadcost, "MEMORY_BUDGET", cost)
    loadcost.check_cost(data, "wide.rocks.json")
    monkeypatch.setattr(loadcost, "MEMORY_BUDGET", cost - 1)
    with pytest.raises(PlanFileError) as info:
        loadcost.check_cost(data, "wide.rocks.json")
    assert f"{values:,} JSON values and {objects:,} objects" in str(info.value)
