"""The minimap: the whole chart in a corner, the part on screen outlined, click to go there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest

from tests.benchmarks.synth import make_plan
from ui.core.controller import DocController
from ui.window.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(DocController(make_plan(300)), settings, recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(win, before_close_func=lambda w: w.controller.undo_stack.setClean())
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    return win


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
    from tests.ui.test_board import make_plan as small

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(DocController(small()), settings, recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(win, before_close_func=lambda w: w.controller.undo_stack.setClean())
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    assert not win.view.minimap.isVisible()
