"""`rocks chart.json` where chart.json is another tool's nested org chart: the app says, in one
message shown whole, that it is not a Rocks plan and how to bring its people in
(planner/planfile/plancheck.py, shown by ui/files/document_actions.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Starts the real app on PATH and reports the error box it shows (title, text, details, whether
# each label shows its whole text) and the status bar, then quits.
STARTUP = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {repo!r})
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
    from ui.window.app import create_app, run

    app = create_app(["rocks"])

    def fits(label):
        if not label.isVisible() or not label.text():
            return True
        inside = label.geometry().right() < label.parentWidget().width()
        if label.wordWrap():
            return inside and label.heightForWidth(label.width()) <= label.height()
        return inside and label.sizeHint().width() <= label.width()

    def look():
        boxes = [w for w in app.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            QTimer.singleShot(50, look)
            return
        box = boxes[0]
        labels = [box.findChild(QLabel, n) for n in ("qt_msgbox_label", "qt_msgbox_informativelabel")]
        window = next(w for w in app.topLevelWidgets() if w.objectName() == "RocksMainWindow")
        seen = dict(
            title=box.windowTitle(),
            text=box.text(),
            details=box.detailedText(),
            fits=[fits(label) for label in labels if label is not None],
            status=window.statusBar().currentMessage(),
        )
        print(json.dumps(seen))
        sys.stdout.flush()
        box.close()
        window.controller.undo_stack.setClean()
        app.quit()

    QTimer.singleShot(0, look)
    QTimer.singleShot(20000, app.quit)
    run({path!r})
    """
)


def test_a_nested_org_chart_is_said_to_be_no_plan_with_what_to_do(tmp_path):
    chart = tmp_path / "chart.json"
    chart.write_text(
        json.dumps(
            {
                "id": "1",
                "name": "Ada Boss",
                "title": "general manager",
                "children": [{"id": "2", "name": "Ben Lead", "title": "engineer", "children": []}],
            }
        ),
        encoding="utf-8",
    )
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps({"screens": [{"name": "wide", "x": 0, "y": 0, "width": 1600, "height": 1000, "logicalDpi": 96}]})
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path),
    }
    code = STARTUP.format(repo=str(REPO), path=str(chart))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stderr[-3000:]
    seen = json.loads(lines[-1])
    assert seen["title"] == "Cannot open the plan"
    assert "chart.json: not a Rocks plan" in seen["text"] and "nested org chart" in seen["text"]
    assert "rocks import --people FILE" in seen["text"] and "Import spreadsheets" in seen["text"]
    assert "unknown field" not in seen["text"] + seen["details"]
    assert seen["details"] == ""  # one message, not a list of problems
    assert all(seen["fits"]), seen
    assert "chart.json" in seen["status"]
