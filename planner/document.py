"""A plan being edited: plan + analysis + undo history + the one change hook.

Every command runs through ``run``/``revert``; after each, the analysis is
brought up to date from the command's Changes record and listeners are told
(planner's equivalent of Anki's operation_did_execute). The undo history is
the GUI's QUndoStack (ui/controller.py), whose adapter calls ``run`` and
``revert``; the CLI applies single commands and keeps no history.
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
