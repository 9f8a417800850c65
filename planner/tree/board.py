"""The board's shape, without Qt: who shows, how stacks and wide levels wrap, where cards go.

ui/board/scene.py keeps one ``BoardModel`` and only places items where it says.
The reporting tree (planner.tree.orgtree) minus collapsed subtrees is laid out
by the tidy tree (planner.tree.layout); in the compact layout leaf reports are
stacked under their manager; with a ``wrap`` width a wide level wraps into rows
(planner.tree.wrap). Cards sit in *bands*: the cards whose tops are level (a
stack's cards are in its first card's band, ``offset`` below its top), so a card
that grows moves only the bands below it (``grow``), not the whole layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from models.plan import Person, Plan
from planner.tree.layout import Box, stack_families, tidy_tree
from planner.tree.orgtree import below, forest, managers_below, team_totals
from planner.tree.wrap import extents, wrap_forest

H_GAP = 28.0
V_GAP = 48.0  # cards draw the connector half-way (24 px) up to their parent's bus
LEVEL_GAP = V_GAP + 16.0  # between levels: the connectors and a manager's collapse toggle
COMPACT_AT = 50  # people: from here on the layout stacks leaf reports (toggle in View)
COLLAPSE_AT = 400  # people: a plan this big opens showing OPEN_LEVELS levels
OPEN_LEVELS = 3
STACK_INDENT = 24.0  # a stacked report's left edge, right of its manager's (wrapped rows too)
STACK_GAP = 8.0
MAX_STACK = 12  # a longer stack wraps into columns, so one big team does not make the chart tall
STACK_CHOICES = (12, 9, 6, 4)  # Fit to window picks the one whose chart best fills the window
WRAP_CHOICES = (0.85, 1.2)  # Fit then tries wrap widths either side of the window's shape
SHAPE_UP_TO = 5000  # people: beyond this Fit tries fewer layouts (each takes a while)
TOGGLE_ROOM = 20.0  # below a stacked card that has reports: its toggle and what it hides
GROW_SLACK = 48.0  # a band that grows takes two chip rows more, so the next drop moves nothing
SEVERITY_ORDER = ("error", "warning", "info")  # a collapsed card tells the worst finding it hides


class BoardModel:
    """Collapsed managers, compact and wrap choices, and the last layout's placement."""

    def __init__(self, card_width: float) -> None:
        self.card_width = card_width
        self.collapsed: set[str] = set()
        self.compact: bool | None = None  # None: automatic (COMPACT_AT)
        self.max_stack = MAX_STACK  # compact: reports per column (see shape_for)
        self.wrap = 0.0  # wrap levels wider than this into rows (0: never), set by Fit
        self.reports: dict[str, list[str]] = {}  # manager -> direct reports (all, in model order)
        self.roots: list[str] = []
        self.visible: set[str] = set()
        self.order: list[str] = []  # visible people, preorder
        self.depth = 0  # levels shown
        self.shown: dict[str, list[str]] = {}  # visible managers not collapsed -> reports
        self.x: dict[str, float] = {}
        self.band: dict[str, int] = {}
        self.offset: dict[str, float] = {}  # below its band's top (stacked cards)
        self.bands: list[list[str]] = []  # top to bottom, people in model order
        self.band_top: list[float] = []
        self.band_height: list[float] = []
        self.stack_of: dict[str, str] = {}  # stacked card -> its manager
        self.rows: dict[str, list[list[str]]] = {}  # manager whose reports wrap -> rows
        self.width = 0.0
        self.uplinks: list[set[str]] = []  # per band: the managers its cards hang from
        self._people_count = 0
        self._tree: tuple[dict[str, list[str]], list[str]] | None = None  # read by start, for the next layout

    # ------------------------------------------------------------ choices

    def is_compact(self) -> bool:
        """Compact layout: the user's choice, else on from COMPACT_AT people."""
        return self.compact if self.compact is not None else self._people_count >= COMPACT_AT

    def start(self, people: Mapping[str, Person]) -> None:
        """A plan opened: the mode its size calls for, its top levels only if it is big."""
        self._people_count = len(people)
        self.compact = None
        self.wrap = 0.0
        # The tree is read once here and kept for the layout that follows at once (the scene's
        # rebuild): a second read took 0.1 s at 100k people. Any later layout reads it afresh.
        self._tree = forest(people)
        self.collapsed = managers_below(people, OPEN_LEVELS, self._tree) if len(people) >= COLLAPSE_AT else set()

    def collapse_below(self, people: Mapping[str, Person], level: int) -> None:
        """Show ``level`` levels of the tree (1 = only the top people)."""
        self.collapsed = managers_below(people, level)

    # ------------------------------------------------------------- layout

    def layout(self, people: Mapping[str, Person], height_of: Callable[[str], float]) -> None:
        """Lay out the people shown (``height_of`` a card's height) and fill the placement."""
        self._people_count = len(people)
        tree, self._tree = self._tree, None
        self.reports, self.roots = tree if tree is not None else forest(people)
        self.collapsed &= people.keys()
        boxes, width, self.rows = self._boxes(self.max_stack, self.wrap, height_of)
        self.width = width
        self._place(people, boxes, height_of)

    def _visit(self) -> None:
        reports, collapsed = self.reports, self.collapsed
        order: list[str] = []
        todo = [(r, 1) for r in reversed(self.roots)]
        self.depth = 0  # levels shown
        while todo:
            pid, level = todo.pop()
            order.append(pid)
            self.depth = max(self.depth, level)
            if pid not in collapsed and pid in reports:
                todo.extend((k, level + 1) for k in reversed(reports[pid]))
        self.order, self.visible = order, set(order)
        self.shown = {p: reports[p] for p in order if p in reports and p not in collapsed}
        stacked = stack_families(self.shown) if self.is_compact() else set()
        self.stack_of = {k: p for p in stacked for k in self.shown[p]}

    def _boxes(
        self, max_stack: int, wrap: float, height_of: Callable[[str], float]
    ) -> tuple[dict[str, Box], float, dict[str, list[list[str]]]]:
        """Boxes of the people shown (x from 0), the chart's width, and the wrapped families."""
        self._visit()
        shown, stack_of, reports, w = self.shown, self.stack_of, self.reports, self.card_width
        # A stacked card with reports is collapsed: room for its toggle and "+N people".
        sizes = {p: (w, height_of(p) + (TOGGLE_ROOM if p in stack_of and p in reports else 0.0)) for p in self.order}
        size = sizes.__getitem__

        def tidy(roots: list[str]) -> dict[str, Box]:
            return tidy_tree(
                roots,
                shown,
                size,
                H_GAP,
                LEVEL_GAP,
                compact=self.is_compact(),
                indent=STACK_INDENT,
                stack_gap=STACK_GAP,
                max_stack=max_stack,
            )

        boxes = tidy(self.roots)
        width = max((b.x + b.w for b in boxes.values()), default=0.0)
        if not wrap or width <= wrap:
            return boxes, width, {}
        widths = extents(boxes, shown, self.order)
        wrapped = wrap_forest(
            self.roots,
            shown,
            size,
            lambda node: tidy([node]),
            widths,
            wrap,
            h_gap=H_GAP,
            v_gap=LEVEL_GAP,
            indent=STACK_INDENT,
            narrowest=2 * w + H_GAP,
        )
        return wrapped.boxes, wrapped.width, wrapped.rows

    def _place(self, people: Mapping[str, Person], boxes: dict[str, Box], height_of: Callable[[str], float]) -> None:
        shown, stack_of = self.shown, self.stack_of
        tops: dict[str, float] = {}
        for pid in self.order:
            parent = stack_of.get(pid)
            tops[pid] = boxes[shown[parent][0]].y if parent is not None else boxes[pid].y
        levels = sorted(set(tops.values()))
        index = {top: i for i, top in enumerate(levels)}
        self.bands = [[] for _ in levels]
        self.band_top = list(levels)
        self.x, self.band, self.offset = {}, {}, {}
        for pid in people:  # model order within a band
            top = tops.get(pid)
            if top is None:
                continue
            b = self.band[pid] = index[top]
            self.bands[b].append(pid)
            self.x[pid] = boxes[pid].x
            if pid in stack_of:
                self.offset[pid] = boxes[pid].y - top
        self.band_height = [self.band_extent(b, height_of) for b in range(len(levels))]
        self.uplinks = [set() for _ in levels]
        for pid in self.order:
            up = people[pid].manager
            if up is not None and up in self.visible:
                self.uplinks[self.band[pid]].add(up)

    def band_extent(self, b: int, height_of: Callable[[str], float]) -> float:
        """How tall band ``b``'s cards and stacks are now."""
        offset = self.offset
        return max((offset.get(p, 0.0) + height_of(p) for p in self.bands[b]), default=0.0)

    def restack(self, parent: str, height_of: Callable[[str], float]) -> list[str]:
        """A stacked card changed height: its family's offsets again, column by column;
        returns the cards that moved."""
        moved = []
        tops: dict[float, float] = {}  # column x -> next card's offset
        for kid in self.shown[parent]:
            x = self.x[kid]
            y = tops.get(x, 0.0)
            if y != self.offset[kid]:
                self.offset[kid] = y
                moved.append(kid)
            tops[x] = y + height_of(kid) + STACK_GAP + (TOGGLE_ROOM if kid in self.reports else 0.0)
        return moved

    def grow(self, bands: set[int], height_of: Callable[[str], float]) -> tuple[list[int], set[str]]:
        """Cards in ``bands`` may have grown: a band taller than it was gets GROW_SLACK more
        (it never shrinks until the next layout) and every band below moves down as much.
        Returns the bands that moved and the managers whose lines to them must be redrawn."""
        shift: list[tuple[float, float]] = []  # (top of a band that grew, by how much)
        for b in sorted(bands):
            h = self.band_extent(b, height_of)
            if h > self.band_height[b]:
                shift.append((self.band_top[b], h + GROW_SLACK - self.band_height[b]))
                self.band_height[b] = h + GROW_SLACK
        if not shift:
            return [], set()
        moved = []
        for b, top in enumerate(self.band_top):
            delta = sum(d for grown, d in shift if top > grown)
            if delta:
                self.band_top[b] = top + delta
                moved.append(b)
        moving = set(moved)
        relink = {up for b in moved for up in self.uplinks[b] if self.band[up] not in moving}
        return moved, relink

    def hiding(self, people: Mapping[str, Person], hidden: set[str]) -> set[str]:
        """The collapsed cards under which ``hidden`` people are (the shown ones are
        skipped): walks up from each to the first manager shown."""
        tops: set[str] = set()
        for pid in hidden:
            seen = set()
            node = people[pid].manager if pid in people and pid not in self.visible else None
            while node is not None and node in people and node not in seen:
                seen.add(node)
                if node in self.visible:
                    tops.add(node)
                    break
                node = people[node].manager
        return tops

    def hidden_summaries(
        self,
        plan: Plan,
        findings: Iterable[Any],
        effort_of: Callable[[str], float | None],
        only: set[str] | None = None,
    ) -> dict[str, tuple[tuple[int, str, int], str, float | None]]:
        """What each collapsed card shown (all, or ``only`` these) hides: (people hidden,
        the worst severity among their ``findings`` and how many of it), the team's name
        and its load (planner.tree.orgtree.team_totals)."""
        reports = self.reports
        pool = self.collapsed if only is None else only
        shown = [p for p in pool if p in self.collapsed and p in self.visible and reports.get(p)]
        hidden = {pid: below(reports, pid) for pid in shown}
        under: dict[str, str] = {}
        for pid, nodes in hidden.items():
            under.update(dict.fromkeys(nodes, pid))
        worst: dict[str, dict[str, int]] = {pid: {} for pid in shown}
        hiding = under.get
        for finding in findings:  # 118k at 100k people: most name one subject
            subjects = finding.subjects
            if len(subjects) == 1:
                one = hiding(subjects[0])
                if one is None:
                    continue
                pids: Iterable[str] = (one,)
            elif under.keys().isdisjoint(subjects):
                continue
            else:
                pids = {under[s] for s in subjects if s in under}
            severity = finding.severity
            for pid in pids:
                counts = worst[pid]
                counts[severity] = counts.get(severity, 0) + 1
        efforts = {p: e for p in under if (e := effort_of(p)) is not None}
        out = {}
        for pid in shown:
            counts, people = worst[pid], hidden[pid]
            severity = next((s for s in SEVERITY_ORDER if counts.get(s)), "")
            team, load = team_totals(plan, efforts, pid, people)
            out[pid] = ((len(people), severity, counts.get(severity, 0)), team, load)
        return out

    def team_sums(self, plan: Plan, effort_of: Callable[[str], float]) -> dict[str, tuple[int, float, float]]:
        """For each manager, the people under them (all levels) as (how many, their effort,
        their capacity): one pass up the tree, not a walk per manager."""
        totals: dict[str, list[float]] = {}
        order: list[str] = []
        todo = list(self.roots)
        while todo:
            pid = todo.pop()
            order.append(pid)
            todo.extend(self.reports.get(pid, ()))
        for pid in reversed(order):  # children before their manager
            person = plan.people[pid]
            own = totals.get(pid)
            total = own if own is not None else [0, 0.0, 0.0]
            up = totals.setdefault(person.manager, [0, 0.0, 0.0]) if person.manager in plan.people else None
            if up is not None:
                up[0] += total[0] + 1
                up[1] += total[1] + effort_of(pid)
                up[2] += total[2] + person.capacity
        return {pid: (int(t[0]), t[1], t[2]) for pid, t in totals.items()}

    # ---------------------------------------------------------------- fit

    def shape_for(self, width: float, height: float, height_of: Callable[[str], float]) -> bool:
        """Fit to window: the stack length and wrap width whose chart can be shown largest in
        ``width`` x ``height`` (a chart much wider than the window wraps its wide levels into
        rows, to about the window's shape). Returns whether anything changed; ``layout`` after."""
        if not self.order:
            return False
        before = (self.max_stack, self.wrap)

        def zoom(boxes: dict[str, Box], w: float) -> float:
            h = max((b.y + b.h for b in boxes.values()), default=0.0)
            return min(1.0, width / max(w, 1.0), height / max(h, 1.0))  # Fit never zooms in past 100%

        big = self._people_count > SHAPE_UP_TO
        lengths = STACK_CHOICES if self.is_compact() and not big else (self.max_stack,)
        best, best_zoom = (self.max_stack, 0.0), -1.0
        ideal: dict[int, float] = {}  # stack length -> wrap width of the window's shape, same area
        for length in lengths:
            boxes, w, _rows = self._boxes(length, 0.0, height_of)
            tries = [(0.0, zoom(boxes, w))]
            chart_h = max((b.y + b.h for b in boxes.values()), default=0.0)
            if w / max(chart_h, 1.0) > 2.0 * width / max(height, 1.0):  # far wider than the window
                ideal[length] = (w * chart_h * width / max(height, 1.0)) ** 0.5
                boxes, wrapped_w, _rows = self._boxes(length, ideal[length], height_of)
                tries.append((ideal[length], zoom(boxes, wrapped_w)))
            for limit, z in tries:
                if z > best_zoom * 1.05:  # ties keep the longer stacks (fewer columns to read), no wrap
                    best, best_zoom = (length, limit), z
        length = best[0]
        if best[1] and not big:  # wrapped: a little narrower or wider may fill the window better
            for factor in WRAP_CHOICES:
                boxes, wrapped_w, _rows = self._boxes(length, ideal[length] * factor, height_of)
                z = zoom(boxes, wrapped_w)
                if z > best_zoom * 1.05:
                    best, best_zoom = (length, ideal[length] * factor), z
        self.max_stack, self.wrap = best
        return (self.max_stack, self.wrap) != before
