"""The board scene: one card per person, placed where the board model says.

Keeps an id -> card map and, after each command, refreshes only the cards
its Changes record names (planner/core/changes.py). Who shows and where is
the Qt-free planner.tree.board.BoardModel (collapsed subtrees, compact stacks,
wide levels wrapped into rows, bands of cards): the scene makes the cards,
asks the model for a layout and places them. A full layout happens only when
reporting lines, people or collapsed subtrees change; a card that grows moves
only the bands below it. Past COMPACT_AT people the layout is compact and past
COLLAPSE_AT a plan opens with only its top levels shown, so its root is readable.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from planner.checks.rules import OVERLOAD
from planner.core.changes import TEAMS, Changes
from planner.core.text import one_line, plural
from planner.tree.board import (
    STACK_GAP,
    STACK_INDENT,
    V_GAP,
    BoardModel,
)
from planner.tree.orgtree import below, team_totals
from ui.board.items import CARD_W, SELECT, CardData, ChipSpec, Fonts, PersonCard, load_color, tint_for
from ui.board.overlays import Container, DottedLinks, Overview, Tray

NO_CACHE = QGraphicsItem.CacheMode.NoCache
DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache
CONTAINER_SIZE = 256
COLOR_MODES = (
    ("load", "Colour by &load", "Cards in their load colour: green, amber over the warning, red over the error"),
    ("team", "Colour by &team", "A colour per team, down each card's left edge and on the zoomed-out board"),
    ("discipline", "Colour by &discipline", "The colour of the discipline most of each person's load is in"),
)


class BoardScene(QGraphicsScene):
    layout_changed = Signal()

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.fonts = Fonts()
        self.model = BoardModel(CARD_W)
        self.cards: dict[str, PersonCard] = {}
        self.compact_action = QAction("Compact layout", self)
        self.compact_action.setCheckable(True)
        self.compact_action.setStatusTip("Stack leaf reports under their manager (keeps wide orgs readable)")
        self.compact_action.triggered.connect(self.set_compact)
        # View > Colour cards by: load (the default), team or discipline.
        self.color_by = "load"
        self._team_index: dict[str, int] = {}
        group = QActionGroup(self)
        self.color_actions: list[QAction] = []
        for mode, text, tip in COLOR_MODES:
            action = QAction(text, group)
            action.setCheckable(True)
            action.setChecked(mode == "load")
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False, m=mode: self.set_color_by(m))
            self.color_actions.append(action)
        self._band_containers: list[list[Container]] = []
        self._spare = Container()  # holds cards no band shows (collapsed subtrees), made again per plan
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

    # ------------------------------------------------- the model's state

    @property
    def plan(self):
        return self.controller.plan

    @property
    def visible(self) -> set[str]:
        return self.model.visible

    @property
    def collapsed(self) -> set[str]:
        return self.model.collapsed

    @property
    def reports(self) -> dict[str, list[str]]:
        """Manager -> direct reports (all of them, shown or not)."""
        return self.model.reports

    @property
    def roots(self) -> list[str]:
        return self.model.roots

    @property
    def max_stack(self) -> int:
        return self.model.max_stack

    @max_stack.setter
    def max_stack(self, length: int) -> None:
        self.model.max_stack = length

    # ------------------------------------------------------------ build

    def rebuild(self) -> None:
        for band in self._band_containers:
            for container in band:
                self.removeItem(container)
        self._band_containers = []
        if self._spare.scene() is self:
            self.removeItem(self._spare)
        self._spare = Container()
        self._spare.setVisible(False)
        self.addItem(self._spare)
        self.cards = {}
        self.model.start(self.plan.people)  # each plan starts in the mode its size calls for
        self._team_index = {tid: i for i, tid in enumerate(self.plan.teams)}
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
        self.relayout()  # makes the cards of people shown for the first time

    def card(self, pid: str) -> PersonCard:
        """A person's card, made (and filled) the first time the layout shows them: a
        100k-person plan opened collapsed makes a few hundred cards, not 100k."""
        card = self.cards.get(pid)
        if card is None:
            card = self.cards[pid] = PersonCard(pid, self.fonts, self._spare)
            self._fill(card)
        return card

    def _height(self, pid: str) -> float:
        return self.card(pid).height

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
        tint = None
        if self.color_by == "team":
            tint = tint_for("team", self._team_index.get(person.team or ""), None)
        elif self.color_by == "discipline":
            top = max(load.by_discipline.items(), key=lambda kv: kv[1], default=None) if load else None
            tint = tint_for("discipline", None, color(top[0]) if top else None)
        data.tint = tint
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
        """Full layout (planner.tree.board), then every shown card placed in its band.

        Cards sit in one container per band (chunks of CONTAINER_SIZE), at their
        offset inside it, so moving a whole band down is one setY per chunk.
        """
        model = self.model
        model.layout(self.plan.people, self._height)
        self.compact_action.setChecked(model.is_compact())
        while len(self._band_containers) < len(model.bands):
            self._band_containers.append([])
        # Qt repaints where an item was lazily, walking the tree as it is by then: a
        # card re-parented into the hidden spare (or to another band) was never
        # erased and left fragments on screen, and so was a card moved in the same
        # batch as another card's removal (undoing a hire left the manager's card
        # painted over the gone report as well). Invalidate their old areas up front.
        stale, self._stale = self._stale, QRectF()
        visible = model.visible
        for pid, card in self.cards.items():
            if pid not in visible and card.parentItem() is not self._spare:
                stale |= card.sceneBoundingRect()
                card.setParentItem(self._spare)
        offset, xs = model.offset, model.x
        for b, band in enumerate(model.bands):
            containers = self._band_containers[b]
            while len(containers) * CONTAINER_SIZE < len(band):
                container = Container()
                self.addItem(container)
                containers.append(container)
            for container in containers:
                container.setPos(0.0, model.band_top[b])
            for i, pid in enumerate(band):
                card = self.cards[pid]
                target = containers[i // CONTAINER_SIZE]
                x, y = xs[pid], offset.get(pid, 0.0)
                if card.parentItem() is not target:
                    if card.parentItem() is not self._spare:
                        stale |= card.sceneBoundingRect()
                    card.setParentItem(target)
                elif card.x() != x or card.y() != y:
                    stale |= card.sceneBoundingRect()
                card.setPos(x, y)
        for containers in self._band_containers[len(model.bands) :]:
            for container in containers:
                container.setPos(0.0, 0.0)  # empty now (fewer bands than before)
        if not stale.isNull():
            self.update(stale)
        for pid in model.order:
            self._links(pid, self.cards[pid])
        self._dotted()
        self._refresh_hidden()
        self._update_scene_rect()
        self._overview_changed()
        self.layout_changed.emit()

    def shape_for(self, width: float, height: float) -> None:
        """Fit to window: the stack length and wrap width whose chart can be shown largest
        in ``width`` x ``height`` (planner.tree.board.BoardModel.shape_for)."""
        if self.model.shape_for(width, height, self._height):
            self.relayout()

    def is_compact(self) -> bool:
        return self.model.is_compact()

    def set_color_by(self, mode: str) -> None:
        """Colour the cards by load, team or discipline (View > Colour cards by)."""
        self.color_by = mode
        for action, (m, _text, _tip) in zip(self.color_actions, COLOR_MODES):
            action.setChecked(m == mode)
        self._team_index = {tid: i for i, tid in enumerate(self.plan.teams)}
        for card in self.cards.values():
            self._fill(card)
        self._overview_changed()
        self.layout_changed.emit()  # the minimap draws the cards in their colours

    def set_compact(self, compact: bool) -> None:
        self.model.compact = bool(compact)
        self.relayout()

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
        return self.model.hiding(plan_people, candidates)

    def _refresh_hidden(self, only: set[str] | None = None) -> None:
        """Collapsed cards (all, or ``only`` these): how many people they hide and the
        worst finding among them."""
        analysis = self.controller.analysis
        loads = analysis.loads
        summaries = self.model.hidden_summaries(
            self.plan, analysis.findings.values(), lambda p: loads[p].effort if p in loads else None, only
        )
        if only is None:
            for card in self.cards.values():
                if card.hidden is not None and card.pid not in summaries:
                    card.set_hidden(None)
        for pid, (hidden, team, load) in summaries.items():
            self.cards[pid].set_hidden(hidden, team, load)

    def card_top(self, pid: str) -> float:
        """The top of the band ``pid``'s card sits in."""
        return self.model.band_top[self.model.band[pid]]

    def _links(self, pid: str, card: PersonCard) -> None:
        model = self.model
        kids = model.reports.get(pid, ())
        shown = model.shown.get(pid, ())
        bus = spine = rows = None
        y0 = self.card_top(pid) + card.y()
        if shown and shown[0] in model.stack_of:
            columns: dict[float, list[float]] = {}
            for k in shown:
                kid = self.cards[k]
                columns.setdefault(kid.x() - card.x() - STACK_INDENT / 2, []).append(
                    self.card_top(k) + kid.y() - y0 + 20.0
                )
            spine = (self.card_top(shown[0]) - y0 - STACK_GAP, list(columns.items()))
        elif pid in model.rows:  # wrapped: a line down the left, a bus over each row
            lines = []
            for line in model.rows[pid]:
                top = min(self.card_top(k) for k in line) - y0
                lines.append((max(self.cards[k].x() for k in line) - card.x() + CARD_W / 2, top - V_GAP / 2))
            rows = (STACK_INDENT / 2, lines)
        elif shown:
            x = card.x()
            first, last = self.cards[shown[0]], self.cards[shown[-1]]
            child_top = self.card_top(shown[0]) - y0
            bus = (first.x() - x + CARD_W / 2, last.x() - x + CARD_W / 2, child_top - V_GAP / 2)
        card.collapsed = pid in model.collapsed
        manager = self.plan.people[pid].manager
        stub = manager is not None and manager in model.visible and pid not in model.stack_of
        card.set_links(bus, stub, bool(kids), spine, rows)
        # Cards without lines to children are small: cache them as pixmaps so panning
        # blits instead of repainting. Cards with a bus can be thousands of pixels wide.
        card.setCacheMode(NO_CACHE if bus or spine or rows else DEVICE_CACHE)
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
        for band in self._band_containers:
            for container in band:
                container.setVisible(not far)
        self.dotted.setVisible(not far)

    def _build_overview(self) -> None:
        by_color: dict[int, tuple[QColor, list[QRectF]]] = {}
        selected = set(self.controller.selected_people)
        for pid in self.visible:
            card = self.cards[pid]
            data = card.data_
            color = SELECT if pid in selected else data.block_color() if data else load_color(0.0)
            entry = by_color.setdefault(color.rgba(), (color, []))
            entry[1].append(QRectF(card.x(), self.card_top(pid) + card.y(), CARD_W, card.height))
        self.overview.set_blocks(list(by_color.values()), self.visible_cards_rect(), self._team_labels())
        self._overview_dirty = False

    def _team_labels(self) -> list[tuple[QPointF, float, str]]:
        """Each team's label for the overview, biggest team first: over its leader's card,
        as wide as the team's part of the chart ('Dana · Payments · 48 people · 92% load')."""
        model, cards, plan = self.model, self.cards, self.plan
        loads = self.controller.analysis.loads
        right: dict[str, float] = {}
        for pid in reversed(model.order):  # post-order: a team reaches as far right as its people
            edge = cards[pid].x() + CARD_W
            for kid in model.shown.get(pid, ()):
                edge = max(edge, right[kid])
            right[pid] = edge
        labels = []
        sums = model.team_sums(plan, lambda p: loads[p].effort if p in loads else 0.0)
        for pid in model.order:
            card = cards[pid]
            if pid in model.shown:
                count, effort, capacity = sums[pid]
                team = plan.teams.get(plan.people[pid].team or "")
                name = team.name if team else team_totals(plan, {}, pid, below(model.reports, pid))[0]
                parts = [one_line(plan.people[pid].name), name, plural(count, "person", "people")]
                if capacity > 0:
                    parts.append(f"{100.0 * effort / capacity:.0f}% load")
                text = " · ".join(p for p in parts if p)
            elif card.hidden is not None:
                text, count = f"{one_line(plan.people[pid].name)} · {card.aggregate_text()}", card.hidden[0]
            else:
                continue
            top = QPointF(card.x(), self.card_top(pid) + card.y())
            labels.append((count, top, right[pid] - card.x(), text))
        labels.sort(key=lambda label: -label[0])
        return [(top, room, text) for _n, top, room, text in labels]

    def _overview_changed(self) -> None:
        self._overview_dirty = True
        if self.far:
            self._build_overview()

    def _update_scene_rect(self) -> None:
        self.setSceneRect(self.visible_cards_rect().adjusted(-400.0, -200.0, 400.0, 400.0))

    def _restack_bands(self, bands: set[int]) -> None:
        """After cards changed height: move the bands below (one setY per chunk)
        and redraw only the lines to the cards that moved."""
        moved, relink = self.model.grow(bands, self._height)
        if not moved and not bands:
            return
        for b in moved:
            for container in self._band_containers[b]:
                container.setY(self.model.band_top[b])
        for pid in relink:
            self._links(pid, self.cards[pid])
        if moved:
            if any(p.dotted for p in self.plan.people.values()):
                self._dotted()
            self._update_scene_rect()

    def _restack_family(self, parent: str) -> None:
        """A stacked card changed height: move the cards below it in its column (not
        a full layout, which costs 30 ms at 10k people), then redraw the spine."""
        for kid in self.model.restack(parent, self._height):
            card = self.cards[kid]
            self.update(card.sceneBoundingRect())
            card.setY(self.model.offset[kid])
        self._links(parent, self.cards[parent])

    # ---------------------------------------------------------- changes

    def on_changed(self, changes: Changes, _keys: set) -> None:
        plan, model = self.plan, self.model
        if changes.has(TEAMS) and self.color_by == "team" and list(plan.teams) != list(self._team_index):
            self.set_color_by("team")  # a team made or removed: the colours follow the team order
        if changes.structure or any(p not in plan.people for p in changes.people):
            self._sync_cards(changes.people)
        else:
            taller: set[int] = set()
            resized: set[str] = set()
            refill = set(self.cards) if changes.settings else changes.people  # thresholds recolour all
            for pid in refill:
                card = self.cards.get(pid)
                if card is not None and self._fill(card) and pid in model.band:
                    taller.add(model.band[pid])
                    resized.add(pid)
            for parent in {model.stack_of[p] for p in resized & model.stack_of.keys()}:
                self._restack_family(parent)  # a stacked card changed height: its stack moves
            if taller:
                self._restack_bands(taller)
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
        elif self.model.reports.get(pid):
            self.collapsed.add(pid)
        self.relayout()

    def set_all_collapsed(self, collapsed: bool) -> None:
        self.model.collapsed = set(self.model.reports) if collapsed else set()
        self.relayout()

    def expand_to_level(self, level: int) -> None:
        """Show ``level`` levels of the tree (1 = only the top people)."""
        self.model.collapse_below(self.plan.people, level)
        self.relayout()

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
        out: list[str] = []
        for item in self.items(rect):
            if isinstance(item, PersonCard) and item.isVisible():
                out.extend(r for r, chip_rect in item.chip_scene_rects() if chip_rect.intersects(rect))
        return out

    def visible_cards_rect(self) -> QRectF:
        model = self.model
        if not model.bands:
            return QRectF()
        bottom = max(top + h for top, h in zip(model.band_top, model.band_height))
        return QRectF(0.0, 0.0, model.width, bottom)
