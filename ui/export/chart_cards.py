"""Person cards of the exported chart, built as the board builds them; the fonts that
draw them at the board's size on any paint device (PDF, SVG, image, printer); the
reporting lines between them (wrapped rows too, planner/tree/wrap.py) and the legend that explains them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from planner.checks.rules import OVERLOAD
from planner.core.text import one_line, plural
from planner.tree.board import STACK_GAP, STACK_INDENT, V_GAP
from planner.tree.layout import Box
from ui.board.items import (
    AMBER,
    CARD_W,
    CHIP_GAP,
    CHIP_H,
    GREEN,
    HEADER_H,
    INK,
    LINE,
    PAD,
    RED,
    CardData,
    ChipSpec,
    Fonts,
    flow_chips,
)

MAX_CHIP_ROWS = 8  # a card with more rocks shows "+N more rocks" (keeps every card page-sized)
MORE_H = 16.0  # room inside a card for "+N more rocks"
TEXT_LIMIT = 200  # characters of plan text kept before Qt elides to the card width
REF_DPI = 96.0  # scene pixels: the board's logical pixels
STACK_TICK = 12.0
DOTTED = QColor("#7a5af8")  # the board's dotted-line colour (ui/board/overlays.py)


def _ref_device() -> QImage:
    image = QImage(4, 4, QImage.Format.Format_ARGB32)
    dpm = round(REF_DPI / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    return image


class ExportFonts(Fonts):
    """The board's fonts, sized in scene pixels whatever the paint device.

    Qt turns a point size into pixels with the *device's* dpi before the painter's
    transform applies, so a 10-pt font on a 1200-dpi PDF writer scaled to points
    would be 16 times too big. The fonts here get a point size for ``dpi`` (the
    device's) that resolves to the board's pixel size, and the metrics (used for
    elision and chip widths) are measured once on a 96-dpi reference image.
    """

    def __init__(self, dpi: float = REF_DPI) -> None:
        super().__init__()
        ref = _ref_device()
        factor = REF_DPI / dpi
        for attr in ("name", "small", "chip"):
            font: QFont = getattr(self, attr)
            points = font.pointSizeF()
            setattr(self, attr + "_metrics", QFontMetricsF(font, ref))
            font.setPointSizeF(points * factor)
        self.title = QFont()
        self.title.setBold(True)
        self.title.setPointSizeF(16.0)
        self.title_metrics = QFontMetricsF(self.title, ref)
        self.title.setPointSizeF(16.0 * factor)
        self._widths = {}


_FONTS: dict[float, ExportFonts] = {}


def fonts_for(dpi: float = REF_DPI) -> ExportFonts:
    fonts = _FONTS.get(dpi)
    if fonts is None:
        fonts = _FONTS[dpi] = ExportFonts(dpi)
    return fonts


@dataclass(slots=True)
class Card:
    pid: str
    data: CardData
    chips: list[ChipSpec]
    chip_rects: list[QRectF]
    more: int  # rocks not shown (past MAX_CHIP_ROWS)
    height: float  # the card itself
    hidden: int = 0  # people under this card not drawn (depth limit)
    inline: bool = False  # no rows of rocks: "7 rocks" ends the role line (no line of its own)
    note: str = ""  # a caller's two-line note under the card, in place of "+N people not shown"


def build_cards(
    plan,
    analysis,
    pids: Sequence[str],
    fonts: Fonts,
    progress: Callable[[int, int], None] | None = None,
    chip_rows: int = MAX_CHIP_ROWS,
) -> dict[str, Card]:
    """One Card per person, filled as ui/board/scene.py ``_fill`` fills the board's."""
    colors: dict[str, QColor] = {d.id: QColor(d.color) for d in plan.discipline_table.disciplines.values()}

    def color(discipline: str) -> QColor:
        c = colors.get(discipline)
        if c is None:
            d = plan.discipline_table.get(discipline)
            c = colors[discipline] = QColor(d.color if d else "#888888")
        return c

    warning, error = OVERLOAD.limits(plan)
    rocks = plan.rocks
    cards: dict[str, Card] = {}
    total = len(pids)
    for i, pid in enumerate(pids):
        if progress is not None and i % 100 == 0:
            progress(i, total)
        person = plan.people[pid]
        load = analysis.loads.get(pid)
        data = CardData(
            one_line(person.name, TEXT_LIMIT),
            one_line(person.role, TEXT_LIMIT),
            analysis.family(pid),
            person.status,
            one_line(person.start, TEXT_LIMIT),
            load.percent if load else 0.0,
            load.effort if load else 0.0,
            person.capacity,
            warning,
            error,
        )
        chips = [
            ChipSpec(r, one_line(rocks[r].title, TEXT_LIMIT), color(rocks[r].discipline), seeded=rocks[r].seeded)
            for r in analysis.owned.get(pid, ())
        ]
        rects, rows = flow_chips(fonts, chips, CARD_W - 2 * PAD, chip_rows) if chip_rows > 0 else ([], 0)
        more = len(chips) - len(rects)
        # Without rows of rocks, an active person's rock count ends the role line: a card one
        # line shorter, so a ~60-person org fits one page (planned and open roles keep the line).
        inline = bool(more and not rects and person.status == "active")
        if inline:
            room = CARD_W - 2 * PAD - fonts.small_metrics.horizontalAdvance(plural(more, "rock")) - 8.0
            role = data.role or "(no role)"
            data.role = fonts.small_metrics.elidedText(role, Qt.TextElideMode.ElideRight, room)
        height = (
            HEADER_H + (rows * (CHIP_H + CHIP_GAP) + PAD if rows else 0.0) + (MORE_H if more and not inline else 0.0)
        )
        cards[pid] = Card(pid, data, chips[: len(rects)], rects, more, height, inline=inline)
    if progress is not None:
        progress(total, total)
    return cards


LegendItem = tuple[str, str, QColor, float, float]  # kind, label, colour, x, y


def legend(plan, metrics: QFontMetricsF, width: float) -> tuple[list[LegendItem], float]:
    """Legend items placed in rows of ``width`` (scene px) and the legend's height: the
    plan's disciplines (chip colours), load colours, dashed cards, dotted lines."""
    items: list[tuple[str, str, QColor]] = []
    for d in plan.discipline_table.disciplines.values():
        items.append(("chip", one_line(d.label, TEXT_LIMIT), QColor(d.color)))
    warning, error = OVERLOAD.limits(plan)
    items.append(("load", f"load up to {warning:.0f}%", GREEN))
    items.append(("load", f"up to {error:.0f}%", AMBER))
    items.append(("load", f"over {error:.0f}%", RED))
    items.append(("dashed", "planned hire / open role", LINE))
    items.append(("dotted", "dotted-line manager", DOTTED))
    placed: list[LegendItem] = []
    x = y = 0.0
    for kind, label, color in items:
        label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, 260.0)
        w = 26.0 + metrics.horizontalAdvance(label) + 16.0
        if x > 0 and x + w > width:
            x, y = 0.0, y + 18.0
        placed.append((kind, label, color, x, y))
        x += w
    return placed, y + 18.0


def paint_legend(painter: QPainter, fonts: ExportFonts, items: list[LegendItem], top: float) -> None:
    painter.setFont(fonts.small)
    for kind, label, color, x, y in items:
        y += top
        sw = QRectF(x, y + 4.0, 20.0, 10.0)
        if kind == "chip":  # as paint_chip fills a chip
            fill = QColor(color)
            fill.setAlpha(60)
            painter.setPen(QPen(color, 1.0))
            painter.setBrush(fill)
            painter.drawRoundedRect(sw, 4.0, 4.0)
        elif kind == "load":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(sw.adjusted(0.0, 1.0, 0.0, -1.0), 3.0, 3.0)
        elif kind == "dashed":
            painter.setPen(QPen(color, 1.0, Qt.PenStyle.DashLine))
            painter.setBrush(QColor("#fbfbfd"))
            painter.drawRoundedRect(sw.adjusted(0.0, -2.0, 0.0, 2.0), 3.0, 3.0)
        else:
            painter.setPen(QPen(color, 1.4, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(sw.left(), sw.center().y()), QPointF(sw.right(), sw.center().y()))
        painter.setPen(INK)
        painter.drawText(QRectF(x + 26.0, y, 280.0, 18.0), Qt.AlignmentFlag.AlignVCenter, label)


def paint_links(painter: QPainter, pid: str, kids: list[str], boxes, stacked: bool) -> None:
    """Reporting lines from ``pid`` to its reports, as the board draws them: a bus over a
    row of reports, or (compact) a line down each column of stacked reports with a tick to each."""
    b = boxes[pid]
    cx = b.x + CARD_W / 2
    bottom = b.y + b.h
    if stacked:
        columns: dict[float, list[float]] = {}
        for k in kids:
            columns.setdefault(boxes[k].x - STACK_INDENT / 2, []).append(boxes[k].y + 20.0)
        bar = min(boxes[k].y for k in kids) - STACK_GAP
        cols = sorted(columns.items())
        if len(cols) > 1:
            painter.drawLine(QPointF(cx, bottom), QPointF(cx, bar))
            painter.drawLine(QPointF(min(cols[0][0], cx), bar), QPointF(max(cols[-1][0], cx), bar))
        for x, ticks in cols:
            painter.drawLine(QPointF(x, bar if len(cols) > 1 else bottom), QPointF(x, max(ticks)))
            for y in ticks:
                painter.drawLine(QPointF(x, y), QPointF(x + STACK_TICK, y))
        return
    bus = min(boxes[k].y for k in kids) - V_GAP / 2
    centres = [boxes[k].x + CARD_W / 2 for k in kids]
    painter.drawLine(QPointF(cx, bottom), QPointF(cx, bus))
    painter.drawLine(QPointF(min(min(centres), cx), bus), QPointF(max(max(centres), cx), bus))
    for k, x in zip(kids, centres):
        painter.drawLine(QPointF(x, bus), QPointF(x, boxes[k].y))


def paint_row_links(
    painter: QPainter,
    pid: str,
    rows: list[list[str]],
    boxes: Mapping[str, Box],
    grid: list[list[str]] | None = None,
) -> None:
    """Reporting lines of a wrapped manager: down the left of the rows, a bus over each row,
    a drop to each report; lone reports (``grid``, first in the first row) get a line down each
    column with a tick to each card (the painter's pen and brush set by the caller)."""
    b = boxes[pid]
    trunk = b.x + STACK_INDENT / 2
    last = 0.0
    for i, line in enumerate(rows):
        columns = grid if grid and i == 0 else []
        tops = [boxes[k].y for k in line] + [boxes[col[0]].y for col in columns]
        if not tops:
            continue
        bus = min(tops) - V_GAP / 2
        drops = [boxes[k].x + boxes[k].w / 2 for k in line]
        lines_x = [boxes[col[0]].x - STACK_INDENT / 2 for col in columns]
        painter.drawLine(QPointF(trunk, bus), QPointF(max(drops + lines_x), bus))
        for k, x in zip(line, drops):
            painter.drawLine(QPointF(x, bus), QPointF(x, boxes[k].y))
        for col, x in zip(columns, lines_x):
            ticks = [boxes[k].y + 20.0 for k in col]
            painter.drawLine(QPointF(x, bus), QPointF(x, max(ticks)))
            for y in ticks:
                painter.drawLine(QPointF(x, y), QPointF(x + STACK_INDENT / 2, y))
        last = bus
    painter.drawLine(QPointF(trunk, b.y + b.h), QPointF(trunk, last))
