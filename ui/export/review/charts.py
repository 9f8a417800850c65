"""The review pack's org chart pages.

An org of up to WHOLE_MOST people is drawn whole (ui.export.chart.ChartPages: one page,
with fewer rows of rocks or on A3 if need be; else page-sized parts with "→ continued on
page N" under the manager and "↑ reports to NAME, page M" over the part). Up to BIG_AT,
a summary page and every branch (ui/export/review/branches.py, which picks among these).
A bigger org gets one summary page, its top levels with each collapsed branch's totals
under the card, and one page for each team worth reviewing (most warnings, then most
overloaded people, then the highest average load), not the whole tree: a reader of a
10,000-person plan gets the shape of the org and where to look.

``r`` is the pack being laid out (ui/export/report.py ``Report``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPageLayout, QPainter

from planner.checks.rules import OVERLOAD
from planner.core.text import one_line, plural
from planner.exports.exporting import Progress
from ui.board.items import CARD_W
from ui.export.chart import ONE_PAGE_MOST, ChartPages
from ui.export.chart_cards import MAX_CHIP_ROWS, fonts_for
from ui.export.chart_layout import build_forest, page_list, reporting
from ui.export.review.blocks import INK, MUTED, Block, Page

WHOLE_MOST = 60  # people: drawn whole in the pack (one page, A3 if needed); more get a summary and team pages
BIG_AT = 300  # people: more make a big org, whose load and findings pages are cut to the most telling
TEAM_PAGES = 20  # teams given a page of their own, at most
SUMMARY_DEPTHS = (3, 2, 1, 0)  # levels below the top tried for the summary page, deepest first
ONE_PAGE_PEOPLE = 60  # a chart up to this size tries fewer rows of rocks per card, then A3, to fit one page
FEWER_CHIP_ROWS = (7, 6, 5, 4, 3, 2, 1, 0)  # each a cap: cards with fewer rows keep theirs
SUMMARY = "Org chart"
TEAMS = "Teams to review"


@dataclass
class Team:
    """A manager and their direct reports, with what makes them worth a page."""

    manager: str
    members: list[str]
    warnings: int  # errors and warnings naming someone in the team
    overloaded: int
    load: float  # average load, % of capacity
    order: int  # the manager's place in the chart (preorder)

    def why(self) -> str:
        parts = [plural(len(self.members), "person", "people")]
        if self.warnings:
            parts.append(plural(self.warnings, "error or warning", "errors and warnings"))
        if self.overloaded:
            parts.append(f"{self.overloaded} overloaded")
        parts.append(f"average load {self.load:.0f}%")
        return ", ".join(parts)


def is_big(plan: Any) -> bool:
    return len(plan.people) > BIG_AT


def one_page(make: Callable[[int], ChartPages]) -> ChartPages:
    """``make(chip_rows)`` with the most rows of rocks on a card that still fits one page (the load
    pages show everyone's load; a card then says "+N more rocks"); all rows if none fits."""
    chart = make(MAX_CHIP_ROWS)
    if chart.count > 1 and len(chart.cards) <= ONE_PAGE_PEOPLE:
        for rows in FEWER_CHIP_ROWS:
            fewer = make(rows)
            if fewer.count == 1:
                return fewer
    return chart


def on_paper(
    r: Any, head: list[Block], make: Callable[[QSizeF, int], ChartPages]
) -> tuple[ChartPages, QSizeF, QPageLayout | None]:
    """``make(room, chip_rows)`` on the pack's page under ``head`` (see ``one_page``); a chart of up to
    ONE_PAGE_PEOPLE that needs more than one such page but fits one A3 page at a readable size goes
    there, with the most rows of rocks that fit (a 40-person org needs about twice an A4 page at 7 pt).
    Returns the chart, its room and its paper (None: the pack's own)."""
    room = r.chart_room(head)
    chart = one_page(lambda rows: make(room, rows))
    if chart.count == 1 or len(chart.cards) > ONE_PAGE_PEOPLE:
        return chart, room, None
    big = r.chart_room(head, r.big_paper)
    for rows in (MAX_CHIP_ROWS, *FEWER_CHIP_ROWS):
        bigger = make(big, rows)
        if bigger.count == 1:
            return bigger, big, r.big_paper
    return chart, room, None


def draw_chart(head: list[Block], chart: ChartPages, i: int, first: int) -> Callable[[QPainter, int], None]:
    def draw(painter: QPainter, number: int) -> None:
        y = 0.0
        for block in head:
            block.draw(painter, 0, y)
            y += block.height
        painter.save()
        painter.translate(0, y)
        chart.paint(painter, i, first_page_number=first)
        painter.restore()

    return draw


def whole_chart(r: Any, progress: Progress) -> None:
    head = [r.text(SUMMARY, r.f_h2, INK, after=1), r.text(_who(r, len(r.plan.people)), color=MUTED, after=4)]
    chart, size, paper = on_paper(r, head, lambda room, rows: ChartPages(
        r.plan, r.options.chart, page_size_pt=room, analysis=r.analysis, date_text=r.date_text, progress=progress,
        chip_rows=rows, titled=False))  # fmt: skip
    first = len(r.pack.pages) + 1
    r.chart, r.chart_first, r.chart_size = chart, first, size
    for i in range(chart.count):
        r.pack.add(Page(SUMMARY, draw_chart(head, chart, i, first), paper))


@dataclass
class Summary:
    """The summary chart of the top levels: its pages, the cards that carry a note, and which card
    on it stands for each target (a team's or a branch's manager, or their nearest shown manager)."""

    chart: ChartPages
    first: int  # its first page number
    notes: dict[str, str]
    holder: dict[str, str]
    below: dict[str, tuple[int, int, int]]  # person -> people below, errors and warnings, overloaded

    def point(self, page_of: dict[str, int], noun: str) -> None:
        """Now that the targets' pages are numbered, the notes under the summary's cards."""
        refs: dict[str, list[int]] = {}
        for target, at in self.holder.items():
            if target in page_of:
                refs.setdefault(at, []).append(page_of[target])
        for pid in self.notes:
            card = self.chart.cards[pid]
            card.note = _note(card.hidden, self.below[pid], sorted(refs.get(pid, [])), noun)

    def up_ref(self, plan: Any, pid: str, page_of: dict[str, int]) -> str:
        """ " · ↑ reports to NAME, page P" for ``pid``'s manager (on the summary or a page of ``page_of``)."""
        up = plan.people[pid].manager
        if up is None or up not in plan.people:
            return ""
        up_name = one_line(plan.people[up].name, 60)
        if up in page_of:
            return f" · ↑ reports to {up_name}, page {page_of[up]}"
        anchor = next((a for a in _ancestors(plan, pid) if a in self.chart.page_of), None)
        if anchor == up:
            return f" · ↑ reports to {up_name}, page {self.first + self.chart.page_of[up]}"
        if anchor is not None:
            branch = one_line(plan.people[anchor].name, 60)
            return f" · ↑ reports to {up_name}, in {branch}'s branch, page {self.first + self.chart.page_of[anchor]}"
        return ""


def summary_page(r: Any, progress: Progress, reports: Any, targets: list[str], depths: tuple[int, ...],
                 caption: str) -> Summary:  # fmt: skip
    """The deepest top of the org (``depths`` tried in turn) that fits one page, added to the pack;
    every collapsed branch's totals and each target's page go under its card (``Summary.point``)."""
    plan, analysis = r.plan, r.analysis
    forest = build_forest(plan, reports=reports)
    order = forest.order()
    kids = forest.children
    warned = _warned(r)
    warning, _error = OVERLOAD.limits(plan)
    # Each branch's totals, bottom-up: people below, errors and warnings, overloaded people.
    below: dict[str, tuple[int, int, int]] = {}
    for pid in reversed(order):
        n, w, o = 0, 0, 0
        for k in kids.get(pid, ()):
            kn, kw, ko = below[k]
            n, w, o = n + 1 + kn, w + warned.get(k, 0) + kw, o + (_load(r, k) > warning) + ko
        below[pid] = (n, w, o)
    head = [r.text(SUMMARY, r.f_h2, INK, after=1),
            r.text(f"{_who(r, len(plan.people))}. {caption}", color=MUTED, after=4)]  # fmt: skip
    size = r.chart_room(head)
    paper: QPageLayout | None = None
    notes: dict[str, str] = {}
    holder: dict[str, str] = {}
    summary: ChartPages | None = None
    for depth in depths:
        drawn = build_forest(plan, None, depth, reports)
        shown = set(drawn.order())
        if len(shown) > ONE_PAGE_MOST and depth:
            continue
        holder = {}
        for target in targets:
            at = next((a for a in [target, *_ancestors(plan, target)] if a in shown), None)
            if at is not None:
                holder[target] = at
        notes = dict.fromkeys([*drawn.hidden, *holder.values()], "…")  # room for two lines, text later
        options = replace(r.options.chart, depth=depth)

        def make_summary(room: QSizeF, rows: int, o: Any = options, n: dict[str, str] = notes) -> ChartPages:
            return ChartPages(plan, o, page_size_pt=room, analysis=analysis, date_text=r.date_text,
                              progress=progress, notes=n, chip_rows=rows, titled=False,
                              reports=reports)  # fmt: skip

        summary, size, paper = on_paper(r, head, make_summary)
        if summary.count == 1:
            break
    assert summary is not None
    first = len(r.pack.pages) + 1
    r.chart, r.chart_first, r.chart_size = summary, first, size
    for i in range(summary.count):
        r.pack.add(Page(SUMMARY, draw_chart(head, summary, i, first), paper))
    return Summary(summary, first, notes, holder, below)


def _warned(r: Any) -> dict[str, int]:
    """Errors and warnings naming each person."""
    people = r.plan.people
    warned: dict[str, int] = {}
    for f in r.analysis.sorted_findings():
        if f.severity != "info":
            for s in dict.fromkeys(f.subjects):
                if s in people:
                    warned[s] = warned.get(s, 0) + 1
    return warned


def _load(r: Any, pid: str) -> float:
    got = r.analysis.loads.get(pid)
    return got.percent if got else 0.0


def summary_and_teams(r: Any, progress: Progress) -> None:
    plan = r.plan
    reports = reporting(plan)  # every chart below is drawn from it: one pass over the people
    forest = build_forest(plan, reports=reports)
    order = forest.order()
    warned = _warned(r)
    warning, _error = OVERLOAD.limits(plan)
    place = {pid: i for i, pid in enumerate(order)}
    teams = []
    for manager, direct in forest.children.items():
        members = [manager, *direct]
        over = sum(1 for m in members if _load(r, m) > warning)
        warns = sum(warned.get(m, 0) for m in members)
        if warns or over:
            average = sum(_load(r, m) for m in members) / len(members)
            teams.append(Team(manager, members, warns, over, average, place[manager]))
    teams.sort(key=lambda t: (-t.warnings, -t.overloaded, -t.load, t.order))
    chosen = sorted(teams[:TEAM_PAGES], key=lambda t: t.order)
    summary = summary_page(r, progress, reports, [t.manager for t in chosen], SUMMARY_DEPTHS,
                           "The top of the organisation, each branch's totals under its card; the "
                           f"{len(chosen)} teams most worth reviewing follow, a page each.")  # fmt: skip

    # A page (or more, for a very wide team) per team.
    page_of: dict[str, int] = {}
    for team in chosen:
        name = plan.people[team.manager].name
        options = replace(r.options.chart, root=team.manager, depth=1, title=f"Team of {one_line(name, 80)}")
        ref = summary.up_ref(plan, team.manager, {})
        role = one_line(plan.people[team.manager].role, 60)
        team_head = [r.text(f"Team of {one_line(name, 80)}", r.f_h2, INK, after=1),
                     r.text(f"{role + ' · ' if role else ''}Why this team: {team.why()}{ref}", color=MUTED,
                            after=4)]  # fmt: skip

        def make_team(room: QSizeF, rows: int, o: Any = options) -> ChartPages:
            return ChartPages(plan, o, page_size_pt=room, analysis=r.analysis, date_text=r.date_text,
                              chip_rows=rows, titled=False, reports=reports)  # fmt: skip

        chart, _room, team_paper = on_paper(r, team_head, make_team)
        start = len(r.pack.pages) + 1
        page_of[team.manager] = start
        for i in range(chart.count):
            r.pack.add(Page(TEAMS, draw_chart(team_head, chart, i, start), team_paper))
    summary.point(page_of, "team")


def _note(hidden: int, below: tuple[int, int, int], refs: list[int], noun: str = "team") -> str:
    """Two lines under a summary card: a collapsed branch's totals, and the pages (of teams, of
    branches: ``noun``) it leads to."""
    _n, warns, over = below
    first = [f"+{plural(hidden, 'person', 'people')}"] if hidden else []
    second = []
    if hidden and warns:
        first.append(plural(warns, "warning"))
    if hidden and over:
        second.append(f"{over} overloaded")
    if refs:
        many = len(refs) > 1
        nouns = f"{noun}es" if noun.endswith("ch") else f"{noun}s"
        pages = f"→ {nouns if many else noun} on page{'s' if many else ''} {page_list(refs)}"
        if not _fits(" · ".join([*second, pages])):
            pages = f"→ {len(refs)} {nouns}, pages {min(refs)}–{max(refs)}" if many else f"→ page {refs[0]}"
        second.append(pages)
    lines = [" · ".join(first), " · ".join(second)]
    return "\n".join(line for line in lines if line)


def _fits(line: str) -> bool:
    return fonts_for().small_metrics.horizontalAdvance(line) <= CARD_W - 12.0


def _who(r: Any, people: int) -> str:
    scenario = r.options.chart.scenario
    return f"{'Scenario: ' + one_line(scenario, 80) if scenario else 'Baseline'} · {plural(people, 'person', 'people')}"


def _ancestors(plan: Any, pid: str) -> list[str]:
    """``pid``'s managers, nearest first (a reporting cycle stops the walk)."""
    out: list[str] = []
    seen = {pid}
    up = plan.people[pid].manager
    while up is not None and up in plan.people and up not in seen:
        out.append(up)
        seen.add(up)
        up = plan.people[up].manager
    return out
