"""Benchmark planner.tree.layout.tidy_tree against a plain recursive Buchheim layout.

Run on demand: ``python tests/benchmarks/bench_layout.py``. Prints the best of
several runs for 1k, 10k and 100k node random org-shaped trees and the ratio
(ours / reference); the target is a ratio of at most 1.5.
"""

from __future__ import annotations

import gc
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from planner.tree.layout import tidy_tree  # noqa: E402

WIDTH, HEIGHT, H_GAP, V_GAP = 200.0, 80.0, 24.0, 48.0


def random_org(n: int, seed: int = 1) -> dict[int, list[int]]:
    """Children lists of a random n-node tree rooted at 0, branching ~3-8.

    Node i hangs under roughly i / b for a random b in [3, 8], which gives
    internal nodes about 5.5 reports each and logarithmic depth, like an org.
    """
    rng = random.Random(seed)
    children: dict[int, list[int]] = {}
    for i in range(1, n):
        p = int((i - 1) / rng.uniform(3.0, 8.0))
        children.setdefault(p, []).append(i)
    return children


# --- Reference: the classic recursive Buchheim/Walker, fixed widths. ---------


class _Node:
    __slots__ = ("key", "children", "parent", "number", "x", "y", "mod", "thread", "ancestor", "change", "shift")

    def __init__(self, key, children, parent=None, depth=0, number=0):
        self.key = key
        self.parent = parent
        self.number = number  # index among siblings
        self.x = -1.0
        self.y = depth
        self.mod = 0.0
        self.thread = None
        self.ancestor = self
        self.change = self.shift = 0.0
        self.children = [_Node(c, children, self, depth + 1, i) for i, c in enumerate(children.get(key, ()))]

    def left(self):
        return self.thread or (self.children[0] if self.children else None)

    def right(self):
        return self.thread or (self.children[-1] if self.children else None)

    def lbrother(self):
        if self.parent is None or self.number == 0:
            return None
        return self.parent.children[self.number - 1]

    def lmost_sibling(self):
        if self.parent is None or self.number == 0:
            return None
        return self.parent.children[0]


def _firstwalk(v, distance):
    if not v.children:
        w = v.lbrother()
        v.x = w.x + distance if w else 0.0
    else:
        default_ancestor = v.children[0]
        for w in v.children:
            _firstwalk(w, distance)
            default_ancestor = _apportion(w, default_ancestor, distance)
        _execute_shifts(v)
        midpoint = (v.children[0].x + v.children[-1].x) / 2
        w = v.lbrother()
        if w:
            v.x = w.x + distance
            v.mod = v.x - midpoint
        else:
            v.x = midpoint


def _apportion(v, default_ancestor, distance):
    w = v.lbrother()
    if w is not None:
        vir = vor = v
        vil = w
        vol = v.lmost_sibling()
        sir = sor = v.mod
        sil = vil.mod
        sol = vol.mod
        while vil.right() and vir.left():
            vil = vil.right()
            vir = vir.left()
            vol = vol.left()
            vor = vor.right()
            vor.ancestor = v
            shift = (vil.x + sil) - (vir.x + sir) + distance
            if shift > 0:
                _move_subtree(_ancestor(vil, v, default_ancestor), v, shift)
                sir += shift
                sor += shift
            sil += vil.mod
            sir += vir.mod
            sol += vol.mod
            sor += vor.mod
        if vil.right() and not vor.right():
            vor.thread = vil.right()
            vor.mod += sil - sor
        else:
            if vir.left() and not vol.left():
                vol.thread = vir.left()
                vol.mod += sir - sol
            default_ancestor = v
    return default_ancestor


def _move_subtree(wl, wr, shift):
    subtrees = wr.number - wl.number
    wr.change -= shift / subtrees
    wr.shift += shift
    wl.change += shift / subtrees
    wr.x += shift
    wr.mod += shift


def _execute_shifts(v):
    shift = change = 0.0
    for w in reversed(v.children):
        w.x += shift
        w.mod += shift
        change += w.change
        shift += w.shift + change


def _ancestor(vil, v, default_ancestor):
    return vil.ancestor if vil.ancestor.parent is v.parent else default_ancestor


def _second_walk(v, m, out):
    out[v.key] = (v.x + m, v.y * (HEIGHT + V_GAP))
    for w in v.children:
        _second_walk(w, m + v.mod, out)


def reference_layout(root, children):
    """Classic recursive Buchheim (fixed widths); returns {key: (cx, y)}."""
    tree = _Node(root, children)
    _firstwalk(tree, WIDTH + H_GAP)
    out: dict = {}
    _second_walk(tree, 0.0, out)
    return out


# --- Harness. -----------------------------------------------------------------


def best_of(fns, repeats: int) -> list[float]:
    """Best wall time of each function; runs are interleaved so that noise
    from other processes on the machine hits all of them alike. Garbage left
    by the previous run (the reference's trees are cyclic) is collected
    before the clock starts, so no run pays for another's."""
    best = [float("inf")] * len(fns)
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            gc.collect()
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def check_same(n: int, children: dict[int, list[int]]) -> None:
    """Both layouts must agree (up to the translation to x == 0)."""
    ours = tidy_tree([0], children, lambda k: (WIDTH, HEIGHT), H_GAP, V_GAP)
    ref = reference_layout(0, children)
    dx = min(cx for cx, _ in ref.values()) - WIDTH / 2
    for k, (cx, y) in ref.items():
        b = ours[k]
        assert abs(b.cx - (cx - dx)) < 1e-6 and b.y == y, (n, k, b, cx, y)


def main() -> None:
    sys.setrecursionlimit(100_000)
    size = lambda k: (WIDTH, HEIGHT)  # noqa: E731 - a fixed size, as the reference
    print(f"{'nodes':>7} {'tidy_tree':>11} {'reference':>11} {'ratio':>6}")
    for n, repeats in ((1_000, 50), (10_000, 15), (100_000, 5)):
        children = random_org(n)
        check_same(n, children)
        ours, ref = best_of(
            [
                lambda ch=children: tidy_tree([0], ch, size, H_GAP, V_GAP),
                lambda ch=children: reference_layout(0, ch),
            ],
            repeats,
        )
        print(f"{n:>7} {ours * 1e3:>9.2f}ms {ref * 1e3:>9.2f}ms {ours / ref:>6.2f}")


if __name__ == "__main__":
    main()
