"""Side panels driven by real keyboard and mouse events (pytest-qt, offscreen)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from models import Person, Plan, Rock, Team
from planner.editing.commands import EditPerson, MoveRocks, RemovePerson
from ui.core.controller import DocController
from ui.panels import ChecksPanel, HistoryPanel, InspectorPanel, LoadChartPanel

ROOT = Path(__file__).resolve().parents[2]


def make_plan() -> Plan:
    plan = Plan(name="Acme product org")
    plan.teams = {"t1": Team("t1", "Payments", headcount=12), "t2": Team("t2", "Growth", headcount=8)}
    for p in (
        Person("p1", "Dana", "Senior Product Manager", team="t1"),
        Person("p2", "Eli", "Product Designer", manager="p1", team="t1"),
        Person("p3", "Finn", "CEO"),
        Person("p4", "Gus", "Software Engineer", team="t2"),
    ):
        plan.people[p.id] = p
    for r in (
        Rock("r1", "Pricing", "operations", 60, owner="p1", context="Ask finance first"),
        Rock("r2", "Roadmap", "product", 50, owner="p1"),
        Rock("r3", "Design system", "design", 30, owner="p2"),
        Rock("r4", "Launches", "marketing", 20, owner="p3"),
    ):
        plan.rocks[r.id] = r
    return plan


@pytest.fixture
def controller() -> DocController:
    return DocController(make_plan())


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(420, 560)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()  # focus events (field commits on focus out) need an active window
    qtbot.waitActive(widget)
    return widget


def type_into(qtbot, edit, text: str) -> None:
    """Select what the field holds, type over it and press Return, as a user would."""
    qtbot.mouseClick(edit, Qt.LeftButton)
    QTest.keyClick(edit, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key_Return)


def click_item(qtbot, tree, item, double: bool = False) -> None:
    qtbot.wait(10)  # let a freshly shown list lay out
    tree.scrollToItem(item)
    pos = tree.visualItemRect(item).center()
    qtbot.mouseClick(tree.viewport(), Qt.LeftButton, pos=pos)
    if double:  # Qt 6's mouseDClick is only the second press of a double click
        qtbot.mouseDClick(tree.viewport(), Qt.LeftButton, pos=pos)


def rows(tree) -> list[list[str]]:
    return [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())] for i in range(tree.topLevelItemCount())]


# ------------------------------------------------------------------ inspector


def test_inspector_capacity_edit_is_one_undoable_command(qtbot, controller):
    panel = show(qtbot, InspectorPanel(controller))
    controller.select(people=["p1"])
    edit = panel.fields["person"]["capacity"].editor
    assert edit.text() == "100"
    assert panel.family_label.text() == "→ Product manager"

    type_into(qtbot, edit, "80")

    assert controller.plan.people["p1"].capacity == 80
    assert controller.undo_stack.count() == 1
    assert controller.undo_stack.text(0) == "Set Dana's capacity to 80%"
    assert panel.fields["person"]["load"].editor.text().startswith("138%")
    controller.undo_stack.undo()
    assert controller.plan.people["p1"].capacity == 100
    assert edit.text() == "100"
    assert panel.fields["person"]["load"].editor.text().startswith("110%")
    assert controller.undo_stack.count() == 1  # the refresh pushed nothing


@pytest.mark.parametrize("typed", ["abc", "500"])
def test_inspector_invalid_capacity_shows_inline_error(qtbot, controller, typed):
    panel = show(qtbot, InspectorPanel(controller))
    controller.select(people=["p1"])
    field = panel.fields["person"]["capacity"]

    type_into(qtbot, field.editor, typed)

    assert field.error.isVisible()
    assert "capacity: expected a percent of a full-time week" in field.error.text()
    assert typed in field.error.text()
    assert controller.plan.people["p1"].capacity == 100
    assert controller.undo_stack.count() == 0
    assert field.editor.text() == typed  # left for the user to fix

    type_into(qtbot, field.editor, "90")
    assert not field.error.isVisible()
    assert controller.plan.people["p1"].capacity == 90


def test_inspector_refused_manager_shows_command_error(qtbot, controller):
    panel = show(qtbot, InspectorPanel(controller))
    controller.select(people=["p1"])
    field = panel.fields["person"]["manager"]
    assert field.editor.text() == ""

    type_into(qtbot, field.editor, "Eli")  # Eli reports to Dana: a cycle

    assert field.error.isVisible()
    assert "cycle" in field.error.text()
    assert controller.plan.people["p1"].manager is None
    assert controller.undo_stack.count() == 0

    type_into(qtbot, field.editor, "Nobody Known")
    assert 'no person called "Nobody Known"' in field.error.text()

    type_into(qtbot, field.editor, "finn")
    assert controller.plan.people["p1"].manager == "p3"
    assert controller.undo_stack.text(0) == "Dana reports to Finn"
    assert field.editor.text() == "Finn"


def test_inspector_people_field_with_two_people_of_one_name(qtbot):
    plan = make_plan()
    plan.people["p5"] = Person("p5", "Finn", "Product Manager")
    controller = DocController(plan)
    panel = show(qtbot, InspectorPanel(controller))
    controller.select(people=["p2"])
    field = panel.fields["person"]["manager"]
    type_into(qtbot, field.editor, "Finn")
    assert '2 people are called "Finn"' in field.error.text()
    assert controller.plan.people["p2"].manager == "p1"
    type_into(qtbot, field.editor, "Finn (p5)")  # the completer's label for the second Finn
    assert controller.plan.people["p2"].manager == "p5"
    assert panel.names.model.stringList() == ["Dana", "Eli", "Finn (p3)", "Finn (p5)", "Gus"]


def test_inspector_rock_discipline_combo_and_owner(qtbot, controller):
    panel = show(qtbot, InspectorPanel(controller))
    controller.select(rocks=["r1"])
    combo = panel.fields["rock"]["discipline"].editor
    assert combo.currentData() == "operations"
    assert combo.count() == 6 and not combo.itemIcon(0).isNull()  # coloured swatches

    combo.setFocus()
    QTest.keyClick(combo, Qt.Key_Down)

    rock = controller.plan.rocks["r1"]
    assert rock.discipline == "product"
    assert controller.undo_stack.count() == 1
    assert controller.undo_stack.text(0) == "Set 'Pricing' discipline to Technical product mgmt"

    type_into(qtbot, panel.fields["rock"]["effort"].editor, "M")
    assert rock.effort == 20
    assert panel.fields["rock"]["effort"].editor.text() == "20"

    type_into(qtbot, panel.fields["rock"]["owner"].editor, "Eli")
    assert rock.owner == "p2"
    assert controller.plan.moves[-1].from_ == "p1" and controller.plan.moves[-1].to == "p2"
    assert controller.undo_stack.count() == 3

    controller.undo_stack.undo()
    controller.undo_stack.undo()
    controller.undo_stack.undo()
    assert combo.currentData() == "operations"
    assert panel.fields["rock"]["owner"].editor.text() == "Dana"
    assert controller.undo_stack.count() == 3 and controller.undo_stack.index() == 0


def test_inspector_context_note_commits_on_focus_out(qtbot, controller):
    panel = show(qtbot, InspectorPanel(controller))
    controller.select(rocks=["r1"])
    note = panel.fields["rock"]["context"].editor
    assert note.toPlainText() == "Ask finance first"
    qtbot.wait(10)  # let the page lay out before clicking into it
    qtbot.mouseClick(note.viewport(), Qt.LeftButton)
    assert note.hasFocus()
    QTest.keyClick(note, Qt.Key_End, Qt.ControlModifier)
    qtbot.keyClicks(note, ", then sales")
    assert controller.undo_stack.count() == 0  # nothing until the field is left
    QTest.keyClick(note, Qt.Key_Tab)  # Tab moves focus on: the note is committed
    assert panel.fields["rock"]["problem"].editor.hasFocus()
    assert controller.undo_stack.count() == 1
    assert controller.plan.rocks["r1"].context == "Ask finance first, then sales"


def test_inspector_multi_selection_and_plan_summary(qtbot, controller):
    panel = show(qtbot, InspectorPanel(controller))
    assert panel.plan_title.text() == "Acme product org"
    assert panel.plan_counts["People"].text() == "4 (4 active)"
    controller.select(rocks=["r1", "r2", "r3"])
    assert panel.multi_label.text() == "3 rocks selected"
    assert "140% of a week" in panel.multi_detail.text()


# --------------------------------------------------------------------- checks


def warnings_now(controller) -> int:
    return sum(1 for f in controller.analysis.findings.values() if f.severity == "warning")


def test_checks_panel_updates_rows_and_focuses_subjects(qtbot, controller):
    panel = show(qtbot, ChecksPanel(controller))
    overload = panel.items[("overload", "p1")]
    assert "Dana is at 110% of capacity" in overload.text(0)
    assert overload.parent() is panel.groups["warning"]
    ratio = panel.items[("pm-eng-ratio", "above")]  # 21 engineers, 1 PM
    warnings = warnings_now(controller)
    assert warnings >= 2
    assert panel.groups["warning"].text(0) == f"Warnings ({warnings})"

    with qtbot.waitSignal(controller.focus_requested):
        click_item(qtbot, panel.tree, overload)
    assert controller.selected_people == ["p1"]

    controller.select()
    QTest.keyClick(panel.tree, Qt.Key_Return)  # Enter on the current row
    assert controller.selected_people == ["p1"]

    controller.push(MoveRocks(["r1"], "p3"))
    qtbot.waitUntil(lambda: not panel.pending)
    assert ("overload", "p1") not in panel.items
    assert panel.items[("pm-eng-ratio", "above")] is ratio  # untouched rows are kept, not rebuilt
    assert panel.groups["warning"].text(0) == f"Warnings ({warnings - 1})"

    controller.undo_stack.undo()
    qtbot.waitUntil(lambda: not panel.pending)
    assert ("overload", "p1") in panel.items
    controller.push(EditPerson("p1", capacity=80))  # 138%: the warning becomes an error
    qtbot.waitUntil(lambda: not panel.pending)
    assert panel.items[("overload", "p1")].parent() is panel.groups["error"]
    assert panel.groups["error"].text(0) == "Errors (1)"
    controller.undo_stack.undo()
    qtbot.waitUntil(lambda: not panel.pending)
    assert panel.items[("overload", "p1")].parent() is panel.groups["warning"]
    qtbot.keyClicks(panel.filter_edit, "dana")
    assert panel.items[("overload", "p1")].isHidden() is False
    assert panel.items[("pm-eng-ratio", "above")].isHidden() is True
    assert panel.groups["warning"].text(0) == f"Warnings (1 of {warnings})"


def test_checks_panel_names_rules_by_title_and_filters_by_it(qtbot, controller):
    panel = show(qtbot, ChecksPanel(controller))
    overload, ratio = panel.items[("overload", "p1")], panel.items[("pm-eng-ratio", "above")]
    source = controller.analysis.findings[("overload", "p1")].source
    assert overload.toolTip(0) == source and source.startswith("Overload: ")  # the title and its idea, not the id
    assert ratio.toolTip(0).startswith("PM to engineering ratio: ") and "docs/" not in ratio.toolTip(0)
    assert "pm-eng-ratio" not in ratio.toolTip(0)
    assert "rule id" not in panel.filter_edit.placeholderText()

    qtbot.mouseClick(panel.filter_edit, Qt.LeftButton)
    qtbot.keyClicks(panel.filter_edit, "Engineering RATIO")  # the title, in any case
    assert ratio.isHidden() is False
    assert overload.isHidden() is True
    assert panel.groups["warning"].text(0) == f"Warnings (1 of {warnings_now(controller)})"
    QTest.keyClick(panel.filter_edit, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(panel.filter_edit, "overload")  # a title that is also a word of the id
    assert overload.isHidden() is False and ratio.isHidden() is True


def test_checks_panel_rebuilds_on_document_replaced(qtbot, controller):
    panel = show(qtbot, ChecksPanel(controller))
    controller.replace(Plan(), None)
    assert panel.items == {}
    assert panel.groups["error"].text(0) == "Errors (0)"


# ----------------------------------------------------------------- load chart


def bars(panel) -> list[tuple[float, tuple[float, ...]]]:
    """(width, colour) of every bar segment drawn (one collection of rectangles per discipline)."""
    out = []
    for collection in panel.axes.collections:
        color = tuple(collection.get_facecolor()[0][:3])
        for path in collection.get_paths():
            xs = path.vertices[:, 0]
            out.append((round(float(xs.max() - xs.min()), 6), color))
    return out


def bar_widths(panel) -> list[float]:
    return [w for w, _color in bars(panel)]


def test_load_chart_draws_selected_people(qtbot, controller):
    panel = show(qtbot, LoadChartPanel(controller))
    qtbot.waitUntil(lambda: panel.draw_count == 1)
    assert panel.shown == ["p1", "p2", "p3"]  # whole product org, most loaded first, no engineers

    controller.select(people=["p1", "p2"])
    qtbot.waitUntil(lambda: panel.shown == ["p1", "p2"])
    assert sorted(bar_widths(panel)) == [30, 50, 60]  # Dana: ops + product, Eli: design
    names = [t.get_text() for t in panel.axes.texts if not t.get_text().endswith("%")]
    assert names == ["Dana", "Eli"]  # beside their bars, top down
    assert [t.get_text() for t in panel.axes.texts if t.get_text().endswith("%")] == ["110%", "30%"]
    legend = [t.get_text() for t in panel.legend.get_texts()]
    assert legend[:3] == ["Product ops / analytics", "Technical product mgmt", "Design / UX"]
    assert "capacity 100%" in legend  # the review pack's chart: in % of capacity, with its lines
    assert len({color for _w, color in bars(panel)}) == 3

    # Two commands touching a shown person in one turn: one redraw.
    count = panel.draw_count
    controller.push(EditPerson("p1", capacity=120))
    controller.push(EditPerson("p1", capacity=110))
    qtbot.waitUntil(lambda: panel.draw_count == count + 1)
    QTest.qWait(20)
    assert panel.draw_count == count + 1
    # A change to someone not shown: no redraw scheduled (pending), none made after the
    # panel's whole delay (120 ms) either.
    controller.push(EditPerson("p4", capacity=50))
    controller.push(MoveRocks(["r4"], "p4"))  # Finn -> Gus: neither is shown
    assert not panel.refresh.pending
    QTest.qWait(250)
    assert panel.draw_count == count + 1
    # A load of someone shown changes (the analysis says whose, loads_changed): one redraw.
    controller.push(MoveRocks(["r4"], "p2"))
    assert panel.refresh.pending
    qtbot.waitUntil(lambda: panel.draw_count == count + 2)
    assert sorted(bar_widths(panel)) == pytest.approx([20, 30, 50 / 1.1, 60 / 1.1])  # % of Dana's 110% capacity

    controller.select(rocks=["r3"])  # the selected rock's owner
    qtbot.waitUntil(lambda: panel.shown == ["p2"])


def test_load_chart_team_combo(qtbot, controller):
    panel = show(qtbot, LoadChartPanel(controller))
    combo = panel.team_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Whole product org", "Payments", "Growth"]
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key_Down)
    qtbot.waitUntil(lambda: panel.shown == ["p1", "p2"])
    controller.push(EditPerson("p4", team="t1"))  # joins the team shown: redraw
    qtbot.waitUntil(lambda: panel.shown == ["p1", "p2", "p4"])


def test_panels_package_does_not_import_matplotlib():
    code = "import sys, ui.panels; assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


# -------------------------------------------------------------------- history


def test_history_lists_moves_and_rocks_given_away(qtbot, controller):
    panel = show(qtbot, HistoryPanel(controller))
    assert panel.log.topLevelItemCount() == 0
    controller.push(MoveRocks(["r1"], "p2", note="Eli runs pricing now", when="2024-03-01T09:00:00+00:00"))
    controller.push(MoveRocks(["r1"], "p3", when="2024-04-02T10:30:00+00:00"))
    qtbot.waitUntil(lambda: panel.log.topLevelItemCount() == 2)
    assert rows(panel.log) == [
        ["2024-04-02 10:30", "Pricing", "Eli", "Finn", ""],
        ["2024-03-01 09:00", "Pricing", "Dana", "Eli", "Eli runs pricing now"],
    ]
    assert not panel.given_box.isVisible()

    controller.select(people=["p1"])
    qtbot.waitUntil(panel.given_box.isVisible)
    assert rows(panel.given) == [["Pricing", "Eli", "2024-03-01 09:00", "Finn"]]  # who has it NOW
    assert panel.given_title.text() == "Rocks I gave away — Dana (1)"
    assert rows(panel.log)[0][2:4] == ["Dana", "Eli"]  # only Dana's moves

    controller.push(RemovePerson("p2"))
    qtbot.waitUntil(lambda: rows(panel.given)[0][1] == "p2 (removed)")

    click_item(qtbot, panel.given, panel.given.topLevelItem(0), double=True)
    assert controller.selected_rocks == ["r1"]
    qtbot.waitUntil(lambda: panel.title.text().startswith("History of 'Pricing'"))
    assert not panel.given_box.isVisible()


def test_history_hides_rocks_given_back(qtbot, controller):
    panel = show(qtbot, HistoryPanel(controller))
    controller.select(people=["p1"])
    controller.push(MoveRocks(["r2"], "p2"))
    qtbot.waitUntil(lambda: panel.given.topLevelItemCount() == 1)
    controller.push(MoveRocks(["r2"], "p1", note="give me back my rocks"))
    qtbot.waitUntil(lambda: panel.given.topLevelItemCount() == 0)
    assert panel.given_title.text() == "Rocks I gave away — Dana: none"
