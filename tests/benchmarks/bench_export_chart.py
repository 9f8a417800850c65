"""Benchmark the org chart export (ui/export/chart.py) on synthetic orgs; prints figures.

``python tests/benchmarks/bench_export_chart.py``: a 1,000-person chart to PDF (target
< 3 s), SVG and PNG (48 dpi), and 10,000 people to a multi-page PDF (target < 30 s, peak memory
< 2 GB), and a wide 1,516-person org as one SVG and PNG (at most 3:1, within rsvg-convert's 32,767 px,
150 dpi), and 10,000 people as one SVG (``--svg 10000``: within 32,767 px a side, drawn smaller
if need be; rsvg-convert renders it). Each figure is one run, in a fresh process for the memory
figure of 10k.
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

from models import Person, Plan, Rock  # noqa: E402
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


def wide_org() -> Plan:
    """1,516 people shaped like an HR export: a CEO, 12 VPs, 120 managers and their staff, few rocks."""
    plan = Plan(name="Wide org")
    people = plan.people
    people["ceo"] = Person("ceo", "Chief Executive", "CEO")
    n = 0
    for v in range(12):
        vp = f"vp{v}"
        people[vp] = Person(vp, f"Vice President {v}", "VP", manager="ceo")
        for m in range(10):
            mgr = f"m{v}_{m}"
            people[mgr] = Person(mgr, f"Manager {v}-{m}", "Manager", manager=vp)
            for _staff in range(12 if (v * 10 + m) < 63 else 11):
                pid = f"s{n}"
                people[pid] = Person(pid, f"Staff {n}", "Associate", manager=mgr)
                n += 1
    for i, pid in enumerate(list(people)[::25]):
        plan.rocks[f"r{i}"] = Rock(f"r{i}", f"Rock {i}", "product", 130 if i % 7 == 0 else 40, owner=pid)
    assert len(people) == 1516
    return plan


def run_wide() -> None:
    """The 1,516-person wide org as one image: SVG and PNG (150 dpi) shape, size and time; rsvg-convert."""
    import shutil

    from ui.export.chart import ChartPages, ensure_app, write_chart

    ensure_app()
    plan = wide_org()
    size = ChartPages(plan, ChartOptions(), None, date_text="x").size_pt(0)
    print(f"{len(plan.people):>6} people, one image: {size.width() / 72 * 2.54:.0f} x {size.height() / 72 * 2.54:.0f} cm, "
          f"aspect {size.width() / size.height():.2f}", flush=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".svg", ".png"):
            path = Path(folder) / f"wide{suffix}"
            start = time.perf_counter()
            write_chart(plan, path, ChartOptions(), date_text="1 January 2000")
            print(f"{len(plan.people):>6} people -> {suffix} (150 dpi for PNG): {time.perf_counter() - start:6.2f} s, "
                  f"{path.stat().st_size / 1e6:6.1f} MB", flush=True)  # fmt: skip
        rsvg = shutil.which("rsvg-convert")
        if rsvg:
            start = time.perf_counter()
            done = subprocess.run(
                [rsvg, "-z", "0.25", "-o", str(Path(folder) / "r.png"), str(Path(folder) / "wide.svg")]
            )
            print(
                f"rsvg-convert of the SVG (25%): exit {done.returncode}, {time.perf_counter() - start:.2f} s",
                flush=True,
            )


def run_svg(n: int) -> None:
    """``n`` people as one SVG: its size in px (the viewBox, what rsvg-convert draws), how much it was
    drawn smaller to stay within 32,767 px, the time; then rsvg-convert at 5%."""
    import re
    import shutil

    from ui.export.chart import ChartPages, ensure_app, write_chart

    ensure_app()
    plan = make_plan(n)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chart.svg"
        start = time.perf_counter()
        write_chart(plan, path, ChartOptions(), date_text="1 January 2000")
        took = time.perf_counter() - start
        box = re.search(rb'viewBox="([^"]+)"', path.read_bytes()[:1000])
        w, h = (float(v) for v in box.group(1).split()[2:]) if box else (0.0, 0.0)
        zoom = ChartPages(plan, ChartOptions(), None, date_text="x").zoom
        print(f"{n:>6} people -> one .svg: {took:6.2f} s, {w:,.0f} x {h:,.0f} px, drawn at {zoom:.0%} "
              f"(names {10 * zoom:.1f} pt), {path.stat().st_size / 1e6:.1f} MB", flush=True)  # fmt: skip
        rsvg = shutil.which("rsvg-convert")
        if rsvg:
            start = time.perf_counter()
            done = subprocess.run([rsvg, "-z", "0.05", "-o", str(Path(folder) / "r.png"), str(path)])
            print(
                f"rsvg-convert of the SVG (5%): exit {done.returncode}, {time.perf_counter() - start:.2f} s", flush=True
            )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--wide":
        run_wide()
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--svg":
        run_svg(int(sys.argv[2]))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        n = int(sys.argv[2])
        run(n, (".pdf",) if n > 2000 else (".pdf", ".svg", ".png"))
        return
    for n in (1_000, 10_000):  # each in its own process: peak memory is per size
        subprocess.run([sys.executable, __file__, "--one", str(n)], check=True)
    subprocess.run([sys.executable, __file__, "--wide"], check=True)
    subprocess.run([sys.executable, __file__, "--svg", "10000"], check=True)


if __name__ == "__main__":
    main()
