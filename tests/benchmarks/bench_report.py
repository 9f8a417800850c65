"""Review pack benchmark: time to write the PDF for synthetic plans, with and without --compare.

Run: python3 tests/benchmarks/bench_report.py [people ...]   (default: 11 40 60 200 1500 10000. Up to 60 people
the chart is one page, A3 if A4 is too small for it; 61-300 people get a summary and every branch, several to an
A3 page (ui/export/review/branches.py); a big org gets a summary and team pages (ui/export/review/charts.py): the
aim at 10,000 people is under 60 pages and 5 s)
Prints the time, the page count by section, the A3 pages and the peak memory; never part of the test run.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

from planner.exports.exporting import ReportOptions  # noqa: E402
from planner.whatif.scenarios import copy_plan  # noqa: E402
from tests.benchmarks.synth import make_plan  # noqa: E402


def with_scenario(n: int):
    """A plan of ``n`` people and a scenario that moves every 20th owned rock to another owner."""
    plan = make_plan(n)
    scenario = copy_plan(plan)
    owners = sorted({r.owner for r in scenario.rocks.values() if r.owner})
    for k, rock in enumerate(r for r in scenario.rocks.values() if r.owner):
        if k % 20 == 0:
            rock.owner = owners[(owners.index(rock.owner) + 7) % len(owners)]
    plan.scenarios["Moves"] = scenario
    return plan


def main(sizes: list[int]) -> None:
    from ui.export.chart import ensure_app
    from ui.export.report import lay_out, write_report

    ensure_app()
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            plan = with_scenario(n)
            for compare in (None, ("baseline", "Moves")):
                options = ReportOptions(compare=compare)
                out = Path(folder) / f"review-{n}.pdf"
                t0 = time.perf_counter()
                write_report(plan, out, options, date_text="4 December 2026")
                seconds = time.perf_counter() - t0
                laid = lay_out(plan, options, date_text="4 December 2026").pack.pages
                sections = Counter(p.section for p in laid)
                pages = sum(sections.values())
                a3 = sum(1 for p in laid if p.paper is not None)
                label = "with --compare" if compare else "plain"
                print(f"{n:>6} people, {label:<15} {seconds:6.2f} s  {pages:>4} pages, {a3} A3 "
                      f"({', '.join(f'{k}: {v}' for k, v in sections.items())})  {out.stat().st_size / 1e6:.1f} MB")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [11, 40, 60, 200, 1500, 10000])
