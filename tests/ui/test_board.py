"""The board driven with real mouse and keyboard events on the view's viewport."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.ui.helpers import card_pos, chip_pos, drag, tray_pos


def test_drag_rock_to_another_card_moves_it_and_undo_restores(board):
    controller, scene, view = board
    plan = controller.plan
    assert ("overload", "cy") in controller.analysis.findings  # 110%
    before = scene.cards["ben"].data_.percent
    drag(view, chip_pos(view, scene, "r4"), card_pos(view, scene, "ben"))
    assert plan.rocks["r4"].owner == "ben"
    assert controller.undo_stack.count() == 1
    assert "Stand-ups" in controller.undo_stack.text(0)
    assert scene.cards["ben"].data_.percent == pytest.approx(before + 40)
    assert "r4" in [c.rock_id for c in scene.cards["ben"].chips]
    assert "r4" not in [c.rock_id for c in scene.cards["cy"].chips]
    assert ("overload", "cy") not in controller.analysis.findings
    assert ("overload", "ben") in controller.analysis.findings
    assert plan.moves[-1].from_ == "cy" and plan.moves[-1].to == "ben"
    controller.undo_stack.undo()
    assert plan.rocks["r4"].owner == "cy"
    assert scene.cards["ben"].data_.percent == pytest.approx(before)
    assert ("overload", "cy") in controller.analysis.findings
    assert plan.moves == []


def test_drop_target_highlights_while_hovering(board):
    controller, scene, view = board
    vp = view.viewport()
    start, end = chip_pos(view, scene, "r1"), card_pos(view, scene, "cy")
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, 7):
        QTest.mouseMove(vp, start + (end - start) * (i / 6))
    assert scene.cards["cy"].drop_target
    assert view.drag_active()
    QTest.keyClick(vp, Qt.Key.Key_Escape)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert not scene.cards["cy"].drop_target
    assert controller.plan.rocks["r1"].owner == "ben"  # cancelled
    assert controller.undo_stack.count() == 0


def test_person_onto_own_descendant_is_refused(board, qtbot):
    controller, scene, view = board
    plan = controller.plan
    messages: list[str] = []
    view.runner.refused.connect(messages.append)  # no caller took the refusal: the runner says it
    drag(view, card_pos(view, scene, "cy"), card_pos(view, scene, "dee"))
    assert plan.people["cy"].manager == "ana"
    assert controller.undo_stack.count() == 0
    assert messages and "cycle" in messages[0] and "Cy Moss" in messages[0]


def test_person_drag_changes_manager(board):
    controller, scene, view = board
    drag(view, card_pos(view, scene, "dee"), card_pos(view, scene, "ben"))
    assert controller.plan.people["dee"].manager == "ben"
    controller.undo_stack.undo()
    assert controller.plan.people["dee"].manager == "cy"


def test_ctrl_click_selects_several_chips_and_they_move_together(board):
    controller, scene, view = board
    vp = view.viewport()
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, chip_pos(view, scene, "r1"))
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, chip_pos(view, scene, "r2"))
    assert controller.selected_rocks == ["r1", "r2"]
    drag(view, chip_pos(view, scene, "r2"), card_pos(view, scene, "dee"))
    assert controller.plan.rocks["r1"].owner == "dee"
    assert controller.plan.rocks["r2"].owner == "dee"
    assert controller.undo_stack.count() == 1
    controller.undo_stack.undo()
    assert controller.plan.rocks["r1"].owner == "ben" and controller.plan.rocks["r2"].owner == "ben"


def test_rubber_band_selects_chips(board):
    controller, scene, view = board
    card = scene.cards["cy"]
    rect = card.card_rect().translated(card.scenePos())
    top_left = view.mapFromScene(rect.topLeft()) - QPoint(10, 10)
    bottom_right = view.mapFromScene(rect.bottomRight()) + QPoint(10, 10)
    drag(view, top_left, bottom_right)
    assert set(controller.selected_rocks) == {"r3", "r4"}


def test_drop_on_ground_tray_then_assign_from_tray(board):
    controller, scene, view = board
    plan = controller.plan
    drag(view, chip_pos(view, scene, "r3"), tray_pos(view, scene, "ground"))
    assert plan.rocks["r3"].state == "dropped"
    assert "r3" in scene.ground_tray_ids()
    drag(view, chip_pos(view, scene, "r3"), card_pos(view, scene, "dee"))
    assert plan.rocks["r3"].state == "active" and plan.rocks["r3"].owner == "dee"
    assert "r3" not in scene.ground_tray_ids()
    # The unowned tray assigns too, and takes rocks back.
    drag(view, chip_pos(view, scene, "r5"), card_pos(view, scene, "dee"))
    assert plan.rocks["r5"].owner == "dee"
    assert ("orphan-rock", "r5") not in controller.analysis.findings
    drag(view, chip_pos(view, scene, "r5"), tray_pos(view, scene, "unowned"))
    assert plan.rocks["r5"].owner is None
    assert controller.undo_stack.count() == 4


def test_ctrl_wheel_zooms_and_collapse_toggle_hides_subtree(board):
    controller, scene, view = board
    before = view.zoom_level()
    view.zoom_by(0.5)
    assert view.zoom_level() == pytest.approx(before * 0.5)
    card = scene.cards["cy"]
    toggle = view.mapFromScene(card.scenePos() + card.toggle_rect().center())
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, toggle)
    assert not scene.cards["dee"].isVisible()
    scene.expand_to_level(3)
    assert scene.cards["dee"].isVisible()
    scene.expand_to_level(1)
    assert not scene.cards["ben"].isVisible()
    scene.reveal("dee")
    assert scene.cards["dee"].isVisible()
