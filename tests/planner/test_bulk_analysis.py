"""The analysis' bulk pass (``Analysis(plan)``: every rock indexed in one loop, loads and person
findings inlined, planner.checks.analysis and planner.checks.titles) builds exactly what the
incremental path builds when the same people, rocks and teams arrive through ``update``."""

from __future__ import annotations

import pytest

from models import Plan
from planner.checks.analysis import Analysis
from planner.core.changes import Changes
from planner.planfile.templates import load_template
from tests.benchmarks.synth import make_plan


def _state(a: Analysis) -> dict[str, object]:
    """Everything the analysis keeps, orders included where readers see them."""
    return {
        "findings": dict(a.findings),
        "loads": {pid: (load.effort, load.percent, load.by_discipline) for pid, load in a.loads.items()},
        "owned": {pid: list(rids) for pid, rids in a.owned.items() if rids},
        "unowned": set(a.unowned),
        "dropped": set(a.dropped),
        "launches": set(a._launches),
        # members of a group or a title's word set are read in id order (titles.in_id_order)
        "groups": {k: v if isinstance(v, str) else set(v) for k, v in a._groups.items()},
        "rock_owner": dict(a._rock_owner),
        "rock_group": dict(a._rock_group),
        "titles": dict(a._titles.of_rock),
        "title_rocks": {k: set(v) for k, v in a._titles.rocks.items() if v},
        "holders": {d: dict(h) for d, h in a._holders.items() if h},
        "overloaded": set(a.overloaded),
        "project_heavy": dict(a.project_heavy),
        "severity": dict(a.severity_counts),
        "summary": a.summary(),
    }


def _incrementally(plan: Plan) -> Analysis:
    """The same plan, its people, rocks and teams added through ``update`` after an empty start."""
    people, rocks, teams = dict(plan.people), dict(plan.rocks), dict(plan.teams)
    plan.people, plan.rocks, plan.teams = {}, {}, {}
    a = Analysis(plan)
    plan.people, plan.rocks, plan.teams = people, rocks, teams
    a.update(Changes(people=set(people), rocks=set(rocks), teams=set(teams)))
    return a


@pytest.mark.parametrize("name", ["first-pm", "scale-up", "series-b", "solo-founder"])
def test_the_bulk_pass_builds_what_updates_build_for_each_template(name):
    plan = load_template(name)
    assert _state(Analysis(plan)) == _state(_incrementally(plan))


@pytest.mark.parametrize("disabled", [[], ["discipline-fit", "specialist-overlap", "overload"]])
def test_the_bulk_pass_builds_what_updates_build_for_a_generated_org(disabled):
    plan = make_plan(600)
    plan.settings.rules.disabled = list(disabled)
    bulk = Analysis(plan)
    assert bulk.findings  # a plan with something to say
    assert not any(f.rule in disabled for f in bulk.findings.values())
    assert _state(bulk) == _state(_incrementally(plan))
