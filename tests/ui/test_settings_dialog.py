"""Edit > Check settings...: built from the rules, checked as typed, one undo step on OK."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QDoubleSpinBox, QLabel, QScrollArea, QSpinBox

from models import Plan
from planner.checks.rules import ALL_RULES, SETTINGS
from planner.checks.rules.catalog import OWNER
from planner.editing.settings_ops import SetRuleSettings
from tests.ui.helpers import make_plan, open_dialog, when_modal
from ui.dialogs.settings import CheckSettingsDialog


@pytest.fixture
def plan() -> Plan:
    return make_plan()  # Cy at 110% (an overload warning), Ben at 70%, 'Design system' unowned


def retype(box, text: str) -> None:
    """Select what the spin box shows and type over it, as a user does."""
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(box, text)


def click(dialog: CheckSettingsDialog, widget) -> None:
    dialog.scroll_area.ensureWidgetVisible(widget)
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def tick(dialog: CheckSettingsDialog, box: QCheckBox) -> None:
    dialog.scroll_area.ensureWidgetVisible(box)
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())


# ------------------------------------------------------------------ dialog


def test_one_group_per_rule_with_its_settings_from_the_declarations(qtbot, plan):
    plan.settings.rules.values = {"overload_warning": 90.0, "span_of_control": 7}
    plan.settings.rules.disabled = ["unicorn"]
    dialog = open_dialog(qtbot, CheckSettingsDialog(plan))
    assert dialog.windowTitle() == "Check settings"
    assert isinstance(dialog.scroll_area, QScrollArea) and dialog.scroll_area.widgetResizable()
    assert list(dialog.groups) == [r.id for r in ALL_RULES]
    for rule in ALL_RULES:
        group = dialog.groups[rule.id]
        assert group.title() == rule.title
        assert group.on.text() == "On" and group.on.isChecked() == (rule.id != "unicorn")
        assert rule.why[:40] in group.toolTip()
        assert [s.name for s in rule.settings] == list(group.boxes)
    assert set(dialog.boxes) == set(SETTINGS)
    for name, box in dialog.boxes.items():
        setting = SETTINGS[name]
        assert isinstance(box, QSpinBox if setting.whole else QDoubleSpinBox)
        assert (box.minimum(), box.maximum()) == (setting.low, setting.high)
        assert box.suffix().strip() == setting.unit
        group = dialog.groups[OWNER[name].id]
        labels = [w.text() for w in group.findChildren(QLabel)]
        assert setting.words[:1].upper() + setting.words[1:] + ":" in labels
        value = plan.settings.rules.values.get(name, setting.default)
        assert box.text() == setting.shown(value)  # the plan's value with its unit, no trailing zeros
    assert dialog.boxes["overload_warning"].text() == "90%"
    assert dialog.boxes["span_of_control"].value() == 7
    assert dialog.groups["overload"].sentence.text() == (
        "Finds: load above 90% of capacity (warning), above 120% (error)."
    )
    assert dialog.ok_button.isEnabled()


def test_typing_updates_the_sentence_and_ok_gives_one_command(qtbot, plan):
    dialog = open_dialog(qtbot, CheckSettingsDialog(plan))
    overload = dialog.groups["overload"]
    retype(dialog.boxes["overload_warning"], "65")
    assert "above 65% of capacity (warning)" in overload.sentence.text()
    retype(dialog.boxes["span_of_control"], "4")
    assert "more than 4" in dialog.groups["span-of-control"].sentence.text()
    tick(dialog, dialog.groups["unicorn"].on)
    assert not dialog.groups["unicorn"].on.isChecked()
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    command = dialog.outcome
    assert isinstance(command, SetRuleSettings)
    assert command.values == {"overload_warning": 65, "span_of_control": 4}
    assert command.disabled == ["unicorn"]


def test_order_problems_show_under_the_field_and_hold_ok(qtbot, plan):
    dialog = open_dialog(qtbot, CheckSettingsDialog(plan))
    error = dialog.groups["overload"].errors["overload_warning"]
    assert not error.isVisible()
    retype(dialog.boxes["overload_warning"], "130")  # above the error level (120%)
    assert error.isVisible()
    assert error.text() == "expected at most 120% (load above which it is an error), got 130%"
    assert not dialog.ok_button.isEnabled()
    QTest.keyClick(dialog.boxes["overload_warning"], Qt.Key.Key_Return)  # Enter does not get past it
    assert dialog.isVisible() and dialog.outcome is None

    retype(dialog.boxes["pm_eng_min"], "11")  # above the target (10)
    pm_error = dialog.groups["pm-eng-ratio"].errors["pm_eng_min"]
    target = SETTINGS["pm_eng_target"]
    assert pm_error.isVisible()
    assert (
        pm_error.text()
        == f"expected at most {target.shown(10)} ({target.words}), got {SETTINGS['pm_eng_min'].shown(11)}"
    )
    retype(dialog.boxes["pm_eng_target"], "0")  # must be above 0
    assert "expected a number above 0 to 1000, got 0" in dialog.groups["pm-eng-ratio"].errors["pm_eng_target"].text()

    retype(dialog.boxes["overload_error"], "150")  # now the warning level is below the error level
    assert not error.isVisible()
    retype(dialog.boxes["pm_eng_target"], "12")
    assert not pm_error.isVisible() and dialog.ok_button.isEnabled()  # 11 is at most 12
    retype(dialog.boxes["pm_eng_min"], "6")
    QTest.keyClick(dialog.boxes["pm_eng_min"], Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.outcome.values == {"pm_eng_target": 12, "overload_warning": 130, "overload_error": 150}


def test_reset_to_defaults_switches_every_check_on_at_its_defaults(qtbot, plan):
    plan.settings.rules.values = {"overload_warning": 90.0, "unicorn_disciplines": 3}
    plan.settings.rules.disabled = ["orphan-rock", "unicorn"]
    dialog = open_dialog(qtbot, CheckSettingsDialog(plan))
    QTest.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert dialog.reset_button.text() == "Reset to defaults"
    assert all(group.on.isChecked() for group in dialog.groups.values())
    assert {name: box.value() for name, box in dialog.boxes.items()} == {n: s.default for n, s in SETTINGS.items()}
    assert dialog.isVisible()  # nothing is changed before OK
    assert plan.settings.rules.disabled == ["orphan-rock", "unicorn"]
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.outcome.values == {} and dialog.outcome.disabled == []


def test_one_check_back_to_its_defaults(qtbot, plan):
    plan.settings.rules.values = {"overload_warning": 90.0, "span_of_control": 3}
    plan.settings.rules.disabled = ["overload"]
    dialog = open_dialog(qtbot, CheckSettingsDialog(plan))
    click(dialog, dialog.groups["overload"].reset_button)
    assert dialog.groups["overload"].on.isChecked()
    assert dialog.boxes["overload_warning"].value() == 100
    assert dialog.boxes["span_of_control"].value() == 3  # another check's number stays
    assert not dialog.groups["orphan-rock"].reset_button.isVisible()  # nothing to reset


def test_a_stored_value_finer_than_the_box_is_kept_when_left_alone(qtbot, plan):
    plan.settings.rules.values = {"unicorn_min_share": 12.345678}
    dialog = open_dialog(qtbot, CheckSettingsDialog(plan))
    assert dialog.values()["unicorn_min_share"] == 12.345678
    retype(dialog.boxes["overload_warning"], "90")
    assert dialog.outcome.values == {"overload_warning": 90, "unicorn_min_share": 12.345678}


def wheel(widget, steps: int) -> bool:
    """A mouse wheel turned over the middle of ``widget``; whether the widget took it."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_the_wheel_over_a_box_scrolls_the_dialog_until_the_box_is_clicked(qtbot, plan):
    dialog = open_dialog(qtbot, CheckSettingsDialog(plan))
    box = dialog.boxes["pm_eng_target"]
    bar = dialog.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0  # more checks than fit: the dialog scrolls
    assert not wheel(box, -1)  # left to the scroll area (Qt passes an ignored wheel to the parent)
    assert box.value() == 10
    click(dialog, box)  # once the user is in the box, the wheel steps it
    assert wheel(box, 1)
    assert box.value() == 11


def test_nothing_changed_ok_closes_without_a_command(qtbot, plan):
    dialog = open_dialog(qtbot, CheckSettingsDialog(plan))
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not isinstance(dialog.outcome, SetRuleSettings)


# ------------------------------------------------------------------ window


def active(window, qtbot) -> None:
    """The offscreen platform gives focus back to no one when a dialog closes; a desktop does."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def checks_ready(window, qtbot):
    qtbot.waitUntil(lambda: window.checks is not None)
    window.docks["checks"].raise_()
    return window.checks


def shown_keys(checks) -> set[tuple[str, ...]]:
    return set(checks.items)


def test_the_edit_menu_lists_check_settings_with_its_shortcut(window):
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    actions = {a.text().replace("&", ""): a for a in edit.actions() if not a.isSeparator()}
    assert actions["Check settings..."].shortcut().toString() == "Ctrl+,"
    shortcuts = [a.shortcut().toString() for a in window.findChildren(type(actions["Check settings..."]))]
    assert shortcuts.count("Ctrl+,") == 1  # no other action has it


def test_shortcut_lowering_overload_shows_a_finding_and_ctrl_z_takes_it_back(window, qtbot):
    c = window.controller
    checks = checks_ready(window, qtbot)
    assert ("overload", "ben") not in shown_keys(checks)  # Ben at 70%
    seen = []

    def change(dialog):
        retype(dialog.boxes["overload_warning"], "65")
        seen.append(dialog.groups["overload"].sentence.text())
        QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_modal(change, CheckSettingsDialog)
    QTest.keyClick(window.view, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["Finds: load above 65% of capacity (warning), above 120% (error)."]
    assert c.plan.settings.rules.values == {"overload_warning": 65}
    qtbot.waitUntil(lambda: ("overload", "ben") in shown_keys(checks))
    assert "Ben Park is at 70% of capacity" in checks.items[("overload", "ben")].text(0)
    assert window.undo_action.text() == "&Undo Change check settings"
    assert "overload_warning 100% → 65%" in window.statusBar().currentMessage()

    active(window, qtbot)
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert c.plan.settings.rules.values == {}
    qtbot.waitUntil(lambda: ("overload", "ben") not in shown_keys(checks))
    assert ("overload", "cy") in shown_keys(checks)


def test_menu_unticking_a_check_removes_its_findings(window, qtbot):
    c = window.controller
    checks = checks_ready(window, qtbot)
    assert ("orphan-rock", "r5") in shown_keys(checks)

    def switch_off(dialog):
        tick(dialog, dialog.groups["orphan-rock"].on)
        QTest.keyClick(dialog.ok_button, Qt.Key.Key_Space)

    when_modal(switch_off, CheckSettingsDialog)
    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # the Edit menu, by keyboard
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    qtbot.waitUntil(edit.isVisible)
    action = next(a for a in edit.actions() if a.text() == "Check &settings...")
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton, pos=edit.actionGeometry(action).center())
    qtbot.waitUntil(lambda: c.plan.settings.rules.disabled == ["orphan-rock"])
    qtbot.waitUntil(lambda: ("orphan-rock", "r5") not in shown_keys(checks))
    assert not any(k[0] == "orphan-rock" for k in c.analysis.findings)

    active(window, qtbot)
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert c.plan.settings.rules.disabled == []
    qtbot.waitUntil(lambda: ("orphan-rock", "r5") in shown_keys(checks))


def test_cancel_changes_nothing(window, qtbot):
    c = window.controller

    def cancel(dialog):
        retype(dialog.boxes["overload_warning"], "65")
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    when_modal(cancel, CheckSettingsDialog)
    QTest.keyClick(window.view, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert c.plan.settings.rules.values == {} and c.undo_stack.count() == 0
    assert QApplication.activeModalWidget() is None
