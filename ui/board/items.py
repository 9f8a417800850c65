"""Board items: person cards with their rock chips (the other items are in overlays.py).

Items only draw and answer hit tests (which chip is under this point?); they
never change the model. Chips are painted by their card rather than being
items of their own: a 10k-person board then has 10k items, not 80k.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from planner.core.text import plural

CARD_W = 240.0
PAD = 8.0
CHIP_H = 20.0
CHIP_GAP = 4.0
HEADER_H = 58.0  # name, role, load bar
TOGGLE_R = 7.0
LOD_SIMPLE = 0.38  # below this zoom, cards are plain boxes (keeps 10k people fluid)
LOD_FAR = 0.08  # below this, a card is a coloured block a few pixels wide
STACK_TICK = 12.0  # compact layout: from a column's line to the stacked card's left edge
MIN_LABEL_PX = 9.0  # zoomed out, names are drawn this tall on screen...
FLOOR_LABEL_PX = 7.0  # ...or down to this, rather than wrap a name that almost fits on one line

GREEN, AMBER, RED = QColor("#3a9d5d"), QColor("#e0a030"), QColor("#d64545")
INK, MUTED, LINE = QColor("#1f2430"), QColor("#667085"), QColor("#98a2b3")
SELECT = QColor("#2563eb")
SEVERITY_COLOR = {"error": RED, "warning": QColor("#b7791f"), "info": MUTED}


REFUSED, REFUSED_FILL = QColor("#d64545"), QColor("#fdecec")


def load_color(percent: float, warning: float = 100.0, error: float = 120.0) -> QColor:
    """The plan's own overload thresholds: green up to ``warning``, amber above it,
    red above ``error`` (the same words the overload check uses)."""
    if percent <= warning:
        return GREEN
    if percent <= error:
        return AMBER
    return RED


def target_color(state: str) -> QColor:
    """Outline of a drop target: blue when the drop would be accepted, red when refused."""
    return REFUSED if state == "refused" else SELECT


class Fonts:
    """Fonts and metrics shared by every item; text widths cached per string."""

    def __init__(self) -> None:
        self.name = QFont()
        self.name.setPointSizeF(10.0)
        self.name.setBold(True)
        self.small = QFont()
        self.small.setPointSizeF(8.5)
        self.chip = QFont()
        self.chip.setPointSizeF(8.0)
        self.chip_metrics = QFontMetricsF(self.chip)
        self.small_metrics = QFontMetricsF(self.small)
        self.name_metrics = QFontMetricsF(self.name)
        self._widths: dict[str, float] = {}
        self._labels: dict[int, QFont] = {}
        self._label_widths: dict[tuple[str, int], float] = {}

    def label(self, lod: float, px: float | None = None) -> QFont:
        """Bold font whose pixel size is at least MIN_LABEL_PX on screen at zoom ``lod``
        (or exactly ``px`` scene pixels)."""
        size = max(1, int(px)) if px is not None else max(13, math.ceil(MIN_LABEL_PX / max(lod, 1e-3)))
        font = self._labels.get(size)
        if font is None:
            font = QFont(self.name)
            font.setPixelSize(size)
            self._labels[size] = font
        return font

    def label_fit(self, text: str, lod: float, width: float) -> tuple[QFont, bool]:
        """The font for a zoomed-out label and whether it fits on one line: MIN_LABEL_PX on
        screen, shrunk toward FLOOR_LABEL_PX when that keeps ``text`` on one line in ``width``."""
        lod = max(lod, 1e-3)
        font = self.label(lod)
        natural = self._label_width(text, font)
        if natural <= width:
            return font, True
        px = max(font.pixelSize() * width / natural, FLOOR_LABEL_PX / lod)
        small = self.label(lod, px)
        return small, self._label_width(text, small) <= width

    def _label_width(self, text: str, font: QFont) -> float:
        key = (text, font.pixelSize())
        w = self._label_widths.get(key)
        if w is None:
            w = self._label_widths[key] = QFontMetricsF(font).horizontalAdvance(text)
        return w

    def chip_width(self, text: str) -> float:
        w = self._widths.get(text)
        if w is None:
            w = self.chip_metrics.horizontalAdvance(text)
            self._widths[text] = w
        return w


@dataclass(slots=True)
class ChipSpec:
    rock_id: str
    title: str
    color: QColor
    dropped: bool = False
    seeded: bool = False  # a seeded estimate: dashed outline until someone adjusts the effort


def flow_chips(fonts: Fonts, chips: list[ChipSpec], width: float, max_rows: int = 0) -> tuple[list[QRectF], int]:
    """Place chips left to right in rows of ``width``; returns rects and rows used.

    With ``max_rows``, chips that do not fit get an empty rect (counted as hidden).
    """
    rects: list[QRectF] = []
    x = y = 0.0
    rows = 1 if chips else 0
    for chip in chips:
        w = min(fonts.chip_width(chip.title) + 14.0, width)
        if x > 0 and x + w > width:
            x = 0.0
            y += CHIP_H + CHIP_GAP
            rows += 1
            if max_rows and rows > max_rows:
                break  # the rest are hidden: callers count them from len(chips)
        rects.append(QRectF(x, y, w, CHIP_H))
        x += w + CHIP_GAP
    return rects, min(rows, max_rows) if max_rows else rows


def paint_chip(painter: QPainter, fonts: Fonts, rect: QRectF, chip: ChipSpec, selected: bool) -> None:
    fill = QColor(chip.color)
    fill.setAlpha(60 if not chip.dropped else 25)
    pen = QPen(SELECT if selected else chip.color, 2.0 if selected else 1.0)
    if chip.seeded:
        pen.setColor(SELECT if selected else chip.color.darker(140))
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, 6.0, 6.0)
    painter.setPen(INK if not chip.dropped else MUTED)
    painter.setFont(fonts.chip)
    text = fonts.chip_metrics.elidedText(chip.title, Qt.TextElideMode.ElideRight, rect.width() - 12.0)
    painter.drawText(rect.adjusted(7.0, 0, -5.0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)


@dataclass(slots=True)
class CardData:
    name: str
    role: str
    family: str
    status: str
    start: str
    percent: float
    effort: float
    capacity: float
    warning: float = 100.0  # the plan's overload thresholds (settings.rules)
    error: float = 120.0
    tint: QColor | None = None  # View > Colour cards by team or discipline (None: by load)

    def color(self) -> QColor:
        """The load colour (the load bar, and a zoomed-out card when coloured by load)."""
        return load_color(self.percent, self.warning, self.error)

    def block_color(self) -> QColor:
        """A zoomed-out card's colour: its tint, else its load colour."""
        return self.tint if self.tint is not None else self.color()


# View > Colour cards by team: one of these per team, in the plan's team order.
TEAM_COLORS = tuple(
    QColor(c)
    for c in ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
              "#ff9da7", "#9c755f", "#e15759", "#bab0ac", "#2f4b7c", "#a05195")
)  # fmt: skip
NO_TINT = QColor("#c3c8d0")  # no team, or no rocks to tell a discipline
GOLDEN_ANGLE = 137.508  # degrees: each next hue lands in the widest gap left by the ones before
_TEAM_SHADES = ((0.62, 0.42), (0.45, 0.60), (0.75, 0.30))  # (saturation, lightness), in turn


def team_color(index: int) -> QColor:
    """The colour of the team at ``index`` in the plan's team order: TEAM_COLORS first, then
    a hue for each further team (golden-angle steps round the wheel, three shades in turn),
    so 250 teams never repeat a colour and teams listed near each other differ most."""
    if index < len(TEAM_COLORS):
        return TEAM_COLORS[index]
    n = index - len(TEAM_COLORS)
    saturation, lightness = _TEAM_SHADES[n % len(_TEAM_SHADES)]
    return QColor.fromHslF(((15.0 + n * GOLDEN_ANGLE) % 360.0) / 360.0, saturation, lightness)


def tint_for(mode: str, team_index: int | None, discipline_color: QColor | None) -> QColor | None:
    """A card's tint when colouring by ``mode`` ("load": none; "team": its team's colour;
    "discipline": the colour of the discipline most of its load is in)."""
    if mode == "team":
        return team_color(team_index) if team_index is not None else NO_TINT
    if mode == "discipline":
        return discipline_color if discipline_color is not None else NO_TINT
    return None


def paint_card(
    painter: QPainter,
    fonts: Fonts,
    data: CardData,
    chips: list[ChipSpec],
    chip_rects: list[QRectF],
    height: float,
    *,
    selected: bool = False,
    drop_target: str = "",
    selected_rocks: set[str] | frozenset[str] = frozenset(),
    chip_blocks: bool = False,
) -> None:
    """A person card at full detail, its top-left at (0, 0): name, role or planned/open
    status, load bar against capacity, rock chips. The board and the chart export
    (ui/export) both draw cards with this, so an exported chart looks like the app.
    ``chip_blocks`` draws chips as plain coloured blocks (zoomed out)."""
    rect = QRectF(0.0, 0.0, CARD_W, height)
    dashed = data.status != "active"
    refused = drop_target == "refused"
    border = QPen(
        target_color(drop_target) if drop_target else SELECT if selected else LINE,
        3.0 if drop_target else (2.0 if selected else 1.0),
    )
    if dashed:
        border.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(border)
    fill = QColor("#fbfbfd") if dashed else QColor("#ffffff")
    if drop_target:
        fill = REFUSED_FILL if refused else QColor("#eef4ff")
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, 8.0, 8.0)
    if data.tint is not None:  # coloured by team or discipline: a band down the left edge
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(data.tint)
        painter.drawRoundedRect(QRectF(1.0, 1.0, 5.0, height - 2.0), 2.0, 2.0)
    # Header: name, role (or planned/open status), load bar.
    painter.setPen(MUTED if dashed else INK)
    painter.setFont(fonts.name)
    name = fonts.name_metrics.elidedText(data.name, Qt.TextElideMode.ElideRight, CARD_W - 2 * PAD)
    painter.drawText(QRectF(PAD, 5.0, CARD_W - 2 * PAD, 18.0), Qt.AlignmentFlag.AlignVCenter, name)
    if refused:  # struck through: this person cannot take the dragged card
        painter.setPen(QPen(REFUSED, 1.6))
        y = 14.0
        painter.drawLine(QPointF(PAD, y), QPointF(PAD + fonts.name_metrics.horizontalAdvance(name), y))
    painter.setFont(fonts.small)
    painter.setPen(MUTED)
    role = data.role or "(no role)"
    if data.status == "planned":
        role = f"Planned hire{' · ' + data.start if data.start else ''} · {role}"
    elif data.status == "open":
        role = f"Open role · {role}"
    role = fonts.small_metrics.elidedText(role, Qt.TextElideMode.ElideRight, CARD_W - 2 * PAD)
    painter.drawText(QRectF(PAD, 22.0, CARD_W - 2 * PAD, 15.0), Qt.AlignmentFlag.AlignVCenter, role)
    bar = QRectF(PAD, 42.0, CARD_W - 2 * PAD - 44.0, 8.0)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#e4e7ec"))
    painter.drawRoundedRect(bar, 3.0, 3.0)
    filled = QRectF(bar.x(), bar.y(), bar.width() * min(data.percent, 150.0) / 150.0, bar.height())
    painter.setBrush(data.color())
    painter.drawRoundedRect(filled, 3.0, 3.0)
    # Capacity mark at 100% of a 150% scale.
    painter.setPen(QPen(INK, 1.0))
    cap_x = bar.x() + bar.width() * 100.0 / 150.0
    painter.drawLine(QPointF(cap_x, bar.y() - 2.0), QPointF(cap_x, bar.bottom() + 2.0))
    painter.setPen(data.color().darker(130))
    painter.drawText(
        QRectF(bar.right() + 4.0, 37.0, 40.0, 18.0),
        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
        f"{data.percent:.0f}%",
    )
    if chip_blocks:
        for chip, r in zip(chips, chip_rects):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(chip.color)
            painter.drawRect(r.translated(PAD, HEADER_H))
        return
    for chip, r in zip(chips, chip_rects):
        paint_chip(painter, fonts, r.translated(PAD, HEADER_H), chip, chip.rock_id in selected_rocks)


class PersonCard(QGraphicsItem):
    """A person: name, role, load bar against capacity, rock chips."""

    def __init__(self, pid: str, fonts: Fonts, parent: QGraphicsItem | None = None):
        super().__init__(parent)
        self.pid = pid
        self.fonts = fonts
        self.data_: CardData | None = None
        self.chips: list[ChipSpec] = []
        self.chip_rects: list[QRectF] = []
        self.height = HEADER_H
        self.selected_rocks: set[str] = set()
        self.selected = False
        self.drop_target = ""  # "" | "valid" | "refused" while a drag hovers the card
        self.has_children = False
        self.collapsed = False
        self.bus: tuple[float, float, float] | None = None  # (x0, x1, y) in local coords, to children
        self.stub = False  # draw a line up to the parent's bus
        # Compact: (bar y, [(column x, tick ys)]) of the lines down to stacked reports.
        self.spine: tuple[float, list[tuple[float, list[float]]]] | None = None
        # Wrapped reports: (x of the line down the left, [(right end, y) of each row's bus]).
        self.rows: tuple[float, list[tuple[float, float]]] | None = None
        self.hidden: tuple[int, str, int] | None = None  # collapsed: (people hidden, worst severity, how many)
        self.team_label = ""  # collapsed: the hidden team's name, for the zoomed-out aggregate
        self.team_load: float | None = None  # collapsed: load of the people hidden, percent of their capacity
        self._bounds = QRectF()
        self.setAcceptHoverEvents(False)

    # ---------------------------------------------------------- content

    def set_content(self, data: CardData, chips: list[ChipSpec]) -> bool:
        """Update what the card shows; returns True when its height changed."""
        if data == self.data_ and chips == self.chips and not self._bounds.isNull():
            return False  # a scenario switch refills every card; most are unchanged
        self.data_ = data
        self.chips = chips
        self.chip_rects, rows = flow_chips(self.fonts, chips, CARD_W - 2 * PAD)
        height = HEADER_H + (rows * (CHIP_H + CHIP_GAP) + PAD if rows else 0.0)
        changed = height != self.height
        if changed or self._bounds.isNull():
            self.prepareGeometryChange()
            self.height = height
            self._update_bounds()
        self.update()
        return changed

    def set_links(
        self,
        bus: tuple[float, float, float] | None,
        stub: bool,
        has_children: bool,
        spine: tuple[float, list[tuple[float, list[float]]]] | None = None,
        rows: tuple[float, list[tuple[float, float]]] | None = None,
    ) -> None:
        links = (bus, stub, has_children, spine, rows)
        if links != (self.bus, self.stub, self.has_children, self.spine, self.rows):
            self.prepareGeometryChange()
            self.bus, self.stub, self.has_children, self.spine, self.rows = links
            self._update_bounds()

    def set_hidden(self, hidden: tuple[int, str, int] | None, team: str = "", load: float | None = None) -> None:
        """What a collapsed card hides: people count and its worst finding (None: not
        collapsed), with the team's name and load for the zoomed-out aggregate."""
        changed = hidden != self.hidden
        if changed:
            self.prepareGeometryChange()
            self.hidden = hidden
            self._update_bounds()
        if changed or (team, load) != (self.team_label, self.team_load):
            self.team_label, self.team_load = team, load
            self.update()

    def hidden_text(self) -> tuple[str, str]:
        """('+48 people', '2 warnings') for a collapsed card, shown either side of its toggle."""
        if self.hidden is None:
            return "", ""
        n, severity, count = self.hidden
        return f"+{plural(n, 'person', 'people')}", plural(count, severity) if severity else "no findings"

    def _update_bounds(self) -> None:
        r = QRectF(-2.0, -2.0, CARD_W + 4.0, self.height + 4.0)
        if self.stub:
            r = r.united(QRectF(CARD_W / 2 - 1, -30.0, 2, 30))
        if self.has_children:
            r = r.united(QRectF(CARD_W / 2 - TOGGLE_R - 1, self.height, 2 * TOGGLE_R + 2, TOGGLE_R * 2 + 2))
        if self.spine is not None:
            _bar, columns = self.spine
            x0, x1 = min(columns[0][0], 0.0), max(columns[-1][0] + CARD_W, CARD_W)
            r = r.united(QRectF(x0 - 1, self.height, x1 - x0 + 2, max(max(t) for _x, t in columns) - self.height + 1))
        if self.hidden is not None:
            r = r.united(QRectF(0.0, self.height, CARD_W, 18.0))
        if self.rows is not None:
            trunk, lines = self.rows
            right = max(x for x, _y in lines)
            r = r.united(QRectF(trunk - 1, self.height, max(right, trunk) - trunk + 2, lines[-1][1] - self.height + 1))
        if self.bus is not None:
            x0, x1, y = self.bus
            r = r.united(
                QRectF(
                    min(x0, CARD_W / 2) - 1,
                    self.height,
                    max(x1, CARD_W / 2) - min(x0, CARD_W / 2) + 2,
                    y - self.height + 1,
                )
            )
        self._bounds = r

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounds

    def card_rect(self) -> QRectF:
        return QRectF(0.0, 0.0, CARD_W, self.height)

    def chip_at(self, local: QPointF) -> str | None:
        for chip, rect in zip(self.chips, self.chip_rects):
            if rect.translated(PAD, HEADER_H).contains(local):
                return chip.rock_id
        return None

    def chip_scene_rects(self) -> list[tuple[str, QRectF]]:
        origin = self.scenePos()
        return [
            (c.rock_id, r.translated(origin.x() + PAD, origin.y() + HEADER_H))
            for c, r in zip(self.chips, self.chip_rects)
        ]

    def toggle_rect(self) -> QRectF:
        return QRectF(CARD_W / 2 - TOGGLE_R, self.height + 2.0, 2 * TOGGLE_R, 2 * TOGGLE_R)

    # ---------------------------------------------------------- painting

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        data = self.data_
        if data is None:
            return
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        rect = self.card_rect()
        if lod < LOD_FAR:
            # A few pixels wide: one block in its load colour, no links, no text.
            fill = (
                target_color(self.drop_target) if self.drop_target else SELECT if self.selected else data.block_color()
            )
            painter.fillRect(rect, fill)
            return
        self._paint_links(painter, badge=lod >= LOD_SIMPLE)  # zoomed out, the label says it
        if lod < LOD_SIMPLE:
            painter.setPen(Qt.PenStyle.NoPen)
            fill = (
                target_color(self.drop_target) if self.drop_target else SELECT if self.selected else QColor("#ffffff")
            )
            painter.setBrush(fill)
            painter.drawRect(rect)
            painter.setBrush(data.block_color())
            painter.drawRect(QRectF(0, 0, CARD_W, 14.0))
            self._paint_label(painter, lod)
            return
        paint_card(
            painter,
            self.fonts,
            data,
            self.chips,
            self.chip_rects,
            self.height,
            selected=self.selected,
            drop_target=self.drop_target,
            selected_rocks=self.selected_rocks,
            chip_blocks=lod < 0.5,
        )

    def aggregate_text(self) -> str:
        """A collapsed card's team in one line: 'Platform · 48 people · 92% load · 2 warnings'."""
        if self.hidden is None:
            return ""
        left, right = self.hidden_text()
        parts = [self.team_label] if self.team_label else []
        parts.append(left.lstrip("+"))
        if self.team_load is not None:
            parts.append(f"{self.team_load:.0f}% load")
        parts.append(right)
        return " · ".join(parts)

    def _paint_label(self, painter: QPainter, lod: float) -> None:
        """Semantic zoom: the name on one line at a readable on-screen size where it can
        (wrapped otherwise), then what a collapsed card hides, clipped to the card."""
        painter.save()
        rect = QRectF(4.0, 14.0, CARD_W - 8.0, max(self.height - 14.0, 1.0))
        painter.setClipRect(rect)
        name = self.data_.name if self.data_ else ""
        font, one_line = self.fonts.label_fit(name, lod, rect.width())
        painter.setFont(font)
        painter.setPen(INK)
        top = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        flags = top if one_line else top | Qt.TextFlag.TextWordWrap
        used = painter.boundingRect(rect, int(flags), name)
        painter.drawText(rect, int(flags), name)
        aggregate = self.aggregate_text()
        if aggregate and used.bottom() < rect.bottom():
            small, _fits = self.fonts.label_fit(aggregate, lod, rect.width())
            small = self.fonts.label(lod, max(small.pixelSize() * 0.85, FLOOR_LABEL_PX / max(lod, 1e-3)))
            painter.setFont(small)
            painter.setPen(SEVERITY_COLOR.get(self.hidden[1], MUTED) if self.hidden else MUTED)
            below = QRectF(rect.left(), used.bottom(), rect.width(), rect.bottom() - used.bottom())
            painter.drawText(below, int(top | Qt.TextFlag.TextWordWrap), aggregate)
        painter.restore()

    def _paint_links(self, painter: QPainter, badge: bool = True) -> None:
        painter.setPen(QPen(LINE, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        cx = CARD_W / 2
        if self.stub:
            painter.drawLine(QPointF(cx, 0.0), QPointF(cx, -24.0))
        if self.bus is not None and not self.collapsed:
            x0, x1, y = self.bus
            painter.drawLine(QPointF(cx, self.height), QPointF(cx, y))
            painter.drawLine(QPointF(min(x0, cx), y), QPointF(max(x1, cx), y))
        if self.rows is not None and not self.collapsed:
            trunk, lines = self.rows  # down the left, a bus over each row
            painter.drawLine(QPointF(trunk, self.height), QPointF(trunk, lines[-1][1]))
            for end, y in lines:
                painter.drawLine(QPointF(trunk, y), QPointF(end, y))
        if self.spine is not None and not self.collapsed:
            bar, columns = self.spine
            x0 = columns[0][0]
            if len(columns) == 1:
                painter.drawLine(QPointF(x0, self.height), QPointF(x0, bar))
            else:  # down from the middle to a bar over the columns
                cx = CARD_W / 2
                painter.drawLine(QPointF(cx, self.height + 2 * TOGGLE_R + 2), QPointF(cx, bar))
                painter.drawLine(QPointF(min(x0, cx), bar), QPointF(max(columns[-1][0], cx), bar))
            for x, ticks in columns:  # a line down each column, a tick to each card
                painter.drawLine(QPointF(x, bar), QPointF(x, max(ticks)))
                for y in ticks:
                    painter.drawLine(QPointF(x, y), QPointF(x + STACK_TICK, y))
        if self.hidden is not None and badge:
            left, right = self.hidden_text()
            painter.setFont(self.fonts.small)
            painter.setPen(MUTED)
            y, h, gap = self.height + 1.0, 16.0, TOGGLE_R + 4.0
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(QRectF(0.0, y, CARD_W / 2 - gap, h), align, left)
            painter.setPen(SEVERITY_COLOR.get(self.hidden[1], MUTED))
            painter.drawText(QRectF(CARD_W / 2 + gap, y, CARD_W / 2 - gap, h), Qt.AlignmentFlag.AlignVCenter, right)
            painter.setPen(QPen(LINE, 1.2))
        if self.has_children:
            t = self.toggle_rect()
            painter.setPen(QPen(LINE, 1.0))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(t)
            painter.setPen(QPen(INK, 1.4))
            c = t.center()
            painter.drawLine(QPointF(c.x() - 3.5, c.y()), QPointF(c.x() + 3.5, c.y()))
            if self.collapsed:
                painter.drawLine(QPointF(c.x(), c.y() - 3.5), QPointF(c.x(), c.y() + 3.5))
