"""The plan as a graph: GraphML (networkx) and Graphviz DOT (written here, no pydot).

Nodes are people (``kind`` "person": name, role, family, status, capacity, load,
effort, team) and rocks (``kind`` "rock": title, discipline, effort, area,
rock_kind, state, seeded). Edges are ``reports`` (manager -> report), ``dotted``
(dotted-line manager -> person), ``owns`` (owner -> rock) and ``contributes``
(contributor -> rock). Node ids are "person/<id>" and "rock/<id>" (a person and a
rock may share an id in a plan file); the plan id is also the ``plan_id`` attribute.

Plan text is untrusted: GraphML attributes never hold None (GraphML has no null) nor
characters XML 1.0 cannot hold (shown as ``\\xNN``); DOT strings escape quotes,
backslashes and line breaks so a name cannot end a string or add statements.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.checks.rules import OVERLOAD
from planner.exports.exporting import Cancelled, Progress, TableOptions, atomic_output, no_progress, register_format

if TYPE_CHECKING:
    import networkx as nx

    from models import Plan
    from planner.checks.analysis import Analysis

_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DOT_CONTROL = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def person_node(pid: str) -> str:
    return f"person/{pid}"


def rock_node(rid: str) -> str:
    return f"rock/{rid}"


def _visible(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_safe(text: str) -> str:
    """Text XML 1.0 can hold: control characters (other than tab and newlines) shown as \\xNN."""
    return _XML_UNSAFE.sub(lambda m: _visible(m.group()), text) if _XML_UNSAFE.search(text) else text


def dot_string(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped, line breaks as \\n, other controls as visible \\xNN."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    text = _DOT_CONTROL.sub(lambda m: _visible(m.group()).replace("\\", "\\\\"), text)
    return f'"{text}"'


def _people_attrs(plan: Plan, analysis: Analysis) -> Iterator[tuple[str, dict[str, Any]]]:
    teams = plan.teams
    for pid, p in plan.people.items():
        load = analysis.loads.get(pid)
        team = teams.get(p.team) if p.team is not None else None
        yield (
            pid,
            {
                "kind": "person",
                "plan_id": pid,
                "label": p.name,
                "name": p.name,
                "role": p.role,
                "family": analysis.family(pid),
                "status": p.status,
                "capacity": float(p.capacity),
                "load": round(load.percent, 3) if load else 0.0,
                "effort": float(load.effort) if load else 0.0,
                "team": team.name if team is not None else "",
            },
        )


def _rock_attrs(plan: Plan) -> Iterator[tuple[str, dict[str, Any]]]:
    for rid, r in plan.rocks.items():
        yield (
            rid,
            {
                "kind": "rock",
                "plan_id": rid,
                "label": r.title,
                "name": r.title,
                "title": r.title,
                "discipline": r.discipline,
                "effort": float(r.effort),
                "area": r.area,
                "rock_kind": r.kind,
                "state": r.state,
                "seeded": bool(r.seeded),
            },
        )


def _edges(plan: Plan) -> Iterator[tuple[str, str, str]]:
    """(source node, target node, kind) of every edge, in plan order."""
    people = plan.people
    for pid, p in people.items():
        if p.manager is not None and p.manager in people:
            yield person_node(p.manager), person_node(pid), "reports"
        for d in p.dotted:
            if d in people:
                yield person_node(d), person_node(pid), "dotted"
    for rid, r in plan.rocks.items():
        if r.owner is not None and r.owner in people:
            yield person_node(r.owner), rock_node(rid), "owns"
        for c in r.contributors:
            if c in people:
                yield person_node(c), rock_node(rid), "contributes"


def _tick(progress: Progress, done: int, total: int) -> None:
    if not progress(done, total, "people"):
        raise Cancelled()


def plan_graph(plan: Plan, analysis: Analysis | None = None, progress: Progress = no_progress) -> nx.MultiDiGraph:
    """The plan as a networkx MultiDiGraph (edge keys are the edge kinds); text made XML-safe, no None values."""
    import networkx as nx

    if analysis is None:
        from planner.checks.analysis import Analysis

        analysis = Analysis(plan)
    total = len(plan.people)
    graph = nx.MultiDiGraph(name=xml_safe(plan.name))
    for i, (pid, attrs) in enumerate(_people_attrs(plan, analysis)):
        graph.add_node(person_node(pid), **{k: xml_safe(v) if isinstance(v, str) else v for k, v in attrs.items()})
        if i % 2000 == 0:
            _tick(progress, i, total)
    for rid, attrs in _rock_attrs(plan):
        graph.add_node(rock_node(rid), **{k: xml_safe(v) if isinstance(v, str) else v for k, v in attrs.items()})
    for source, target, kind in _edges(plan):
        graph.add_edge(source, target, key=kind, kind=kind)
    return graph


def write_graphml(
    plan: Plan, path: str | os.PathLike[str], progress: Progress = no_progress, *, analysis: Analysis | None = None
) -> None:
    import networkx as nx

    graph = plan_graph(plan, analysis, progress)
    with atomic_output(path) as tmp:
        nx.write_graphml(graph, tmp, encoding="utf-8", prettyprint=True)
    _tick(progress, len(plan.people), len(plan.people))


def _dot_attrs(attrs: dict[str, Any]) -> str:
    parts = []
    for key, value in attrs.items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, float):
            text = f"{value:g}"
        else:
            text = str(value)
        parts.append(f"{key}={dot_string(text)}")
    return ", ".join(parts)


def dot_lines(plan: Plan, analysis: Analysis | None = None, progress: Progress = no_progress) -> Iterator[str]:
    """The DOT text of the plan graph, line by line (each ending in a newline)."""
    if analysis is None:
        from planner.checks.analysis import Analysis

        analysis = Analysis(plan)
    warn = OVERLOAD.WARNING.of(plan)
    table = plan.discipline_table
    total = len(plan.people)
    yield f"digraph {dot_string(plan.name)} {{\n"
    yield f"  graph [label={dot_string(plan.name)}, labelloc=t, rankdir=TB];\n"
    yield '  node [fontname="Helvetica", fontsize=10];\n'
    yield '  edge [fontname="Helvetica", fontsize=8];\n'
    for i, (pid, attrs) in enumerate(_people_attrs(plan, analysis)):
        load = attrs["load"]
        label = f"{attrs['name']}\n{attrs['role']}\n{load:.0f}%" if attrs["role"] else f"{attrs['name']}\n{load:.0f}%"
        style = {"shape": "box", "style": "rounded"}
        if load > warn:
            style["color"] = "#c0392b"
        if attrs["status"] != "active":
            style["style"] = "rounded,dashed"
        shown = {**style, **attrs, "label": label}
        yield f"  {dot_string(person_node(pid))} [{_dot_attrs(shown)}];\n"
        if i % 2000 == 0:
            _tick(progress, i, total)
    for rid, attrs in _rock_attrs(plan):
        discipline = table.get(attrs["discipline"])
        color = discipline.color if discipline is not None else "#888888"
        style = {"shape": "note", "style": "filled", "fillcolor": color + "40", "color": color}
        if attrs["state"] != "active":
            style["style"] = "filled,dashed"
        label = f"{attrs['title']}\n{attrs['discipline']} · {attrs['effort']:g}%"
        shown = {**style, **attrs, "label": label}
        yield f"  {dot_string(rock_node(rid))} [{_dot_attrs(shown)}];\n"
    looks = {
        "reports": "",
        "dotted": ', style="dashed"',
        "owns": ', color="#777777"',
        "contributes": ', style="dotted"',
    }
    for source, target, kind in _edges(plan):
        yield f"  {dot_string(source)} -> {dot_string(target)} [kind={dot_string(kind)}{looks[kind]}];\n"
    yield "}\n"


def write_dot(
    plan: Plan, path: str | os.PathLike[str], progress: Progress = no_progress, *, analysis: Analysis | None = None
) -> None:
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        chunk: list[str] = []
        for line in dot_lines(plan, analysis, progress):
            chunk.append(line)
            if len(chunk) >= 2000:
                fh.write("".join(chunk))
                chunk = []
        fh.write("".join(chunk))
    _tick(progress, len(plan.people), len(plan.people))


def _export_graphml(plan: Plan, path: Path, options: TableOptions, progress: Progress) -> None:
    write_graphml(plan, path, progress)


def _export_dot(plan: Plan, path: Path, options: TableOptions, progress: Progress) -> None:
    write_dot(plan, path, progress)


register_format((".graphml",), _export_graphml)
register_format((".dot",), _export_dot)
