"""One runner for intents: an outcome in, one undo step out, the result back to the caller.

Every entry point (a board drop, a key, a menu, the Inspector, a dialog, a
scenario or hire action) gets a command or a Refusal from the planner's intent
functions (planner.editing.operations, planner.whatif.scenarios...) and hands it
to the window's one Runner, which was given to it when it was made:

    runner.intent(outcome, "inspector").failure(field.fail).run()

(Anki's ``CollectionOp(parent, op).success(...).failure(...).run()``). The
runner asks for a move's handoff note, pushes the command onto the undo stack
with its initiator (planner.core.changes: a panel can tell its own edit from
someone else's) and hands a refusal back to the caller's ``failure``. A refusal
no caller takes goes out on ``refused`` for the window to show; a quiet one
(nothing to do) is dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from planner.core.changes import Changes
from planner.core.errors import PlanError
from planner.editing.commands import MoveRocks
from planner.editing.operations import Outcome, Refusal
from ui.core.controller import DocController

SKIP_NOTE_KEY = "board/skip_handoff_note"

Success = Callable[[Changes], object]
Failure = Callable[[Refusal], object]


class Intent:
    """One outcome on its way to the undo stack, with what to do when it lands or is refused."""

    def __init__(self, runner: Runner, outcome: Outcome | None, initiator: str):
        self.runner, self.outcome, self.initiator = runner, outcome, initiator
        self._success: Success | None = None
        self._failure: Failure | None = None

    def success(self, callback: Success) -> Intent:
        """``callback(changes)`` once the command is on the undo stack."""
        self._success = callback
        return self

    def failure(self, callback: Failure) -> Intent:
        """``callback(refusal)`` when the intent or its command is refused (never for a quiet one)."""
        self._failure = callback
        return self

    def run(self) -> bool:
        """Push the command; True if it is on the undo stack now."""
        return self.runner.run(self.outcome, self.initiator, success=self._success, failure=self._failure)


class Runner(QObject):
    """Made once by the window and handed to the views, panels and dialog owners that change the plan."""

    refused = Signal(str)  # a refusal no caller took: the window shows it in full

    def __init__(self, controller: DocController, parent: QWidget | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.c = controller
        self.parent_widget = parent
        self.settings = settings
        self.ask_note = QAction("Ask for a handoff note on moves", self)
        self.ask_note.setCheckable(True)
        self.ask_note.setChecked(settings is not None and not self._skip_note())
        self.ask_note.setEnabled(settings is not None)
        self.ask_note.toggled.connect(self._ask_note_toggled)

    def intent(self, outcome: Outcome | None, initiator: str = "") -> Intent:
        return Intent(self, outcome, initiator)

    def run(
        self,
        outcome: Outcome | None,
        initiator: str = "",
        success: Success | None = None,
        failure: Failure | None = None,
    ) -> bool:
        """Push ``outcome`` as one undo step: say why a refusal refuses, ask a move's handoff note.

        Returns True if a command was pushed (None: nothing to do; a cancelled note: nothing done)."""
        if outcome is None:
            return False
        if isinstance(outcome, Refusal):
            self._refuse(outcome, failure)
            return False
        if isinstance(outcome, MoveRocks):
            ok, note = self.note_for(outcome.rock_ids, outcome.to)
            if not ok:
                return False
            if note:
                outcome.note = note
        try:
            changes = self.c.execute(outcome, initiator)
        except PlanError as e:
            self._refuse(Refusal(str(e)), failure)
            return False
        if success is not None:
            success(changes)
        return True

    def _refuse(self, refusal: Refusal, failure: Failure | None) -> None:
        if refusal.quiet:
            return
        if failure is not None:
            failure(refusal)
        else:
            self.refused.emit(refusal.reason)

    # --------------------------------------------------------- the note

    def _skip_note(self) -> bool:
        if self.settings is None:
            return True  # a view on its own (no window, no settings): moves go without asking
        return self.settings.value(SKIP_NOTE_KEY, False) in (True, "true", "1", 1)

    def _ask_note_toggled(self, on: bool) -> None:
        if self.settings is not None:
            self.settings.setValue(SKIP_NOTE_KEY, not on)

    def note_for(self, rock_ids: list[str], to: str | None) -> tuple[bool, str]:
        """The handoff note popup (skippable; a setting skips it always): (go ahead, note)."""
        if self._skip_note():
            return True, ""
        from ui.core.dialogs import HandoffNoteDialog

        dialog = HandoffNoteDialog(self.c.plan, rock_ids, to, parent=self.parent_widget)
        try:
            if not dialog.exec():
                return False, ""
            if dialog.dont_ask and self.settings is not None:
                self.settings.setValue(SKIP_NOTE_KEY, True)
                self.ask_note.setChecked(False)
            return True, dialog.note
        finally:
            dialog.deleteLater()
