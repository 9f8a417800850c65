"""People table benchmarks (run on demand; prints figures, asserts nothing).

    python tests/benchmarks/bench_people_table.py [--people 10000] [--moves 40]

Measures, on the offscreen platform, the People panel alone over a synthetic org
(tests/benchmarks/synth.py): building every row and the first paint, a sort by
load, typing a filter, a board selection shown in the table, and the refresh
after a rock move (the command itself, then the table re-reading the rows the
Changes record names and repainting), in plan order and sorted by load, beside
what a full rebuild would cost.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.benchmarks.synth import make_plan  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def spread(times: list[float]) -> str:
    times = sorted(times)
    return f"median {ms(statistics.median(times))}, p90 {ms(times[int(len(times) * 0.9)])}, max {ms(times[-1])}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--moves", type=int, default=40)
    args = parser.parse_args()
    app = QApplication([])

    from planner.editing.commands import MoveRocks
    from ui.core.controller import DocController
    from ui.panels.people import PeoplePanel

    plan = make_plan(args.people)
    controller = DocController(plan)
    controller.analysis  # noqa: B018 - built when first asked for; the window has it before the table shows
    panel = PeoplePanel(controller)
    panel.resize(1400, 500)
    t = time.perf_counter()
    panel.show()
    app.processEvents()
    panel.flush()
    panel.table.viewport().repaint()
    print(f"{len(plan.people)} people, {len(plan.rocks)} rocks")
    print(f"first show: every row built and painted: {ms(time.perf_counter() - t)}")

    t = time.perf_counter()
    panel.model.reset()
    panel.table.viewport().repaint()
    rebuild = time.perf_counter() - t
    print(f"a full rebuild (what each change would cost without Changes): {ms(rebuild)}")

    rng = random.Random(1)
    owners = [pid for pid, rocks in controller.analysis.owned.items() if rocks]

    def moves(label: str) -> None:
        commands: list[float] = []
        refreshes: list[float] = []
        paints: list[float] = []
        for _ in range(args.moves):
            a, b = rng.sample(owners, 2)
            rocks = controller.analysis.owned.get(a)
            if not rocks:
                continue
            t = time.perf_counter()
            controller.push(MoveRocks([next(iter(rocks))], b))
            commands.append(time.perf_counter() - t)
            t = time.perf_counter()
            panel.flush()
            app.processEvents()
            refreshes.append(time.perf_counter() - t)
            t = time.perf_counter()
            panel.table.viewport().repaint()
            paints.append(time.perf_counter() - t)
        print(f"rock move, {label}: the command + analysis {spread(commands)}")
        print(f"   then the table re-reads the rows it names: {spread(refreshes)}; repaint: {spread(paints)}")

    moves("table in plan order")

    t = time.perf_counter()
    panel.table.sortByColumn([c.key for c in panel.model.columns].index("load"), Qt.SortOrder.DescendingOrder)
    panel.table.viewport().repaint()
    print(f"sort by load (header click): {ms(time.perf_counter() - t)}")
    moves("table sorted by load (rows move to their new place)")

    for text in ("product manager", "product manager pay"):
        t = time.perf_counter()
        panel.filter_edit.setText(text)
        panel._filter()  # typed: applied after a pause in the typing
        panel.table.viewport().repaint()
        print(f"filter '{text}': {ms(time.perf_counter() - t)} ({panel.count_label.text()})")
    moves("filtered and sorted")
    t = time.perf_counter()
    panel.filter_edit.clear()
    panel.table.viewport().repaint()
    print(f"clear the filter: {ms(time.perf_counter() - t)}")

    pids = list(plan.people)
    times = []
    for pid in rng.sample(pids, 20):
        t = time.perf_counter()
        controller.select([pid], [])
        panel.table.viewport().repaint()
        times.append(time.perf_counter() - t)
    print(f"a person selected on the board, shown and scrolled to in the table: {spread(times)}")
    panel.close()


if __name__ == "__main__":
    main()
