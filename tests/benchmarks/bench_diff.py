"""Benchmark planner.whatif.diff.compare on synthetic orgs (run on demand, prints figures).

``python tests/benchmarks/bench_diff.py``: for 1k and 10k people (100k with
``--big``), B is A with 1% of rocks moved, 0.5% of people re-parented and a few
capacity changes. Figures: compare with the two analyses passed in (the GUI
case: the target is under 0.5 s at 10k), compare building both analyses, the
review text, the JSON and the textconv rendering of one plan.
"""

from __future__ import annotations

import gc
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models import Plan  # noqa: E402
from planner.checks.analysis import Analysis  # noqa: E402
from planner.planfile import fileio  # noqa: E402
from planner.whatif.diff import compare  # noqa: E402
from planner.whatif.filediff import textconv_lines  # noqa: E402
from tests.benchmarks.synth import make_plan  # noqa: E402


def best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def changed_copy(n: int) -> tuple[Plan, Plan]:
    a = make_plan(n)
    b = fileio.loads(fileio.dumps(a))
    rng = random.Random(7)
    pids, rids = list(b.people), list(b.rocks)
    for rid in rng.sample(rids, len(rids) // 100):
        b.rocks[rid].owner = rng.choice(pids)
    for pid in rng.sample(pids[1:], len(pids) // 200):
        b.people[pid].manager = pids[0]  # straight under the CEO: never a cycle
    for pid in rng.sample(pids, 10):
        b.people[pid].capacity = 80
    return a, b


def main() -> None:
    sizes = [1_000, 10_000] + ([100_000] if "--big" in sys.argv else [])
    print(f"{'people':>8} {'rocks':>7} {'changes':>8} {'reuse analyses':>15} {'build both':>11} "
          f"{'review text':>12} {'json':>8} {'textconv':>9}")  # fmt: skip
    for n in sizes:
        row(n)


def row(n: int) -> None:
    a, b = changed_copy(n)
    an_a, an_b = Analysis(a), Analysis(b)
    d = compare(a, b, analysis_a=an_a, analysis_b=an_b)
    changes = len(d.rocks_moved) + len(d.people_reparented) + len(d.capacity_changes)
    reuse = best(lambda: compare(a, b, analysis_a=an_a, analysis_b=an_b))
    build = best(lambda: compare(a, b), runs=1 if n > 10_000 else 3)
    text = best(d.review_text)
    js = best(d.to_dict)
    conv = best(lambda: textconv_lines(b, an_b))
    print(f"{n:>8} {len(a.rocks):>7} {changes:>8} {reuse * 1000:>12.0f} ms {build * 1000:>8.0f} ms "
          f"{text * 1000:>9.0f} ms {js * 1000:>5.0f} ms {conv * 1000:>6.0f} ms")  # fmt: skip

if __name__ == "__main__":
    main()
