"""One set of file prompts (ui/files/prompts.py): Save As, Export and Open ask the same way,
the "Replace file?" box is one box, and no other module opens a file dialog of its own."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.planfile import fileio
from tests.ui.helpers import make_plan, press_save, save_answers, when_modal
from ui.export.dialog import FORMATS

ROOT = Path(__file__).resolve().parents[2]


def answer_with_enter(seen: list[tuple[str, str]]) -> None:
    """When the replace box is up, note it and press Enter: the default button (No)."""

    def answer(box: QMessageBox) -> None:
        seen.append((box.objectName(), box.text()))
        QTest.keyClick(box, Qt.Key.Key_Return)

    when_modal(answer, QMessageBox)


def test_save_as_and_export_ask_the_same_replace_prompt_and_enter_keeps_the_file(window, tmp_path, monkeypatch, qtbot):
    plan_file, table = tmp_path / "budget.rocks.json", tmp_path / "budget.csv"
    plan_file.write_text("precious plan")
    table.write_text("precious table")
    seen: list[tuple[str, str]] = []

    starts = save_answers(monkeypatch, tmp_path / "budget", "")  # typed without the extension, then Cancel
    answer_with_enter(seen)
    press_save(window, shift=True)
    assert len(starts) == 2 and starts[1] == str(plan_file)  # No: asked again, at the name it would have used
    assert plan_file.read_text() == "precious plan"

    starts = save_answers(monkeypatch, tmp_path / "budget", "")
    answer_with_enter(seen)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.exports.dialog is not None and window.exports.dialog.isVisible())
    dialog = window.exports.dialog
    combo = dialog.format_box
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(len(FORMATS)):
        if combo.currentData() == ".csv":
            break
        QTest.keyClick(combo, Qt.Key.Key_Down)
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(starts) == 2 and table.read_text() == "precious table"
    QTest.keyClick(dialog, Qt.Key.Key_Escape)

    assert [name for name, _ in seen] == ["replace_prompt", "replace_prompt"]
    assert seen[0][1] == f"budget.rocks.json already exists in {tmp_path}.\nDo you want to replace it?"
    assert seen[1][1] == f"budget.csv already exists in {tmp_path}.\nDo you want to replace it?"


def test_a_name_with_its_suffix_in_capitals_is_taken_as_typed(window, tmp_path, monkeypatch):
    path = tmp_path / "Budget.JSON"
    save_answers(monkeypatch, path)
    press_save(window, shift=True)
    assert window.controller.path == path and fileio.load(path).name == window.controller.plan.name


def test_open_goes_through_the_prompt(window, tmp_path, monkeypatch):
    path = tmp_path / "other.rocks.json"
    plan = make_plan()
    plan.name = "Opened through the prompt"
    fileio.save(plan, path)
    asked: list[str] = []

    def dialog(_parent, title, _start, _filter, *args, **kwargs):
        asked.append(title)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    QTest.keyClick(window.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Open plan"]
    assert window.controller.plan.name == "Opened through the prompt"


def test_file_dialogs_and_the_replace_box_live_in_one_module():
    """A second copy would drift (the two "Replace file?" boxes had different object names)."""
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path == ROOT / "ui" / "files" / "prompts.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "QFileDialog":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} QFileDialog.{node.attr}")
            if isinstance(node, ast.Constant) and node.value == "Replace file?":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} a Replace file? box")
    assert offenders == []
