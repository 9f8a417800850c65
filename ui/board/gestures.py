"""Board gestures as small objects: a press starts one, moves feed it, release finishes it.

The view holds at most one active gesture and forwards mouse events to it
(Orange's canvas ``interactions.py``). A drag never pushes a command itself:
on release it asks planner.editing.operations for the outcome (a command or a
Refusal) and hands it to the view's runner (ui.core.runner). While a person is
dragged, each new hover target is asked the same question, so a drop that would
be refused (a reporting cycle) shows red, with the whole reason beside the pointer.

Gestures know the view only through ``BoardSurface`` (what they call on it), so
this module does not import the view that imports it.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QGraphicsItem, QRubberBand, QScrollBar, QWidget

from planner.editing import operations as ops
from ui.board.items import PersonCard
from ui.board.overlays import Ghost, Tray
from ui.board.scene import BoardScene
from ui.core.controller import DocController
from ui.core.runner import Runner

INITIATOR = "board"


class BoardSurface(Protocol):
    """What a gesture uses of the board view (ui.board.view.BoardView)."""

    board: BoardScene
    controller: DocController
    runner: Runner

    def viewport(self) -> QWidget: ...

    def horizontalScrollBar(self) -> QScrollBar: ...  # noqa: N802 - Qt's name

    def verticalScrollBar(self) -> QScrollBar: ...  # noqa: N802 - Qt's name

    def mapToScene(self, *args: Any) -> Any: ...  # noqa: N802 - Qt's name (a point or a rect)

    def hit(self, pos: QPoint) -> tuple[QGraphicsItem | None, str, str]: ...

    def autoscroll(self, pos: QPoint) -> None: ...

    def restore_cursor(self) -> None: ...

    def show_moved(self, pid: str, manager: str) -> None: ...


ADD_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def additive(modifiers: Qt.KeyboardModifier) -> bool:
    """Ctrl or Shift held: add to the selection instead of replacing it."""
    return bool(modifiers & ADD_MODIFIERS)


class Gesture:
    """One press-to-release interaction on the board."""

    def __init__(self, view: BoardSurface) -> None:
        self.view = view

    def start(self, pos: QPoint) -> None:
        """The press that began the gesture (viewport coordinates)."""

    def move(self, pos: QPoint) -> None:
        """The pointer moved with the button held."""

    def finish(self, pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        """The button was released: do what the gesture means."""

    def cancel(self) -> None:
        """Escape or a lost grab: undo any visual state, change nothing."""

    def active(self) -> bool:
        """True once the gesture is under way (Escape then cancels it)."""
        return True


class Pan(Gesture):
    """Middle-drag or Space+drag: scroll the board with the pointer."""

    def start(self, pos: QPoint) -> None:
        self._last = pos
        self.view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def move(self, pos: QPoint) -> None:
        delta = pos - self._last
        self._last = pos
        view = self.view
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() - delta.x())
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() - delta.y())

    def finish(self, pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        self.cancel()

    def cancel(self) -> None:
        self.view.restore_cursor()


class RubberBand(Gesture):
    """Drag on empty board: select the chips inside the rectangle."""

    def start(self, pos: QPoint) -> None:
        self._origin = pos
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self.view.viewport())
        self._band.setGeometry(QRect(pos, QSize()))
        self._band.show()

    def move(self, pos: QPoint) -> None:
        self._band.setGeometry(QRect(self._origin, pos).normalized())

    def finish(self, pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        self.cancel()
        rect = QRect(self._origin, pos).normalized()
        if rect.width() <= 3 and rect.height() <= 3:
            return
        view = self.view
        rocks = view.board.chips_in(view.mapToScene(rect).boundingRect())
        c = view.controller
        merged = list(dict.fromkeys([*c.selected_rocks, *rocks])) if additive(modifiers) else rocks
        c.select([], merged)

    def cancel(self) -> None:
        self._band.hide()
        self._band.deleteLater()


class ItemDrag(Gesture):
    """Press on a chip or a card; past the drag distance a ghost follows the pointer,
    the target under it is lit (valid or refused) and release commits the outcome."""

    def __init__(self, view: BoardSurface, ident: str) -> None:
        super().__init__(view)
        self.ident = ident
        self.dragging = False
        self.ghost: Ghost | None = None
        self.target: QGraphicsItem | None = None
        self.outcome: ops.Outcome | None = None

    def active(self) -> bool:
        return self.dragging

    def start(self, pos: QPoint) -> None:
        self._origin = pos

    def move(self, pos: QPoint) -> None:
        if not self.dragging:
            if (pos - self._origin).manhattanLength() < QApplication.startDragDistance():
                return
            self.dragging = True
            text, color = self.ghost_text()
            self.ghost = Ghost(text, color, self.view.board.fonts)
            self.view.board.addItem(self.ghost)
        assert self.ghost is not None
        self._hover(self.target_at(pos))
        # Beside the pointer, but inside the viewport: over a tray in the strip below it,
        # the ghost (and a refusal's reason) stays in sight just above the strip.
        at = pos + QPoint(12, 8)
        at.setY(min(at.y(), self.view.viewport().height() - int(self.ghost.boundingRect().height())))
        self.ghost.setPos(self.view.mapToScene(at))
        self.view.autoscroll(pos)

    def finish(self, pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        if not self.dragging:
            self.click(modifiers)
            return
        target = self.target_at(pos)
        outcome = self.outcome_for(target) if target is not None else None
        self._end()
        if outcome is not None and self.view.runner.run(outcome, INITIATOR) and isinstance(self, PersonDrag):
            assert isinstance(target, PersonCard)
            self.view.show_moved(self.ident, target.pid)

    def cancel(self) -> None:
        if self.dragging:
            self._end()
            self.view.controller.message.emit("Drag cancelled")

    # ------------------------------------------------------ subclass API

    def ghost_text(self) -> tuple[str, QColor]:
        raise NotImplementedError

    def target_at(self, pos: QPoint) -> QGraphicsItem | None:
        """The card or tray a drop at ``pos`` would land on, if it can take this drag."""
        raise NotImplementedError

    def outcome_for(self, target: QGraphicsItem) -> ops.Outcome:
        raise NotImplementedError

    def click(self, modifiers: Qt.KeyboardModifier) -> None:
        """Released without dragging."""

    # ---------------------------------------------------------- helpers

    def _hover(self, item: QGraphicsItem | None) -> None:
        """Light a new target: ask the operation once per target, not per mouse move."""
        if item is self.target:
            return
        self._light(self.target, "")
        self.target = item
        self.outcome = self.outcome_for(item) if item is not None else None
        refusal = self.outcome if isinstance(self.outcome, ops.Refusal) else None
        state = "" if item is None or (refusal is not None and refusal.quiet) else "refused" if refusal else "valid"
        self._light(item, state)
        assert self.ghost is not None
        self.ghost.set_reason(refusal.reason if state == "refused" and refusal is not None else "")
        forbidden = state == "refused"
        shape = Qt.CursorShape.ForbiddenCursor if forbidden else Qt.CursorShape.DragMoveCursor
        self.view.viewport().setCursor(shape)

    @staticmethod
    def _light(item: QGraphicsItem | None, state: str) -> None:
        if isinstance(item, PersonCard | Tray):
            item.drop_target = state
            item.update()

    def _end(self) -> None:
        self.dragging = False
        self._light(self.target, "")
        self.target = None
        if self.ghost is not None:
            self.view.board.removeItem(self.ghost)
            self.ghost = None
        self.view.restore_cursor()


class RockDrag(ItemDrag):
    """Drag rock chips (the selection) onto a card, the Unowned tray or the ground."""

    def rocks(self) -> list[str]:
        c = self.view.controller
        return [r for r in c.selected_rocks if r in c.plan.rocks] or [self.ident]

    def ghost_text(self) -> tuple[str, QColor]:
        rocks = self.rocks()
        first = self.view.controller.plan.rocks[rocks[0]]
        more = f"  +{len(rocks) - 1}" if len(rocks) > 1 else ""
        return first.title + more, self.view.board._color(first.discipline)

    def target_at(self, pos: QPoint) -> QGraphicsItem | None:
        item, _kind, _ident = self.view.hit(pos)
        return item if isinstance(item, PersonCard | Tray) else None

    def outcome_for(self, target: QGraphicsItem) -> ops.Outcome:
        plan = self.view.controller.plan
        if isinstance(target, Tray) and target.kind == "ground":
            return ops.drop_rocks(plan, self.rocks())
        to = target.pid if isinstance(target, PersonCard) else None
        return ops.move_rocks(plan, self.rocks(), to)

    def click(self, modifiers: Qt.KeyboardModifier) -> None:
        c = self.view.controller
        if not additive(modifiers) and len(c.selected_rocks) > 1:
            c.select([], [self.ident])  # a plain click narrows a multi-selection


class PersonDrag(ItemDrag):
    """Drag a card (with its team) onto a new manager: a re-parent, cycles refused."""

    def ghost_text(self) -> tuple[str, QColor]:
        name = self.view.controller.plan.people[self.ident].name
        return f"{name} (and their team)", QColor("#667085")

    def target_at(self, pos: QPoint) -> QGraphicsItem | None:
        item, _kind, _ident = self.view.hit(pos)
        if isinstance(item, PersonCard) and item.pid != self.ident:
            return item
        return None

    def outcome_for(self, target: QGraphicsItem) -> ops.Outcome:
        assert isinstance(target, PersonCard)
        return ops.reparent(self.view.controller.plan, self.ident, target.pid)
