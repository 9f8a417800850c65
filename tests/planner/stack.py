"""QUndoStack's semantics without Qt, for the Qt-free command tests.

The app's one undo stack is Qt's (ui/core/controller.py); this mirror lets the
property tests push, undo and redo long command sequences through the same
Document.run/revert path in plain pytest.
"""

from __future__ import annotations

from planner.core.changes import Changes
from planner.editing.commands import Command
from planner.editing.document import Document


class CommandStack:
    """push / undo / redo / clean state, as QUndoStack does them."""

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
