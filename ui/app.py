"""Start the desktop app: ``rocks`` (sample plan) or ``rocks open FILE``."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from planner import templates
from planner.errors import PlanError
from ui.controller import DocController


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    QCoreApplication.setOrganizationName("Rocks")
    QCoreApplication.setApplicationName("Rocks")
    app.setApplicationDisplayName("Rocks")
    return app  # type: ignore[return-value]


def run(path: str | None = None) -> int:
    app = create_app()
    from ui.main_window import MainWindow

    plan = templates.load_template(templates.SAMPLE)
    controller = DocController(plan, None)
    window = MainWindow(controller, QSettings())
    window.show()
    first_run = QSettings().value("app/first_run_done", False) not in (True, "true")

    def after_show() -> None:
        restored = window.docs.offer_recovery()
        if not restored and path:
            if not Path(path).exists() and not path.endswith(".json"):
                window.docs.error("Cannot open the plan", PlanError(f"{path}: no such file"))
            else:
                window.docs.open_path(path, ask=False)
        if first_run and not restored and not path:
            QSettings().setValue("app/first_run_done", True)
            window.show_help()

    QTimer.singleShot(0, after_show)
    return app.exec()
