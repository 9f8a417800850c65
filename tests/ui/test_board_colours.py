"""View > Colour cards by: load (the default), team or discipline, chosen from the menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from planner.planfile import templates
from tests.ui.helpers import open_window
from ui.board.items import NO_TINT, team_color


def choose(qtbot, win, *keys: Qt.Key) -> None:
    """Open the View menu with Alt+V and press ``keys`` (mnemonics) in the menus that open."""
    QTest.keyClick(win, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    for key in keys:
        qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
        QTest.keyClick(QApplication.activePopupWidget(), key)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


def test_colour_cards_by_team_then_discipline_then_load(qtbot, tmp_path):
    win = open_window(qtbot, tmp_path, templates.load_template(templates.SAMPLE), size=(1600, 1000))
    board, plan = win.board, win.controller.plan
    assert all(card.data_.tint is None for card in board.cards.values())  # by load
    choose(qtbot, win, Qt.Key.Key_R, Qt.Key.Key_T)  # View > Colour cards by > by Team
    assert board.color_by == "team"
    teams = list(plan.teams)
    for pid, card in board.cards.items():
        team = plan.people[pid].team
        assert card.data_.tint == (team_color(teams.index(team)) if team in plan.teams else NO_TINT)
    assert len({card.data_.tint.name() for card in board.cards.values()}) > 2
    choose(qtbot, win, Qt.Key.Key_R, Qt.Key.Key_D)  # by Discipline
    loads = win.controller.analysis.loads
    for pid, card in board.cards.items():
        by = loads[pid].by_discipline
        if by:
            top = max(by, key=by.get)
            assert card.data_.tint.name() == plan.discipline_table.get(top).color.lower()
    choose(qtbot, win, Qt.Key.Key_R, Qt.Key.Key_L)  # back to load
    assert all(card.data_.tint is None for card in board.cards.values())
    assert [a.isChecked() for a in board.color_actions] == [True, False, False]
