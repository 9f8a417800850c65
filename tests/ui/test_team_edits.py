"""Growth plans, kept rocks and new teams in the app, driven by real key presses and clicks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from models import Person, Plan, Rock, Team
from planner.editing.commands import AddTeam
from planner.editing.document import Document
from planner.editing.operations import KEPT_TIP
from tests.ui.helpers import open_dialog as opened
from tests.ui.helpers import when_modal
from ui.dialogs.add import AddTeamDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def make_plan() -> Plan:
    plan = Plan(name="Acme")
    plan.settings.first_quarter = "2027-Q1"
    plan.teams = {"t1": Team("t1", "Payments", lead="ben", headcount=12), "t2": Team("t2", "Growth", headcount=6)}
    for p in (
        Person("ana", "Ana Ruiz", "Co-founder & CEO"),
        Person("ben", "Ben Park", "Product Manager", manager="ana", team="t1"),
        Person("cy", "Cy Moss", "Product Manager", manager="ana", team="t2"),
        Person("dee", "Dee Lin", "Product Designer", manager="cy"),
    ):
        plan.people[p.id] = p
    for r in (
        Rock("r1", "Vision", "strategy", 10, "ana", kind="strategic"),
        Rock("r2", "Pricing", "operations", 40, "ben"),
        Rock("r3", "Roadmap", "product", 30, "cy"),
    ):
        plan.rocks[r.id] = r
    return plan


@pytest.fixture
def window_plan() -> Plan:
    return make_plan()


def type_into(qtbot, edit, text: str, key=Qt.Key.Key_Return) -> None:
    """Click the field, select what it holds, type over it and press Return (or Tab), as a user would."""
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    QTest.keyClick(edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(edit, text)
    QTest.keyClick(edit, key)


def pick_in_combo(qtbot, combo, index: int) -> None:
    """Open the combo with a click and click the item, as a user would."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    model_index = view.model().index(index, 0)
    view.scrollTo(model_index)
    rect = view.visualRect(model_index)
    # A just-opened popup ignores a release within the double-click interval; a person clicks later.
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())


def open_team_from_plan_page(qtbot, window, name: str):
    inspector = window.inspector
    assert inspector.stack.currentIndex() == inspector._pages["plan"]
    picker = inspector.team_picker
    pick_in_combo(qtbot, picker, picker.findText(name))
    assert inspector.stack.currentIndex() == inspector._pages["team"]
    return inspector.fields["team"]


# ------------------------------------------------------------ growth field


def test_growth_field_commits_on_enter_and_ctrl_z_restores(qtbot, window):
    c = window.controller
    fields = open_team_from_plan_page(qtbot, window, "Payments")
    inspector = window.inspector
    assert inspector.team_title.text() == "Team: Payments"
    assert inspector.team_title.textFormat() == Qt.TextFormat.PlainText
    growth = fields["growth"].editor
    assert growth.text() == ""
    assert inspector.growth_hint.text() == "Quarter 1 is 2027-Q1; up to 12 quarters"

    growth.setFocus()
    type_into(qtbot, growth, "8, 11,15")

    assert c.plan.teams["t1"].growth == [8, 11, 15]
    assert c.undo_stack.count() == 1
    assert c.undo_stack.text(0) == "Set the growth plan of Payments to 8, 11, 15"
    assert growth.text() == "8, 11, 15"  # the model's spelling
    assert inspector.growth_hint.text() == "2027-Q1 8 · 2027-Q2 11 · 2027-Q3 15"
    assert window.isWindowModified() or not c.undo_stack.isClean()

    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # Ctrl+Z on the board
    assert c.plan.teams["t1"].growth == []
    assert growth.text() == ""
    assert inspector.stack.currentIndex() == inspector._pages["team"]  # still on the team
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert c.plan.teams["t1"].growth == [8, 11, 15] and growth.text() == "8, 11, 15"
    assert c.undo_stack.count() == 1  # refreshing the field pushed nothing


def test_growth_field_invalid_text_shows_the_error_and_commits_nothing(qtbot, window):
    c = window.controller
    field = open_team_from_plan_page(qtbot, window, "Growth")["growth"]

    type_into(qtbot, field.editor, "8, 11, x")

    assert field.error.isVisible()
    assert field.error.text() == "growth: quarter 3: expected a whole number of engineers, got 'x'"
    assert field.error.textFormat() == Qt.TextFormat.PlainText
    assert c.plan.teams["t2"].growth == [] and c.undo_stack.count() == 0
    assert field.editor.text() == "8, 11, x"  # left for the user to fix

    type_into(qtbot, field.editor, "8, 11, 14", key=Qt.Key.Key_Tab)  # focus out commits too
    assert not field.error.isVisible()
    assert c.plan.teams["t2"].growth == [8, 11, 14] and c.undo_stack.count() == 1


def test_growth_preview_follows_typing(qtbot, window):
    inspector = window.inspector
    growth = open_team_from_plan_page(qtbot, window, "Growth")["growth"].editor
    qtbot.mouseClick(growth, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(growth, "5, 7")
    assert inspector.growth_hint.text() == "2027-Q1 5 · 2027-Q2 7"
    assert window.controller.undo_stack.count() == 0  # typing alone commits nothing
    QTest.keyClick(growth, Qt.Key.Key_A, CTRL)
    QTest.keyClick(growth, Qt.Key.Key_Delete)  # back to the model's value: closing the window commits nothing
    assert inspector.growth_hint.text() == "Quarter 1 is 2027-Q1; up to 12 quarters"


def test_team_headcount_and_lead_fields_edit_the_team(qtbot, window):
    c = window.controller
    fields = open_team_from_plan_page(qtbot, window, "Growth")
    assert fields["headcount"].editor.text() == "6" and fields["lead"].editor.text() == ""

    type_into(qtbot, fields["headcount"].editor, "9")
    type_into(qtbot, fields["lead"].editor, "cy moss")

    team = c.plan.teams["t2"]
    assert (team.headcount, team.lead) == (9, "cy")
    assert [c.undo_stack.text(i) for i in range(c.undo_stack.count())] == [
        "Set the engineers of Growth to 9",
        "Cy Moss leads Growth",
    ]
    assert fields["lead"].editor.text() == "Cy Moss"


def test_person_page_opens_their_team_and_back_returns(qtbot, window):
    c = window.controller
    inspector = window.inspector
    c.select(people=["ben"])
    assert inspector.edit_team_button.isEnabled()

    qtbot.mouseClick(inspector.edit_team_button, Qt.MouseButton.LeftButton)
    assert inspector.stack.currentIndex() == inspector._pages["team"]
    assert inspector.team_title.text() == "Team: Payments"
    assert inspector.fields["team"]["lead"].editor.text() == "Ben Park"

    qtbot.mouseClick(inspector.team_back, Qt.MouseButton.LeftButton)
    assert inspector.stack.currentIndex() == inspector._pages["person"]
    c.select(people=["dee"])  # no team: nothing to open
    assert not inspector.edit_team_button.isEnabled()


def test_plan_page_says_pms_now_and_once_planned_hires_start(qtbot, window):
    c = window.controller
    counts = window.inspector.plan_counts
    qtbot.waitUntil(lambda: counts["PMs and TPMs"].text() == "2 PMs, 0 TPMs")
    assert counts["Engineers"].text() == "18"
    assert counts["Engineers per PM"].text().startswith("9 (target ")

    plan = make_plan()
    plan.people["new"] = Person("new", "PM (hire)", "Product Manager", manager="ana", status="planned", start="2027-Q2")
    c.replace(plan, None)
    qtbot.waitUntil(lambda: "once planned hires start" in counts["PMs and TPMs"].text())
    assert counts["PMs and TPMs"].text() == "2 PMs, 0 TPMs now, 3 PMs, 0 TPMs once planned hires start"
    assert counts["Engineers"].text() == "18"  # unchanged by the hire: one number
    assert counts["Engineers per PM"].text().startswith("9 now, 6 once planned hires start (target ")


# --------------------------------------------------------------- kept combo


def test_kept_combo_edits_the_rock_and_undo_restores(qtbot, window):
    c = window.controller
    inspector = window.inspector
    c.select(rocks=["r1"])
    field = inspector.fields["rock"]["kept"]
    combo = field.editor
    assert combo.currentData() == "default"
    assert combo.itemText(0) == "Default: kept (the founder keeps the company's direction)"
    assert [combo.itemText(i) for i in (1, 2)] == ["Kept", "Not kept"]
    assert combo.toolTip().startswith(KEPT_TIP)
    assert KEPT_TIP == "Hire strategies never move a kept rock; only a move that names it does."
    assert not inspector.kept_default.isVisible()

    pick_in_combo(qtbot, combo, 2)  # Not kept

    assert c.plan.rocks["r1"].kept is False
    assert c.undo_stack.count() == 1 and c.undo_stack.text(0) == "Mark 'Vision' not kept"
    assert inspector.kept_default.isVisible()
    assert inspector.kept_default.text() == "Default: kept (the founder keeps the company's direction)"

    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert c.plan.rocks["r1"].kept is None
    assert combo.currentData() == "default" and not inspector.kept_default.isVisible()


def test_kept_combo_by_keyboard_and_default_follows_the_owner(qtbot, window):
    c = window.controller
    inspector = window.inspector
    c.select(rocks=["r2"])  # Pricing, a PM's: not kept by default
    combo = inspector.fields["rock"]["kept"].editor
    assert combo.itemText(0) == "Default: not kept"
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down)  # Default -> Kept
    assert c.plan.rocks["r2"].kept is True
    assert c.undo_stack.text(0) == "Mark 'Pricing' kept by its owner"

    c.select(rocks=["r1"])
    assert combo.itemText(0).startswith("Default: kept")
    inspector.fields["rock"]["owner"].editor.setFocus()
    type_into(qtbot, inspector.fields["rock"]["owner"].editor, "Ben Park")  # a PM's vision: not kept by default
    assert c.plan.rocks["r1"].owner == "ben"
    assert combo.itemText(0) == "Default: not kept"


# ---------------------------------------------------------------- new team


def test_new_team_dialog_checks_as_you_type(qtbot):
    plan = make_plan()
    dialog = opened(qtbot, AddTeamDialog(plan, lead="cy"))
    assert dialog.lead_combo.currentText().startswith("Cy Moss")
    assert not dialog.ok_button.isEnabled() and not dialog.errors["name"].isVisible()
    assert dialog.growth_hint.text() == "engineers per quarter; quarter 1 is 2027-Q1"

    QTest.keyClicks(dialog.name_edit, "payments")
    assert not dialog.ok_button.isEnabled()
    assert dialog.errors["name"].text() == 'name: a team called "Payments" already exists (t1)'
    assert dialog.errors["name"].isVisible()
    dialog.name_edit.selectAll()
    QTest.keyClicks(dialog.name_edit, "Data <b>Platform</b>")
    assert not dialog.errors["name"].isVisible()

    dialog.headcount_edit.selectAll()
    QTest.keyClicks(dialog.headcount_edit, "-2")
    assert "headcount: expected a whole number of engineers" in dialog.errors["headcount"].text()
    QTest.keyClicks(dialog.growth_edit, "4, 6, x")
    assert dialog.errors["growth"].text() == "growth: quarter 3: expected a whole number of engineers, got 'x'"
    assert dialog.errors["growth"].isVisible() and dialog.errors["headcount"].isVisible()  # each its own
    assert not dialog.ok_button.isEnabled()

    dialog.headcount_edit.selectAll()
    QTest.keyClicks(dialog.headcount_edit, "4")
    QTest.keyClick(dialog.growth_edit, Qt.Key.Key_Backspace)
    QTest.keyClicks(dialog.growth_edit, "9")
    assert dialog.growth_hint.text() == "2027-Q1 4 · 2027-Q2 6 · 2027-Q3 9"
    assert dialog.ok_button.isEnabled()

    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    command = dialog.outcome
    assert isinstance(command, AddTeam)
    Document(plan).run(command)
    team = plan.teams[command.team.id]
    assert (team.name, team.headcount, team.lead, team.growth) == ("Data <b>Platform</b>", 4, "cy", [4, 6, 9])
    for label in (dialog.errors["name"], dialog.growth_hint):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_new_team_from_the_board_menu_shortcut_is_one_undo_step(qtbot, window):
    c = window.controller
    board = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Board")
    qtbot.waitUntil(lambda: any(a.text() == "&New team..." for a in board.actions()))
    texts = [a.text() for a in board.actions()]
    assert texts.index("&New team...") == texts.index("Add &rock...") + 1
    action = next(a for a in board.actions() if a.text() == "&New team...")
    assert action.shortcut().toString() == "Ctrl+Shift+T"

    def fill(dialog):
        QTest.keyClicks(dialog.name_edit, "Data")
        dialog.headcount_edit.selectAll()
        QTest.keyClicks(dialog.headcount_edit, "5")
        QTest.keyClicks(dialog.growth_edit, "5, 8")
        QTest.keyClick(dialog.growth_edit, Qt.Key.Key_Return)

    when_modal(fill, AddTeamDialog)
    QTest.keyClick(window.view, Qt.Key.Key_T, CTRL | SHIFT)

    team = next(t for t in c.plan.teams.values() if t.name == "Data")
    assert (team.headcount, team.growth) == (5, [5, 8])
    assert c.undo_stack.count() == 1 and c.undo_stack.text(0) == "Add team Data"
    inspector = window.inspector
    assert inspector.stack.currentIndex() == inspector._pages["team"]  # the new team, to edit further
    assert inspector.team_title.text() == "Team: Data"
    assert inspector.team_picker.findText("Data") > 0
    assert window.inspector.fields["person"]["team"].editor.findData(team.id) > 0  # people can join it

    window.activateWindow()  # the offscreen platform does not hand activation back when a dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert team.id not in c.plan.teams
    assert inspector.stack.currentIndex() == inspector._pages["plan"]  # its page went with it
    assert inspector.team_picker.findText("Data") < 0


def test_new_team_cancel_changes_nothing(qtbot, window):
    c = window.controller

    def cancel(dialog):
        QTest.keyClicks(dialog.name_edit, "Data")
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    when_modal(cancel, AddTeamDialog)
    QTest.keyClick(window.view, Qt.Key.Key_T, CTRL | SHIFT)
    assert list(c.plan.teams) == ["t1", "t2"] and c.undo_stack.count() == 0
    assert QApplication.activeModalWidget() is None


def test_team_page_shows_plan_text_literally(qtbot, window):
    c = window.controller
    plan = make_plan()
    plan.teams["t1"].name = "<b>Pay</b> <img src=x.png>"
    plan.people["ben"].name = "<i>Ben</i>"
    c.replace(plan, None)
    inspector = window.inspector
    fields = open_team_from_plan_page(qtbot, window, "<b>Pay</b> <img src=x.png>")
    assert inspector.team_title.text() == "Team: <b>Pay</b> <img src=x.png>"
    assert fields["lead"].editor.text() == "<i>Ben</i>"
    page = inspector.stack.widget(inspector._pages["team"])
    shown = [label for label in page.findChildren(QLabel) if "<" in label.text()]
    assert shown and all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
