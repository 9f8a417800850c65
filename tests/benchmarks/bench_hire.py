"""Hire simulator speed: the `balance` proposal (and the others) on synthetic orgs.

Run on demand: ``python3 tests/benchmarks/bench_hire.py``. Prints figures; the
issue's target is a `balance` proposal on a 1,000-person plan under 1 s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from synth import make_plan  # noqa: E402

from planner.checks.analysis import Analysis  # noqa: E402
from planner.whatif import (
    advice,  # noqa: E402
    hire,
)


def timed(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    for n in (100, 1_000, 10_000):
        plan = make_plan(n)
        print(f"{n:>6} people, {len(plan.rocks)} rocks")
        for family in ("pm", "tpm", "design"):
            for strategy in hire.STRATEGIES:
                if n == 10_000 and strategy != "balance":
                    continue
                proposal = hire.propose(plan, family, strategy)
                seconds = timed(lambda p=plan, f=family, s=strategy: hire.propose(p, f, s))
                print(f"  propose {family:<6} {strategy:<18} {seconds * 1000:8.1f} ms  ({len(proposal.moves)} moves)")
        analysis = Analysis(plan)
        for family in ("pm", "tpm"):
            proposal = hire.propose(plan, family, "balance")
            seconds = timed(lambda p=plan, pr=proposal, an=analysis: hire.simulate(p, pr, analysis=an))
            total = timed(
                lambda p=plan, f=family, an=analysis: hire.simulate(p, hire.propose(p, f, "balance"), analysis=an),
                repeat=1,
            )
            print(f"  simulate {family:<5} balance      {seconds * 1000:8.1f} ms  (propose + simulate {total:.2f} s)")
        seconds = timed(lambda p=plan, an=analysis: advice.next_hires(p, an), repeat=1)
        print(f"  next_hires (what next?)     {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
