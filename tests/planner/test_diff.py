"""planner.whatif.diff: each kind of change, the review text, the JSON, and a property over random commands."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Person, Plan, Rock, Team
from planner.checks.analysis import Analysis
from planner.editing.document import Document
from planner.planfile import fileio
from planner.whatif.diff import compare
from planner.whatif.filediff import textconv_lines
from tests.planner.helpers import EXAMPLES, try_push
from tests.planner.strategies import plans, sample_plan


def copy(plan: Plan) -> Plan:
    return fileio.loads(fileio.dumps(plan))


def small() -> Plan:
    """Lee (overloaded PM) and Dana (PM), 28 engineers of team headcount, no TPM."""
    plan = Plan(name="Small")
    plan.people = {
        "p1": Person("p1", "Ada", "Head of People"),
        "p2": Person("p2", "Lee", "Product Manager", manager="p1"),
        "p3": Person("p3", "Dana", "Product Manager", manager="p1"),
        "p4": Person("p4", "Sam", "Software Engineer", manager="p1"),
    }
    plan.teams = {"t1": Team("t1", "Core", lead="p4", headcount=27)}
    plan.rocks = {
        "r1": Rock("r1", "Pricing", "operations", 40, "p2"),
        "r2": Rock("r2", "Dashboards", "operations", 40, "p2"),
        "r3": Rock("r3", "Stand-ups", "project", 40, "p2"),
        "r4": Rock("r4", "Roadmap", "product", 20, "p3"),
        "r5": Rock("r5", "Launches", "marketing", 10, None),
    }
    return plan


def test_identical_plans_are_empty():
    a = sample_plan()
    d = compare(a, copy(a))
    assert d.is_empty()
    assert d.review_text() == "No differences."
    assert d.to_dict()["identical"] is True
    assert d.totals["a"] == d.totals["b"]


def test_moves_grouped_by_receiver_and_giver_with_loads():
    a = small()
    b = copy(a)
    b.rocks["r1"].owner = "p3"
    b.rocks["r2"].owner = "p3"
    d = compare(a, b)
    assert [(m.rock, m.from_, m.to) for m in d.rocks_moved] == [("r1", "p2", "p3"), ("r2", "p2", "p3")]
    head = d.review_text().splitlines()[0]
    assert head.startswith("Dana takes Pricing and Dashboards from Lee (Dana 20% -> 100%, Lee 120% -> 40%)")
    assert "Overload resolved" in head  # the rule by its title
    assert {x.person: (x.old, x.new) for x in d.loads} == {"p2": (120.0, 40.0), "p3": (20.0, 100.0)}


def test_rocks_left_unowned_and_taken_from_unowned():
    a = small()
    b = copy(a)
    b.rocks["r3"].owner = None
    b.rocks["r5"].owner = "p3"
    head = compare(a, b).review_text().splitlines()[0]
    assert "Lee lets go of Stand-ups (now unowned)" in head
    assert "Dana takes unowned Launches" in head


def test_dropped_restored_added_removed_rocks():
    a = small()
    a.rocks["r5"].state = "dropped"
    b = copy(a)
    b.rocks["r1"].state = "dropped"
    b.rocks["r5"].state = "active"
    del b.rocks["r4"]
    b.rocks["r9"] = Rock("r9", "Positioning", "marketing", 10, "p3")
    d = compare(a, b)
    assert [i.id for i in d.rocks_dropped] == ["r1"]
    assert [i.id for i in d.rocks_restored] == ["r5"]
    assert [i.id for i in d.rocks_removed] == ["r4"]
    assert [i.id for i in d.rocks_added] == ["r9"]
    assert not d.rocks_moved
    text = d.review_text()
    for part in ("1 rock dropped", "1 rock restored", "1 rock added", "1 rock removed"):
        assert part in text


def test_rock_edits_effort_discipline_title():
    a = small()
    b = copy(a)
    b.rocks["r4"].effort = 35
    b.rocks["r4"].discipline = "strategy"
    b.rocks["r4"].title = "Roadmap 2027"
    d = compare(a, b)
    assert {(e.field, e.old, e.new) for e in d.rocks_edited} == {
        ("effort", 20, 35),
        ("discipline", "product", "strategy"),
        ("title", "Roadmap", "Roadmap 2027"),
    }
    assert "- Roadmap 2027: effort 20% -> 35%" in d.review_text()
    assert [(x.person, x.old, x.new) for x in d.loads] == [("p3", 20.0, 35.0)]


def test_people_added_removed_reparented_capacity_role_status():
    a = small()
    a.people["p5"] = Person("p5", "Tia", "Product Manager", manager="p1", status="planned")
    b = copy(a)
    del b.people["p4"]
    b.teams["t1"].lead = None
    b.people["p6"] = Person("p6", "Uma", "Technical Program Manager", manager="p1")
    b.people["p3"].manager = "p2"
    b.people["p2"].capacity = 80
    b.people["p1"].role = "Chief Product Officer"
    b.people["p5"].status = "active"
    d = compare(a, b)
    assert [i.id for i in d.people_removed] == ["p4"]
    assert [i.id for i in d.people_added] == ["p6"]
    assert [(e.id, e.old, e.new) for e in d.people_reparented] == [("p3", "p1", "p2")]
    assert [(e.id, e.old, e.new) for e in d.capacity_changes] == [("p2", 100, 80)]
    assert [(e.id, e.new) for e in d.role_changes] == [("p1", "Chief Product Officer")]
    assert [(e.id, e.old, e.new) for e in d.status_changes] == [("p5", "planned", "active")]
    assert ("p2", 120.0, 150.0) in [(x.person, x.old, x.new) for x in d.loads]
    text = d.review_text()
    assert "- Dana: reports to Ada -> Lee" in text
    assert "- Tia: status planned -> active" in text


def test_team_headcount_and_metric_deltas():
    a = small()
    b = copy(a)
    b.teams["t1"].headcount = 47
    d = compare(a, b)
    assert [(e.field, e.old, e.new) for e in d.team_changes] == [("headcount", 27, 47)]
    metrics = {m.name: (m.old, m.new) for m in d.metrics}
    assert metrics["engineers"] == (28, 48)
    assert metrics["engineers_per_pm"] == (14.0, 24.0)
    assert "PM:eng 1:14 -> 1:24" in d.review_text()
    assert d.totals["a"]["engineers"] == 28 and d.totals["b"]["engineers"] == 48


def test_findings_resolved_introduced_and_changed_by_key():
    a = small()
    b = copy(a)
    b.people["p6"] = Person("p6", "Uma", "Product Designer", manager="p1")  # coverage: no designer, resolved
    b.rocks["r3"].effort = 50  # Lee's overload: same key, new message (120% -> 130%)
    b.rocks["r4"].owner = None  # orphan-rock for r4 introduced
    d = compare(a, b)
    assert [(f.rule, f.key) for f in d.findings_resolved] == [("coverage", ("coverage", "design"))]
    assert ("orphan-rock", ("orphan-rock", "r4")) in [(f.rule, f.key) for f in d.findings_introduced]
    changed = {f.key: f for f in d.findings_changed}
    overload = changed[("overload", "p2")]
    assert overload.old != overload.new and "130%" in (overload.new or "")
    assert ("overload", "p2") not in {f.key for f in d.findings_resolved + d.findings_introduced}
    head = d.review_text().splitlines()[0]
    # People read rules by their title; ids stay in the JSON.
    assert "Roles missing at this size resolved" in head and "Unowned rock introduced" in head
    text = d.review_text()
    assert "- Unowned rock: 'Roadmap' (20% of a week) has no owner" in text
    assert "- Overload: Lee is at 120% of capacity" in text
    for rule in ("coverage", "orphan-rock", "overload", "tpm-needed"):
        assert f"[{rule}]" not in text and f"{rule} " not in text
    assert d.to_dict()["findings_resolved"][0]["rule"] == "coverage"


def six_engineers() -> Plan:
    """A founder and a team of six engineers: no PM yet."""
    plan = Plan(name="Seed")
    plan.people = {"p1": Person("p1", "Ana", "CEO")}
    plan.teams = {"t1": Team("t1", "Core", headcount=6)}
    return plan


def test_a_planned_pm_is_counted_once_planned_hires_start():
    a = six_engineers()
    b = copy(a)
    b.people["p2"] = Person("p2", "New PM", "Product Manager", manager="p1", status="planned")  # no start date
    d = compare(a, b)
    assert {m.name: (m.old, m.new) for m in d.metrics} == {"pms_planned": (0, 1), "engineers_per_pm_planned": (None, 6)}
    text = d.review_text()
    head = text.splitlines()[0]
    assert head.startswith("1 person added; PMs 0 -> 1, PM:eng no PM -> 1:6 once planned hires start")
    assert "- PMs (once planned hires start): 0 -> 1" in text.splitlines()
    assert "- PM:eng (once planned hires start): no PM -> 1:6" in text.splitlines()
    assert "0 -> 0" not in text and "pms" not in text
    doc = json.loads(json.dumps(d.to_dict()))
    assert {"name": "pms_planned", "old": 0, "new": 1} in doc["metrics"]
    assert {"name": "engineers_per_pm_planned", "old": None, "new": 6.0} in doc["metrics"]
    totals = doc["totals"]["b"]
    assert (totals["pms"], totals["engineers_per_pm"], totals["pms_planned"], totals["engineers_per_pm_planned"]) == (
        0, None, 1, 6.0)  # fmt: skip

    # The PM starts: today's numbers move, those once planned hires start stay.
    c = copy(b)
    c.people["p2"].status = "active"
    d = compare(b, c)
    assert {m.name for m in d.metrics} == {"pms", "engineers_per_pm"}
    assert d.review_text().splitlines()[0] == "PMs 0 -> 1, PM:eng no PM -> 1:6 today."
    assert "- PMs today: 0 -> 1" in d.review_text().splitlines()

    # No planned hire on either side: one set of numbers, as before.
    d = compare(a, c)
    assert {"pms", "pms_planned"} <= {m.name for m in d.metrics}  # the JSON has both
    text = d.review_text()
    assert "PM:eng no PM -> 1:6" in text.splitlines()[0]
    assert "today" not in text and "once planned hires start" not in text
    assert "- PMs: 0 -> 1" in text.splitlines()


def test_to_dict_is_json_with_stable_order():
    a = small()
    b = copy(a)
    b.rocks["r1"].owner = "p3"
    doc = compare(a, b, "old", "new").to_dict()
    again = compare(a, b, "old", "new").to_dict()
    assert json.dumps(doc) == json.dumps(again)
    assert list(doc)[:3] == ["a", "b", "identical"]
    assert doc["rocks_moved"] == [{"rock": "r1", "title": "Pricing", "from": "p2", "to": "p3"}]
    assert doc["findings_resolved"][0]["key"] == ["overload", "p2"]
    assert json.loads(json.dumps(doc)) == doc


def test_passed_analyses_are_used_not_rebuilt():
    a = small()
    b = copy(a)
    b.rocks["r1"].owner = "p3"
    an_a, an_b = Analysis(a), Analysis(b)
    stale = Analysis(copy(a))  # a stand-in "live" analysis for b: the diff must read it
    assert compare(a, b, analysis_a=an_a, analysis_b=an_b).loads
    assert not compare(a, b, analysis_a=an_a, analysis_b=stale).loads


def test_review_text_elides_and_caps_long_lists():
    a = Plan()
    a.people["p1"] = Person("p1", "Ana")
    a.people["p2"] = Person("p2", "B" * 300)
    for i in range(80):
        a.rocks[f"r{i}"] = Rock(f"r{i}", f"Rock {i}", "product", 1, "p1")
    b = copy(a)
    for rock in b.rocks.values():
        rock.owner = "p2"
    text = compare(a, b).review_text()
    # Names are elided where the diff names people; findings come whole, as `rocks check` prints them.
    findings = text.index("Findings introduced:")
    assert "B" * 300 not in text[:findings]
    assert max(len(line) for line in text[:findings].splitlines()) < 400
    assert "and 30 more (see --json)" in text
    assert "Ana" in text.splitlines()[0]


def test_textconv_lines_show_owner_tree_and_rock_state():
    plan = sample_plan()
    lines = textconv_lines(plan)
    assert lines[0] == "plan: Acme product org"
    cy = next(i for i, x in enumerate(lines) if x.strip().startswith("Cy Park [p3]"))
    assert lines[cy].startswith("      ") and "load 55%" in lines[cy]
    assert lines[cy + 1].strip() == "* Pricing [r1] operations 20% tactical active, area Payments"
    assert any("Old reports [r6] operations 5% tactical dropped" in x for x in lines)
    assert "  * Stand-ups [r5] project 15% tactical active" in lines
    assert "  Payments [t1]: lead Cy Park; headcount 14" in lines


# ----------------------------------------------------------------- property

SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(plan=plans(), steps=st.integers(0, 8), data=st.data())
def test_diff_describes_the_net_effect_of_commands(plan, steps, data):
    before = copy(plan)
    doc = Document(plan)
    for _ in range(steps):
        try_push(doc, data)
    a, b = before, doc.plan
    d = compare(a, b, analysis_b=doc.analysis)
    both = a.rocks.keys() & b.rocks.keys()
    assert {m.rock for m in d.rocks_moved} == {r for r in both if a.rocks[r].owner != b.rocks[r].owner}
    assert {i.id for i in d.rocks_added} == b.rocks.keys() - a.rocks.keys()
    assert {i.id for i in d.rocks_removed} == a.rocks.keys() - b.rocks.keys()
    assert {i.id for i in d.rocks_dropped} == {
        r for r in both if a.rocks[r].state == "active" and b.rocks[r].state == "dropped"
    }
    assert {i.id for i in d.rocks_restored} == {
        r for r in both if a.rocks[r].state == "dropped" and b.rocks[r].state == "active"
    }
    people = a.people.keys() & b.people.keys()
    assert {e.id for e in d.people_reparented} == {p for p in people if a.people[p].manager != b.people[p].manager}
    assert {e.id for e in d.capacity_changes} == {p for p in people if a.people[p].capacity != b.people[p].capacity}
    assert {i.id for i in d.people_added} == b.people.keys() - a.people.keys()
    assert {i.id for i in d.people_removed} == a.people.keys() - b.people.keys()
    fresh_a, fresh_b = Analysis(a).findings, Analysis(b).findings
    assert {f.key for f in d.findings_resolved} == fresh_a.keys() - fresh_b.keys()
    assert {f.key for f in d.findings_introduced} == fresh_b.keys() - fresh_a.keys()
    # Nothing applied (or everything refused) -> empty; anything reported -> the plans do differ.
    if fileio.dumps(a) == fileio.dumps(b):
        assert d.is_empty()
    else:
        assert not d.is_empty() or d.to_dict()["totals"]["a"] == d.to_dict()["totals"]["b"]
    assert compare(b, copy(b)).is_empty()
    assert compare(a, a).review_text() == "No differences."
    d.review_text()  # never raises, whatever the plan holds
    json.dumps(d.to_dict())

