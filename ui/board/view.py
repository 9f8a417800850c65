"""The board view: zoom, pan, selection and drag gestures.

A whole gesture (press, drag with a ghost and a highlighted target, release)
becomes one command on release, pushed through the controller. Dragging is
done inside the scene rather than with QDrag, so tests can drive it with
QTest mouse events on the viewport exactly as a user would.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsView, QRubberBand

from planner.commands import MoveRocks, drop_rocks, set_manager
from ui.board.items import LOD_FAR, Ghost, PersonCard, Tray
from ui.board.scene import BoardScene

NoteProvider = Callable[[list[str], "str | None"], "tuple[bool, str]"]
MIN_ZOOM, MAX_ZOOM = 0.02, 3.0


class BoardView(QGraphicsView):
    context_requested = Signal(object, str, str)  # global QPoint, "person"|"rock"|"board", id

    def __init__(self, scene: BoardScene, parent=None):
        super().__init__(scene, parent)
        self.board = scene
        self.controller = scene.controller
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        # Asked on every rock move: (ok, note). The window shows the handoff
        # popup here; the default moves without a note.
        self.note_provider: NoteProvider = lambda _rocks, _to: (True, "")
        self._press: tuple[str, str, QPoint] | None = None  # kind, id, viewport pos
        self._dragging = False
        self._drag_rocks: list[str] = []
        self._ghost: Ghost | None = None
        self._target: QGraphicsItem | None = None
        self._rubber: QRubberBand | None = None
        self._rubber_origin = QPoint()
        self._pan: QPoint | None = None
        self._space = False
        scene.layout_changed.connect(self.pin_trays)

    # ------------------------------------------------------------- zoom

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        current = self.transform().m11()
        factor = max(MIN_ZOOM / current, min(MAX_ZOOM / current, factor))
        if anchor is None:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(factor, factor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.pin_trays()

    def zoom_level(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        rect = self.board.visible_cards_rect()
        if rect.isNull():
            return
        self.fitInView(rect.adjusted(-40, -40, 40, 200), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom_level() > 1.0:
            self.resetTransform()
            self.centerOn(rect.center().x(), rect.top() + self.viewport().height() / 2 - 40)
        self.pin_trays()

    def show_top(self, min_zoom: float = 0.6) -> None:
        """Initial view: the whole chart if it fits at a readable zoom, else its top, centred."""
        self.fit()
        if self.zoom_level() < min_zoom:
            rect = self.board.visible_cards_rect()
            self.resetTransform()
            self.scale(min_zoom, min_zoom)
            half = self.viewport().height() / 2 / min_zoom
            self.centerOn(rect.center().x(), rect.top() - 30 + half)
            self.pin_trays()

    def reset_zoom(self) -> None:
        center = self.mapToScene(self.viewport().rect().center())
        self.resetTransform()
        self.centerOn(center)
        self.pin_trays()

    def center_on_person(self, pid: str) -> None:
        card = self.board.cards.get(pid)
        if card is not None:
            if self.zoom_level() < 0.6:
                self.resetTransform()
                self.scale(0.8, 0.8)
            self.centerOn(card.scenePos() + QPointF(card.card_rect().width() / 2, card.height / 2))
            self.pin_trays()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            self.zoom_by(1.15**steps, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt override
        super().scrollContentsBy(dx, dy)
        self.pin_trays()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.pin_trays()

    def pin_trays(self) -> None:
        """Keep both trays in the bottom corners of the visible area (and pick the
        overview or the cards for the current zoom)."""
        self.board.set_far(self.zoom_level() < LOD_FAR)
        vp = self.viewport().rect()
        margin = 12
        unowned, ground = self.board.unowned_tray, self.board.ground_tray
        unowned.setPos(self.mapToScene(QPoint(margin, int(vp.height() - unowned.height - margin))))
        x = int(vp.width() - ground.WIDTH - margin)
        ground.setPos(
            self.mapToScene(QPoint(max(x, int(unowned.WIDTH + 2 * margin)), int(vp.height() - ground.height - margin)))
        )

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
        if event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space
        ):
            self._pan = pos
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus()
        ctrl = bool(event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
        item, kind, ident = self.hit(pos)
        c = self.controller
        if kind == "toggle":
            self.board.toggle_collapsed(ident)
            return
        if kind == "rock":
            rocks = list(c.selected_rocks)
            if ctrl:
                rocks = [r for r in rocks if r != ident] if ident in rocks else [*rocks, ident]
                c.select(c.selected_people if rocks else [], rocks)
            elif ident not in rocks:
                c.select([], [ident])
            self._press = ("rock", ident, pos)
            return
        if kind == "person":
            if ctrl:
                people = list(c.selected_people)
                people = [p for p in people if p != ident] if ident in people else [*people, ident]
                c.select(people, c.selected_rocks)
            else:
                c.select([ident], [])
            self._press = ("person", ident, pos)
            return
        if kind == "tray":
            c.select([], [])
            return
        # Empty board: rubber band selection of chips.
        if not ctrl:
            c.select([], [])
        self._rubber_origin = pos
        self._rubber = QRubberBand(QRubberBand.Shape.Rectangle, self.viewport())
        self._rubber.setGeometry(QRect(pos, QSize()))
        self._rubber.show()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = event.position().toPoint()
        if self._pan is not None:
            delta = pos - self._pan
            self._pan = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            return
        if self._rubber is not None:
            self._rubber.setGeometry(QRect(self._rubber_origin, pos).normalized())
            return
        if self._press is None:
            super().mouseMoveEvent(event)
            return
        if not self._dragging:
            if (pos - self._press[2]).manhattanLength() < QApplication.startDragDistance():
                return
            self._start_drag()
        if self._ghost is not None:
            self._ghost.setPos(self.mapToScene(pos + QPoint(12, 8)))
        self._set_target(self._drop_target(pos))
        self._autoscroll(pos)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = event.position().toPoint()
        if self._pan is not None:
            self._pan = None
            self.viewport().unsetCursor()
            return
        if self._rubber is not None:
            rect = QRect(self._rubber_origin, pos).normalized()
            self._rubber.hide()
            self._rubber.deleteLater()
            self._rubber = None
            if rect.width() > 3 or rect.height() > 3:
                scene_rect = self.mapToScene(rect).boundingRect()
                rocks = self.board.chips_in(scene_rect)
                c = self.controller
                ctrl = bool(
                    event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
                )
                merged = list(dict.fromkeys([*c.selected_rocks, *rocks])) if ctrl else rocks
                c.select([], merged)
            return
        press, self._press = self._press, None
        if press is None:
            super().mouseReleaseEvent(event)
            return
        if not self._dragging:
            kind, ident, _ = press
            ctrl = bool(event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
            if kind == "rock" and not ctrl and len(self.controller.selected_rocks) > 1:
                self.controller.select([], [ident])  # a plain click narrows a multi-selection
            return
        target = self._drop_target(pos)
        self._end_drag()
        if target is not None:
            self._drop(press[0], press[1], target)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        item, kind, ident = self.hit(event.position().toPoint())
        if kind == "person":
            self.board.toggle_collapsed(ident)
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and self._dragging:
            self._press = None
            self._end_drag()
            self.controller.message.emit("Drag cancelled")
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

    def _start_drag(self) -> None:
        assert self._press is not None
        kind, ident, _ = self._press
        self._dragging = True
        plan = self.controller.plan
        if kind == "rock":
            self._drag_rocks = [r for r in self.controller.selected_rocks if r in plan.rocks] or [ident]
            first = plan.rocks[self._drag_rocks[0]]
            text = first.title + (f"  +{len(self._drag_rocks) - 1}" if len(self._drag_rocks) > 1 else "")
            color = self.board._color(first.discipline)
        else:
            self._drag_rocks = []
            text = f"{plan.people[ident].name} (and their team)"
            color = QColor("#667085")
        self._ghost = Ghost(text, color, self.board.fonts)
        self.board.addItem(self._ghost)
        self.viewport().setCursor(Qt.CursorShape.DragMoveCursor)

    def _end_drag(self) -> None:
        self._dragging = False
        self._set_target(None)
        if self._ghost is not None:
            self.board.removeItem(self._ghost)
            self._ghost = None
        self.viewport().unsetCursor()

    def _drop_target(self, pos: QPoint) -> QGraphicsItem | None:
        item, kind, ident = self.hit(pos)
        if item is None or self._press is None and not self._dragging:
            return item
        if isinstance(item, Tray):
            return item if self._drag_rocks else None
        return item if isinstance(item, PersonCard) else None

    def _set_target(self, item: QGraphicsItem | None) -> None:
        if item is self._target:
            return
        for it, on in ((self._target, False), (item, True)):
            if isinstance(it, PersonCard | Tray):
                it.drop_target = on
                it.update()
        self._target = item

    def _autoscroll(self, pos: QPoint) -> None:
        vp = self.viewport().rect()
        edge, step = 24, 20
        dx = -step if pos.x() < edge else step if pos.x() > vp.width() - edge else 0
        dy = -step if pos.y() < edge else step if pos.y() > vp.height() - edge else 0
        if dx:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        if dy:
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)

    def _drop(self, kind: str, ident: str, target: QGraphicsItem) -> None:
        c = self.controller
        plan = c.plan
        if kind == "person":
            if isinstance(target, PersonCard) and target.pid != ident:
                if plan.people[ident].manager == target.pid:
                    return
                c.push(set_manager(plan, ident, target.pid))
            return
        rocks = [r for r in self._drag_rocks if r in plan.rocks]
        if isinstance(target, Tray) and target.kind == "ground":
            todo = [r for r in rocks if plan.rocks[r].state != "dropped"]
            if todo:
                c.push(drop_rocks(todo))
            return
        to = target.pid if isinstance(target, PersonCard) else None
        todo = [r for r in rocks if plan.rocks[r].owner != to or plan.rocks[r].state == "dropped"]
        if not todo:
            return
        ok, note = self.note_provider(todo, to)
        if ok:
            c.push(MoveRocks(todo, to, note))

    def drag_active(self) -> bool:
        return self._dragging
