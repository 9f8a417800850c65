"""The minimap: the whole chart in a corner, the part on screen outlined, click to go there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.benchmarks.synth import make_plan
from tests.ui.helpers import make_plan as board_plan
from tests.ui.helpers import open_window

pytestmark = pytest.mark.window(size=(1600, 1000), centre=False)


@pytest.fixture
def window_plan():
    return make_plan(300)


def centre(view):
    return view.mapToScene(view.viewport().rect().center())


def test_click_in_the_minimap_moves_the_board_there(window, qtbot):
    view, minimap = window.view, window.view.minimap
    qtbot.waitUntil(minimap.isVisible)
    qtbot.waitUntil(lambda: minimap._pixmap is not None and not minimap._chart.isNull())
    view.reset_zoom()
    chart = window.board.visible_cards_rect()
    before = centre(view)
    # The bottom-right of the chart, as the minimap draws it.
    target = minimap._to_map(chart).bottomRight().toPoint() - QPoint(6, 6)
    QTest.mouseClick(minimap, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    after = centre(view)
    assert after.x() > before.x() + 500 and after.y() > before.y() + 200
    wanted = minimap._to_scene(target.toPointF())
    slack = view.viewport().width() / view.zoom_level()  # a scroll range edge may stop short
    assert abs(after.x() - wanted.x()) < slack and abs(after.y() - wanted.y()) < slack


def test_ctrl_shift_m_hides_and_shows_the_minimap(window, qtbot):
    minimap = window.view.minimap
    qtbot.waitUntil(minimap.isVisible)
    QTest.keyClick(window.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not minimap.isVisible() and not window.minimap_action.isChecked()
    QTest.keyClick(window.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert minimap.isVisible()


def test_a_small_plan_needs_no_minimap(qtbot, tmp_path):
    win = open_window(qtbot, tmp_path, board_plan(), size=(1600, 1000), handoff_note=True, active=False, centre=False)
    assert not win.view.minimap.isVisible()
