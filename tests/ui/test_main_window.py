"""The main window: files, prompts, keyboard twins, find, undo and recovery."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from planner.planfile import fileio
from tests.ui.helpers import (
    REPO,
    card_pos,
    chip_pos,
    drag,
    make_plan,
    message_boxes,
    pick_files,
    planned_pm,
    press_button,
    press_key,
    save_answers,
    seed_plan,
    when_modal,
)
from ui.core.dialogs import HandoffNoteDialog, PersonPicker


def test_open_corrupt_file_shows_error_and_keeps_document(window, tmp_path, qtbot, monkeypatch):
    bad = tmp_path / "broken.rocks.json"
    bad.write_text('{"schema_version": 1, "people": [{"id": "a"}]}')
    plan_before = window.controller.plan
    title_before = window.windowTitle()
    pick_files(monkeypatch, bad)
    QTest.keyClick(window.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # File > Open...
    qtbot.waitUntil(lambda: bool(message_boxes()))
    boxes = message_boxes()
    assert boxes, "an error dialog is shown"
    text = boxes[-1].text() + boxes[-1].informativeText() + (boxes[-1].detailedText() or "")
    assert "broken.rocks.json" in text and "people[0].name" in text
    assert window.controller.plan is plan_before
    assert window.windowTitle() == title_before
    QTest.keyClick(boxes[-1], Qt.Key.Key_Escape)


def test_save_marks_clean_and_undo_marks_modified(window, tmp_path, monkeypatch):
    c = window.controller
    drag(window.view, chip_pos(window.view, window.board, "r1"), card_pos(window.view, window.board, "cy"))
    assert c.plan.rocks["r1"].owner == "cy"
    assert window.isWindowModified()
    target = tmp_path / "saved.rocks.json"
    save_answers(monkeypatch, target)
    QTest.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # never saved: Save asks where
    assert not window.isWindowModified()
    assert "saved.rocks.json" in window.windowTitle()
    assert fileio.load(target).rocks["r1"].owner == "cy"
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert c.plan.rocks["r1"].owner == "ben"
    assert window.isWindowModified()
    QTest.keyClick(window.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert c.plan.rocks["r1"].owner == "cy"
    assert not window.isWindowModified()


def test_close_with_unsaved_changes_asks(window, qtbot):
    c = window.controller
    drag(window.view, chip_pos(window.view, window.board, "r1"), card_pos(window.view, window.board, "cy"))
    seen = []

    def cancel(box):
        seen.append(box.text())
        press_button(box.button(QMessageBox.StandardButton.Cancel))

    quit_keys = window.docs.quit_action.shortcut()  # Ctrl+Q, or the platform's Quit keys
    when_modal(cancel, QMessageBox)
    QTest.keySequence(window.view, quit_keys)
    assert seen and "Save the changes" in seen[0]
    assert window.isVisible()
    assert c.plan.rocks["r1"].owner == "cy"

    when_modal(lambda box: press_button(box.button(QMessageBox.StandardButton.Discard)), QMessageBox)
    window.activateWindow()  # active again after the box, as for a user (offscreen leaves it inactive)
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keySequence(window.view, quit_keys)
    assert not window.isVisible()


def test_keyboard_move_to_with_handoff_note(window, qtbot):
    c = window.controller
    window.settings.setValue("board/skip_handoff_note", False)
    vp = window.view.viewport()
    QTest.mouseClick(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, chip_pos(window.view, window.board, "r3")
    )
    assert c.selected_rocks == ["r3"]

    def pick(dialog):
        assert isinstance(dialog, PersonPicker)
        QTest.keyClicks(dialog.focusWidget(), "dee")
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    def write_note(dialog):
        assert isinstance(dialog, HandoffNoteDialog)
        QTest.keyClicks(dialog.note_edit, "Dee owns launches now")
        QTest.mouseClick(dialog.with_button, Qt.MouseButton.LeftButton)

    when_modal(pick, PersonPicker)
    when_modal(write_note, HandoffNoteDialog)
    QTest.keyClick(window.view, Qt.Key.Key_M)
    assert c.plan.rocks["r3"].owner == "dee"
    assert c.plan.moves[-1].note == "Dee owns launches now"
    assert c.undo_stack.count() == 1


def test_keyboard_drop_and_restore(window):
    c = window.controller
    QTest.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        chip_pos(window.view, window.board, "r2"),
    )
    QTest.keyClick(window.view, Qt.Key.Key_D)
    assert c.plan.rocks["r2"].state == "dropped"
    assert "r2" in window.board.ground_tray_ids()
    QTest.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ShiftModifier)
    assert c.plan.rocks["r2"].state == "active"


def test_keyboard_report_to_refuses_cycle(window):
    c = window.controller
    QTest.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        card_pos(window.view, window.board, "cy"),
    )
    assert c.selected_people == ["cy"]

    def pick(dialog):
        QTest.keyClicks(dialog.focusWidget(), "Dee")
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    when_modal(pick, PersonPicker)
    QTest.keyClick(window.view, Qt.Key.Key_R)
    assert c.plan.people["cy"].manager == "ana"
    assert "cycle" in window.statusBar().currentMessage()


def test_find_selects_and_reveals(window):
    c = window.controller
    window.board.set_all_collapsed(True)
    assert not window.board.cards["dee"].isVisible()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_box.hasFocus()
    QTest.keyClicks(window.find_box, "dee")
    QTest.keyClick(window.find_box, Qt.Key.Key_Return)
    assert c.selected_people == ["dee"]
    assert window.board.cards["dee"].isVisible()
    window.find_box.clear()
    QTest.keyClicks(window.find_box, "design sys")
    QTest.keyClick(window.find_box, Qt.Key.Key_Return)
    assert c.selected_rocks == ["r5"]


def test_status_bar_totals_update(window, qtbot):
    assert "1 overloaded" in window.totals.text()  # Cy at 110%
    drag(window.view, chip_pos(window.view, window.board, "r3"), card_pos(window.view, window.board, "dee"))
    assert window.controller.plan.rocks["r3"].owner == "dee"
    # The totals are refreshed on a deferred call: wait for it, whatever it takes.
    qtbot.waitUntil(lambda: "0 overloaded" in window.totals.text())
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "1 overloaded" in window.totals.text())


CRASH = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, {repo!r})
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from tests.ui.helpers import make_plan
    from planner.editing.commands import MoveRocks
    from ui.core.controller import DocController
    from ui.window.main_window import MainWindow
    settings = QSettings({settings!r}, QSettings.Format.IniFormat)
    c = DocController(make_plan())
    w = MainWindow(c, settings, recovery_dir=Path({folder!r}))
    w.docs.autosaver.timer.setInterval(30) if hasattr(w.docs.autosaver, "timer") else None
    c.push(MoveRocks(["r3"], "ben", "crash test"))
    w.docs.autosaver.written.connect(lambda *a: os._exit(1))
    app.exec()
    """
)


def test_kill_and_restore_from_recovery_file(window, tmp_path, qtbot):
    folder = tmp_path / "crash-recovery"
    code = CRASH.format(repo=str(REPO), settings=str(tmp_path / "crash.ini"), folder=str(folder))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr[-2000:]
    from ui.files.document_actions import DocumentActions

    docs = DocumentActions(window, window.controller, window.settings, recovery_dir=folder)
    assert docs.offer_recovery(ask=lambda entry: True)
    plan = window.controller.plan
    assert plan.rocks["r3"].owner == "ben"
    assert plan.moves[-1].note == "crash test"
    assert window.isWindowModified()
    assert docs.store.pending(docs.session_id) == []
    docs.autosaver.stop_and_discard()


# ------------------------------------------------------- counts, find, empty


def test_totals_and_plan_summary_say_1_error_and_1_pm(window):
    c = window.controller
    plan = make_plan()
    plan.rocks["r4"].owner = "ben"
    plan.rocks["r4"].effort = 60  # Ben: 40 + 30 + 60 = 130%, the one overload error
    plan.people["ana"].role = "Co-founder & CEO"
    plan.people["cy"].role = "Engineering Manager"  # Ben is the only PM
    c.replace(plan, None)
    totals = window.totals.text()
    assert "1 error," in totals and "1 errors" not in totals
    assert "1 PM," in totals and "1 PMs" not in totals
    assert "4 people" in totals
    window.inspector._show_plan()
    assert window.inspector.plan_counts["PMs and TPMs"].text() == "1 PM, 0 TPMs"
    assert window.inspector.plan_counts["Findings"].text().startswith("1 error, ")


def test_totals_count_a_planned_pm_once_planned_hires_start(window, qtbot):
    c = window.controller
    c.replace(seed_plan(), None)
    today = "6 engineers  ·  0 PMs, PM:eng no PM  ·  0 overloaded"
    assert today in window.totals.text()
    assert window.runner.run(planned_pm())
    planned = "6 engineers  ·  0 PMs, PM:eng no PM today  ·  1 PM, PM:eng 1:6 once planned hires start  ·  0 overloaded"
    qtbot.waitUntil(lambda: planned in window.totals.text())
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo: no planned PM
    qtbot.waitUntil(lambda: today in window.totals.text())
    assert "once planned hires start" not in window.totals.text()
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: planned in window.totals.text())
    assert window.totals.textFormat() == Qt.TextFormat.PlainText


def test_new_plan_clears_find_and_empty_plan_shows_a_hint(window, qtbot):
    from models import Plan

    c = window.controller
    assert not window.empty_hint.isVisible()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(window.find_box, "dee")
    QTest.keyClick(window.find_box, Qt.Key.Key_Return)
    assert c.selected_people == ["dee"]

    c.replace(Plan(name="Empty"), None)  # what File > New (Empty plan) does

    assert window.find_box.text() == ""
    assert window._find_hits == [] and window._find_text == ""
    assert window.empty_hint.isVisible()
    assert window.empty_hint.textFormat() == Qt.TextFormat.PlainText
    assert "This plan has no people yet" in window.empty_hint.text()
    assert "Ctrl+Shift+N" in window.empty_hint.text() and "File > Import" in window.empty_hint.text()
    hint = window.empty_hint.geometry()
    assert abs(hint.center().x() - window.view.width() // 2) <= 2  # centred on the board

    from ui.dialogs.add import AddPersonDialog

    def fill(dialog):
        QTest.keyClicks(dialog.name_edit, "First Founder")
        QTest.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    when_modal(fill, AddPersonDialog)
    QTest.keyClick(window.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(c.plan.people) == 1
    assert not window.empty_hint.isVisible()
    press_key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo, the window active again
    assert len(c.plan.people) == 0
    assert window.empty_hint.isVisible()


def test_help_says_a_rock_is_not_an_eos_rock(window):
    from ui.window.main_window import FIRST_RUN_HELP

    seen = []

    def read(box):
        seen.append(box.text())
        box.close()

    when_modal(read, QMessageBox)
    window.show_help()
    assert seen and "<b>not</b> the 90-day goal that EOS-style tools" in seen[0]
    assert seen[0] == FIRST_RUN_HELP


def test_menus_show_the_shortcuts(window):
    board = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Board")
    shortcuts = {a.text(): a.shortcut().toString() for a in board.actions() if not a.isSeparator()}
    assert shortcuts["Add &person..."] == "Ctrl+Shift+N"
    assert shortcuts["Remove person..."] == "Del"
    assert shortcuts["&Move to..."] == "M"


def test_move_to_by_keyboard_scrolls_the_receiver_into_view_and_lights_it(window, qtbot):
    c, view, board = window.controller, window.view, window.board
    window.resize(700, 500)
    qtbot.wait(50)
    view.zoom_by(1.2)  # from 100%: a card still fits the small viewport
    r3_owner = board.cards[c.plan.rocks["r3"].owner]
    view.centerOn(r3_owner.scenePos() + r3_owner.card_rect().center())
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, chip_pos(view, board, "r3")
    )
    assert c.selected_rocks == ["r3"]
    # the receiver is far from where we are looking
    far = next(
        pid
        for pid in c.plan.people
        if pid != c.plan.rocks["r3"].owner
        and not view.viewport()
        .rect()
        .intersects(
            view.mapFromScene(board.cards[pid].card_rect().translated(board.cards[pid].scenePos())).boundingRect()
        )
    )
    name = c.plan.people[far].name

    def pick(dialog):
        QTest.keyClicks(dialog.focusWidget(), name)
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    when_modal(pick, PersonPicker)
    QTest.keyClick(view, Qt.Key.Key_M)
    assert c.plan.rocks["r3"].owner == far
    card = board.cards[far]
    on_screen = view.mapFromScene(card.card_rect().translated(card.scenePos())).boundingRect()
    assert view.viewport().rect().contains(on_screen)
    assert card.drop_target == "valid"  # lit for a moment so the eye finds it
