"""The People table: every person as a sortable, filterable row, in step with the board.

Selecting rows selects those people on the board (one person: the board also
goes to their card, opening collapsed teams), and selecting on the board
selects the rows. A cell edit (name, role, team, manager, capacity, status)
becomes the same planner.editing.operations command the Inspector makes,
handed to the window's runner (ui.core.runner) as one undo step; a refusal
comes back here and shows under the filter box, naming the person and field. After a command only the rows its Changes record names are re-read
(planner.checks.people_table.rows_touched); nothing is built while the dock is
hidden, and a hidden table catches up when shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.checks.people_table import STATUS_LABELS, rows_touched
from planner.core.errors import PlanError
from planner.core.text import elide, plural
from planner.editing import operations as ops
from planner.editing.operations import Refusal
from ui.core.controller import DocController
from ui.core.deferred import Deferred
from ui.core.form import PeopleNames
from ui.core.runner import Runner
from ui.panels.people_model import ID_ROLE, PeopleFilter, PeopleModel

INITIATOR = "people"
NO_MANAGER = "(none)"
ERROR_STYLE = "color: #b42318;"
NO_TEAM = "(no team)"
TOGGLE_SHORTCUT = "Ctrl+Shift+P"
FILTER_SHORTCUT = "Ctrl+Shift+F"
FILTER_PAUSE_MS = 150
BIG_TABLE = 3000  # rows: above this the filter waits for a pause in the typing
SIZE_SAMPLE = 300  # rows measured to size the columns (the first ones, not every row of a big plan)
MIN_ROWS = 10  # a People dock shown with fewer rows than this grows (install_people_dock)
DOCK_SHARE = 0.4  # of the window's height: the People dock's size when it grows
Index = QModelIndex | QPersistentModelIndex


class _Editors(QStyledItemDelegate):
    """Cell editors: a list of teams, of statuses, a name with completion for the manager;
    a choice in a list is committed as soon as it is picked."""

    def __init__(self, panel: PeoplePanel):
        super().__init__(panel.table)
        self.panel = panel

    def _field(self, index: Index) -> str:
        model = self.panel.model
        source = self.panel.proxy.mapToSource(index) if isinstance(index, QModelIndex) else QModelIndex()
        return model.columns[source.column()].edit if source.isValid() else ""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802 (Qt override)
        field = self._field(index)
        if field in ("team", "status"):
            combo = QComboBox(parent)
            if field == "team":
                combo.addItem(NO_TEAM, "")
                for team in self.panel.controller.plan.teams.values():
                    combo.addItem(elide(team.name, 60), team.id)
            else:
                for status, label in STATUS_LABELS.items():
                    combo.addItem(label, status)
            combo.activated.connect(lambda _i, c=combo: self._picked(c))
            return combo
        editor = super().createEditor(parent, option, index)
        if field == "manager" and isinstance(editor, QLineEdit):
            names = self.panel.names
            names.index(self.panel.controller.plan)
            completer = QCompleter(names.model, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            editor.setCompleter(completer)
            editor.setPlaceholderText(f"a name, or empty for {NO_MANAGER}")
        return editor

    def _picked(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802 (Qt override)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802 (Qt override)
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class PeoplePanel(QWidget):
    """A filter box over a table of people; ``model`` holds the rows, ``proxy`` filters them."""

    def __init__(self, controller: DocController, parent: QWidget | None = None, runner: Runner | None = None):
        super().__init__(parent)
        self.controller = controller
        # The window's runner (it asks handoff notes); a panel on its own pushes without asking.
        self.runner = runner if runner is not None else Runner(controller, self)
        self.names = PeopleNames(self)
        self.model = PeopleModel(controller, self)
        self.model.edit = self._edit
        self.proxy = PeopleFilter(self.model, self)
        self._pending: set[str] = set()
        self._full = True  # nothing built yet: the first show builds every row
        self._syncing = False  # the table's selection is being set from the controller's
        self.refresh = Deferred(self, self._apply)
        self.refresh.dirty = True
        # In a dock tabbed behind another the panel counts as visible: the dock says when it
        # is in front (install_people_dock), and only then are rows built or updated.
        self.in_front = True

        self.filter_edit = QLineEdit(placeholderText=f"Filter by name, role or team ({FILTER_SHORTCUT})")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_typed)
        # Filtering 10,000 rows takes ~65 ms: a big table waits for a pause in the typing.
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_PAUSE_MS)
        self._filter_timer.timeout.connect(self._filter)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setStyleSheet("color: #666666;")
        self.error_label = QLabel(wordWrap=True)  # why an edit was refused; it names plan text
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self._error_timer = QTimer(self, singleShot=True, interval=15000)
        self._error_timer.timeout.connect(self.error_label.hide)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(_Editors(self))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring at 10k rows
        rows.setDefaultSectionSize(QFontMetrics(self.table.font()).height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setSortIndicatorClearable(True)  # a third click goes back to plan order
        header.setStretchLastSection(False)
        self.table.selectionModel().selectionChanged.connect(self._on_rows_selected)
        self.model.modelReset.connect(self._size_columns)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)

        controller.changed.connect(self._on_changed)
        controller.selection_changed.connect(self._show_selection)
        controller.document_replaced.connect(self._start_over)
        controller.scenario_switched.connect(self._start_over)

    # ------------------------------------------------------------ updates

    def set_in_front(self, front: bool) -> None:
        """The dock's tab came to the front (catch up) or went behind another (stop updating)."""
        self.in_front = front
        if front and self.refresh.dirty:
            self.refresh.schedule()

    def _schedule(self) -> None:
        if self.in_front:
            self.refresh.schedule()
        else:
            self.refresh.dirty = True

    def _start_over(self) -> None:
        self.names.invalidate()
        self.error_label.hide()
        self._full, self._pending = True, set()
        self._schedule()

    def _on_changed(self, changes: Any, _keys: Any) -> None:
        if changes.people:
            self.names.invalidate()
        if self._full:
            self._schedule()
            return
        c = self.controller
        touched = rows_touched(c.plan, c.analysis, changes)
        if touched is None:
            self._full, self._pending = True, set()
        else:
            self._pending |= touched
        if self._full or self._pending:
            self._schedule()

    def _apply(self) -> None:
        """Bring the rows up to date (on the next turn of the event loop, while shown)."""
        if not self.in_front:  # shown, but in a tab behind another: wait for the tab
            self.refresh.dirty = True
            return
        pending, self._pending = self._pending, set()
        self._syncing = True
        try:
            if self._full or len(pending) > max(200, len(self.model.rows) // 4):
                self._full = False
                self.model.reset()
            else:
                self.model.update(pending)
        finally:
            self._syncing = False
        self._show_selection()
        self._show_count()
        # A selected person whose row a sort just moved stays in view (their own edit, a drop on them).
        followed = next((p for p in self.controller.selected_people if p in pending), None)
        row = self.model.row_of(followed) if followed is not None else None
        if row is not None:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                self.table.scrollTo(index)

    def flush(self) -> None:
        """Apply pending changes now (before reading what the table shows)."""
        self.refresh.flush()

    def _size_columns(self) -> None:
        """Each column as wide as its title and the texts of the first rows (SIZE_SAMPLE),
        never wider than its ``chars`` (longer texts are elided, their tooltip shows them):
        short names and numbers leave room for the discipline columns on the right."""
        metrics = QFontMetrics(self.table.font())
        header = self.table.horizontalHeader()
        model = self.model
        sample = min(model.rowCount(), SIZE_SAMPLE)
        for i, column in enumerate(model.columns):
            title = metrics.horizontalAdvance(column.title) + (40 if column.discipline else 30)  # icon, sort arrow
            widest = max(
                (metrics.horizontalAdvance(str(model.index(r, i).data() or "")) for r in range(sample)), default=0
            )
            cap = metrics.averageCharWidth() * column.chars
            header.resizeSection(i, max(title, min(widest, cap) + 16))

    def _show_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        people = plural(total, "person", "people")
        self.count_label.setText(people if shown == total else f"{shown} of {people}")

    # ------------------------------------------------------------ filter

    def _filter_typed(self, _text: str) -> None:
        if len(self.model.rows) > BIG_TABLE:
            self._filter_timer.start()
        else:
            self._filter()

    def _filter(self) -> None:
        self._filter_timer.stop()
        self._syncing = True  # rows hidden by the filter stay selected on the board
        try:
            self.proxy.set_text(self.filter_edit.text())
        finally:
            self._syncing = False
        self._show_selection()
        self._show_count()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # --------------------------------------------------------- selection

    def _on_rows_selected(self, *_args: Any) -> None:
        if self._syncing:
            return
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        pids = [self.proxy.index(r, 0).data(ID_ROLE) for r in rows]
        pids = [p for p in pids if p]
        if len(pids) == 1:
            self.controller.focus(pids, [])  # select and go to the card (opening collapsed teams)
        else:
            self.controller.select(pids, [])

    def _show_selection(self) -> None:
        """Select the rows of the people selected on the board; scroll to the first."""
        if not self.model.built or self._syncing:
            return
        wanted = self.controller.selected_people
        selection = QItemSelection()
        rows: set[int] = set()
        first = None
        last_column = self.proxy.columnCount() - 1
        for pid in wanted:
            row = self.model.row_of(pid)
            if row is None:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if not index.isValid():
                continue  # filtered out
            selection.select(index, index.siblingAtColumn(last_column))
            rows.add(index.row())
            if first is None:
                first = index
        model = self.table.selectionModel()
        if {i.row() for i in model.selectedRows()} == rows:
            return  # already shown (the user's own click)
        self._syncing = True
        try:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            model.select(selection, flags)
            if first is not None:
                model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.table.scrollTo(first)
        finally:
            self._syncing = False

    # ------------------------------------------------------------ edits

    def _edit(self, pid: str, field: str, value: Any) -> bool:
        """A cell edit as planner.editing.operations' command for it, run as one undo step."""
        plan = self.controller.plan
        name = elide(plan.people[pid].name, 60)
        if field == "manager":
            try:
                value = self.names.resolve(plan, str(value or ""), "manager", NO_MANAGER)
            except PlanError as e:  # a name that matches nobody, or two people
                self._refused(name, str(e))
                return False
        outcome = ops.edit_person(plan, pid, field, value)
        if outcome is None or (isinstance(outcome, Refusal) and outcome.quiet):
            return False  # unchanged (or the same value spelled another way)
        intent = self.runner.intent(outcome, INITIATOR)
        return (
            intent.success(lambda _changes: self.error_label.hide())
            .failure(lambda refusal: self._refused(name, refusal.reason))
            .run()
        )

    def _refused(self, name: str, reason: str) -> None:
        """Say under the filter box why an edit changed nothing: "Ben Park: capacity: expected ..."."""
        self.error_label.setText(f"{name}: {reason}")
        self.error_label.show()
        self._error_timer.start()


def install_people_dock(window: Any, panel: PeoplePanel, dock: QDockWidget) -> QAction:
    """The dock's View-menu toggle gets its shortcut (showing it also brings its tab to the front);
    returns a window action that shows the dock and puts the cursor in its filter box."""
    toggle = dock.toggleViewAction()
    toggle.setShortcut(QKeySequence(TOGGLE_SHORTCUT))
    toggle.setStatusTip("Show the People table, or hide it when it is in front")
    toggle.triggered.disconnect()  # a dock tabbed behind another is brought forward, not hidden

    panel.set_in_front(False)
    dock.visibilityChanged.connect(panel.set_in_front)

    def bring_forward() -> None:
        dock.show()
        dock.raise_()
        # In a fresh window the bottom docks share a strip sized for the load chart (two
        # rows of the table): the first time the table is asked for, it takes DOCK_SHARE
        # of the window's height instead; a size the user set later is kept.
        if not grown and not dock.isFloating():
            grown.append(True)
            rows = panel.table.verticalHeader().defaultSectionSize()
            if dock.height() < MIN_ROWS * rows + panel.filter_edit.sizeHint().height() + 40:
                window.resizeDocks([dock], [int(window.height() * DOCK_SHARE)], Qt.Orientation.Vertical)

    grown: list[bool] = []

    def show_or_hide(_checked: bool = False) -> None:
        if dock.isHidden() or not panel.in_front:
            bring_forward()
        else:
            dock.hide()
        toggle.setChecked(not dock.isHidden())

    toggle.triggered.connect(show_or_hide)
    window.addAction(toggle)

    def find() -> None:
        bring_forward()
        panel.focus_filter()

    action = QAction("Find in &people table", window)
    action.setShortcut(QKeySequence(FILTER_SHORTCUT))
    action.setStatusTip("Show the People table and filter it by name, role or team")
    action.triggered.connect(find)
    window.addAction(action)
    return action
