"""Painting the parts of an exported org chart: cards with their rocks, reporting lines, the
notes under cards ("→ continued on page 7", "+12 people not shown") and dotted lines.
Mixed into ui/export/chart.py ``ChartPages``, which lays the chart out."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from planner.core.text import plural
from ui.board.items import CARD_W, LINE, MUTED, PAD, paint_card
from ui.board.overlays import DottedLinks
from ui.export.chart_cards import DOTTED, MORE_H, Card, ExportFonts, paint_links, paint_row_links
from ui.export.chart_layout import NOTE_H, UP_H, Chart, Piece, fits_note, page_list

REF = QColor("#1d4ed8")  # page references


class PiecePainter:
    """What ChartPages paints of each part of the chart; it sets these attributes."""

    chart: Chart
    cards: dict[str, Card]
    fonts: ExportFonts
    piece_of: dict[str, Piece]
    page_of: dict[str, int]
    dotted: list[tuple[str, str]]
    dotted_of: dict[str, list[str]]

    def _paint_piece(self, painter: QPainter, fonts: ExportFonts, piece: Piece, first: int) -> None:
        chart, cards = self.chart, self.cards
        top = UP_H if piece.up else 0.0
        boxes = piece.boxes
        if piece.up is not None:
            manager = self.piece_of[piece.up]
            name = cards[piece.up].data.name
            text = f"↑ reports to {name}, page {first + manager.page}"
            text = self.fonts.small_metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(piece.width, CARD_W))
            painter.setFont(fonts.small)
            painter.setPen(REF)
            b = boxes[piece.root]
            painter.drawText(
                QRectF(b.x, 0.0, max(piece.width - b.x, CARD_W), UP_H - 3.0), Qt.AlignmentFlag.AlignBottom, text
            )
        painter.translate(0.0, top)
        painter.setPen(QPen(LINE, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for pid in piece.members:
            kids = chart.kids.get(pid)
            if pid in piece.rows:
                paint_row_links(painter, pid, piece.rows[pid], boxes, piece.grids.get(pid))
            elif kids:
                paint_links(painter, pid, kids, boxes, chart._stacked(pid))
        for pid in piece.members:
            b = boxes[pid]
            card = cards[pid]
            painter.save()
            painter.translate(b.x, b.y)
            paint_card(painter, fonts, card.data, card.chips, card.chip_rects, card.height)
            if card.inline:  # the role line's end (chart_cards.build_cards shortened the role for it)
                painter.setFont(fonts.small)
                painter.setPen(MUTED)
                painter.drawText(QRectF(PAD, 22.0, CARD_W - 2 * PAD, 15.0),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 plural(card.more, "rock"))  # fmt: skip
            elif card.more:
                painter.setFont(fonts.small)
                painter.setPen(MUTED)
                painter.drawText(
                    QRectF(8.0, card.height - MORE_H - 6.0, CARD_W - 16.0, MORE_H),
                    Qt.AlignmentFlag.AlignVCenter,
                    f"+{plural(card.more, 'more rock')}" if card.chips else plural(card.more, "rock"),
                )
            note, color = self._note(pid, first)
            room = chart.note_h(pid)
            painter.setFont(fonts.small)
            if note:
                painter.setPen(color)
                flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
                painter.drawText(QRectF(4.0, card.height + 2.0, CARD_W - 8.0, room - 2.0), int(flags), note)
            if pid in chart.dotted_note:
                text = self._dotted_note(pid, piece.page, first)
                if text:
                    painter.setPen(DOTTED)
                    text = self.fonts.small_metrics.elidedText(text, Qt.TextElideMode.ElideRight, CARD_W - 8.0)
                    painter.drawText(
                        QRectF(4.0, card.height + room + 1.0, CARD_W - 8.0, NOTE_H - 2.0),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                        text,
                    )
            painter.restore()

    def _dotted_note(self, pid: str, page: int, first: int) -> str:
        """ "⇢ dotted line to NAME, page 3" for dotted-line managers on other pages ('' if none)."""
        away = [
            f"{self.cards[m].data.name}, page {first + self.page_of[m]}"
            for m in self.dotted_of.get(pid, ())
            if self.page_of[m] != page
        ]
        return f"⇢ dotted line to {'; '.join(away)}" if away else ""

    def _note(self, pid: str, first: int) -> tuple[str, QColor]:
        card = self.cards[pid]
        if card.note:
            return card.note, REF if "→" in card.note else MUTED
        if card.hidden:
            return f"+{plural(card.hidden, 'person', 'people')} not shown", MUTED
        if pid in self.chart.cut_below:
            pieces = [p for p in self.chart.pieces if p.up == pid]
            pages = sorted({first + p.page for p in pieces})
            text = f"→ continued on page{'s' if len(pages) > 1 else ''} {page_list(pages)}"
            if not fits_note(text):
                text = f"→ {len(pieces)} teams continued on pages {pages[0]}–{pages[-1]}"
            return text, REF
        return "", MUTED

    def _paint_dotted(self, painter: QPainter, index: int) -> None:
        path = QPainterPath()
        for pid, manager in self.dotted:
            a, b = self.piece_of.get(pid), self.piece_of.get(manager)
            if a is None or b is None or a.page != index or b.page != index:
                continue
            start, c1, c2, end = DottedLinks.route(self._rect(pid), self._rect(manager))
            path.moveTo(start)
            path.cubicTo(c1, c2, end)
        if not path.isEmpty():
            painter.setPen(QPen(DOTTED, 1.4, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)

    def _rect(self, pid: str) -> QRectF:
        piece = self.piece_of[pid]
        b = piece.boxes[pid]
        y = piece.y + (UP_H if piece.up else 0.0) + b.y
        return QRectF(piece.x + b.x, y, CARD_W, self.cards[pid].height)
