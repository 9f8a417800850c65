"""The board's rough edges, driven with real mouse and keyboard events: gestures as
objects, refused drop targets, repaint fragments, load colours, trays and framing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from models import Person, Plan, Rock
from planner.editing.commands import MoveRocks
from planner.planfile import templates
from tests.benchmarks.synth import make_plan as synth_plan
from tests.ui.helpers import card_pos, chip_pos, drag, make_plan, open_window, press_key, tray_pos
from tests.ui.helpers import open_board as show_view
from ui.board.gestures import Pan, PersonDrag, RockDrag, RubberBand
from ui.board.items import AMBER, CARD_W, GREEN, HEADER_H, PAD, RED
from ui.board.scene import BoardScene
from ui.board.view import BoardView
from ui.window.main_window import MainWindow

LEFT, NO_MOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


def press_and_move(view: BoardView, start: QPoint, end: QPoint, button=LEFT) -> None:
    vp = view.viewport()
    QTest.mousePress(vp, button, NO_MOD, start)
    for i in range(1, 7):
        QTest.mouseMove(vp, start + (end - start) * (i / 6))


def on_screen(view: BoardView) -> QImage:
    """What the window really shows: the backing store, not a fresh repaint (grab() repaints)."""
    QApplication.processEvents()  # the updates already posted are painted first
    image = view.screen().grabWindow(view.winId()).toImage()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def differing_pixels(a: QImage, b: QImage) -> int:
    return sum(1 for y in range(0, a.height(), 2) for x in range(0, a.width(), 2) if a.pixel(x, y) != b.pixel(x, y))


def close_to(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance


# ------------------------------------------------------------------ 1 gestures


def test_each_press_starts_one_gesture_object_and_escape_cancels_it(board):
    controller, scene, view = board
    vp = view.viewport()
    press_and_move(view, chip_pos(view, scene, "r1"), card_pos(view, scene, "cy"))
    assert isinstance(view.gesture, RockDrag) and view.drag_active()
    QTest.keyClick(vp, Qt.Key.Key_Escape)
    assert view.gesture is None and not scene.cards["cy"].drop_target
    QTest.mouseRelease(vp, LEFT, NO_MOD, card_pos(view, scene, "cy"))
    assert controller.plan.rocks["r1"].owner == "ben"

    press_and_move(view, card_pos(view, scene, "dee"), card_pos(view, scene, "ben"))
    assert isinstance(view.gesture, PersonDrag)
    QTest.mouseRelease(vp, LEFT, NO_MOD, card_pos(view, scene, "ben"))
    assert view.gesture is None and controller.plan.people["dee"].manager == "ben"

    empty = view.mapFromScene(scene.visible_cards_rect().bottomRight()) + QPoint(30, -5)
    press_and_move(view, empty, empty + QPoint(-60, -40))
    assert isinstance(view.gesture, RubberBand)
    QTest.mouseRelease(vp, LEFT, NO_MOD, empty + QPoint(-60, -40))
    press_and_move(view, empty, empty + QPoint(-40, -40), button=Qt.MouseButton.MiddleButton)
    assert isinstance(view.gesture, Pan)
    QTest.mouseRelease(vp, Qt.MouseButton.MiddleButton, NO_MOD, empty + QPoint(-40, -40))
    assert view.gesture is None


def test_drop_hands_the_outcome_to_the_runner_and_pushes_nothing_itself(board):
    controller, scene, view = board
    outcomes = []
    view.runner.run = lambda outcome, initiator="": outcomes.append((outcome, initiator)) or True
    drag(view, chip_pos(view, scene, "r4"), card_pos(view, scene, "ben"))
    assert len(outcomes) == 1 and outcomes[0][1] == "board"  # the board says it asked
    outcomes = [outcome for outcome, _ in outcomes]
    assert isinstance(outcomes[0], MoveRocks)
    assert outcomes[0].rock_ids == ["r4"] and outcomes[0].to == "ben"
    assert controller.plan.rocks["r4"].owner == "cy" and controller.undo_stack.count() == 0


# --------------------------------------------------------- 2 refused targets


def test_dragging_a_manager_onto_their_report_lights_it_refused_with_the_whole_reason(board):
    controller, scene, view = board
    long_name = "Cy " + "Moss-" * 100  # 500 characters
    controller.plan.people["cy"].name = long_name
    messages: list[str] = []
    view.runner.refused.connect(messages.append)
    vp = view.viewport()
    press_and_move(view, card_pos(view, scene, "cy"), card_pos(view, scene, "ben"))
    assert scene.cards["ben"].drop_target == "valid"
    end = card_pos(view, scene, "dee")
    for i in range(1, 7):
        QTest.mouseMove(vp, card_pos(view, scene, "ben") + (end - card_pos(view, scene, "ben")) * (i / 6))
    assert scene.cards["ben"].drop_target == ""
    assert scene.cards["dee"].drop_target == "refused"
    assert vp.cursor().shape() == Qt.CursorShape.ForbiddenCursor
    ghost = view.gesture.ghost
    assert "cycle" in ghost.reason and long_name in ghost.reason  # in full, not cut off
    assert ghost.boundingRect().height() > 100  # wrapped over several lines under the chip
    assert ghost.boundingRect().width() <= 400
    QTest.mouseRelease(vp, LEFT, NO_MOD, end)
    assert controller.plan.people["cy"].manager == "ana"
    assert controller.plan.people["dee"].manager == "cy"
    assert controller.undo_stack.count() == 0
    assert messages and "cycle" in messages[-1]
    assert not scene.cards["dee"].drop_target


# ------------------------------------------------------------ 3 repainting


def test_collapsing_a_subtree_leaves_no_card_fragments_on_screen(qtbot):
    controller, scene, view = show_view(qtbot, synth_plan(300))
    view.minimap.wanted = False  # it redraws itself a moment after a layout: not a fragment
    view.minimap.place()
    view.resetTransform()
    view.scale(0.5, 0.5)
    centre = view.mapToScene(view.viewport().rect().center())
    managers = [p for p in scene.visible if scene.reports.get(p)]
    pid = min(managers, key=lambda p: (scene.cards[p].scenePos() - centre).manhattanLength())
    card = scene.cards[pid]
    view.centerOn(card.scenePos() + QPointF(CARD_W / 2, 300.0))
    QApplication.processEvents()
    hidden = [scene.cards[p] for p in scene.reports[pid]]
    assert all(c.isVisible() for c in hidden)
    toggle = view.mapFromScene(card.scenePos() + card.toggle_rect().center())
    QTest.mouseClick(view.viewport(), LEFT, NO_MOD, toggle)
    assert pid in scene.collapsed and not any(c.isVisible() for c in hidden)
    shown = on_screen(view)
    view.viewport().update()  # a fresh, full repaint of the same state
    fresh = on_screen(view)
    assert differing_pixels(shown, fresh) == 0


def test_dotted_line_follows_its_card_edges_after_a_move_and_stays_beneath_cards(board):
    controller, scene, view = board
    controller.plan.people["dee"].dotted = ["ben"]
    controller.undo_stack.clear()
    scene.rebuild()
    ben = scene.cards["ben"]
    before = ben.height
    vp = view.viewport()
    QTest.mouseClick(vp, LEFT, NO_MOD, chip_pos(view, scene, "r1"))
    QTest.mouseClick(vp, LEFT, Qt.KeyboardModifier.ControlModifier, chip_pos(view, scene, "r2"))
    drag(view, chip_pos(view, scene, "r2"), tray_pos(view, scene, "unowned"))  # ben's card gets shorter
    assert controller.plan.rocks["r1"].owner is None and ben.height < before
    path = scene.dotted.path
    start, end = path.elementAt(0), path.elementAt(path.elementCount() - 1)
    dee = scene.cards["dee"]
    assert start.y == pytest.approx(dee.scenePos().y())  # leaves from dee's top edge
    assert end.y == pytest.approx(ben.scenePos().y() + ben.height)  # ends on ben's bottom edge, now
    container = ben.parentItem()
    assert scene.dotted.zValue() < container.zValue()


# ------------------------------------------------------------- 4 load colours


def bar_color(view: BoardView, scene: BoardScene, pid: str) -> QColor:
    card = scene.cards[pid]
    point = view.mapFromScene(card.scenePos() + QPointF(PAD + 3.0, 46.0))
    return view.viewport().grab().toImage().pixelColor(point)


def test_load_colours_follow_the_plans_own_thresholds(qtbot):
    plan = make_plan()
    plan.settings.rules.values.update(overload_warning=60.0, overload_error=90.0)
    controller, scene, view = show_view(qtbot, plan)
    view.resetTransform()
    view.centerOn(scene.visible_cards_rect().center())
    # ben 70% (above warning 60: amber), cy 110% (above error 90: red), dee 0%: green.
    assert close_to(bar_color(view, scene, "ben"), AMBER)
    assert close_to(bar_color(view, scene, "cy"), RED)
    drag(view, chip_pos(view, scene, "r4"), card_pos(view, scene, "dee"))  # cy 70%, dee 40%
    assert close_to(bar_color(view, scene, "cy"), AMBER)
    assert close_to(bar_color(view, scene, "dee"), GREEN)
    assert scene.cards["cy"].data_.color() == AMBER


# ------------------------------------------------------- 5, 6 trays, framing


@pytest.fixture
def sample_window(qtbot, tmp_path):
    def make(width: int, height: int, template: str = templates.SAMPLE) -> MainWindow:
        plan = templates.load_template(template)
        win = open_window(qtbot, tmp_path, plan, size=(width, height), active=False, centre=False)
        QApplication.processEvents()  # the initial show_top is queued on the event loop
        return win

    return make


def card_rects(view: BoardView) -> list[QRect]:
    scene = view.board
    out = []
    for pid in scene.visible:
        card = scene.cards[pid]
        out.append(view.mapFromScene(card.card_rect().translated(card.scenePos())).boundingRect())
    return out


def tray_rects(view: BoardView) -> list[QRect]:
    return [
        QRect(view.mapFromScene(t.pos()), QSize(int(t.WIDTH), int(t.height)))
        for t in (view.board.unowned_tray, view.board.ground_tray)
    ]


@pytest.mark.parametrize("template", [templates.SAMPLE, "scale-up"])
@pytest.mark.parametrize("size", [(1280, 800), (1024, 700), (1024, 600), (1920, 1080)])
def test_fit_leaves_room_for_the_trays(sample_window, size, template):
    win = sample_window(*size, template)
    view = win.view
    # A fuller Unowned tray: rubber-band every chip of the first PM's card, drag them there.
    plan = win.controller.plan
    # View > Expand all (Ctrl+Shift+E): a small window's first screen shows the top levels only.
    press_key(win, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not view.board.collapsed
    pm = next(p for p in view.board.visible if len(view.board.cards[p].chips) >= 6)
    view.center_on_person(pm)
    card = view.board.cards[pm]
    rect = view.mapFromScene(card.card_rect().translated(card.scenePos())).boundingRect()
    drag(view, rect.topLeft() - QPoint(8, 8), rect.bottomRight() + QPoint(8, 8))
    chosen = list(win.controller.selected_rocks)
    assert len(chosen) >= 6
    drag(view, chip_pos(view, view.board, chosen[0]), tray_pos(view, view.board, "unowned"))
    assert all(plan.rocks[r].owner is None for r in chosen)
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    viewport = view.viewport().rect()
    for card in card_rects(view):
        assert viewport.contains(card), "fit shows every card"
        for tray in tray_rects(view):
            assert not card.intersects(tray)


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768), (1440, 900), (1024, 700)])
def test_sample_opens_on_the_top_of_the_tree_with_no_card_cut_at_the_left(sample_window, size):
    win = sample_window(*size)
    view = win.view
    viewport = view.viewport().rect()
    root = next(p for p, person in win.controller.plan.people.items() if person.manager is None)
    card = view.board.cards[root]
    root_rect = view.mapFromScene(card.card_rect().translated(card.scenePos())).boundingRect()
    assert viewport.contains(root_rect)
    for rect in card_rects(view):
        if rect.bottom() > 0 and rect.top() < viewport.height():
            assert not (rect.left() < 0 < rect.right()), f"card cut off at the left: {rect}"


# ------------------------------------------------------------- long text


def test_a_500_character_name_and_title_stay_inside_the_card(qtbot):
    plan = Plan(name="Long")
    plan.people["a"] = Person("a", "N" * 500, "R" * 500)
    plan.rocks["r"] = Rock("r", "T" * 500, "product", 10, "a")
    controller, scene, view = show_view(qtbot, plan)
    view.resetTransform()
    view.centerOn(scene.visible_cards_rect().center())
    image = view.viewport().grab().toImage()
    card = scene.cards["a"]
    background = scene.backgroundBrush().color()
    for y in (12.0, 28.0, HEADER_H + 10.0):
        beyond = view.mapFromScene(card.scenePos() + QPointF(CARD_W + 6.0, y))
        for dx in range(0, 40, 4):
            assert image.pixelColor(beyond + QPoint(dx, 0)) == background
    assert scene.unowned_tray.header() == "Unowned · 0 rocks"
    assert scene.ground_tray.header() == "On the ground (dropped) · 0 rocks"
    controller.push(MoveRocks(["r"], None))
    assert scene.unowned_tray.header() == "Unowned · 1 rock"
