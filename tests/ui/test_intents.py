"""Every entry point goes through planner.editing.operations and the window's runner (ui.core.runner):
the Inspector, keys and menus ask the same handoff note and show the same refusals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from planner.editing import operations as ops
from tests.ui.helpers import card_pos, chip_pos, message_boxes, when_modal
from tests.ui.helpers import click_board as click
from ui.core.dialogs import HandoffNoteDialog
from ui.dialogs.add import AddPersonDialog, AddRockDialog


def type_into(qtbot, edit, text: str) -> None:
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def asked_for_note(window):  # noqa: F811
    window.settings.setValue("board/skip_handoff_note", False)


# ---------------------------------------------------------------- inspector


def test_inspector_owner_edit_asks_the_handoff_note(window, qtbot):  # noqa: F811
    c = window.controller
    asked_for_note(window)
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    click(window, chip_pos(window.view, window.board, "r3"))
    owner = window.inspector.fields["rock"]["owner"].editor
    assert owner.text() == "Cy Moss"
    seen = []

    def write_note(dialog):
        seen.append(dialog.heading.text())
        QTest.keyClicks(dialog.note_edit, "Dee takes launches from Q3")
        QTest.mouseClick(dialog.with_button, Qt.MouseButton.LeftButton)

    when_modal(write_note, HandoffNoteDialog)
    type_into(qtbot, owner, "Dee Lin")

    assert seen == ["Moving 'Launches' from Cy Moss to Dee Lin"]
    assert c.plan.rocks["r3"].owner == "dee"
    assert c.plan.moves[-1].note == "Dee takes launches from Q3"
    assert c.undo_stack.count() == 1
    assert owner.text() == "Dee Lin"


def test_inspector_owner_edit_cancelled_note_changes_nothing(window, qtbot):  # noqa: F811
    c = window.controller
    asked_for_note(window)
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    click(window, chip_pos(window.view, window.board, "r3"))
    owner = window.inspector.fields["rock"]["owner"].editor
    when_modal(lambda d: QTest.keyClick(d.note_edit, Qt.Key.Key_Escape), HandoffNoteDialog)
    type_into(qtbot, owner, "Dee Lin")
    assert c.plan.rocks["r3"].owner == "cy"
    assert c.undo_stack.count() == 0
    assert owner.text() == "Cy Moss"  # the field shows the model again
    assert not window.inspector.fields["rock"]["owner"].error.isVisible()


def test_inspector_effort_refusal_stays_beside_the_field(window, qtbot):  # noqa: F811
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    click(window, chip_pos(window.view, window.board, "r3"))
    field = window.inspector.fields["rock"]["effort"]
    type_into(qtbot, field.editor, "150")
    assert field.error.isVisible() and "effort: expected a percent" in field.error.text()
    assert not window.notice.isVisible()
    assert window.controller.plan.rocks["r3"].effort == 70


# ------------------------------------------------------------------ keys


def test_commit_move_cancelled_note_pushes_nothing(window):  # noqa: F811
    c = window.controller
    asked_for_note(window)
    when_modal(lambda d: d.reject(), HandoffNoteDialog)
    assert not window.runner.run(ops.move_rocks(c.plan, ["r1"], "cy"))
    assert c.plan.rocks["r1"].owner == "ben" and c.undo_stack.count() == 0


def test_quiet_refusal_says_nothing(window):  # noqa: F811
    c = window.controller
    click(window, chip_pos(window.view, window.board, "r5"))  # already unowned
    QTest.keyClick(window.view, Qt.Key.Key_U)
    assert window.statusBar().currentMessage() == ""
    assert c.undo_stack.count() == 0


def test_long_refusal_is_shown_in_full(window):  # noqa: F811
    c = window.controller
    c.plan.people["dee"].name = "Dee " + "Lindqvist-" * 12 + "Okonkwo"  # a long name in a long reason
    window.resize(700, 700)
    assert not window.runner.run(ops.reparent(c.plan, "ana", "dee"))
    reason = ops.reparent(c.plan, "ana", "dee").reason
    assert window.notice.isVisible()
    assert window.notice.label.text() == reason  # the whole reason, not elided
    assert "cycle" in window.statusBar().currentMessage()


def test_delete_a_manager_says_where_reports_go_and_enter_cancels(window):  # noqa: F811
    c = window.controller
    click(window, card_pos(window.view, window.board, "cy"))
    assert c.selected_people == ["cy"]
    seen = []

    def cancel(box):
        seen.append((box.text(), box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)))
        QTest.keyClick(box, Qt.Key.Key_Return)  # Enter takes the default: Cancel

    when_modal(cancel, QMessageBox)
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    text, cancel_is_default = seen[0]
    assert "1 direct report (Dee Lin) will report to Ana Head" in text
    assert "2 rocks will become unowned" in text
    assert cancel_is_default
    assert "cy" in c.plan.people and c.undo_stack.count() == 0


def test_delete_a_manager_then_status_says_where_reports_went(window):  # noqa: F811
    c = window.controller
    click(window, card_pos(window.view, window.board, "cy"))

    def remove(box):
        remove_button = next(b for b in box.buttons() if b.text() == "Remove")
        QTest.mouseClick(remove_button, Qt.MouseButton.LeftButton)

    when_modal(remove, QMessageBox)
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    assert "cy" not in c.plan.people
    assert c.plan.people["dee"].manager == "ana"
    assert c.plan.rocks["r3"].owner is None
    assert window.statusBar().currentMessage() == "Removed Cy Moss: 1 direct report reports to Ana Head now"
    c.undo_stack.undo()
    assert c.plan.people["dee"].manager == "cy" and c.plan.rocks["r3"].owner == "cy"


def test_delete_someone_with_nothing_removes_without_asking(window):  # noqa: F811
    c = window.controller
    c.plan.rocks["r3"].owner = None
    c.plan.rocks["r4"].owner = None
    c.plan.people["dee"].manager = "ana"
    c.replace(c.plan, None)
    click(window, card_pos(window.view, window.board, "cy"))
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    assert "cy" not in c.plan.people
    assert not message_boxes()
    assert window.statusBar().currentMessage() == "Removed Cy Moss"


def test_add_person_key_files_under_the_selected_person(window):  # noqa: F811
    c = window.controller
    click(window, card_pos(window.view, window.board, "cy"))

    def fill(dialog):
        assert dialog.manager_combo.currentText().startswith("Cy Moss")
        QTest.keyClicks(dialog.name_edit, "Ola Berg")
        QTest.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    when_modal(fill, AddPersonDialog)
    QTest.keyClick(window.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    new = [p for p in c.plan.people.values() if p.name == "Ola Berg"]
    assert len(new) == 1 and new[0].manager == "cy" and new[0].role == "Product Manager"
    assert c.selected_people == [new[0].id]
    assert c.undo_stack.undoText() == "Add Ola Berg" or "Ola Berg" in c.undo_stack.undoText()


def test_add_rock_key_gives_it_to_the_selected_person(window):  # noqa: F811
    c = window.controller
    click(window, card_pos(window.view, window.board, "dee"))

    def fill(dialog):
        QTest.keyClicks(dialog.title_edit, "Pricing")
        QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_modal(fill, AddRockDialog)
    QTest.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    rock = next(r for r in c.plan.rocks.values() if r.title == "Pricing" and r.id != "r1")
    assert (rock.owner, rock.discipline, rock.effort, rock.kind) == ("dee", "operations", 10, "strategic")
    assert c.selected_rocks == [rock.id]
