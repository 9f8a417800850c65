"""Benchmark hostile plan files: time and peak memory to refuse them.

Run on demand: ``python tests/benchmarks/bench_hostile.py [--sizes 5,50]`` (MB).
Each case runs in a fresh Python that loads the file and prints wall time and its
own peak RSS (VmHWM); never fails on time. Cases: ``{"people": [{}, {}, ...]}``
(two errors per 3 bytes), one person with a flood of unknown keys, and a flood
of people whose manager does not exist.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOAD = """
import sys, time
import planner.planfile.fileio as f
from planner.core.errors import PlanFileError
start = time.perf_counter()
try:
    f.load(sys.argv[1])
    outcome = "loaded"
except PlanFileError as e:
    outcome = f"refused, {len(e.details)} detail lines: {str(e)[len(sys.argv[1]) + 2:][:70]}"
took = time.perf_counter() - start
with open("/proc/self/status") as fh:
    hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(f"{took:.2f}|{hwm / 1024:.0f}|{outcome}")
"""


def empty_records(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        fh.write(b'{"schema_version": 1, "people": [')
        fh.write(b"{}," * (size // 3) + b"{}]}")


def unknown_keys(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        fh.write(b'{"schema_version": 1, "people": [{"id": "a", "name": "A"')
        for i in range(size // 14):
            fh.write(b',"k%08d":0' % i)
        fh.write(b"}]}")


def dangling(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        fh.write(b'{"schema_version": 1, "people": [')
        n = size // 50
        fh.write(b",".join(b'{"id":"p%09d","name":"N","manager":"x"}' % i for i in range(n)))
        fh.write(b"]}")


CASES = {"empty records": empty_records, "unknown keys": unknown_keys, "dangling managers": dangling}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,50", help="comma-separated file sizes in MB")
    args = parser.parse_args()
    print(f"{'case':<20} {'MB':>6} {'time':>7} {'peak':>8}  outcome")
    with tempfile.TemporaryDirectory(prefix="rocks-hostile-") as folder:
        for mb in (float(s) for s in args.sizes.split(",") if s):
            for name, make in CASES.items():
                path = Path(folder) / "hostile.rocks.json"
                make(path, int(mb * 1e6))
                real = path.stat().st_size / 1e6
                out = subprocess.run(
                    [sys.executable, "-c", LOAD, str(path)], cwd=ROOT, capture_output=True, text=True
                )
                if out.returncode:
                    print(f"{name:<20} {real:6.1f} crashed (exit {out.returncode}): {out.stderr.strip()[-200:]}")
                    continue
                took, peak, outcome = out.stdout.strip().split("|", 2)
                print(f"{name:<20} {real:6.1f} {float(took):6.2f}s {int(peak):6d}MB  {outcome}")


if __name__ == "__main__":
    main()
