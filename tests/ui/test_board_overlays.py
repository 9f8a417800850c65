"""No overlay ever covers a card: the trays fold into a strip below the board and the
minimap has a column of its own, whatever the zoom or scroll; a folded tray still takes
drops, and a tray's chip in the strip is clicked and dragged as on the board."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.planfile import templates
from tests.benchmarks.synth import make_plan
from tests.ui.helpers import CTRL, NO_MOD, card_pos, chip_pos, open_window, tray_pos
from ui.board.minimap import COLUMN
from ui.board.overlays import Tray
from ui.board.view import STRIP_H, STRIP_PAD, TRAY_GAP, BoardView

LEFT, MIDDLE = Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(scope="module")
def big_plan():
    return make_plan(1500)


def overlays_on_board(view: BoardView) -> list[tuple[str, QRect]]:
    """What is drawn over the viewport other than the board, in viewport pixels."""
    vp = view.viewport().rect()
    out = []
    for tray in (view.board.unowned_tray, view.board.ground_tray):
        drawn = QRect(view.mapFromScene(tray.pos()), QSize(int(tray.WIDTH), int(tray.height)))
        out.append((tray.kind, drawn.intersected(vp)))
    if view.minimap.isVisible():
        box = view.minimap.geometry().translated(-view.viewport().geometry().topLeft())
        out.append(("minimap", box.intersected(vp)))
    return [(name, rect) for name, rect in out if not rect.isEmpty()]


def covered_cards(view: BoardView) -> list[tuple[str, str]]:
    """(person, overlay) for every card whose visible part an overlay covers."""
    vp = view.viewport().rect()
    overlays = overlays_on_board(view)
    out = []
    for pid in view.board.visible:
        card = view.board.cards[pid]
        seen = view.mapFromScene(card.card_rect().translated(card.scenePos())).boundingRect().intersected(vp)
        out += [(pid, name) for name, rect in overlays if not seen.isEmpty() and seen.intersects(rect)]
    return out


def ctrl_wheel(view: BoardView, steps: int) -> None:
    """Ctrl + mouse wheel over the middle of the board: zoom in (steps > 0) or out."""
    vp = view.viewport()
    at = QPointF(vp.rect().center())
    event = QWheelEvent(
        at, QPointF(vp.mapToGlobal(at)), QPoint(), QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton, CTRL, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(vp, event)


def pan(view: BoardView, dx: int, dy: int) -> None:
    """A middle-button drag across the board."""
    vp, start = view.viewport(), view.viewport().rect().center()
    QTest.mousePress(vp, MIDDLE, NO_MOD, start)
    for i in (1, 2, 3):
        QTest.mouseMove(vp, start + QPoint(dx * i // 3, dy * i // 3))
    QTest.mouseRelease(vp, MIDDLE, NO_MOD, start + QPoint(dx, dy))


def visible_chip(view: BoardView) -> tuple[str, str]:
    """(rock, owner) of a chip wholly in sight, away from the edges."""
    vp = view.viewport().rect().adjusted(40, 40, -40, -40)
    for pid in sorted(view.board.visible):
        for rock, rect in view.board.cards[pid].chip_scene_rects():
            if vp.contains(view.mapFromScene(rect).boundingRect()):
                return rock, pid
    raise AssertionError("no chip in sight")


def test_no_card_is_under_an_overlay_at_any_zoom_or_scroll(qtbot, tmp_path, big_plan):
    win = open_window(qtbot, tmp_path, big_plan, size=(1600, 1000), centre=False)
    view = win.view
    QTest.qWait(50)  # the first framing runs from the event loop
    assert view.minimap.isVisible()
    assert not view.minimap.geometry().intersects(view.viewport().geometry())  # a column of its own
    # The first screen is cut at the bottom: the trays lie folded in the strip below it.
    assert view.board.unowned_tray.folded and view.board.ground_tray.folded
    assert covered_cards(view) == []
    QTest.keyClick(win, Qt.Key.Key_E, CTRL | SHIFT)  # Expand all: 1,500 cards
    view.setFocus()
    folds = set()
    for zoom_out in (0, 4, 5, 8, 6):  # from about 60% down to the far overview
        ctrl_wheel(view, -zoom_out)
        pan(view, 170, -90)
        assert covered_cards(view) == []
        hbar, vbar = view.horizontalScrollBar(), view.verticalScrollBar()
        for fx in (0.0, 0.3, 0.5, 0.8, 1.0):
            for fy in (0.0, 0.25, 0.5, 0.75, 1.0):
                hbar.setValue(round(hbar.minimum() + fx * (hbar.maximum() - hbar.minimum())))
                vbar.setValue(round(vbar.minimum() + fy * (vbar.maximum() - vbar.minimum())))
                assert covered_cards(view) == [], (view.zoom_level(), fx, fy)
                folds.add(view.board.unowned_tray.folded)
    assert folds == {True, False}  # both states were seen: unfolded over empty board, folded over cards
    # Hiding the minimap gives its column back to the board; showing it takes it again.
    width = view.viewport().width()
    QTest.keyClick(view, Qt.Key.Key_M, CTRL | SHIFT)
    assert not view.minimap.isVisible() and view.viewport().width() == width + COLUMN
    QTest.keyClick(view, Qt.Key.Key_M, CTRL | SHIFT)
    assert view.minimap.isVisible() and view.viewport().width() == width
    assert not view.minimap.geometry().intersects(view.viewport().geometry())


def lit(image, at: QPoint) -> int:
    """How blue a pixel is (a lit tray is filled pale blue)."""
    color = QColor(image.pixelColor(at))
    return color.blue() - color.red()


@pytest.mark.parametrize("kind", ["unowned", "ground"])
def test_a_chip_dropped_on_a_folded_tray_leaves_its_owner_and_comes_back(qtbot, tmp_path, big_plan, kind):
    win = open_window(qtbot, tmp_path, copy.deepcopy(big_plan), size=(1600, 1000), centre=False)
    view, scene, controller = win.view, win.board, win.controller
    QTest.qWait(50)
    tray: Tray = scene.unowned_tray if kind == "unowned" else scene.ground_tray
    assert tray.folded
    rock, owner = visible_chip(view)
    start, target = chip_pos(view, scene, rock), tray_pos(view, scene, kind)
    assert target.y() > view.viewport().height()  # the folded tray lies below the board, in the strip
    spot = target - view.strip.origin() + QPoint(130, 0)  # inside the tray, clear of its header text
    before = lit(view.strip.grab().toImage(), spot)
    vp = view.viewport()
    QTest.mousePress(vp, LEFT, NO_MOD, start)
    for i in range(1, 7):
        QTest.mouseMove(vp, start + (target - start) * (i / 6))
    # Hovering: the tray is lit as a valid target, in the strip too, and the ghost stays in sight.
    assert tray.drop_target == "valid"
    assert vp.cursor().shape() == Qt.CursorShape.DragMoveCursor
    assert lit(view.strip.grab().toImage(), spot) > before + 8
    gesture = view.gesture
    assert gesture is not None and gesture.ghost is not None
    assert vp.rect().contains(view.mapFromScene(gesture.ghost.sceneBoundingRect()).boundingRect())
    QTest.mouseRelease(vp, LEFT, NO_MOD, target)
    assert tray.drop_target == ""
    if kind == "unowned":
        assert controller.plan.rocks[rock].owner is None and rock in tray.ids
        QTest.keyClick(win, Qt.Key.Key_Z, CTRL)  # undo
    else:
        assert controller.plan.rocks[rock].state == "dropped" and rock in tray.ids
        QTest.keyClick(view, Qt.Key.Key_D, SHIFT)  # Restore the selected (dropped) rock
    assert controller.plan.rocks[rock].owner == owner and controller.plan.rocks[rock].state != "dropped"
    assert rock not in tray.ids


def test_a_trays_chip_in_the_strip_is_clicked_and_dragged_as_on_the_board(qtbot, tmp_path):
    win = open_window(qtbot, tmp_path, size=(1400, 900))  # the board test plan: 'Design system' unowned
    view, scene, controller = win.view, win.board, win.controller
    view.fit()
    tray = scene.unowned_tray
    assert not tray.folded  # nothing under it: it stands over the strip with its chips
    rock = next(iter(tray.ids))
    at = chip_pos(view, scene, rock) - view.strip.origin()
    assert view.strip.rect().contains(at)  # the chip row lies in the strip, below the board
    QTest.mouseClick(view.strip, LEFT, NO_MOD, at)
    assert controller.selected_rocks == [rock]
    assert "+" not in tray.header()
    # Drag it from the strip onto Dee's card: the strip holds the mouse, the view drops.
    end = card_pos(view, scene, "dee") - view.strip.origin()
    QTest.mousePress(view.strip, LEFT, NO_MOD, at)
    for i in range(1, 7):
        QTest.mouseMove(view.strip, at + (end - at) * (i / 6))
    assert scene.cards["dee"].drop_target == "valid"
    QTest.mouseRelease(view.strip, LEFT, NO_MOD, end)
    assert controller.plan.rocks[rock].owner == "dee"
    assert rock not in tray.ids
    # The mouse wheel over the strip scrolls the board, as over the board itself.
    bar = view.verticalScrollBar()
    before = bar.value()
    wheel = QWheelEvent(
        QPointF(at), QPointF(view.strip.mapToGlobal(at)), QPoint(), QPoint(0, -120),
        Qt.MouseButton.NoButton, NO_MOD, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(view.strip, wheel)
    assert bar.value() > before


def test_a_tray_that_grows_folds_rather_than_rise_over_a_card(qtbot, tmp_path):
    win = open_window(qtbot, tmp_path, templates.load_template(templates.SAMPLE), size=(1400, 900), centre=False)
    view, scene = win.view, win.board
    QTest.qWait(50)
    # The whole chart shows: no scroll bars (ui.board.view). The wheel scrolls a notch down and
    # back up, as a user would before scrolling: the bars come back, the viewport is final.
    assert not view.verticalScrollBar().isVisible()
    for notch in (-120, 120):
        at = QPointF(view.viewport().rect().center())
        wheel = QWheelEvent(
            at, QPointF(view.viewport().mapToGlobal(at)), QPoint(), QPoint(0, notch),
            Qt.MouseButton.NoButton, NO_MOD, Qt.ScrollPhase.NoScrollPhase, False,
        )  # fmt: skip
        QApplication.sendEvent(view.viewport(), wheel)
    assert view.verticalScrollBar().isVisible()
    tray = scene.unowned_tray
    foot = view.viewport().height() + STRIP_H - STRIP_PAD  # where the trays stand
    # Scroll the lowest card to just above the top of the unfolded tray.
    low = max(scene.visible, key=lambda p: scene.cards[p].scenePos().y() + scene.cards[p].height)
    card = scene.cards[low]
    rect = view.mapFromScene(card.card_rect().translated(card.scenePos())).boundingRect()
    hbar, vbar = view.horizontalScrollBar(), view.verticalScrollBar()
    hbar.setValue(hbar.value() + rect.left() - 40)
    vbar.setValue(vbar.value() + rect.bottom() - (foot - int(tray.full_height) - TRAY_GAP - 6))
    assert not tray.folded and covered_cards(view) == []
    height = tray.full_height
    # Make every rock of the busiest other card unowned (U): the tray gains rows of chips.
    other = max((p for p in scene.visible if p != low), key=lambda p: len(scene.cards[p].chips))
    win.controller.select([], [chip.rock_id for chip in scene.cards[other].chips])
    QTest.keyClick(view, Qt.Key.Key_U)
    assert tray.full_height > height
    assert tray.folded and covered_cards(view) == []  # it would rise over the card: it folds
    assert view.mapFromScene(tray.pos()).y() + tray.height == foot  # whole, in the strip
