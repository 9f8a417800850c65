"""The review pack's org chart pages.

An org of up to WHOLE_MOST people is drawn whole (ui.export.chart.ChartPages: one page
when it fits readably, else page-sized parts with "→ continued on page N" under the
manager and "↑ reports to NAME, page M" over the part). A bigger org gets one summary
page, its top levels with each collapsed branch's totals under the card, and one page
for each team worth reviewing (most warnings, then most overloaded people, then the
highest average load), not the whole tree: a reader of a 10,000-person plan gets the
shape of the org and where to look.

``r`` is the pack being laid out (ui/export/report.py ``Report``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtGui import QPainter

from planner.checks.rules import OVERLOAD
from planner.core.text import one_line, plural
from planner.exports.exporting import Progress
from ui.board.items import CARD_W
from ui.export.chart import ONE_PAGE_MOST, ChartPages
from ui.export.chart_cards import MAX_CHIP_ROWS, fonts_for
from ui.export.chart_layout import build_forest, page_list, reporting
from ui.export.review.blocks import INK, MUTED, Block, Page

WHOLE_MOST = 300  # people: drawn whole in the pack; more get a summary and team pages
TEAM_PAGES = 20  # teams given a page of their own, at most
SUMMARY_DEPTHS = (3, 2, 1, 0)  # levels below the top tried for the summary page, deepest first
ONE_PAGE_PEOPLE = 60  # a chart up to this size tries fewer rows of rocks per card to fit one page
FEWER_CHIP_ROWS = (5, 3, 2, 1, 0)
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
    return len(plan.people) > WHOLE_MOST


def chart_pages(r: Any, progress: Progress) -> None:
    """Add the org chart's pages to the pack: whole, or a summary and team pages (``is_big``)."""
    if is_big(r.plan) and r.options.chart.root is None:
        _summary_and_teams(r, progress)
    else:
        _whole(r, progress)


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


def _draw(head: list[Block], chart: ChartPages, i: int, first: int) -> Callable[[QPainter, int], None]:
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


def _whole(r: Any, progress: Progress) -> None:
    head = [r.text(SUMMARY, r.f_h2, INK, after=1), r.text(_who(r, len(r.plan.people)), color=MUTED, after=4)]
    size = r.chart_room(head)
    chart = one_page(lambda rows: ChartPages(r.plan, r.options.chart, page_size_pt=size, analysis=r.analysis,
                                             date_text=r.date_text, progress=progress, chip_rows=rows,
                                             titled=False))  # fmt: skip
    first = len(r.pack.pages) + 1
    r.chart, r.chart_first, r.chart_size = chart, first, size
    for i in range(chart.count):
        r.pack.add(Page(SUMMARY, _draw(head, chart, i, first)))


def _summary_and_teams(r: Any, progress: Progress) -> None:
    plan, analysis = r.plan, r.analysis
    reports = reporting(plan)  # every chart below is drawn from it: one pass over the people
    forest = build_forest(plan, reports=reports)
    order = forest.order()
    kids = forest.children
    people = set(plan.people)
    warned: dict[str, int] = {}
    for f in analysis.sorted_findings():
        if f.severity != "info":
            for s in dict.fromkeys(f.subjects):
                if s in people:
                    warned[s] = warned.get(s, 0) + 1
    warning, _error = OVERLOAD.limits(plan)

    def load(pid: str) -> float:
        got = analysis.loads.get(pid)
        return got.percent if got else 0.0

    # Each branch's totals, bottom-up: people below, errors and warnings, overloaded people.
    below: dict[str, tuple[int, int, int]] = {}
    for pid in reversed(order):
        n, w, o = 0, 0, 0
        for k in kids.get(pid, ()):
            kn, kw, ko = below[k]
            n, w, o = n + 1 + kn, w + warned.get(k, 0) + kw, o + (load(k) > warning) + ko
        below[pid] = (n, w, o)
    place = {pid: i for i, pid in enumerate(order)}
    teams = []
    for manager, direct in kids.items():
        members = [manager, *direct]
        over = sum(1 for m in members if load(m) > warning)
        warns = sum(warned.get(m, 0) for m in members)
        if warns or over:
            average = sum(load(m) for m in members) / len(members)
            teams.append(Team(manager, members, warns, over, average, place[manager]))
    teams.sort(key=lambda t: (-t.warnings, -t.overloaded, -t.load, t.order))
    chosen = sorted(teams[:TEAM_PAGES], key=lambda t: t.order)

    # The summary: the deepest top that fits one page, every collapsed branch's totals under it.
    head = [r.text(SUMMARY, r.f_h2, INK, after=1),
            r.text(f"{_who(r, len(plan.people))}. The top of the organisation, each branch's totals under its "
                   f"card; the {len(chosen)} teams most worth reviewing follow, a page each.", color=MUTED,
                   after=4)]  # fmt: skip
    size = r.chart_room(head)
    notes: dict[str, str] = {}
    holder: dict[str, str] = {}  # team manager -> the card on the summary that points to their page
    summary: ChartPages | None = None
    for depth in SUMMARY_DEPTHS:
        drawn = build_forest(plan, None, depth, reports)
        shown = set(drawn.order())
        if len(shown) > ONE_PAGE_MOST and depth:
            continue
        holder = {}
        for team in chosen:
            at = next((a for a in [team.manager, *_ancestors(plan, team.manager)] if a in shown), None)
            if at is not None:
                holder[team.manager] = at
        notes = dict.fromkeys([*drawn.hidden, *holder.values()], "…")  # room for two lines, text later
        options = replace(r.options.chart, depth=depth)
        def make_summary(rows: int, o: Any = options, n: dict[str, str] = notes) -> ChartPages:
            return ChartPages(plan, o, page_size_pt=size, analysis=analysis, date_text=r.date_text,
                              progress=progress, notes=n, chip_rows=rows, titled=False,
                              reports=reports)  # fmt: skip

        summary = one_page(make_summary)
        if summary.count == 1:
            break
    assert summary is not None
    first = len(r.pack.pages) + 1
    r.chart, r.chart_first, r.chart_size = summary, first, size
    for i in range(summary.count):
        r.pack.add(Page(SUMMARY, _draw(head, summary, i, first)))
    on_summary = set(summary.page_of)

    # A page (or more, for a very wide team) per team.
    page_of: dict[str, int] = {}
    for team in chosen:
        name = plan.people[team.manager].name
        options = replace(r.options.chart, root=team.manager, depth=1, title=f"Team of {one_line(name, 80)}")
        up = plan.people[team.manager].manager
        ref = ""
        if up is not None and up in plan.people:
            anchor = next((a for a in _ancestors(plan, team.manager) if a in on_summary), None)
            up_name = one_line(plan.people[up].name, 60)
            if anchor == up:
                ref = f" · ↑ reports to {up_name}, page {first + summary.page_of[up]}"
            elif anchor is not None:
                branch = one_line(plan.people[anchor].name, 60)
                ref = f" · ↑ reports to {up_name}, in {branch}'s branch, page {first + summary.page_of[anchor]}"
        role = one_line(plan.people[team.manager].role, 60)
        team_head = [r.text(f"Team of {one_line(name, 80)}", r.f_h2, INK, after=1),
                     r.text(f"{role + ' · ' if role else ''}Why this team: {team.why()}{ref}", color=MUTED,
                            after=4)]  # fmt: skip
        room = r.chart_room(team_head)
        def make_team(rows: int, o: Any = options, room: Any = room) -> ChartPages:
            return ChartPages(plan, o, page_size_pt=room, analysis=analysis, date_text=r.date_text,
                              chip_rows=rows, titled=False, reports=reports)  # fmt: skip

        chart = one_page(make_team)
        start = len(r.pack.pages) + 1
        page_of[team.manager] = start
        for i in range(chart.count):
            r.pack.add(Page(TEAMS, _draw(team_head, chart, i, start)))

    # Now that the team pages are numbered, the summary's notes.
    refs: dict[str, list[int]] = {}
    for manager, at in holder.items():
        refs.setdefault(at, []).append(page_of[manager])
    for pid in notes:
        summary.cards[pid].note = _note(summary.cards[pid].hidden, below[pid], refs.get(pid, []))


def _note(hidden: int, below: tuple[int, int, int], refs: list[int]) -> str:
    """Two lines under a summary card: a collapsed branch's totals, and the team pages it leads to."""
    _n, warns, over = below
    first = [f"+{plural(hidden, 'person', 'people')}"] if hidden else []
    second = []
    if hidden and warns:
        first.append(plural(warns, "warning"))
    if hidden and over:
        second.append(f"{over} overloaded")
    if refs:
        many = len(refs) > 1
        pages = f"→ team{'s' if many else ''} on page{'s' if many else ''} {page_list(refs)}"
        if not _fits(" · ".join([*second, pages])):
            pages = f"→ {len(refs)} teams, pages {min(refs)}–{max(refs)}" if many else f"→ page {refs[0]}"
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
