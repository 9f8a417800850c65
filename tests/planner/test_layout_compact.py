"""Property tests for the compact tidy tree: leaf families stacked under their manager."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.tree.layout import stack_families, tidy_tree
from tests.planner.helpers import forests

EPS = 1e-6
gaps = st.floats(1, 60, allow_nan=False)


def overlap(a, b) -> bool:
    return a.x < b.x + b.w - EPS and b.x < a.x + a.w - EPS and a.y < b.y + b.h - EPS and b.y < a.y + a.h - EPS


@settings(max_examples=300, deadline=None)
@given(forests(), gaps, gaps, st.floats(0, 40, allow_nan=False), st.floats(0, 20, allow_nan=False), st.integers(0, 5))
def test_compact_layout_invariants(forest, h_gap, v_gap, indent, stack_gap, max_stack):
    roots, children, sizes = forest
    boxes = tidy_tree(
        roots,
        children,
        sizes.__getitem__,
        h_gap,
        v_gap,
        compact=True,
        indent=indent,
        stack_gap=stack_gap,
        max_stack=max_stack,
    )
    assert set(boxes) == set(sizes)
    for k, b in boxes.items():
        assert (b.w, b.h) == sizes[k]
    # No two cards overlap.
    items = list(boxes.values())
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            assert not overlap(a, b)
    stacked = stack_families(children)
    for parent, kids in children.items():
        p = boxes[parent]
        for k in kids:  # every child starts below its parent with at least v_gap between
            assert boxes[k].y >= p.y + p.h + v_gap - EPS
        if parent in stacked:
            # A stack: columns from indent right of the parent, in model order: top to
            # bottom, then the next column to the right, each at most max_stack long.
            if len({round(boxes[k].x, 6) for k in kids}) == 1:
                assert boxes[kids[0]].x == pytest.approx(p.x + indent)
            assert boxes[kids[0]].y == pytest.approx(min(boxes[k].y for k in kids))
            run = 1
            for k, nxt in zip(kids, kids[1:]):
                a, b = boxes[k], boxes[nxt]
                if b.x == pytest.approx(a.x):
                    assert b.y == pytest.approx(a.y + a.h + stack_gap)
                    run += 1
                else:
                    assert b.x > a.x and b.y == pytest.approx(boxes[kids[0]].y)
                    run = 1
                assert max_stack == 0 or run <= max_stack
        else:  # a row, left to right in model order
            xs = [boxes[k].x for k in kids]
            assert xs == sorted(xs)


def test_flat_org_is_tall_not_wide():
    """A manager with 40 reports: compact is one column, the plain tree one long row."""
    kids = {"m": [f"r{i}" for i in range(40)]}
    size = lambda _k: (240.0, 58.0)  # noqa: E731
    wide = tidy_tree(["m"], kids, size, 28.0, 64.0)
    tall = tidy_tree(["m"], kids, size, 28.0, 64.0, compact=True)
    width = lambda bs: max(b.x + b.w for b in bs.values()) - min(b.x for b in bs.values())  # noqa: E731
    assert width(wide) > 40 * 240
    assert width(tall) < 2 * 240
    assert [tall[f"r{i}"].y for i in range(40)] == sorted(tall[f"r{i}"].y for i in range(40))


def test_compact_keeps_families_with_grandchildren_in_rows():
    kids = {"a": ["b", "c"], "b": ["d", "e"]}
    boxes = tidy_tree(["a"], kids, lambda _k: (100.0, 50.0), 24.0, 48.0, compact=True)
    assert boxes["b"].y == boxes["c"].y  # a has a grandchild: its children stay a row
    assert boxes["d"].x == boxes["e"].x  # b's are leaves: stacked
    assert boxes["e"].y > boxes["d"].y
    assert not overlap(boxes["c"], boxes["e"])


def test_compact_ignores_families_not_reachable_from_roots():
    """children may list families below a collapsed manager: they get no boxes."""
    kids = {"a": ["b"], "x": ["y", "z"]}  # x is not under any root
    boxes = tidy_tree(["a"], kids, lambda _k: (100.0, 50.0), compact=True)
    assert set(boxes) == {"a", "b"}


def test_long_stack_wraps_into_even_columns():
    kids = {"m": [f"r{i}" for i in range(25)]}
    boxes = tidy_tree(["m"], kids, lambda _k: (240.0, 58.0), 28.0, 64.0, compact=True, max_stack=10)
    xs = sorted({boxes[k].x for k in kids["m"]})
    assert len(xs) == 3  # 25 reports, at most 10 a column: 3 columns of 9, 9, 7
    assert [sum(boxes[k].x == x for k in kids["m"]) for x in xs] == [9, 9, 7]
