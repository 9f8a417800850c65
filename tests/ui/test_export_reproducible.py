"""A scripted chart export gives the same bytes every run (ui/export/chart_output.py ``ensure_app``,
planner/tree/layout.py): two `rocks export` processes, each with its own hash seeds, write identical
PDF and SVG files. Stacked reports used to be placed in a set's order (a different one each run), and
Qt's PDF engine writes fonts in the order of its randomly seeded hashes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.planfile import fileio
from tests.benchmarks.synth import make_plan

ROOT = Path(__file__).resolve().parents[2]
CODE = "import sys; from ui.window.launcher import main; sys.exit(main())"


@pytest.mark.parametrize("suffix", [".pdf", ".svg"])
def test_two_export_runs_write_the_same_bytes(tmp_path, suffix):
    plan_path = tmp_path / "plan.rocks.json"
    fileio.save(make_plan(80), plan_path)  # 80 people: the compact layout stacks leaf reports
    outs = []
    for seed in ("1", "2"):
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_HASH_SEED")}
        env.update(PYTHONHASHSEED=seed, SOURCE_DATE_EPOCH="1764806400", QT_QPA_PLATFORM="offscreen")
        out = tmp_path / f"chart-{seed}{suffix}"
        done = subprocess.run([sys.executable, "-c", CODE, "export", str(plan_path), "-o", str(out)], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
