"""The minimap: the whole chart beside the board, with the part on screen
outlined. Click or drag in it to move there.

It sits in a column the board view keeps free on its right (ui.board.view), outside
the viewport, so it never covers a card, whatever the zoom or scroll.

Cards are drawn once per layout into a cached pixmap as blocks in their load
colour (collapsed teams darker); only the viewport outline is painted on each
scroll, so the minimap costs nothing while panning a 10k-person board.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from ui.board.items import CARD_W, SELECT

BOX = QSize(220, 150)  # the minimap's size on screen
MARGIN = 10  # around it in its column
COLUMN = BOX.width() + 2 * MARGIN  # the column the view keeps for it
SHOW_FROM = 40  # people: smaller plans fit on screen and need no minimap


class Minimap(QWidget):
    """On a BoardView (its parent): at the top of the column right of the viewport."""

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.board = view.board
        self.setObjectName("minimap")
        self.setToolTip("Minimap: click or drag to move the board there (View > Minimap)")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFixedSize(BOX)
        self._pixmap: QPixmap | None = None
        self._chart = QRectF()  # scene rect the pixmap shows
        self._scale = 1.0
        self._offset = QPointF()
        self.wanted = True  # the user's View > Minimap choice
        self._dirty = QTimer(self, singleShot=True, interval=60)  # a burst of layouts: one redraw
        self._dirty.timeout.connect(self._rebuild)
        self.board.layout_changed.connect(self._dirty.start)
        self.board.layout_changed.connect(self.place)  # another plan may be a different size
        self.board.controller.changed.connect(self._on_changed)  # load colours (a bound method: gone with it)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        view.verticalScrollBar().valueChanged.connect(self.update)
        self.place()

    def _on_changed(self, *_args) -> None:
        self._dirty.start()

    # ------------------------------------------------------------ geometry

    def place(self) -> None:
        """Shown when useful, in its column right of the viewport (left of a vertical
        scroll bar); the view keeps the column while it shows (or the legend needs it)."""
        area = self.view.board_area()  # the viewport with its margins: the same whether shown or not
        big = len(self.board.plan.people) >= SHOW_FROM
        # As when it lay over the board: the board keeps more than 420 px beside it.
        roomy = area.width() > 3 * BOX.width() and area.height() > 2 * BOX.height()
        show = self.wanted and big and roomy
        # The column also holds the legend of the card colours (ui.board.legend); on a big plan
        # coloured by team or discipline it stays for it when the minimap is switched off. A
        # small plan keeps its width for the cards (a card's band names its colour in a tooltip).
        legend = big and roomy and self.board.color_by != "load"
        self.view.reserve_column(COLUMN if show or legend else 0)
        vp = self.view.viewport().geometry()
        self.move(vp.right() + 1 + MARGIN, vp.top() + MARGIN)
        self.setVisible(show)
        self.raise_()
        if getattr(self.view, "legend", None) is not None:  # made just after the minimap
            self.view.legend.place()

    def _to_scene(self, pos: QPointF) -> QPointF:
        return QPointF((pos.x() - self._offset.x()) / self._scale, (pos.y() - self._offset.y()) / self._scale)

    def _to_map(self, rect: QRectF) -> QRectF:
        s, o = self._scale, self._offset
        return QRectF(rect.x() * s + o.x(), rect.y() * s + o.y(), rect.width() * s, rect.height() * s)

    # ------------------------------------------------------------ drawing

    def _rebuild(self) -> QPixmap:
        board = self.board
        chart = board.visible_cards_rect()
        self._chart = chart
        pixmap = QPixmap(BOX)
        pixmap.fill(QColor(255, 255, 255, 235))
        if chart.isNull() or chart.width() <= 0:
            self._pixmap = pixmap
            self.update()
            return pixmap
        inner = QRectF(4, 4, BOX.width() - 8, BOX.height() - 8)
        self._scale = min(inner.width() / chart.width(), inner.height() / chart.height())
        self._offset = QPointF(
            inner.x() + (inner.width() - chart.width() * self._scale) / 2,
            inner.y() + (inner.height() - chart.height() * self._scale) / 2,
        )
        painter = QPainter(pixmap)
        painter.setPen(Qt.PenStyle.NoPen)
        for pid in board.visible:
            card = board.cards[pid]
            data = card.data_
            color = data.block_color() if data else QColor("#98a2b3")
            if card.hidden is not None:
                color = color.darker(140)  # a collapsed team: there is more below
            top = board.card_top(pid) + card.y()
            rect = self._to_map(QRectF(card.x(), top, CARD_W, card.height))
            painter.fillRect(rect.adjusted(0, 0, max(0.0, 1.0 - rect.width()), max(0.0, 1.0 - rect.height())), color)
        painter.end()
        self._pixmap = pixmap
        self.update()
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        pixmap = self._pixmap if self._pixmap is not None else self._rebuild()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, pixmap)
        painter.setPen(QPen(QColor("#98a2b3"), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(0.5, 0.5, BOX.width() - 1, BOX.height() - 1))
        shown = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        frame = self._to_map(shown).intersected(QRectF(1, 1, BOX.width() - 2, BOX.height() - 2))
        painter.setPen(QPen(SELECT, 1.5))
        fill = QColor(SELECT)
        fill.setAlpha(30)
        painter.setBrush(fill)
        painter.drawRect(frame)
        painter.end()

    # ------------------------------------------------------------ input

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._jump(event.position())
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._jump(event.position())
            event.accept()

    def _jump(self, pos: QPointF) -> None:
        if self._chart.isNull():
            return
        self.view.jump_to(self._to_scene(pos))
        self.update()
