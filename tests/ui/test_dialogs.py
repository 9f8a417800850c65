"""The choice dialogs, driven with real key presses and clicks (never exec())."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from models import Person, Plan, Rock, Team
from planner.checks.analysis import Analysis
from planner.core.errors import PlanError
from tests.ui.helpers import open_dialog
from ui.core.dialogs import HandoffNoteDialog, PersonPicker, SplitRockDialog, TemplatePicker, show_error

PEOPLE = [
    ("p1", "Ana Ruiz", "Product Manager", "t1"),
    ("p2", "Ben Okafor", "Staff Engineer", "t1"),
    ("p3", "Dana Scully", "Engineering Manager", "t2"),
    ("p4", "Adam Dale", "Designer", "t2"),
    ("p5", "Chen Li", "TPM", None),
    ("p6", "Eve Park", "Data Scientist", "t1"),
]


@pytest.fixture
def plan() -> Plan:
    plan = Plan(name="Demo")
    plan.teams = {"t1": Team("t1", "Payments"), "t2": Team("t2", "Growth")}
    for pid, name, role, team in PEOPLE:
        plan.people[pid] = Person(pid, name, role, team=team)
    plan.rocks["r1"] = Rock("r1", "Pricing", "product", 20, owner="p1", context="Pricing v2 is live in two markets.")
    plan.rocks["r2"] = Rock("r2", "Checkout", "engineering", 30, owner="p2")
    return plan


def double_click(widget, pos) -> None:
    """What a user's double click delivers: a click, then the double-click event.

    (Qt 6's QTest.mouseDClick alone sends only the MouseButtonDblClick event,
    which item views ignore without the press before it.)
    """
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def row_texts(picker: PersonPicker) -> list[str]:
    return picker.model.stringList()


# ------------------------------------------------------------- PersonPicker


def test_picker_filters_while_typing(qtbot, plan):
    picker = open_dialog(qtbot, PersonPicker(plan, "Move to...", exclude={"p1"}))
    assert picker.visible_ids() == ["p2", "p3", "p4", "p5", "p6"]
    assert picker.filter_edit.hasFocus()
    QTest.keyClicks(picker.filter_edit, "d")
    QTest.keyClicks(picker.filter_edit, "a")
    # "da" in a name (Dana, Adam Dale) or a role (Data Scientist); case-insensitive
    assert picker.visible_ids() == ["p3", "p4", "p6"]
    assert row_texts(picker)[0].startswith("Dana Scully — Engineering Manager")
    assert picker.count_label.text() == "3 of 5 people match"
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Backspace)
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Backspace)
    QTest.keyClicks(picker.filter_edit, "GROWTH")  # team name
    assert picker.visible_ids() == ["p3", "p4"]
    picker.filter_edit.clear()
    QTest.keyClicks(picker.filter_edit, "payments eng")  # every word must match
    assert picker.visible_ids() == ["p2"]


def test_picker_down_enter_picks_the_row_and_focus_stays_in_filter(qtbot, plan):
    picker = open_dialog(qtbot, PersonPicker(plan, "Move to..."))
    QTest.keyClicks(picker.filter_edit, "da")
    assert picker.current_id() == "p3"  # the first match is current after each keystroke
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Down)
    assert picker.current_id() == "p4"
    assert picker.filter_edit.hasFocus()
    QTest.keyClicks(picker.filter_edit, "l")  # still typing into the filter: "dal"
    assert picker.visible_ids() == ["p4"]
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    assert picker.result() == QDialog.DialogCode.Accepted
    assert picker.chosen == "p4"


def test_picker_up_down_and_enter(qtbot, plan):
    picker = open_dialog(qtbot, PersonPicker(plan, "Move to..."))
    for _ in range(3):
        QTest.keyClick(picker.filter_edit, Qt.Key.Key_Down)
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Up)
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert picker.result() == QDialog.DialogCode.Accepted
    assert picker.chosen == "p3"


def test_picker_escape_cancels(qtbot, plan):
    picker = open_dialog(qtbot, PersonPicker(plan, "Move to..."))
    QTest.keyClicks(picker.filter_edit, "ben")
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Escape)
    assert picker.result() == QDialog.DialogCode.Rejected
    assert not picker.isVisible()
    assert picker.chosen is None


def test_picker_none_row(qtbot, plan):
    picker = open_dialog(qtbot, PersonPicker(plan, "Move to...", allow_none="(nobody: unowned)"))
    assert row_texts(picker)[0] == "(nobody: unowned)"
    assert picker.count_label.text() == "6 people"
    QTest.keyClicks(picker.filter_edit, "da")
    assert None not in picker.visible_ids()  # a name search does not offer "nobody" first
    picker.filter_edit.clear()
    QTest.keyClicks(picker.filter_edit, "nobody")
    assert picker.visible_ids() == [None]
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    assert picker.result() == QDialog.DialogCode.Accepted
    assert picker.chosen is None


def test_picker_none_row_is_first_and_current_without_typing(qtbot, plan):
    picker = open_dialog(qtbot, PersonPicker(plan, "Report to...", exclude={"p3"}, allow_none="(nobody: top)"))
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Down)
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Up)
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    assert picker.result() == QDialog.DialogCode.Accepted
    assert picker.chosen is None


def test_picker_enter_with_no_match_stays_open(qtbot, plan):
    picker = open_dialog(qtbot, PersonPicker(plan, "Move to..."))
    QTest.keyClicks(picker.filter_edit, "zzz")
    assert picker.visible_ids() == []
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    assert picker.isVisible()
    assert picker.count_label.text() == "0 of 6 people match"


def test_picker_double_click_picks(qtbot, plan):
    picker = open_dialog(qtbot, PersonPicker(plan, "Move to..."))
    view = picker.list_view
    rect = view.visualRect(picker.model.index(4, 0))
    double_click(view.viewport(), rect.center())
    assert picker.result() == QDialog.DialogCode.Accepted
    assert picker.chosen == "p5"


def test_picker_shows_load_and_preselects_current(qtbot, plan):
    picker = open_dialog(qtbot, PersonPicker(plan, "Report to...", analysis=Analysis(plan), current="p2"))
    assert row_texts(picker)[0] == "Ana Ruiz — Product Manager · Payments · load 20%"
    assert row_texts(picker)[4] == "Chen Li — TPM · load 0%"
    assert picker.current_id() == "p2"


def test_picker_ask_runs_modally(qtbot, plan):
    def drive():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PersonPicker)
        QTest.keyClicks(dialog.filter_edit, "chen")
        QTest.keyClick(dialog.filter_edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, drive)
    assert PersonPicker.ask(plan, "Move to...", allow_none="(nobody)") == (True, "p5")


def test_picker_filters_ten_thousand_people(qtbot):
    plan = Plan()
    plan.teams["t1"] = Team("t1", "Platform")
    for i in range(10_000):
        plan.people[f"p{i}"] = Person(f"p{i}", f"Person {i}", "Engineer" if i % 3 else "Designer", team="t1")
    picker = open_dialog(qtbot, PersonPicker(plan, "Move to...", allow_none="(nobody)"))
    assert picker.model.rowCount() == 10_001
    QTest.keyClicks(picker.filter_edit, "person 123")
    exact = ["p123", *[f"p{i}" for i in range(1230, 1240)]]  # "Person 123..." holds the phrase
    assert picker.visible_ids()[:11] == exact
    assert set(picker.visible_ids()[11:]) == {f"p{i}" for i in range(10_000) if "123" in str(i)} - set(exact)
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Down)
    QTest.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    assert picker.chosen == "p1230"


# -------------------------------------------------------- HandoffNoteDialog


def test_handoff_shows_the_move_and_context(qtbot, plan):
    dialog = open_dialog(qtbot, HandoffNoteDialog(plan, ["r1"], "p2"))
    assert dialog.heading.text() == "Moving 'Pricing' from Ana Ruiz to Ben Okafor"
    assert dialog.context_view.toPlainText() == "Pricing v2 is live in two markets."
    assert dialog.context_view.isReadOnly()
    assert dialog.note_edit.hasFocus()
    assert dialog.with_button.isDefault()


def test_handoff_several_rocks_to_nobody(qtbot, plan):
    dialog = open_dialog(qtbot, HandoffNoteDialog(plan, ["r1", "r2"], None))
    assert dialog.heading.text() == "Moving 2 rocks to nobody (unowned): 'Pricing', 'Checkout'"
    assert "Pricing: Pricing v2" in dialog.context_view.toPlainText()


def test_handoff_without_context_says_so(qtbot, plan):
    dialog = open_dialog(qtbot, HandoffNoteDialog(plan, "r2", "p1"))
    assert not dialog.context_view.isVisible()
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert "This rock has no context note yet." in labels
    assert "Handoff note for Ana Ruiz (optional):" in labels


def test_handoff_typed_note_and_ctrl_enter(qtbot, plan):
    dialog = open_dialog(qtbot, HandoffNoteDialog(plan, "r1", "p2"))
    QTest.keyClicks(dialog.note_edit, "Check Q3 numbers")
    QTest.keyClick(dialog.note_edit, Qt.Key.Key_Return)  # a plain Enter is a new line
    QTest.keyClicks(dialog.note_edit, "with Maria")
    assert dialog.isVisible()
    QTest.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.note == "Check Q3 numbers\nwith Maria"
    assert dialog.dont_ask is False


def test_handoff_move_without_note(qtbot, plan):
    dialog = open_dialog(qtbot, HandoffNoteDialog(plan, "r1", "p2"))
    QTest.keyClicks(dialog.note_edit, "never mind")
    QTest.mouseClick(dialog.without_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.note == ""


def test_handoff_dont_ask_again_and_click_with_note(qtbot, plan):
    dialog = open_dialog(qtbot, HandoffNoteDialog(plan, "r1", "p3"))
    box = dialog.dont_ask_box
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center() - QPoint(box.width() // 2 - 8, 0))
    assert dialog.dont_ask is True
    dialog.note_edit.setFocus()
    QTest.keyClicks(dialog.note_edit, "  over to you  ")
    QTest.mouseClick(dialog.with_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.note == "over to you"
    assert dialog.dont_ask is True


def test_handoff_escape_cancels(qtbot, plan):
    dialog = open_dialog(qtbot, HandoffNoteDialog(plan, "r1", "p2"))
    QTest.keyClicks(dialog.note_edit, "draft")
    QTest.keyClick(dialog.note_edit, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()


# ----------------------------------------------------------- TemplatePicker


FAKE_TEMPLATES = [
    SimpleNamespace(name="series-b", title="Series B startup", description="About 60 people, two product lines."),
    SimpleNamespace(name="enterprise", title="Enterprise org", description="Four product areas and a TPM office."),
]


@pytest.fixture
def fake_templates(monkeypatch):
    import planner.planfile.templates

    monkeypatch.setattr(planner.planfile.templates, "list_templates", lambda: list(FAKE_TEMPLATES))


def test_template_picker_describes_current_and_enter_accepts(qtbot, fake_templates):
    dialog = open_dialog(qtbot, TemplatePicker())
    titles = [dialog.list_widget.item(i).text() for i in range(dialog.list_widget.count())]
    assert titles == ["Series B startup", "Enterprise org", "Empty plan"]
    assert dialog.description.text() == "About 60 people, two product lines."
    QTest.keyClick(dialog.list_widget, Qt.Key.Key_Down)
    assert dialog.description.text() == "Four product areas and a TPM office."
    QTest.keyClick(dialog.list_widget, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen == "enterprise"


def test_template_picker_empty_plan_by_double_click(qtbot, fake_templates):
    dialog = open_dialog(qtbot, TemplatePicker())
    view = dialog.list_widget
    rect = view.visualItemRect(view.item(2))
    double_click(view.viewport(), rect.center())
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen is None


def test_template_picker_escape_and_broken_templates(qtbot, monkeypatch):
    import planner.planfile.templates

    def broken():
        raise PlanError("templates index: malformed entry")

    monkeypatch.setattr(planner.planfile.templates, "list_templates", broken)
    dialog = open_dialog(qtbot, TemplatePicker())
    assert dialog.list_widget.count() == 1
    assert "could not be read" in dialog.problem_label.text()
    assert dialog.problem_label.isVisible()
    QTest.keyClick(dialog.list_widget, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


# ---------------------------------------------------------- SplitRockDialog


def test_split_defaults(qtbot, plan):
    dialog = open_dialog(qtbot, SplitRockDialog(plan, "r1"))
    assert dialog.title_edit.text() == "Pricing (part 2)"
    assert dialog.effort_edit.text() == "10"
    assert dialog.owner_combo.currentText().startswith("Ana Ruiz")
    assert dialog.message.text() == "'Pricing' keeps 10%; the new part gets 10%."
    QTest.keyClick(dialog.effort_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.title, dialog.effort, dialog.owner) == ("Pricing (part 2)", 10.0, "p1")


def test_split_rejects_bad_effort_inline(qtbot, plan):
    dialog = open_dialog(qtbot, SplitRockDialog(plan, "r1"))
    QTest.keyClicks(dialog.effort_edit, "abc")  # replaces the selected default
    assert dialog.effort_edit.text() == "abc"
    assert "effort: expected a percent of a week" in dialog.message.text()
    assert '"abc"' in dialog.message.text()
    assert dialog.message.isVisible()
    assert not dialog.ok_button.isEnabled()
    QTest.keyClick(dialog.effort_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.effort_edit.selectAll()
    QTest.keyClicks(dialog.effort_edit, "30")
    assert "cannot be more than 'Pricing' has (20%)" in dialog.message.text()
    dialog.effort_edit.selectAll()
    QTest.keyClicks(dialog.effort_edit, "S")  # T-shirt size: 10
    assert dialog.ok_button.isEnabled()
    assert dialog.message.text() == "'Pricing' keeps 10%; the new part gets 10%."


def test_split_new_title_other_owner(qtbot, plan):
    dialog = open_dialog(qtbot, SplitRockDialog(plan, "r1"))
    dialog.title_edit.selectAll()
    QTest.keyClicks(dialog.title_edit, "Pricing research")
    dialog.effort_edit.selectAll()
    QTest.keyClicks(dialog.effort_edit, "5")
    QTest.keyClick(dialog.owner_combo, Qt.Key.Key_Down)  # Ana -> Ben
    assert dialog.owner_combo.currentText().startswith("Ben Okafor")
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.title, dialog.effort, dialog.owner) == ("Pricing research", 5.0, "p2")


def test_split_owner_must_be_from_the_list(qtbot, plan):
    dialog = open_dialog(qtbot, SplitRockDialog(plan, "r1"))
    line = dialog.owner_combo.lineEdit()
    line.selectAll()
    QTest.keyClicks(line, "Somebody new")
    assert dialog.message.text().startswith("owner: pick a person from the list")
    assert not dialog.ok_button.isEnabled()
    line.selectAll()
    QTest.keyClicks(line, "(unowned)")
    assert dialog.ok_button.isEnabled()
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.owner is None


def test_split_empty_title(qtbot, plan):
    dialog = open_dialog(qtbot, SplitRockDialog(plan, "r1"))
    dialog.title_edit.selectAll()
    QTest.keyClick(dialog.title_edit, Qt.Key.Key_Delete)
    assert dialog.message.text() == "title: must not be empty"
    assert not dialog.ok_button.isEnabled()


# -------------------------------------------------------------- show_error


def test_show_error_is_non_blocking(qtbot):
    error = PlanError(
        "q3.rocks.json: 2 problem(s) in the plan", details=["people[3].manager: unknown", "rocks[1].owner: unknown"]
    )
    box = show_error(None, "Cannot open plan", str(error), error.full_text())
    assert box in QApplication.topLevelWidgets()
    qtbot.waitExposed(box)
    assert box.isVisible()
    assert box.windowTitle() == "Cannot open plan"
    assert box.text() == str(error)
    assert "people[3].manager: unknown" in box.detailedText()
    assert box.icon() == QMessageBox.Icon.Critical
    QTest.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: not any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets())
    )


def test_show_error_without_details(qtbot):
    box = show_error(None, "Cannot save", "disk full")
    assert box.detailedText() == ""
    box.close()
