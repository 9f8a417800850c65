"""File > Import spreadsheets on a big HR export: the progress bar moves all the way, leavers are counted."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressDialog

from planner.imports.importer import PROGRESS_STEPS
from tests.ui.helpers import accept_preview, click_menu, pick_files
from ui.files import import_worker


def test_progress_advances_through_a_big_export_and_leavers_are_counted(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(import_worker.ImportJob, "show_after_ms", 0)
    lines = ["Employee ID,Employee Name,Job Title,Manager ID,Employment Status,Date of Termination"]
    for i in range(6_000):
        leaver = i > 1_000 and i % 100 == 7  # nobody reports to them
        status = "Voluntarily Terminated" if leaver else ("On Leave" if i % 50 == 3 else "Active")
        lines.append(f"{i},Person {i},Engineer,{(i - 1) // 6 if i else ''},{status},{'2020-01-31' if leaver else ''}")
    people = tmp_path / "hr.csv"
    people.write_text("\n".join(lines))
    pick_files(monkeypatch, people, "")
    seen: list[int] = []
    real = import_worker.ImportJob._progressed

    def watch(job: import_worker.ImportJob, done: int, total: int) -> None:
        real(job, done, total)
        dialog = job.window.findChild(QProgressDialog, "import_progress")
        if dialog is not None and job.state == "running":
            seen.append(dialog.value())

    monkeypatch.setattr(import_worker.ImportJob, "_progressed", watch)
    accept_preview()
    click_menu(window, qtbot, "File", "Import spreadsheets...")
    job = window.docs.import_job
    qtbot.waitUntil(lambda: job.state != "running", timeout=60_000)

    assert job.state == "done"
    assert seen == sorted(seen) and seen[-1] == PROGRESS_STEPS
    assert len({v for v in seen if PROGRESS_STEPS // 2 < v < PROGRESS_STEPS}) > 5  # the bar moves while people are made
    assert len(window.controller.plan.people) == 6_000 - 50
    assert "50 leavers skipped" in window.statusBar().currentMessage()
