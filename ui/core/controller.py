"""The Qt side of a document: undo stack adapter, selection, one change signal.

Every change goes through ``execute(command, initiator)`` (the window's
ui.core.runner.Runner calls it for every user intent): the command runs once
through planner.editing.document.Document (which updates the analysis), then
sits on a QUndoStack whose undo/redo call back into the same Document, with
"undo" / "redo" as the initiator. Views listen to one signal,
``changed(Changes, finding_keys)``, and update only what the record names.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from models import Plan
from planner.core.changes import REDO, SCENARIO, SCENARIOS, UNDO, Changes
from planner.core.errors import PlanError
from planner.editing.document import Command, Document


class _UndoAdapter(QUndoCommand):
    """Wraps a planner command; the first redo is skipped because push already ran it."""

    def __init__(self, controller: DocController, command: Command):
        super().__init__(command.label)
        self.controller = controller
        self.command = command
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.controller.document.run(self.command, REDO)

    def undo(self) -> None:
        self.controller.document.revert(self.command, UNDO)


class DocController(QObject):
    """Owns the open Document, its QUndoStack and the shared selection."""

    changed = Signal(object, object)  # Changes, set of finding keys that changed
    document_replaced = Signal()  # a different plan is now open (new/open/restore)
    selection_changed = Signal()
    message = Signal(str)  # a short status message for the user (hints, what just happened)
    # Another scenario is now shown (switch, create, delete, promote, or their undo): views
    # start over as on document_replaced, but the undo history, path and recovery state stay.
    scenario_switched = Signal()
    scenarios_changed = Signal()  # the list of scenarios changed (created, renamed, deleted, promoted)

    def __init__(self, plan: Plan | None = None, path: str | Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.document = Document(plan or Plan())
        self.document.path = Path(path) if path else None
        self.document.listeners.append(self._on_changed)
        self.selected_people: list[str] = []
        self.selected_rocks: list[str] = []

    # ---------------------------------------------------------- document

    @property
    def plan(self) -> Plan:
        """The plan shown and edited: the baseline or the scenario switched to."""
        return self.document.plan

    @property
    def book(self) -> Plan:
        """The plan as saved: the baseline with all its scenarios."""
        return self.document.book

    @property
    def analysis(self):  # -> planner.checks.analysis.Analysis
        return self.document.analysis

    @property
    def path(self) -> Path | None:
        return self.document.path

    def replace(self, plan: Plan, path: str | Path | None) -> None:
        """Show another plan: fresh analysis, empty undo history, clean state."""
        self.document.listeners.remove(self._on_changed)
        self.document = Document(plan)
        self.document.path = Path(path) if path else None
        self.document.listeners.append(self._on_changed)
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.selected_people, self.selected_rocks = [], []
        self.document_replaced.emit()
        self.selection_changed.emit()

    def set_path(self, path: str | Path | None) -> None:
        self.document.path = Path(path) if path else None

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    # ---------------------------------------------------------- commands

    def execute(self, command: Command, initiator: str = "") -> Changes:
        """Run a command as one undoable step (PlanError, nothing changed, if it is refused)."""
        changes = self.document.run(command, initiator)
        self.undo_stack.push(_UndoAdapter(self, command))
        return changes

    def push(self, command: Command, initiator: str = "") -> bool:
        """``execute`` for scripts and tests: True if pushed, False if refused (nothing changed).

        The app's intents go through ui.core.runner.Runner, which hands a refusal's reason
        back to whoever asked."""
        try:
            self.execute(command, initiator)
        except PlanError:
            return False
        return True

    def _on_changed(self, changes: Changes, keys: set) -> None:
        # Forget selected ids that no longer exist (an undo removed them).
        plan = self.document.plan
        people = [p for p in self.selected_people if p in plan.people]
        rocks = [r for r in self.selected_rocks if r in plan.rocks]
        self.changed.emit(changes, keys)
        moved = people != self.selected_people or rocks != self.selected_rocks
        self.selected_people, self.selected_rocks = people, rocks
        if changes.has(SCENARIO):
            self.scenario_switched.emit()  # the selection already names only ids of the plan shown
        if changes.has(SCENARIOS):  # created, renamed, deleted or promoted; a plain switch is not listed here
            self.scenarios_changed.emit()
        if moved:
            self.selection_changed.emit()

    # --------------------------------------------------------- selection

    def select(self, people: list[str] | None = None, rocks: list[str] | None = None) -> None:
        people = [p for p in (people or []) if p in self.plan.people]
        rocks = [r for r in (rocks or []) if r in self.plan.rocks]
        if people == self.selected_people and rocks == self.selected_rocks:
            return
        self.selected_people, self.selected_rocks = people, rocks
        self.selection_changed.emit()

    def focus(self, people: list[str] | None = None, rocks: list[str] | None = None) -> None:
        """Select and ask the board to centre on the subjects (Checks panel, Find)."""
        self.select(people, rocks)
        self.focus_requested.emit()

    focus_requested = Signal()
