"""The review pack: one multi-page PDF for a planning review.

Pages, A4 landscape: a cover with the headline numbers and what needs
attention; the org chart (ui.export.chart.ChartPages); load per person by
discipline (planner.exports.report_charts' matplotlib figure, embedded as SVG so it
stays vector with text as text); the findings grouped by severity with their
rule and source; and, for two scenarios, before/after pages from
planner.whatif.diff.compare. Every page has a footer "plan name · page i of n".

The writer is set to 72 dpi, so 1 painter unit = 1 pt and fonts in points
measure the same as they draw. Every piece of plan text is drawn as plain text
(QTextLayout, never rich text), with control characters replaced and long
names elided. The same plan and date give the same bytes: the document id is
derived from the content and the creation dates Qt writes are fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)

from models import BASELINE, Plan
from planner.checks.analysis import Analysis
from planner.checks.headline import PLANNED, ratio_text
from planner.checks.rules import OVERLOAD, PM_ENG_RATIO, SEVERITIES, title_of
from planner.core.errors import PlanError
from planner.core.text import plural
from planner.exports.exporting import Cancelled, Progress, ReportOptions, atomic_output, no_progress
from planner.exports.report_charts import plain
from planner.whatif.diff import PLANNED_METRICS, planned_shown

MARGIN = 30.0  # pt, each side
FOOTER_H = 18.0  # pt at the bottom of the printable area
GAP = 6.0
SEVERITY_COLORS = {"error": "#c0392b", "warning": "#d68910", "info": "#3d7dd8"}
SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Information"}
INK = "#1d1d1d"
MUTED = "#666666"
RULE_LINE = "#d0d0d0"
MAX_FINDINGS = 2000  # findings listed; the rest are counted ("rocks check --json" has them all)
MAX_ROWS = 400  # rows per before/after section
ATTENTION = 8  # findings on the cover
NBSP = "\u00a0"
RATIO = f"{NBSP}:{NBSP}"  # "1 : 10" kept on one line
TILE_H = 76.0  # pt, a headline number's tile on the cover (up to three lines of note)
FAMILY = "DejaVu Sans"

_measure: QImage | None = None


def _measuring_device() -> QImage:
    """A 72 dpi device every paragraph is laid out for, alive as long as the module: layouts keep a
    pointer to their device, and the PDF writers come and go (a deleted one must not be referenced)."""
    global _measure
    if _measure is None:
        _measure = QImage(8, 8, QImage.Format.Format_ARGB32)
        dpm = round(72 / 0.0254)
        _measure.setDotsPerMeterX(dpm)
        _measure.setDotsPerMeterY(dpm)
    return _measure


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont(FAMILY)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


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


@dataclass
class Pack:
    """The laid-out pack: its pages and where each section starts."""

    pages: list[Page] = field(default_factory=list)
    starts: dict[str, int] = field(default_factory=dict)  # section title -> first page number

    def add(self, page: Page) -> None:
        self.starts.setdefault(page.section, len(self.pages) + 1)
        self.pages.append(page)


class Report:
    """Lays out every page of a review pack for one device (a QPdfWriter at 72 dpi), then paints them."""

    def __init__(self, plan: Plan, device: QPdfWriter, options: ReportOptions, date_text: str, book: Plan):
        self.plan, self.writer, self.options, self.date_text, self.book = plan, device, options, date_text, book
        self.device = _measuring_device()
        rect = device.pageLayout().paintRect(QPageLayout.Unit.Point)
        self.width = rect.width()
        self.height = rect.height()
        self.body = self.height - FOOTER_H  # content height above the footer
        self.analysis = Analysis(plan)
        self.scenario = options.chart.scenario or ""
        self.f_title = _font(26, bold=True)
        self.f_h1 = _font(16, bold=True)
        self.f_h2 = _font(11, bold=True)
        self.f_body = _font(9)
        self.f_bold = _font(9, bold=True)
        self.f_small = _font(7.5)
        self.f_big = _font(22, bold=True)
        self.pack = Pack()
        self.chart: Any = None  # the ChartPages of the org chart section, and its first page number
        self.chart_first = 0
        self.chart_size = QSizeF()
        bullet = Text(self.device, "•  ", self.f_body, 100)  # kept while its line is read: lines die with it
        self._bullet_w = bullet.layout.lineAt(0).naturalTextWidth()

    # ------------------------------------------------------------ helpers

    def text(self, text: str, font: QFont | None = None, color: str = INK, width: float | None = None,
             indent: float = 0.0, after: float = 2.0, max_lines: int = 0, hang: float = 0.0) -> Text:  # fmt: skip
        return Text(self.device, text, font or self.f_body, width if width is not None else self.width, color,
                    indent, after, max_lines, hang)  # fmt: skip

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
        self._chart_pages(progress)
        self._load_pages()
        self._findings_pages()
        if self.options.compare is not None:
            self._compare_pages(*self.options.compare)
        return self.pack

    # -- cover

    def _paint_cover(self, painter: QPainter, number: int) -> None:
        s = self.analysis.summary()
        y = 0.0
        label = self.text("PLANNING REVIEW", self.f_small, MUTED)
        label.draw(painter, 0, y)
        y += label.height + 2
        name = plain(self.plan.name, 160)
        title = self.text(name, self.f_title if len(name) <= 60 else _font(17, bold=True), INK, max_lines=2, after=6)
        title.draw(painter, 0, y)
        y += title.height
        scenario = (
            f"scenario: {plain(self.scenario, 80)}" if self.scenario and self.scenario != BASELINE else "baseline"
        )
        meta = self.text(f"{scenario}  ·  {self.date_text}", _font(11), MUTED, after=14)
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
            out.append(self.text(f"{f.severity.upper()}  {title_of(f.rule)}: {plain(f.message, 220)}", self.f_body,
                                 SEVERITY_COLORS[f.severity], width=width, indent=0, after=4, max_lines=3))  # fmt: skip
        if len(found) > ATTENTION:
            more = len(found) - ATTENTION
            out.append(self.text(f"… and {more} more on the findings pages", color=MUTED, width=width))
        return out

    # -- org chart

    def _chart_pages(self, progress: Progress) -> None:
        from ui.export.chart import ChartPages

        head = self.text("Org chart", self.f_h2, INK, after=4)
        size = QSizeF(self.width, self.body - head.height)
        chart = ChartPages(self.plan, self.options.chart, page_size_pt=size, analysis=self.analysis,
                           date_text=self.date_text, progress=progress)  # fmt: skip
        first = len(self.pack.pages) + 1

        def page(i: int) -> Callable[[QPainter, int], None]:
            def draw(painter: QPainter, number: int) -> None:
                head.draw(painter, 0, 0)
                painter.save()
                painter.translate(0, head.height)
                chart.paint(painter, i, first_page_number=first)
                painter.restore()

            return draw

        self.chart, self.chart_first, self.chart_size = chart, first, size
        for i in range(chart.count):
            self.pack.add(Page("Org chart", page(i)))

    # -- load

    def _load_pages(self) -> None:
        from planner.exports import report_charts as rc
        rows = rc.load_rows(self.plan, self.analysis)
        chunks = rc.paginate(rows)
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
            sub = (f"People {start + 1}–{start + len(chunk)} of {len(rows)}, most loaded first{note}. "
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

    # -- findings

    def _findings_pages(self) -> None:
        findings = self.analysis.sorted_findings()
        section = "Findings"
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
        sub = ", ".join(f"{counts[s]} {SEVERITY_TITLES[s].lower()}" for s in SEVERITIES)
        sub += ". The source of each is the section of docs/rules.md that explains the rule and its numbers."
        blocks: list[Block] = []
        if not findings:
            blocks.append(self.text("No findings: every check passes.", color=MUTED))
        rule_w, source_w = 165.0, 150.0  # a rule's title on one line, mostly
        message_w = self.width - rule_w - source_w
        for severity in SEVERITIES:
            group = [f for f in findings if f.severity == severity]
            if not group:
                continue
            blocks.append(Space(4))
            blocks.append(Heading(self.device, f"{SEVERITY_TITLES[severity]} ({len(group)})", self.f_h2, self.width,
                                  QColor(SEVERITY_COLORS[severity]).name(), after=4))  # fmt: skip
            for f in group[:MAX_FINDINGS]:
                cells = [
                    self.text(title_of(f.rule), self.f_bold, SEVERITY_COLORS[severity], width=rule_w - 8, max_lines=3),
                    self.text(plain(f.message, 600), width=message_w - 10),
                    self.text(f.source, self.f_small, MUTED, width=source_w),
                ]
                blocks.append(Row(cells, [rule_w, message_w, source_w]))
            if len(group) > MAX_FINDINGS:
                more = len(group) - MAX_FINDINGS
                blocks.append(self.text(f"… and {more} more (rocks check --json lists them all)", color=MUTED))
        self.flow(section, section, sub, blocks)

    # -- before / after

    def _compare_pages(self, a_name: str, b_name: str) -> None:
        from planner.core.errors import CommandError
        from planner.whatif.diff import compare
        from planner.whatif.scenarios import resolve

        try:
            a, b = resolve(self.book, a_name), resolve(self.book, b_name)
        except CommandError as exc:
            raise PlanError(f"--compare: {exc}") from None
        diff = compare(a, b, a_name, b_name)
        an, bn = plain(a_name, 40), plain(b_name, 40)
        section = "Before / after"
        title = f"Before / after: {an} → {bn}"
        headline = diff.review_text().split("\n", 1)[0]
        blocks: list[Block] = [self.text(plain(headline, 900), self.f_body, INK, after=8)]
        # Headline numbers side by side.
        ta, tb = diff.totals.get("a", {}), diff.totals.get("b", {})
        metrics = [
            ("people", "people"), ("active_rocks", "active rocks"), ("engineers", "engineers"), ("pms", "PMs"),
            ("pms_planned", f"PMs ({PLANNED})"), ("tpms", "TPMs"), ("engineers_per_pm", "engineers per PM"),
            ("engineers_per_pm_planned", f"engineers per PM ({PLANNED})"), ("overloaded", "overloaded people"),
            ("max_load", "highest load"), ("unowned_rocks", "unowned rocks"), ("errors", "errors"),
            ("warnings", "warnings"), ("infos", "info"),
        ]  # fmt: skip
        if not planned_shown(diff.totals):  # the planned rows would repeat today's
            metrics = [(key, label) for key, label in metrics if key not in PLANNED_METRICS]
        widths = [180.0, 110.0, 110.0, 110.0]
        blocks.append(Heading(self.device, "Headline numbers", self.f_h2, self.width, after=4))
        header = [self.text(t, self.f_bold, MUTED, width=w - 6) for t, w in zip(("", an, bn, "change"), widths)]
        blocks.append(Row(header, widths))
        for key, label in metrics:
            old, new = ta.get(key), tb.get(key)
            changed = old != new
            font = self.f_bold if changed else self.f_body
            cells = [self.text(label, width=widths[0] - 6), self.text(_metric(key, old), font, width=widths[1] - 6),
                     self.text(_metric(key, new), font, width=widths[2] - 6),
                     self.text(_change(key, old, new) if changed else "", font, width=widths[3] - 6)]  # fmt: skip
            blocks.append(Row(cells, widths))

        def who(pid: str | None) -> str:
            return "unowned" if pid is None else plain(diff.people_names.get(pid, pid), 50)

        sections: list[tuple[str, list[str]]] = [
            ("Rocks moved", [f"{plain(m.title, 80)}: {who(m.from_)} → {who(m.to)}" for m in diff.rocks_moved]),
            ("People added", [plain(i.name, 80) for i in diff.people_added]),
            ("People removed", [plain(i.name, 80) for i in diff.people_removed]),
            ("People re-parented", [f"{plain(e.name, 60)}: reports to {who(e.old)} → {who(e.new)}"
                                    for e in diff.people_reparented]),
            ("Rocks added", [plain(i.name, 80) for i in diff.rocks_added]),
            ("Rocks removed", [plain(i.name, 80) for i in diff.rocks_removed]),
            ("Rocks dropped", [plain(i.name, 80) for i in diff.rocks_dropped]),
            ("Rocks restored", [plain(i.name, 80) for i in diff.rocks_restored]),
            ("Load changes", [f"{plain(d.name, 60)}: {_pct(d.old)} → {_pct(d.new)}" for d in diff.loads]),
            ("Findings resolved", [f"{title_of(d.rule)}: {plain(d.old or '', 300)}" for d in diff.findings_resolved]),
            ("Findings new", [f"{title_of(d.rule)}: {plain(d.new or '', 300)}" for d in diff.findings_introduced]),
            ("Findings changed", [f"{title_of(d.rule)}: {plain(d.old or '', 200)} → {plain(d.new or '', 200)}"
                                  for d in diff.findings_changed]),
        ]  # fmt: skip
        if diff.is_empty():
            blocks.append(Space(8))
            blocks.append(self.text(f"No differences between {an} and {bn}.", color=MUTED))
        for name, lines in sections:
            if not lines:
                continue
            blocks.append(Space(6))
            blocks.append(Heading(self.device, f"{name} ({len(lines)})", self.f_h2, self.width, after=3))
            for line in lines[:MAX_ROWS]:
                blocks.append(self.text("•  " + line, indent=6, after=2, hang=self._bullet_w))
            if len(lines) > MAX_ROWS:
                more = len(lines) - MAX_ROWS
                blocks.append(self.text(f"… and {more} more (rocks diff --json lists them all)", color=MUTED))
        self.flow(section, title, "", blocks)

    # -------------------------------------------------------------- paint

    def paint(self, painter: QPainter, progress: Progress) -> None:
        pages = self.pack.pages
        total = len(pages)
        name = plain(self.plan.name, 90)
        for i, page in enumerate(pages):
            if not progress(i, total, "pages"):
                raise Cancelled()
            if i:
                self.writer.newPage()
            painter.save()
            painter.setClipRect(QRectF(0, 0, self.width, self.height))
            page.draw(painter, i + 1)
            painter.restore()
            self._footer(painter, name, i + 1, total)
        if not progress(total, total, "pages"):
            raise Cancelled()

    def _footer(self, painter: QPainter, name: str, number: int, total: int) -> None:
        y = self.height - FOOTER_H + 4
        painter.setPen(QPen(QColor(RULE_LINE), 0.5))
        painter.drawLine(QPointF(0, y), QPointF(self.width, y))
        painter.setPen(QColor(MUTED))
        painter.setFont(self.f_small)
        right = f"page {number} of {total}"
        box = QRectF(0, y + 2, self.width, FOOTER_H - 6)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), right)
        left = painter.fontMetrics().elidedText(f"{name}  ·  review pack  ·  {self.date_text}",
                                                Qt.TextElideMode.ElideRight, int(self.width - 120))  # fmt: skip
        painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), left)


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}%"


def _metric(key: str, value: Any) -> str:
    if key.startswith("engineers_per_pm"):
        return ratio_text(value, " : ")
    if value is None:
        return "–"
    if key == "max_load":
        return f"{value:.0f}%"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _change(key: str, old: Any, new: Any) -> str:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        delta = new - old
        text = f"{delta:+.0f}" if not key.startswith("engineers_per_pm") else f"{delta:+.1f}"
        return text + (" pts" if key == "max_load" else "")
    return "changed"


# ------------------------------------------------------------------ entry


def write_report(plan: Plan, path: Path, options: ReportOptions, progress: Progress = no_progress,
                 date_text: str | None = None, book: Plan | None = None) -> None:  # fmt: skip
    """Write the review pack of ``plan`` to ``path`` (PDF); ``book`` holds the scenarios ``--compare`` names
    (default: ``plan`` itself). Cancelled (progress returned False) or failed: no file is written."""
    from ui.export.chart import ensure_app, fix_pdf_bytes, new_pdf_writer, today_text

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


def _page_layout() -> QPageLayout:
    margins = QMarginsF(MARGIN, MARGIN, MARGIN, MARGIN)
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, margins,
                       QPageLayout.Unit.Point)  # fmt: skip


def lay_out(plan: Plan, options: ReportOptions, date_text: str = "1 January 2000", book: Plan | None = None) -> Report:
    """The pack laid out without painting anything (tests and previews read its pages and chart)."""
    from PySide6.QtCore import QBuffer

    from ui.export.chart import ensure_app

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
