"""Small dialogs that ask the user for a choice and hand it back.

Dialogs never change the plan: the caller reads the result (``.chosen``,
``.note``, ``.effort``...) and pushes a command. The app runs them with
``exec()`` (PersonPicker.ask wraps that); tests ``open()`` them and drive them
with keys and clicks.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import Plan
from planner.core.errors import PlanError
from planner.core.fields import parse_effort, parse_name

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: palette(placeholder-text);"
ROOMY_ROWS = "QListView::item { padding: 3px 4px; }"  # default rows are cramped for reading names
_NAV_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


def _label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # dialogs quote names and titles: plan text
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


def _hint(text: str) -> QLabel:
    return _label(text, HINT_STYLE)


def _ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def person_label(plan: Plan, pid: str, analysis: Any = None) -> str:
    """'Dana Scully — Staff Engineer · Payments · load 85%' (team and load when known)."""
    person = plan.people[pid]
    role = person.role or "no role"
    parts = [f"{person.name} — {role}"]
    team = plan.teams.get(person.team) if person.team else None
    if team is not None and team.name.lower() not in role.lower():  # "PM, Payments" already says it
        parts.append(team.name)
    if analysis is not None and pid in analysis.loads:
        parts.append(f"load {analysis.loads[pid].percent:.0f}%")
    return " · ".join(parts)


# ------------------------------------------------------------ person picker


class PersonPicker(QDialog):
    """A filterable list of people for "Move to..." and "Report to...".

    Typing filters instantly: rows whose name, role or team contain the text come
    first, then rows holding every typed word somewhere ("payments eng");
    Up/Down/PageUp/PageDown move in the list while focus stays in the filter;
    Enter takes the current row, Esc cancels. ``.chosen`` is the person id, or
    None for the optional ``allow_none`` row. Filtering runs in Python over
    prebuilt lowercase strings and swaps a QStringListModel: a few ms at 10k
    people, where a QSortFilterProxyModel took 25-60 ms (measured).
    """

    def __init__(
        self,
        plan: Plan,
        title: str,
        exclude: Collection[str] = frozenset(),
        allow_none: str | None = None,
        parent: QWidget | None = None,
        *,
        analysis: Any = None,
        current: str | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.chosen: str | None = None
        skip = set(exclude)
        self._ids: list[str | None] = []
        self._labels: list[str] = []
        self._hay: list[str] = []
        if allow_none is not None:
            self._ids.append(None)
            self._labels.append(allow_none)
            self._hay.append(allow_none.lower())
        for pid, person in plan.people.items():
            if pid in skip:
                continue
            team = plan.teams.get(person.team) if person.team else None
            self._ids.append(pid)
            self._labels.append(person_label(plan, pid, analysis))
            self._hay.append(f"{person.name}\n{person.role}\n{team.name if team else ''}".lower())
        self._visible: list[int] = list(range(len(self._ids)))  # rows shown, in display order
        self._matched: list[int] = self._visible  # the same rows in plan order
        self._query = ""
        self._total = len(self._ids) - (allow_none is not None)

        layout = QVBoxLayout(self)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Type to filter by name, role or team")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.installEventFilter(self)
        layout.addWidget(self.filter_edit)
        self.model = QStringListModel(self._labels, self)
        self.list_view = QListView()
        self.list_view.setModel(self.model)
        self.list_view.setUniformItemSizes(True)
        self.list_view.setStyleSheet(ROOMY_ROWS)
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep the load at the end visible
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.list_view.doubleClicked.connect(self.accept)
        layout.addWidget(self.list_view, 1)
        self.count_label = _hint("")
        layout.addWidget(self.count_label)
        self.buttons = _ok_cancel(self, "Choose")
        layout.addWidget(self.buttons)
        self.filter_edit.textChanged.connect(self._refilter)
        self.resize(560, 520)

        start = self._ids.index(current) if current in self._ids else 0
        self._set_current(start)
        self._update_count()
        self.filter_edit.setFocus()

    # ------------------------------------------------------------- filtering

    def _refilter(self, text: str) -> None:
        query = text.lower()
        words = query.split()
        # Typing on only narrows: search the rows the previous text matched.
        pool = self._matched if self._query and query.startswith(self._query) else range(len(self._hay))
        matched = list(pool)
        for word in words:
            matched = [i for i in matched if word in self._hay[i]]
        self._query, self._matched = query, matched
        visible = matched
        if len(words) > 1:  # rows holding the text as typed first, then those with every word somewhere
            phrase = " ".join(words)
            first = [i for i in matched if phrase in self._hay[i]]
            visible = first + [i for i in matched if phrase not in self._hay[i]]
        if visible != self._visible:  # "p", "pe", "per" may all match everyone: no reset needed
            self._visible = visible
            self.model.setStringList([self._labels[i] for i in visible])
        self._set_current(0)
        self._update_count()

    def _set_current(self, row: int) -> None:
        if 0 <= row < len(self._visible):
            index = self.model.index(row, 0)
            self.list_view.setCurrentIndex(index)
            self.list_view.scrollTo(index)

    def _update_count(self) -> None:
        shown = len(self._matched) - bool(self._matched and self._ids[self._matched[0]] is None)
        self.count_label.setText(
            f"{self._total:,} people" if shown == self._total else f"{shown:,} of {self._total:,} people match"
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self._visible))

    def visible_ids(self) -> list[str | None]:
        """Ids of the rows the filter currently shows, in order (None = the none row)."""
        return [self._ids[i] for i in self._visible]

    def current_id(self) -> str | None:
        row = self.list_view.currentIndex().row()
        return self._ids[self._visible[row]] if 0 <= row < len(self._visible) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _NAV_KEYS:
                forwarded = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
                self.list_view.keyPressEvent(forwarded)
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        row = self.list_view.currentIndex().row()
        if not 0 <= row < len(self._visible):
            return  # nothing matches the filter: stay open
        self.chosen = self._ids[self._visible[row]]
        super().accept()

    @classmethod
    def ask(
        cls,
        plan: Plan,
        title: str,
        exclude: Collection[str] = frozenset(),
        allow_none: str | None = None,
        parent: QWidget | None = None,
        **kwargs: Any,
    ) -> tuple[bool, str | None]:
        """Run modally; (accepted, chosen id or None). kwargs: analysis, current."""
        dialog = cls(plan, title, exclude, allow_none, parent, **kwargs)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        return ok, dialog.chosen if ok else None


# ------------------------------------------------------------ handoff note


class HandoffNoteDialog(QDialog):
    """Asks for the note that travels with a rock to its new owner.

    "Move with note" (default, Ctrl+Enter) keeps the typed text in ``.note``;
    "Move without note" accepts with an empty note; Cancel rejects.
    """

    def __init__(self, plan: Plan, rock_ids: str | Sequence[str], to: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Handoff note")
        ids = [rock_ids] if isinstance(rock_ids, str) else list(rock_ids)
        rocks = [plan.rocks[r] for r in ids if r in plan.rocks]
        self.note = ""

        def name(pid: str | None) -> str:
            return plan.people[pid].name if pid in plan.people else "nobody (unowned)"

        to_name = name(to)
        if len(rocks) == 1:
            heading = f"Moving '{rocks[0].title}' from {name(rocks[0].owner)} to {to_name}"
            context = rocks[0].context
        else:
            titles = ", ".join(f"'{r.title}'" for r in rocks[:3]) + (
                f" and {len(rocks) - 3} more" if len(rocks) > 3 else ""
            )
            heading = f"Moving {len(rocks)} rocks to {to_name}: {titles}"
            context = "\n\n".join(f"{r.title}: {r.context}" for r in rocks if r.context)

        layout = QVBoxLayout(self)
        self.heading = _label(heading, "font-weight: bold;")
        layout.addWidget(self.heading)
        one = len(rocks) == 1
        if not context:
            layout.addWidget(
                _hint("This rock has no context note yet." if one else "These rocks have no context notes yet.")
            )
        else:
            layout.addWidget(QLabel("Context note (travels with the rock):" if one else "Context notes:"))
        self.context_view = QPlainTextEdit(context)
        self.context_view.setReadOnly(True)
        self.context_view.setMaximumHeight(90)
        self.context_view.setVisible(bool(context))
        layout.addWidget(self.context_view)
        layout.addWidget(
            _label(f"Handoff note for {to_name} (optional):" if to else "Why it is left unowned (optional):")
        )
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("Why it moves, what is in flight, who to ask...")
        self.note_edit.setTabChangesFocus(True)
        layout.addWidget(self.note_edit, 1)
        self.dont_ask_box = QCheckBox("Don't ask again")
        self.dont_ask_box.setToolTip("Move rocks without asking for a note from now on")
        layout.addWidget(self.dont_ask_box)

        self.buttons = QDialogButtonBox()
        self.with_button = self.buttons.addButton("Move with note", QDialogButtonBox.ButtonRole.AcceptRole)
        self.with_button.setToolTip("Ctrl+Enter")
        self.with_button.setDefault(True)
        self.without_button = self.buttons.addButton("Move without note", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.with_button.clicked.connect(self._with_note)
        self.without_button.clicked.connect(self._without_note)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self._with_note)
        self.resize(480, 360)
        self.note_edit.setFocus()

    @property
    def dont_ask(self) -> bool:
        return self.dont_ask_box.isChecked()

    def _with_note(self) -> None:
        self.note = self.note_edit.toPlainText().strip()
        self.accept()

    def _without_note(self) -> None:
        self.note = ""
        self.accept()


# ---------------------------------------------------------- template picker


EMPTY_PLAN_DESCRIPTION = "Start from nothing: no people, rocks or teams. Add them on the board or import a sheet."


class TemplatePicker(QDialog):
    """New plan: the built-in templates plus "Empty plan"; ``.chosen`` is a name or None (empty)."""

    def __init__(self, templates: Sequence[Any] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New plan")
        self.chosen: str | None = None
        problem = ""
        if templates is None:
            try:
                from planner.planfile.templates import list_templates

                templates = list_templates()
            except (ImportError, PlanError, OSError) as e:
                log.warning("templates unavailable: %s", e)
                problem = f"The built-in templates could not be read ({e})."
                templates = []

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Start the new plan from:"))
        self.list_widget = QListWidget()
        self.list_widget.setStyleSheet(ROOMY_ROWS)
        for t in templates:
            item = QListWidgetItem(t.title)
            item.setData(Qt.ItemDataRole.UserRole, t.name)
            item.setData(Qt.ItemDataRole.ToolTipRole, t.description)
            self.list_widget.addItem(item)
        empty = QListWidgetItem("Empty plan")
        empty.setData(Qt.ItemDataRole.UserRole, None)
        empty.setData(Qt.ItemDataRole.ToolTipRole, EMPTY_PLAN_DESCRIPTION)
        self.list_widget.addItem(empty)
        self.list_widget.itemDoubleClicked.connect(self.accept)
        self.list_widget.currentItemChanged.connect(self._show_description)
        layout.addWidget(self.list_widget, 1)
        self.description = _label()
        self.description.setMinimumHeight(3 * self.fontMetrics().lineSpacing())
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.description)
        self.problem_label = _label(problem, ERROR_STYLE)
        self.problem_label.setVisible(bool(problem))
        layout.addWidget(self.problem_label)
        layout.addWidget(_ok_cancel(self, "Create plan"))
        self.list_widget.setCurrentRow(0)
        self.list_widget.setFocus()
        self.resize(440, 380)

    def _show_description(self, item: QListWidgetItem | None) -> None:
        self.description.setText(item.data(Qt.ItemDataRole.ToolTipRole) if item else "")

    def accept(self) -> None:
        item = self.list_widget.currentItem()
        if item is None:
            return
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        super().accept()


# --------------------------------------------------------------- split rock


class SplitRockDialog(QDialog):
    """Split a rock: title, effort (default half) and owner of the new part.

    Values are checked as they are typed with the same parsers the command
    uses; the problem shows under the fields and "Split" stays disabled.
    """

    def __init__(self, plan: Plan, rock_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        rock = plan.rocks[rock_id]
        self.rock = rock
        self.setWindowTitle("Split rock")
        self.title = ""
        self.effort = 0.0
        self.owner: str | None = rock.owner
        self._owner_ids: list[str | None] = [None, *plan.people]

        layout = QVBoxLayout(self)
        owner_name = plan.people[rock.owner].name if rock.owner in plan.people else "nobody"
        layout.addWidget(_label(f"Split '{rock.title}' ({rock.effort:g}% of a week, owned by {owner_name}) in two."))
        form = QFormLayout()
        self.title_edit = QLineEdit(f"{rock.title} (part 2)")
        form.addRow("New part's &title:", self.title_edit)
        self.effort_edit = QLineEdit(f"{rock.effort / 2:g}")
        self.effort_edit.setToolTip("Percent of a week, or a size XS/S/M/L/XL")
        form.addRow("New part's &effort (%):", self.effort_edit)
        self.owner_combo = QComboBox()
        self.owner_combo.setEditable(True)
        self.owner_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Sizing to contents measures every item: slow at 10k people, so size by a typical label.
        self.owner_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.owner_combo.setMinimumContentsLength(32)
        self.owner_combo.addItems(["(unowned)", *(person_label(plan, p) for p in plan.people)])
        self.owner_combo.setCurrentIndex(self._owner_ids.index(rock.owner) if rock.owner in plan.people else 0)
        completer = self.owner_combo.completer()
        if completer is not None:  # an editable combo always has one
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        form.addRow("New part's &owner:", self.owner_combo)
        layout.addLayout(form)
        self.message = _label()  # the split preview, or the problem in red
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message.setMinimumHeight(2 * self.fontMetrics().lineSpacing() + 4)  # room for a wrapped problem
        layout.addWidget(self.message)
        self.buttons = _ok_cancel(self, "Split")
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)
        for edit in (self.title_edit, self.effort_edit):
            edit.textChanged.connect(self._validate)
        self.owner_combo.currentTextChanged.connect(self._validate)
        self._validate()
        self.setMinimumWidth(500)
        self.effort_edit.setFocus()
        self.effort_edit.selectAll()

    def _check(self) -> str:
        """Parse the fields into .title/.effort/.owner; the problem in words, or ''."""
        try:
            self.title = parse_name(self.title_edit.text(), "title")
            self.effort = parse_effort(self.effort_edit.text(), "effort")
        except PlanError as e:
            return str(e)
        if self.effort > self.rock.effort:
            return f"effort: the new part ({self.effort:g}%) cannot be more than '{self.rock.title}' has ({self.rock.effort:g}%)"
        combo = self.owner_combo
        text = combo.currentText()
        index = combo.currentIndex() if combo.itemText(combo.currentIndex()) == text else combo.findText(text)
        if index < 0:
            return "owner: pick a person from the list (type part of a name to search)"
        self.owner = self._owner_ids[index]
        return ""

    def _validate(self) -> bool:
        problem = self._check()
        rock = self.rock
        preview = f"'{rock.title}' keeps {rock.effort - self.effort:g}%; the new part gets {self.effort:g}%."
        self.message.setText(problem or preview)
        self.message.setStyleSheet(ERROR_STYLE if problem else HINT_STYLE)
        self.ok_button.setEnabled(not problem)
        return not problem

    def accept(self) -> None:
        if self._validate():
            super().accept()


# -------------------------------------------------------------------- errors


def show_error(parent: QWidget | None, title: str, message: str, details: str = "", note: str = "") -> QMessageBox:
    """Show an error without blocking (``open``, not ``exec``); returns the box.

    ``details`` (e.g. PlanError.full_text()) goes behind "Show Details..."; ``note`` is a
    line under the message (what the app did about it).
    """
    box = QMessageBox(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file names and plan text
    if note:
        box.setInformativeText(note)
    if details and details.strip() != message.strip():
        box.setDetailedText(details)
    # No style sheet width on the label: QMessageBox sizes itself from the label's own
    # hints, and a forced min-width made it skip wrapping and cut the text ("...at line 1 co").
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
