"""The review pack: one multi-page PDF for a planning review.

Pages, A4 landscape: a cover with the headline numbers and what needs
attention; the org chart (ui/export/review/branches.py: whole up to 60 people, on an
A3 landscape page if it fits one readably but not one A4; up to 300, a summary of the
top and every branch, several to an A3 page; for a big org a summary of its top levels
and a page per team worth reviewing, ui/export/review/charts.py); load per person by
discipline (planner.exports.report_charts' matplotlib figure, embedded as SVG so it
stays vector with text as text); the findings grouped by severity under the name of
the check that raised them, then what each check looks for and why
(ui/export/review/findings.py); and, for two scenarios, before/after pages from
planner.whatif.diff.compare. Every page has a footer "plan name · page i of n".

The writer is set to 72 dpi, so 1 painter unit = 1 pt and fonts in points
measure the same as they draw. Every piece of plan text is drawn as plain text
(QTextLayout, never rich text), with control characters replaced and long
names elided. The same plan and date give the same bytes: the document id is
derived from the content and the creation dates Qt writes are fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from models import BASELINE, Plan
from planner.checks.analysis import Analysis
from planner.checks.headline import PLANNED, ratio_text
from planner.checks.rules import OVERLOAD, PM_ENG_RATIO, title_of
from planner.core.errors import PlanError
from planner.core.text import one_line, plural
from planner.exports.exporting import Cancelled, Progress, ReportOptions, atomic_output, no_progress
from ui.export.review.blocks import (
    INK,
    MUTED,
    RULE_LINE,
    SEVERITY_COLORS,
    Block,
    Heading,
    Pack,
    Page,
    Row,
    Text,
    Tile,
    font,
    measuring_device,
)
from ui.export.review.branches import chart_pages
from ui.export.review.charts import is_big
from ui.export.review.findings import compare_pages, findings_pages

__all__ = ["SEVERITY_COLORS", "Report", "lay_out", "page_sections", "write_report"]

MARGIN = 30.0  # pt, each side
FOOTER_H = 18.0  # pt at the bottom of the printable area
GAP = 6.0
ATTENTION = 8  # findings on the cover
LOAD_PAGES_BIG = 3  # load chart pages in the pack of a big org: its most loaded people
NBSP = "\u00a0"
RATIO = f"{NBSP}:{NBSP}"  # "1 : 10" kept on one line
TILE_H = 76.0  # pt, a headline number's tile on the cover (up to three lines of note)


class Report:
    """Lays out every page of a review pack for one device (a QPdfWriter at 72 dpi), then paints them."""

    def __init__(self, plan: Plan, device: QPdfWriter, options: ReportOptions, date_text: str, book: Plan):
        self.plan, self.writer, self.options, self.date_text, self.book = plan, device, options, date_text, book
        self.device = measuring_device()
        rect = device.pageLayout().paintRect(QPageLayout.Unit.Point)
        self.width = rect.width()
        self.height = rect.height()
        self.body = self.height - FOOTER_H  # content height above the footer
        self.big_paper = _page_layout(QPageSize.PageSizeId.A3)  # a chart that fits one only at this size
        self.analysis = Analysis(plan)
        self.scenario = options.chart.scenario or ""
        self.f_title = font(26, bold=True)
        self.f_h1 = font(16, bold=True)
        self.f_h2 = font(11, bold=True)
        self.f_body = font(9)
        self.f_bold = font(9, bold=True)
        self.f_small = font(7.5)
        self.f_big = font(22, bold=True)
        self.pack = Pack()
        self.chart: Any = None  # the ChartPages of the org chart section, and its first page number
        self.chart_first = 0
        self.chart_size = QSizeF()
        self.branches: list[Any] = []  # a mid-sized org's branches (ui/export/review/branches.py), and their room
        self.branch_room = QSizeF()
        bullet = Text(self.device, "•  ", self.f_body, 100)  # kept while its line is read: lines die with it
        self._bullet_w = bullet.layout.lineAt(0).naturalTextWidth()

    # ------------------------------------------------------------ helpers

    def text(self, text: str, font: QFont | None = None, color: str = INK, width: float | None = None,
             indent: float = 0.0, after: float = 2.0, max_lines: int = 0, hang: float = 0.0) -> Text:  # fmt: skip
        return Text(self.device, text, font or self.f_body, width if width is not None else self.width, color,
                    indent, after, max_lines, hang)  # fmt: skip

    def chart_room(self, head: list[Block], paper: QPageLayout | None = None) -> QSizeF:
        """The size a chart gets on a page under ``head`` (``paper``: a bigger page than the pack's)."""
        width, height = self.area(paper)
        return QSizeF(width, height - FOOTER_H - sum(b.height for b in head))

    def area(self, paper: QPageLayout | None) -> tuple[float, float]:
        """The printable width and height of a page on ``paper`` (None: the pack's own), in pt."""
        if paper is None:
            return self.width, self.height
        rect = paper.paintRect(QPageLayout.Unit.Point)
        return rect.width(), rect.height()

    def heading(self, title: str, sub: str = "") -> list[Block]:
        out: list[Block] = [Heading(self.device, title, self.f_h1, self.width, after=3.0)]
        if sub:
            out.append(self.text(sub, self.f_body, MUTED, after=4.0))
        return out

    def flow(self, section: str, title: str, sub: str, blocks: list[Block]) -> None:
        """Blocks poured onto as many pages as they need, the heading repeated ("continued")."""
        pages: list[list[tuple[float, Block]]] = []
        top_blocks = self.heading(title, sub)
        more_blocks = self.heading(f"{title} (continued)")
        current: list[tuple[float, Block]] = []
        y = 0.0

        def start(first: bool) -> None:
            nonlocal current, y
            current = []
            pages.append(current)
            y = 0.0
            for b in top_blocks if first else more_blocks:
                current.append((y, b))
                y += b.height
            y += GAP

        start(True)
        fresh = y
        i = 0
        while i < len(blocks):
            block = blocks[i]
            need = block.height
            if block.keep_with_next and i + 1 < len(blocks):
                need += blocks[i + 1].height
            if y + need > self.body and y > fresh:
                start(False)
                fresh = y
            current.append((y, block))
            y += block.height
            i += 1
        for placed in pages:
            self.pack.add(Page(section, self._blocks_painter(placed)))

    @staticmethod
    def _blocks_painter(placed: list[tuple[float, Block]]) -> Callable[[QPainter, int], None]:
        def draw(painter: QPainter, number: int) -> None:
            for y, block in placed:
                block.draw(painter, 0.0, y)

        return draw

    # ------------------------------------------------------------- layout

    def build(self, progress: Progress = no_progress) -> Pack:
        """Lay out every page; ``progress`` hears of the org chart's layout ("people"), the slow part."""
        self.pack.add(Page("Summary", self._paint_cover))
        chart_pages(self, progress)
        self._load_pages()
        findings_pages(self, is_big(self.plan))
        if self.options.compare is not None:
            compare_pages(self, *self.options.compare, big=is_big(self.plan))
        return self.pack

    # -- cover

    def _paint_cover(self, painter: QPainter, number: int) -> None:
        s = self.analysis.summary()
        y = 0.0
        label = self.text("PLANNING REVIEW", self.f_small, MUTED)
        label.draw(painter, 0, y)
        y += label.height + 2
        name = one_line(self.plan.name, 160)
        title = self.text(name, self.f_title if len(name) <= 60 else font(17, bold=True), INK, max_lines=2, after=6)
        title.draw(painter, 0, y)
        y += title.height
        scenario = (
            f"scenario: {one_line(self.scenario, 80)}" if self.scenario and self.scenario != BASELINE else "baseline"
        )
        meta = self.text(f"{scenario}  ·  {self.date_text}", font(11), MUTED, after=14)
        meta.draw(painter, 0, y)
        y += meta.height
        tiles = self._tiles(s)
        cols, tile_h, gap = 5, TILE_H, 8.0
        tile_w = (self.width - gap * (cols - 1)) / cols
        for k, tile in enumerate(tiles):
            tx = (k % cols) * (tile_w + gap)
            ty = y + (k // cols) * (tile_h + gap)
            painter.setPen(QPen(QColor(RULE_LINE), 0.8))
            painter.setBrush(QColor("#f7f7f7"))
            painter.drawRoundedRect(QRectF(tx, ty, tile_w, tile_h), 4, 4)
            big = self.text(tile.big, self.f_big, tile.color or INK, width=tile_w - 16, max_lines=1)
            big.draw(painter, tx + 8, ty + 5)
            self.text(tile.what, self.f_bold, INK, width=tile_w - 16, max_lines=1).draw(painter, tx + 8, ty + 34)
            if tile.note:  # up to three lines: today's number beside the one once planned hires start
                note = self.text(tile.note, self.f_small, MUTED, width=tile_w - 16, max_lines=3)
                note.draw(painter, tx + 8, ty + 46)
        y += 2 * tile_h + gap + 16
        left_w = self.width * 0.62
        right_x = left_w + 24
        right_w = self.width - right_x
        top = y
        head = self.text("What needs attention", self.f_h2, INK, width=left_w, after=4)
        head.draw(painter, 0, y)
        y += head.height
        for line in self._attention(left_w):
            if y + line.height > self.body:
                break
            line.draw(painter, 0, y)
            y += line.height
        y = top
        head = self.text("Contents", self.f_h2, INK, width=right_w, after=4)
        head.draw(painter, right_x, y)
        y += head.height
        for section, page in self.pack.starts.items():
            row = Row([self.text(section, width=right_w - 50), self.text(f"page {page}", color=MUTED, width=50)],
                      [right_w - 50, 50])  # fmt: skip
            row.draw(painter, right_x, y)
            y += row.height

    def _tiles(self, s: dict[str, Any]) -> list[Tile]:
        """The cover's headline numbers. Engineers, PMs and PM : engineers are the plan as the checks see
        it, once planned hires start, with today's number in the note where planned hires change it; the
        ratio is coloured by the ratio rule's own verdict on those numbers."""
        plan = self.plan
        target, most, _least = PM_ENG_RATIO.limits(plan)
        warning, _error = OVERLOAD.limits(plan)
        eng, pms, ratio = s["engineers_planned"], s["pms_planned"], s["engineers_per_pm_planned"]
        verdict = PM_ENG_RATIO.verdict(eng, pms, plan)
        warn, err = SEVERITY_COLORS["warning"], SEVERITY_COLORS["error"]

        def alert(count: object, color: str) -> str | None:
            return color if count else None

        def note(key: str, text: str, shown: str) -> str:
            """``text``, after today's number when planned hires change ``key`` (no line breaks inside
            a number: the spaces in "today 1 : 9.7" do not break)."""
            if s[key] == s[f"{key}_planned"]:
                return text
            return f"{PLANNED}; today{NBSP}{shown} · {text}"

        tpms = plural(s["tpms_planned"], "TPM") + (f" ({s['tpms']} today)" if s["tpms"] != s["tpms_planned"] else "")
        aim = f"target {ratio_text(target, RATIO)}, at most {ratio_text(most, RATIO)}"
        return [
            Tile(f"{s['people']}", "people", f"{s['active_people']} active"),
            Tile(f"{s['active_rocks']}", "active rocks", f"{s['rocks']} in all"),
            Tile(f"{eng}", "engineers", note("engineers", "listed + team headcount", f"{s['engineers']}")),
            Tile(f"{pms}", "PMs", note("pms", tpms, f"{s['pms']}")),
            Tile(ratio_text(ratio, " : "), "PM : engineers",
                 note("engineers_per_pm", aim, ratio_text(s["engineers_per_pm"], RATIO).replace(" ", NBSP)),
                 warn if verdict.fires else None),
            Tile(f"{s['errors']}", "errors", "", alert(s["errors"], err)),
            Tile(f"{s['warnings']}", "warnings", "", alert(s["warnings"], warn)),
            Tile(f"{s['infos']}", "info", "", alert(s["infos"], SEVERITY_COLORS["info"])),
            Tile(f"{s['overloaded']}", "overloaded people", f"above {warning:g}% of capacity",
                 alert(s["overloaded"], warn)),
            Tile(f"{s['unowned_rocks']}", "unowned rocks", "", alert(s["unowned_rocks"], warn)),
        ]  # fmt: skip

    def _attention(self, width: float) -> list[Text]:
        found = [f for f in self.analysis.sorted_findings() if f.severity != "info"]
        if not found:
            infos = self.analysis.severity_counts["info"]
            more = f" ({infos} for information on the findings pages)" if infos else ": every check passes"
            return [self.text(f"No errors or warnings{more}.", color=MUTED, width=width)]
        out = []
        for f in found[:ATTENTION]:
            out.append(self.text(f"{f.severity.upper()}  {title_of(f.rule)}: {one_line(f.message, 220)}", self.f_body,
                                 SEVERITY_COLORS[f.severity], width=width, indent=0, after=4, max_lines=3))  # fmt: skip
        if len(found) > ATTENTION:
            rest = len(found) - ATTENTION
            out.append(self.text(f"… and {rest} more on the findings pages", color=MUTED, width=width))
        return out

    # -- load

    def _load_pages(self) -> None:
        from planner.exports import report_charts as rc

        rows = rc.load_rows(self.plan, self.analysis)
        chunks = rc.paginate(rows)
        shown = len(rows)
        if is_big(self.plan) and len(chunks) > LOAD_PAGES_BIG:
            chunks = chunks[:LOAD_PAGES_BIG]
            shown = sum(len(chunk) for chunk in chunks)
        section = "Load per person by discipline"
        if not chunks:
            blocks: list[Block] = [self.text("Nobody carries an active rock.", color=MUTED)]
            self.flow(section, section, "", blocks)
            return
        xmax = rc.axis_max(self.plan, rows)
        disciplines = rc.disciplines_of(self.plan, rows)
        idle = len(self.plan.people) - len(rows)
        note = f"; {idle} {'person carries' if idle == 1 else 'people carry'} no rock (not shown)" if idle else ""
        start = 0
        for chunk in chunks:
            which = f"of {len(rows)}" if shown == len(rows) else f"of the {shown} most loaded (of {len(rows)})"
            sub = (f"People {start + 1}–{start + len(chunk)} {which}, most loaded first{note}. "
                   "Bars are effort in % of each person's capacity, by discipline.")  # fmt: skip
            start += len(chunk)
            self.pack.add(Page(section, self._load_page(section, sub, chunk, xmax, disciplines)))

    def _load_page(self, section: str, sub: str, chunk: Any, xmax: float, disciplines: list[str]) -> Any:
        from PySide6.QtSvg import QSvgRenderer

        from planner.exports import report_charts as rc

        blocks = self.heading(section, sub)
        top = sum(b.height for b in blocks) + 2
        height = self.body - top
        # Drawn at paint time, one page at a time: a 10,000-person pack never holds every figure at once.

        def draw(painter: QPainter, number: int) -> None:
            y = 0.0
            for b in blocks:
                b.draw(painter, 0, y)
                y += b.height
            fig_h = rc.fit_height(len(chunk), height)
            figure = rc.load_figure(self.plan, chunk, self.width, fig_h, xmax=xmax, disciplines=disciplines)
            renderer = QSvgRenderer(QByteArray(rc.figure_svg(figure)))
            renderer.render(painter, QRectF(0, top, self.width, fig_h))

        return draw

    # -------------------------------------------------------------- paint

    def paint(self, painter: QPainter, progress: Progress) -> None:
        pages = self.pack.pages
        total = len(pages)
        name = one_line(self.plan.name, 90)
        own = self.writer.pageLayout()
        current = own
        for i, page in enumerate(pages):
            if not progress(i, total, "pages"):
                raise Cancelled()
            paper = page.paper or own
            if i:
                if paper != current:  # a chart page on bigger paper, or back to the pack's
                    self.writer.setPageLayout(paper)
                    current = paper
                self.writer.newPage()
            width, height = self.area(page.paper)
            painter.save()
            painter.setClipRect(QRectF(0, 0, width, height))
            page.draw(painter, i + 1)
            painter.restore()
            self._footer(painter, name, i + 1, total, width, height)
        if not progress(total, total, "pages"):
            raise Cancelled()

    def _footer(self, painter: QPainter, name: str, number: int, total: int, width: float, height: float) -> None:
        y = height - FOOTER_H + 4
        painter.setPen(QPen(QColor(RULE_LINE), 0.5))
        painter.drawLine(QPointF(0, y), QPointF(width, y))
        painter.setPen(QColor(MUTED))
        painter.setFont(self.f_small)
        right = f"page {number} of {total}"
        box = QRectF(0, y + 2, width, FOOTER_H - 6)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), right)
        left = painter.fontMetrics().elidedText(f"{name}  ·  review pack  ·  {self.date_text}",
                                                Qt.TextElideMode.ElideRight, int(width - 120))  # fmt: skip
        painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), left)


# ------------------------------------------------------------------ entry


def write_report(plan: Plan, path: Path, options: ReportOptions, progress: Progress = no_progress,
                 date_text: str | None = None, book: Plan | None = None) -> None:  # fmt: skip
    """Write the review pack of ``plan`` to ``path`` (PDF); ``book`` holds the scenarios ``--compare`` names
    (default: ``plan`` itself). Cancelled (progress returned False) or failed: no file is written."""
    from ui.export.chart_output import ensure_app, fix_pdf_bytes, new_pdf_writer, today_text

    ensure_app()
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise PlanError(f"{path}: a review pack is a PDF; give a file name ending in .pdf")
    date = today_text() if date_text is None else date_text
    with atomic_output(path) as tmp:
        writer = new_pdf_writer(tmp, f"{plan.name}: review pack", _page_layout())
        try:
            report = Report(plan, writer, options, date, book if book is not None else plan)
            report.build(progress)
            painter = QPainter()
            if not painter.begin(writer):
                raise PlanError(f"{path}: could not start writing the PDF (is the folder writable?)")
            try:
                report.paint(painter, progress)
            finally:
                painter.end()
        finally:
            del writer
        fix_pdf_bytes(tmp)


def _page_layout(paper: QPageSize.PageSizeId = QPageSize.PageSizeId.A4) -> QPageLayout:
    """The pack's pages: A4 landscape (A3 for a chart that needs a bigger page, ui/export/review/charts.py)."""
    margins = QMarginsF(MARGIN, MARGIN, MARGIN, MARGIN)
    return QPageLayout(QPageSize(paper), QPageLayout.Orientation.Landscape, margins,
                       QPageLayout.Unit.Point)  # fmt: skip


def lay_out(plan: Plan, options: ReportOptions, date_text: str = "1 January 2000", book: Plan | None = None) -> Report:
    """The pack laid out without painting anything (tests and previews read its pages and chart)."""
    from PySide6.QtCore import QBuffer

    from ui.export.chart_output import ensure_app

    ensure_app()
    buffer = QBuffer()
    writer = QPdfWriter(buffer)
    writer.setResolution(72)
    writer.setPageLayout(_page_layout())
    report = Report(plan, writer, options, date_text, book if book is not None else plan)
    report.build()
    report.writer = None  # type: ignore[assignment]  # laid out: the writer is not needed to read pages
    return report


def page_sections(plan: Plan, options: ReportOptions, date_text: str = "1 January 2000",
                  book: Plan | None = None) -> list[str]:  # fmt: skip
    """The section of each page, in order."""
    return [p.section for p in lay_out(plan, options, date_text, book).pack.pages]
