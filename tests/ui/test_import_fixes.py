"""The import preview's one-click fixes for what QA found (issue 16): an unknown status is offered
"Import those rows as active" (what --lenient does) or "Don't read the status column", never
"Import them as roots"; and each problem is listed once. Real clicks on the dialog's buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QMessageBox, QPushButton

from tests.ui.helpers import click_menu, click_widget, pick_files, visible_box, wait_for, when_dialog
from ui.files.import_mapping import ImportMappingDialog

PEOPLE = "Name,Title,Manager,Status\nAnn,CEO,,Active\nBob,Engineer,Ann,Zombie\nCy,Engineer,Ann,Active\n"


def failing_step(window, qtbot, tmp_path, monkeypatch, button: str) -> dict[str, object]:
    """Import PEOPLE through the window, note what the failed step shows, then click ``button``."""
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE)
    pick_files(monkeypatch, people, "")
    seen: dict[str, object] = {}

    def answer(dialog: ImportMappingDialog) -> None:
        click_widget(dialog.findChild(QPushButton, "import_button"))
        wait_for(lambda: dialog.problems.isVisible() and not dialog.busy)
        seen["problems"] = dialog.problems.toPlainText()
        seen["title"] = dialog.findChild(QLabel, "problems_title").text()
        seen["shown"] = {
            name: dialog.findChild(QPushButton, name).isVisible()
            for name in ("import_active", "ignore_status", "import_lenient")
        }
        click_widget(dialog.findChild(QPushButton, button))
        wait_for(lambda: not dialog.isVisible())
        seen["status column"] = dialog.findChild(QComboBox, "column_4").currentData()

    when_dialog(answer)
    click_menu(window, qtbot, "File", "Import spreadsheets...")
    job = window.docs.import_job
    qtbot.waitUntil(lambda: job.state != "running", timeout=20_000)
    assert job.state == "done", job.error and job.error.full_text()
    return seen


def test_an_unknown_status_offers_to_import_those_rows_as_active(window, qtbot, tmp_path, monkeypatch):
    seen = failing_step(window, qtbot, tmp_path, monkeypatch, "import_active")
    assert seen["shown"] == {"import_active": True, "ignore_status": True, "import_lenient": False}
    assert "as active" in str(seen["title"]) and "roots" not in str(seen["title"])
    problems = str(seen["problems"])
    assert problems.count('"Zombie" (row 3)') == 1, problems  # the message is shown once
    people = {p.name: p.status for p in window.controller.plan.people.values()}
    assert people == {"Ann": "active", "Bob": "active", "Cy": "active"}
    qtbot.waitUntil(lambda: visible_box("import_warnings") is not None)
    box = visible_box("import_warnings")
    assert "imported as active (lenient)" in box.text()
    click_widget(box.button(QMessageBox.StandardButton.Ok))


def test_an_unknown_status_can_be_fixed_by_not_reading_the_status_column(window, qtbot, tmp_path, monkeypatch):
    seen = failing_step(window, qtbot, tmp_path, monkeypatch, "ignore_status")
    assert seen["status column"] == ""  # the column is set to ignore, as --map status= does
    assert sorted(p.name for p in window.controller.plan.people.values()) == ["Ann", "Bob", "Cy"]
    box = visible_box("import_warnings")
    if box is not None:
        click_widget(box.button(QMessageBox.StandardButton.Ok))


def test_an_unknown_manager_still_offers_roots_only(window, qtbot, tmp_path, monkeypatch):
    people = tmp_path / "people.csv"
    people.write_text("name,title,manager\nAnn,CEO,The Board\nBob,PM,Ann\n")
    pick_files(monkeypatch, people, "")
    seen: dict[str, object] = {}

    def answer(dialog: ImportMappingDialog) -> None:
        click_widget(dialog.findChild(QPushButton, "import_button"))
        wait_for(lambda: dialog.problems.isVisible() and not dialog.busy)
        seen["problems"] = dialog.problems.toPlainText()
        seen["shown"] = [dialog.findChild(QPushButton, n).isVisible() for n in ("import_lenient", "import_active")]
        click_widget(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel))

    when_dialog(answer)
    click_menu(window, qtbot, "File", "Import spreadsheets...")
    qtbot.waitUntil(lambda: "shown" in seen, timeout=20_000)
    assert seen["shown"] == [True, False]
    assert str(seen["problems"]).count('manager "The Board" not found') == 1
