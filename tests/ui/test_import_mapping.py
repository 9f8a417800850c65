"""File > Import spreadsheets: the column preview (ui.files.import_mapping), driven with real mouse and key events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QMessageBox, QPushButton, QTableWidget

from planner.imports.mapping import preview
from tests.ui.helpers import choose, click_menu, click_widget, pick_files, visible_box, wait_for, when_dialog
from ui.files.import_mapping import ImportMappingDialog

HR_EXPORT = """EmpID,Name,Employee Title,ManagerID,ManagerName,Badge Colour
1001,"Okafor, Ada N",Chief Executive Officer,,,red
1002,"Lindqvist, Bo",Engineering Manager,P-1,Ada N. Okafor,blue
1003,"Moreau, <b>Cleo</b>",Software Engineer,P-2,Bo Lindqvist,blue
"""
HEADERLESS = "1001|Okafor, Ada N|Chief Executive Officer|\n1002|Lindqvist, Bo|Engineering Manager|1001\n"


def summary(dialog: ImportMappingDialog) -> str:
    return dialog.findChild(QLabel, "mapping_summary").text()


def test_preview_shows_guesses_and_corrections_update_the_summary(qtbot, tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(HR_EXPORT)
    dialog = ImportMappingDialog(path, preview(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.findChild(QTableWidget, "preview_table")
    assert table.rowCount() == 4  # the combos, then 3 people
    assert table.item(3, 1).text() == "Moreau, <b>Cleo</b>"  # a cell shows literally
    combos = [dialog.findChild(QComboBox, f"column_{i}") for i in range(1, 7)]
    assert [c.currentData() for c in combos] == ["id", "name", "role", "parent", "manager", ""]
    assert 'Reads id from "EmpID", name from "Name", role from "Employee Title"' in summary(dialog)
    assert "Ignores Badge Colour." in summary(dialog)

    choose(combos[5], "team")  # Badge Colour -> team
    assert combos[5].currentData() == "team"
    assert 'team from "Badge Colour"' in summary(dialog)
    choose(combos[3], "")  # ManagerID -> (ignore)
    assert combos[3].currentData() == ""
    assert "Ignores ManagerID." in summary(dialog)
    import_button = dialog.findChild(QPushButton, "import_button")
    choose(combos[5], "role")  # role is read from one column: Import waits until the user picks one
    assert combos[5].currentData() == "role" and combos[2].currentData() == "role"
    assert not import_button.isEnabled()
    assert 'role / title is chosen for "Employee Title" and "Badge Colour": choose one column' in summary(dialog)
    choose(combos[2], "")
    assert import_button.isEnabled()
    choose(combos[1], "")  # no name column: nothing to import
    assert not import_button.isEnabled()
    assert "Choose the column that holds the names" in summary(dialog)
    choose(combos[1], "name")
    assert import_button.isEnabled()
    click_widget(dialog.findChild(QCheckBox, "lenient"))
    assert dialog.options() == {
        "mapping": {
            "name": "2", "id": "1", "role": "6", "manager": "5", "parent": "", "dotted": "", "capacity": "",
            "team": "", "email": "", "status": "", "start": "", "end": "", "asof": "", "founder": "",
        },
        "header": True,
        "lenient": True,
    }  # fmt: skip


def test_header_checkbox_rereads_the_first_row(qtbot, tmp_path):
    path = tmp_path / "export.txt"
    path.write_text(HEADERLESS)
    dialog = ImportMappingDialog(path, preview(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.findChild(QCheckBox, "has_header")
    table = dialog.findChild(QTableWidget, "preview_table")
    assert not box.isChecked() and table.rowCount() == 3
    assert "The first row is a person (no header row)." in summary(dialog)
    click_widget(box)
    assert box.isChecked() and table.rowCount() == 2  # row 1 is now the header
    assert table.horizontalHeaderItem(0).text() == "1001"
    click_widget(box)
    assert table.rowCount() == 3 and dialog.findChild(QComboBox, "column_2").currentData() == "name"


def test_headerless_import_through_the_window(window, qtbot, tmp_path, monkeypatch):
    people = tmp_path / "export.txt"
    people.write_text(HEADERLESS + "1003|Moreau, Cleo|Software Engineer|9999\n")
    pick_files(monkeypatch, people, "")
    seen = {}

    def answer(dialog: ImportMappingDialog) -> None:
        seen["summary"] = summary(dialog)
        choose(dialog.findChild(QComboBox, "column_3"), "")  # do not import the titles
        click_widget(dialog.findChild(QCheckBox, "lenient"))  # 9999 is nobody here: a root, warned
        click_widget(dialog.findChild(QPushButton, "import_button"))

    when_dialog(answer)
    click_menu(window, qtbot, "File", "Import spreadsheets...")
    job = window.docs.import_job
    qtbot.waitUntil(lambda: job.state != "running", timeout=20_000)

    assert job.state == "done", job.error and job.error.full_text()
    assert "The first row is a person" in seen["summary"]
    plan = window.controller.plan
    assert {p.name: p.manager for p in plan.people.values()} == {
        "Okafor, Ada N": None,
        "Lindqvist, Bo": "1001",
        "Moreau, Cleo": None,
    }
    assert all(p.role == "" for p in plan.people.values())
    qtbot.waitUntil(lambda: visible_box("import_warnings") is not None)
    box = visible_box("import_warnings")
    assert 'manager "9999" not found; Moreau, Cleo imported without a manager (lenient)' in box.detailedText()
    # The columns were confirmed in the preview (its summary says what is read): not repeated as a warning.
    assert "columns read" not in box.detailedText()
    assert 'name from "column 2"' in seen["summary"]
    click_widget(box.button(QMessageBox.StandardButton.Ok))


def test_cancel_in_the_preview_imports_nothing(window, qtbot, tmp_path, monkeypatch):
    people = tmp_path / "hr.csv"
    people.write_text(HR_EXPORT)
    pick_files(monkeypatch, people, "")
    before = window.controller.plan
    window.docs.import_job = None
    when_dialog(lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_Escape))
    click_menu(window, qtbot, "File", "Import spreadsheets...")
    assert window.docs.import_job is None
    assert window.controller.plan is before


def test_a_file_whose_columns_are_all_known_still_shows_the_preview_first(window, qtbot, tmp_path, monkeypatch):
    people = tmp_path / "people.csv"
    people.write_text("name,title,manager\nAnn,CEO,\nBob,PM,Ann\n")
    pick_files(monkeypatch, people, "")
    seen = {}

    def answer(dialog: ImportMappingDialog) -> None:
        seen["summary"] = summary(dialog)
        click_widget(dialog.findChild(QPushButton, "import_button"))

    when_dialog(answer)
    click_menu(window, qtbot, "File", "Import spreadsheets...")
    assert seen, "the preview was not shown"
    job = window.docs.import_job
    qtbot.waitUntil(lambda: job.state != "running", timeout=20_000)
    assert job.state == "done"
    assert [p.name for p in window.controller.plan.people.values()] == ["Ann", "Bob"]


def test_hr_export_through_the_window_reads_managers_by_name(window, qtbot, tmp_path, monkeypatch):
    people = tmp_path / "hr.csv"
    people.write_text(HR_EXPORT)
    pick_files(monkeypatch, people, "")
    when_dialog(lambda dialog: click_widget(dialog.findChild(QPushButton, "import_button")))
    click_menu(window, qtbot, "File", "Import spreadsheets...")
    job = window.docs.import_job
    qtbot.waitUntil(lambda: job.state != "running", timeout=20_000)
    assert job.state == "done", job.error and job.error.full_text()
    plan = window.controller.plan
    assert plan.people["1003"].manager == "1002" and plan.people["1002"].manager == "1001"
    qtbot.waitUntil(lambda: visible_box("import_warnings") is not None)
    box = visible_box("import_warnings")
    assert 'column "ManagerID" is not used as the manager id' in box.detailedText()
    click_widget(box.button(QMessageBox.StandardButton.Ok))


def test_unknown_manager_error_offers_to_import_them_as_roots(window, qtbot, tmp_path, monkeypatch):
    people = tmp_path / "people.csv"
    people.write_text("name,title,manager\nAnn,CEO,The Board\nBob,PM,Ann\n")
    pick_files(monkeypatch, people, "")
    before = window.controller.plan
    seen = {}

    def answer(dialog: ImportMappingDialog) -> None:
        click_widget(dialog.findChild(QPushButton, "import_button"))
        wait_for(dialog.problems.isVisible)  # the preview stays open with the problems listed
        seen["problems"] = dialog.problems.toPlainText()
        seen["kept"] = window.controller.plan is before
        roots = dialog.findChild(QPushButton, "import_lenient")
        seen["offered"] = roots.isVisible()
        click_widget(roots)

    when_dialog(answer)
    click_menu(window, qtbot, "File", "Import spreadsheets...")
    job = window.docs.import_job
    qtbot.waitUntil(lambda: job.state != "running", timeout=20_000)
    assert 'manager "The Board" not found' in seen["problems"] and seen["kept"] and seen["offered"]
    assert job.state == "done"
    assert {p.name: p.manager for p in window.controller.plan.people.values()} == {"Ann": None, "Bob": "ann"}
    qtbot.waitUntil(lambda: visible_box("import_warnings") is not None)
    box = visible_box("import_warnings")
    assert 'manager "The Board" not found; Ann imported without a manager (lenient)' in box.text()
    click_widget(box.button(QMessageBox.StandardButton.Ok))
