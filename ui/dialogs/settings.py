"""Edit > Check settings...: every check's thresholds and an On switch, built from the rules.

One group per rule (planner.checks.rules.ALL_RULES, in the Checks panel's order): its title,
an *On* box, what it checks in a sentence that follows the numbers as they are
typed, and a spin box per setting the rule declares, with the setting's bounds,
unit and words. Nothing here names a rule or a setting: a new rule shows up by
itself. Problems (a minimum above its maximum, a value out of bounds) show under
their field while OK is disabled; OK gives ``.outcome`` from
planner.editing.settings_ops.set_rule_settings, which the caller commits as one undo step.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models import Plan
from planner.checks.rules import ALL_RULES, SETTINGS, Rule, Setting
from planner.core.text import plural
from planner.editing import settings_ops
from planner.editing.operations import Outcome, Refusal
from ui.core.actions import make_action
from ui.core.controller import DocController
from ui.core.dialogs import ERROR_STYLE, HINT_STYLE

DECIMALS = 4  # places a fractional setting is typed and kept to (a value stored with more is kept as it was)
Spin = QSpinBox | QDoubleSpinBox
SHORTCUT = "Ctrl+,"  # where desktop apps keep their settings


def _label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


def _rich_tip(text: str) -> str:
    """A tooltip that wraps a long paragraph (rich text wraps, plain text does not)."""
    return f"<p>{html.escape(text, quote=False)}</p>"


class _WholeBox(QSpinBox):
    """A whole-number setting. The wheel scrolls the dialog unless the box has focus
    (a value must not change under a pointer passing over it)."""

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class _NumberBox(QDoubleSpinBox):
    """A fractional setting, shown without trailing zeros (12.5, not 12.5000); the wheel as for _WholeBox."""

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt override
        text = super().textFromValue(value)
        point = self.locale().decimalPoint()
        if point in text:
            text = text.rstrip("0").rstrip(point)
        return text


def _spin_box(setting: Setting, value: float) -> Spin:
    """A spin box with the setting's bounds and unit. The low bound of a setting that
    must be *above* it can still be typed: the problem line says why it is refused."""
    box: _WholeBox | _NumberBox
    if setting.whole:
        box = _WholeBox()
        box.setRange(int(setting.low), int(setting.high))
        box.setValue(int(value))
    else:
        box = _NumberBox()
        box.setDecimals(DECIMALS)
        box.setRange(setting.low, setting.high)
        box.setValue(value)
    unit = setting.unit
    box.setSuffix(unit if unit == "%" else f" {unit}" if unit else "")
    box.setKeyboardTracking(True)  # checked as typed, not only on Enter
    box.setAccelerated(True)
    box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not taken by the wheel
    box.setFixedWidth(170)
    box.setToolTip(
        f"{setting.name} in the plan file: {setting.bounds_text()}; default {setting.shown(setting.default)}"
    )
    return box


class _RuleGroup(QGroupBox):
    """One rule: On, its threshold sentence, its settings (each over a hidden problem line), Reset."""

    def __init__(self, rule: Rule, values: dict[str, float], enabled: bool, changed: Callable[[], object]):
        super().__init__(rule.title)
        self.rule = rule
        self.setObjectName(f"rule_{rule.id}")
        self.setToolTip(_rich_tip(rule.why))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.on = QCheckBox("On")
        self.on.setChecked(enabled)
        self.on.setToolTip(f"Run this check ({rule.id}); off: it reports nothing")
        top.addWidget(self.on)
        top.addStretch(1)
        self.reset_button = QPushButton("Defaults")
        self.reset_button.setToolTip("Put this check's numbers back to their defaults and switch it on")
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.reset)
        self.reset_button.setVisible(bool(rule.settings))
        top.addWidget(self.reset_button)
        layout.addLayout(top)
        self.sentence = _label(style=HINT_STYLE)
        layout.addWidget(self.sentence)
        self.boxes: dict[str, Spin] = {}
        self.errors: dict[str, QLabel] = {}
        if rule.settings:
            # A grid, not a form: the words wrap beside a box of fixed width, the problem line under both.
            grid = QGridLayout()
            grid.setColumnStretch(0, 1)
            grid.setHorizontalSpacing(12)
            for index, setting in enumerate(rule.settings):
                box = _spin_box(setting, values[setting.name])
                words = _label(setting.words[:1].upper() + setting.words[1:] + ":")
                words.setBuddy(box)
                words.setToolTip(box.toolTip())
                error = _label(style=ERROR_STYLE)
                error.hide()
                grid.addWidget(words, 2 * index, 0)
                grid.addWidget(box, 2 * index, 1, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(error, 2 * index + 1, 0, 1, 2)
                self.boxes[setting.name] = box
                self.errors[setting.name] = error
                box.valueChanged.connect(lambda _v: changed())
            layout.addLayout(grid)
        self.on.toggled.connect(lambda _on: changed())

    def reset(self) -> None:
        self.on.setChecked(True)
        for name, box in self.boxes.items():
            default = SETTINGS[name].default
            if isinstance(box, QSpinBox):
                box.setValue(int(default))
            else:
                box.setValue(default)


class CheckSettingsDialog(QDialog):
    """Edit every rule's settings and on/off state; ``.outcome`` on OK (None while invalid)."""

    def __init__(self, plan: Plan, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Check settings")
        self.setObjectName("check_settings")
        self.plan = plan
        self.outcome: Outcome | None = None
        self.original, disabled = settings_ops.current(plan)
        self.kept_disabled = [rid for rid in disabled if rid not in {r.id for r in ALL_RULES}]

        layout = QVBoxLayout(self)
        intro = _label(
            "The numbers every check uses, saved with the plan (the baseline and all its scenarios). "
            "Hover a check for where its numbers come from. OK is one step Ctrl+Z undoes.",
            HINT_STYLE,
        )
        layout.addWidget(intro)
        inner = QWidget()
        column = QVBoxLayout(inner)
        self.groups: dict[str, _RuleGroup] = {}
        for rule in ALL_RULES:
            group = _RuleGroup(rule, self.original, rule.id not in disabled, self.validate)
            self.groups[rule.id] = group
            column.addWidget(group)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(inner)
        layout.addWidget(self.scroll_area, 1)
        self.general = _label(style=ERROR_STYLE)  # a refusal with no field of its own
        self.general.hide()
        layout.addWidget(self.general)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.reset_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.reset_button.setText("Reset to defaults")
        self.reset_button.setToolTip("Every check on, every number at its default (nothing changes until OK)")
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.reset)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.validate()
        screen = self.screen().availableGeometry().height() if self.screen() else 900
        self.resize(680, max(420, min(820, int(screen * 0.85))))

    # ------------------------------------------------------------ values

    @property
    def boxes(self) -> dict[str, Spin]:
        """Every setting's spin box by setting name."""
        return {name: box for group in self.groups.values() for name, box in group.boxes.items()}

    def values(self) -> dict[str, float]:
        """The values shown; one the user left alone keeps its stored value exactly."""
        out: dict[str, float] = {}
        for name, box in self.boxes.items():
            value: float = box.value()
            original = self.original[name]
            if not SETTINGS[name].whole and round(original, DECIMALS) == value:
                value = original
            out[name] = value
        return out

    def disabled(self) -> list[str]:
        return [rid for rid, group in self.groups.items() if not group.on.isChecked()] + self.kept_disabled

    # -------------------------------------------------------- checking

    def validate(self) -> bool:
        values = self.values()
        problems = settings_ops.field_problems(values)
        for group in self.groups.values():
            group.sentence.setText(f"Finds: {group.rule.threshold(values)}.")
            group.sentence.setEnabled(group.on.isChecked())
            for name, label in group.errors.items():
                label.setText(problems.get(name, ""))
                label.setVisible(name in problems)
        outcome = None if problems else settings_ops.set_rule_settings(self.plan, values, self.disabled())
        loud = isinstance(outcome, Refusal) and not outcome.quiet
        self.general.setText(outcome.reason if loud and isinstance(outcome, Refusal) else "")
        self.general.setVisible(loud)
        self.outcome = None if problems or loud else outcome
        ok = not problems and not loud
        self.ok_button.setEnabled(ok)
        return ok

    def reset(self) -> None:
        for group in self.groups.values():
            group.reset()
        self.validate()

    def accept(self) -> None:
        if self.validate():
            super().accept()


class SettingsActions(QObject):
    """Edit > Check settings... (Ctrl+,): open the dialog and commit its one command."""

    def __init__(self, controller: DocController, window: QWidget, commit: Callable[[Any], bool]):
        super().__init__(window)
        self.c = controller
        self.window = window
        self.commit = commit
        self.open = make_action(
            window,
            "Check &settings...",
            self.do_open,
            SHORTCUT,
            "Change the checks' thresholds and switch checks on or off",
        )

    def do_open(self) -> None:
        before = dict(self.c.analysis.severity_counts)
        old_values, old_disabled = settings_ops.current(self.c.plan)
        dialog = CheckSettingsDialog(self.c.plan, parent=self.window)
        try:
            if not dialog.exec() or dialog.outcome is None or not self.commit(dialog.outcome):
                return
        finally:
            dialog.deleteLater()
        after = self.c.analysis.severity_counts
        changes = settings_ops.describe(old_values, old_disabled, *settings_ops.current(self.c.plan))
        counts = ", ".join(
            f"{plural(after.get(s, 0), s)} (was {before.get(s, 0)})"
            for s in ("error", "warning")
            if after.get(s, 0) != before.get(s, 0)
        )
        self.c.message.emit(f"Check settings: {changes}" + (f"; now {counts}" if counts else ""))


def install_settings_actions(window: Any, menu: QMenu) -> SettingsActions:
    """Add Edit > Check settings... to ``menu`` (after a separator); kept as ``window.check_settings``."""
    actions = SettingsActions(window.controller, window, window.runner.run)
    window.check_settings = actions
    menu.addSeparator()
    menu.addAction(actions.open)
    return actions
