"""The board at real size: compact layout, a large plan's first screen, collapsed
cards that say what they hide, and names that stay readable zoomed out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from models import Person, Plan, Rock
from planner.tree.board import COLLAPSE_AT, COMPACT_AT, OPEN_LEVELS
from tests.benchmarks.synth import make_plan
from tests.ui.helpers import click_menu, open_window
from ui.board.items import CARD_W, LOD_SIMPLE, MIN_LABEL_PX
from ui.board.scene import BoardScene
from ui.board.view import BoardView
from ui.core.controller import DocController


def open_board(qtbot, plan: Plan, size=(1600, 1000)):
    controller = DocController(plan)
    scene = BoardScene(controller)
    view = BoardView(scene)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.show_top()
    return controller, scene, view


def card_rects(scene: BoardScene) -> dict[str, QRectF]:
    return {pid: scene.cards[pid].card_rect().translated(scene.cards[pid].scenePos()) for pid in scene.visible}


def assert_no_overlaps(rects: dict[str, QRectF]) -> None:
    items = sorted(rects.items(), key=lambda kv: kv[1].left())
    for i, (a, ra) in enumerate(items):
        for b, rb in items[i + 1 :]:
            if rb.left() >= ra.right():
                break
            assert not ra.intersected(rb).isValid() or ra.intersected(rb).isEmpty(), (a, b)


def flat_org(n: int) -> Plan:
    plan = Plan(name="Flat")
    plan.people["boss"] = Person("boss", "Bo Boss", "Head of Product")
    for i in range(n):
        plan.people[f"p{i}"] = Person(f"p{i}", f"Pat {i}", "Product Manager", manager="boss")
    return plan


@pytest.fixture(scope="module")
def big_plan() -> Plan:
    return make_plan(1500)


def test_large_plan_opens_compact_on_its_root_at_a_readable_zoom(qtbot, big_plan):
    _c, scene, view = open_board(qtbot, big_plan)
    assert len(big_plan.people) >= max(COMPACT_AT, COLLAPSE_AT)
    assert scene.is_compact() and scene.compact_action.isChecked()
    assert len(scene.model.bands) == OPEN_LEVELS  # the top levels only, the rest collapsed
    assert view.zoom_level() >= 0.6  # names at their normal size
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    root = scene.cards[scene.roots[0]]
    assert shown.contains(root.card_rect().translated(root.scenePos()))
    assert_no_overlaps(card_rects(scene))


def test_compact_layout_keeps_a_flat_org_narrow_and_its_toggle_switches_back(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path, flat_org(40), size=(1200, 800))
    scene = window.board
    assert len(flat_org(40).people) < COMPACT_AT and not scene.is_compact()
    wrapped = scene.visible_cards_rect()
    assert wrapped.width() < min(10 * CARD_W, 2 * wrapped.height())  # the first screen wrapped the level into rows
    scene.model.wrap = 0.0
    scene.relayout()
    wide = scene.visible_cards_rect().width()
    assert wide > 40 * CARD_W  # one level, side by side
    click_menu(window, qtbot, "View", "Compact layout")
    assert scene.is_compact()
    rect = scene.visible_cards_rect()
    assert rect.width() < 5 * CARD_W and rect.width() < rect.height() * 2
    rects = card_rects(scene)
    assert_no_overlaps(rects)
    boss = rects["boss"]
    for i in range(40):
        assert rects[f"p{i}"].top() > boss.bottom()  # the manager is above the stack
    for a, b in zip(range(39), range(1, 40)):  # model order, column by column
        ra, rb = rects[f"p{a}"], rects[f"p{b}"]
        assert rb.top() > ra.top() if rb.left() == ra.left() else rb.left() > ra.left()
    click_menu(window, qtbot, "View", "Compact layout")
    assert not scene.is_compact() and scene.visible_cards_rect().width() == wide


def test_stacked_card_growing_restacks_the_cards_below_it(qtbot):
    controller, scene, view = open_board(qtbot, flat_org(6))
    scene.set_compact(True)
    before = scene.cards["p2"].scenePos().y()
    plan = controller.plan
    from planner.editing.commands import AddRock

    for i in range(6):
        controller.push(AddRock(Rock(f"r{i}", f"A rather long rock title {i}", "product", 2, "p1")))
        assert plan.rocks[f"r{i}"].owner == "p1"
    assert scene.cards["p2"].scenePos().y() > before
    assert_no_overlaps(card_rects(scene))


def small_plan() -> Plan:
    plan = Plan(name="Collapse")
    for p in (
        Person("ana", "Ana Head", "Head of Product"),
        Person("ben", "Ben Park", "Product Manager", manager="ana"),
        Person("cy", "Cy Moss", "Product Manager", manager="ben"),
        Person("dee", "Dee Lin", "Product Manager", manager="ben"),
    ):
        plan.people[p.id] = p
    plan.rocks["r1"] = Rock("r1", "Launches", "marketing", 95, "cy")  # cy overloaded
    plan.rocks["r2"] = Rock("r2", "Roadmap", "product", 50, "cy")
    return plan


def test_collapsed_card_says_how_many_people_it_hides_and_the_worst_finding(qtbot):
    controller, scene, view = open_board(qtbot, small_plan(), (1200, 800))
    view.resetTransform()
    card = scene.cards["ben"]
    toggle = view.mapFromScene(card.mapToScene(card.toggle_rect().center()))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, toggle)
    assert "ben" in scene.collapsed and "cy" not in scene.visible
    severities = [f.severity for f in controller.analysis.findings.values() if {"cy", "dee"} & set(f.subjects)]
    worst = next(s for s in ("error", "warning", "info") if s in severities)
    assert card.hidden == (2, worst, severities.count(worst))
    assert card.hidden_text() == (
        "+2 people",
        f"{severities.count(worst)} {worst}" + ("s" * (severities.count(worst) > 1)),
    )
    QTest.qWait(QApplication.doubleClickInterval() + 50)  # a second click, not a double-click
    toggle = view.mapFromScene(card.mapToScene(card.toggle_rect().center()))  # the card moved
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, toggle)
    assert card.hidden is None and "cy" in scene.visible


def ink_pixels(image: QImage, rect: QRectF) -> int:
    dark = 0
    for x in range(int(rect.left()), int(rect.right())):
        for y in range(int(rect.top()), int(rect.bottom())):
            if QColor(image.pixel(x, y)).lightness() < 90:
                dark += 1
    return dark


def test_zoomed_out_managers_keep_a_readable_name(qtbot):
    _c, scene, view = open_board(qtbot, small_plan(), (1200, 800))
    zoom = 0.17  # about where Ctrl+0 leaves a 1,500-person org
    assert zoom < LOD_SIMPLE
    assert scene.fonts.label(zoom).pixelSize() * zoom >= MIN_LABEL_PX
    image = QImage(400, 400, QImage.Format.Format_ARGB32)
    for c in (scene.cards["ana"], scene.cards["cy"]):  # a manager, a leaf: both named
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.scale(zoom, zoom)
        painter.translate(QPointF(10, 10) / zoom)
        c.paint(painter, None, None)  # the painter's transform sets the detail level
        painter.end()
        body = QRectF(10, 10 + 15 * zoom, CARD_W * zoom, (c.height - 15) * zoom)
        assert ink_pixels(image, body) > 10  # a plain block (no name) has no dark pixels


def test_collapsed_summary_follows_changes_inside_the_subtree(qtbot):
    """Moving the rock that overloads a hidden person away clears the error on the collapsed card."""
    from planner.editing.commands import MoveRocks

    controller, scene, _view = open_board(qtbot, small_plan(), (1200, 800))
    scene.toggle_collapsed("ben")
    assert scene.cards["ben"].hidden[1] == "error"  # cy is overloaded
    controller.push(MoveRocks(["r1"], "ana"))
    hidden = scene.cards["ben"].hidden
    assert hidden[0] == 2 and hidden[1] != "error"


def drag(view: BoardView, start, end) -> None:
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, 7):
        QTest.mouseMove(vp, start + (end - start) * (i / 6))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def card_point(view: BoardView, scene: BoardScene, pid: str):
    return view.mapFromScene(scene.cards[pid].scenePos() + QPointF(CARD_W / 2, 20.0))


def test_card_dropped_into_a_collapsed_manager_flashes_it_and_says_so(qtbot):
    plan = small_plan()
    plan.people["eve"] = Person("eve", "Eve <b>Ng</b>", "Product Designer", manager="ana")
    controller, scene, view = open_board(qtbot, plan, (1200, 800))
    view.resetTransform()
    scene.toggle_collapsed("ben")
    view.centerOn(scene.visible_cards_rect().center())
    messages: list[str] = []
    controller.message.connect(messages.append)
    drag(view, card_point(view, scene, "eve"), card_point(view, scene, "ben"))
    assert controller.plan.people["eve"].manager == "ben"
    assert "eve" not in scene.visible  # it went into the collapsed team...
    assert scene.cards["ben"].drop_target == "valid"  # ...whose manager is lit
    assert scene.cards["ben"].hidden[0] == 3
    assert any("Eve <b>Ng</b> now reports to Ben Park" in m and "3 people hidden" in m for m in messages)
    qtbot.waitUntil(lambda: scene.cards["ben"].drop_target == "", timeout=3000)  # the flash ends


def test_moved_card_is_scrolled_into_view(qtbot):
    """Dropped on a manager with a long stack, the card lands at its foot, off screen: the view follows."""
    plan = Plan(name="Stacks")
    plan.people["boss"] = Person("boss", "Bo Boss", "Head of Product")
    plan.people["lead"] = Person("lead", "Lee Lead", "Group PM", manager="boss")
    for i in range(11):
        plan.people[f"l{i}"] = Person(f"l{i}", f"Lou {i}", "Product Manager", manager="lead")
    for i in range(6):
        plan.people[f"p{i}"] = Person(f"p{i}", f"Pat {i}", "Product Manager", manager="boss")
    controller, scene, view = open_board(qtbot, plan, (1400, 500))
    scene.set_compact(True)
    view.resetTransform()
    view.centerOn(scene.cards["lead"].scenePos() + QPointF(CARD_W / 2, 200.0))
    start, end = card_point(view, scene, "p0"), card_point(view, scene, "lead")
    assert view.viewport().rect().contains(start) and view.viewport().rect().contains(end)
    drag(view, start, end)
    assert controller.plan.people["p0"].manager == "lead"
    card = scene.cards["p0"]
    assert card.scenePos().y() > scene.cards["l10"].scenePos().y()  # at the foot of the stack
    on_screen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert on_screen.contains(card.card_rect().translated(card.scenePos()))


def test_drop_onto_a_labelled_manager_works_zoomed_out(qtbot):
    plan = small_plan()
    plan.people["eve"] = Person("eve", "Eve Ng", "Product Designer", manager="ana")
    controller, scene, view = open_board(qtbot, plan, (1200, 800))
    view.resetTransform()
    view.scale(0.2, 0.2)  # the zoom where cards are plain blocks with their managers' names
    view.centerOn(scene.visible_cards_rect().center())
    assert view.zoom_level() < LOD_SIMPLE
    drag(view, card_point(view, scene, "eve"), card_point(view, scene, "ben"))
    assert controller.plan.people["eve"].manager == "ben"


def test_collapsed_card_zoomed_out_reads_as_a_team_aggregate(qtbot):
    from models import Team

    plan = small_plan()
    plan.teams["t1"] = Team("t1", "Platform")
    plan.people["ben"].team = "t1"
    controller, scene, view = open_board(qtbot, plan, (1200, 800))
    view.resetTransform()
    card = scene.cards["ben"]
    toggle = view.mapFromScene(card.mapToScene(card.toggle_rect().center()))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, toggle)
    loads = controller.analysis.loads
    hidden = ("cy", "dee")
    expected = 100.0 * sum(loads[p].effort if p in loads else 0 for p in hidden) / 200.0
    text = card.aggregate_text()
    assert text.startswith("Platform · 2 people · ")
    assert f"{expected:.0f}% load" in text and text.endswith(card.hidden_text()[1])


def test_zoomed_out_names_shrink_to_one_line_before_they_wrap(qtbot):
    from ui.board.items import FLOOR_LABEL_PX, Fonts

    fonts = Fonts()
    width = CARD_W - 8.0
    lod = 0.2
    name = "Person 12"
    natural = fonts.label(lod)
    from PySide6.QtGui import QFontMetricsF

    assert QFontMetricsF(natural).horizontalAdvance(name) > width  # would wrap at the preferred size
    font, one_line = fonts.label_fit(name, lod, width)
    assert one_line and QFontMetricsF(font).horizontalAdvance(name) <= width
    assert font.pixelSize() * lod >= FLOOR_LABEL_PX - 1  # still readable on screen
    _font, fits = fonts.label_fit("A very long name that cannot fit on one line at all", lod, width)
    assert not fits


def test_fit_wraps_a_flat_team_into_shorter_columns_in_a_wide_window(qtbot):
    plan = flat_org(60)
    _c, scene, view = open_board(qtbot, plan, (1800, 600))
    view.fit()  # what Ctrl+0 (View > Fit to window) calls
    fitted = view.zoom_level()
    assert scene.max_stack < 12
    scene.max_stack = 12
    scene.relayout()
    rect = scene.visible_cards_rect()
    vp = view.viewport().rect()
    assert fitted > min(vp.width() / rect.width(), (vp.height() - view.tray_band()) / rect.height())
    assert_no_overlaps(card_rects(scene))
