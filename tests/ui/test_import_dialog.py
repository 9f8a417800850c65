"""File > Import spreadsheets: the import runs in a worker behind a cancellable progress dialog."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from tests.ui.helpers import accept_preview, click_menu, pick_files, visible_box
from ui.files import import_worker


def error_box() -> QMessageBox | None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.isVisible() and w.icon() == QMessageBox.Icon.Critical:
            return w
    return None


def test_import_replaces_the_plan_and_lists_warnings(window, qtbot, tmp_path, monkeypatch):
    people = tmp_path / "people.csv"
    people.write_text("name,role,manager\nAnn,CEO,\nBob,<b>PM</b>,Ann,Paris\n")
    rocks = tmp_path / "rocks.csv"
    rocks.write_text("title,discipline,effort,owner\nPricing,ops,S,Bob\n")
    pick_files(monkeypatch, people, rocks)
    before = window.controller.plan

    accept_preview()
    click_menu(window, qtbot, "File", "Import spreadsheets...")
    job = window.docs.import_job
    qtbot.waitUntil(lambda: job.state != "running", timeout=20_000)

    assert job.state == "done"
    plan = window.controller.plan
    assert plan is not before and plan.name == "people"
    assert [p.name for p in plan.people.values()] == ["Ann", "Bob"]
    assert plan.rocks["r1"].owner == "bob"
    assert window.controller.is_modified()  # an import is unsaved work
    qtbot.waitUntil(lambda: visible_box("import_warnings") is not None)
    box = visible_box("import_warnings")
    assert box.textFormat() == Qt.TextFormat.PlainText  # cell text is untrusted
    assert 'people.csv:3: 1 extra cell beyond the 3 header columns ignored ("Paris")' in box.text()
    # The extra cell; the columns read were confirmed in the preview, so they are not warned about again.
    assert "1 warning" in window.statusBar().currentMessage()
    QTest.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible_box("import_warnings") is None)


def test_cancel_click_keeps_the_open_plan(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(import_worker.ImportJob, "show_after_ms", 0)
    lines = ["id,name,manager,team"] + [
        f"{i},Person {i},{(i - 1) // 7 if i else ''},Team {i % 50}" for i in range(150_000)
    ]
    people = tmp_path / "people.csv"
    people.write_text("\n".join(lines))
    pick_files(monkeypatch, people, "")
    before = window.controller.plan
    window.controller.undo_stack.resetClean()  # unsaved work that must survive (no prompt: answered below)
    monkeypatch.setattr(window.docs, "maybe_save", lambda reason="": True)

    # The worker waits at its first progress report until Cancel is clicked: a busy worker can
    # starve the GUI thread of the GIL for most of a second, so the click could come too late.
    clicked = threading.Event()
    real_import = import_worker.import_sheets

    def gated_import(*args, progress, **kwargs):
        def report(done: int, total: int) -> bool:
            clicked.wait(10)
            return progress(done, total)

        return real_import(*args, progress=report, **kwargs)

    monkeypatch.setattr(import_worker, "import_sheets", gated_import)
    seen = {}

    def cancel_it() -> None:
        """While the preview is open (it stays open through the import): Cancel in the progress dialog."""
        job = getattr(window.docs, "import_job", None)
        if job is None or not job.dialog.isVisible():
            QTimer.singleShot(20, cancel_it)
            return
        dialog = window.findChild(QProgressDialog, "import_progress")
        seen["modal"] = dialog is job.dialog and dialog.windowModality() == Qt.WindowModality.WindowModal
        cancel = dialog.findChild(QPushButton)
        seen["text"] = cancel.text()
        QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
        clicked.set()
        while job.state == "running":
            QTest.qWait(20)
        preview = QApplication.activeModalWidget()  # still open: the user goes on from there, or closes it
        seen["preview open"] = preview is not None and preview.isVisible()
        QTest.keyClick(preview, Qt.Key.Key_Escape)

    window.docs.import_job = None
    accept_preview()
    QTimer.singleShot(0, cancel_it)
    click_menu(window, qtbot, "File", "Import spreadsheets...")
    job = window.docs.import_job
    assert seen == {"modal": True, "text": "Cancel", "preview open": True}

    assert job.state == "cancelled" and job.result is None
    assert window.controller.plan is before
    assert window.controller.is_modified()  # still the user's unsaved work
    assert window.statusBar().currentMessage() == "Import cancelled; the plan is unchanged"
    assert error_box() is None


def test_import_error_is_shown_and_the_plan_kept(window, qtbot, tmp_path, monkeypatch):
    people = tmp_path / "people.csv"
    people.write_text('name,role\nAnn,CEO\nBob,"<i>PM</i>\nCy,Eng\n')
    pick_files(monkeypatch, people, "")
    before = window.controller.plan

    accept_preview()
    click_menu(window, qtbot, "File", "Import spreadsheets...")
    job = window.docs.import_job
    qtbot.waitUntil(lambda: job.state != "running", timeout=20_000)

    assert job.state == "failed"
    assert window.controller.plan is before and not window.controller.is_modified()
    qtbot.waitUntil(lambda: error_box() is not None)
    box = error_box()
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text().startswith('people.csv:3: unbalanced quote (") starts here')
    QTest.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error_box() is None)
