"""Layout of the exported org chart: the (possibly depth-limited) reporting forest,
the split of a big tree into page-sized pieces, and their packing onto pages.

Cards (ui/export/chart_cards.py) are sized with the board's own chip flow; the tree is placed with planner.tree.layout's tidy
tree (compact mode stacks leaf reports, as the board does). Units here are the
board's scene pixels (a 240-px card); ui/export/chart.py scales them to points.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from planner.tree.board import COMPACT_AT, H_GAP, MAX_STACK, STACK_GAP, STACK_INDENT, V_GAP
from planner.tree.layout import Box, stack_block, tidy_tree
from planner.tree.wrap import Blocks, Lone, wrap_forest
from ui.board.items import CARD_W
from ui.export.chart_cards import Card, fonts_for

NARROWEST = 2 * CARD_W + H_GAP  # no wrapped row is made narrower than two cards
LONE = Lone(STACK_INDENT + CARD_W, STACK_GAP)  # a wrapped manager's lone reports: columns, as compact stacks
NOTE_H = 18.0  # room under a card for "+12 people not shown" / "→ continued on page 7"
UP_H = 20.0  # above a continued piece: "↑ reports to NAME, page 3"


@dataclass
class Forest:
    """The reporting forest to draw: roots and children (model order), a true forest."""

    roots: list[str]
    children: dict[str, list[str]]
    hidden: dict[str, int] = field(default_factory=dict)  # depth-limited card -> people not drawn

    def order(self) -> list[str]:
        """Everyone drawn, depth-first preorder."""
        out: list[str] = []
        stack = list(reversed(self.roots))
        while stack:
            pid = stack.pop()
            out.append(pid)
            stack.extend(reversed(self.children.get(pid, ())))
        return out


def reporting(plan) -> tuple[list[str], dict[str, list[str]]]:
    """The people at the top (no manager in the plan) and every manager's reports, in model order."""
    people = plan.people
    all_kids: dict[str, list[str]] = {}
    tops: list[str] = []
    for pid, person in people.items():
        if person.manager is None or person.manager not in people or person.manager == pid:
            tops.append(pid)
        else:
            all_kids.setdefault(person.manager, []).append(pid)
    return tops, all_kids


def build_forest(
    plan,
    root: str | None = None,
    depth: int | None = None,
    reports: tuple[list[str], dict[str, list[str]]] | None = None,
) -> Forest:
    """Roots and children of the chart; people caught in a reporting cycle become roots
    of their own (so nobody goes missing and the layout gets a forest). ``reports``: the
    plan's :func:`reporting`, when a caller drawing many charts of one plan has it already."""
    people = plan.people
    tops, all_kids = reports if reports is not None else reporting(plan)
    if root is not None:
        tops = [root]
    children: dict[str, list[str]] = {}
    hidden: dict[str, int] = {}
    seen: set[str] = set()
    roots: list[str] = []

    def walk(start: str) -> None:
        roots.append(start)
        seen.add(start)
        stack = [(start, 0)]
        while stack:
            pid, d = stack.pop()
            kids = [k for k in all_kids.get(pid, ()) if k not in seen]
            if not kids:
                continue
            if depth is not None and d >= depth:
                hidden[pid] = _count_below(pid, all_kids)
                continue
            children[pid] = kids
            seen.update(kids)
            stack.extend((k, d + 1) for k in kids)

    reached: set[str] = set()  # under a root drawn so far, depth limit or not

    def reach(start: str) -> None:
        stack = [start]
        while stack:
            node = stack.pop()
            if node not in reached:
                reached.add(node)
                stack.extend(all_kids.get(node, ()))

    for top in tops:
        if top not in reached:
            walk(top)
            reach(top)
    if root is None:
        for pid in people:  # reporting cycles: nobody in them is under a root
            if pid not in reached:
                walk(pid)
                reach(pid)
    return Forest(roots, children, hidden)


def _count_below(pid: str, kids: dict[str, list[str]]) -> int:
    n, stack, seen = 0, list(kids.get(pid, ())), {pid}
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        n += 1
        stack.extend(kids.get(node, ()))
    return n


# ------------------------------------------------------------------ pieces


@dataclass
class Piece:
    """A page-sized part of the tree: ``root`` and what of its subtree stays with it."""

    root: str
    members: list[str]
    boxes: dict[str, Box]
    width: float
    height: float
    up: str | None = None  # the manager on another page (a cut subtree)
    page: int = 0
    x: float = 0.0  # where on its page (scene px from the content area's top-left)
    y: float = 0.0
    rows: dict[str, list[list[str]]] = field(default_factory=dict)  # managers whose reports wrap into rows
    grids: dict[str, list[list[str]]] = field(default_factory=dict)  # their lone reports, in columns


class Chart:
    """The forest laid out, whole or cut into pieces that each fit ``limit`` (w, h)."""

    def __init__(
        self,
        forest: Forest,
        cards: dict[str, Card],
        compact: bool,
        limit: tuple[float, float] | None = None,
        dotted: set[str] | frozenset[str] = frozenset(),
        max_stack: int = MAX_STACK,
        wrap: float | None = None,
        tidy_cache: dict[str, Blocks] | None = None,
    ) -> None:
        """``wrap``: the widest a piece may be (scene px), its wide levels wrapped into rows
        (planner/tree/wrap.py); ``tidy_cache`` keeps tidy layouts between charts of the same
        forest, cards and stacking that differ only in ``wrap``."""
        self.forest = forest
        self.wrap = wrap
        self.tidy_cache: dict[str, Blocks] = {} if tidy_cache is None else tidy_cache
        # People with a dotted-line manager: on pages, room for "dotted line to NAME, page 3"
        # (the curve is drawn only when both cards share a page).
        self.dotted_note = set(dotted) if limit is not None else set()
        self.cards = cards
        self.compact = compact
        self.limit = limit
        self.max_stack = max_stack
        self.cut_below: dict[str, int] = {}  # manager -> report subtrees on other pages
        if limit is not None and cards:
            heights = sorted(self.box_h(p) for p in cards)
            typical = heights[len(heights) // 2] + STACK_GAP
            self.max_stack = max(2, min(MAX_STACK, int(limit[1] * 0.5 // typical)))
        self.cut: set[str] = set()  # roots of subtrees moved to pieces of their own
        self.grouped: dict[str, list[str]] = {}  # manager -> lone reports moved to other pages
        self.settled = 0  # cuts the safety net made (the estimates should leave none)
        self.parent = {k: p for p, kids in forest.children.items() for k in kids}
        self.roots = set(forest.roots)
        self.kids: dict[str, list[str]] = {p: list(k) for p, k in forest.children.items()}
        if limit is not None:
            self._partition(limit)
        self.pieces = self._all_pieces({})
        if limit is not None:
            self._settle(limit)

    def box_h(self, pid: str) -> float:
        """The card and the notes under it."""
        return self.cards[pid].height + self.note_h(pid) + (NOTE_H if pid in self.dotted_note else 0.0)

    def note_h(self, pid: str) -> float:
        """Room for "→ continued on page 7" or "+12 people not shown" under the card."""
        cut = self.cut_below.get(pid, 0)
        if cut:
            return note_height(cut)
        card = self.cards[pid]
        if card.note:
            return NOTE_H + NOTE_LINE
        return NOTE_H if card.hidden else 0.0

    def _all_pieces(self, kept: dict[str, Piece]) -> list[Piece]:
        """The pieces in reading order: each subtree piece, then the groups of lone reports
        cut from managers on it (``kept``: pieces already laid out, by root)."""
        out: list[Piece] = []
        for root in self._piece_roots():
            piece = kept.get(root) or self._layout_piece(root)
            out.append(piece)
            queue = [piece]
            while queue:  # a lone report moved out may be a manager whose reports moved too
                for pid in queue.pop(0).members:
                    if pid in self.grouped:
                        groups = self._group_pieces(pid)
                        out.extend(groups)
                        queue.extend(groups)
        return out

    def _group_pieces(self, manager: str) -> list[Piece]:
        """Lone reports cut from ``manager``, in model order, in columns filling page-sized pieces."""
        limit = self.limit or (float("inf"), float("inf"))
        width, height = limit[0], limit[1] - UP_H
        order = {k: i for i, k in enumerate(self.forest.children.get(manager, ()))}
        people = sorted(self.grouped[manager], key=order.__getitem__)
        pieces: list[Piece] = []
        boxes: dict[str, Box] = {}
        x = y = 0.0
        for pid in people:
            h = self.box_h(pid)
            if y > 0 and y + h > height:  # next column
                x, y = x + CARD_W + H_GAP, 0.0
            if x > 0 and x + CARD_W > width:  # next piece
                pieces.append(self._group_piece(manager, boxes))
                boxes, x, y = {}, 0.0, 0.0
            boxes[pid] = Box(x, y, CARD_W, h)
            y += h + STACK_GAP
        if boxes:
            pieces.append(self._group_piece(manager, boxes))
        return pieces

    @staticmethod
    def _group_piece(manager: str, boxes: dict[str, Box]) -> Piece:
        members = list(boxes)
        w = max(b.x + b.w for b in boxes.values())
        h = max(b.y + b.h for b in boxes.values())
        return Piece(members[0], members, boxes, w, h + UP_H, manager)

    def _piece_roots(self) -> list[str]:
        cut, roots = self.cut, self.roots
        return [p for p in self.forest.order() if p in cut or p in roots]

    def _partition(self, limit: tuple[float, float]) -> None:
        """Bottom-up: each manager keeps as many report subtrees as fit a page; the
        widest (or tallest) go to pieces of their own. Extents are upper bounds of the
        tidy layout (sum of subtree widths; per-level maxima of heights)."""
        width, height = limit[0], limit[1] - UP_H  # a continued piece has its "reports to" line on top
        ext: dict[str, tuple[float, list[float]]] = {}
        kids_of = self.kids
        for pid in reversed(self.forest.order()):
            while True:
                w, prof = self._extent(pid, ext)
                if w <= width and _height(prof) <= height:
                    break
                kids = kids_of.get(pid)
                if not kids:
                    break  # a lone card bigger than a page: the caller scales it down
                if self._stacked(pid):
                    victim = kids[-1]
                elif w > width:
                    victim = max(kids, key=lambda k: ext[k][0])
                else:
                    victim = max(kids, key=lambda k: _height(ext[k][1]))
                if victim in kids_of:
                    # A subtree: keep its manager's card here and move their reports out, so
                    # a page reads top-down (the CEO's page shows the VPs, each VP's page
                    # their directors) instead of losing whole branches to other pages.
                    self._move_reports(victim)
                    ext[victim] = (CARD_W, [self.box_h(victim)])
                    continue
                kids.remove(victim)
                if not kids:
                    del kids_of[pid]
                self.grouped.setdefault(pid, []).append(victim)  # a lone report: with the others cut from pid
                self.cut_below[pid] = self.cut_below.get(pid, 0) + 1
            ext[pid] = (w, prof)

    def _move_reports(self, manager: str) -> None:
        """Every report of ``manager`` to other pages: subtrees as pieces of their own, lone
        reports together; the manager's card says where they went."""
        for kid in self.kids.pop(manager):
            if kid in self.kids:
                self.cut.add(kid)
            else:
                self.grouped.setdefault(manager, []).append(kid)
            self.cut_below[manager] = self.cut_below.get(manager, 0) + 1

    def _stacked(self, pid: str) -> bool:
        kids = self.kids.get(pid)
        return bool(self.compact and kids and len(kids) >= 2 and not any(self.kids.get(k) for k in kids))

    def _extent(self, pid: str, ext: dict[str, tuple[float, list[float]]]) -> tuple[float, list[float]]:
        own = self.box_h(pid)
        kids = self.kids.get(pid)
        if not kids:
            return CARD_W, [own]
        if self._stacked(pid):
            _cols, width, block = stack_block(kids, self.size, CARD_W, self.max_stack, H_GAP, STACK_INDENT, STACK_GAP)
            return width, [own, block]
        w = sum(ext[k][0] for k in kids) + H_GAP * (len(kids) - 1)
        prof: list[float] = []
        for k in kids:
            for i, h in enumerate(ext[k][1]):
                if i < len(prof):
                    prof[i] = max(prof[i], h)
                else:
                    prof.append(h)
        return max(CARD_W, w), [own, *prof]

    def size(self, pid: str) -> tuple[float, float]:
        """A card with the notes under it, as the layout places it."""
        return CARD_W, self.box_h(pid)

    def _layout_piece(self, root: str) -> Piece:
        up = self.parent.get(root) if root in self.cut else None
        extra = UP_H if up else 0.0
        if self.wrap is not None:
            blocks = self.tidy_cache.get(root)
            if blocks is None:
                blocks = self.tidy_cache[root] = Blocks(self._tidy)
            laid = wrap_forest([root], self.kids, self.size, blocks, blocks.widths_in(root, self.kids), self.wrap,
                               h_gap=H_GAP, v_gap=V_GAP, indent=STACK_INDENT, narrowest=NARROWEST, lone=LONE)  # fmt: skip
            return Piece(root, list(laid.boxes), laid.boxes, laid.width, laid.height + extra, up, rows=laid.rows,
                         grids=laid.grids)  # fmt: skip
        boxes = self._tidy(root)
        w = max(b.x + b.w for b in boxes.values())
        h = max(b.y + b.h for b in boxes.values())
        return Piece(root, list(boxes), boxes, w, h + extra, up)

    def _tidy(self, root: str) -> dict[str, Box]:
        """``root``'s subtree as the tidy tree lays it out (compact: leaf reports stacked)."""
        return tidy_tree(
            [root],
            self.kids,
            self.size,
            H_GAP,
            V_GAP,
            compact=self.compact,
            indent=STACK_INDENT,
            stack_gap=STACK_GAP,
            max_stack=self.max_stack,
        )

    def _settle(self, limit: tuple[float, float]) -> None:
        """Safety net: a piece whose real layout is still too big loses its biggest report subtree."""
        width, height = limit
        while True:
            piece = next((p for p in self.pieces if p.width > width or p.height > height), None)
            kids = self.kids.get(piece.root) if piece is not None else None
            if piece is None or not kids:
                return
            victim = max(kids, key=lambda k: _size(k, self.kids))
            kids.remove(victim)
            if not kids:
                del self.kids[piece.root]
            self.cut.add(victim)
            self.cut_below[piece.root] = self.cut_below.get(piece.root, 0) + 1
            self.settled += 1
            kept = {p.root: p for p in self.pieces if p is not piece and p.up not in self.grouped}
            self.pieces = self._all_pieces(kept)


NOTE_LINE = 14.0
NOTE_LINES = 3  # at most; more page references print as a span


@functools.cache
def note_height(refs: int) -> float:
    """Room for "→ continued on pages 3, 7, 12..." with ``refs`` page numbers (an upper
    bound: numbers are at most four digits and runs print as ranges)."""
    metrics = fonts_for().small_metrics
    width = metrics.horizontalAdvance("→ continued on pages ") + refs * metrics.horizontalAdvance("0000, ")
    lines = min(NOTE_LINES, max(1, math.ceil(width / (CARD_W - 12.0))))
    return NOTE_H + (lines - 1) * NOTE_LINE


def fits_note(text: str) -> bool:
    """Whether a page-reference note fits the NOTE_LINES lines reserved for it."""
    return fonts_for().small_metrics.horizontalAdvance(text) <= NOTE_LINES * (CARD_W - 12.0) - 40.0


def page_list(pages: Sequence[int]) -> str:
    """'3, 7–9, 12' (sorted, runs of three or more as ranges)."""
    out: list[str] = []
    nums = sorted(set(pages))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        if j - i >= 2:
            out.append(f"{nums[i]}–{nums[j]}")
        else:
            out.extend(str(n) for n in nums[i : j + 1])
        i = j + 1
    return ", ".join(out)


def _size(pid: str, kids: dict[str, list[str]]) -> int:
    n, stack = 0, [pid]
    while stack:
        node = stack.pop()
        n += 1
        stack.extend(kids.get(node, ()))
    return n


def _height(profile: list[float]) -> float:
    return sum(profile) + V_GAP * (len(profile) - 1)


def is_compact(option: bool | None, people: int) -> bool:
    return option if option is not None else people >= COMPACT_AT


def pack(pieces: list[Piece], first: tuple[float, float], other: tuple[float, float], gap: float) -> int:
    """First-fit shelf packing of pieces, in order, onto pages (``first`` is page 0's content
    size, ``other`` the rest's): each piece goes on the first page with room for it, so
    small subtrees fill the space a big one left. Sets each piece's page and position;
    returns the page count."""
    pages: list[list[list[float]]] = []  # per page: shelves [y, height, used width]
    page_of: dict[str, int] = {}
    for piece in pieces:
        w, h = piece.width, piece.height
        # The first page is the top of the org, not a mix of continued parts; and a
        # continued part never comes before its manager's page: the chart reads top-down.
        earliest = 0 if piece.up is None else max(1, page_of.get(piece.up, 0))
        for index, shelves in enumerate(pages):
            if index < earliest:
                continue
            if _place(piece, index, shelves, first if index == 0 else other, gap):
                break
        else:
            pages.append([])
            index = len(pages) - 1
            if not _place(piece, index, pages[-1], first if index == 0 else other, gap):
                pages[-1].append([0.0, h, w + gap])  # bigger than a page: alone on its own
                piece.page, piece.x, piece.y = index, 0.0, 0.0
        for pid in piece.members:
            page_of[pid] = piece.page
    return max(len(pages), 1)


def _place(piece: Piece, index: int, shelves: list[list[float]], size: tuple[float, float], gap: float) -> bool:
    page_w, page_h = size
    w, h = piece.width, piece.height
    for i, shelf in enumerate(shelves):
        y, sh, used = shelf
        last = i == len(shelves) - 1
        if used + w <= page_w and (h <= sh or (last and y + h <= page_h)):
            piece.page, piece.x, piece.y = index, used, y
            shelf[1], shelf[2] = max(sh, h), used + w + gap
            return True
    y = shelves[-1][0] + shelves[-1][1] + gap if shelves else 0.0
    if w <= page_w and y + h <= page_h:
        shelves.append([y, h, w + gap])
        piece.page, piece.x, piece.y = index, 0.0, y
        return True
    return False
