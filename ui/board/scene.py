"""The board scene: one card per person laid out as the reporting tree.

Keeps an id -> card map and, after each command, refreshes only the cards
its Changes record names (STYLE.md, Views). The tree is laid out by
planner.tree.layout (x) plus a per-level pass (y, so a taller card only pushes
the levels below it); a full relayout happens only when reporting lines,
people or collapsed subtrees change. Past COMPACT_AT people the layout is
compact (leaf reports stacked under their manager) and past COLLAPSE_AT a
plan opens with only its top levels shown, so its root is readable.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from planner.checks.rules import OVERLOAD
from planner.core.changes import Changes
from planner.tree.layout import stack_families, tidy_tree
from planner.tree.orgtree import below, forest, managers_below, team_totals
from ui.board.items import (
    CARD_W,
    CHIP_GAP,
    CHIP_H,
    SELECT,
    CardData,
    ChipSpec,
    Fonts,
    PersonCard,
    load_color,
)
from ui.board.overlays import Container, DottedLinks, Overview, Tray

NO_CACHE = QGraphicsItem.CacheMode.NoCache
DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache
H_GAP = 28.0
V_GAP = 48.0  # cards draw the connector half-way (24 px) up to their parent's bus
CONTAINER_SIZE = 256
COMPACT_AT = 50  # people: from here on the layout stacks leaf reports (toggle in View)
COLLAPSE_AT = 400  # people: a plan this big opens showing OPEN_LEVELS levels
OPEN_LEVELS = 3
STACK_INDENT = 24.0  # a stacked report's left edge, right of its manager's
STACK_GAP = 8.0
MAX_STACK = 12  # a longer stack wraps into columns, so one big team does not make the chart tall
STACK_CHOICES = (12, 9, 6, 4)  # Fit to window picks the one whose chart best fills the window
SHAPE_UP_TO = 5000  # people: beyond this Fit keeps the stack length (4 layouts would take seconds)
TOGGLE_ROOM = 20.0  # below a stacked card that has reports: its toggle and what it hides
SEVERITY_ORDER = ("error", "warning", "info")


class BoardScene(QGraphicsScene):
    layout_changed = Signal()

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.fonts = Fonts()
        self.cards: dict[str, PersonCard] = {}
        self.collapsed: set[str] = set()
        self.compact: bool | None = None  # None: automatic (COMPACT_AT)
        self.max_stack = MAX_STACK  # compact: reports per column (see shape_for)
        self.offset: dict[str, float] = {}  # stacked card -> y below its level's top
        self.stack_of: dict[str, str] = {}  # stacked card -> its manager
        self.compact_action = QAction("Compact layout", self)
        self.compact_action.setCheckable(True)
        self.compact_action.setStatusTip("Stack leaf reports under their manager (keeps wide orgs readable)")
        self.compact_action.triggered.connect(self.set_compact)
        self.children: dict[str, list[str]] = {}
        self.roots: list[str] = []
        self.depth: dict[str, int] = {}
        self.level_top: list[float] = []
        self.level_max: list[float] = []
        self.levels: list[list[str]] = []
        self.visible: set[str] = set()
        self._level_containers: list[list[Container]] = []
        self._spare: Container | None = None
        self._parents: list[list[str]] = []
        self._width = 0.0
        self._colors: dict[str, QColor] = {}
        self._dotted_ends: set[str] = set()  # people at either end of a dotted line
        self._stale = QRectF()  # scene area to repaint at the next relayout (see relayout)
        self.dotted = DottedLinks()
        self.addItem(self.dotted)
        self.overview = Overview()
        self.overview.setVisible(False)
        self.addItem(self.overview)
        self.far = False  # zoomed out so far that the overview stands in for the cards
        self._overview_dirty = True
        self.unowned_tray = Tray("unowned", "Unowned", self.fonts)
        self.ground_tray = Tray("ground", "On the ground (dropped)", self.fonts)
        self.addItem(self.unowned_tray)
        self.addItem(self.ground_tray)
        self.setBackgroundBrush(QColor("#f4f5f8"))
        controller.changed.connect(self.on_changed)
        controller.document_replaced.connect(self.rebuild)
        controller.scenario_switched.connect(self.switch)  # another scenario shown
        controller.selection_changed.connect(self.on_selection)
        self._shown_selection: tuple[set[str], set[str]] = (set(), set())
        self.rebuild()

    # ------------------------------------------------------------ build

    @property
    def plan(self):
        return self.controller.plan

    def rebuild(self) -> None:
        for level in self._level_containers:
            for container in level:
                self.removeItem(container)
        self._level_containers = []
        if self._spare is not None:
            self.removeItem(self._spare)
        self._spare = Container()  # holds cards no level shows (collapsed subtrees)
        self._spare.setVisible(False)
        self.addItem(self._spare)
        self.cards = {}
        self.collapsed &= set(self.plan.people)
        self.compact = None  # each plan starts in the mode its size calls for
        if len(self.plan.people) >= COLLAPSE_AT:
            self.collapsed = self._collapsed_below(OPEN_LEVELS)
        self._colors = {d.id: QColor(d.color) for d in self.plan.discipline_table.disciplines.values()}
        self.relayout()  # makes the cards of the people it shows (see card)
        self.refresh_trays()
        self._shown_selection = (set(), set())
        self.on_selection()

    def switch(self) -> None:
        """Another scenario shown: most people are the same, so keep their cards and
        refill them (a card whose content is unchanged costs a comparison), rather
        than making every card again."""
        self._colors = {d.id: QColor(d.color) for d in self.plan.discipline_table.disciplines.values()}
        self._sync_cards(None)
        self.refresh_trays()
        self._shown_selection = (set(), set())
        self.on_selection()

    def _sync_cards(self, refill: set[str] | None) -> None:
        """Cards for exactly the plan's people (made or dropped as needed), ``refill``
        (None: all) filled again, then a full relayout."""
        plan, analysis = self.plan, self.controller.analysis
        people = plan.people
        for pid in [p for p in self.cards if p not in people]:
            card = self.cards.pop(pid)
            self.update(card.sceneBoundingRect())  # erase where it was (see relayout)
            self.removeItem(card)
        for pid, card in self.cards.items():
            if refill is None or pid in refill:
                if pid in self.visible:  # it may shrink, then move: its area as painted (see relayout)
                    self._stale |= card.sceneBoundingRect()
                self._fill(card, plan, analysis)
        self.collapsed &= set(people)
        self.relayout()  # makes the cards of people shown for the first time

    def card(self, pid: str) -> PersonCard:
        """A person's card, made (and filled) the first time the layout shows them: a
        100k-person plan opened collapsed makes a few hundred cards, not 100k."""
        card = self.cards.get(pid)
        if card is None:
            card = self.cards[pid] = PersonCard(pid, self.fonts, self._spare)
            self._fill(card)
        return card

    def _color(self, discipline: str) -> QColor:
        color = self._colors.get(discipline)
        if color is None:
            d = self.plan.discipline_table.get(discipline)
            color = QColor(d.color if d else "#888888")
            self._colors[discipline] = color
        return color

    def _fill(self, card: PersonCard, plan=None, analysis=None) -> bool:
        plan = plan or self.plan
        analysis = analysis or self.controller.analysis
        person = plan.people[card.pid]
        load = analysis.loads.get(card.pid)
        warning, error = OVERLOAD.limits(plan)
        data = CardData(
            person.name,
            person.role,
            analysis.family(card.pid),
            person.status,
            person.start,
            load.percent if load else 0.0,
            load.effort if load else 0.0,
            person.capacity,
            warning,
            error,
        )
        rocks, color = plan.rocks, self._color
        chips = []
        for r in analysis.owned.get(card.pid, ()):
            rock = rocks[r]
            chips.append(ChipSpec(r, rock.title, color(rock.discipline), seeded=rock.seeded))
        return card.set_content(data, chips)

    def refresh_trays(self) -> None:
        rocks, analysis = self.plan.rocks, self.controller.analysis
        self.unowned_tray.set_chips(
            [ChipSpec(r, rocks[r].title, self._color(rocks[r].discipline)) for r in analysis.unowned]
        )
        self.ground_tray.set_chips(
            [ChipSpec(r, rocks[r].title, self._color(rocks[r].discipline), dropped=True) for r in analysis.dropped]
        )

    # ----------------------------------------------------------- layout

    def relayout(self) -> None:
        """Full layout: reporting forest (minus collapsed subtrees) -> card positions.

        Cards sit in one container per level (chunks of CONTAINER_SIZE), at
        y = 0 inside it, so moving a whole level down is one setY per chunk.
        """
        people = self.plan.people
        children, roots = forest(people)
        self.children, self.roots = children, roots
        shown = {p: c for p, c in children.items() if p not in self.collapsed}
        compact = self.is_compact()
        self.compact_action.setChecked(compact)
        boxes = tidy_tree(
            roots,
            shown,
            lambda _p: (CARD_W, 1.0),
            H_GAP,
            1.0,
            compact=compact,
            indent=STACK_INDENT,
            max_stack=self.max_stack,
        )
        self.visible = set(boxes)
        for pid in boxes:
            self.card(pid)
        self.offset, self.stack_of = {}, {}
        if compact:
            for parent in stack_families(shown) & boxes.keys():  # not those under a collapsed one
                tops: dict[float, float] = {}  # column x -> next card's offset
                for kid in shown[parent]:
                    x = boxes[kid].x
                    y = self.offset[kid] = tops.get(x, 0.0)
                    self.stack_of[kid] = parent
                    # Room for a collapsed report's toggle and "+N people" line too.
                    tops[x] = y + self.card(kid).height + STACK_GAP + (TOGGLE_ROOM if self.children.get(kid) else 0.0)
        depth: dict[str, int] = {}
        stack = [(r, 0) for r in reversed(roots)]
        while stack:
            pid, d = stack.pop()
            depth[pid] = d
            for child in shown.get(pid, ()):
                stack.append((child, d + 1))
        self.depth = depth
        self.levels = [[] for _ in range(max(depth.values(), default=-1) + 1)]
        for pid in people:  # model order within a level
            d = depth.get(pid)
            if d is not None:
                self.levels[d].append(pid)
        self.level_max = [self._level_height(level) for level in self.levels]
        self._level_tops()
        while len(self._level_containers) < len(self.levels):
            self._level_containers.append([])
        # Qt repaints where an item was lazily, walking the tree as it is by then: a
        # card re-parented into the hidden spare (or to another level) was never
        # erased and left fragments on screen, and so was a card moved in the same
        # batch as another card's removal (undoing a hire left the manager's card
        # painted over the gone report as well). Invalidate their old areas up front.
        stale, self._stale = self._stale, QRectF()
        for pid, card in self.cards.items():
            if pid not in self.visible and card.parentItem() is not self._spare:
                stale |= card.sceneBoundingRect()
                card.setParentItem(self._spare)
        for d, level in enumerate(self.levels):
            containers = self._level_containers[d]
            while len(containers) * CONTAINER_SIZE < len(level):
                container = Container()
                self.addItem(container)
                containers.append(container)
            for container in containers:
                container.setPos(0.0, self.level_top[d])
            for i, pid in enumerate(level):
                card = self.card(pid)
                target = containers[i // CONTAINER_SIZE]
                x, y = boxes[pid].x, self.offset.get(pid, 0.0)
                if card.parentItem() is not target:
                    if card.parentItem() is not self._spare:
                        stale |= card.sceneBoundingRect()
                    card.setParentItem(target)
                elif card.x() != x or card.y() != y:
                    stale |= card.sceneBoundingRect()
                card.setPos(x, y)
        if not stale.isNull():
            self.update(stale)
        self._width = max((b.x + b.w for b in boxes.values()), default=0.0)
        self._parents = [[p for p in level if shown.get(p)] for level in self.levels]
        for pid in self.visible:
            self._links(pid, self.cards[pid])
        self._dotted()
        self._refresh_hidden()
        self._update_scene_rect()
        self._overview_changed()
        self.layout_changed.emit()

    def shape_for(self, width: float, height: float) -> None:
        """Fit to window: wrap the stacks at the length whose chart can be shown largest in
        ``width`` x ``height`` (a tall chart in a wide window wraps shorter, wider stacks)."""
        if not self.is_compact() or not self.visible:
            return
        if len(self.plan.people) > SHAPE_UP_TO:
            return  # each try is a full layout: too slow a Fit for a very large plan
        choices = STACK_CHOICES
        best, best_zoom = self.max_stack, -1.0
        for length in choices:
            self.max_stack = length
            self.relayout()
            rect = self.visible_cards_rect()
            zoom = min(width / max(rect.width(), 1.0), height / max(rect.height(), 1.0))
            if zoom > best_zoom * 1.05:  # ties keep the longer stacks (fewer columns to read)
                best, best_zoom = length, zoom
        if self.max_stack != best:
            self.max_stack = best
            self.relayout()

    def is_compact(self) -> bool:
        """Compact layout: the user's choice, else on from COMPACT_AT people."""
        return self.compact if self.compact is not None else len(self.plan.people) >= COMPACT_AT

    def set_compact(self, compact: bool) -> None:
        self.compact = bool(compact)
        self.relayout()

    def _level_height(self, level: list[str]) -> float:
        """A level is as tall as its tallest card or stack."""
        offset, cards = self.offset, self.cards
        return max(offset.get(p, 0.0) + cards[p].height for p in level)

    def hidden_below(self, pid: str) -> list[str]:
        """Everyone under ``pid`` (all levels), in depth-first order."""
        return below(self.children, pid)

    def _inside_collapsed(self, people: set[str], keys: set) -> set[str]:
        """The collapsed cards hiding a changed person or a person a changed finding
        names (their summaries may be stale). Cheap: walks up from each."""
        plan_people = self.plan.people
        candidates = set(people)
        for key in keys:
            candidates.update(k for k in key if isinstance(k, str) and k in plan_people)
            finding = self.controller.analysis.findings.get(key)
            if finding is not None:
                candidates.update(finding.subjects)
        tops: set[str] = set()
        for pid in candidates:
            seen = set()
            node = plan_people[pid].manager if pid in plan_people and pid not in self.visible else None
            while node is not None and node in plan_people and node not in seen:
                seen.add(node)
                if node in self.visible:  # the collapsed card this person is hidden under
                    tops.add(node)
                    break
                node = plan_people[node].manager
        return tops

    def _refresh_hidden(self, only: set[str] | None = None) -> None:
        """Collapsed cards (all, or ``only`` these): how many people they hide and the
        worst finding among them."""
        if only is None:
            shown = [p for p in self.collapsed if p in self.visible and self.children.get(p)]
            for card in self.cards.values():
                if card.hidden is not None and card.pid not in shown:
                    card.set_hidden(None)
        else:
            shown = [p for p in only if p in self.collapsed and self.children.get(p)]
        if not shown:
            return
        below = {pid: self.hidden_below(pid) for pid in shown}
        under: dict[str, str] = {}
        for pid, nodes in below.items():
            for node in nodes:
                under[node] = pid
        worst: dict[str, dict[str, int]] = {pid: {} for pid in shown}
        for finding in self.controller.analysis.findings.values():
            if under.keys().isdisjoint(finding.subjects):
                continue
            hit = {under[s] for s in finding.subjects if s in under}
            for pid in hit:
                counts = worst[pid]
                counts[finding.severity] = counts.get(finding.severity, 0) + 1
        sizes = Counter(under.values())
        for pid in shown:
            counts = worst[pid]
            severity = next((s for s in SEVERITY_ORDER if counts.get(s)), "")
            team, load = self._team_aggregate(pid, below[pid])
            self.cards[pid].set_hidden((sizes[pid], severity, counts.get(severity, 0)), team, load)

    def _team_aggregate(self, pid: str, people: list[str]) -> tuple[str, float | None]:
        """The collapsed team's (``people``, under ``pid``) name and load, for the zoomed-out label."""
        loads = self.controller.analysis.loads
        return team_totals(self.plan, {p: loads[p].effort for p in people if p in loads}, pid, people)

    def _level_tops(self) -> None:
        y = 0.0
        self.level_top = []
        for h in self.level_max:
            self.level_top.append(y)
            y += h + V_GAP + 16.0  # room for the collapse toggle

    def card_top(self, pid: str) -> float:
        return self.level_top[self.depth[pid]]

    def _links(self, pid: str, card: PersonCard) -> None:
        kids = self.children.get(pid, ())
        shown = [k for k in kids if k in self.visible] if pid not in self.collapsed else []
        bus = spine = None
        if shown and pid not in self.collapsed and shown[0] in self.stack_of:
            y0 = self.card_top(pid) + card.y()
            columns: dict[float, list[float]] = {}
            for k in shown:
                kid = self.cards[k]
                columns.setdefault(kid.x() - card.x() - STACK_INDENT / 2, []).append(
                    self.card_top(k) + kid.y() - y0 + 20.0
                )
            spine = (self.card_top(shown[0]) - y0 - STACK_GAP, list(columns.items()))
        elif shown:
            x = card.x()
            first, last = self.cards[shown[0]], self.cards[shown[-1]]
            child_top = self.card_top(shown[0]) - self.card_top(pid)
            bus = (first.x() - x + CARD_W / 2, last.x() - x + CARD_W / 2, child_top - V_GAP / 2)
        card.collapsed = pid in self.collapsed
        manager = self.plan.people[pid].manager
        stub = manager is not None and manager in self.visible and pid not in self.stack_of
        card.set_links(bus, stub, bool(kids), spine)
        # Cards without a bus to children are small: cache them as pixmaps so panning
        # blits instead of repainting. Cards with a bus can be thousands of pixels wide.
        card.setCacheMode(NO_CACHE if bus or spine else DEVICE_CACHE)
        card.update()

    def _dotted(self) -> None:
        """Redraw the dotted-line curves from the cards' current rects (positions and heights)."""
        pairs = []
        ends: set[str] = set()
        for pid, person in self.plan.people.items():
            if person.dotted and pid in self.visible:
                for m in person.dotted:
                    if m in self.visible:
                        pairs.append((self._card_scene_rect(pid), self._card_scene_rect(m)))
                        ends.update((pid, m))
        self._dotted_ends = ends
        self.dotted.set_lines(pairs)

    def _card_scene_rect(self, pid: str) -> QRectF:
        card = self.cards[pid]
        return card.card_rect().translated(card.scenePos())

    def set_far(self, far: bool) -> None:
        """Swap the cards for the one-item overview (and back) as the zoom crosses LOD_FAR."""
        if far and self._overview_dirty:
            self._build_overview()
        if far == self.far:
            return
        self.far = far
        self.overview.setVisible(far)
        for level in self._level_containers:
            for container in level:
                container.setVisible(not far)
        self.dotted.setVisible(not far)

    def _build_overview(self) -> None:
        by_color: dict[int, tuple[QColor, list[QRectF]]] = {}
        selected = set(self.controller.selected_people)
        for pid in self.visible:
            card = self.cards[pid]
            data = card.data_
            color = SELECT if pid in selected else data.color() if data else load_color(0.0)
            entry = by_color.setdefault(color.rgba(), (color, []))
            entry[1].append(QRectF(card.x(), self.card_top(pid) + card.y(), CARD_W, card.height))
        self.overview.set_blocks(list(by_color.values()), self.visible_cards_rect())
        self._overview_dirty = False

    def _overview_changed(self) -> None:
        self._overview_dirty = True
        if self.far:
            self._build_overview()

    def _update_scene_rect(self) -> None:
        self.setSceneRect(self.visible_cards_rect().adjusted(-400.0, -200.0, 400.0, 400.0))

    def _restack_levels(self, depths: set[int]) -> None:
        """After cards changed height: move the levels below (one setY per chunk)
        and redraw only the connectors of the level that changed."""
        changed = []
        for d in depths:
            if d >= len(self.level_max):
                continue
            h = self._level_height(self.levels[d]) if self.levels[d] else 0.0
            if h > self.level_max[d]:
                # Grow with room for two more chip rows and never shrink until the
                # next full layout: moving every level below is the costly part.
                self.level_max[d] = h + 2 * (CHIP_H + CHIP_GAP)
                changed.append(d)
        if not changed:
            return
        old = list(self.level_top)
        self._level_tops()
        for d, top in enumerate(self.level_top):
            if top != old[d]:
                for container in self._level_containers[d]:
                    container.setY(top)
        for d in changed:
            for pid in self._parents[d]:
                self._links(pid, self.cards[pid])
        if any(p.dotted for p in self.plan.people.values()):
            self._dotted()
        self._update_scene_rect()

    # ---------------------------------------------------------- changes

    def on_changed(self, changes: Changes, _keys: set) -> None:
        plan = self.plan
        if changes.structure or any(p not in plan.people for p in changes.people):
            self._sync_cards(changes.people)
        else:
            taller: set[int] = set()
            resized: set[str] = set()
            refill = set(self.cards) if changes.settings else changes.people  # thresholds recolour all
            for pid in refill:
                card = self.cards.get(pid)
                if card is not None and self._fill(card) and pid in self.depth:
                    taller.add(self.depth[pid])
                    resized.add(pid)
            if resized & self.stack_of.keys():  # a stacked card changed height: restack
                self.relayout()
            elif taller:
                self._restack_levels(taller)
            if resized & self._dotted_ends:  # a curve ends on a card that changed height
                self._dotted()
            if self.far and (changes.people or changes.settings):
                self._overview_changed()
            if self.collapsed:  # findings inside a collapsed subtree may have changed
                if changes.settings:
                    self._refresh_hidden()
                elif tops := self._inside_collapsed(changes.people, _keys):
                    self._refresh_hidden(tops)
        if changes.rocks:
            analysis = self.controller.analysis
            trays = (analysis.unowned, analysis.dropped, self.unowned_tray.ids, self.ground_tray.ids)
            if any(r in tray for r in changes.rocks for tray in trays):  # is or was in a tray
                self.refresh_trays()
        self.on_selection()

    def unowned_tray_ids(self) -> set[str]:
        return self.unowned_tray.ids

    def ground_tray_ids(self) -> set[str]:
        return self.ground_tray.ids

    def on_selection(self) -> None:
        people = set(self.controller.selected_people)
        rocks = set(self.controller.selected_rocks)
        old_people, old_rocks = self._shown_selection
        owners = {self.plan.rocks[r].owner for r in rocks | old_rocks if r in self.plan.rocks}
        for pid in people ^ old_people | {o for o in owners if o}:
            card = self.cards.get(pid)
            if card is not None:
                card.selected = pid in people
                card.selected_rocks = rocks
                card.update()
        if self.far and people != old_people:
            self._overview_changed()
        if rocks != old_rocks:
            for tray in (self.unowned_tray, self.ground_tray):
                tray.selected_rocks = rocks
                tray.update()
        self._shown_selection = (people, rocks)

    # ------------------------------------------------------- collapsing

    def toggle_collapsed(self, pid: str) -> None:
        if pid in self.collapsed:
            self.collapsed.discard(pid)
        elif self.children.get(pid):
            self.collapsed.add(pid)
        self.relayout()

    def set_all_collapsed(self, collapsed: bool) -> None:
        self.collapsed = set(self.children) if collapsed else set()
        self.relayout()

    def expand_to_level(self, level: int) -> None:
        """Show ``level`` levels of the tree (1 = only the top people)."""
        self.collapsed = self._collapsed_below(level)
        self.relayout()

    def _collapsed_below(self, level: int) -> set[str]:
        """The managers to collapse so that ``level`` levels show (from the plan itself,
        so it works before the first layout too)."""
        return managers_below(self.plan.people, level)

    def reveal(self, pid: str) -> None:
        """Expand every collapsed ancestor so the person's card is visible."""
        people = self.plan.people
        node = people[pid].manager if pid in people else None
        opened = False
        seen = set()
        while node is not None and node in people and node not in seen:
            seen.add(node)
            if node in self.collapsed:
                self.collapsed.discard(node)
                opened = True
            node = people[node].manager
        if opened:
            self.relayout()

    # ---------------------------------------------------------- queries

    def chips_in(self, rect: QRectF) -> list[str]:
        """Rock ids whose chips intersect a scene rectangle (rubber-band selection)."""
        out = []
        for item in self.items(rect):
            if isinstance(item, PersonCard) and item.isVisible():
                out.extend(r for r, chip_rect in item.chip_scene_rects() if chip_rect.intersects(rect))
        return out

    def visible_cards_rect(self) -> QRectF:
        if not self.levels:
            return QRectF()
        return QRectF(0.0, 0.0, self._width, self.level_top[-1] + self.level_max[-1])
