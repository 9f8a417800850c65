"""Board items other than cards: the two trays, the drag ghost, the level
containers, the dotted lines and the far-zoom overview.

Like the cards, they only draw and answer hit tests; they never change the model.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

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
    """'Unowned' or 'On the ground': pinned to a corner of the view at a fixed size.

    Framings leave room for it (ui.board.view); when cards are under it anyway (the
    user scrolled, or the chart is bigger than the view) it folds to its header line,
    which still takes drops, and unfolds once they are out from under it."""

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
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(1000.0)

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


class Overview(QGraphicsItem):
    """The whole board as coloured blocks, one draw call per colour, and team labels.

    Shown instead of the cards when zoomed out so far that a card is a few
    pixels: 10k cards then cost one paint, not 10k (keeps panning fluid). Over
    the blocks, the biggest teams that have room say who leads them, their name,
    size and load at a readable size (LABEL_PX on screen), none over another.
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
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounds

    def shown_labels(self, zoom: float) -> list[tuple[QRectF, str]]:
        """The labels that fit at ``zoom``, as scene rects: biggest teams first, none over
        another (chosen once per zoom, so panning costs no more)."""
        if self._shown[0] == zoom:
            return self._shown[1]
        out: list[tuple[QRectF, str]] = []
        height = (self.metrics.height() + 4.0) / zoom
        if len(self._widths) > 50_000:  # loads change the texts: keep the cache bounded
            self._widths.clear()
        for anchor, room, text in self.labels:
            if len(out) >= MAX_LABELS:
                break
            width = self._widths.get(text)
            if width is None:
                width = self._widths[text] = self.metrics.horizontalAdvance(text) + 8.0
            if width / zoom > 2 * room + 2000.0:
                continue  # far wider than its team: it would stand over others
            box = QRectF(anchor.x(), anchor.y(), width / zoom, height)
            if not any(box.intersects(other) for other, _text in out):
                out.append((box, text))
        self._shown = (zoom, out)
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
