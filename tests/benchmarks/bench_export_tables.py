"""Benchmark the table and graph exports: XLSX (target < 10 s at 10,000 people), CSV, GraphML, DOT,
and reading the workbook back (``rocks import --workbook``).

Run on demand: ``python tests/benchmarks/bench_export_tables.py [--sizes 1000,10000]``. Prints
figures (best of ``--repeat`` runs, wall clock, in this process) and never fails on time. Plans
come from tests/benchmarks/synth.py (about 7 rocks per person).

``--xlsxwriter`` also writes the same sheets through XlsxWriter in ``constant_memory`` mode
(``pip install xlsxwriter`` first; it is not a dependency) and prints both writers' time and
peak traced memory: the measurement behind planner/exports/ooxml.py writing the XML by hand.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
import tracemalloc
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from planner.checks.analysis import Analysis  # noqa: E402
from planner.exports import ooxml  # noqa: E402
from planner.exports.exporting import export  # noqa: E402
from planner.exports.workbook import plan_rows, read_workbook, workbook_frames, write_workbook  # noqa: E402
from tests.benchmarks.synth import make_plan  # noqa: E402

XLSX_TARGET = 10.0  # seconds at 10,000 people (the target)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mb(fn) -> float:
    """Peak memory traced while ``fn`` runs, in MB (tracing slows it down: time it separately)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def write_with_xlsxwriter(plan, path: Path, analysis: Analysis) -> None:
    """The workbook's sheets, columns, number formats and frozen panes through XlsxWriter (constant_memory)."""
    import xlsxwriter

    frames = workbook_frames(plan, analysis)
    sheets = [(name, [str(c) for c in f.columns], [f[c].tolist() for c in f.columns]) for name, f in frames.items()]
    sheets.append(("Plan", *plan_rows(plan, "")))
    book = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    book.set_properties({"title": plan.name[:255], "author": "Rocks"})
    header = book.add_format({"bold": True, "bg_color": "#D9E1F2", "pattern": 1})
    formats = {
        ooxml.PLAIN: None,
        ooxml.PERCENT: book.add_format({"num_format": '0"%"'}),
        ooxml.EFFORT: book.add_format({"num_format": "0.0"}),
        ooxml.WHOLE: book.add_format({"num_format": 1}),
    }
    for name, headers, cols in sheets:
        sheet = book.add_worksheet(name)
        sheet.freeze_panes(1, 1)
        for i, (h, col) in enumerate(zip(headers, cols, strict=True)):
            sheet.set_column(i, i, ooxml.column_width(h, col))
            sheet.write_string(0, i, h, header)
        styles = [formats[ooxml.column_style(h, c)] for h, c in zip(headers, cols, strict=True)]
        text, number, flag = sheet.write_string, sheet.write_number, sheet.write_boolean
        for r, row in enumerate(zip(*cols, strict=True), 1):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if isinstance(v, str):
                    text(r, c, v)  # a string cell, never a formula
                elif isinstance(v, bool):
                    flag(r, c, v)
                elif isinstance(v, int | float):
                    if not math.isnan(v) and not math.isinf(v):
                        number(r, c, v, styles[c])
                else:
                    text(r, c, str(v))
    book.close()


def compare_xlsxwriter(plan, folder: Path, repeat: int) -> None:
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        print("  --xlsxwriter: XlsxWriter is not installed (pip install xlsxwriter)")
        return
    analysis = Analysis(plan)
    hand, other = folder / "hand.xlsx", folder / "xlsxwriter.xlsx"
    runs = {
        "by hand (ooxml)": partial(write_workbook, plan, hand, analysis=analysis),
        "XlsxWriter constant_memory": partial(write_with_xlsxwriter, plan, other, analysis),
    }
    seconds = {name: best(fn, repeat) for name, fn in runs.items()}
    for (name, fn), out in zip(runs.items(), (hand, other), strict=True):
        print(
            f"  xlsx {name:<27} {seconds[name]:6.2f} s  {out.stat().st_size / 1e6:5.1f} MB  "
            f"peak traced {peak_mb(fn):5.0f} MB"
        )
    ratio = seconds["XlsxWriter constant_memory"] / seconds["by hand (ooxml)"]
    print(f"  XlsxWriter / by hand: {ratio:.1f}x (switch if within 1.5x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--xlsxwriter", action="store_true", help="also time XlsxWriter (constant_memory)")
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
            print(f"  read back .xlsx  {seconds:6.2f} s  (rocks import --workbook, planner.imports.xlsx)")
            if args.xlsxwriter:
                compare_xlsxwriter(plan, folder, args.repeat)


if __name__ == "__main__":
    main()
