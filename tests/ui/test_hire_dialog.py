"""The hire simulator and "What next?" in the window, driven with real keys and clicks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.checks.analysis import Analysis
from planner.editing.document import Document
from planner.planfile import fileio
from planner.planfile.templates import load_template
from planner.whatif import hire
from tests.ui.helpers import open_dialog as opened
from tests.ui.helpers import open_window
from ui.whatif.hire import HireDialog
from ui.window.main_window import MainWindow


def make_window(qtbot, tmp_path, template: str) -> MainWindow:
    return open_window(qtbot, tmp_path, load_template(template), centre=False)


def choose(combo, text: str) -> None:
    """Pick a combo item the way a user does with the keyboard: focus it, type the start of its text."""
    QTest.qWait(QApplication.keyboardInputInterval() + 50)  # a fresh search, not the end of the last one
    combo.setFocus()
    QTest.keyClicks(combo, text)


def settled(qtbot, dialog: HireDialog, family: str, strategy: str) -> None:
    qtbot.waitUntil(
        lambda: (
            not dialog.pending
            and dialog.proposal is not None
            and (dialog.proposal.family, dialog.proposal.strategy) == (family, strategy)
        )
    )


def test_hire_tpm_by_discipline_applies_as_one_undo_step(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, "series-b")
    c = window.controller
    before = fileio.dumps(c.plan)
    assert "tpm-needed" in {f.rule for f in c.analysis.findings.values()}

    c.select(["p3"])  # Grace Liu, Head of Product, selected on the board
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.hires.dialog is not None and window.hires.dialog.isVisible())
    dialog = window.hires.dialog
    assert dialog.manager_combo.chosen() == "p3"  # reports to the selected person by default
    choose(dialog.role_combo, "TPM")
    choose(dialog.strategy_combo, "by-d")
    assert (dialog.family, dialog.strategy) == ("tpm", "by-discipline")
    assert "define the role" in dialog.strategy_help.text()  # the one-line explanation
    settled(qtbot, dialog, "tpm", "by-discipline")
    moves = dialog.proposal.moves
    assert len(moves) == dialog.table.rowCount() >= 2
    assert "tpm-needed" in {f.rule for f in dialog.impact.resolved}

    dropped = moves[-1]
    QTest.mouseClick(dialog.keep_boxes[len(moves) - 1], Qt.MouseButton.LeftButton)
    assert not dialog.keep_boxes[-1].isChecked()
    assert f"{len(moves) - 1} of {len(moves)}" in dialog.summary.text()  # the impact followed the untick
    assert c.plan is dialog.plan and fileio.dumps(c.plan) == before  # nothing applied while simulating

    initiators: list[str] = []
    c.changed.connect(lambda changes, _keys: initiators.append(changes.initiator))
    QTest.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.hires.dialog is None)
    assert initiators == ["hire"]  # one step, through the window's runner
    pid = moves[0].to_id
    person = c.plan.people[pid]
    assert person.role == hire.ROLE_TEXT["tpm"] and person.status == "planned"
    assert person.manager == "p3"
    assert {r.id for r in c.plan.rocks.values() if r.owner == pid} == {m.rock_id for m in moves[:-1]}
    assert c.plan.rocks[dropped.rock_id].owner == dropped.from_id  # the unticked move stayed put
    assert "tpm-needed" not in {f.rule for f in c.analysis.findings.values()}
    assert c.undo_stack.count() == 1
    assert c.selected_people == [pid]  # the new person is selected on the board

    window.activateWindow()  # the offscreen platform gives focus back to no one when a dialog closes
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fileio.dumps(c.plan) == before
    assert pid not in c.plan.people


def test_retarget_a_move_to_someone_else(qtbot):
    plan = load_template("series-b")
    dialog = opened(qtbot, HireDialog(plan, family="tpm"))
    settled(qtbot, dialog, "tpm", "by-discipline")
    combo = dialog.table.cellWidget(0, 5)
    assert combo.currentData() == dialog.proposal.person.id
    combo.setFocus()
    QTest.keyClicks(combo, "Zara")  # types to another person: the list is filled on focus
    assert combo.currentData() == "p9"
    rock = dialog.proposal.moves[0].rock_id
    assert "p9" in dialog.impact.loads  # the impact now counts Zara
    command = dialog.command()
    Document(plan).run(command)
    assert plan.rocks[rock].owner == "p9"


def test_first_pm_balance_leaves_nobody_over_capacity(qtbot):
    plan = load_template("first-pm")
    assert max(load.percent for load in Analysis(plan).loads.values()) > 100
    dialog = opened(qtbot, HireDialog(plan))
    assert dialog.family == "pm"  # the default role
    choose(dialog.strategy_combo, "ba")
    settled(qtbot, dialog, "pm", "balance")
    assert dialog.impact is not None and dialog.impact.max_after <= 100
    assert dialog.apply_button.isEnabled()
    QTest.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == HireDialog.DialogCode.Accepted
    doc = Document(plan)
    doc.run(dialog.command())
    assert max(load.percent for load in doc.analysis.loads.values()) <= 100


def test_no_moves_shows_the_reason_and_disables_apply(qtbot):
    plan = load_template("series-b")
    plan.people["p4"].name = "<b>Sam</b> $x$"  # plan text stays text
    dialog = opened(qtbot, HireDialog(plan))
    choose(dialog.role_combo, "Oth")
    settled(qtbot, dialog, "other", "by-discipline")
    assert dialog.proposal.moves == []
    assert dialog.summary.text() == f"No moves: {dialog.proposal.reason}"
    assert dialog.summary.textFormat() == Qt.TextFormat.PlainText
    assert not dialog.apply_button.isEnabled()
    QTest.keyClick(dialog.apply_button, Qt.Key.Key_Return)
    assert dialog.isVisible()

    choose(dialog.role_combo, "TPM")
    settled(qtbot, dialog, "tpm", "by-discipline")
    assert dialog.apply_button.isEnabled()
    reasons = [dialog.table.item(r, 6).text() for r in range(dialog.table.rowCount())]
    assert any("<b>Sam</b> $x$" in text for text in reasons)
    assert dialog.findings_label.textFormat() == Qt.TextFormat.PlainText


def test_bad_capacity_is_named_and_apply_disabled(qtbot):
    dialog = opened(qtbot, HireDialog(load_template("series-b"), family="tpm"))
    settled(qtbot, dialog, "tpm", "by-discipline")
    dialog.capacity_edit.selectAll()
    QTest.keyClicks(dialog.capacity_edit, "lots")
    qtbot.waitUntil(lambda: not dialog.pending)
    assert dialog.error_label.isVisible() and "capacity" in dialog.error_label.text()
    assert not dialog.apply_button.isEnabled() and dialog.table.rowCount() == 0
    dialog.capacity_edit.selectAll()
    QTest.keyClicks(dialog.capacity_edit, "50")
    qtbot.waitUntil(lambda: not dialog.pending)
    assert not dialog.error_label.isVisible() and dialog.apply_button.isEnabled()
    assert dialog.proposal.person.capacity == 50


def test_proposals_run_once_per_pause_in_typing_never_on_paint(qtbot, monkeypatch):
    calls = []
    real = hire.propose
    monkeypatch.setattr(hire, "propose", lambda *a, **k: calls.append(1) or real(*a, **k))
    dialog = opened(qtbot, HireDialog(load_template("series-b"), family="tpm"))
    settled(qtbot, dialog, "tpm", "by-discipline")
    assert len(calls) == 1
    dialog.capacity_edit.selectAll()
    QTest.keyClicks(dialog.capacity_edit, "80")  # two keystrokes inside the debounce
    assert dialog.pending and not dialog.apply_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.pending)
    assert len(calls) == 2 and dialog.proposal.person.capacity == 80
    moves = dialog.proposal.moves
    QTest.keyClicks(dialog.name_edit, "Priya Shah")  # a name does not change which rocks move
    qtbot.waitUntil(lambda: not dialog.pending)
    assert len(calls) == 2 and dialog.proposal.person.name == "Priya Shah" and dialog.proposal.moves == moves
    assert dialog.command().children[0].person.name == "Priya Shah"
    assert dialog.table.cellWidget(0, 5).currentText() == "Priya Shah (new hire)"
    dialog.repaint()
    dialog.resize(dialog.width() + 50, dialog.height())
    QApplication.processEvents()  # the resize's layout and paint events
    assert not dialog.pending, "painting or resizing scheduled a proposal"
    assert len(calls) == 2


def test_next_hires_lists_pm_first_and_simulate_opens_the_hire_dialog(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, "solo-founder")
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.hires.next_dialog is not None and window.hires.next_dialog.isVisible())
    panel = window.hires.next_dialog
    first = panel.suggestions[0]
    assert first.role == "pm"
    assert len(panel.simulate_buttons) == len(panel.suggestions)
    QTest.mouseClick(panel.simulate_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.hires.dialog is not None and window.hires.dialog.isVisible())
    dialog = window.hires.dialog
    assert (dialog.family, dialog.strategy) == ("pm", first.strategy)
    settled(qtbot, dialog, "pm", first.strategy)
    assert dialog.proposal.moves
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.controller.undo_stack.count() == 0


@pytest.mark.parametrize("template", ["scale-up"])
def test_next_hires_says_so_when_there_is_nothing_to_suggest(qtbot, template, monkeypatch):
    from ui.whatif import hire_actions as hire_dialog
    monkeypatch.setattr(hire_dialog.advice, "next_hires", lambda plan, analysis=None: [])
    panel = opened(qtbot, hire_dialog.NextHiresDialog(load_template(template)))
    assert panel.empty.isVisible() and "Nothing to suggest" in panel.empty.text()
    assert panel.simulate_buttons == []


def test_the_hire_dialog_shows_kept_rocks_the_new_persons_load_and_the_ratio(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, "solo-founder")
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.hires.dialog is not None and window.hires.dialog.isVisible())
    dialog = window.hires.dialog
    settled(qtbot, dialog, "pm", "by-discipline")
    assert dialog.kept_label.isVisible()
    assert "'3-year product vision' (Maya Okafor: the founder keeps the company's direction)" in dialog.kept_label.text()
    vision = next(r.id for r in window.controller.plan.rocks.values() if r.title == "3-year product vision")
    assert vision not in {m.rock_id for m in dialog.proposal.moves}
    text = dialog.outlook_label.text()
    assert text.startswith("New PM would start at ") and "PMs 0 -> 1 once they start: 6.0 engineers per PM" in text
    assert "Acting as PM" in dialog.findings_label.text() or "Overload" in dialog.findings_label.text()
    assert "[" not in dialog.findings_label.text()  # rule titles, not ids

    choose(dialog.role_combo, "Product m")  # product marketing: a 30%-of-a-week hire
    settled(qtbot, dialog, "pmm", "by-discipline")
    assert "A product marketer at 30%: a part-time or shared role may be enough" in dialog.outlook_label.text()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.controller.undo_stack.count() == 0


def test_what_next_applies_a_move_to_the_planned_tpm_as_one_undo_step(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, "series-b")
    c = window.controller
    before = fileio.dumps(c.plan)
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.hires.next_dialog is not None and window.hires.next_dialog.isVisible())
    panel = window.hires.next_dialog
    first = panel.suggestions[0]
    assert first.kind == "reassign" and panel.apply_buttons
    assert not any(s.kind == "hire" and s.role == "tpm" for s in panel.suggestions)  # one is already planned
    QTest.mouseClick(panel.apply_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.hires.next_dialog is None)
    tpm = next(p.id for p in c.plan.people.values() if p.name == "TPM (open req)")
    assert {c.plan.rocks[r].owner for r, _ in first.moves} == {tpm}
    assert c.undo_stack.count() == 1
    assert not any(f.rule == "overload" for f in c.analysis.findings.values())
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fileio.dumps(c.plan) == before


@pytest.mark.parametrize("template,name", [("series-b", "Grace Liu"), ("solo-founder", "Maya Okafor")])
def test_a_new_hire_reports_to_the_product_leader_or_the_founder_by_default(qtbot, tmp_path, template, name):
    window = make_window(qtbot, tmp_path, template)
    window.controller.select([])
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.hires.dialog is not None and window.hires.dialog.isVisible())
    dialog = window.hires.dialog
    assert window.controller.plan.people[dialog.manager_combo.chosen()].name == name
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
