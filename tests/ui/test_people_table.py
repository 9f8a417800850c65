"""The People table in the main window, driven with real mouse and keyboard events.

The board test plan (tests/ui/helpers.py): Ana heads Ben (70%) and Cy (110%, overloaded);
Dee reports to Cy; 'Design system' is unowned. Here Ben is on the Payments team.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLineEdit

from models import BASELINE, Person, Plan, Rock, Team
from planner.editing.operations import Refusal
from tests.ui.helpers import CTRL, card_pos, chip_pos, drag, make_plan, new_scenario, press_key
from ui.core.controller import DocController
from ui.panels.people import PeoplePanel

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL_SHIFT = CTRL | SHIFT


@pytest.fixture
def window_plan() -> Plan:
    """The board test plan with two teams, Ben on Payments; the other's name looks like markup."""
    plan = make_plan()
    plan.teams = {"t1": Team("t1", "Payments"), "t2": Team("t2", "Growth <b>&amp;</b> Retention")}
    plan.people["ben"].team = "t1"
    return plan


def open_table(window, qtbot) -> PeoplePanel:
    """Ctrl+Shift+P brings the People tab to the front; its rows are built then."""
    panel = window.people
    assert not panel.model.built  # nothing is built while the tab is behind another
    press_key(window, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: panel.model.built and panel.table.isVisible())
    qtbot.waitUntil(lambda: not panel.refresh.dirty)
    return panel


def column(panel: PeoplePanel, key: str) -> int:
    return [c.key for c in panel.model.columns].index(key)


def shown(panel: PeoplePanel, key: str = "name") -> list[str]:
    """The texts of one column, top to bottom, as the table shows them."""
    proxy, col = panel.proxy, column(panel, key)
    return [proxy.index(r, col).data() for r in range(proxy.rowCount())]


def cell_pos(panel: PeoplePanel, name: str, key: str) -> QPoint:
    row = shown(panel).index(name)
    index = panel.proxy.index(row, column(panel, key))
    panel.table.scrollTo(index)
    return panel.table.visualRect(index).center()


def click_cell(panel: PeoplePanel, name: str, key: str = "name", modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, modifier, cell_pos(panel, name, key))


def click_header(panel: PeoplePanel, key: str) -> None:
    header = panel.table.horizontalHeader()
    section = column(panel, key)
    at = QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def edit_cell(qtbot, panel: PeoplePanel, name: str, key: str):
    """Double-click a cell and wait for its editor (the window active again first, as for a user
    after a completer's popup closed: the offscreen platform does not give activation back)."""
    window = panel.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    pos = cell_pos(panel, name, key)
    viewport = panel.table.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit | QComboBox))
    return QApplication.focusWidget()


def type_into(qtbot, panel: PeoplePanel, editor, text: str, select_all: bool = True) -> None:
    """Type over what a cell editor holds and press Return (the delegate commits on the next event loop turn)."""
    if select_all:
        QTest.keyClick(editor, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.state() != QAbstractItemView.State.EditingState)


def test_the_table_lists_everyone_with_load_and_status(window, qtbot):
    panel = open_table(window, qtbot)
    assert shown(panel) == ["Ana Head", "Ben Park", "Cy Moss", "Dee Lin"]
    assert shown(panel, "load") == ["0%", "70%", "110%", "0%"]
    assert shown(panel, "manager") == ["", "Ana Head", "Ana Head", "Cy Moss"]
    assert shown(panel, "status")[2] == "Active · overloaded"
    assert shown(panel, "family")[1] == "Product manager"
    assert shown(panel, "rocks") == ["0", "2", "2", "0"]
    assert shown(panel, "marketing")[2] == "70%" and shown(panel, "project")[2] == "40%"
    assert panel.count_label.text() == "4 people"


def test_clicking_a_row_selects_the_card_and_selecting_a_card_selects_the_row(window, qtbot):
    panel = open_table(window, qtbot)
    click_cell(panel, "Cy Moss")
    assert window.controller.selected_people == ["cy"]
    assert window.board.cards["cy"].selected and not window.board.cards["ben"].selected
    # Ctrl-click adds a second person, as on the board.
    click_cell(panel, "Dee Lin", modifier=CTRL)
    assert set(window.controller.selected_people) == {"cy", "dee"}
    # Back the other way: a click on Ben's card selects his row.
    QTest.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        card_pos(window.view, window.board, "ben"),
    )
    assert window.controller.selected_people == ["ben"]
    rows = panel.table.selectionModel().selectedRows()
    assert [panel.proxy.index(i.row(), 0).data() for i in rows] == ["Ben Park"]


def test_sorting_by_load_and_back(window, qtbot):
    panel = open_table(window, qtbot)
    click_header(panel, "load")
    assert shown(panel, "load") == ["0%", "0%", "70%", "110%"]
    assert shown(panel)[:2] == ["Ana Head", "Dee Lin"]  # ties keep plan order
    click_header(panel, "load")
    assert shown(panel) == ["Cy Moss", "Ben Park", "Ana Head", "Dee Lin"]
    click_header(panel, "load")  # a third click: plan order again
    assert shown(panel, "load") == ["0%", "70%", "110%", "0%"]
    # A selection survives a sort.
    click_cell(panel, "Ben Park")
    click_header(panel, "name")
    assert shown(panel) == ["Ana Head", "Ben Park", "Cy Moss", "Dee Lin"]
    rows = panel.table.selectionModel().selectedRows()
    assert [panel.proxy.index(i.row(), 0).data() for i in rows] == ["Ben Park"]


def test_typing_in_the_filter_narrows_the_rows(window, qtbot):
    panel = open_table(window, qtbot)
    press_key(window, Qt.Key.Key_F, CTRL_SHIFT)  # focus the filter box
    assert QApplication.focusWidget() is panel.filter_edit
    QTest.keyClicks(panel.filter_edit, "product man")
    assert shown(panel) == ["Ben Park", "Cy Moss"]
    assert panel.count_label.text() == "2 of 4 people"
    QTest.keyClicks(panel.filter_edit, " cy")
    assert shown(panel) == ["Cy Moss"]
    QTest.keyClick(panel.filter_edit, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(panel.filter_edit, "DESIGNER")
    assert shown(panel) == ["Dee Lin"]
    QTest.keyClick(panel.filter_edit, Qt.Key.Key_A, CTRL)
    QTest.keyClick(panel.filter_edit, Qt.Key.Key_Backspace)  # an empty filter: every row
    assert shown(panel) == ["Ana Head", "Ben Park", "Cy Moss", "Dee Lin"]


def test_a_filter_hiding_the_selected_row_leaves_the_board_selection_alone(window, qtbot):
    panel = open_table(window, qtbot)
    click_cell(panel, "Cy Moss")
    panel.filter_edit.setFocus()
    QTest.keyClicks(panel.filter_edit, "dee")
    assert window.controller.selected_people == ["cy"]
    QTest.keyClick(panel.filter_edit, Qt.Key.Key_A, CTRL)
    QTest.keyClick(panel.filter_edit, Qt.Key.Key_Backspace)
    rows = panel.table.selectionModel().selectedRows()
    assert [panel.proxy.index(i.row(), 0).data() for i in rows] == ["Cy Moss"]


def test_a_capacity_edit_is_one_command_and_ctrl_z_undoes_it(window, qtbot):
    panel = open_table(window, qtbot)
    editor = edit_cell(qtbot, panel, "Cy Moss", "capacity")
    type_into(qtbot, panel, editor, "200")
    plan = window.controller.plan
    assert plan.people["cy"].capacity == 200
    assert window.controller.undo_stack.count() == 1
    qtbot.waitUntil(lambda: shown(panel, "load")[2] == "55%")
    assert shown(panel, "status")[2] == "Active"  # no longer overloaded
    QTest.keyClick(panel.table, Qt.Key.Key_Z, CTRL)  # Ctrl+Z with the table focused
    assert plan.people["cy"].capacity == 100
    qtbot.waitUntil(lambda: shown(panel, "load")[2] == "110%")


def test_a_rename_in_the_table_shows_under_manager_too(window, qtbot):
    panel = open_table(window, qtbot)
    editor = edit_cell(qtbot, panel, "Cy Moss", "name")
    type_into(qtbot, panel, editor, "Cyrus Moss")
    assert window.controller.plan.people["cy"].name == "Cyrus Moss"
    qtbot.waitUntil(lambda: shown(panel, "manager")[3] == "Cyrus Moss")  # Dee's manager column
    assert window.board.cards["cy"].isVisible()
    QTest.keyClick(panel.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: shown(panel) == ["Ana Head", "Ben Park", "Cy Moss", "Dee Lin"])


def test_a_bad_value_is_refused_with_a_message_and_changes_nothing(window, qtbot):
    panel = open_table(window, qtbot)
    error = panel.error_label
    editor = edit_cell(qtbot, panel, "Ben Park", "capacity")
    type_into(qtbot, panel, editor, "lots")
    assert window.controller.undo_stack.count() == 0
    assert error.isVisible()
    assert error.text().startswith("Ben Park: capacity: expected a percent") and '"lots"' in error.text()
    assert shown(panel, "capacity")[1] == "100%"
    editor = edit_cell(qtbot, panel, "Ben Park", "manager")
    type_into(qtbot, panel, editor, "Nobody Here")
    assert window.controller.plan.people["ben"].manager == "ana"
    assert (
        error.text()
        == 'Ben Park: manager: no person called "Nobody Here"; expected a name from the list, or empty for (none)'
    )
    assert window.controller.undo_stack.count() == 0
    editor = edit_cell(qtbot, panel, "Ben Park", "capacity")  # a good value: the line goes
    type_into(qtbot, panel, editor, "80")
    assert window.controller.plan.people["ben"].capacity == 80 and not error.isVisible()


def test_a_manager_typed_by_name_reparents_through_the_same_operation(window, qtbot):
    panel = open_table(window, qtbot)
    editor = edit_cell(qtbot, panel, "Dee Lin", "manager")
    type_into(qtbot, panel, editor, "ben park")
    assert window.controller.plan.people["dee"].manager == "ben"
    qtbot.waitUntil(lambda: shown(panel, "manager")[3] == "Ben Park")
    # A cycle is refused as on the board: Ana cannot report to Dee, her own report's report.
    editor = edit_cell(qtbot, panel, "Ana Head", "manager")
    type_into(qtbot, panel, editor, "Dee Lin", select_all=False)
    assert window.controller.plan.people["ana"].manager is None
    assert window.controller.undo_stack.count() == 1
    assert "cycle" in panel.error_label.text() and panel.error_label.text().startswith("Ana Head: ")


def test_picking_a_team_in_the_list_moves_them(window, qtbot):
    panel = open_table(window, qtbot)
    combo = edit_cell(qtbot, panel, "Ben Park", "team")
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "(no team)",
        "Payments",
        "Growth <b>&amp;</b> Retention",
    ]
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert window.controller.plan.people["ben"].team == "t2"
    qtbot.waitUntil(lambda: shown(panel, "team")[1] == "Growth <b>&amp;</b> Retention")  # as typed, not markup
    QTest.keyClick(panel.table, Qt.Key.Key_Z, CTRL)
    assert window.controller.plan.people["ben"].team == "t1"


def test_a_rock_dragged_on_the_board_updates_both_rows(window, qtbot):
    panel = open_table(window, qtbot)
    click_header(panel, "load")
    click_header(panel, "load")  # most loaded first
    assert shown(panel) == ["Cy Moss", "Ben Park", "Ana Head", "Dee Lin"]
    resets: list[int] = []
    panel.model.modelReset.connect(lambda: resets.append(1))
    drag(window.view, chip_pos(window.view, window.board, "r3"), card_pos(window.view, window.board, "dee"))
    assert window.controller.plan.rocks["r3"].owner == "dee"
    qtbot.waitUntil(lambda: shown(panel) == ["Ben Park", "Dee Lin", "Cy Moss", "Ana Head"])
    assert shown(panel, "load") == ["70%", "70%", "40%", "0%"]
    assert shown(panel, "status")[2] == "Active"
    assert resets == []  # two rows re-read and moved, not a rebuild
    press_key(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: shown(panel) == ["Cy Moss", "Ben Park", "Ana Head", "Dee Lin"])


def test_the_dock_toggle_brings_the_tab_forward_then_hides_it(window, qtbot):
    panel = open_table(window, qtbot)
    dock = window.docks["people"]
    press_key(window, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(dock.isHidden)
    press_key(window, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: panel.table.isVisible())
    window.docks["load"].raise_()  # behind another tab again: the shortcut brings it forward
    qtbot.waitUntil(lambda: not panel.in_front)
    press_key(window, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: panel.in_front)
    assert not dock.isHidden()


def test_a_hidden_table_catches_up_when_shown(window, qtbot):
    panel = open_table(window, qtbot)
    window.docks["load"].raise_()
    qtbot.waitUntil(lambda: not panel.in_front)
    drag(window.view, chip_pos(window.view, window.board, "r1"), card_pos(window.view, window.board, "dee"))
    qtbot.wait(50)
    assert shown(panel, "load")[3] == "0%"  # not updated while behind the Load tab
    press_key(window, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: shown(panel, "load")[3] == "40%")


def test_plan_text_is_shown_as_typed(qtbot):
    plan = Plan()
    plan.people["p1"] = Person("p1", "<img src=x>Mallory\nsecond line", "<b>Boss</b>")
    plan.rocks["r1"] = Rock("r1", "Pricing", "operations", 10, owner="p1")
    panel = PeoplePanel(DocController(plan))
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: panel.model.built)
    assert shown(panel) == ["<img src=x>Mallory second line"]
    assert shown(panel, "role") == ["<b>Boss</b>"]
    name_tip = panel.proxy.index(0, column(panel, "name")).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img" in name_tip  # a tooltip is rich text: escaped


def test_a_scenario_shows_its_own_rows_and_undo_brings_the_baseline_back(window, qtbot):
    panel = open_table(window, qtbot)
    new_scenario(window, "Dee takes launches")
    drag(window.view, chip_pos(window.view, window.board, "r3"), card_pos(window.view, window.board, "dee"))
    qtbot.waitUntil(lambda: shown(panel, "load") == ["0%", "70%", "40%", "70%"])
    press_key(window, Qt.Key.Key_Z, CTRL)  # the move
    press_key(window, Qt.Key.Key_Z, CTRL)  # the new scenario: the baseline is shown again
    assert window.controller.document.active == BASELINE
    qtbot.waitUntil(lambda: shown(panel, "load") == ["0%", "70%", "110%", "0%"])


def test_arrow_keys_walk_the_rows_and_the_board_follows(window, qtbot):
    panel = open_table(window, qtbot)
    click_cell(panel, "Ana Head")
    assert QApplication.focusWidget() is panel.table  # going to the card leaves the keyboard in the table
    QTest.keyClick(panel.table, Qt.Key.Key_Down)
    assert window.controller.selected_people == ["ben"]
    QTest.keyClick(panel.table, Qt.Key.Key_Down, SHIFT)
    assert window.controller.selected_people == ["ben", "cy"]
    assert window.board.cards["ben"].selected and window.board.cards["cy"].selected


def test_a_row_of_someone_in_a_collapsed_team_opens_it_on_the_board(window, qtbot):
    panel = open_table(window, qtbot)
    view, card = window.view, window.board.cards["cy"]
    toggle = view.mapFromScene(card.scenePos() + card.toggle_rect().center())
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, toggle)
    assert "cy" in window.board.collapsed
    assert "dee" not in window.board.cards or not window.board.cards["dee"].isVisible()
    click_cell(panel, "Dee Lin")
    assert window.controller.selected_people == ["dee"]
    assert "cy" not in window.board.collapsed
    qtbot.waitUntil(lambda: "dee" in window.board.cards and window.board.cards["dee"].isVisible())
    assert window.board.cards["dee"].selected


@pytest.mark.parametrize("typed", ["", "manager"])  # rows moved with beginMoveRows / taken out and put back
def test_rows_kept_in_order_by_bisection_match_a_fresh_sort(qtbot, typed):
    """The model's own bookkeeping (not a UI test): after many commands on a sorted (and
    filtered) table, its rows, their order and the proxy's rows are those of a table built afresh."""
    import random

    from planner.editing import operations as ops
    from tests.benchmarks.synth import make_plan as synthetic

    controller = DocController(synthetic(300))
    panel = PeoplePanel(controller)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.model.built)
    load = column(panel, "load")
    panel.table.sortByColumn(load, Qt.SortOrder.DescendingOrder)
    panel.filter_edit.setText(typed)
    rng = random.Random(7)
    plan = controller.plan
    for step in range(120):
        pids = list(plan.people)
        kind = step % 4
        if kind == 0:
            owned = [p for p in pids if controller.analysis.owned.get(p)]
            giver = rng.choice(owned)
            outcome = ops.move_rocks(plan, [next(iter(controller.analysis.owned[giver]))], rng.choice(pids))
        elif kind == 1:
            outcome = ops.edit_person(plan, rng.choice(pids), "capacity", str(rng.choice((50, 80, 100, 120))))
        elif kind == 2:
            outcome = ops.edit_person(plan, rng.choice(pids), "role", rng.choice(("Product Manager", "Designer")))
        else:
            outcome = ops.add_person(plan, f"New {step}", "Engineering Manager", manager=rng.choice(pids))
        if outcome is not None and not isinstance(outcome, Refusal):
            controller.push(outcome)
        if step % 10 == 9:
            controller.undo_stack.undo()
        panel.flush()
    fresh = PeoplePanel(controller)
    qtbot.addWidget(fresh)
    fresh.show()
    qtbot.waitUntil(lambda: fresh.model.built)
    fresh.table.sortByColumn(load, Qt.SortOrder.DescendingOrder)
    fresh.filter_edit.setText(typed)
    assert [r.id for r in panel.model.rows] == [r.id for r in fresh.model.rows]
    assert panel.model.rows == fresh.model.rows
    assert shown(panel) == shown(fresh) and shown(panel)
