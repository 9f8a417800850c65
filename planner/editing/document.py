"""A plan being edited: plan + analysis + undo history + the one change hook.

Every command runs through ``run``/``revert``; after each, the analysis is
brought up to date from the command's Changes record and listeners are told
(planner's equivalent of Anki's operation_did_execute). The undo history is
the GUI's QUndoStack (ui/core/controller.py), whose adapter calls ``run`` and
``revert``; the CLI applies single commands and keeps no history.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from models import BASELINE, Plan
from planner.checks.analysis import Analysis, Key
from planner.core.changes import SCENARIO, SETTINGS, Changes
from planner.editing.commands import Command

Listener = Callable[[Changes, set[Key]], None]


class Document:
    """``book`` is the plan as saved: the baseline with its scenarios. ``plan`` is
    the one being shown and edited (``active``), ``analysis`` its analysis."""

    def __init__(self, plan: Plan, path: str | Path | None = None):
        self.book = plan
        self.active = BASELINE
        self.path = Path(path) if path else None
        self.analysis = Analysis(plan)
        # Analyses of scenarios shown before: only the active plan is ever edited,
        # so a cached one stays exact and switching back costs nothing.
        self.analyses: dict[str, Analysis] = {BASELINE: self.analysis}
        self.listeners: list[Listener] = []

    @property
    def plan(self) -> Plan:
        return self.book if self.active == BASELINE else self.book.scenarios[self.active]

    def scenario(self, name: str) -> Plan:
        """The baseline or a named scenario (KeyError if there is none)."""
        return self.book if name == BASELINE else self.book.scenarios[name]

    def analysis_of(self, name: str) -> Analysis:
        if name not in self.analyses:
            self.analyses[name] = Analysis(self.scenario(name))
        return self.analyses[name]

    def activate(self, name: str) -> None:
        """Show and edit another scenario (scenario commands call this)."""
        self.scenario(name)  # KeyError for an unknown name, before anything changes
        self.active = name
        self.analysis = self.analysis_of(name)

    def run(self, command: Command) -> Changes:
        """Apply a command and fire the change hook (raises PlanError if refused)."""
        changes = command.apply_to(self) if isinstance(command, DocumentCommand) else command.apply(self.plan)
        self._after(changes)
        return changes

    def revert(self, command: Command) -> Changes:
        changes = command.undo_on(self) if isinstance(command, DocumentCommand) else command.undo(self.plan)
        self._after(changes)
        return changes

    def _after(self, changes: Changes) -> None:
        if changes.has(SCENARIO):
            changed: set[Key] = set(self.analysis.findings)  # a new plan on screen: every finding is news
        else:
            changed = self.analysis.update(changes)
        if changes.settings:  # scenarios share the settings: other cached analyses are stale now
            for name in [n for n in self.analyses if n != self.active]:
                del self.analyses[name]
        for listener in list(self.listeners):
            listener(changes, changed)

    def settings_changed(self) -> None:
        self.plan.settings_changed()
        self._after(Changes(kinds={SETTINGS}))


class DocumentCommand(Command):
    """A command on the document rather than on one plan: creating, switching,
    renaming, deleting or promoting scenarios (planner.whatif.scenarios)."""

    def apply(self, plan: Plan) -> Changes:
        raise TypeError("run scenario commands through Document.run")

    def undo(self, plan: Plan) -> Changes:
        raise TypeError("undo scenario commands through Document.revert")

    def apply_to(self, document: Document) -> Changes:
        raise NotImplementedError

    def undo_on(self, document: Document) -> Changes:
        raise NotImplementedError
