"""Seed rocks from roles in the window: key and menu, one undo step, dashed chips, Inspector note."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest

from models import Plan
from planner.planfile import fileio
from tests.ui.helpers import chip_pos, imported_org
from ui.board.items import ChipSpec, Fonts, paint_chip


@pytest.fixture
def window_plan() -> Plan:
    return imported_org()


def seed_key(window) -> None:
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    QTest.keyClick(window.view, Qt.Key.Key_S, mods)


def test_seed_key_adds_rocks_as_one_undo_step_and_ctrl_z_removes_them_all(window):
    c = window.controller
    before = fileio.dumps(c.plan)
    seed_key(window)
    assert c.undo_stack.count() == 1
    rocks = list(c.plan.rocks.values())
    assert len(rocks) == 7 and all(r.seeded and r.owner == "ceo" for r in rocks)
    assert any(f.rule == "acting-pm" for f in c.analysis.findings.values())
    assert "Seeded 7 rocks" in window.statusBar().currentMessage()
    chips = window.board.cards["ceo"].chips
    assert chips and all(chip.seeded for chip in chips), "the board marks seeded chips"
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not c.plan.rocks
    assert fileio.dumps(c.plan) == before


def test_seed_from_the_board_menu(window, qtbot):
    c = window.controller
    bar = window.menuBar()
    board = next(a for a in bar.actions() if a.text() == "&Board")
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(board).center())
    menu = board.menu()
    qtbot.waitUntil(menu.isVisible)
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(window.actions_.seed).center())
    assert len(c.plan.rocks) == 7 and c.undo_stack.count() == 1


def test_seeding_twice_says_why_nothing_happened(window):
    c = window.controller
    seed_key(window)
    seed_key(window)
    assert c.undo_stack.count() == 1 and len(c.plan.rocks) == 7
    assert "Nothing to seed" in window.statusBar().currentMessage()


def test_inspector_shows_a_seeded_rock_and_an_effort_edit_settles_it(window, qtbot):
    c = window.controller
    seed_key(window)
    rid = next(iter(c.plan.rocks))
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=chip_pos(window.view, window.board, rid))
    assert c.selected_rocks == [rid]
    label = window.inspector.seeded_label
    assert label.isVisible() and "adjust the effort" in label.text()
    effort = window.inspector.fields["rock"]["effort"].editor
    qtbot.mouseClick(effort, Qt.MouseButton.LeftButton)
    QTest.keyClick(effort, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(effort, "15")
    QTest.keyClick(effort, Qt.Key.Key_Return)
    rock = c.plan.rocks[rid]
    assert rock.effort == 15 and not rock.seeded
    assert not label.isVisible()
    assert not next(ch for ch in window.board.cards["ceo"].chips if ch.rock_id == rid).seeded


def test_a_seeded_chip_is_drawn_differently(qapp):
    fonts = Fonts()

    def render(seeded: bool) -> QImage:
        image = QImage(120, 30, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        paint_chip(
            painter, fonts, QRectF(2, 2, 110, 22), ChipSpec("r1", "Roadmap", QColor("#3a7bd5"), seeded=seeded), False
        )
        painter.end()
        return image

    assert render(True) != render(False)
