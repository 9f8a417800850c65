"""Errors a user can cause. Each carries a message a person can act on."""

from __future__ import annotations


class PlanError(Exception):
    """Base for every error caused by user input (files, fields, commands)."""

    def __init__(self, message: str, *, source: str = "", details: list[str] | None = None):
        self.source = source
        self.details = list(details or [])
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self)

    def full_text(self) -> str:
        """Message plus one line per detail, as shown in dialogs and on stderr."""
        return "\n".join([str(self), *("  " + d for d in self.details)])


class PlanFileError(PlanError):
    """A plan file that cannot be read: names the file and the JSON path or line/column."""


class PlanImportError(PlanError):
    """A spreadsheet import that failed; ``details`` lists every offending row as file:row."""


class CommandError(PlanError):
    """A change the plan refuses (a reporting cycle, an unknown person...)."""


class FieldError(PlanError):
    """A field value a user typed that is not acceptable; ``field`` names it."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")
