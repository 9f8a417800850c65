"""Board items other than cards: the two trays, the drag ghost, the level
containers, the dotted lines and the far-zoom overview; and the margins the
board view keeps free of cards (the strip where the trays fold to, the minimap's
column).

Like the cards, they only draw and answer hit tests; they never change the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QStyleOptionGraphicsItem, QWidget

from planner.core.text import plural
from ui.board.items import (
    CARD_W,
    CHIP_GAP,
    CHIP_H,
    INK,
    LINE,
    MUTED,
    PAD,
    REFUSED,
    REFUSED_FILL,
    ChipSpec,
    Fonts,
    flow_chips,
    paint_chip,
    target_color,
)


class Tray(QGraphicsItem):
    """'Unowned' or 'On the ground': pinned to a bottom corner of the view at a fixed size.

    Its foot stands in the strip the view keeps free of cards below the board
    (TrayStrip, which draws that part). Framings leave room for the rest
    (ui.board.view); when cards are under it anyway (the user scrolled, or the chart
    is bigger than the view) it folds to its header line, which lies wholly in the
    strip and still takes drops, and unfolds once they are out from under it."""

    WIDTH = 300.0
    MAX_ROWS = 3  # compact: the trays sit over the board, fit() leaves room for them
    FOLDED_H = 28.0

    def __init__(self, kind: str, title: str, fonts: Fonts):
        super().__init__()
        self.kind = kind  # "unowned" | "ground"
        self.title = title
        self.fonts = fonts
        self.chips: list[ChipSpec] = []
        self.chip_rects: list[QRectF] = []
        self.ids: set[str] = set()
        self.hidden_count = 0
        self.height = 60.0
        self.full_height = 60.0  # unfolded
        self.folded = False
        self.selected_rocks: set[str] = set()
        self.drop_target = ""  # "" | "valid" | "refused"
        self.on_update: Callable[[], None] | None = None  # the strip that draws the tray's foot
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(1000.0)

    def update(self, *args: Any) -> None:
        """Repaint, in the scene and in the strip (its chips, selection or drop light changed)."""
        super().update(*args)
        if self.on_update is not None:
            self.on_update()

    def set_chips(self, chips: list[ChipSpec]) -> None:
        self.prepareGeometryChange()
        self.chips = chips
        self.chip_rects, rows = flow_chips(self.fonts, chips, self.WIDTH - 2 * PAD, self.MAX_ROWS)
        self.hidden_count = len(chips) - len(self.chip_rects)
        self.ids = {c.rock_id for c in chips}
        self.full_height = 30.0 + max(rows, 1) * (CHIP_H + CHIP_GAP) + (16.0 if self.hidden_count else 0.0) + 4.0
        self.height = self.FOLDED_H if self.folded else self.full_height
        self.update()

    def set_folded(self, folded: bool) -> None:
        if folded != self.folded:
            self.prepareGeometryChange()
            self.folded = folded
            self.height = self.FOLDED_H if folded else self.full_height
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(-2.0, -2.0, self.WIDTH + 4.0, self.height + 4.0)

    def header(self) -> str:
        """'Unowned · 1 rock', 'On the ground (dropped) · 3 rocks'."""
        return f"{self.title} · {plural(len(self.chips), 'rock')}"

    def chip_at(self, local: QPointF) -> str | None:
        if self.folded:
            return None
        for chip, rect in zip(self.chips, self.chip_rects):
            if rect.translated(PAD, 28.0).contains(local):
                return chip.rock_id
        return None

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        rect = QRectF(0.0, 0.0, self.WIDTH, self.height)
        color = target_color(self.drop_target) if self.drop_target else LINE
        painter.setPen(QPen(color, 3.0 if self.drop_target else 1.0, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(238, 244, 255, 240) if self.drop_target else QColor(247, 248, 250, 235))
        painter.drawRoundedRect(rect, 8.0, 8.0)
        painter.setPen(INK)
        painter.setFont(self.fonts.name)
        painter.drawText(
            QRectF(PAD, 4.0, self.WIDTH - 2 * PAD, 20.0),
            Qt.AlignmentFlag.AlignVCenter,
            self.header(),
        )
        if self.folded:
            return
        if not self.chips:
            painter.setPen(MUTED)
            painter.setFont(self.fonts.small)
            hint = "Drag rocks here to leave them unowned" if self.kind == "unowned" else "Drag rocks here to drop them"
            painter.drawText(QRectF(PAD, 28.0, self.WIDTH - 2 * PAD, CHIP_H), Qt.AlignmentFlag.AlignVCenter, hint)
        for chip, r in zip(self.chips, self.chip_rects):
            paint_chip(painter, self.fonts, r.translated(PAD, 28.0), chip, chip.rock_id in self.selected_rocks)
        if self.hidden_count:
            painter.setPen(MUTED)
            painter.setFont(self.fonts.small)
            painter.drawText(
                QRectF(PAD, self.height - 20.0, self.WIDTH - 2 * PAD, 16.0),
                Qt.AlignmentFlag.AlignVCenter,
                f"+{self.hidden_count} more (use Move to... or Find)",
            )


EDGE = QColor("#d0d5dd")  # the line where the board meets a margin


class Gutter(QWidget):
    """A margin of the board view (ui.board.view) where no card is ever drawn: the
    board's colour, with a line on the side that meets the board ("top" or "left")."""

    def __init__(self, view: QGraphicsView, edge: str) -> None:
        super().__init__(view)
        self.view = view
        self.edge = edge

    def paint_gutter(self, painter: QPainter) -> None:
        scene = self.view.scene()
        painter.fillRect(self.rect(), scene.backgroundBrush() if scene is not None else QBrush(QColor("#f4f5f8")))
        painter.setPen(QPen(EDGE, 1.0))
        if self.edge == "top":
            painter.drawLine(0, 0, self.width(), 0)
        else:
            painter.drawLine(0, 0, 0, self.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        self.paint_gutter(painter)
        painter.end()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        self.view.wheelEvent(event)  # scroll or Ctrl+zoom the board, as over its viewport


class TrayStrip(Gutter):
    """The strip below the board where folded trays lie and unfolded ones stand.

    The trays stay scene items (hit tests, drop targets); this widget draws the part
    of them below the viewport. Presses, drags and context menus on it go to the view
    as if made on its viewport, so a tray here is clicked or dropped on as anywhere."""

    def __init__(self, view: QGraphicsView, trays: Sequence[Tray]) -> None:
        super().__init__(view, "top")
        self.trays = list(trays)
        for tray in self.trays:
            tray.on_update = self.update

    def origin(self) -> QPoint:
        """This widget's top-left corner in viewport coordinates."""
        return self.geometry().topLeft() - self.view.viewport().geometry().topLeft()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.paint_gutter(painter)
        origin, option = self.origin(), QStyleOptionGraphicsItem()
        for tray in self.trays:
            if tray.scene() is None:
                continue
            painter.save()
            painter.translate(self.view.mapFromScene(tray.pos()) - origin)
            tray.paint(painter, option)
            painter.restore()
        painter.end()

    def _forward(self, event: QMouseEvent, handler: Callable[[QMouseEvent], None]) -> None:
        pos = event.position() + QPointF(self.origin())
        handler(
            QMouseEvent(event.type(), pos, event.globalPosition(), event.button(), event.buttons(), event.modifiers())
        )
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._forward(event, self.view.mousePressEvent)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._forward(event, self.view.mouseMoveEvent)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._forward(event, self.view.mouseReleaseEvent)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._forward(event, self.view.mouseDoubleClickEvent)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        at = event.pos() + self.origin()
        self.view.contextMenuEvent(QContextMenuEvent(event.reason(), at, event.globalPos(), event.modifiers()))


class Ghost(QGraphicsItem):
    """What follows the pointer during a drag: the dragged chip(s) or a card outline,
    and under it, in full, why the target under the pointer refuses the drop."""

    REASON_W = 360.0
    WRAP = Qt.TextFlag.TextWordWrap

    def __init__(self, text: str, color: QColor, fonts: Fonts):
        super().__init__()
        self.text = text
        self.color = color
        self.fonts = fonts
        self.width = min(fonts.chip_width(text) + 16.0, CARD_W)
        self.reason = ""
        self._reason_rect = QRectF()
        self._wrap = self.WRAP
        self.setZValue(2000.0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)

    def set_reason(self, reason: str) -> None:
        """Show (or with "" hide) a refusal under the chip, word-wrapped, never cut off."""
        if reason == self.reason:
            return
        self.prepareGeometryChange()
        self.reason = reason
        self._reason_rect = QRectF()
        if reason:
            width = self.REASON_W - 12.0
            metrics = self.fonts.small_metrics
            long_word = any(metrics.horizontalAdvance(w) > width for w in reason.split())
            self._wrap = self.WRAP | Qt.TextFlag.TextWrapAnywhere if long_word else self.WRAP
            text = metrics.boundingRect(QRectF(0.0, 0.0, width, 10_000.0), int(self._wrap), reason)
            self._reason_rect = QRectF(0.0, CHIP_H + 4.0, text.width() + 12.0, text.height() + 8.0)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(-2.0, -2.0, self.width + 4.0, CHIP_H + 4.0).united(self._reason_rect.adjusted(-2, -2, 2, 2))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setOpacity(0.85)
        paint_chip(painter, self.fonts, QRectF(0, 0, self.width, CHIP_H), ChipSpec("", self.text, self.color), True)
        if self.reason:
            painter.setOpacity(1.0)
            painter.setPen(QPen(REFUSED, 1.0))
            painter.setBrush(REFUSED_FILL)
            painter.drawRoundedRect(self._reason_rect, 4.0, 4.0)
            painter.setPen(INK)
            painter.setFont(self.fonts.small)
            painter.drawText(self._reason_rect.adjusted(6.0, 4.0, -6.0, -4.0), int(self._wrap), self.reason)


class Container(QGraphicsItem):
    """Draws nothing; parents up to ~256 cards so moving one stays cheap at 10k cards."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pass


class DottedLinks(QGraphicsItem):
    """Dashed curves from people to their dotted-line managers, drawn beneath the
    cards (z below the level containers) and routed edge to edge: top to bottom
    when the manager is above, side to side on the same level."""

    def __init__(self) -> None:
        super().__init__()
        self.path = QPainterPath()
        self.setZValue(-1.0)

    @staticmethod
    def route(person: QRectF, manager: QRectF) -> tuple[QPointF, QPointF, QPointF, QPointF]:
        """(start, control 1, control 2, end) of the curve between two card rects."""
        if manager.bottom() <= person.top():  # manager above: leave from the top
            a = QPointF(person.left() + person.width() * 0.8, person.top())
            b = QPointF(manager.left() + manager.width() * 0.8, manager.bottom())
        elif manager.top() >= person.bottom():  # manager below: leave from the bottom
            a = QPointF(person.left() + person.width() * 0.8, person.bottom())
            b = QPointF(manager.left() + manager.width() * 0.8, manager.top())
        else:  # side by side
            right = manager.center().x() > person.center().x()
            a = QPointF(person.right() if right else person.left(), person.top() + 20.0)
            b = QPointF(manager.left() if right else manager.right(), manager.top() + 20.0)
            mid = (a.x() + b.x()) / 2
            return a, QPointF(mid, a.y()), QPointF(mid, b.y()), b
        mid = (a.y() + b.y()) / 2
        return a, QPointF(a.x(), mid), QPointF(b.x(), mid), b

    def set_lines(self, pairs: list[tuple[QRectF, QRectF]]) -> None:
        """One curve per (person card rect, manager card rect), in scene coordinates."""
        self.prepareGeometryChange()
        path = QPainterPath()
        for person, manager in pairs:
            a, c1, c2, b = self.route(person, manager)
            path.moveTo(a)
            path.cubicTo(c1, c2, b)
        self.path = path
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self.path.boundingRect().adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(QPen(QColor("#7a5af8"), 1.4, Qt.PenStyle.DashLine))
        painter.setBrush(QBrush())
        painter.drawPath(self.path)


MAX_LABELS = 200  # more than a screen holds
OVER_CARDS = 8  # labels (biggest teams first) that may stand over cards when no empty space is near
GRID = 1024.0  # scene pixels: the cell of the index that finds the blocks near a label


class Overview(QGraphicsItem):
    """The whole board as coloured blocks, one draw call per colour, and team labels.

    Shown instead of the cards when zoomed out so far that a card is a few
    pixels: 10k cards then cost one paint, not 10k (keeps panning fluid). Over
    the blocks, teams say who leads them, their name, size and load at a readable
    size (LABEL_PX on screen): never one label over another, each in empty space
    near its team where there is some (above it first), shortened to who leads
    which team when the full text finds no room. Only the biggest teams
    (OVER_CARDS) may stand over cards, so the top of the org is always named.
    """

    LABEL_PX = 11

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[QColor, list[QRectF]]] = []
        # (top-left of the leader's card, width of their team's part of the chart, text), biggest first
        self.labels: list[tuple[QPointF, float, str]] = []
        self._bounds = QRectF()
        self.font = QFont()
        self.font.setPixelSize(self.LABEL_PX)
        self.font.setBold(True)
        self.metrics = QFontMetricsF(self.font)
        self._widths: dict[str, float] = {}
        self._grid: dict[tuple[int, int], list[QRectF]] = {}
        self._shown: tuple[float, list[tuple[QRectF, str]]] = (0.0, [])  # (zoom, labels in scene units)
        self.setZValue(-2.0)

    def set_blocks(
        self, blocks: list[tuple[QColor, list[QRectF]]], bounds: QRectF, labels: list[tuple[QPointF, float, str]]
    ) -> None:
        self.prepareGeometryChange()
        self.blocks = blocks
        self.labels = labels
        self._shown = (0.0, [])
        self._bounds = bounds
        self._grid = {}
        for _color, rects in blocks:
            for rect in rects:
                for cell in self._cells(rect):
                    self._grid.setdefault(cell, []).append(rect)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounds

    @staticmethod
    def _cells(rect: QRectF) -> list[tuple[int, int]]:
        x0, x1 = int(rect.left() // GRID), int(rect.right() // GRID)
        y0, y1 = int(rect.top() // GRID), int(rect.bottom() // GRID)
        return [(i, j) for i in range(x0, x1 + 1) for j in range(y0, y1 + 1)]

    def covers_blocks(self, box: QRectF) -> bool:
        """Whether ``box`` (scene) lies over any card's block."""
        return any(box.intersects(r) for cell in self._cells(box) for r in self._grid.get(cell, ()))

    def _width(self, text: str) -> float:
        width = self._widths.get(text)
        if width is None:
            if len(self._widths) > 50_000:  # loads change the texts: keep the cache bounded
                self._widths.clear()
            width = self._widths[text] = self.metrics.horizontalAdvance(text) + 8.0
        return width

    @staticmethod
    def _texts(text: str) -> list[str]:
        """The label in full, then shorter: without the load, then who leads which team."""
        parts = text.split(" · ")
        out = [text]
        if len(parts) >= 4:
            out.append(" · ".join(parts[:3]))
        if len(parts) >= 3:
            out.append(" · ".join(parts[:2]))
        return out

    def shown_labels(self, zoom: float) -> list[tuple[QRectF, str]]:
        """The labels that fit at ``zoom``, as scene rects: biggest teams first, none over
        another, in empty space near their team (chosen once per zoom, so panning costs
        no more)."""
        if self._shown[0] == zoom:
            return self._shown[1]
        out: list[tuple[QRectF, str]] = []
        height = (self.metrics.height() + 4.0) / zoom
        gap = 3.0 / zoom  # screen pixels between a label and what it stands beside
        cell = 4.0 * height  # the placed labels' index: a label overlaps few cells
        placed: dict[tuple[int, int], list[QRectF]] = {}

        def cells(box: QRectF) -> list[tuple[int, int]]:
            x0, x1 = int(box.left() // cell), int(box.right() // cell)
            return [
                (i, j) for i in range(x0, x1 + 1) for j in range(int(box.top() // cell), int(box.bottom() // cell) + 1)
            ]

        def free(box: QRectF) -> bool:
            return not any(box.intersects(other) for c in cells(box) for other in placed.get(c, ()))

        for n, (anchor, room, full) in enumerate(self.labels):
            if len(out) >= MAX_LABELS:
                break
            best: tuple[QRectF, str] | None = None
            for text in self._texts(full):
                width = self._width(text) / zoom
                if width > 2 * room + 2000.0:
                    continue  # far wider than its team: it would stand for others
                for box in self._places(anchor, room, width, height, gap):
                    if not free(box):
                        continue
                    if not self.covers_blocks(box):
                        best = (box, text)
                        break
                    if best is None and n < OVER_CARDS and len(out) < OVER_CARDS:
                        best = (box, text)  # the top of the org is named, over cards if it must
                else:
                    continue
                break
            if best is not None:
                out.append(best)
                padded = best[0].adjusted(-gap, -gap, gap, gap)
                for c in cells(padded):
                    placed.setdefault(c, []).append(padded)
        self._shown = (zoom, out)
        return out

    def _places(self, anchor: QPointF, room: float, width: float, height: float, gap: float) -> list[QRectF]:
        """Where a label may stand, in order of preference: just above its leader's card
        (at its left edge, then over the middle of the team), higher up, then on the card;
        always inside the chart, so a framing that shows the chart shows its labels whole."""
        bounds = self._bounds
        left = anchor.x()
        middle = left + max(room - width, 0.0) / 2
        xs = []
        for x in (left, middle):
            x = max(bounds.left(), min(x, bounds.right() - width))
            if x not in xs:
                xs.append(x)
        out = []
        for top in (anchor.y() - height - gap, anchor.y() - 2 * (height + gap), anchor.y()):
            top = min(top, bounds.bottom() - height)
            if top >= bounds.top():
                out += [QRectF(x, top, width, height) for x in xs]
        return out

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        for color, rects in self.blocks:
            painter.setBrush(color)
            painter.drawRects(rects)
        transform = painter.worldTransform()
        labels = self.shown_labels(transform.m11())
        if not labels:
            return
        painter.save()
        painter.resetTransform()  # text at its size on screen, not scaled down with the chart
        painter.setFont(self.font)
        for box, text in labels:
            rect = transform.mapRect(box)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 230))
            painter.drawRoundedRect(rect, 3.0, 3.0)
            painter.setPen(INK)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()
