"""The board view: zoom, pan, selection and drag gestures.

Each press starts one gesture object (ui.board.gestures): a rock or person
drag, a rubber band or a pan. A drag's outcome (a command or a refusal, from
planner.editing.operations) goes to the window's runner (ui.core.runner) on release. Dragging is
done inside the scene rather than with QDrag, so tests can drive it with
QTest mouse events on the viewport exactly as a user would.

No overlay ever covers a card: the view keeps margins outside its viewport, a strip
at the bottom where the trays fold to (ui.board.overlays.TrayStrip) and, while the
minimap shows, a column on the right that holds it (ui.board.minimap). A tray
unfolds into the viewport only while no card is under it.
"""

from __future__ import annotations

import math

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QToolTip

from planner.core.text import one_line, plural
from ui.board.gestures import Gesture, ItemDrag, Pan, PersonDrag, RockDrag, RubberBand, additive
from ui.board.items import CARD_W, LOD_FAR, PAD, PersonCard
from ui.board.legend import Legend, band_text
from ui.board.overlays import Gutter, Tray, TrayStrip
from ui.board.scene import BoardScene
from ui.core.runner import Runner

MIN_ZOOM, MAX_ZOOM = 0.005, 3.0  # far out, the overview (one item) stands in for the cards
TRAY_MARGIN = 12  # viewport pixels between a tray and the view's sides, and above it in a framing
STRIP_PAD = 4  # pixels around a folded tray in the strip below the board
STRIP_H = int(Tray.FOLDED_H) + 2 * STRIP_PAD  # the strip below the board, free of cards
TRAY_GAP = 4  # a card this close above an unfolded tray folds it
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
        self._switching_bars = False  # the scroll bars are shown or hidden: the resize that follows is ours
        scene.layout_changed.connect(self.pin_trays)
        scene.layout_changed.connect(self._light_new_cards)
        # After the scene (connected first): a card or a tray may have grown, so the tray
        # rises or folds again, never over a card.
        self.controller.changed.connect(self._after_change)
        scene.sceneRectChanged.connect(self._update_extent)
        self.strip = TrayStrip(self, (scene.unowned_tray, scene.ground_tray))
        self.column = Gutter(self, "left")  # the minimap's, while it shows
        self.setViewportMargins(0, 0, 0, STRIP_H)
        from ui.board.minimap import Minimap

        self.minimap = Minimap(self)
        self.legend = Legend(self)  # under the minimap, in its column
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
        self._unframe()
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

    # ---------------------------------------------------------- margins

    def board_area(self) -> QRect:
        """The viewport with the margins kept beside it (in the view's coordinates)."""
        m = self.viewportMargins()
        return self.viewport().geometry().adjusted(-m.left(), -m.top(), m.right(), m.bottom())

    def reserve_column(self, width: int) -> None:
        """Keep ``width`` pixels on the right of the board free of cards (0: none);
        the minimap calls this as it shows or hides."""
        if self.viewportMargins().right() != width:
            self.setViewportMargins(0, 0, width, STRIP_H)  # resizes the viewport: resizeEvent follows
        self.place_margins()

    def place_margins(self) -> None:
        """Lay the strip below the viewport and the column right of it."""
        vp, right = self.viewport().geometry(), self.viewportMargins().right()
        self.strip.setGeometry(vp.left(), vp.bottom() + 1, vp.width() + right, STRIP_H)
        self.column.setGeometry(vp.right() + 1, vp.top(), right, vp.height())
        self.column.setVisible(right > 0)

    def tray_band(self) -> float:
        """Viewport pixels at the bottom the trays cover unfolded (framings leave them free)."""
        full = max(self.board.unowned_tray.full_height, self.board.ground_tray.full_height)
        return max(full - (STRIP_H - STRIP_PAD), 0.0) + TRAY_MARGIN

    def rooms(self) -> list[QRectF]:
        """The part of the viewport (its pixels) where a framing puts the chart: above the
        unfolded trays (the minimap has its own column, outside the viewport)."""
        vp = self.viewport().rect()
        return [QRectF(0.0, 0.0, vp.width(), max(vp.height() - self.tray_band(), 40.0))]

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

    def _show_bars(self, shown: bool) -> None:
        """Scroll bars while there is somewhere to scroll to; none while the whole chart is
        framed (Fit, a first screen that shows it all), their room going to the chart. The
        wheel and a pan still scroll, and bring them back."""
        policy = Qt.ScrollBarPolicy.ScrollBarAsNeeded if shown else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        if self.horizontalScrollBarPolicy() == policy:
            return
        self._switching_bars = True
        try:
            self.setHorizontalScrollBarPolicy(policy)
            self.setVerticalScrollBarPolicy(policy)
        finally:
            self._switching_bars = False

    def _unframe(self) -> None:
        """The user moved or zoomed the board: no framing to keep, and the scroll bars back."""
        self._framing = None
        self._show_bars(True)

    def _fit(self, reshape: bool) -> None:
        self._show_bars(False)  # first: the room the chart gets depends on it
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
            self._show_bars(True)  # the top of a chart bigger than the window: scroll for the rest
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
        self._unframe()
        self._set_zoom(1.0)
        self.centerOn(center)
        self.pin_trays()

    def center_on_person(self, pid: str) -> None:
        card = self.board.cards.get(pid)
        if card is not None:
            self._unframe()
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
        self._unframe()
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
        self._unframe()
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
        if not self._placing and not self._switching_bars:
            self._unframe()  # the user scrolled: stop re-framing on resize
        self.pin_trays()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._placing = True
        try:
            super().resizeEvent(event)
        finally:
            self._placing = False
        # Until the user pans or zooms, keep the initial framing as docks settle: the
        # zoom at once, the chart's shape (several layouts) once the size has settled.
        self.minimap.place()  # shows or hides it, and keeps its column (the viewport may shrink again)
        self.place_margins()
        if self._framing is not None and not self._switching_bars:
            self._reframe(reshape=False)
            self._reshape.start()
        self.pin_trays()

    def _reframe(self, reshape: bool = True) -> None:
        if self._framing == "fit":
            self._fit(reshape)
        elif self._framing == "top":
            self.show_top(reshape=reshape, collapse=False)

    def pin_trays(self) -> None:
        """Keep both trays in the bottom corners, standing on the strip below the board:
        folded (wholly in the strip) while a card is under the part that would rise
        into the viewport. Also picks the overview or the cards for the current zoom."""
        self._update_extent()
        self.board.set_far(self.zoom_level() < LOD_FAR)
        vp = self.viewport().rect()
        margin, foot = TRAY_MARGIN, vp.height() + STRIP_H - STRIP_PAD  # the trays' bottom edge
        unowned, ground = self.board.unowned_tray, self.board.ground_tray
        right = max(int(vp.width() - ground.WIDTH - margin), int(unowned.WIDTH + 2 * margin))
        for tray, x in ((unowned, margin), (ground, right)):
            top = int(foot - tray.full_height) - TRAY_GAP
            risen = QRect(x, top, int(tray.WIDTH), max(vp.height() - top, 1))
            tray.set_folded(self._covers_card(self.mapToScene(risen).boundingRect()))
            tray.setPos(self.mapToScene(QPoint(x, int(foot - tray.height))))
        self.strip.update()

    def _after_change(self, *_args: object) -> None:
        self.pin_trays()

    def _light_new_cards(self) -> None:
        """A card is made when a layout first shows it (a collapsed team opened by a pick in
        the People table, Find, Expand all), after its person was selected: draw it selected.
        Costs one look per selected person and rock."""
        board, c = self.board, self.controller
        rocks = set(c.selected_rocks)
        owners = {board.plan.rocks[r].owner for r in rocks if r in board.plan.rocks}
        for pid in set(c.selected_people) | {o for o in owners if o}:
            card = board.cards.get(pid)
            if card is None:
                continue
            selected = pid in c.selected_people
            if card.selected != selected or card.selected_rocks != rocks:
                card.selected, card.selected_rocks = selected, rocks
                card.update()

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
        """(item, kind, id) under a viewport point: kind is rock, person, tray, toggle or ''.
        Below the viewport (the strip) only a tray answers: cards there are not shown."""
        shown = self.viewport().rect().contains(pos)
        for item in self.items(pos):
            if isinstance(item, Tray):
                rock = item.chip_at(self._local(item, pos))
                return item, ("rock" if rock else "tray"), rock or item.kind
            if shown and isinstance(item, PersonCard) and item.isVisible():
                local = self._local(item, pos)
                if item.card_rect().contains(local):
                    rock = item.chip_at(local)
                    if rock is not None:
                        return item, "rock", rock
                    return item, "person", item.pid
                if item.has_children and item.toggle_rect().adjusted(-3, -3, 3, 3).contains(local):
                    return item, "toggle", item.pid
        return None, "", ""

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """A tooltip over the colour band down a card's left edge names its team or discipline."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            item, kind, _ident = self.hit(event.pos())
            if isinstance(item, PersonCard) and kind in ("person", "rock") and self._local(item, event.pos()).x() < PAD:
                text = band_text(self.board, item.pid)
                if text:
                    QToolTip.showText(event.globalPos(), text, self.viewport())
                    return True
        return super().viewportEvent(event)

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
        """Scroll when a drag nears an edge of the viewport (not while it is over a tray
        in the strip below, where it is about to drop)."""
        vp = self.viewport().rect()
        if pos.y() >= vp.height() and isinstance(self.hit(pos)[0], Tray):
            return
        edge, step = 24, 20
        dx = -step if pos.x() < edge else step if pos.x() > vp.width() - edge else 0
        dy = -step if pos.y() < edge else step if pos.y() > vp.height() - edge else 0
        if dx:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        if dy:
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)

    def drag_active(self) -> bool:
        return isinstance(self.gesture, ItemDrag) and self.gesture.dragging
