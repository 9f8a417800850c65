"""Form pieces for the inspector: a field with its inline error line, a row builder,
and the people-name index behind the manager and owner completers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from models import Plan
from planner.core.errors import FieldError

ERROR_STYLE = "color: #c0392b;"


def title_label() -> QLabel:
    label = QLabel(wordWrap=True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a person's name or a rock's title: plan text
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    return label


class Field:
    """One editor: its widget, its error line and the model value it last showed."""

    __slots__ = ("key", "kind", "editor", "error", "shown")

    def __init__(self, key: str, kind: str, editor: Any, error: QLabel):
        self.key, self.kind, self.editor, self.error = key, kind, editor, error
        self.shown: Any = object()  # never equal to a model value: the first show always sets

    def value(self) -> Any:
        if isinstance(self.editor, QComboBox):
            return self.editor.currentData()
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        return self.editor.text()

    def fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def show(self, value: Any) -> None:
        """Display a model value; emits no commit signal (setText / setCurrentIndex are not user edits)."""
        self.shown = value
        self.error.hide()
        e = self.editor
        if isinstance(e, QComboBox):
            e.setCurrentIndex(e.findData(value))
        elif isinstance(e, QPlainTextEdit):
            e.setPlainText(value)
        else:
            e.setText(value)
            if isinstance(e, QLineEdit):
                e.setCursorPosition(0)


def field_box(editor: QWidget, extra: QWidget | None = None, below: QWidget | None = None) -> tuple[QWidget, QLabel]:
    """A form field: the editor (and an extra widget beside it), an optional line
    below, and a hidden red error line that quotes typed text as plain text."""
    box = QWidget()
    v = QVBoxLayout(box)
    v.setContentsMargins(0, 0, 0, 0)
    v.setSpacing(2)
    h = QHBoxLayout()
    h.addWidget(editor, 1)
    if extra is not None:
        h.addWidget(extra)
    v.addLayout(h)
    if below is not None:
        v.addWidget(below)
    error = QLabel()
    error.setWordWrap(True)
    error.setStyleSheet(ERROR_STYLE)
    error.setTextFormat(Qt.TextFormat.PlainText)
    error.hide()
    v.addWidget(error)
    return box, error


class FormBuilder:
    """Adds rows to one form: an editor (plus optional suffix / note) over its hidden red error line.

    ``commit(key)`` runs on Return / focus out (line edits), a user's combo choice, or a
    completer pick; multi-line notes are left to ``watcher`` (an event filter) to commit on focus out.
    """

    def __init__(self, form: QFormLayout, fields: dict[str, Field], commit: Callable[[str], None], watcher: QObject):
        self.form, self.fields, self.commit, self.watcher = form, fields, commit, watcher

    def row(self, key: str, label: str, kind: str, editor: QWidget, extra: Any = None, below: Any = None) -> Field:
        box, error = field_box(editor, extra, below)
        self.form.addRow(label, box)
        field = self.fields[key] = Field(key, kind, editor, error)
        commit = self.commit
        if isinstance(editor, QLineEdit):
            editor.editingFinished.connect(lambda: commit(key))
        elif isinstance(editor, QComboBox):
            editor.activated.connect(lambda _i: commit(key))  # user choices only, never setCurrentIndex
        elif isinstance(editor, QPlainTextEdit):
            editor.installEventFilter(self.watcher)
        return field

    def line(self, key: str, label: str, placeholder: str = "", extra: QWidget | None = None) -> Field:
        return self.row(key, label, "line", QLineEdit(placeholderText=placeholder), extra)

    def people(self, key: str, label: str, none: str, names: QStringListModel) -> Field:
        edit = QLineEdit(placeholderText=none, clearButtonEnabled=True)
        completer = QCompleter(names, edit, caseSensitivity=Qt.CaseSensitivity.CaseInsensitive, filterMode=Qt.MatchFlag.MatchContains)
        commit = self.commit
        completer.activated.connect(lambda _text: commit(key))
        edit.setCompleter(completer)
        edit.installEventFilter(self.watcher)  # the name list is (re)built when the field gets focus
        return self.row(key, label, "people", edit)

    def combo(self, key: str, label: str, choices: tuple[str, ...] = ()) -> Field:
        combo = QComboBox()
        for choice in choices:
            combo.addItem(choice.capitalize(), choice)
        return self.row(key, label, "combo", combo)

    def readonly(self, key: str, label: str) -> Field:
        shown = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse, textFormat=Qt.TextFormat.PlainText)
        return self.row(key, label, "label", shown)


class PeopleNames:
    """Names offered by the people completers, and typed names resolved to person ids.

    Built on demand (a people field gets focus, or a name is committed) and dropped
    after any change to people, so a command costs nothing here even at 10,000 people.
    """

    def __init__(self, parent: QObject):
        self.model = QStringListModel(parent)
        self._index: dict[str, str] | None = None

    def invalidate(self) -> None:
        self._index = None

    def index(self, plan: Plan) -> dict[str, str]:
        """Completer labels -> ids: a name, or "Name (id)" when two people share it."""
        if self._index is None:
            counts: dict[str, int] = {}
            for p in plan.people.values():
                counts[p.name] = counts.get(p.name, 0) + 1
            self._index = {
                (p.name if counts[p.name] == 1 else f"{p.name} ({p.id})"): p.id for p in plan.people.values()
            }
            self.model.setStringList(sorted(self._index, key=str.lower))
        return self._index

    def resolve(self, plan: Plan, text: str, field: str, none: str) -> str | None:
        """A person id for a typed name, label or id; empty (or ``none``) is nobody; raises FieldError."""
        text = text.strip()
        if not text or text == none:
            return None
        index = self.index(plan)
        if text in index:
            return index[text]
        if text in plan.people:
            return text
        folded = text.lower()
        matches = [pid for label, pid in index.items() if label.lower() == folded]
        if len(matches) == 1:
            return matches[0]
        named = [p for p in plan.people.values() if p.name.lower() == folded]
        if len(named) > 1:
            raise FieldError(field, f'{len(named)} people are called "{text}"; pick one from the list ("Name (id)")')
        raise FieldError(field, f'no person called "{text}"; expected a name from the list, or empty for {none}')
