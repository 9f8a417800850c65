"""The review pack's org chart, by size: whole up to WHOLE_MOST people (one page, A3 if needed),
then, up to BIG_AT, a summary of the top and every branch drawn whole, several small branches
packed side by side on one page; bigger orgs get the summary and the teams worth reviewing
(ui/export/review/charts.py).

A branch is a report of the top with people of their own; a branch of more than WHOLE_MOST
people is drawn as its head and their reports (each with the totals of what is below), and
its own branches follow. Each branch is drawn in the narrowest column of the page (a third, a
half, the whole width) where it fits with every row of rocks at a readable size; columns of
small branches fill a page top-down and left to right, in the order of the org.

``r`` is the pack being laid out (ui/export/report.py ``Report``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPageLayout, QPainter

from planner.core.text import one_line, plural
from planner.exports.exporting import Progress
from ui.export.chart import PX, ChartPages
from ui.export.chart_cards import fonts_for, legend, paint_legend
from ui.export.chart_layout import build_forest, reporting
from ui.export.review.blocks import INK, MUTED, Block, Page
from ui.export.review.charts import (
    BIG_AT,
    WHOLE_MOST,
    Summary,
    draw_chart,
    on_paper,
    summary_and_teams,
    summary_page,
    whole_chart,
)

BRANCHES = "Branches"
COLUMNS = (1 / 3, 1 / 2, 1.0)  # a branch's share of the page width, narrowest tried first
COLUMN_GAP = 14.0  # pt between columns, and between branches down a column
BRANCH_DEPTHS = (1,)  # the summary of a mid-sized org: the top and their reports (pages if need be: everyone shows)
BRANCH_SCALE = 0.6  # pt per scene px at most: branches side by side share one size (names 8 pt)
BRANCH_CHIP_ROWS = 2  # rows of rocks on a card in a branch ("+N more rocks"; the load pages show them all)


def chart_pages(r: Any, progress: Progress) -> None:
    """Add the org chart's pages to the pack: whole (up to WHOLE_MOST people, or a chart of one
    person's part), a summary and every branch (up to BIG_AT), or a summary and team pages."""
    people = len(r.plan.people)
    if people <= WHOLE_MOST or r.options.chart.root is not None:
        whole_chart(r, progress)
    elif people <= BIG_AT:
        _summary_and_branches(r, progress)
    else:
        summary_and_teams(r, progress)


@dataclass
class Branch:
    """A branch to draw: its head, whether only their reports are drawn (a branch too big for a
    page), the chart and the heading over it, and where it went."""

    root: str
    depth: int | None
    people: int
    head: list[Block]
    chart: ChartPages | None = None
    share: float = 1.0  # of the page width
    width: float = 0.0  # its column's, pt
    height: float = 0.0  # heading and chart, pt
    own: bool = False  # on a page (or pages) of its own
    paper: QPageLayout | None = None  # that page's, when bigger than the pack's
    room: QSizeF | None = None  # the chart's room on that page
    page: int = 0
    x: float = 0.0  # its top-left on the page, under the page's heading (pt)
    y: float = 0.0


class Key(Block):
    """The chart's legend, once at the top of a page of branches."""

    def __init__(self, plan: Any, width: float) -> None:
        self.items, legend_h = legend(plan, fonts_for().small_metrics, width / PX)
        self.height = (legend_h + 8.0) * PX

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        painter.save()
        painter.translate(x, y)
        painter.scale(PX, PX)
        paint_legend(painter, fonts_for(float(painter.device().logicalDpiY())), self.items, 0.0)
        painter.restore()


def branches_of(roots: list[str], kids: dict[str, list[str]]) -> list[tuple[str, int | None, int]]:
    """(head, depth, people) of each branch in the org's order: the reports of ``roots`` who have
    reports; a branch over WHOLE_MOST people is drawn one level deep and its own branches follow."""
    size: dict[str, int] = {}

    def count(pid: str) -> int:
        total, todo = 0, [pid]
        while todo:
            node = todo.pop()
            total += 1
            todo.extend(kids.get(node, ()))
        return total

    out: list[tuple[str, int | None, int]] = []

    def add(pid: str) -> None:
        todo = [pid]
        while todo:
            node = todo.pop()
            n = size[node] = count(node)
            if n <= WHOLE_MOST:
                out.append((node, None, n))
                continue
            out.append((node, 1, n))
            todo.extend(reversed([k for k in kids[node] if k in kids]))

    for root in roots:
        for k in kids.get(root, ()):
            if k in kids:
                add(k)
    return out


def _summary_and_branches(r: Any, progress: Progress) -> None:
    plan = r.plan
    reports = reporting(plan)
    forest = build_forest(plan, reports=reports)
    found = branches_of(forest.roots, forest.children)
    summary = summary_page(r, progress, reports, [root for root, _d, _n in found], BRANCH_DEPTHS,
                           f"The top of the organisation, each branch's totals under its card; its "
                           f"{plural(len(found), 'branch', 'branches')} follow, drawn whole.")  # fmt: skip
    head = [
        r.text(BRANCHES, r.f_h2, INK, after=1),
        r.text(f"Every branch of the organisation, in its order; {_biggest(found)}.", color=MUTED, after=4),
    ]
    paper = r.big_paper  # A3: room for several branches side by side, as a ~60-person org's one page
    key = Key(plan, r.area(paper)[0])
    head.append(key)
    room = r.chart_room(head, paper)
    branches = [_branch(r, progress, reports, root, depth, n, room) for root, depth, n in found]
    page_of: dict[str, int] = {}
    placed: list[tuple[Branch, float, float]] = []  # a page being filled: branch, x, y

    def flush() -> None:
        if placed:
            r.pack.add(Page(BRANCHES, _draw_branches(head, list(placed)), paper))
            placed.clear()

    columns: list[list[float]] = []  # on the page being filled: x, share, y used
    for b in branches:
        assert b.chart is not None
        if b.own:
            flush()
            columns = []
            b.page = len(r.pack.pages) + 1
            page_of[b.root] = b.page
            for i in range(b.chart.count):
                r.pack.add(Page(BRANCHES, draw_chart(b.head, b.chart, i, b.page), b.paper))
            continue
        spot = next(((c[0], c) for c in columns if abs(c[1] - b.share) < 1e-6 and c[2] + b.height <= room.height()),
                    None)  # fmt: skip
        if spot is None:
            x = max((c[0] + c[1] for c in columns), default=0.0)
            if x + b.share > 1.0 + 1e-6:
                flush()
                columns, x = [], 0.0
            columns.append([x, b.share, 0.0])
            spot = (x, columns[-1])
        x, column = spot
        b.x, b.y = x * (room.width() + COLUMN_GAP), column[2]
        placed.append((b, b.x, b.y))
        column[2] += b.height + COLUMN_GAP
        b.page = len(r.pack.pages) + 1
        page_of[b.root] = b.page
    flush()
    r.branches, r.branch_room = branches, room
    for b in branches:  # the headings' references, now that every page is numbered
        b.head[1] = _sub(r, b, summary, page_of)
    summary.point(page_of, "branch")


def _biggest(found: list[tuple[str, int | None, int]]) -> str:
    big = [n for _r, depth, n in found if depth is not None]
    if not big:
        return "several small branches share a page"
    return f"a branch of more than {WHOLE_MOST} people shows its head's reports, then its own branches"


def _branch(r: Any, progress: Progress, reports: Any, root: str, depth: int | None, people: int,
            room: QSizeF) -> Branch:  # fmt: skip
    """``root``'s branch in the narrowest column it fits with every row of rocks, else on a page (or
    pages) of its own with fewer rows, or A3 (ui/export/review/charts.py ``on_paper``)."""
    plan = r.plan
    name = one_line(plan.people[root].name, 80)
    head = [r.text(f"{name}'s branch", r.f_bold, INK, after=0), r.text("…", r.f_small, MUTED, after=3)]
    b = Branch(root, depth, people, head)
    options = replace(r.options.chart, root=root, depth=depth, title=f"{name}'s branch")
    head_h = sum(block.height for block in head)

    def make(size: QSizeF, rows: int) -> ChartPages:
        return ChartPages(plan, options, page_size_pt=size, analysis=r.analysis, date_text=r.date_text,
                          chip_rows=rows, titled=False, reports=reports, keyed=False,
                          largest=BRANCH_SCALE)  # fmt: skip

    best: tuple[float, float] | None = None  # (share of the page's area, share of its width)
    for share in COLUMNS:
        width = share * (room.width() + COLUMN_GAP) - COLUMN_GAP
        chart = make(QSizeF(width, room.height() - head_h), BRANCH_CHIP_ROWS)
        if chart.count != 1 or chart.scale < BRANCH_SCALE * 0.999 and best is not None:
            continue  # a wider column that only fits smaller than the narrower one does not read as well
        height = head_h + chart.used_pt(0).height()
        taken = (share * height / room.height(), share)  # the least of a page, then the narrowest
        if best is None or taken < best:
            best = taken
            b.chart, b.share, b.width, b.height = chart, share, width, height
    if best is not None:
        return b
    # Too big for a column: a page (or pages) of its own, with fewer rows of rocks or on A3.
    b.head = [r.text(f"{name}'s branch", r.f_h2, INK, after=1), head[1]]
    b.chart, b.room, b.paper = on_paper(r, b.head, lambda size, rows: ChartPages(
        plan, options, page_size_pt=size, analysis=r.analysis, date_text=r.date_text, progress=progress,
        chip_rows=rows, titled=False, reports=reports))  # fmt: skip
    b.own = True
    b.width = r.area(b.paper)[0]
    return b


def _sub(r: Any, b: Branch, summary: Summary, page_of: dict[str, int]) -> Block:
    plan = r.plan
    role = one_line(plan.people[b.root].role, 60)
    what = plural(b.people, "person", "people")
    if b.depth is not None:
        what += "; their reports here, their branches next"
    text = f"{role + ' · ' if role else ''}{what}{summary.up_ref(plan, b.root, page_of)}"
    old = b.head[1]
    made = r.text(text, r.f_small, MUTED, width=b.width, max_lines=1, after=3)
    made.height = old.height  # the room laid out for it
    return made


def _draw_branches(head: list[Block], placed: list[tuple[Branch, float, float]]) -> Callable[[QPainter, int], None]:
    def draw(painter: QPainter, number: int) -> None:
        y = 0.0
        for block in head:
            block.draw(painter, 0, y)
            y += block.height
        for b, x, top in placed:
            assert b.chart is not None
            painter.save()
            painter.translate(x, y + top)
            by = 0.0
            for block in b.head:
                block.draw(painter, 0, by)
                by += block.height
            painter.translate(0, by)
            b.chart.paint(painter, 0)
            painter.restore()

    return draw
