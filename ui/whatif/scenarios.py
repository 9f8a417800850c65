"""Scenarios in the window: the toolbar switcher, the Scenario menu and its dialogs.

Every action asks planner.whatif.scenarios' intent functions for a command or a
refusal and hands it to the window's runner (ui.core.runner: it shows refusals
and pushes), so creating, switching, renaming, deleting and promoting are all
undoable steps on the one QUndoStack. The switcher and the menu follow the
change records (one per command), so a switch is taken in once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from models import BASELINE
from planner.core.changes import SCENARIO, SCENARIOS, Changes
from planner.editing.operations import Outcome, Refusal
from planner.whatif import scenarios as sc
from planner.whatif.scenarios import label_of
from ui.core.actions import make_action
from ui.core.controller import DocController
from ui.core.dialogs import ERROR_STYLE
from ui.core.plain import message_box, tip
from ui.core.runner import Runner

if TYPE_CHECKING:  # the compare view is imported when first opened
    from ui.whatif.compare import CompareView

__all__ = ["NameDialog", "ScenarioActions", "ScenarioSwitcher", "label_of"]

INITIATOR = "scenarios"


def _about_scenarios(changes: Changes) -> bool:
    """Another scenario shown, or the list changed: one record, however many kinds it carries."""
    return changes.has(SCENARIO, SCENARIOS)


class NameDialog(QDialog):
    """Ask a scenario name; the intent's refusal shows in red under the field and OK waits."""

    def __init__(self, title: str, prompt: str, initial: str, check: Callable[[str], Outcome], parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.check = check
        self.outcome: Outcome | None = None
        self.prompt = QLabel(prompt)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)  # quotes a scenario name
        self.prompt.setWordWrap(True)
        self.edit = QLineEdit(initial)
        self.edit.setObjectName("scenario_name")
        self.edit.selectAll()
        self.error = QLabel()
        self.error.setObjectName("scenario_name_error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.prompt, self.edit, self.error, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(380)
        self.edit.textChanged.connect(self._validate)
        self._validate()

    def _validate(self) -> None:
        outcome = self.check(self.edit.text())
        refused = isinstance(outcome, Refusal)
        # An empty field is not an error yet: it is only not ready.
        self.error.setText(outcome.reason if isinstance(outcome, Refusal) and self.edit.text().strip() else "")
        self.error.setVisible(bool(self.error.text()))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not refused)
        self.outcome = None if refused else outcome

    def accept(self) -> None:
        self._validate()
        if self.outcome is not None:
            super().accept()


class ScenarioSwitcher(QWidget):
    """The toolbar's "Scenario: [baseline v]"; choosing one switches (an undoable step)."""

    def __init__(self, controller: DocController, switch: Callable[[str], object], parent: QWidget | None = None):
        super().__init__(parent)
        self.c = controller
        self.combo = QComboBox(self)
        self.combo.setObjectName("scenario_switcher")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(12)
        self.combo.setMaximumWidth(280)
        self.combo.setToolTip("The scenario shown and edited (Ctrl+PgUp / Ctrl+PgDown)")
        label = QLabel("Scenario:", self)
        label.setBuddy(self.combo)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 6, 0)
        row.addWidget(label)
        row.addWidget(self.combo)
        self.combo.activated.connect(lambda i: switch(self.combo.itemData(i)))  # user choices only
        controller.changed.connect(self._on_changed)
        controller.document_replaced.connect(self.refill)
        self.refill()

    def _on_changed(self, changes: Changes, _keys: object) -> None:
        if _about_scenarios(changes):
            self.refill()

    def names(self) -> list[str]:
        return [self.combo.itemData(i) for i in range(self.combo.count())]

    def refill(self) -> None:
        combo, document = self.combo, self.c.document
        combo.blockSignals(True)
        combo.clear()
        for i, name in enumerate(sc.names(document.book)):
            combo.addItem(label_of(name), name)
            combo.setItemData(i, tip(name), Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(0, combo.findData(document.active)))
        combo.blockSignals(False)


class ScenarioActions(QObject):
    """The Scenario menu's actions, the switcher, and the dialogs they ask through."""

    def __init__(self, controller: DocController, window: QWidget, runner: Runner):
        super().__init__(window)
        self.c = controller
        self.window = window
        self.runner = runner
        self.compare_view: CompareView | None = None  # made on first use

        def act(text: str, slot, shortcut=None, tip: str = "") -> QAction:
            return make_action(window, text, slot, shortcut, tip)

        self.new = act(
            "&New scenario from this one...", self.do_new, "Ctrl+Alt+N", "Copy the plan shown into a new scenario"
        )
        self.rename = act("&Rename...", self.do_rename, "", "Rename the scenario shown")
        self.delete = act("&Delete", self.do_delete, "", "Delete the scenario shown (the baseline stays)")
        self.promote = act(
            "Make this the &baseline", self.do_promote, "", "The scenario shown becomes the plan; the old one is kept"
        )
        self.compare = act("&Compare scenarios...", self.do_compare, "Ctrl+Alt+C", "What differs between two scenarios")
        self.previous = act("&Previous scenario", lambda: self.step(-1), "Ctrl+PgUp")
        self.next = act("Ne&xt scenario", lambda: self.step(1), "Ctrl+PgDown")
        self.switcher = ScenarioSwitcher(controller, self.switch_to)
        self.menu = QMenu("S&cenario", window)
        for action in (self.new, self.rename, self.delete, self.promote, None, self.previous, self.next, None):
            if action is None:
                self.menu.addSeparator()
            else:
                self.menu.addAction(action)
        self.menu.addAction(self.compare)
        controller.changed.connect(self._on_changed)
        controller.document_replaced.connect(self.update_enabled)
        self.update_enabled()

    def _on_changed(self, changes: Changes, _keys: object) -> None:
        if _about_scenarios(changes):
            self.update_enabled()

    def _run(self, outcome: Outcome | None) -> bool:
        """Hand a scenario intent to the runner; True if a command was pushed."""
        return self.runner.run(outcome, INITIATOR)

    # ------------------------------------------------------------ state

    def update_enabled(self) -> None:
        document = self.c.document
        scenario = document.active != BASELINE
        for action in (self.rename, self.delete, self.promote):
            action.setEnabled(scenario)
        several = bool(document.book.scenarios)
        for action in (self.previous, self.next, self.compare):
            action.setEnabled(several)

    # ---------------------------------------------------------- actions

    def switch_to(self, name: str) -> bool:
        """Show another scenario as one undoable step."""
        return self._run(sc.switch_scenario(self.c.document, name))

    def step(self, delta: int) -> None:
        """Ctrl+PgUp / Ctrl+PgDown: the previous or next scenario, wrapping round."""
        names = sc.names(self.c.book)
        if len(names) < 2:
            return
        index = names.index(self.c.document.active) if self.c.document.active in names else 0
        self.switch_to(names[(index + delta) % len(names)])

    def do_new(self) -> None:
        document = self.c.document
        shown = label_of(document.active)
        dialog = NameDialog(
            "New scenario",
            f"A copy of {shown} to change freely; {shown} stays as it is.",
            "",
            lambda text: sc.create_scenario(document, text),
            self.window,
        )
        if dialog.exec() and dialog.outcome is not None:
            self._run(dialog.outcome)
        dialog.deleteLater()

    def do_rename(self) -> None:
        document = self.c.document
        old = document.active
        if old == BASELINE:
            return
        dialog = NameDialog(
            "Rename scenario",
            f'New name for "{label_of(old)}":',
            old,
            lambda text: sc.rename_scenario(document, old, text),
            self.window,
        )
        if dialog.exec() and dialog.outcome is not None:
            self._run(dialog.outcome)
        dialog.deleteLater()

    def _run_confirmed(self, outcome: Outcome | None, question: tuple[str, str, str, bool]) -> bool:
        """Run ``outcome`` once the user says yes to ``question`` (``_confirm``'s arguments); a
        refusal is handed to the runner at once, with nothing to confirm. True if pushed."""
        if isinstance(outcome, Refusal):
            self._run(outcome)
            return False
        return self._confirm(*question) and self._run(outcome)

    def _confirm(self, title: str, text: str, button: str, destructive: bool) -> bool:
        box = message_box(QMessageBox.Icon.Question, title, text, "scenario_confirm", self.window)  # quotes names
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        role = QMessageBox.ButtonRole.DestructiveRole if destructive else QMessageBox.ButtonRole.AcceptRole
        yes = box.addButton(button, role)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel if destructive else yes)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        box.deleteLater()
        return box.clickedButton() is yes

    def do_delete(self) -> None:
        document = self.c.document
        name = document.active
        text = (
            f'Delete the scenario "{label_of(name)}"? The baseline is shown afterwards.\n(Edit > Undo brings it back.)'
        )
        self._run_confirmed(sc.delete_scenario(document, name), ("Delete scenario", text, "Delete", True))

    def do_promote(self) -> None:
        document = self.c.document
        name = document.active
        outcome = sc.promote_scenario(document, name)
        text = (
            f'Make "{label_of(name)}" the baseline?\n\n'
            f'The current baseline is kept as the scenario "{sc.PREVIOUS_BASELINE}", so nothing is lost.'
        )
        if self._run_confirmed(outcome, ("Make this the baseline", text, "Make baseline", False)):
            kept = getattr(outcome, "keep_as", sc.PREVIOUS_BASELINE)  # "previous baseline (2)" if that was taken
            self.c.message.emit(f'"{label_of(name)}" is the baseline now; the old one is the scenario "{kept}"')

    def do_compare(self) -> None:
        from ui.whatif.compare import CompareView

        if self.compare_view is None:
            self.compare_view = CompareView(self.c, self.switch_to, self.window)
        self.compare_view.open_defaults()
