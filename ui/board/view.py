"""The board view: zoom, pan, selection and drag gestures.

Each press starts one gesture object (ui.board.gestures): a rock or person
drag, a rubber band or a pan. A drag's outcome (a command or a refusal, from
planner.editing.operations) goes to the window's runner (ui.core.runner) on release. Dragging is
done inside the scene rather than with QDrag, so tests can drive it with
QTest mouse events on the viewport exactly as a user would.
"""

from __future__ import annotations

import math

import shiboken6
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView

from planner.core.text import one_line, plural
from ui.board.gestures import Gesture, ItemDrag, Pan, PersonDrag, RockDrag, RubberBand, additive
from ui.board.items import CARD_W, LOD_FAR, PersonCard
from ui.board.overlays import Tray
from ui.board.scene import BoardScene
from ui.core.runner import Runner

MIN_ZOOM, MAX_ZOOM = 0.005, 3.0  # far out, the overview (one item) stands in for the cards
TRAY_MARGIN = 12  # viewport pixels between a tray and the view's edges
FIT_PAD = 24.0  # scene pixels around the chart when fitting it
FIRST_ZOOM = 0.5  # the first screen shows the whole chart from this zoom (chips keep their titles)


class BoardView(QGraphicsView):
    context_requested = Signal(object, str, str)  # global QPoint, "person"|"rock"|"board", id

    def __init__(self, scene: BoardScene, parent=None, runner: Runner | None = None):
        super().__init__(scene, parent)
        self.board = scene
        self.controller = scene.controller
        # The window's runner (it asks the handoff note); a view on its own pushes without asking.
        self.runner = runner if runner is not None else Runner(self.controller, self)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.gesture: Gesture | None = None  # the one press-to-release interaction under way
        self._space = False  # Space held: a left press pans
        self._framing: str | None = None  # "fit" | "top": what a resize re-applies
        self._placing = False  # scrolling is ours (fit, show_top, a resize), not the user's
        scene.layout_changed.connect(self.pin_trays)
        scene.sceneRectChanged.connect(self._update_extent)
        from ui.board.minimap import Minimap

        self.minimap = Minimap(self)
        self._reshape = QTimer(self)
        self._reshape.setSingleShot(True)
        self._reshape.setInterval(150)
        self._reshape.timeout.connect(self._reframe)

    # ------------------------------------------------------------- zoom

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        current = self.transform().m11()
        factor = max(MIN_ZOOM / current, min(MAX_ZOOM / current, factor))
        if anchor is None:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(factor, factor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._framing = None
        self.pin_trays()

    def zoom_level(self) -> float:
        return self.transform().m11()

    def _set_zoom(self, zoom: float) -> None:
        self.resetTransform()
        self.scale(zoom, zoom)
        self._update_extent(force=True)

    def _update_extent(self, force: bool = False) -> None:
        """The scrollable area: the board plus a viewport on every side, so any card
        can be scrolled out from under the trays and zooming out never jumps. ``force``
        after a zoom: Qt keeps the scroll ranges of the old zoom until the rect is set
        again, so a centerOn right after would be clamped (fit landed too low)."""
        z = self.zoom_level()
        vp = self.viewport().rect()
        px, py = vp.width() / z, vp.height() / z
        rect = self.board.sceneRect().adjusted(-px, -py, px, py)
        if force or rect != self.sceneRect():
            self.setSceneRect(rect)

    def tray_band(self) -> float:
        """Viewport pixels at the bottom the pinned trays cover unfolded (framings leave them free)."""
        return max(self.board.unowned_tray.full_height, self.board.ground_tray.full_height) + 2 * TRAY_MARGIN

    def rooms(self) -> list[QRectF]:
        """The parts of the viewport (its pixels) no overlay covers, where a framing puts
        the chart: above the trays, and beside or below the minimap when it shows."""
        vp = self.viewport().rect()
        height = max(vp.height() - self.tray_band(), 40.0)
        if self.minimap.isHidden():
            return [QRectF(0.0, 0.0, vp.width(), height)]
        box = self.minimap.geometry().translated(-self.viewport().geometry().topLeft())
        beside = QRectF(0.0, 0.0, max(box.left() - TRAY_MARGIN, 40.0), height)
        below = box.bottom() + TRAY_MARGIN
        return [beside, QRectF(0.0, below, vp.width(), max(height - below, 40.0))]

    def _room_for(self, rect: QRectF) -> tuple[QRectF, float]:
        """The free part of the viewport that shows ``rect`` (scene) largest, and that zoom."""
        best = max(self.rooms(), key=lambda r: min(r.width() / rect.width(), r.height() / rect.height()))
        return best, min(best.width() / rect.width(), best.height() / rect.height())

    def _top_of(self, rect: QRectF, room: QRectF | None = None) -> None:
        """Put the top of ``rect`` at the top of ``room`` (viewport pixels; default all
        of it), centred across it."""
        vp = self.viewport().rect()
        room = room or QRectF(vp)
        z = self.zoom_level()
        self.centerOn(
            rect.center().x() + (vp.width() / 2 - room.center().x()) / z,
            rect.top() + (vp.height() / 2 - room.top()) / z,
        )

    def fit(self, *_checked: object) -> None:
        """Fit to window: the whole chart in the part of the view the overlays leave free
        (never above 100%), shaped for it: a chart far wider than the window wraps its
        wide levels into rows, and compact stacks take the length that shows it largest."""
        self._fit(reshape=True)

    def _fit(self, reshape: bool) -> None:
        if reshape:  # for the largest free part (the chart takes about its shape)
            largest = max(self.rooms(), key=lambda r: r.width() * r.height())
            self.board.shape_for(largest.width() - 2 * FIT_PAD, largest.height() - 2 * FIT_PAD)
        rect = self.board.visible_cards_rect()
        if rect.isNull():
            return
        rect = rect.adjusted(-FIT_PAD, -FIT_PAD, FIT_PAD, FIT_PAD)
        room, zoom = self._room_for(rect)
        self._placing = True
        try:
            self._set_zoom(max(MIN_ZOOM, min(1.0, zoom)))
            self._top_of(rect, room)
        finally:
            self._placing = False
        self._framing = "fit"
        self.pin_trays()

    def show_top(self, min_zoom: float = 0.6, reshape: bool = True, collapse: bool = True) -> None:
        """Initial view: the whole chart if it fits at a readable zoom (FIRST_ZOOM), else,
        for a plan that opened whole (``collapse``), its top levels that fit, deeper teams
        collapsed; else its top at ``min_zoom``, centred on the root, with no card cut off
        at the left edge."""
        self._fit(reshape)
        board = self.board
        if self.zoom_level() < FIRST_ZOOM and collapse and not board.collapsed:
            for level in range(board.model.depth - 1, 1, -1):
                board.expand_to_level(level)
                self._fit(reshape)
                if self.zoom_level() >= FIRST_ZOOM:
                    break
            else:
                board.set_all_collapsed(False)  # too big even so: the whole chart, its top shown
                self._fit(reshape)
        if self.zoom_level() < FIRST_ZOOM:
            self._placing = True
            try:
                self._set_zoom(min_zoom)
                top = self.board.visible_cards_rect().adjusted(0, -FIT_PAD, 0, 0)
                root = self.board.cards.get(self.board.roots[0]) if self.board.roots else None
                if root is not None:  # centred on the (first) root, which a wide chart may have far right
                    cx = root.scenePos().x() + CARD_W / 2
                    top = QRectF(cx - top.width() / 2, top.top(), top.width(), top.height())
                self._top_of(top)
                self._unclip_left()
                if self._under_minimap():  # cut at the edges: start below the minimap instead
                    self._top_of(top, self.rooms()[-1])
                    self._unclip_left()
            finally:
                self._placing = False
            self.pin_trays()
        self._framing = "top"

    def _unclip_left(self) -> None:
        """Scroll right-to-left until the left edge falls in a gap between cards."""
        board = self.board
        for _ in range(50):
            view = self.mapToScene(self.viewport().rect()).boundingRect()
            left = view.left()
            cut = [
                c.scenePos().x()
                for pid in board.visible
                if (c := board.cards[pid]).scenePos().x() < left < c.scenePos().x() + CARD_W
                and c.scenePos().y() < view.bottom()
                and c.scenePos().y() + c.height > view.top()
            ]
            if not cut:
                return
            shift = left - (min(cut) - FIT_PAD / 2)
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - max(1, math.ceil(shift * self.zoom_level())))

    def reset_zoom(self) -> None:
        center = self.mapToScene(self.viewport().rect().center())
        self._framing = None
        self._set_zoom(1.0)
        self.centerOn(center)
        self.pin_trays()

    def center_on_person(self, pid: str) -> None:
        card = self.board.cards.get(pid)
        if card is not None:
            self._framing = None
            if self.zoom_level() < 0.6:
                self._set_zoom(0.8)
            self.centerOn(card.scenePos() + QPointF(card.card_rect().width() / 2, card.height / 2))
            self.pin_trays()

    def show_moved(self, pid: str, manager: str) -> None:
        """After a card moved: scroll it into view, or, when it went into a collapsed
        manager, flash that manager and say where the card went."""
        board = self.board
        if pid in board.visible:
            card = board.cards[pid]
            self.ensureVisible(card.card_rect().translated(card.scenePos()), 40, 40)
            return
        target = board.cards.get(manager)
        people = self.controller.plan.people
        if target is None or pid not in people or manager not in people:
            return
        self.flash(target)
        hidden = target.hidden[0] if target.hidden else 0
        self.controller.message.emit(
            f"{one_line(people[pid].name)} now reports to {one_line(people[manager].name)}, whose team is collapsed "
            f"({plural(hidden, 'person', 'people')} hidden): click its ⊕ to show them"
        )

    def jump_to(self, point: QPointF) -> None:
        """Centre the board on a scene point (the minimap's click)."""
        self._framing = None
        self.centerOn(point)
        self.pin_trays()

    def show_person(self, pid: str) -> None:
        """After rocks went to someone by keyboard or menu: scroll their card into view and
        light it; if it is inside a collapsed team, light that team's card and say so."""
        board = self.board
        people = self.controller.plan.people
        node: str | None = pid
        seen: set[str] = set()
        while node is not None and node in people and node not in board.visible and node not in seen:
            seen.add(node)
            node = people[node].manager
        card = board.cards.get(node) if node is not None else None
        if card is None or node not in board.visible:
            return
        self._framing = None
        self.ensureVisible(card.card_rect().translated(card.scenePos()), 40, 40)
        self.pin_trays()
        self.flash(card)
        if node != pid:
            self.controller.message.emit(
                f"{one_line(people[pid].name)} is in {one_line(people[node].name)}'s collapsed team: click its ⊕ to show them"
            )

    def flash(self, card: PersonCard, ms: int = 1200) -> None:
        """Light a card for a moment (as a drop target is lit) so the eye finds it."""
        card.drop_target = "valid"
        card.update()

        def clear() -> None:
            # The card may be gone by now (another plan opened, the person removed).
            alive = shiboken6.isValid(card) and card.scene() is not None
            if alive and card.drop_target == "valid" and not self.drag_active():
                card.drop_target = ""
                card.update()

        QTimer.singleShot(ms, self, clear)  # with the view as context: not run once the view is gone

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            self.zoom_by(1.15**steps, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt override
        super().scrollContentsBy(dx, dy)
        if not self._placing:
            self._framing = None  # the user scrolled: stop re-framing on resize
        self.pin_trays()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._placing = True
        try:
            super().resizeEvent(event)
        finally:
            self._placing = False
        # Until the user pans or zooms, keep the initial framing as docks settle: the
        # zoom at once, the chart's shape (several layouts) once the size has settled.
        self.minimap.place()
        if self._framing is not None:
            self._reframe(reshape=False)
            self._reshape.start()
        self.pin_trays()

    def _reframe(self, reshape: bool = True) -> None:
        if self._framing == "fit":
            self._fit(reshape)
        elif self._framing == "top":
            self.show_top(reshape=reshape, collapse=False)

    def pin_trays(self) -> None:
        """Keep both trays in the bottom corners of the visible area (and pick the
        overview or the cards for the current zoom)."""
        self._update_extent()
        self.board.set_far(self.zoom_level() < LOD_FAR)
        vp = self.viewport().rect()
        margin = TRAY_MARGIN
        unowned, ground = self.board.unowned_tray, self.board.ground_tray
        right = max(int(vp.width() - ground.WIDTH - margin), int(unowned.WIDTH + 2 * margin))
        for tray, x in ((unowned, margin), (ground, right)):
            full = QRect(x, int(vp.height() - tray.full_height - margin), int(tray.WIDTH), int(tray.full_height))
            tray.set_folded(self._covers_card(self.mapToScene(full).boundingRect()))
            tray.setPos(self.mapToScene(QPoint(x, int(vp.height() - tray.height - margin))))

    def _under_minimap(self) -> bool:
        """Whether a shown card is under the minimap (when it shows)."""
        if self.minimap.isHidden():
            return False
        box = self.minimap.geometry().translated(-self.viewport().geometry().topLeft())
        return self._covers_card(self.mapToScene(box).boundingRect())

    def _covers_card(self, rect: QRectF) -> bool:
        """Whether a shown card is (partly) inside ``rect`` (scene), where an overlay would be."""
        for item in self.board.items(rect):
            if not isinstance(item, PersonCard) or item.pid not in self.board.visible:
                continue
            if item.card_rect().translated(item.scenePos()).intersects(rect):
                return True
        return False

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(1000, 700)

    # -------------------------------------------------------- hit tests

    def _local(self, item: QGraphicsItem, pos: QPoint) -> QPointF:
        inverse, _ok = item.deviceTransform(self.viewportTransform()).inverted()
        return inverse.map(QPointF(pos))

    def hit(self, pos: QPoint) -> tuple[QGraphicsItem | None, str, str]:
        """(item, kind, id) under a viewport point: kind is rock, person, toggle or ''."""
        for item in self.items(pos):
            if isinstance(item, Tray):
                rock = item.chip_at(self._local(item, pos))
                return item, ("rock" if rock else "tray"), rock or item.kind
            if isinstance(item, PersonCard) and item.isVisible():
                local = self._local(item, pos)
                if item.card_rect().contains(local):
                    rock = item.chip_at(local)
                    if rock is not None:
                        return item, "rock", rock
                    return item, "person", item.pid
                if item.has_children and item.toggle_rect().adjusted(-3, -3, 3, 3).contains(local):
                    return item, "toggle", item.pid
        return None, "", ""

    # ------------------------------------------------------------ mouse

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = event.position().toPoint()
        if self.gesture is not None:  # a second button during a gesture: ignore it
            return
        if event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space
        ):
            self._begin(Pan(self), pos)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus()
        add = additive(event.modifiers())
        _item, kind, ident = self.hit(pos)
        c = self.controller
        if kind == "toggle":
            self.board.toggle_collapsed(ident)
        elif kind == "rock":
            rocks = list(c.selected_rocks)
            if add:
                rocks = [r for r in rocks if r != ident] if ident in rocks else [*rocks, ident]
                c.select(c.selected_people if rocks else [], rocks)
            elif ident not in rocks:
                c.select([], [ident])
            self._begin(RockDrag(self, ident), pos)
        elif kind == "person":
            if add:
                people = list(c.selected_people)
                people = [p for p in people if p != ident] if ident in people else [*people, ident]
                c.select(people, c.selected_rocks)
            else:
                c.select([ident], [])
            self._begin(PersonDrag(self, ident), pos)
        elif kind == "tray":
            c.select([], [])
        else:  # empty board: rubber band selection of chips
            if not add:
                c.select([], [])
            self._begin(RubberBand(self), pos)

    def _begin(self, gesture: Gesture, pos: QPoint) -> None:
        self.gesture = gesture
        gesture.start(pos)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.gesture is None:
            super().mouseMoveEvent(event)
            return
        self.gesture.move(event.position().toPoint())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        gesture, self.gesture = self.gesture, None
        if gesture is None:
            super().mouseReleaseEvent(event)
            return
        gesture.finish(event.position().toPoint(), event.modifiers())

    def restore_cursor(self) -> None:
        """The idle cursor: an open hand while Space is held, else the default."""
        if self._space:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.viewport().unsetCursor()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        item, kind, ident = self.hit(event.position().toPoint())
        if kind == "person":
            self.board.toggle_collapsed(ident)
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and self.gesture is not None and self.gesture.active():
            gesture, self.gesture = self.gesture, None
            gesture.cancel()
            return
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt override
        item, kind, ident = self.hit(event.pos())
        c = self.controller
        if kind == "rock" and ident not in c.selected_rocks:
            c.select([], [ident])
        elif kind == "person" and ident not in c.selected_people:
            c.select([ident], [])
        self.context_requested.emit(event.globalPos(), kind if kind in ("rock", "person") else "board", ident)

    # ------------------------------------------------------------- drag

    def autoscroll(self, pos: QPoint) -> None:
        """Scroll when a drag nears an edge of the viewport."""
        vp = self.viewport().rect()
        edge, step = 24, 20
        dx = -step if pos.x() < edge else step if pos.x() > vp.width() - edge else 0
        dy = -step if pos.y() < edge else step if pos.y() > vp.height() - edge else 0
        if dx:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        if dy:
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)

    def drag_active(self) -> bool:
        return isinstance(self.gesture, ItemDrag) and self.gesture.dragging
