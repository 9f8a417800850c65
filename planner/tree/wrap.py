"""Wide levels wrapped into rows, so a big chart keeps about the shape it is shown in.

The tidy tree (planner.tree.layout) puts every report of a manager side by side:
a manager with 90 teams below makes a chart 90 teams wide. Here a subtree wider
than the width allowed keeps its tidy layout only where it fits; above that, a
manager's reports (each a tidy block, or wrapped in turn) fill rows of the
allowed width, indented under the manager as compact stacks are, with a line
down the left and a bus over each row (``Wrapped.rows`` says which). With
``lone`` columns, a wrapped manager's reports who have nobody below them go
first, together, in stacked columns (``Wrapped.grids``). Charts that fit are left
as the tidy tree lays them out. Qt-free: the board (planner/tree/board.py) and
the chart export (ui/export/chart_layout.py) place their cards where this says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from planner.tree.layout import Box

Layout = Callable[[str], dict[str, Box]]  # a subtree laid out alone, top-down from its root
Block = tuple[dict[str, Box], float, float]  # boxes from (0, 0), width, height


@dataclass
class Wrapped:
    """A forest laid out within a width: boxes from (0, 0), and the managers whose reports wrap."""

    boxes: dict[str, Box]
    width: float
    height: float
    rows: dict[str, list[list[str]]] = field(default_factory=dict)  # manager -> reports, row by row
    grids: dict[str, list[list[str]]] = field(default_factory=dict)  # manager -> lone reports, column by column


@dataclass(frozen=True)
class Lone:
    """Lone reports of a wrapped manager in columns: ``column`` wide (the line and ticks on the
    left, ``indent`` of it, then the card), ``gap`` between cards down a column."""

    column: float
    gap: float


class Blocks:
    """Subtrees laid out alone by ``layout``, each made once; kept between wraps of the same
    tree at different widths (a chart tries several)."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.made: dict[str, Block] = {}
        self.widths: dict[str, dict[str, float]] = {}  # root -> each subtree's width in its layout

    def block(self, node: str) -> Block:
        """``node``'s subtree laid out alone, from (0, 0): boxes, width, height."""
        got = self.made.get(node)
        if got is None:
            boxes = self.layout(node)
            left = min(b.x for b in boxes.values())
            top = boxes[node].y
            moved = {p: Box(b.x - left, b.y - top, b.w, b.h) for p, b in boxes.items()}
            width = max(b.x + b.w for b in moved.values())
            got = self.made[node] = (moved, width, max(b.y + b.h for b in moved.values()))
        return got

    def widths_in(self, root: str, kids: Mapping[str, Sequence[str]]) -> dict[str, float]:
        """Each subtree's width in ``root``'s tidy layout (see ``extents``)."""
        got = self.widths.get(root)
        if got is None:
            boxes = self.layout(root)
            got = self.widths[root] = extents(boxes, kids, preorder([root], kids))
        return got


def preorder(roots: Sequence[str], kids: Mapping[str, Sequence[str]]) -> list[str]:
    """Everyone under ``roots``, depth-first, in model order."""
    out: list[str] = []
    todo = list(reversed(roots))
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(reversed(kids.get(node, ())))
    return out


def extents(boxes: Mapping[str, Box], kids: Mapping[str, Sequence[str]], order: Sequence[str]) -> dict[str, float]:
    """Each laid-out node's subtree width (Walker's layout moves a subtree as one rigid
    piece, so this is its width laid out alone); ``order`` is a preorder of ``boxes``."""
    span: dict[str, tuple[float, float]] = {}
    for node in reversed(order):
        b = boxes[node]
        left, right = b.x, b.x + b.w
        for k in kids.get(node, ()):
            kl, kr = span[k]
            left, right = min(left, kl), max(right, kr)
        span[node] = (left, right)
    return {node: right - left for node, (left, right) in span.items()}


def fill_rows(items: Sequence[str], width_of: Callable[[str], float], width: float, gap: float) -> list[list[str]]:
    """``items`` in order, as many to a row as fit in ``width`` (at least one each)."""
    lines: list[list[str]] = [[]]
    used = 0.0
    for k in items:
        w = width_of(k)
        if lines[-1] and used + gap + w > width:
            lines.append([])
            used = 0.0
        used += (gap if lines[-1] else 0.0) + w
        lines[-1].append(k)
    return lines


GRID = "\0grid:"  # stands for a manager's lone reports while rows are filled (no id starts with NUL)


class _Wrapper:
    """The work of wrapping: who wraps, rows of the wrapped managers bottom-up, placing top-down."""

    def __init__(
        self,
        kids: Mapping[str, Sequence[str]],
        size: Callable[[str], tuple[float, float]],
        blocks: Blocks,
        h_gap: float,
        v_gap: float,
        indent: float,
        narrowest: float,
        lone: Lone | None,
    ) -> None:
        self.kids, self.size, self.blocks = kids, size, blocks
        self.h_gap, self.v_gap, self.indent, self.narrowest, self.lone = h_gap, v_gap, indent, narrowest, lone
        self.sizes: dict[str, tuple[float, float]] = {}  # wrapped managers (and grids): their block's size
        self.rows: dict[str, list[list[str]]] = {}
        self.grids: dict[str, list[list[str]]] = {}

    def extent(self, node: str) -> tuple[float, float]:
        got = self.sizes.get(node)
        if got is None:
            _boxes, w, h = self.blocks.block(node)
            got = (w, h)
        return got

    def wrap_all(self, roots: Sequence[str], widths: Mapping[str, float], limit: float) -> None:
        """Top-down, who wraps and the room each report's block may take; then bottom-up, their rows."""
        room: dict[str, float] = dict.fromkeys(roots, limit)
        wrapped: list[str] = []  # top-down
        todo = list(reversed(roots))
        while todo:
            node = todo.pop()
            node_kids = self.kids.get(node, ())
            if node_kids and widths[node] > room[node]:
                wrapped.append(node)
                for k in node_kids:
                    room[k] = max(room[node] - self.indent, self.narrowest)
                todo.extend(reversed(node_kids))
        for node in reversed(wrapped):
            self.wrap(node, room[node])

    def wrap(self, node: str, room: float) -> None:
        """Rows for ``node``'s reports in ``room`` (their blocks are done: bottom-up)."""
        width = room - self.indent
        items = list(self.kids[node])
        lone = [k for k in items if not self.kids.get(k)] if self.lone is not None else []
        if len(lone) >= 2:
            self.grids[node] = columns = self._columns(lone, width)
            token = GRID + node
            self.sizes[token] = self._grid_size(columns)
            items = [token, *(k for k in items if self.kids.get(k))]
        lines = fill_rows(items, lambda k: self.extent(k)[0], width, self.h_gap)
        self.rows[node] = lines
        row_w = max(sum(self.extent(k)[0] for k in line) + self.h_gap * (len(line) - 1) for line in lines)
        row_h = sum(max(self.extent(k)[1] for k in line) for line in lines) + self.v_gap * len(lines)
        w, h = self.size(node)
        self.sizes[node] = (max(w, self.indent + row_w), h + row_h)

    def _columns(self, lone: list[str], width: float) -> list[list[str]]:
        """Lone reports in model order, down each column then across, in as many columns as fit ``width``."""
        assert self.lone is not None
        most = max(1, int((width + self.h_gap) // (self.lone.column + self.h_gap)))
        per = -(-len(lone) // min(len(lone), most))
        return [lone[i : i + per] for i in range(0, len(lone), per)]

    def _grid_size(self, columns: list[list[str]]) -> tuple[float, float]:
        assert self.lone is not None
        gap = self.lone.gap
        width = len(columns) * self.lone.column + (len(columns) - 1) * self.h_gap
        return width, max(sum(self.size(k)[1] for k in col) + gap * (len(col) - 1) for col in columns)

    def _place_grid(self, columns: list[list[str]], x: float, y: float, out: dict[str, Box]) -> None:
        assert self.lone is not None
        for col in columns:
            cy = y
            for k in col:
                w, h = self.size(k)
                out[k] = Box(x + self.indent, cy, w, h)
                cy += h + self.lone.gap
            x += self.lone.column + self.h_gap

    def place(self, node: str, x: float, y: float, out: dict[str, Box]) -> None:
        todo = [(node, x, y)]
        while todo:
            node, x, y = todo.pop()
            lines = self.rows.get(node)
            if lines is None:
                out.update((p, Box(b.x + x, b.y + y, b.w, b.h)) for p, b in self.blocks.block(node)[0].items())
                continue
            w, h = self.size(node)
            out[node] = Box(x, y, w, h)
            cy = y + h + self.v_gap
            for line in lines:
                cx = x + self.indent
                for k in line:
                    if k.startswith(GRID):
                        self._place_grid(self.grids[node], cx, cy, out)
                    else:
                        todo.append((k, cx, cy))
                    cx += self.extent(k)[0] + self.h_gap
                cy += max(self.extent(k)[1] for k in line) + self.v_gap

    def done(self, out: dict[str, Box], width: float, height: float) -> Wrapped:
        for lines in self.rows.values():  # a grid's place is known: first in the first row
            if lines[0] and lines[0][0].startswith(GRID):
                lines[0] = lines[0][1:]
        return Wrapped(out, width, height, self.rows, self.grids)


def wrap_forest(
    roots: Sequence[str],
    kids: Mapping[str, Sequence[str]],
    size: Callable[[str], tuple[float, float]],
    layout: Layout | Blocks,
    widths: Mapping[str, float],
    limit: float,
    *,
    h_gap: float,
    v_gap: float,
    indent: float,
    narrowest: float,
    lone: Lone | None = None,
) -> Wrapped:
    """The forest under ``roots`` within ``limit`` wide where it can be.

    ``size`` is a card's (width, height); ``layout(node)`` lays out node's subtree
    alone as the tidy tree does (``Blocks``: layouts kept for a call at another width);
    ``widths`` holds each node's subtree width in that layout (see ``extents``,
    ``Blocks.widths_in``); ``kids`` are the families shown (a stacked family is
    inside one tidy block, never wrapped). No row is narrower than ``narrowest``.
    ``lone``: a wrapped manager's reports with nobody below them go first, in columns.
    Root trees side by side also wrap into rows of ``limit``."""
    blocks = layout if isinstance(layout, Blocks) else Blocks(layout)
    w = _Wrapper(kids, size, blocks, h_gap, v_gap, indent, narrowest, lone)
    limit = max(limit, narrowest)
    w.wrap_all(roots, widths, limit)
    out: dict[str, Box] = {}
    y = width = height = 0.0
    for shelf in fill_rows(roots, lambda r: w.extent(r)[0], limit, h_gap):
        x = 0.0
        for r in shelf:
            w.place(r, x, y, out)
            x += w.extent(r)[0]
            width = max(width, x)
            x += h_gap
        height = y + max(w.extent(r)[1] for r in shelf)
        y = height + v_gap
    return w.done(out, width, height)
