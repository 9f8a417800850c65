"""The Inspector's plan page: its "Seeded estimates" count follows seeding, effort edits, drops and undo
(kept from change records, ui/panels/inspector.py SeededRocks, not recounted over every rock)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from models import Plan
from tests.ui.helpers import card_pos, chip_pos, drag, imported_org, press_key


@pytest.fixture
def window_plan() -> Plan:
    return imported_org()


def seeded_shown(window) -> str:
    return window.inspector.plan_counts["Seeded estimates"].text()


def seeded_in_plan(window) -> int:
    return sum(1 for r in window.controller.plan.rocks.values() if r.seeded)


def show_plan_page(window, qtbot) -> None:
    """Click an empty spot of the board: nothing selected, the Inspector shows the plan."""
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    qtbot.waitUntil(lambda: window.inspector.stack.currentIndex() == window.inspector._pages["plan"])


def wait_seeded(window, qtbot, text: str) -> None:
    qtbot.waitUntil(lambda: seeded_shown(window) == text)


def test_the_seeded_count_follows_seeding_edits_drops_and_undo(window, qtbot):
    c = window.controller
    show_plan_page(window, qtbot)
    assert seeded_shown(window) == "none"

    press_key(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert seeded_in_plan(window) == 7
    wait_seeded(window, qtbot, "7 rocks to adjust (edit each one's effort)")

    # A drop moves a seeded rock: still an estimate, still counted.
    first, second = list(c.plan.rocks)[:2]
    drag(window.view, chip_pos(window.view, window.board, first), card_pos(window.view, window.board, "e0"))
    assert c.plan.rocks[first].owner == "e0"
    show_plan_page(window, qtbot)
    wait_seeded(window, qtbot, "7 rocks to adjust (edit each one's effort)")

    # Editing the effort in the Inspector settles the estimate.
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=chip_pos(window.view, window.board, second))
    assert c.selected_rocks == [second]
    effort = window.inspector.fields["rock"]["effort"].editor
    qtbot.mouseClick(effort, Qt.MouseButton.LeftButton)
    QTest.keyClick(effort, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(effort, "15")
    QTest.keyClick(effort, Qt.Key.Key_Return)
    assert not c.plan.rocks[second].seeded
    show_plan_page(window, qtbot)
    wait_seeded(window, qtbot, "6 rocks to adjust (edit each one's effort)")

    press_key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the edit comes back undone
    assert c.plan.rocks[second].seeded
    wait_seeded(window, qtbot, "7 rocks to adjust (edit each one's effort)")

    for _ in range(2):  # undo the drop, then the seeding: no rocks at all
        press_key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not c.plan.rocks
    wait_seeded(window, qtbot, "none")
    press_key(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redo the seeding
    wait_seeded(window, qtbot, "7 rocks to adjust (edit each one's effort)")
    assert seeded_in_plan(window) == 7
