"""Regression guard for the PySide6 pin (pyproject: <6.12 on Python < 3.12).

PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call
and aborts the process ("Fatal Python error: none_dealloc") after ~5,000
calls. A million setPos calls in a child process must finish cleanly.
"""

import subprocess
import sys

CODE = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QGraphicsRectItem
app = QApplication([])
item = QGraphicsRectItem(0, 0, 10, 10)
for i in range(1_000_000):
    item.setPos(i % 100, 0)
print("done", item.pos().x())
"""


def test_a_million_void_calls_do_not_crash():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "done 99.0" in result.stdout
