"""planner.exports.graphs: GraphML read back by networkx and igraph; DOT rendered by Graphviz, hostile names included."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter

import networkx as nx
import pytest

from planner.checks.analysis import Analysis
from planner.exports import graphs
from planner.exports.exporting import Cancelled, export
from planner.planfile import templates

HOSTILE = [
    'say "hi"',
    "back\\slash\\",
    "two\nlines",
    '"]; evil -> x [label="',
    "<b>html</b> & co",
    "bell\x07",
    "$x$ \\N \\G",
    "cr\rhere",
]


@pytest.fixture
def plan():
    plan = templates.load_template("series-b")
    people = list(plan.people.values())
    people[5].dotted = [people[1].id]
    rock = next(iter(plan.rocks.values()))
    rock.contributors = [people[4].id]
    return plan


def _expected_edges(plan):
    people = plan.people
    return Counter(
        {
            "reports": sum(1 for p in people.values() if p.manager),
            "dotted": sum(len(p.dotted) for p in people.values()),
            "owns": sum(1 for r in plan.rocks.values() if r.owner),
            "contributes": sum(len(r.contributors) for r in plan.rocks.values()),
        }
    )


def test_graphml_reads_back_with_networkx(plan, tmp_path):
    out = tmp_path / "plan.graphml"
    export(plan, out)
    graph = nx.read_graphml(out)
    assert graph.number_of_nodes() == len(plan.people) + len(plan.rocks)
    kinds = Counter(data["kind"] for _, data in graph.nodes(data=True))
    assert kinds == {"person": len(plan.people), "rock": len(plan.rocks)}
    assert Counter(d["kind"] for _, _, d in graph.edges(data=True)) == _expected_edges(plan)
    analysis = Analysis(plan)
    for pid, person in plan.people.items():
        node = graph.nodes[graphs.person_node(pid)]
        assert node["name"] == person.name and node["role"] == person.role
        assert node["family"] == analysis.family(pid)
        assert node["load"] == pytest.approx(analysis.loads[pid].percent, abs=0.001)
        if person.manager:
            assert graph.has_edge(graphs.person_node(person.manager), graphs.person_node(pid))
    for rid, rock in plan.rocks.items():
        node = graph.nodes[graphs.rock_node(rid)]
        assert (node["title"], node["discipline"], node["effort"]) == (rock.title, rock.discipline, rock.effort)
        assert node["plan_id"] == rid
        if rock.owner:
            assert graph.has_edge(graphs.person_node(rock.owner), graphs.rock_node(rid))
    for _, data in graph.nodes(data=True):
        assert None not in data.values()


def test_graphml_reads_back_with_igraph(plan, tmp_path):
    import igraph
    out = tmp_path / "plan.graphml"
    export(plan, out)
    graph = igraph.Graph.Read_GraphML(str(out))
    assert graph.is_directed()
    assert graph.vcount() == len(plan.people) + len(plan.rocks)
    assert graph.ecount() == sum(_expected_edges(plan).values())
    assert sorted(v["name"] for v in graph.vs if v["kind"] == "person") == sorted(p.name for p in plan.people.values())


def test_graphml_with_hostile_names_stays_valid_xml(plan, tmp_path):
    for person, name in zip(plan.people.values(), HOSTILE, strict=False):
        person.name = name
    out = tmp_path / "plan.graphml"
    graphs.write_graphml(plan, out)
    graph = nx.read_graphml(out)
    names = [graph.nodes[graphs.person_node(pid)]["name"] for pid in list(plan.people)[: len(HOSTILE)]]
    assert names[0] == 'say "hi"' and names[4] == "<b>html</b> & co" and names[1] == "back\\slash\\"
    assert names[5] == "bell\\x07"  # XML 1.0 cannot hold it: shown as an escape


def test_a_person_and_a_rock_may_share_an_id(plan, tmp_path):
    pid = next(iter(plan.people))
    rid = next(iter(plan.rocks))
    plan.rocks[pid] = plan.rocks.pop(rid)
    plan.rocks[pid].id = pid
    graph = graphs.plan_graph(plan)
    assert graph.nodes[graphs.person_node(pid)]["kind"] == "person"
    assert graph.nodes[graphs.rock_node(pid)]["kind"] == "rock"


def test_dot_string_escapes_what_would_break_out():
    assert graphs.dot_string('a"b') == '"a\\"b"'
    assert graphs.dot_string("a\\") == '"a\\\\"'
    assert graphs.dot_string("a\nb\r\nc") == '"a\\nb\\nc"'
    assert graphs.dot_string("bell\x07") == '"bell\\\\x07"'


def _plain(dot_file):
    """Graphviz's own reading of the file: node names and edge endpoints (-Tplain), and the SVG."""
    svg = subprocess.run(["dot", "-Tsvg", str(dot_file)], capture_output=True, text=True, timeout=120)
    assert svg.returncode == 0, svg.stderr
    assert "Warning" not in svg.stderr and "Error" not in svg.stderr, svg.stderr
    return svg.stdout


def test_dot_renders_with_graphviz_even_with_hostile_names(plan, tmp_path):
    if shutil.which("dot") is None:
        pytest.skip("dot not installed")
    for person, name in zip(plan.people.values(), HOSTILE, strict=False):
        person.name = name
    out = tmp_path / "plan.dot"
    export(plan, out)
    svg = _plain(out)
    assert svg.count('class="node"') == len(plan.people) + len(plan.rocks)
    assert svg.count('class="edge"') == sum(_expected_edges(plan).values())
    assert "say &quot;hi&quot;" in svg or 'say "hi"' in svg
    assert "&lt;b&gt;html&lt;/b&gt; &amp; co" in svg  # the text, not markup
    assert "back\\slash\\" in svg
    assert "&quot;]; evil &#45;&gt; x [label=&quot;" in svg  # the would-be statement stayed inside its label
    assert "$x$ \\N \\G" in svg  # not expanded to the node's id or the graph's name


def test_dot_cancel_leaves_no_file(plan, tmp_path):
    out = tmp_path / "plan.dot"
    with pytest.raises(Cancelled):
        graphs.write_dot(plan, out, progress=lambda done, total, what: False)
    assert not out.exists() and list(tmp_path.iterdir()) == []
