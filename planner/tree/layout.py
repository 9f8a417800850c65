"""Tidy-tree layout for org charts (variable-width Buchheim–Walker, pure Python).

The algorithm is the linear-time Reingold–Tilford / Walker layout as fixed by
Buchheim, Jünger and Leipert (2002), run iteratively over flat int-indexed lists
so that 100k-deep chains work and large charts stay fast. The compact mode
stacks leaf reports vertically under their manager, as org-chart tools do, so a
wide flat org keeps a sane aspect ratio.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, islice, repeat
from operator import itemgetter, sub
from typing import Any, TypeVar

__all__ = ["Box", "stack_block", "stack_families", "tidy_tree"]

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Box:
    """Placement of one node: top-left corner plus size, in scene units."""

    x: float  # left edge
    y: float  # top edge
    w: float
    h: float

    @property
    def cx(self) -> float:
        """Centre x, which is what parents are centred on."""
        return self.x + self.w / 2


# Slot setters of Box, in field order, for _boxes().
_BOX_SETTERS = tuple(getattr(Box, f).__set__ for f in Box.__slots__)


def _boxes(n: int, *columns: Iterable[float]) -> list[Box]:
    """Bulk-build n Boxes from x, y, w, h columns, about twice as fast as Box(...).

    A frozen dataclass's __init__ is Python code calling object.__setattr__ per
    field; filling the slots with C-level map() calls skips both. The result is
    an ordinary, equal, still-frozen Box.
    """
    boxes = list(map(Box.__new__, repeat(Box, n)))
    for setter, column in zip(_BOX_SETTERS, columns):
        deque(map(setter, boxes, column), maxlen=0)
    return boxes


class _Stack:
    """Stand-in node for a stacked family: one block as wide and tall as the stack."""

    __slots__ = ("parent",)

    def __init__(self, parent: Any) -> None:
        self.parent = parent


def stack_families(children: Mapping[K, Sequence[K]], min_leaves: int = 2) -> set[K]:
    """Parents whose children are all leaves (at least ``min_leaves`` of them):
    the families the compact layout stacks vertically."""
    return {p for p, kids in children.items() if len(kids) >= min_leaves and not any(children.get(k) for k in kids)}


def stack_block(
    kids: Sequence[K],
    size: Callable[[K], tuple[float, float]],
    parent_w: float,
    max_stack: int,
    h_gap: float,
    indent: float,
    stack_gap: float,
) -> tuple[list[list[K]], float, float]:
    """A stacked family's columns (``max_stack`` cards at most, 0: one column; evenly filled,
    read column by column) and the block it takes under its parent: width, height."""
    kids = list(kids)
    widest = max(size(k)[0] for k in kids)
    n_cols = -(-len(kids) // max_stack) if max_stack > 0 else 1
    rows = -(-len(kids) // n_cols)
    cols = [kids[i : i + rows] for i in range(0, len(kids), rows)]
    span = len(cols) * widest + (len(cols) - 1) * h_gap
    # One column: symmetric about the parent's centre (as _tidy centres it), the
    # column indent right of the parent's left edge. More: centred under it.
    half = max(parent_w / 2, indent + span - parent_w / 2 if len(cols) == 1 else (span + indent) / 2)
    height = max(sum(size(k)[1] for k in col) + stack_gap * (len(col) - 1) for col in cols)
    return cols, 2 * half, height


def tidy_tree(
    roots: Sequence[K],
    children: Mapping[K, Sequence[K]],
    size: Callable[[K], tuple[float, float]],
    h_gap: float = 24.0,
    v_gap: float = 48.0,
    *,
    compact: bool = False,
    indent: float = 24.0,
    stack_gap: float = 8.0,
    max_stack: int = 0,
) -> dict[K, Box]:
    """Lay out the forest under ``roots`` top-down; return a Box per reachable node.

    Parents are centred over their first and last child, siblings keep model
    order, and subtrees (root trees too) are packed against each other's
    contours with at least ``h_gap`` between neighbours on a level. The input
    must be a forest (no cycles, no node reachable twice); it is not checked.

    With ``compact``, the leaves of a family with no grandchildren are stacked
    top to bottom (``stack_gap`` apart) ``indent`` right of their parent's left
    edge, starting on the children's level; a level is as tall as its tallest stack.
    A stack longer than ``max_stack`` (0: no limit) wraps into evenly filled
    columns ``h_gap`` apart, centred under the parent and read column by column,
    so one big team stays short.
    """
    if not compact:
        return _tidy(roots, children, size, h_gap, v_gap)
    # Only the families under ``roots``: a subtree laid out alone (planner.tree.wrap) costs
    # what it holds, not what the whole mapping holds.
    families: dict = {}
    todo = list(roots)
    while todo:
        node = todo.pop()
        kids = children.get(node)
        if kids:
            families[node] = kids
            todo.extend(kids)
    stacked = stack_families(families)
    if not stacked:
        return _tidy(roots, families, size, h_gap, v_gap)
    blocks: dict[_Stack, tuple[float, float]] = {}
    reduced: dict = dict(families)
    columns: dict[K, list[list[K]]] = {}
    for p in (p for p in families if p in stacked):  # in tree order, not the set's: same bytes every run
        columns[p], width, height = stack_block(children[p], size, size(p)[0], max_stack, h_gap, indent, stack_gap)
        stand_in = _Stack(p)
        blocks[stand_in] = (width, height)
        reduced[p] = (stand_in,)

    def span_of(p):
        widest = max(size(k)[0] for k in children[p])
        return len(columns[p]) * widest + (len(columns[p]) - 1) * h_gap

    def block_size(node):
        return blocks[node] if type(node) is _Stack else size(node)

    boxes: dict = _tidy(roots, reduced, block_size, h_gap, v_gap)
    for stand_in in blocks:
        block = boxes.pop(stand_in, None)
        if block is None:  # a family not reachable from roots (e.g. under a collapsed one)
            continue
        p = stand_in.parent
        widest = max(size(k)[0] for k in children[p])
        x = boxes[p].x + indent if len(columns[p]) == 1 else boxes[p].cx - (span_of(p) + indent) / 2 + indent
        for col in columns[p]:
            y = block.y
            for k in col:
                w, h = size(k)
                boxes[k] = Box(x, y, w, h)
                y += h + stack_gap
            x += widest + h_gap
    return boxes


def _tidy(
    roots: Sequence[K],
    children: Mapping[K, Sequence[K]],
    size: Callable[[K], tuple[float, float]],
    h_gap: float,
    v_gap: float,
) -> dict[K, Box]:
    """The layered tidy tree itself (see tidy_tree)."""
    if not roots:
        return {}

    # --- Index the forest breadth-first. ---------------------------------
    # Index 0 is a virtual super-root whose children are the roots, so root
    # trees are contour-packed by the very same code as siblings. BFS order
    # makes every family a contiguous index range and every level a
    # contiguous slice, which is what keeps the hot loops dict-free.
    keys: list = [None, *roots]
    inner = [0]  # internal nodes, ascending
    kids_of = [roots]  # their children sequences
    # The list iterator under map() sees the appends, so this is a BFS whose
    # per-node work (lookup, leaf test) runs in C; Python code runs only for
    # internal nodes. Deep chains cost no per-level overhead either.
    kid_lists = enumerate(map(children.get, islice(keys, 1, None), repeat(())), 1)
    for i, kids in filter(itemgetter(1), kid_lists):
        inner.append(i)
        kids_of.append(kids)
        keys.extend(kids)
    count = len(keys)
    counts = list(map(len, kids_of))
    starts = list(accumulate(counts, initial=1))  # first child of each internal node
    nl = [-1] * count  # first child, or the contour thread once set (leaves only)
    nr = [-1] * count  # last child, or the same thread
    deque(map(nl.__setitem__, inner, starts), maxlen=0)
    deque(map(nr.__setitem__, inner, map(sub, starts[1:], repeat(1))), maxlen=0)
    # Parent index; the virtual root is its own parent (its mod stays 0).
    par = [0, *chain.from_iterable(map(repeat, inner, counts))]
    levels: list[tuple[int, int]] = []  # [lo, hi) index range of each depth
    lo, hi = 1, starts[1]  # the roots
    while lo < hi:
        levels.append((lo, hi))
        # The next level is the children of this level's internal nodes.
        lo, hi = hi, starts[bisect_left(inner, hi)]

    ws, hs = zip(*map(size, keys[1:]))
    g = h_gap * 0.5
    # hw[a] + hw[b] is the centre distance of neighbours a, b: half widths + gap.
    hw = [0.0]
    hw.extend([w * 0.5 + g for w in ws])

    prelim = [0.0] * count  # x relative to the parent's frame
    mod = [0.0] * count  # offset applied to the whole subtree below a node
    shift = [0.0] * count  # Buchheim's deferred shift / change, for spreading
    change = [0.0] * count
    anc = list(range(count))  # Buchheim's "ancestor" pointers

    # --- First walk: families in reverse BFS order. ------------------------
    # A family's subtrees are complete before it is processed (descendants
    # have larger indices) and processing one family only touches nodes in
    # its own subtree, so this visits families in a valid post-order without
    # recursion or an explicit stack, and gives the same result as the
    # recursive algorithm.
    for lo, end in zip(reversed(starts[:-1]), reversed(starts[1:])):
        hi = end - 1
        c = nl[lo]
        prelim[lo] = (prelim[c] + prelim[nr[lo]]) * 0.5 if c >= 0 else 0.0
        default_anc = lo
        moved = False
        for v in range(lo + 1, hi + 1):
            x = prelim[v - 1] + hw[v - 1] + hw[v]
            prelim[v] = x
            b = nl[v]
            if b >= 0:
                mod[v] = x - (prelim[b] + prelim[nr[v]]) * 0.5
            a = nr[v - 1]
            if a < 0 or b < 0:
                # One side has no next level: nothing to compare, only the
                # threading below (a fast path for the many leaf siblings).
                if a >= 0:  # v is a bare leaf; thread it to the left forest
                    nl[v] = nr[v] = a
                    mod[v] = mod[v - 1]  # i.e. += sil - sor; mod[v] was 0
                else:
                    if b >= 0 and nl[lo] < 0:
                        nl[lo] = nr[lo] = b
                        mod[lo] = mod[v]  # i.e. += sir - sol; bare leaf lo had 0
                    default_anc = v
                continue

            # Apportion: walk the facing contours (inner left/right, outer
            # left/right) and push v's subtree right wherever they get too
            # close; s* are the accumulated mods along each contour.
            vir = vor = v
            vil = v - 1
            vol = lo
            sir = sor = mod[v]
            sil = mod[vil]
            sol = mod[vol]
            while a >= 0 and b >= 0:
                vil = a
                vir = b
                vol = nl[vol]
                vor = nr[vor]
                anc[vor] = v
                d = prelim[vil] + sil - prelim[vir] - sir + hw[vil] + hw[vir]
                if d > 0.0:
                    # Move v's subtree; spread d over the siblings in between.
                    t = anc[vil]
                    if t < lo or t > hi:  # not a sibling of v
                        t = default_anc
                    r = d / (v - t)
                    change[v] -= r
                    change[t] += r
                    shift[v] += d
                    prelim[v] += d
                    mod[v] += d
                    sir += d
                    sor += d
                    moved = True
                sil += mod[vil]
                sir += mod[vir]
                sol += mod[vol]
                sor += mod[vor]
                a = nr[vil]
                b = nl[vir]
            # Thread the shorter side's outer contour onto the longer one.
            if a >= 0 and nr[vor] < 0:
                nl[vor] = nr[vor] = a
                mod[vor] += sil - sor
            else:
                if b >= 0 and nl[vol] < 0:
                    nl[vol] = nr[vol] = b
                    mod[vol] += sir - sol
                default_anc = v

        if moved:
            # Execute the deferred shifts, right to left.
            s = ch = 0.0
            for v in range(hi, lo - 1, -1):
                prelim[v] += s
                mod[v] += s
                ch += change[v]
                s += shift[v] + ch

    # --- Second walk: absolute x = prelim + sum of ancestors' mods. --------
    # Parents come first in BFS order; mod becomes cumulative in place.
    for v, p in enumerate(par):
        m = mod[p]
        prelim[v] += m
        mod[v] += m

    # --- Boxes: shift so the leftmost edge is 0; stack levels by height. ---
    # Left edge = centre - hw + g; g cancels out when normalising to x0 == 0.
    lefts = list(map(sub, prelim[1:], hw[1:]))
    x0 = min(lefts)
    lefts = [x - x0 for x in lefts]
    tops: list[float] = []
    y = 0.0
    for lo, hi in levels:
        tops.append(y)
        y += max(hs[lo - 1 : hi - 1]) + v_gap
    ys = chain.from_iterable(map(repeat, tops, [hi - lo for lo, hi in levels]))
    return dict(zip(keys[1:], _boxes(count - 1, lefts, ys, ws, hs)))
