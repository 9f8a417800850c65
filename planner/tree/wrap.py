"""Wide levels wrapped into rows, so a big chart keeps about the shape it is shown in.

The tidy tree (planner.tree.layout) puts every report of a manager side by side:
a manager with 90 teams below makes a chart 90 teams wide. Here a subtree wider
than the width allowed keeps its tidy layout only where it fits; above that, a
manager's reports (each a tidy block, or wrapped in turn) fill rows of the
allowed width, indented under the manager as compact stacks are, with a line
down the left and a bus over each row (``Wrapped.rows`` says which). Charts
that fit are left as the tidy tree lays them out. Qt-free: the board
(ui/board/scene.py) places its cards where this says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from planner.tree.layout import Box

Layout = Callable[[str], dict[str, Box]]  # a subtree laid out alone, top-down from its root


@dataclass
class Wrapped:
    """A forest laid out within a width: boxes from (0, 0), and the managers whose reports wrap."""

    boxes: dict[str, Box]
    width: float
    height: float
    rows: dict[str, list[list[str]]] = field(default_factory=dict)  # manager -> reports, row by row


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


class _Wrapper:
    """The work of wrap_forest: blocks made once, rows of the wrapped managers, placing."""

    def __init__(
        self,
        kids: Mapping[str, Sequence[str]],
        size: Callable[[str], tuple[float, float]],
        layout: Layout,
        h_gap: float,
        v_gap: float,
        indent: float,
    ) -> None:
        self.kids, self.size, self.layout = kids, size, layout
        self.h_gap, self.v_gap, self.indent = h_gap, v_gap, indent
        self.blocks: dict[str, tuple[dict[str, Box], float, float]] = {}
        self.sizes: dict[str, tuple[float, float]] = {}  # wrapped managers: their block's size
        self.rows: dict[str, list[list[str]]] = {}

    def block(self, node: str) -> tuple[dict[str, Box], float, float]:
        """``node``'s subtree laid out alone, from (0, 0): boxes, width, height (made once)."""
        got = self.blocks.get(node)
        if got is None:
            boxes = self.layout(node)
            left = min(b.x for b in boxes.values())
            top = boxes[node].y
            moved = {p: Box(b.x - left, b.y - top, b.w, b.h) for p, b in boxes.items()}
            width = max(b.x + b.w for b in moved.values())
            got = self.blocks[node] = (moved, width, max(b.y + b.h for b in moved.values()))
        return got

    def extent(self, node: str) -> tuple[float, float]:
        got = self.sizes.get(node)
        if got is None:
            _boxes, w, h = self.block(node)
            got = (w, h)
        return got

    def wrap(self, node: str, room: float) -> None:
        """Rows for ``node``'s reports in ``room`` (their blocks are done: bottom-up)."""
        lines = fill_rows(self.kids[node], lambda k: self.extent(k)[0], room - self.indent, self.h_gap)
        self.rows[node] = lines
        row_w = max(sum(self.extent(k)[0] for k in line) + self.h_gap * (len(line) - 1) for line in lines)
        row_h = sum(max(self.extent(k)[1] for k in line) for line in lines) + self.v_gap * len(lines)
        w, h = self.size(node)
        self.sizes[node] = (max(w, self.indent + row_w), h + row_h)

    def place(self, node: str, x: float, y: float, out: dict[str, Box]) -> None:
        todo = [(node, x, y)]
        while todo:
            node, x, y = todo.pop()
            lines = self.rows.get(node)
            if lines is None:
                out.update((p, Box(b.x + x, b.y + y, b.w, b.h)) for p, b in self.block(node)[0].items())
                continue
            w, h = self.size(node)
            out[node] = Box(x, y, w, h)
            cy = y + h + self.v_gap
            for line in lines:
                cx = x + self.indent
                for k in line:
                    todo.append((k, cx, cy))
                    cx += self.extent(k)[0] + self.h_gap
                cy += max(self.extent(k)[1] for k in line) + self.v_gap


def wrap_forest(
    roots: Sequence[str],
    kids: Mapping[str, Sequence[str]],
    size: Callable[[str], tuple[float, float]],
    layout: Layout,
    widths: Mapping[str, float],
    limit: float,
    *,
    h_gap: float,
    v_gap: float,
    indent: float,
    narrowest: float,
) -> Wrapped:
    """The forest under ``roots`` within ``limit`` wide where it can be.

    ``size`` is a card's (width, height); ``layout(node)`` lays out node's subtree
    alone as the tidy tree does; ``widths`` holds each node's subtree width in that
    layout (see ``extents``); ``kids`` are the families shown (a stacked family is
    inside one tidy block, never wrapped). No row is narrower than ``narrowest``.
    Root trees side by side also wrap into rows of ``limit``."""
    w = _Wrapper(kids, size, layout, h_gap, v_gap, indent)
    limit = max(limit, narrowest)
    room: dict[str, float] = dict.fromkeys(roots, limit)
    wrapped: list[str] = []  # top-down
    todo = list(reversed(roots))
    while todo:
        node = todo.pop()
        node_kids = kids.get(node, ())
        if node_kids and widths[node] > room[node]:
            wrapped.append(node)
            for k in node_kids:
                room[k] = max(room[node] - indent, narrowest)
            todo.extend(reversed(node_kids))
    for node in reversed(wrapped):
        w.wrap(node, room[node])
    out: dict[str, Box] = {}
    y = width = 0.0
    for shelf in fill_rows(roots, lambda r: w.extent(r)[0], limit, h_gap):
        x = 0.0
        for r in shelf:
            w.place(r, x, y, out)
            x += w.extent(r)[0] + h_gap
        width = max(width, x - h_gap)
        y += max(w.extent(r)[1] for r in shelf) + v_gap
    return Wrapped(out, width, max(y - v_gap, 0.0), w.rows)
