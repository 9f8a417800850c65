"""The board at any size: Fit wraps a wide org to the window's shape, and no framing puts
a card under an overlay (minimap, trays) or cuts one at the edge of a small plan's first screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.planfile import templates
from tests.benchmarks.synth import make_plan
from tests.ui.helpers import open_window
from ui.board.overlays import OVER_CARDS, Overview
from ui.board.view import BoardView


def overlay_rects(view: BoardView) -> list[QRectF]:
    """Scene rects of the minimap (when shown) and both trays. They lie in margins beside the
    viewport (ui.board.view), except an unfolded tray's top: only shown parts of cards count."""
    out = [t.sceneBoundingRect() for t in (view.board.unowned_tray, view.board.ground_tray)]
    if view.minimap.isVisible():
        box = view.minimap.geometry().translated(-view.viewport().geometry().topLeft())
        out.append(view.mapToScene(box).boundingRect())
    return out


def placement(view: BoardView) -> tuple[int, int, int]:
    """(cards shown, cards wholly inside the view, cards whose visible part is under an overlay)."""
    board = view.board
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    overlays = overlay_rects(view)
    inside = under = 0
    for pid in board.visible:
        card = board.cards[pid]
        rect = card.card_rect().translated(card.scenePos())
        inside += shown.contains(rect)
        seen = rect.intersected(shown)
        under += not seen.isEmpty() and any(o.intersects(seen) for o in overlays)
    return len(board.visible), inside, under


@pytest.fixture(scope="module")
def wide_org():
    plan = make_plan(1500)  # 5-12 reports each: flat tidy layout about 100,000 px wide
    return plan


def test_expand_all_and_fit_shows_a_wide_org_whole_at_the_windows_shape(qtbot, tmp_path, wide_org):
    win = open_window(qtbot, tmp_path, wide_org, size=(1600, 1000), centre=False)
    view = win.view
    QTest.qWait(50)  # the first framing runs from the event loop
    QTest.keyClick(win, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(view.board.visible) == 1500  # Expand all
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # Fit to window
    QTest.qWait(20)
    shown, inside, under = placement(view)
    assert (shown, inside, under) == (1500, 1500, 0)
    chart = view.board.visible_cards_rect()
    window = view.viewport().rect()
    aspect, wanted = chart.width() / chart.height(), window.width() / window.height()
    assert wanted / 2 < aspect < wanted * 2  # wide levels wrapped into rows (unwrapped: about 20:1)
    assert view.zoom_level() > 0.03  # was the 0.02 floor: a thin strip
    # The whole chart shows: no scroll bars (their room goes to the chart). The board still
    # scrolls sideways by about one window (it keeps a viewport of room on each side, see
    # BoardView._update_extent), not by the unwrapped chart's width.
    assert not view.horizontalScrollBar().isVisible() and not view.verticalScrollBar().isVisible()
    assert view.horizontalScrollBar().maximum() - view.horizontalScrollBar().minimum() <= 2.1 * window.width()
    # Far out, the overview stands in for the cards; its team labels name who leads what.
    overview = view.board.overview
    assert view.board.far and isinstance(overview, Overview)
    labels = overview.shown_labels(view.zoom_level())
    assert len(labels) >= 12  # the top level and second-level teams (was 7)
    assert any("1500 people" in text or "1499 people" in text for _box, text in labels)
    boxes = [box for box, _text in labels]
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    for i, a in enumerate(boxes):
        assert not any(a.intersects(b) for b in boxes[i + 1 :])  # none over another
        assert seen.contains(a)  # whole on screen, none cut at an edge
    # Beyond the few biggest teams, a label stands in empty space, never over cards.
    assert not any(overview.covers_blocks(box) for box in boxes[OVER_CARDS:])
    # A scroll (the wheel) brings the bars back; Fit (the toolbar) hides them again.
    at = QPointF(view.viewport().rect().center())
    QApplication.sendEvent(
        view.viewport(),
        QWheelEvent(
            at, QPointF(view.viewport().mapToGlobal(at)), QPoint(), QPoint(0, -120),
            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
        ),
    )  # fmt: skip
    assert view.verticalScrollBar().isVisible()
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert not view.verticalScrollBar().isVisible() and placement(view) == (1500, 1500, 0)


@pytest.mark.parametrize("name", templates.template_names())
def test_no_templates_first_screen_cuts_or_covers_a_card(qtbot, tmp_path, name):
    win = open_window(qtbot, tmp_path, templates.load_template(name), size=(1600, 1000), centre=False)
    QTest.qWait(50)  # the first framing runs from the event loop
    shown, inside, under = placement(win.view)
    assert (inside, under) == (shown, 0)
    if name == templates.SAMPLE:
        assert shown == len(win.controller.plan.people)  # the sample shows all its cards


def test_trays_fold_away_from_cards_under_them(qtbot, tmp_path, wide_org):
    win = open_window(qtbot, tmp_path, wide_org, size=(1600, 1000), centre=False)
    view = win.view
    tray = view.board.unowned_tray
    QTest.qWait(50)  # the first framing: the top levels at a readable zoom, cut at the bottom
    assert view.zoom_level() >= 0.6 and view.minimap.isVisible()
    minimap = overlay_rects(view)[-1]
    for pid in view.board.visible:  # none under the minimap
        card = view.board.cards[pid]
        assert not minimap.intersects(card.card_rect().translated(card.scenePos()))
    assert tray.folded and tray.height == tray.FOLDED_H  # cards under it: it folds to its header,
    assert view.mapFromScene(tray.pos()).y() >= view.viewport().height()  # in the strip below the board
    assert tray.chip_at(tray.boundingRect().center()) is None
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # Fit leaves its room free
    assert not tray.folded and tray.height == tray.full_height
    assert placement(view)[2] == 0
    # Pan the cards down under the trays (middle button drag), then back.
    start = view.viewport().rect().center()
    QTest.mousePress(view.viewport(), Qt.MouseButton.MiddleButton, pos=start)
    for dy in (100, 200, 300):
        QTest.mouseMove(view.viewport(), start + QPoint(0, dy))
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.MiddleButton, pos=start + QPoint(0, 300))
    assert tray.folded
    QTest.mousePress(view.viewport(), Qt.MouseButton.MiddleButton, pos=start + QPoint(0, 300))
    for dy in (200, 100, 0):
        QTest.mouseMove(view.viewport(), start + QPoint(0, dy))
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.MiddleButton, pos=start)
    assert not tray.folded
