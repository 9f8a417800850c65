"""Switching scenarios in the window (run on demand; prints figures, asserts nothing).

    python tests/benchmarks/bench_scenarios.py [--people 10000]

Measures, on the offscreen platform, the time from choosing a scenario in the
switcher to the board being shown (command + every view starting over + the
first paint), split into its parts: the command (the first switch to a
scenario builds its analysis, later ones reuse it), the board rebuild, the
panels and the paint. Also the compare view (diff with the live analyses).
The target is under 0.5 s at 10k people.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.benchmarks.synth import write_plan  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication([])
    tmp = Path(tempfile.mkdtemp())
    path = write_plan(tmp / "big.rocks.json", args.people)
    settings = QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("board/skip_handoff_note", True)

    from planner.editing.commands import MoveRocks
    from planner.planfile import fileio
    from planner.whatif import scenarios as sc
    from ui.core.controller import DocController
    from ui.window.main_window import MainWindow

    plan = fileio.load(path)
    controller = DocController(plan, path)
    window = MainWindow(controller, settings, recovery_dir=tmp / "rec")
    window.resize(1600, 1000)
    window.show()
    window._create_checks()
    window._create_load_chart()
    app.processEvents()
    window.view.viewport().repaint()

    # Parts of a switch, timed from the controller's own signals.
    marks: dict[str, float] = {}
    controller.changed.connect(lambda *_: marks.setdefault("command", time.perf_counter()))
    board_rebuild = window.board.switch

    def timed_rebuild() -> None:
        t = time.perf_counter()
        board_rebuild()
        marks["board"] = marks.get("board", 0.0) + time.perf_counter() - t

    controller.scenario_switched.disconnect(window.board.switch)
    controller.scenario_switched.connect(timed_rebuild)

    def switch(name: str) -> dict[str, float]:
        marks.clear()
        t0 = time.perf_counter()
        window.scenarios.switch_to(name)  # what choosing in the switcher calls
        t_signals = time.perf_counter()
        window.view.viewport().repaint()  # the board as the user sees it
        t_board = time.perf_counter()
        app.processEvents()  # then the deferred panel refreshes (Checks, Load, History)
        t_panels = time.perf_counter()
        return {
            "total": t_board - t0,
            "command": marks["command"] - t0,
            "board": marks.get("board", 0.0),
            "other views": t_signals - marks["command"] - marks.get("board", 0.0),
            "paint": t_board - t_signals,
            "panels caught up after": t_panels - t_board,
        }

    t = time.perf_counter()
    window.runner.run(sc.create_scenario(controller.document, "What if"))
    app.processEvents()
    window.view.viewport().repaint()
    print(f"{args.people} people, {len(plan.rocks)} rocks")
    print(f"create a scenario (copy + its analysis + show): {time.perf_counter() - t:.2f} s")
    owners = [pid for pid, rocks in controller.analysis.owned.items() if rocks][:200]
    for a, b in zip(owners[::2], owners[1::2]):  # the scenario differs a little
        controller.push(MoveRocks([next(iter(controller.analysis.owned[a]))], b))
    app.processEvents()

    def row(label: str, parts: dict[str, float]) -> None:
        detail = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in parts.items() if k != "total")
        print(f"{label}: {parts['total']:.2f} s ({detail})")

    runs = []
    for _ in range(args.runs):
        runs.append(switch(sc.BASELINE))
        runs.append(switch("What if"))
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    row(f"switch, choose -> board painted, median of {len(runs)}", median)

    # A scenario never shown before builds its analysis on the first switch.
    controller.document.book.scenarios["Cold"] = sc.copy_plan(controller.book)
    controller.scenarios_changed.emit()
    row("first switch to a scenario never shown (builds its analysis)", switch("Cold"))

    t = time.perf_counter()
    window.scenarios.do_compare()
    app.processEvents()
    print(f"open the compare view (baseline vs shown, live analyses): {time.perf_counter() - t:.2f} s")
    window.controller.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
