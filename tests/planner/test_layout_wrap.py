"""Wide levels wrapped into rows (planner.tree.wrap), as the chart export uses them: lone reports
of a wrapped manager in columns (``Lone``), layouts kept between widths (``Blocks``), and the
tidy tree's placement order the same in every process (so an export gives the same bytes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from planner.tree.layout import Box, tidy_tree
from planner.tree.wrap import Blocks, Lone, wrap_forest

ROOT = Path(__file__).resolve().parents[2]
CARD = 240.0
GAP, V_GAP, INDENT = 28.0, 48.0, 24.0
LONE = Lone(INDENT + CARD, 8.0)


def org() -> dict[str, list[str]]:
    """A head with three managers of two reports each, and seven reports with nobody below them."""
    kids = {"head": ["a", "l0", "b", "l1", "l2", "c", "l3", "l4", "l5", "l6"]}
    for m in "abc":
        kids[m] = [f"{m}1", f"{m}2"]
    return kids


def height(pid: str) -> float:
    return 58.0 + 24.0 * (len(pid) % 3)


def size(pid: str) -> tuple[float, float]:
    return CARD, height(pid)


def blocks_of(kids: dict[str, list[str]]) -> Blocks:
    return Blocks(lambda node: tidy_tree([node], kids, size, GAP, V_GAP, compact=True, indent=INDENT))


def wrapped(kids: dict[str, list[str]], blocks: Blocks, limit: float, lone: Lone | None = LONE):
    widths = blocks.widths_in("head", kids)
    return wrap_forest(["head"], kids, size, blocks, widths, limit, h_gap=GAP, v_gap=V_GAP, indent=INDENT,
                       narrowest=2 * CARD + GAP, lone=lone)  # fmt: skip


def overlaps(boxes: dict[str, Box]) -> list[tuple[str, str]]:
    items = sorted(boxes.items(), key=lambda kv: kv[1].x)
    out = []
    for i, (p, a) in enumerate(items):
        for q, b in items[i + 1 :]:
            if b.x >= a.x + a.w:
                break
            if b.y < a.y + a.h and a.y < b.y + b.h:
                out.append((p, q))
    return out


def test_lone_reports_of_a_wrapped_manager_go_first_in_columns():
    kids = org()
    laid = wrapped(kids, blocks_of(kids), 1100.0)
    everyone = {"head", *(k for ks in kids.values() for k in ks)}
    assert set(laid.boxes) == everyone and not overlaps(laid.boxes)
    assert max(b.x + b.w for b in laid.boxes.values()) <= 1100.0 + 1e-9 and laid.width <= 1100.0
    assert laid.height == max(b.y + b.h for b in laid.boxes.values())
    lone = [f"l{i}" for i in range(7)]
    columns = laid.grids["head"]
    assert [k for col in columns for k in col] == lone  # model order, down each column then across
    assert 1 < len(columns) < 7  # stacked, not one wide row
    rows = laid.rows["head"]
    assert [k for row in rows for k in row] == ["a", "b", "c"]  # the managers fill the rows after them
    assert all(laid.boxes[col[0]].y == laid.boxes["l0"].y for col in columns)  # the grid's tops line up
    grid_right = max(laid.boxes[k].x + CARD for k in lone)
    first_row = rows[0]
    assert all(laid.boxes[m].x > grid_right for m in first_row)  # first in the first row
    head = laid.boxes["head"]
    assert all(laid.boxes[k].y > head.y + head.h for k in everyone - {"head"})


def test_without_lone_columns_every_report_fills_the_rows():
    kids = org()
    laid = wrapped(kids, blocks_of(kids), 1100.0, lone=None)
    assert not laid.grids and not overlaps(laid.boxes)
    assert [k for row in laid.rows["head"] for k in row] == kids["head"]


def test_layouts_kept_between_widths_give_what_fresh_ones_give():
    kids = org()
    kept = blocks_of(kids)
    for limit in (5000.0, 1100.0, 800.0, 1500.0):
        again, fresh = wrapped(kids, kept, limit), wrapped(kids, blocks_of(kids), limit)
        assert (again.boxes, again.width, again.height, again.rows, again.grids) == (
            fresh.boxes, fresh.width, fresh.height, fresh.rows, fresh.grids)  # fmt: skip
    whole = wrapped(kids, kept, 5000.0)  # fits: the tidy tree as it is, nothing wrapped
    assert not whole.rows and whole.boxes == kept.block("head")[0]


def test_the_compact_layout_places_stacks_in_the_same_order_in_every_process():
    code = (
        "import json; from planner.tree.layout import tidy_tree; "
        "kids = {f'm{i}': [f'm{i}r{k}' for k in range(3)] for i in range(40)}; kids['top'] = list(kids); "
        "print(json.dumps(list(tidy_tree(['top'], kids, lambda p: (240.0, 60.0), compact=True))))"
    )
    orders = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=60, check=True)  # fmt: skip
        orders.append(json.loads(done.stdout))
    assert orders[0] == orders[1] == orders[2]  # was the order of a set of ids: a different one each run
