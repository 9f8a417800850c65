"""The legend of the card colours under the minimap, team colours that tell 248 teams apart,
and a tooltip on a card's colour band naming its team or discipline; chosen from the View
menu with the keyboard, as a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QToolTip

from planner.planfile import templates
from tests.benchmarks.synth import make_plan
from tests.ui.helpers import open_window
from ui.board.items import NO_TINT, TEAM_COLORS, team_color
from ui.board.legend import team_sizes


def choose(qtbot, win, *keys: Qt.Key) -> None:
    """Open the View menu with Alt+V and press ``keys`` (mnemonics) in the menus that open
    (the window active again first, as for a user after a menu closed)."""
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    QTest.keyClick(win, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    for key in keys:
        qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
        QTest.keyClick(QApplication.activePopupWidget(), key)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


@pytest.fixture(scope="module")
def big_plan():
    return make_plan(1500)


def test_team_colours_never_repeat_and_the_first_teams_differ_most():
    colours = [team_color(i) for i in range(300)]
    assert len({c.name() for c in colours}) == 300  # was a palette of 12, repeated
    assert colours[: len(TEAM_COLORS)] == list(TEAM_COLORS)
    assert NO_TINT.name() not in {c.name() for c in colours}
    # Any two of the first 24 teams differ clearly (RGB distance), as neighbours in the list do.
    first = [(c.red(), c.green(), c.blue()) for c in colours[:24]]
    for i, a in enumerate(first):
        for b in first[i + 1 :]:
            assert sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5 > 25


def test_the_legend_names_the_colours_of_each_mode_under_the_minimap(qtbot, tmp_path, big_plan):
    win = open_window(qtbot, tmp_path, big_plan, size=(1600, 1000), centre=False)
    view, board, plan = win.view, win.board, win.controller.plan
    legend = view.legend
    qtbot.waitUntil(lambda: view.minimap.isVisible() and legend.isVisible())
    # By load (the default): the three load colours and the plan's thresholds.
    assert legend.title == "Card colour: load"
    assert [text for _c, text in legend.shown_entries()] == ["Up to 100% of capacity", "Over 100%", "Over 120%"]
    below = legend.geometry()
    assert below.top() > view.minimap.geometry().bottom()  # under the minimap, in its column
    assert below.left() > view.viewport().geometry().right()  # never over the board
    choose(qtbot, win, Qt.Key.Key_R, Qt.Key.Key_T)  # View > Colour cards by > by Team
    qtbot.waitUntil(lambda: legend.title == "Card colour: team")
    sizes = team_sizes(plan)
    teams = list(plan.teams)
    entries = legend.shown_entries()
    assert len(entries) >= 10  # the biggest teams, as many as the column holds
    assert legend.more.startswith(f"+{len(legend.entries) - len(entries)} more")
    biggest = sorted((t for t in sizes if t), key=lambda t: (-sizes[t], teams.index(t)))
    for (colour, text), tid in zip(entries, biggest):
        assert text.startswith(plan.teams[tid].name) and colour == team_color(teams.index(tid))
        lead = plan.teams[tid].lead
        if lead in board.cards:
            assert board.cards[lead].data_.tint == colour  # the legend's colour is the card's
    assert len({c.name() for c, _t in entries}) == len(entries)
    choose(qtbot, win, Qt.Key.Key_R, Qt.Key.Key_D)  # by Discipline
    qtbot.waitUntil(lambda: legend.title == "Card colour: most of the load")
    labels = [text for _c, text in legend.shown_entries()]
    assert labels[:2] == ["Product marketing / GTM", "Strategy / planning"] and labels[-1] == "No rocks"
    # The minimap switched off (View > Minimap): the legend keeps the column, at its top.
    view.minimap.wanted = False
    view.minimap.place()
    assert legend.isVisible() and legend.geometry().top() < below.top()


def test_a_cards_colour_band_names_its_team_in_a_tooltip(qtbot, tmp_path):
    win = open_window(qtbot, tmp_path, templates.load_template(templates.SAMPLE), size=(1600, 1000), centre=False)
    view, board, plan = win.view, win.board, win.controller.plan
    QTest.qWait(50)
    choose(qtbot, win, Qt.Key.Key_R, Qt.Key.Key_T)
    assert not view.legend.isVisible()  # a small plan keeps the column's width for its cards
    pid = next(p for p in board.visible if plan.people[p].team in plan.teams)
    card = board.cards[pid]
    band = view.mapFromScene(card.scenePos() + card.card_rect().topLeft()) + QPoint(3, 20)
    QTest.mouseMove(view.viewport(), band)  # the pointer rests on the band: Qt asks for a tooltip
    event = QHelpEvent(QEvent.Type.ToolTip, band, view.viewport().mapToGlobal(band))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == f"Team: {plan.teams[plan.people[pid].team].name}"
