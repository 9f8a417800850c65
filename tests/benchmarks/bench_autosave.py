"""Autosave benchmark (run on demand; prints figures, asserts nothing).

    python tests/benchmarks/bench_autosave.py [--people 100000]

How long the GUI thread is blocked by one autosave of a big plan:

- before: the old Autosaver, which dumped and wrote the recovery copy on the
  GUI thread (``RecoveryStore.write``);
- after: the Autosaver as it is, measured as the longest gap between ticks of
  a 5 ms QTimer on the GUI thread while one autosave runs (dump and write on a
  worker thread), plus the GUI-thread work it does itself (meta, hand-offs).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from planner.editing.commands import EditPerson  # noqa: E402
from planner.planfile import fileio  # noqa: E402
from planner.planfile.recovery import RecoveryStore  # noqa: E402
from tests.benchmarks.synth import make_plan  # noqa: E402
from ui.core.controller import DocController  # noqa: E402
from ui.files.recovery import Autosaver  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    plan = make_plan(args.people)
    print(f"{args.people} people, {len(plan.rocks)} rocks")
    with tempfile.TemporaryDirectory() as folder:
        store = RecoveryStore(folder)
        start = time.perf_counter()
        size = len(fileio.dumps(plan))
        print(f"fileio.dumps alone: {time.perf_counter() - start:.3f} s ({size / 1e6:.0f} MB)")
        for _ in range(args.runs):
            start = time.perf_counter()
            store.write(plan, None, "before")
            print(f"before (dump + write on the GUI thread): blocked {time.perf_counter() - start:.3f} s")

        controller = DocController(plan)
        autosaver = Autosaver(controller, store, "after", delay_ms=0)
        person = next(iter(plan.people))
        for run in range(args.runs):
            clock, gaps, done = QElapsedTimer(), [], []
            tick = QTimer()
            tick.setInterval(5)
            last = [0]

            def on_tick(last=last, gaps=gaps, clock=clock) -> None:
                now = clock.elapsed()
                gaps.append(now - last[0])
                last[0] = now

            tick.timeout.connect(on_tick)
            autosaver.written.connect(lambda done=done, clock=clock: done.append(clock.elapsed()))
            clock.start()
            tick.start()
            controller.push(EditPerson(person, name=f"Renamed {run}"))
            while not done:
                app.processEvents()
                time.sleep(0.001)
            tick.stop()
            autosaver.written.disconnect()
            print(
                f"after  (worker thread): longest GUI-thread stall {max(gaps)} ms, "
                f"written after {done[0] / 1000:.2f} s, {len(gaps)} ticks"
            )
        autosaver.stop_and_discard()


if __name__ == "__main__":
    main()
