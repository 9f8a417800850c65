"""The plan as a graph, and fast walks of the reporting tree.

``build_graph`` projects a plan onto a networkx MultiDiGraph for analyses and
exports that want graph algorithms. People, rocks and teams have separate id
spaces, so nodes are keyed ``(kind, id)``: ``("person", "p1")``. networkx is
imported inside ``build_graph`` because importing it costs ~0.2 s, which the
CLI and app start-up should not pay. ``descendants`` and ``subtree_order``
are plain iterative walks (no networkx, no recursion limit) for the UI and
scenarios, linear in the number of people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models import Plan

if TYPE_CHECKING:
    import networkx as nx

PERSON, ROCK, TEAM = "person", "rock", "team"
EDGE_KINDS = ("reports_to", "dotted_to", "owns", "contributes", "member_of", "leads")


def build_graph(plan: Plan) -> nx.MultiDiGraph:
    """Nodes ``(kind, id)`` with attrs kind/id/label; edges keyed by their kind (EDGE_KINDS).

    reports_to and dotted_to run person -> manager; owns and contributes run
    person -> rock; member_of and leads run person -> team.
    """
    import networkx as nx

    g = nx.MultiDiGraph(name=plan.name)
    g.add_nodes_from(
        ((PERSON, p.id), {"kind": PERSON, "id": p.id, "label": p.name, "role": p.role, "status": p.status})
        for p in plan.people.values()
    )
    g.add_nodes_from(
        (
            (ROCK, r.id),
            {
                "kind": ROCK,
                "id": r.id,
                "label": r.title,
                "discipline": r.discipline,
                "effort": r.effort,
                "state": r.state,
            },
        )
        for r in plan.rocks.values()
    )
    g.add_nodes_from(
        ((TEAM, t.id), {"kind": TEAM, "id": t.id, "label": t.name, "headcount": t.headcount})
        for t in plan.teams.values()
    )
    edges: list[tuple[tuple[str, str], tuple[str, str], str, dict[str, object]]] = []
    for p in plan.people.values():
        me = (PERSON, p.id)
        if p.manager is not None:
            edges.append((me, (PERSON, p.manager), "reports_to", {"kind": "reports_to"}))
        for d in p.dotted:
            edges.append((me, (PERSON, d), "dotted_to", {"kind": "dotted_to"}))
        if p.team is not None:
            edges.append((me, (TEAM, p.team), "member_of", {"kind": "member_of"}))
    for r in plan.rocks.values():
        rock = (ROCK, r.id)
        if r.owner is not None:
            edges.append(((PERSON, r.owner), rock, "owns", {"kind": "owns"}))
        for c in r.contributors:
            edges.append(((PERSON, c), rock, "contributes", {"kind": "contributes"}))
    for t in plan.teams.values():
        if t.lead is not None:
            edges.append(((PERSON, t.lead), (TEAM, t.id), "leads", {"kind": "leads"}))
    g.add_edges_from(edges)
    return g


def children_index(plan: Plan) -> dict[str, list[str]]:
    """Manager id -> direct reports in plan order (reports to unknown ids are left out)."""
    children: dict[str, list[str]] = {}
    people = plan.people
    for p in people.values():
        if p.manager is not None and p.manager in people:
            children.setdefault(p.manager, []).append(p.id)
    return children


def descendants(plan: Plan, pid: str, children: dict[str, list[str]] | None = None) -> set[str]:
    """Everyone below ``pid`` in the reporting tree (not ``pid`` itself).

    Pass a ``children_index`` to ask about many people without rebuilding it.
    Raises KeyError for an unknown id.
    """
    if pid not in plan.people:
        raise KeyError(pid)
    children = children_index(plan) if children is None else children
    found: set[str] = set()
    stack = list(children.get(pid, ()))
    while stack:
        node = stack.pop()
        if node in found or node == pid:  # guards against cycles in unvalidated plans
            continue
        found.add(node)
        stack.extend(children.get(node, ()))
    return found


def subtree_order(plan: Plan) -> list[str]:
    """Every person id once, depth first: each root (in plan order), then its reports in plan order.

    People caught in a reporting cycle (only possible in an unvalidated plan) come last.
    """
    people = plan.people
    children = children_index(plan)
    order: list[str] = []
    seen: set[str] = set()
    roots = [p.id for p in people.values() if p.manager is None or p.manager not in people]
    for root in roots:
        stack = [root]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            order.append(node)
            stack.extend(reversed(children.get(node, ())))
    order.extend(p for p in people if p not in seen)
    return order
