"""The review pack's building blocks: paragraphs and table rows laid out once in points,
the pack's pages and fonts (ui/export/report.py pours them onto A4 pages; a chart that needs it
gets an A3 page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPaintDevice, QPainter, QPen, QTextLayout, QTextOption

SEVERITY_COLORS = {"error": "#c0392b", "warning": "#d68910", "info": "#3d7dd8"}
SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Information"}
INK = "#1d1d1d"
MUTED = "#666666"
RULE_LINE = "#d0d0d0"
FAMILY = "DejaVu Sans"

_measure: QImage | None = None


def measuring_device() -> QImage:
    """A 72 dpi device every paragraph is laid out for, alive as long as the module: layouts keep a
    pointer to their device, and the PDF writers come and go (a deleted one must not be referenced)."""
    global _measure
    if _measure is None:
        _measure = QImage(8, 8, QImage.Format.Format_ARGB32)
        dpm = round(72 / 0.0254)
        _measure.setDotsPerMeterX(dpm)
        _measure.setDotsPerMeterY(dpm)
    return _measure


def font(size: float, bold: bool = False) -> QFont:
    made = QFont(FAMILY)
    made.setPointSizeF(size)
    made.setBold(bold)
    return made


# ------------------------------------------------------------------ blocks


class Block:
    """Something laid out once, drawn at (x, y) in points; ``height`` includes its space after."""

    height: float = 0.0
    keep_with_next = False

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        raise NotImplementedError


class Text(Block):
    """A paragraph of plain text wrapped to ``width`` (anywhere when a word is too long)."""

    def __init__(self, device: QPaintDevice, text: str, font: QFont, width: float, color: str = INK,
                 indent: float = 0.0, after: float = 2.0, max_lines: int = 0, hang: float = 0.0):  # fmt: skip
        self.layout = QTextLayout(text, font, device)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.layout.setTextOption(option)
        self.layout.setCacheEnabled(True)
        y = 0.0
        self.layout.beginLayout()
        lines = 0
        while True:
            line = self.layout.createLine()
            if not line.isValid():
                break
            shift = hang if lines else 0.0  # continuation lines hang under the text after a bullet
            line.setLineWidth(max(width - indent - shift, 10.0))
            line.setPosition(QPointF(shift, y))
            y += line.height()
            lines += 1
            if max_lines and lines >= max_lines:
                break
        self.layout.endLayout()
        self.indent = indent
        self.color = QColor(color)
        self.text_height = y
        self.height = y + after

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        painter.setPen(self.color)
        self.layout.draw(painter, QPointF(x + self.indent, y))


class Heading(Text):
    keep_with_next = True


class Row(Block):
    """Cells side by side (each a Text of its column's width), with a thin line under."""

    def __init__(self, cells: list[Any], widths: list[float], line: bool = True, after: float = 3.0):
        self.cells, self.widths, self.line = cells, widths, line
        self.height = max((c.text_height for c in cells), default=0.0) + after

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        cx = x
        for cell, w in zip(self.cells, self.widths):
            cell.draw(painter, cx, y)
            cx += w
        if self.line:
            painter.setPen(QPen(QColor(RULE_LINE), 0.5))
            bottom = y + self.height - 1.5
            painter.drawLine(QPointF(x, bottom), QPointF(x + sum(self.widths), bottom))


class Space(Block):
    def __init__(self, height: float):
        self.height = height

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        pass


# ------------------------------------------------------------------- pages


@dataclass(frozen=True)
class Tile:
    """One headline number on the cover: the number, what it counts, a note under, its colour if it alerts."""

    big: str
    what: str
    note: str = ""
    color: str | None = None


@dataclass
class Page:
    section: str
    draw: Callable[[QPainter, int], None]  # (painter, this page's number)
    paper: QPageLayout | None = None  # a page bigger than the pack's own (None: the pack's)


@dataclass
class Pack:
    """The laid-out pack: its pages and where each section starts."""

    pages: list[Page] = field(default_factory=list)
    starts: dict[str, int] = field(default_factory=dict)  # section title -> first page number

    def add(self, page: Page) -> None:
        self.starts.setdefault(page.section, len(self.pages) + 1)
        self.pages.append(page)
