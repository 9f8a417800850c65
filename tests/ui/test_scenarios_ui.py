"""Scenarios in the window, driven with real keys and clicks: menu, switcher, title, undo, save."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox

from models import BASELINE
from planner.editing import operations as ops
from planner.planfile import fileio
from tests.ui.helpers import (
    CTRL,
    CTRL_ALT,
    card_pos,
    chip_pos,
    drag,
    new_scenario,
    pick_files,
    press_save,
    save_answers,
    when_modal,
)
from tests.ui.helpers import click_board as click
from tests.ui.helpers import click_menu as _click_menu
from tests.ui.helpers import press_key as press
from ui.whatif.scenarios import NameDialog


def choose(combo: QComboBox, text: str, qtbot) -> None:
    """Open the switcher's list with the mouse and click the row showing ``text``."""
    QTest.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    index = combo.model().index(combo.findText(text), 0)
    rect = view.visualRect(index)
    # A just-opened popup ignores a release within the double-click interval (so a press-drag-release
    # picks); a person clicks later than that.
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())


def chips_of(window, pid: str) -> set[str]:
    return {rid for rid, _rect in window.board.cards[pid].chip_scene_rects()}


def test_create_drag_switch_back_and_undo_through_the_switch(window, qtbot):
    c = window.controller
    new_scenario(window, "Hire a TPM")
    qtbot.waitUntil(lambda: c.document.active == "Hire a TPM")
    switcher = window.scenarios.switcher.combo
    assert switcher.currentText() == "Hire a TPM"
    assert window.windowTitle().endswith("— Hire a TPM — Rocks")

    drag(window.view, chip_pos(window.view, window.board, "r1"), card_pos(window.view, window.board, "cy"))
    assert c.plan.rocks["r1"].owner == "cy"
    assert c.book.rocks["r1"].owner == "ben", "the baseline is untouched"
    assert "r1" in chips_of(window, "cy")

    choose(switcher, "baseline", qtbot)
    assert c.document.active == BASELINE
    assert c.plan is c.book and c.plan.rocks["r1"].owner == "ben"
    assert "r1" in chips_of(window, "ben") and "r1" not in chips_of(window, "cy"), "the board shows baseline owners"
    assert window.windowTitle() == "Board test (not saved)[*] — Rocks"
    assert c.undo_stack.count() == 3, "switching is a step; the history is kept"

    press(window, Qt.Key.Key_Z, CTRL)  # undo the switch
    assert c.document.active == "Hire a TPM" and switcher.currentText() == "Hire a TPM"
    assert "r1" in chips_of(window, "cy")
    press(window, Qt.Key.Key_Z, CTRL)  # undo the drag, in the scenario
    assert c.plan.rocks["r1"].owner == "ben" and "r1" in chips_of(window, "ben")
    press(window, Qt.Key.Key_Z, CTRL)  # undo creating it
    assert c.document.active == BASELINE and not c.book.scenarios
    assert window.scenarios.switcher.names() == [BASELINE]


def test_new_scenario_dialog_shows_refusals_beside_the_field(window, qtbot):
    seen = {}

    def probe(dialog: NameDialog) -> None:
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        seen["empty_ok"] = ok.isEnabled()
        QTest.keyClicks(dialog.edit, "Baseline")
        seen["error"] = dialog.error.text() if dialog.error.isVisible() else ""
        seen["ok"] = ok.isEnabled()
        QTest.keyClick(dialog.edit, Qt.Key.Key_Return)  # refused: the dialog stays
        seen["still_open"] = dialog.isVisible()
        QTest.keyClick(dialog.edit, Qt.Key.Key_Escape)

    when_modal(probe, NameDialog)
    press(window, Qt.Key.Key_N, CTRL_ALT)
    qtbot.waitUntil(lambda: "still_open" in seen)
    assert seen["empty_ok"] is False
    assert "baseline" in seen["error"] and seen["ok"] is False and seen["still_open"]
    assert not window.controller.book.scenarios


def test_ctrl_page_keys_step_through_scenarios(window, qtbot):
    c = window.controller
    new_scenario(window, "One")
    qtbot.waitUntil(lambda: c.document.active == "One")
    new_scenario(window, "Two")
    qtbot.waitUntil(lambda: c.document.active == "Two")
    press(window, Qt.Key.Key_PageUp, CTRL)
    assert c.document.active == "One"
    press(window, Qt.Key.Key_PageDown, CTRL)
    press(window, Qt.Key.Key_PageDown, CTRL)  # wraps round
    assert c.document.active == BASELINE
    assert window.scenarios.switcher.combo.currentText() == "baseline"


def test_switch_refreshes_panels_without_touching_path_or_history(window, qtbot, tmp_path, monkeypatch):
    c = window.controller
    target = tmp_path / "fern.rocks.json"
    save_answers(monkeypatch, target)
    press_save(window)  # no path yet: Save asks where
    assert c.path == target
    new_scenario(window, "Heavy")
    qtbot.waitUntil(lambda: c.document.active == "Heavy")
    click(window, chip_pos(window.view, window.board, "r3"))
    click(window, chip_pos(window.view, window.board, "r4"), CTRL)  # both of Cy's rocks, one drag
    drag(window.view, chip_pos(window.view, window.board, "r3"), card_pos(window.view, window.board, "dee"))
    assert c.plan.rocks["r3"].owner == c.plan.rocks["r4"].owner == "dee"
    QTest.keyClicks(window.find_box, "dee")
    window._create_checks()
    choose(window.scenarios.switcher.combo, "baseline", qtbot)
    assert c.path == target and c.undo_stack.count() == 3
    assert window.windowTitle().startswith("fern.rocks.json[*] — Rocks")
    assert window.find_box.text() == ""
    checks = window.checks
    qtbot.waitUntil(lambda: not checks.pending)  # the list follows the board a moment later
    assert set(checks.items) == set(c.analysis.findings), "the Checks list shows the baseline's findings"
    assert "r3" in chips_of(window, "cy")


def test_save_and_reopen_keeps_the_scenarios(window, qtbot, tmp_path, monkeypatch):
    c = window.controller
    new_scenario(window, "Hire a TPM")
    qtbot.waitUntil(lambda: c.document.active == "Hire a TPM")
    drag(window.view, chip_pos(window.view, window.board, "r1"), card_pos(window.view, window.board, "cy"))
    target = tmp_path / "plan.rocks.json"
    save_answers(monkeypatch, target)
    press_save(window)
    assert fileio.load(target).scenarios["Hire a TPM"].rocks["r1"].owner == "cy"
    pick_files(monkeypatch, target)
    press(window, Qt.Key.Key_O, CTRL)  # File > Open... the file just saved
    assert window.scenarios.switcher.names() == [BASELINE, "Hire a TPM"]
    assert c.document.active == BASELINE and c.plan.rocks["r1"].owner == "ben"
    choose(window.scenarios.switcher.combo, "Hire a TPM", qtbot)
    assert c.plan.rocks["r1"].owner == "cy" and "r1" in chips_of(window, "cy")


def test_delete_asks_and_baseline_cannot_be_deleted(window, qtbot):
    c = window.controller
    assert not window.scenarios.delete.isEnabled(), "the baseline cannot be deleted"
    new_scenario(window, "Doomed")
    qtbot.waitUntil(lambda: c.document.active == "Doomed")
    assert window.scenarios.delete.isEnabled()

    def confirm(box: QMessageBox) -> None:
        assert "Doomed" in box.text()
        delete = next(b for b in box.buttons() if b.text() == "Delete")
        QTest.mouseClick(delete, Qt.MouseButton.LeftButton)

    when_modal(confirm, QMessageBox)
    _click_menu(window, qtbot, "Scenario", "Delete")
    qtbot.waitUntil(lambda: not c.book.scenarios)
    assert c.document.active == BASELINE and window.scenarios.switcher.names() == [BASELINE]
    press(window, Qt.Key.Key_Z, CTRL)
    assert c.document.active == "Doomed" and "Doomed" in c.book.scenarios


def test_make_baseline_says_the_old_one_is_kept(window, qtbot):
    c = window.controller
    new_scenario(window, "Next year")
    qtbot.waitUntil(lambda: c.document.active == "Next year")
    window.runner.run(ops.move_rocks(c.plan, ["r1"], "cy"))
    text = {}

    def confirm(box: QMessageBox) -> None:
        text["shown"] = box.text()
        QTest.mouseClick(next(b for b in box.buttons() if b.text() == "Make baseline"), Qt.MouseButton.LeftButton)

    when_modal(confirm, QMessageBox)
    _click_menu(window, qtbot, "Scenario", "Make this the baseline")
    qtbot.waitUntil(lambda: "previous baseline" in c.book.scenarios)
    assert '"previous baseline"' in text["shown"]
    assert c.document.active == BASELINE and c.book.rocks["r1"].owner == "cy"
    assert c.book.scenarios["previous baseline"].rocks["r1"].owner == "ben"
    assert "r1" in chips_of(window, "cy")
    assert window.windowTitle() == "Board test (not saved)[*] — Rocks"


def test_rename_updates_switcher_and_title_and_names_are_plain_text(window, qtbot):
    c = window.controller
    new_scenario(window, "Old")
    qtbot.waitUntil(lambda: c.document.active == "Old")

    def fill(dialog: NameDialog) -> None:
        dialog.edit.selectAll()
        QTest.keyClicks(dialog.edit, "<b>New</b>")
        QTest.keyClick(dialog.edit, Qt.Key.Key_Return)

    when_modal(fill, NameDialog)
    _click_menu(window, qtbot, "Scenario", "Rename...")
    qtbot.waitUntil(lambda: "<b>New</b>" in c.book.scenarios)
    assert window.scenarios.switcher.combo.currentText() == "<b>New</b>"
    assert "— <b>New</b> — Rocks" in window.windowTitle()


def test_switcher_position_is_on_the_toolbar(window):
    switcher = window.scenarios.switcher
    assert (
        switcher.isVisible() and switcher.mapTo(window, QPoint(0, 0)).y() < window.view.mapTo(window, QPoint(0, 0)).y()
    )
