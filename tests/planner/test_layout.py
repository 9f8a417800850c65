"""Tests for planner.tree.layout: tidy-tree invariants on random forests, plus examples."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.tree.layout import Box, tidy_tree
from tests.planner.helpers import forests

EPS = 1e-6


# --- Invariant checker -----------------------------------------------------------


def levels_of(roots, children):
    """Breadth-first levels of the forest: list of lists of keys."""
    levels = []
    level = list(roots)
    while level:
        levels.append(level)
        level = [c for k in level for c in children.get(k, ())]
    return levels


def subtree_contours(roots, children, boxes):
    """{node: {relative depth: (min left edge, max right edge)}} of each subtree."""
    order = [k for level in levels_of(roots, children) for k in level]
    contours = {}
    for k in reversed(order):  # children before parents
        b = boxes[k]
        mine = {0: (b.x, b.x + b.w)}
        for c in children.get(k, ()):
            for d, (lo, hi) in contours[c].items():
                old = mine.get(d + 1)
                mine[d + 1] = (lo, hi) if old is None else (min(old[0], lo), max(old[1], hi))
        contours[k] = mine
    return contours


def check_layout(roots, children, size, boxes, h_gap, v_gap):
    levels = levels_of(roots, children)
    assert set(boxes) == {k for level in levels for k in level}
    if not boxes:
        return

    # Sizes are passed through; (e) the forest starts at x == 0, y == 0.
    for k, b in boxes.items():
        assert (b.w, b.h) == size(k)
    assert min(b.x for b in boxes.values()) == pytest.approx(0.0, abs=EPS)
    assert min(b.y for b in boxes.values()) == 0.0

    # Levels share a top; each level starts below the previous one's tallest box.
    y = 0.0
    for level in levels:
        assert [boxes[k].y for k in level] == pytest.approx([y] * len(level))
        y += max(boxes[k].h for k in level) + v_gap

    # (a) Neighbours on a level are at least h_gap apart, hence nothing overlaps
    # (levels don't overlap vertically by the check above).
    for level in levels:
        row = sorted((boxes[k] for k in level), key=lambda b: b.x)
        for left, right in zip(row, row[1:]):
            assert right.x - (left.x + left.w) >= h_gap - EPS

    # (b) parents centred over first and last child; (c) siblings and roots in
    # model order with gaps.
    families = [list(roots)] + [children[k] for k in boxes if children.get(k)]
    for k in boxes:
        kids = children.get(k)
        if kids:
            mid = (boxes[kids[0]].cx + boxes[kids[-1]].cx) / 2
            assert boxes[k].cx == pytest.approx(mid, abs=EPS)
    for family in families:
        for left, right in zip(family, family[1:]):
            assert boxes[right].x - (boxes[left].x + boxes[left].w) >= h_gap - EPS

    # (d) Compactness: the last subtree of every family (roots included) sits
    # exactly h_gap from its left siblings' subtrees on some shared level.
    contours = subtree_contours(roots, children, boxes)
    for family in families:
        if len(family) < 2:
            continue
        left_edge: dict[int, float] = {}
        for k in family[:-1]:
            for d, (_, hi) in contours[k].items():
                left_edge[d] = max(left_edge.get(d, hi), hi)
        last = contours[family[-1]]
        gap = min(lo - left_edge[d] for d, (lo, _) in last.items() if d in left_edge)
        assert gap == pytest.approx(h_gap, abs=EPS)


# --- Property tests ---------------------------------------------------------------


gaps = st.floats(0, 60, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(forests(), gaps, gaps)
def test_random_forests_satisfy_invariants(forest, h_gap, v_gap):
    roots, children, sizes = forest
    boxes = tidy_tree(roots, children, sizes.__getitem__, h_gap, v_gap)
    check_layout(roots, children, sizes.__getitem__, boxes, h_gap, v_gap)


@settings(max_examples=100, deadline=None)
@given(forests())
def test_uniform_sizes_with_default_gaps(forest):
    roots, children, _ = forest
    size = lambda k: (120, 60)  # noqa: E731 - ints must work too
    boxes = tidy_tree(roots, children, size)
    check_layout(roots, children, size, boxes, 24.0, 48.0)


# --- Examples ----------------------------------------------------------------------


def fixed(w=100.0, h=50.0):
    return lambda k: (w, h)


def test_empty_forest():
    assert tidy_tree([], {}, fixed()) == {}


def test_single_node():
    assert tidy_tree(["ceo"], {}, fixed(80, 30)) == {"ceo": Box(0.0, 0.0, 80, 30)}


def test_box_is_frozen_value():
    (box,) = tidy_tree(["a"], {}, fixed()).values()
    assert box == Box(0.0, 0.0, 100.0, 50.0) and hash(box) == hash(Box(0, 0, 100, 50))
    assert box.cx == 50.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        box.x = 1.0  # type: ignore[misc]


def test_exact_small_tree():
    boxes = tidy_tree(["r"], {"r": ["a", "b", "c"]}, fixed(), h_gap=20, v_gap=10)
    assert [boxes[k].x for k in "abc"] == [0.0, 120.0, 240.0]
    assert {boxes[k].y for k in "abc"} == {60.0}
    assert boxes["r"] == Box(120.0, 0.0, 100.0, 50.0)


def test_contours_not_bounding_boxes():
    # A's wide child row must not push leaf B away: B packs against A itself.
    children = {"r": ["A", "B"], "A": ["a1", "a2", "a3"]}
    boxes = tidy_tree(["r"], children, fixed())
    assert boxes["B"].x == pytest.approx(boxes["A"].x + 100 + 24)


def test_inner_subtrees_are_spread_evenly():
    # B collides with A two levels down; the leaves between them share the shift.
    children = {"p": ["A", "m1", "m2", "B"], "A": list("abcd"), "B": list("efgh")}
    boxes = tidy_tree(["p"], children, fixed())
    cx = [boxes[k].cx for k in ("A", "m1", "m2", "B")]
    assert cx[3] - cx[0] == pytest.approx(4 * 100 + 3 * 24 + 24)
    steps = [b - a for a, b in zip(cx, cx[1:])]
    assert steps == pytest.approx([steps[0]] * 3)


def test_two_roots_side_by_side():
    children = {"r1": ["a", "b"], "r2": ["c", "d"]}
    size = fixed()
    boxes = tidy_tree(["r1", "r2"], children, size)
    check_layout(["r1", "r2"], children, size, boxes, 24.0, 48.0)
    assert boxes["r1"].y == boxes["r2"].y == 0.0
    assert boxes["c"].x == pytest.approx(boxes["b"].x + 100 + 24)  # trees touch


def test_roots_share_levels_across_trees():
    sizes = {"r1": (50, 10), "r2": (50, 90), "a": (50, 10), "b": (50, 5)}
    boxes = tidy_tree(["r1", "r2"], {"r1": ["a"], "r2": ["b"]}, sizes.__getitem__)
    assert boxes["a"].y == boxes["b"].y == 90 + 48.0


def test_long_chain_is_not_recursive():
    n = 100_000
    children = {i: [i + 1] for i in range(n - 1)}
    boxes = tidy_tree([0], children, fixed(10, 10), v_gap=5)
    assert len(boxes) == n
    assert {b.x for b in boxes.values()} == {0.0}
    assert boxes[n - 1].y == (n - 1) * 15.0


def test_star():
    n = 10_000
    boxes = tidy_tree(["boss"], {"boss": list(range(n))}, fixed(), h_gap=10)
    assert [boxes[i].x for i in range(n)] == pytest.approx([i * 110.0 for i in range(n)])
    assert boxes["boss"].cx == pytest.approx((50 + (n - 1) * 110 + 50) / 2)


def test_many_roots():
    roots = list(range(1000))
    boxes = tidy_tree(roots, {}, fixed(), h_gap=4)
    assert [boxes[r].x for r in roots] == [r * 104.0 for r in roots]


def test_leaf_markers_and_unreachable_nodes():
    children = {"r": ["a"], "a": [], "ghost": ["boo"]}
    assert set(tidy_tree(["r"], children, fixed())) == {"r", "a"}


def test_deterministic_and_independent_of_mapping_order():
    children = {i: [3 * i + 1, 3 * i + 2, 3 * i + 3] for i in range(200)}
    size = lambda k: (40 + k % 7 * 10, 20 + k % 3 * 5)  # noqa: E731
    first = tidy_tree([0], children, size)
    shuffled = dict(reversed(list(children.items())))
    assert tidy_tree([0], children, size) == first
    assert tidy_tree([0], shuffled, size) == first
    check_layout([0], children, size, first, 24.0, 48.0)
