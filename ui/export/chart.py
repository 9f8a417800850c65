"""The org chart as PDF (one or many pages), SVG and PNG, drawn with the board's painter.

Every person card is painted by ui/board/items.py ``paint_card``, filled as the
board fills it, so the export looks like the app. The CLI (``rocks export``), the
GUI (export dialog, File > Print) and the review pack (ui/export/report.py) all
draw through :class:`ChartPages`:

* one canvas (``page_size_pt=None``): the whole chart, for SVG, PNG and previews;
* pages: a chart that fits one page at a readable size is drawn on one; a bigger
  one is cut into page-sized subtrees, with "→ continued on page N" under the
  manager and "↑ reports to NAME, page M" over the continued part.

Output is deterministic: the same plan, options and date give the same bytes
(the PDF's document id and dates are fixed, see :func:`fix_pdf_bytes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QImage,
    QImageWriter,
    QPagedPaintDevice,
    QPageLayout,
    QPainter,
)

from planner.core.errors import PlanError
from planner.core.text import one_line, plural
from planner.exports.exporting import Cancelled, ChartOptions, Progress, atomic_output, no_progress
from planner.tree.board import H_GAP, MAX_STACK
from planner.tree.wrap import Blocks
from ui.board.items import CARD_W, INK, MUTED
from ui.export.chart_cards import (
    MAX_CHIP_ROWS,
    REF_DPI,
    TEXT_LIMIT,
    Card,
    ExportFonts,
    LegendItem,
    build_cards,
    fonts_for,
    legend,
    paint_legend,
)
from ui.export.chart_layout import (
    NARROWEST,
    NOTE_H,
    UP_H,
    Chart,
    Forest,
    build_forest,
    is_compact,
    pack,
)
from ui.export.chart_output import (
    FOOTER_PT,
    blank_image,
    chart_area,
    default_page_layout,
    ensure_app,
    fix_pdf_bytes,
    new_pdf_writer,
    today_text,
    write_svg,
)
from ui.export.chart_paint import PiecePainter

__all__ = [
    "ChartPages",
    "chart_area",
    "default_page_layout",
    "ensure_app",
    "fix_pdf_bytes",
    "new_pdf_writer",
    "paint_pages",
    "render_image",
    "today_text",
    "write_chart",
]

PX = 72.0 / REF_DPI  # points per scene pixel at the board's own size (a 10-pt name stays 10 pt)
MIN_SCALE = 0.5625  # points per scene pixel on a multi-page chart: names 7.5 pt, rocks 6 pt
FIT_SCALE = 0.525  # the least for a chart drawn on one page: names 7 pt
ONE_PAGE_STACKS = (MAX_STACK, 8, 6, 5, 4, 3, 2)  # stack lengths tried to fit a small chart on one page
ONE_PAGE_MOST = 400  # people: more never fit one page at 7 pt (and each try is a layout)
FILL_SCALE = 1.0  # the most a chart on one page is enlarged to fill it: names 13 pt
WRAP_SCALES = (FILL_SCALE, 0.85, PX, 0.65, 0.6, FIT_SCALE)  # one-page tries with wide levels wrapped
PAGE_GROWTH = 1.4  # a page of a multi-page chart is enlarged to fill it, up to this much (names 10.5 pt)
ASPECT_MOST = 3.0  # a single image (SVG, PNG) at most this wide for its height...
ASPECT_AIM = 1.5  # ...else its wide levels wrap to about a landscape page's shape
IMAGE_MOST = 32_000.0  # pt, an SVG's px: rsvg-convert (and cairo) draw at most 32,767 px a side
LEAST_ZOOM = 0.5  # a single image drawn smaller than this (names under 5 pt) is refused: pages read
CANVAS_MARGIN_PT = 18.0
RUNNING_H = 20.0  # scene px: the header line of pages after the first
PIECE_GAP = 2 * H_GAP

# ---------------------------------------------------------------- the chart


class ChartPages(PiecePainter):
    """The chart laid out for pages of ``page_size_pt`` (the printable area, in points),
    or for one canvas holding everything (``page_size_pt=None``)."""

    def __init__(
        self,
        plan,
        options: ChartOptions,
        page_size_pt: QSizeF | None = None,
        analysis=None,
        date_text: str | None = None,
        progress: Progress = no_progress,
        notes: Mapping[str, str] | None = None,
        chip_rows: int = MAX_CHIP_ROWS,
        titled: bool = True,
        reports: tuple[list[str], dict[str, list[str]]] | None = None,
        keyed: bool = True,
        largest: float = FILL_SCALE,
    ) -> None:
        """``notes``: person id -> up to two lines under their card (the review pack's team
        aggregates and page references); the text may change until the pages are painted.
        ``chip_rows``: rows of rocks on a card before "+N more rocks" (0: none, the card says "7 rocks"). ``titled``: the first page
        starts with the title and subtitle (False: the legend only, under a caller's heading).
        ``reports``: chart_layout.reporting(plan), given by a caller drawing many charts of one plan.
        ``keyed``: the legend over the chart (False: none, the caller draws one for several charts).
        ``largest``: the most a chart on one page is enlarged (pt per scene px), so charts drawn
        side by side share a size; of the layouts that reach it, the smallest is kept."""
        ensure_app()
        if analysis is None:
            from planner.checks.analysis import Analysis

            analysis = Analysis(plan)
        if options.root is not None and options.root not in plan.people:
            raise PlanError(f"--root: nobody in the plan has the id '{one_line(options.root, TEXT_LIMIT)}'")
        if options.depth is not None and options.depth < 0:
            raise PlanError(f"--depth: expected 0 or more levels, not {options.depth}")
        self.plan = plan
        self.titled = titled
        self.keyed = keyed or titled
        self.largest = largest
        self.options = options
        self.date_text = today_text() if date_text is None else date_text
        self.fonts = fonts_for(REF_DPI)
        forest = build_forest(plan, options.root, options.depth, reports)
        order = forest.order()

        def step(done: int, total: int) -> None:
            if not progress(done, total, "people"):
                raise Cancelled()

        cards = build_cards(plan, analysis, order, self.fonts, step, chip_rows)
        for pid, n in forest.hidden.items():
            cards[pid].hidden = n
        for pid, text in (notes or {}).items():
            if pid in cards:
                cards[pid].note = text
        self.cards: dict[str, Card] = cards
        self.dotted = [(pid, m) for pid in order for m in plan.people[pid].dotted if m in cards and m != pid]
        self.dotted_of: dict[str, list[str]] = {}
        for pid, m in self.dotted:
            self.dotted_of.setdefault(pid, []).append(m)
        self.people = len(order)
        compact = is_compact(options.compact, len(order))
        self.title = one_line(options.title or plan.name, TEXT_LIMIT) or "Org chart"
        self.page_size = page_size_pt
        self.zoom = 1.0  # a single image too big for viewers is drawn smaller, everything alike
        if page_size_pt is None:
            self._single_canvas(forest, compact)
        else:
            self._paged(forest, compact, page_size_pt)
        self.piece_of = {pid: piece for piece in self.chart.pieces for pid in piece.members}
        self.page_of = {pid: piece.page for pid, piece in self.piece_of.items()}

    # -- layout

    def _header(self, width_px: float) -> float:
        self.legend_top = 50.0 if self.titled else 0.0
        self.legend: list[LegendItem] = []
        if not self.keyed:
            return 0.0
        self.legend, legend_h = legend(self.plan, self.fonts.small_metrics, width_px)
        return self.legend_top + legend_h + 10.0

    def _single_canvas(self, forest: Forest, compact: bool) -> None:
        """Everything on one canvas; a chart wider than ASPECT_MOST times its height has its wide
        levels wrapped into rows (planner/tree/wrap.py) to about ASPECT_AIM (a big org's: square),
        so a big org's SVG or PNG opens anywhere instead of being metres wide and a hand high.
        A canvas still longer than IMAGE_MOST on a side is drawn smaller to fit (``zoom``)."""
        chart, size = self._canvas(forest, compact, None, {})
        if size[0] > ASPECT_MOST * size[1]:
            cache: dict[str, Blocks] = {}
            chart, size = self._wrapped(forest, compact, chart, size, ASPECT_AIM, cache)
            if max(size) * PX + 2 * CANVAS_MARGIN_PT > IMAGE_MOST:  # square: the shortest longest side
                chart, size = self._wrapped(forest, compact, chart, size, 1.0, cache, steps=9)
            chart, size = self._canvas(forest, compact, chart.wrap, cache)  # its header, laid out last
        self.chart = chart
        self.scale = PX
        self.page_scales = [PX]
        self.count = 1
        self.canvas_margin = CANVAS_MARGIN_PT
        self.zoom = min(1.0, (IMAGE_MOST - 2 * CANVAS_MARGIN_PT) / (max(size) * PX))
        z = self.zoom
        self._sizes = [QSizeF(size[0] * PX * z + 2 * CANVAS_MARGIN_PT, size[1] * PX * z + 2 * CANVAS_MARGIN_PT)]

    def _wrapped(
        self,
        forest: Forest,
        compact: bool,
        chart: Chart,
        size: tuple[float, float],
        aim: float,
        cache: dict,
        steps: int = 14,
    ) -> tuple[Chart, tuple[float, float]]:
        """The chart with its wide levels wrapped to the width that gives an aspect nearest ``aim``
        (at most ASPECT_MOST): bisected, as the aspect grows with the width allowed (a wrapped
        ``chart`` bounds it: a squarer aim needs a narrower width)."""
        low, high = NARROWEST, chart.wrap or max(p.width for p in chart.pieces)
        best = (abs(size[0] / size[1] - aim), chart, size)
        for _ in range(steps):
            width = (low + high) / 2
            chart, size = self._canvas(forest, compact, width, cache)
            aspect = size[0] / size[1]
            if aspect <= ASPECT_MOST and abs(aspect - aim) < best[0]:
                best = (abs(aspect - aim), chart, size)
            low, high = (width, high) if aspect < aim else (low, width)
        return best[1], best[2]

    def _canvas(
        self, forest: Forest, compact: bool, wrap: float | None, cache: dict[str, Blocks]
    ) -> tuple[Chart, tuple[float, float]]:
        """The chart on one canvas, wrapped to ``wrap`` px (None: as wide as the tidy tree), and
        the canvas size in px, header included."""
        chart = Chart(forest, self.cards, compact, None, wrap=wrap, tidy_cache=cache)
        pieces = chart.pieces
        area = sum(p.width * p.height for p in pieces)
        widest = max((p.width for p in pieces), default=CARD_W)
        shelf = max(widest, wrap if wrap is not None else (area**0.5) * 1.4)
        pack(pieces, (shelf, float("inf")), (shelf, float("inf")), PIECE_GAP)
        chart_w = max((p.x + p.width for p in pieces), default=CARD_W)
        chart_h = max((p.y + p.height for p in pieces), default=0.0)
        width_px = max(chart_w, 900.0)
        self.header_px = [self._header(width_px)]
        return chart, (width_px, self.header_px[0] + chart_h)

    def _paged(self, forest, compact: bool, page: QSizeF) -> None:
        self.canvas_margin = 0.0
        width_pt, height_pt = page.width(), page.height()
        if width_pt < 100 or height_pt < 100:
            raise PlanError(f"chart: the page ({width_pt:.0f} x {height_pt:.0f} pt) is too small for a chart")
        first_px = self._header(width_pt / PX)  # header drawn at the board's size
        # Pages after the first repeat the title in a line; not under a caller's heading (the
        # review pack's), which already says what the page is.
        running = RUNNING_H if self.titled else 0.0
        first_pt, other_pt = first_px * PX, running * PX
        self.count = 1
        # One page if the whole chart fits at a readable size (compact too, unless the user chose).
        tries = [compact] if self.options.compact is not None or compact else [False, True]
        # A small compact chart may fit one page once its tall stacks wrap into columns.
        stacks = ONE_PAGE_STACKS if len(self.cards) <= ONE_PAGE_MOST else (MAX_STACK,)
        room = (width_pt, height_pt - first_pt)
        small = len(self.cards) <= ONE_PAGE_MOST
        largest = self.largest
        # First the tree as it is (tidy, or leaf reports stacked in columns), where the cards of
        # one level share a top; then, if none fits well, wide levels wrapped into rows.
        # (fit, -height) of the best so far: the largest size, then the least height taken (charts
        # capped at ``largest`` stack down a caller's column: the shortest leaves room below).
        best: tuple[float, float, Chart | None] = (0.0, 0.0, None)
        wholes: list[Chart] = []
        for mode, stack in [(m, n) for m in tries for n in (stacks if m else (MAX_STACK,))]:
            whole = Chart(forest, self.cards, mode, None, max_stack=stack)
            wholes.append(whole)
            fit, height = _one_page_fit(whole, room, largest)
            if (fit, -height) > best[:2]:
                best = (fit, -height, whole)
        level = best
        wrapped_best: tuple[float, float, Chart | None] = (0.0, 0.0, None)
        for whole in wholes if small and level[0] < largest else ():
            widest = max((p.width for p in whole.pieces), default=CARD_W)
            cache: dict[str, Blocks] = {}
            for scale in WRAP_SCALES:
                if scale <= max(level[0], wrapped_best[0]) or width_pt / scale >= widest:
                    continue
                wrapped = Chart(forest, self.cards, whole.compact, None, max_stack=whole.max_stack,
                                wrap=width_pt / scale, tidy_cache=cache)  # fmt: skip
                fit, height = _one_page_fit(wrapped, room, largest)
                if (fit, -height) > wrapped_best[:2]:
                    wrapped_best = (fit, -height, wrapped)
        # Wrapped rows put one level's cards at different heights: only when they read much larger.
        if level[0] < FIT_SCALE or wrapped_best[0] > level[0] * PAGE_GROWTH:
            best = max(level, wrapped_best, key=lambda b: b[0])
        fit, _height, chosen = best
        if chosen is not None and fit >= FIT_SCALE:
            self.chart, self.scale, self.header_px = chosen, fit, [first_px]
            self.page_scales = [fit]
            self._sizes = [QSizeF(page)]
            return
        compact = tries[-1]
        tallest = max((c.height + NOTE_H for c in self.cards.values()), default=0.0) + UP_H
        scale = min(MIN_SCALE, width_pt / (CARD_W + 1.0), (height_pt - first_pt) / (tallest + 1.0))
        limit = (width_pt / scale, min(height_pt - first_pt, height_pt - other_pt) / scale)
        self.chart = Chart(forest, self.cards, compact, limit, {pid for pid, _m in self.dotted})
        self.count = pack(
            self.chart.pieces,
            (width_pt / scale, (height_pt - first_pt) / scale),
            (width_pt / scale, (height_pt - other_pt) / scale),
            PIECE_GAP,
        )
        self.scale = scale
        self.header_px = [first_px] + [running] * (self.count - 1)
        self._sizes = [QSizeF(page)] * self.count
        # Each page's parts drawn as large as its page allows (pages are packed at the least scale).
        self.page_scales = []
        for i in range(self.count):
            on = [p for p in self.chart.pieces if p.page == i]
            used_w = max((p.x + p.width for p in on), default=1.0)
            used_h = max((p.y + p.height for p in on), default=1.0)
            room_h = height_pt - (first_pt if i == 0 else other_pt)
            fill = min(width_pt / used_w, room_h / used_h) * (1 - 1e-9)  # never a hair past the edge
            self.page_scales.append(max(scale, min(scale * PAGE_GROWTH, fill, self.largest)))

    def size_pt(self, index: int = 0) -> QSizeF:
        return QSizeF(self._sizes[index])

    def used_pt(self, index: int = 0) -> QSizeF:
        """How much of page ``index`` the header and the chart take, from its top-left, in points."""
        on = [p for p in self.chart.pieces if p.page == index]
        s, z = self.page_scales[index], self.zoom
        width = max((p.x + p.width for p in on), default=0.0) * s * z
        height = (self.header_px[index] * PX + max((p.y + p.height for p in on), default=0.0) * s) * z
        return QSizeF(width + self.canvas_margin, height + self.canvas_margin)

    # -- geometry a test (or a caller) can check

    def card_rects(self, index: int) -> list[tuple[str, QRectF]]:
        """(person id, card rect in points from the printable area's top-left) of page ``index``."""
        out = []
        s = self.page_scales[index] * self.zoom
        m = self.canvas_margin
        top = self.header_px[index] * PX * self.zoom + m
        for piece in self.chart.pieces:
            if piece.page != index:
                continue
            for pid in piece.members:
                b = piece.boxes[pid]
                x = piece.x + b.x
                y = piece.y + (UP_H if piece.up else 0.0) + b.y
                out.append((pid, QRectF(m + x * s, top + y * s, CARD_W * s, self.cards[pid].height * s)))
        return out

    # -- painting

    def paint(self, painter: QPainter, index: int, first_page_number: int = 1) -> None:
        """Draw page ``index``: 1 unit = 1 pt, (0, 0) the printable area's top-left."""
        if not 0 <= index < self.count:
            raise IndexError(index)
        fonts = fonts_for(float(painter.device().logicalDpiY()))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        m = self.canvas_margin
        painter.translate(m, m)
        painter.scale(self.zoom, self.zoom)
        painter.save()
        painter.scale(PX, PX)
        if index == 0:
            self._paint_title(painter, fonts)
        elif self.titled:
            self._paint_running(painter, fonts, index, first_page_number)
        painter.restore()
        painter.translate(0.0, self.header_px[index] * PX)
        painter.scale(self.page_scales[index], self.page_scales[index])
        self._paint_dotted(painter, index)  # beneath the cards, as on the board
        for piece in self.chart.pieces:
            if piece.page == index:
                painter.save()
                painter.translate(piece.x, piece.y)
                self._paint_piece(painter, fonts, piece, first_page_number)
                painter.restore()
        painter.restore()

    def _subtitle(self) -> str:
        parts = [f"Scenario: {one_line(self.options.scenario, TEXT_LIMIT)}" if self.options.scenario else "Baseline"]
        if self.date_text:
            parts.append(one_line(self.date_text, TEXT_LIMIT))
        parts.append(plural(self.people, "person", "people"))
        if self.options.root is not None:
            parts.append(f"under {one_line(self.plan.people[self.options.root].name, TEXT_LIMIT)}")
        if self.options.depth is not None:
            parts.append(f"{plural(self.options.depth, 'level')} below the top")
        return " · ".join(parts)

    def _paint_title(self, painter: QPainter, fonts: ExportFonts) -> None:
        if not self.titled:
            paint_legend(painter, fonts, self.legend, self.legend_top)
            return
        width = (self.size_pt(0).width() - 2 * self.canvas_margin) / (PX * self.zoom)
        painter.setPen(INK)
        painter.setFont(fonts.title)
        title = self.fonts.title_metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRectF(0.0, 0.0, width, 26.0), Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(fonts.small)
        painter.setPen(MUTED)
        sub = self.fonts.small_metrics.elidedText(self._subtitle(), Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRectF(0.0, 27.0, width, 18.0), Qt.AlignmentFlag.AlignVCenter, sub)
        paint_legend(painter, fonts, self.legend, self.legend_top)

    def _paint_running(self, painter: QPainter, fonts: ExportFonts, index: int, first: int) -> None:
        width = self.size_pt(index).width() / PX
        painter.setFont(fonts.small)
        painter.setPen(MUTED)
        text = f"{self.title} · {self._subtitle()} · page {first + index}"
        text = self.fonts.small_metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRectF(0.0, 0.0, width, RUNNING_H - 4.0), Qt.AlignmentFlag.AlignVCenter, text)


def _one_page_fit(chart: Chart, room: tuple[float, float], largest: float = FILL_SCALE) -> tuple[float, float]:
    """Pack the chart's pieces for one page of ``room`` (pt); return the scale that fits them
    (pt per scene px, at most ``largest``) and the height they take at that scale (pt)."""
    pieces = chart.pieces
    widest = max((p.width for p in pieces), default=CARD_W)
    wide = max(widest, chart.wrap or 0.0, room[0] / FIT_SCALE)
    pack(pieces, (wide, float("inf")), (widest, float("inf")), PIECE_GAP)
    chart_w = max((p.x + p.width for p in pieces), default=CARD_W)
    chart_h = max((p.y + p.height for p in pieces), default=0.0)
    fit = min(room[0] / chart_w, room[1] / max(chart_h, 1.0), largest)
    return fit, chart_h * fit


def paint_pages(
    device: QPagedPaintDevice,
    plan,
    options: ChartOptions,
    progress: Progress = no_progress,
    analysis=None,
    date_text: str | None = None,
    like: QPageLayout | None = None,
) -> int:
    """Draw the chart on a QPdfWriter or QPrinter, one page after another; returns the page count.
    ``like``: lay the chart out for this paper's pages and shrink each to fit the device's, when
    the device's is smaller (print on A4 gives the same pages as the A3 export, a little smaller)."""
    ensure_app()
    layout = device.pageLayout()
    area = layout.paintRectPoints()
    page = chart_area(layout)
    shrink = 1.0
    if like is not None:
        model = chart_area(like)
        shrink = min(page.width() / model.width(), page.height() / model.height())
        if shrink < 1.0:
            page = model
        shrink = min(shrink, 1.0)
    pages = ChartPages(plan, options, page, analysis=analysis, date_text=date_text, progress=progress)
    painter = QPainter()
    if not painter.begin(device):
        raise PlanError("chart: could not start drawing on the output (is the file writable?)")
    try:
        dpi = device.logicalDpiX() / 72.0
        painter.scale(dpi, dpi)
        fonts = fonts_for(float(device.logicalDpiY()))
        for i in range(pages.count):
            if not progress(i, pages.count, "pages"):
                raise Cancelled()
            if i:
                device.newPage()
            painter.save()
            painter.scale(shrink, shrink)
            pages.paint(painter, i)
            painter.restore()
            painter.setFont(fonts.small)
            painter.setPen(MUTED)
            painter.save()
            painter.scale(PX, PX)
            w = area.width() / PX
            footer = f"page {i + 1} of {pages.count}"
            painter.drawText(
                QRectF(0.0, (area.height() - FOOTER_PT + 2.0) / PX, w, (FOOTER_PT - 2.0) / PX),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                footer,
            )
            painter.restore()
        progress(pages.count, pages.count, "pages")
    finally:
        painter.end()
    return pages.count


def _render(pages: ChartPages, dpi: int) -> QImage:
    if not 10 <= dpi <= 1200:
        raise PlanError(f"--dpi: expected 10 to 1200, not {dpi}")
    image = blank_image(pages.size_pt(0), dpi)
    painter = QPainter(image)
    try:
        painter.scale(dpi / 72.0, dpi / 72.0)
        pages.paint(painter, 0)
    finally:
        painter.end()
    return image


def render_image(plan, options: ChartOptions, dpi: int = 96, analysis=None, date_text: str | None = None) -> QImage:
    """The whole chart on one image at ``dpi`` (text drawn at that resolution)."""
    pages = ChartPages(plan, options, None, analysis=analysis, date_text=date_text)
    return _render(pages, dpi)


def write_chart(
    plan,
    path: Path,
    options: ChartOptions,
    progress: Progress = no_progress,
    *,
    date_text: str | None = None,
    analysis=None,
) -> None:
    """Write the chart to ``path`` by its suffix (.pdf pages, .svg / .png one canvas), atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".svg", ".png"):
        raise PlanError(f"{path}: a chart is written as .pdf, .svg or .png, not '{path.suffix}'")
    ensure_app()
    title = one_line(options.title or plan.name, TEXT_LIMIT)
    with atomic_output(path) as tmp:
        if suffix == ".pdf":
            writer = new_pdf_writer(tmp, title)
            paint_pages(writer, plan, options, progress, analysis=analysis, date_text=date_text)
            del writer
            fix_pdf_bytes(tmp)
            return
        pages = ChartPages(plan, options, None, analysis=analysis, date_text=date_text, progress=progress)
        if not progress(0, 1, "pages"):
            raise Cancelled()
        if suffix == ".png":
            image = _render(pages, options.dpi)
            if not progress(1, 1, "pages"):
                raise Cancelled()
            if not QImageWriter(str(tmp), QByteArray(b"PNG")).write(image):
                raise PlanError(f"{path}: could not write the PNG")
            return
        if pages.zoom < LEAST_ZOOM:
            raise PlanError(_too_big(pages, path))
        write_svg(pages, tmp, title)
        progress(1, 1, "pages")


def _too_big(pages: ChartPages, path: Path) -> str:
    size = pages.size_pt(0)
    whole = max(size.width(), size.height()) / pages.zoom
    return (
        f"{path}: {plural(pages.people, 'person', 'people')} on one image would be {whole:,.0f} px on its longest "
        f"side, and image viewers (rsvg-convert, browsers) draw at most 32,767; shrunk to fit, names would be "
        f"{10 * pages.zoom:.1f} pt. Export a PDF instead (the chart on pages, every name readable), or draw less "
        "with --depth or --root"
    )
