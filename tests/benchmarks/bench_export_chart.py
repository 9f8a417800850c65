"""Benchmark the org chart export (ui/export/chart.py) on synthetic orgs; prints figures.

``python tests/benchmarks/bench_export_chart.py``: a 1,000-person chart to PDF (target
< 3 s), SVG and PNG (48 dpi), and 10,000 people to a multi-page PDF (target < 30 s, peak memory
< 2 GB). Each figure is one run, in a fresh process for the memory figure of 10k.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from planner.exports.exporting import ChartOptions  # noqa: E402
from tests.benchmarks.synth import make_plan  # noqa: E402


def peak_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def run(n: int, suffixes: tuple[str, ...]) -> None:
    from ui.export.chart import ChartPages, chart_area, default_page_layout, ensure_app, write_chart

    ensure_app()
    plan = make_plan(n)
    with tempfile.TemporaryDirectory() as folder:
        for suffix in suffixes:
            path = Path(folder) / f"chart{suffix}"
            start = time.perf_counter()
            # 1,000 people on one canvas is ~50,000 pt wide: a 96-dpi PNG would pass the 200 MP limit.
            write_chart(plan, path, ChartOptions(dpi=48), date_text="1 January 2000")
            took = time.perf_counter() - start
            extra = ""
            if suffix == ".pdf":
                pages = ChartPages(plan, ChartOptions(), chart_area(default_page_layout()), date_text="x")
                extra = f", {pages.count} A3 pages, {n / pages.count:.0f} people a page"
            print(
                f"{n:>6} people -> {suffix}: {took:6.2f} s, {path.stat().st_size / 1e6:6.1f} MB{extra}",
                flush=True,
            )
    print(f"{n:>6} people: peak RSS {peak_mb():.0f} MB", flush=True)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        n = int(sys.argv[2])
        run(n, (".pdf",) if n > 2000 else (".pdf", ".svg", ".png"))
        return
    for n in (1_000, 10_000):  # each in its own process: peak memory is per size
        subprocess.run([sys.executable, __file__, "--one", str(n)], check=True)


if __name__ == "__main__":
    main()
