"""A plan being edited: plan + analysis + undo history + the one change hook.

Every command runs through ``run``/``revert``; after each, the analysis is
brought up to date from the command's Changes record and listeners are told
(planner's equivalent of Anki's operation_did_execute). The CLI and tests use
the plain CommandStack here; the GUI drives ``run``/``revert`` from a
QUndoStack adapter instead, so both share one path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from models import Plan
from planner.analysis import Analysis, Key
from planner.changes import SETTINGS, Changes
from planner.commands import Command

Listener = Callable[[Changes, set[Key]], None]


class Document:
    def __init__(self, plan: Plan, path: str | Path | None = None):
        self.plan = plan
        self.path = Path(path) if path else None
        self.analysis = Analysis(plan)
        self.listeners: list[Listener] = []
        self.stack = CommandStack(self)

    def run(self, command: Command) -> Changes:
        """Apply a command and fire the change hook (raises PlanError if refused)."""
        changes = command.apply(self.plan)
        self._after(changes)
        return changes

    def revert(self, command: Command) -> Changes:
        changes = command.undo(self.plan)
        self._after(changes)
        return changes

    def _after(self, changes: Changes) -> None:
        changed = self.analysis.update(changes)
        for listener in list(self.listeners):
            listener(changes, changed)

    def settings_changed(self) -> None:
        self.plan.settings_changed()
        self._after(Changes(kinds={SETTINGS}))


class CommandStack:
    """A pure-Python undo stack (the GUI uses QUndoStack with the same commands)."""

    def __init__(self, document: Document):
        self.document = document
        self.done: list[Command] = []
        self.undone: list[Command] = []
        self.clean_index: int | None = 0

    def push(self, command: Command) -> Changes:
        changes = self.document.run(command)
        self.done.append(command)
        if self.clean_index is not None and self.clean_index > len(self.done) - 1:
            self.clean_index = None  # the saved state can no longer be reached by redo
        self.undone.clear()
        return changes

    def undo(self) -> Changes | None:
        if not self.done:
            return None
        command = self.done.pop()
        self.undone.append(command)
        return self.document.revert(command)

    def redo(self) -> Changes | None:
        if not self.undone:
            return None
        command = self.undone.pop()
        self.done.append(command)
        return self.document.run(command)

    def set_clean(self) -> None:
        self.clean_index = len(self.done)

    @property
    def is_clean(self) -> bool:
        return self.clean_index == len(self.done)
