"""The review pack's load chart (planner.exports.report_charts): rows, pages, the figure and its SVG, without Qt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from models import Person, Plan, Rock
from planner.checks.analysis import Analysis
from planner.checks.rules import OVERLOAD
from planner.core.text import one_line
from planner.exports import report_charts as rc


def small_plan() -> Plan:
    plan = Plan(name="Chart $test$")
    people = {
        "p1": Person("p1", "Ada Lovelace", "CEO"),
        "p2": Person("p2", "Price $x$ <b>bold</b>", "Product Manager", manager="p1"),
        "p3": Person("p3", "Half Time", "Product Designer", manager="p1", capacity=50),
        "p4": Person("p4", "Idle\x1bPerson\x07", "Engineer", manager="p1"),
    }
    plan.people.update(people)
    rocks = [
        Rock("r1", "Roadmap", "product", 60, owner="p2"),
        Rock("r2", "Launches", "marketing", 70, owner="p2"),
        Rock("r3", "Research", "design", 40, owner="p3"),
        Rock("r4", "Vision", "strategy", 30, owner="p1"),
        Rock("r5", "Dropped", "strategy", 50, owner="p1", state="dropped"),
    ]
    plan.rocks.update((r.id, r) for r in rocks)
    return plan


def test_rows_are_the_loaded_people_most_loaded_first_split_by_discipline() -> None:
    plan = small_plan()
    rows = rc.load_rows(plan, Analysis(plan))
    assert [r.pid for r in rows] == ["p2", "p3", "p1"]  # p4 carries nothing; p3 is at 80% of a 50% week
    assert rows[0].percent == pytest.approx(130.0)
    assert rows[0].segments == {"product": pytest.approx(60.0), "marketing": pytest.approx(70.0)}
    assert rows[1].segments == {"design": pytest.approx(80.0)}  # 40% of a week on half time
    assert rows[2].segments == {"strategy": pytest.approx(30.0)}  # the dropped rock does not count
    for r in rows:
        assert sum(r.segments.values()) == pytest.approx(r.percent)


def test_pages_hold_at_most_forty_and_are_balanced() -> None:
    rows = [rc.LoadRow(f"p{i}", f"P{i}", 100.0 - i) for i in range(85)]
    pages = rc.paginate(rows)
    assert [len(p) for p in pages] == [29, 29, 27]
    assert [r for p in pages for r in p] == rows
    assert rc.paginate([]) == []
    assert [len(p) for p in rc.paginate(rows[:40])] == [40]


def test_axis_reaches_past_the_error_line_and_the_top_load_but_is_capped() -> None:
    plan = small_plan()
    rows = rc.load_rows(plan)
    assert rc.axis_max(plan, rows) >= 130.0
    assert rc.axis_max(plan, rows) >= OVERLOAD.ERROR.of(plan)
    huge = [rc.LoadRow("p", "P", 900.0)]
    assert rc.axis_max(plan, huge) == rc.XMAX_CAP


def test_figure_draws_names_as_typed_with_discipline_colours_and_thresholds() -> None:
    from matplotlib.colors import to_hex

    plan = small_plan()
    plan.settings.rules.values["overload_warning"] = 110.0
    rows = rc.load_rows(plan)
    figure = rc.load_figure(plan, rows, 700, 400)
    ax = figure.axes[0]
    names = [t for t in ax.texts if t.get_horizontalalignment() == "right"]  # left of the axis, one per bar
    assert [t.get_text() for t in names] == ["Price $x$ <b>bold</b>", "Half Time", "Ada Lovelace"]
    assert [t.get_position()[1] for t in names] == [0, 1, 2]  # beside their bars, the most loaded on top
    assert ax.get_ylim()[0] > ax.get_ylim()[1]
    assert all(not t.get_parse_math() for t in names)
    values = [t.get_text() for t in ax.texts if t.get_horizontalalignment() == "left"]
    assert values == ["130%", "80%", "30%"]
    # One collection of bars per discipline used, in the plan's discipline order, in that discipline's colour,
    # one rectangle per person carrying that discipline, stacked left to right in that order.
    table = plan.discipline_table
    order = ("marketing", "strategy", "product", "design")
    assert [c.get_label() for c in ax.collections] == [table.get(d).label for d in order]  # type: ignore[union-attr]
    for d, collection in zip(order, ax.collections):
        assert {to_hex(c) for c in collection.get_facecolors()} == {table.get(d).color}  # type: ignore[union-attr]
    price = [(p.vertices[:, 0].min(), p.vertices[:, 0].max()) for c in ax.collections for p in c.get_paths()
             if abs(p.vertices[:, 1].min() + p.vertices[:, 1].max()) < 0.01]  # fmt: skip
    assert price == [(0.0, pytest.approx(70.0)), (pytest.approx(70.0), pytest.approx(130.0))]
    assert [h.get_label() for h in figure.legends[0].legend_handles][-3:] == [
        "capacity 100%", "warning 110%", "error 120%"]  # fmt: skip
    vertical = sorted(line.get_xdata()[0] for line in ax.get_lines())
    assert vertical == [100.0, 110.0, 120.0]  # capacity, warning, error
    assert figure.get_size_inches() == pytest.approx((700 / 72, 400 / 72))


def test_svg_keeps_text_as_text_escapes_and_is_deterministic() -> None:
    plan = small_plan()
    plan.people["p3"].name = "Ctrl\x01\x02 \ud800 name " + "x" * 300
    rows = rc.load_rows(plan)
    svg = rc.figure_svg(rc.load_figure(plan, rows, 700, 400, title="Load $y$"))
    assert svg == rc.figure_svg(rc.load_figure(plan, rows, 700, 400, title="Load $y$"))
    root = ET.fromstring(svg)  # well-formed XML despite control characters and a lone surrogate
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(t.itertext()) for t in root.iter(f"{ns}text")]
    assert "Price $x$ <b>bold</b>" in texts  # text, not glyph paths; the $ not mathtext
    assert "Load $y$" in texts
    assert any(t.startswith("Ctrl\ufffd\ufffd \ufffd name x") and t.endswith("…") for t in texts)
    assert max(len(t) for t in texts) <= rc.NAME_LIMIT + 40
    assert b"<image" not in svg


def test_chart_text_elides_and_replaces_control_characters() -> None:
    assert one_line("a\x1b[31mred\x07", 60) == "a\ufffd[31mred\ufffd"
    assert one_line("y" * 100, 10) == "y" * 9 + "…"
    assert one_line("  two   spaces ", rc.NAME_LIMIT) == "two spaces"


def test_a_short_list_keeps_the_bar_thickness_of_a_full_page() -> None:
    full = 470.0
    assert rc.fit_height(rc.PER_PAGE, full) == full
    assert rc.fit_height(100, full) == full
    short = rc.fit_height(8, full)
    assert short < full / 2
    assert rc.fit_height(3, full) == short  # never thinner than eight rows
