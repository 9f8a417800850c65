"""The networkx projection of a plan and the plain reporting-tree walks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings

from models import Person, Plan
from planner import graph
from tests.planner.strategies import plans, sample_plan


def edges_of(g, kind):
    return sorted((u[1], v[1]) for u, v, k in g.edges(keys=True) if k == kind)


def test_build_graph_nodes_and_edges():
    plan = sample_plan()
    g = graph.build_graph(plan)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == len(plan.people) + len(plan.rocks) + len(plan.teams)
    assert dict(g.nodes[("person", "p3")]) == {
        "kind": "person",
        "id": "p3",
        "label": "Cy Park",
        "role": "Senior Product Manager",
        "status": "active",
    }
    assert g.nodes[("rock", "r3")]["kind"] == "rock" and g.nodes[("rock", "r3")]["effort"] == 12.5
    assert g.nodes[("team", "t1")]["headcount"] == 14
    assert edges_of(g, "reports_to") == [("p2", "p1"), ("p3", "p2"), ("p4", "p2"), ("p5", "p2"), ("p6", "p1")]
    assert edges_of(g, "dotted_to") == [("p4", "p1")]
    assert edges_of(g, "owns") == [("p1", "r4"), ("p2", "r6"), ("p3", "r1"), ("p3", "r2"), ("p4", "r3"), ("p4", "r7")]
    assert edges_of(g, "contributes") == [("p4", "r2")]
    assert edges_of(g, "member_of") == [("p3", "t1"), ("p4", "t2"), ("p6", "t1")]
    assert edges_of(g, "leads") == [("p3", "t1")]
    assert all(d["kind"] == k for _, _, k, d in g.edges(keys=True, data=True))


def test_same_id_in_two_kinds_makes_two_nodes():
    plan = sample_plan()
    plan.rocks["p1"] = plan.rocks.pop("r1")
    plan.rocks["p1"].id = "p1"
    g = graph.build_graph(plan)
    assert g.nodes[("person", "p1")]["kind"] == "person" and g.nodes[("rock", "p1")]["kind"] == "rock"
    assert g.has_edge(("person", "p3"), ("rock", "p1"), key="owns")


def test_person_owning_and_contributing_keeps_both_edges():
    plan = sample_plan()
    plan.rocks["r2"].contributors = ["p3"]  # owner and contributor at once
    g = graph.build_graph(plan)
    assert g.number_of_edges(("person", "p3"), ("rock", "r2")) == 2


def test_reporting_subgraph_is_a_forest():
    g = graph.build_graph(sample_plan())
    reports = nx.DiGraph([(u, v) for u, v, k in g.edges(keys=True) if k == "reports_to"])
    assert nx.is_forest(reports.to_undirected()) and nx.is_directed_acyclic_graph(reports)


def test_descendants():
    plan = sample_plan()
    assert graph.descendants(plan, "p1") == {"p2", "p3", "p4", "p5", "p6"}
    assert graph.descendants(plan, "p2") == {"p3", "p4", "p5"}
    assert graph.descendants(plan, "p5") == set()
    index = graph.children_index(plan)
    assert graph.descendants(plan, "p2", index) == {"p3", "p4", "p5"}


def test_descendants_unknown_id():
    with pytest.raises(KeyError):
        graph.descendants(sample_plan(), "ghost")


def test_descendants_survive_a_cycle_and_deep_chains():
    plan = Plan()
    n = 20_000  # far past any recursion limit
    for i in range(n):
        plan.people[f"p{i}"] = Person(f"p{i}", f"P{i}", manager=f"p{i - 1}" if i else None)
    assert len(graph.descendants(plan, "p0")) == n - 1
    assert graph.subtree_order(plan) == [f"p{i}" for i in range(n)]
    plan.people["p0"].manager = f"p{n - 1}"  # an unvalidated cycle
    assert len(graph.descendants(plan, "p0")) == n - 1
    assert sorted(graph.subtree_order(plan)) == sorted(plan.people)


def test_subtree_order():
    plan = sample_plan()
    assert graph.subtree_order(plan) == ["p1", "p2", "p3", "p4", "p5", "p6"]
    plan.people["p6"].manager = None
    plan.people["p3"].manager = "p6"
    assert graph.subtree_order(plan) == ["p1", "p2", "p4", "p5", "p6", "p3"]


@settings(max_examples=40, deadline=None)
@given(plan=plans())
def test_walks_agree_with_networkx(plan):
    g = graph.build_graph(plan)
    assert g.number_of_nodes() == len(plan.people) + len(plan.rocks) + len(plan.teams)
    owns = sum(1 for r in plan.rocks.values() if r.owner)
    assert len(edges_of(g, "owns")) == owns
    reports = nx.DiGraph()
    reports.add_nodes_from(plan.people)
    reports.add_edges_from((p.manager, p.id) for p in plan.people.values() if p.manager)
    for pid in plan.people:
        assert graph.descendants(plan, pid) == nx.descendants(reports, pid)
    order = graph.subtree_order(plan)
    assert sorted(order) == sorted(plan.people)
    position = {p: i for i, p in enumerate(order)}
    for p in plan.people.values():
        if p.manager:
            assert position[p.manager] < position[p.id]
    # Each subtree is contiguous in the order.
    for pid in plan.people:
        below = graph.descendants(plan, pid)
        span = order[position[pid] + 1 : position[pid] + 1 + len(below)]
        assert set(span) == below


def test_networkx_is_imported_lazily():
    code = "import planner.graph, sys; assert 'networkx' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
