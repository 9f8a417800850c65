"""Benchmark the table and graph exports: XLSX (target < 10 s at 10,000 people), CSV, GraphML, DOT,
and reading the workbook back (``rocks import --workbook``).

Run on demand: ``python tests/benchmarks/bench_export_tables.py [--sizes 1000,10000]``. Prints
figures (best of ``--repeat`` runs, wall clock, in this process) and never fails on time. Plans
come from tests/benchmarks/synth.py (about 7 rocks per person).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from planner.checks.analysis import Analysis  # noqa: E402
from planner.exports.exporting import export  # noqa: E402
from planner.exports.workbook import read_workbook  # noqa: E402
from tests.benchmarks.synth import make_plan  # noqa: E402

XLSX_TARGET = 10.0  # seconds at 10,000 people (the target)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        plan = make_plan(n)
        start = time.perf_counter()
        Analysis(plan)
        analysis_s = time.perf_counter() - start
        print(f"{n:,} people, {len(plan.rocks):,} rocks (Analysis alone: {analysis_s:.2f} s, included below)")
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for suffix in (".xlsx", ".csv", ".graphml", ".dot"):
                out = folder / f"plan{suffix}"
                seconds = best(partial(export, plan, out), args.repeat)
                size = out.stat().st_size / 1e6
                note = ""
                if suffix == ".xlsx":
                    verdict = "ok" if seconds < XLSX_TARGET else "OVER"
                    note = f"  (target < {XLSX_TARGET:.0f} s at 10,000 people: {verdict})" if n >= 10_000 else ""
                print(f"  export {suffix:<8} {seconds:6.2f} s  {size:7.1f} MB{note}")
            out = folder / "rocks.csv"
            seconds = best(partial(export, plan, out, table="rocks"), args.repeat)
            print(f"  export .csv rocks {seconds:5.2f} s  {out.stat().st_size / 1e6:7.1f} MB")
            book = folder / "plan.xlsx"
            seconds = best(partial(read_workbook, book), 1)
            print(f"  read back .xlsx  {seconds:6.2f} s  (rocks import --workbook, openpyxl read-only)")


if __name__ == "__main__":
    main()
