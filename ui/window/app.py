"""Start the desktop app: ``rocks`` (sample plan) or ``rocks open FILE``."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from planner.planfile import templates
from ui.core.controller import DocController


def create_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    QCoreApplication.setOrganizationName("Rocks")
    QCoreApplication.setApplicationName("Rocks")
    app.setApplicationDisplayName("Rocks")
    return app


def run(path: str | None = None) -> int:
    app = create_app()
    from ui.export import install as install_exports  # chart/review-pack writers for planner.exports.exporting
    from ui.window.main_window import MainWindow

    install_exports()

    plan = templates.load_template(templates.SAMPLE)
    controller = DocController(plan, None)
    window = MainWindow(controller, QSettings())
    window.show()
    first_run = QSettings().value("app/first_run_done", False) not in (True, "true")

    def after_show() -> None:
        restored = window.docs.offer_recovery()
        if not restored and path:
            # A bad file: the error says so, and that the sample plan is what is open.
            window.docs.open_path(path, ask=False, instead=f"the sample plan “{plan.name}”")
        if first_run and not restored and not path:
            QSettings().setValue("app/first_run_done", True)
            window.show_help()

    QTimer.singleShot(0, after_show)
    return app.exec()
