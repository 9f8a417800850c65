"""The hire dialog's live update at 1k and 10k people (synthetic orgs).

Run on demand: ``python3 tests/benchmarks/bench_hire_dialog.py``. Prints, per
size: opening the dialog, one input change (propose + table + impact, the work
the 150 ms debounce runs once typing pauses), the first impact (which builds
the private copy of the plan) and an untick/retarget (impact only).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402
from synth import make_plan  # noqa: E402

from planner.checks.analysis import Analysis  # noqa: E402
from ui.whatif.hire import HireDialog  # noqa: E402


def ms(t0: float) -> str:
    return f"{(time.perf_counter() - t0) * 1000:8.1f} ms"


def main() -> None:
    app = QApplication.instance() or QApplication([])
    for n in (1_000, 10_000):
        plan = make_plan(n)
        analysis = Analysis(plan)
        print(f"{n:>6} people, {len(plan.rocks)} rocks")
        t0 = time.perf_counter()
        dialog = HireDialog(plan, analysis, family="pm", strategy="balance")
        dialog.show()
        app.processEvents()
        print(f"  open dialog                         {ms(t0)}")
        t0 = time.perf_counter()
        dialog.recompute()  # first: also builds the private copy
        print(f"  first update (pm, balance, + copy)  {ms(t0)}  ({len(dialog.proposal.moves)} moves)")
        for family, strategy in (("pm", "balance"), ("tpm", "by-discipline"), ("design", "by-area")):
            dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(family))
            dialog.strategy_combo.setCurrentIndex(dialog.strategy_combo.findData(strategy))
            t0 = time.perf_counter()
            dialog.recompute()
            app.processEvents()
            print(f"  update {family:<6} {strategy:<18}       {ms(t0)}  ({len(dialog.proposal.moves)} moves)")
        if dialog.keep_boxes:
            t0 = time.perf_counter()
            dialog.keep_boxes[0].click()  # impact only
            print(f"  untick one move (impact only)       {ms(t0)}")
        dialog.close()
        dialog.deleteLater()
        app.processEvents()


if __name__ == "__main__":
    main()
