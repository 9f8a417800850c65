"""Benchmark planner.whatif.timeline on synthetic orgs (run on demand, prints figures).

``python tests/benchmarks/bench_timeline.py``: 1k and 10k people (100k with
``--big``), every team with a 12-quarter growth plan and 10% of rocks growing.
Figures: the forecast, the hiring sequence, and rendering the chart as PNG.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from planner.whatif import timeline  # noqa: E402
from tests.benchmarks.synth import make_plan  # noqa: E402


def best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    sizes = [1_000, 10_000] + ([100_000] if "--big" in sys.argv else [])
    rng = random.Random(1)
    for n in sizes:
        plan = make_plan(n)
        plan.settings.first_quarter = "2027-Q1"
        for team in plan.teams.values():
            team.growth = [team.headcount + 2 * q for q in range(12)]
        for rock in plan.rocks.values():
            rock.grows = rng.random() < 0.1
        fc = timeline.forecast(plan)
        print(f"{n:>7} people, {len(plan.rocks):>7} rocks, {len(plan.teams)} teams:")
        print(f"  forecast (12 quarters)  {best(lambda plan=plan: timeline.forecast(plan)) * 1000:8.1f} ms")
        print(f"  hiring sequence         {best(fc.hiring_sequence) * 1000:8.1f} ms")
        print(f"  chart as PNG            {best(lambda fc=fc: timeline.render(fc, 'png')) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
