"""Wide levels wrapped into rows, so a big chart keeps a page-like shape.

The tidy tree (planner.tree.layout) puts every report of a manager side by side:
a manager with 90 teams below makes a chart 90 teams wide. Here a subtree wider
than the width allowed keeps its tidy layout only where it fits; above that, a
manager's reports (each a tidy block, or wrapped in turn) fill rows of the
allowed width, indented under the manager as compact stacks are, with a line
down the left and a bus over each row. Charts that fit are left as the tidy
tree draws them. Units are the board's scene pixels (ui/export/chart_layout.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainter

from planner.tree.layout import Box, tidy_tree
from ui.board.items import CARD_W
from ui.board.scene import H_GAP, STACK_GAP, STACK_INDENT, V_GAP

INDENT = STACK_INDENT  # a wrapped manager's reports start this far right of the manager's left edge
NARROWEST = 2 * CARD_W + H_GAP  # no row is made narrower than two cards


@dataclass
class Tidy:
    """A subtree's tidy layout and, per node, the extent of its own subtree (left, right, bottom);
    ``block`` lays out a smaller subtree alone (its levels only as tall as its own cards)."""

    boxes: dict[str, Box]
    ext: dict[str, tuple[float, float, float]]
    order: list[str]  # preorder
    layout: Callable[[str], dict[str, Box]]
    blocks: dict[str, tuple[dict[str, Box], float, float]] = field(default_factory=dict)

    def block(self, node: str) -> tuple[dict[str, Box], float, float]:
        """``node``'s subtree laid out alone, from (0, 0): boxes, width, height (cached)."""
        got = self.blocks.get(node)
        if got is None:
            boxes = self.layout(node)
            left = min(b.x for b in boxes.values())
            moved = {p: Box(b.x - left, b.y, b.w, b.h) for p, b in boxes.items()}
            width = max(b.x + b.w for b in moved.values())
            got = self.blocks[node] = (moved, width, max(b.y + b.h for b in moved.values()))
        return got


@dataclass
class Wrapped:
    """A subtree laid out within a width: boxes from (0, 0), and the managers whose reports wrap."""

    boxes: dict[str, Box]
    width: float
    height: float
    rows: dict[str, list[list[str]]] = field(default_factory=dict)  # manager -> reports, row by row
    grids: dict[str, list[list[str]]] = field(default_factory=dict)  # manager -> lone reports, column by column


def tidy_extents(
    root: str,
    kids: Mapping[str, Sequence[str]],
    height_of: Callable[[str], float],
    compact: bool,
    max_stack: int,
) -> Tidy:
    """The tidy layout of ``root``'s subtree (as the chart draws it unwrapped) and every subtree's extent.

    Walker's layout moves each subtree as one rigid piece, so a subtree's width here is
    its width laid out alone (its height is not: a level is as tall as its tallest card)."""

    def layout(top: str) -> dict[str, Box]:
        return tidy_tree(
            [top],
            kids,
            lambda p: (CARD_W, height_of(p)),
            H_GAP,
            V_GAP,
            compact=compact,
            indent=STACK_INDENT,
            stack_gap=STACK_GAP,
            max_stack=max_stack,
        )

    boxes = layout(root)
    order: list[str] = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(kids.get(node, ())))
    ext: dict[str, tuple[float, float, float]] = {}
    for node in reversed(order):
        b = boxes[node]
        left, right, bottom = b.x, b.x + b.w, b.y + b.h
        for k in kids.get(node, ()):
            kl, kr, kb = ext[k]
            left, right, bottom = min(left, kl), max(right, kr), max(bottom, kb)
        ext[node] = (left, right, bottom)
    return Tidy(boxes, ext, order, layout)


def wrap(tidy: Tidy, kids: Mapping[str, Sequence[str]], limit: float) -> Wrapped:
    """The subtree of ``tidy`` within ``limit`` px wide, where it can be: tidy blocks that fit
    are kept whole; a manager whose block does not fit has their reports wrapped into rows."""
    root = tidy.order[0]
    boxes, ext = tidy.boxes, tidy.ext
    left, right, bottom = ext[root]
    if right - left <= limit:
        top = boxes[root].y
        moved = {p: Box(b.x - left, b.y - top, b.w, b.h) for p, b in boxes.items()}
        return Wrapped(moved, right - left, bottom - top)
    # Top-down: who wraps, and the width each report's block may take.
    room = {root: max(limit, NARROWEST)}
    wrapped: list[str] = []
    for node in tidy.order:
        if node not in room:
            continue  # inside a tidy block
        nl, nr, _nb = ext[node]
        node_kids = kids.get(node, ())
        if node_kids and nr - nl > room[node]:
            wrapped.append(node)
            for k in node_kids:
                room[k] = max(room[node] - INDENT, NARROWEST)
    # Bottom-up: each wrapped manager's block size and rows. Reports with nobody below them
    # go first, together, in stacked columns (a grid as wide as the row), as compact stacks do.
    size: dict[str, tuple[float, float]] = {}
    rows: dict[str, list[list[str]]] = {}
    grids: dict[str, list[list[str]]] = {}

    def block(node: str) -> tuple[float, float]:
        got = size.get(node)
        if got is None:
            _boxes, w, h = tidy.block(node)
            got = (w, h)
        return got

    for node in reversed(wrapped):
        width = room[node] - INDENT
        lines: list[list[str]] = [[]]
        used = 0.0
        lone = [k for k in kids[node] if not kids.get(k)]
        others = list(kids[node])
        if len(lone) >= 2:
            columns = _columns(lone, width)
            grids[node] = columns
            token = GRID + node
            size[token] = _grid_size(columns, lambda k: boxes[k].h)
            others = [token, *(k for k in others if kids.get(k))]
        for k in others:
            w = block(k)[0]
            if lines[-1] and used + H_GAP + w > width:
                lines.append([])
                used = 0.0
            used += (H_GAP if lines[-1] else 0.0) + w
            lines[-1].append(k)
        rows[node] = lines
        row_w = max(sum(block(k)[0] for k in line) + H_GAP * (len(line) - 1) for line in lines)
        row_h = sum(max(block(k)[1] for k in line) for line in lines) + V_GAP * len(lines)
        size[node] = (max(boxes[node].w, INDENT + row_w), boxes[node].h + row_h)
    out: dict[str, Box] = {}
    places = [(root, 0.0, 0.0)]
    while places:
        node, x, y = places.pop()
        if node not in rows:
            out.update((p, Box(b.x + x, b.y + y, b.w, b.h)) for p, b in tidy.block(node)[0].items())
            continue
        b = boxes[node]
        out[node] = Box(x, y, b.w, b.h)
        cy = y + b.h + V_GAP
        for line in rows[node]:
            cx = x + INDENT
            for k in line:
                if k.startswith(GRID):
                    _place_grid(grids[node], cx, cy, boxes, out)
                else:
                    places.append((k, cx, cy))
                cx += block(k)[0] + H_GAP
            cy += max(block(k)[1] for k in line) + V_GAP
    width, height = size[root]
    for lines in rows.values():  # the grid's place is known: first in the first row
        lines[0] = [k for k in lines[0] if not k.startswith(GRID)]
    return Wrapped(out, width, height, rows, grids)


GRID = "\0grid:"  # stands for a manager's lone reports while rows are filled (no id starts with NUL)
COLUMN_W = INDENT + CARD_W  # a grid column: the line and ticks on the left, then the cards


def _columns(lone: list[str], width: float) -> list[list[str]]:
    """Lone reports in model order, down each column then across, in as many columns as fit ``width``."""
    most = max(1, int((width + H_GAP) // (COLUMN_W + H_GAP)))
    per = -(-len(lone) // min(len(lone), most))
    return [lone[i : i + per] for i in range(0, len(lone), per)]


def _grid_size(columns: list[list[str]], height_of: Callable[[str], float]) -> tuple[float, float]:
    width = len(columns) * COLUMN_W + (len(columns) - 1) * H_GAP
    return width, max(sum(height_of(k) for k in col) + STACK_GAP * (len(col) - 1) for col in columns)


def _place_grid(columns: list[list[str]], x: float, y: float, boxes: Mapping[str, Box], out: dict[str, Box]) -> None:
    for col in columns:
        cy = y
        for k in col:
            b = boxes[k]
            out[k] = Box(x + INDENT, cy, b.w, b.h)
            cy += b.h + STACK_GAP
        x += COLUMN_W + H_GAP


def paint_row_links(
    painter: QPainter,
    pid: str,
    rows: list[list[str]],
    boxes: Mapping[str, Box],
    grid: list[list[str]] | None = None,
) -> None:
    """Reporting lines of a wrapped manager: down the left of the rows, a bus over each row,
    a drop to each report; lone reports (``grid``, first in the first row) get a line down each
    column with a tick to each card (the painter's pen and brush set by the caller)."""
    b = boxes[pid]
    trunk = b.x + INDENT / 2
    last = 0.0
    for i, line in enumerate(rows):
        columns = grid if grid and i == 0 else []
        tops = [boxes[k].y for k in line] + [boxes[col[0]].y for col in columns]
        if not tops:
            continue
        bus = min(tops) - V_GAP / 2
        drops = [boxes[k].x + boxes[k].w / 2 for k in line]
        lines_x = [boxes[col[0]].x - INDENT / 2 for col in columns]
        painter.drawLine(QPointF(trunk, bus), QPointF(max(drops + lines_x), bus))
        for k, x in zip(line, drops):
            painter.drawLine(QPointF(x, bus), QPointF(x, boxes[k].y))
        for col, x in zip(columns, lines_x):
            ticks = [boxes[k].y + 20.0 for k in col]
            painter.drawLine(QPointF(x, bus), QPointF(x, max(ticks)))
            for y in ticks:
                painter.drawLine(QPointF(x, y), QPointF(x + INDENT / 2, y))
        last = bus
    painter.drawLine(QPointF(trunk, b.y + b.h), QPointF(trunk, last))
