"""A plan being edited: plan + analysis + the one change hook, and the Command protocol.

Every command runs through ``run``/``revert``; after each, the analysis is
brought up to date from the command's Changes record and listeners are told
(planner's equivalent of Anki's operation_did_execute). The Document holds no
undo history: that is the GUI's QUndoStack (ui/core/controller.py), whose
adapter calls ``run`` and ``revert``; the CLI applies single commands and keeps
no history.

Every command takes the Document, through one protocol (``Command.apply`` and
``Command.undo``): a plan edit works on ``document.plan``, a scenario command
on the book and the scenario shown. A Document is cheap to make (its analysis is
built when first asked for), so the CLI and the what-if simulations wrap a bare
plan in one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path

from models import BASELINE, Plan
from planner.checks.analysis import Analysis, Key
from planner.core.changes import SCENARIO, SETTINGS, Changes

Listener = Callable[[Changes, set[Key]], None]


class Command(ABC):
    """One undoable change with a human label ("Move 'Pricing' to Dana").

    ``apply`` checks its preconditions before touching anything, so a refused
    command (PlanError) leaves the document exactly as it was; ``undo`` puts
    back what ``apply`` changed. Both return the Changes record of what they touched."""

    label: str = ""

    @abstractmethod
    def apply(self, document: Document) -> Changes:
        """Make the change (raises PlanError, changing nothing, if refused)."""

    @abstractmethod
    def undo(self, document: Document) -> Changes:
        """Take the change back."""


class Document:
    """``book`` is the plan as saved: the baseline with its scenarios. ``plan`` is
    the one being shown and edited (``active``), ``analysis`` its analysis."""

    def __init__(self, plan: Plan, path: str | Path | None = None, analysis: Analysis | None = None):
        self.book = plan
        self.active = BASELINE
        self.path = Path(path) if path else None
        # Analyses of the plans shown, made when first asked for: only the active plan is
        # ever edited, so a cached one stays exact and switching back costs nothing.
        self.analyses: dict[str, Analysis] = {} if analysis is None else {BASELINE: analysis}
        self.listeners: list[Listener] = []

    @property
    def plan(self) -> Plan:
        return self.book if self.active == BASELINE else self.book.scenarios[self.active]

    @property
    def analysis(self) -> Analysis:
        """The analysis of the plan shown."""
        return self.analysis_of(self.active)

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

    def run(self, command: Command, initiator: str = "") -> Changes:
        """Apply a command and fire the change hook (raises PlanError if refused)."""
        self._before()
        return self._after(command.apply(self), initiator)

    def revert(self, command: Command, initiator: str = "") -> Changes:
        self._before()
        return self._after(command.undo(self), initiator)

    def _before(self) -> None:
        if self.listeners:  # they are told which findings changed: that needs the analysis from before
            self.analysis_of(self.active)

    def _after(self, changes: Changes, initiator: str) -> Changes:
        changes.initiator = initiator
        if changes.has(SCENARIO):
            # Another plan on screen: every view starts over (the SCENARIO kind says so), so its
            # findings are not also listed one by one as changed: the switch is news once.
            changed: set[Key] = set()
        elif self.active in self.analyses:
            changed = self.analyses[self.active].update(changes)
        else:
            changed = set()  # nobody has asked for the analysis yet: it is made from the plan as it is now
        if changes.settings:  # scenarios share the settings: other cached analyses are stale now
            for name in [n for n in self.analyses if n != self.active]:
                del self.analyses[name]
        for listener in list(self.listeners):
            listener(changes, changed)
        return changes

    def settings_changed(self) -> None:
        self.plan.settings_changed()
        self._after(Changes(kinds={SETTINGS}), "")
