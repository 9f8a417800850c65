"""QA defects of the People table on a big plan, driven with real clicks and keys: a row
picked in a 1,500-person plan lights its card (made when its collapsed team opened), and a
first-time user's People dock opens at a useful size with its columns readable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.benchmarks.synth import make_plan
from tests.ui.helpers import CTRL, press_key

CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
pytestmark = pytest.mark.window(size=(1600, 1000), centre=False)


@pytest.fixture(scope="module")
def big_plan():
    return make_plan(1500)


@pytest.fixture
def window_plan(big_plan):
    return big_plan


def find_in_table(window, qtbot, text: str):
    """Ctrl+Shift+F, type ``text`` in the filter box: the panel once its rows are filtered."""
    panel = window.people
    press_key(window, Qt.Key.Key_F, CTRL_SHIFT)
    qtbot.waitUntil(lambda: panel.model.built and panel.table.isVisible())
    qtbot.waitUntil(lambda: not panel.refresh.dirty)
    QTest.keyClicks(panel.filter_edit, text)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() < len(panel.model.rows))
    return panel


def test_a_row_picked_in_a_big_plan_lights_its_card_inside_a_collapsed_team(window, qtbot):
    QTest.qWait(50)  # the first framing: top levels shown, deeper teams collapsed
    board = window.board
    assert "p777" not in board.visible  # deep in a collapsed team: no card made yet
    panel = find_in_table(window, qtbot, "Person 777")
    names = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    row = names.index("Person 777")
    index = panel.proxy.index(row, 0)
    QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=panel.table.visualRect(index).center())
    assert window.controller.selected_people == ["p777"]
    assert "p777" in board.visible  # its team opened
    card = board.cards["p777"]
    assert card.selected  # drawn with the selection border
    view = window.view
    centre = view.mapFromScene(card.sceneBoundingRect().center())
    assert view.viewport().rect().contains(centre)  # and the board went to it
    # A click on another row moves the light; the first card is no longer lit.
    QTest.keyClick(panel.filter_edit, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(panel.filter_edit, "Person 1312")
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 1)
    at = panel.table.visualRect(panel.proxy.index(0, 0)).center()
    QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert window.controller.selected_people == ["p1312"]
    assert board.cards["p1312"].selected and not card.selected


def test_expand_all_keeps_a_card_selected_inside_a_collapsed_team_lit(window, qtbot):
    QTest.qWait(50)
    panel = find_in_table(window, qtbot, "Person 1499")
    at = panel.table.visualRect(panel.proxy.index(0, 0)).center()
    # Selected from the table, then its team collapsed again and everything expanded.
    QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=at)
    board = window.board
    assert board.cards["p1499"].selected
    press_key(window, Qt.Key.Key_E, CTRL_SHIFT)  # Expand all: every card made
    assert len(board.visible) == 1500
    assert board.cards["p1499"].selected
    assert sum(card.selected for card in board.cards.values()) == 1


def test_a_first_time_people_dock_opens_at_a_useful_size(window, qtbot):
    panel = find_in_table(window, qtbot, "Person 1")
    dock = window.docks["people"]
    rows = panel.table.verticalHeader().defaultSectionSize()
    shown_rows = panel.table.viewport().height() // rows
    assert shown_rows >= 8  # was 2
    assert dock.height() >= 0.3 * window.height() or dock.isFloating()
    # Every column's title can be read: none cut narrower than its title.
    header = panel.table.horizontalHeader()
    metrics = header.fontMetrics()
    for i, column in enumerate(panel.model.columns):
        assert header.sectionSize(i) >= metrics.horizontalAdvance(column.title), column.title
    # The table's width is used: the last column ends inside the view (no column cut off)
    # or the columns fill it.
    last = len(panel.model.columns) - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= panel.table.viewport().width() + 1 or (
        panel.table.horizontalScrollBar().isVisible()
    )
    # The board keeps most of the window.
    assert window.view.height() >= 0.45 * window.height()
    # Hidden and shown again by its shortcut, the dock keeps the size the user left it at.
    press_key(window, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: dock.isHidden())
    press_key(window, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: panel.table.isVisible())
    assert panel.table.viewport().height() // rows >= 8
