"""The people table's Qt model: one row per person, kept in order by bisection.

Rows come from planner.checks.people_table. The model keeps its own order (plan
order, or the column the user sorted by): sorting is a Python key sort (~50 ms
at 10,000 people, where QSortFilterProxyModel's own sort would call ``data()``
some 270,000 times), and an updated row moves to its new place by bisection, so
a rock move at 10,000 people re-reads two rows (tests/benchmarks/bench_people_table.py).
The proxy in front (``PeopleFilter``) only filters, with Qt's own
regular-expression filter over a search role, so no Python runs per row while
the filter box is empty.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPixmap

from planner.checks.people_table import PersonRow, filter_words, people_rows, person_row
from planner.core.text import elide
from ui.core.controller import DocController
from ui.core.plain import tip

SEARCH_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # name, role and team folded: what the filter reads
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # the person's id
DISPLAY, EDIT, TOOLTIP = (
    int(Qt.ItemDataRole.DisplayRole),
    int(Qt.ItemDataRole.EditRole),
    int(Qt.ItemDataRole.ToolTipRole),
)
ALIGN, FOREGROUND = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.ForegroundRole)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
OVER_COLOR = QColor("#b42318")  # the board's overload red
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # a fixed column's name, or a discipline id (``discipline`` set)
    title: str
    tip: str
    edit: str = ""  # the person field an edit of this column sets ("" read-only)
    numeric: bool = False
    chars: int = 10  # a starting width, in average characters
    discipline: bool = False


FIXED = (
    Column("name", "Name", "The person's name (double-click or F2 to rename)", "name", chars=24),
    Column("role", "Role", "Job title (double-click or F2 to edit)", "role", chars=28),
    Column("family", "Family", "Role family the checks read from the title", chars=17),
    Column("team", "Team", "Team (double-click or F2 to pick another)", "team", chars=14),
    Column("manager", "Manager", "Whom they report to (double-click or F2, type a name)", "manager", chars=16),
    Column("load", "Load", "Effort of the rocks they own, as a share of their capacity", numeric=True, chars=6),
    Column("capacity", "Capacity", "Percent of a full-time week (double-click or F2 to edit)", "capacity", True, 7),
    Column("rocks", "Rocks", "Active rocks they own", numeric=True, chars=5),
    Column("status", "Status", "Active, planned hire or open role; overloaded as the checks say", "status", chars=24),
)
# Short headers for the built-in disciplines (the full label is the header's tooltip).
SHORT_TITLES = {
    "marketing": "Marketing",
    "strategy": "Strategy",
    "operations": "Ops",
    "product": "Product",
    "project": "Project",
    "design": "Design",
}


class _Desc:
    """A sort key read backwards (a descending column), with ties still in plan order."""

    __slots__ = ("v",)

    def __init__(self, v: Any):
        self.v = v

    def __lt__(self, other: _Desc) -> bool:
        return bool(other.v < self.v)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and bool(self.v == other.v)

    __hash__ = None  # type: ignore[assignment]


def _percent(value: float) -> str:
    return f"{value:.0f}%"


class PeopleModel(QAbstractTableModel):
    """Rows of planner.checks.people_table over the controller's plan; ``edit(pid, field, value)``
    is called for an edit (the panel turns it into an operation) and says whether it was made."""

    def __init__(self, controller: DocController, parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self.rows: list[PersonRow] = []
        self.columns: list[Column] = list(FIXED)
        self.edit: Callable[[str, str, Any], bool] = lambda _pid, _key, _value: False
        self._keys: list[tuple[Any, int]] = []  # sort key of each row, ascending: rows[i] <-> _keys[i]
        self._key_of: dict[str, tuple[Any, int]] = {}
        self._seq: dict[str, int] = {}  # plan order, the tie-break of every sort
        self._next_seq = 0
        self._sort_column, self._order = -1, Qt.SortOrder.AscendingOrder
        self._icons: dict[str, QIcon] = {}
        self.built = False
        self.filtered = False  # the proxy in front hides rows (see _move)

    # ------------------------------------------------------------ reading

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else len(self.columns)

    def row_of(self, pid: str) -> int | None:
        key = self._key_of.get(pid)
        return None if key is None else bisect_left(self._keys, key)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # Called for every painted cell and, with a filter typed, for every row: roles are
        # compared as plain ints, the commonest first.
        if role == DISPLAY:
            return self.text(self.rows[index.row()], self.columns[index.column()])
        if role == SEARCH_ROLE:
            return self.rows[index.row()].search
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == ALIGN:
            return RIGHT if column.numeric or column.discipline else LEFT
        if role == FOREGROUND:
            return OVER_COLOR if row.overloaded and column.key in ("load", "status") else None
        if role == EDIT:
            return self._edit_value(row, column)
        if role == TOOLTIP:
            return self._tip(row, column)
        if role == ID_ROLE:
            return row.id
        return None

    def text(self, row: PersonRow, column: Column) -> str:
        """What a cell shows (plain text: the view never renders it as markup)."""
        if column.discipline:
            share = row.by_discipline.get(column.key, 0.0)
            return _percent(share) if share else ""
        key = column.key
        if key == "load":
            return _percent(row.load)
        if key == "capacity":
            return f"{row.capacity:g}%"
        if key == "rocks":
            return str(row.rocks)
        if key == "family":
            return row.family_label
        if key == "status":
            return row.status_text
        return str(getattr(row, key))

    def sort_value(self, row: PersonRow, column: Column) -> Any:
        if column.discipline:
            return row.by_discipline.get(column.key, 0.0)
        key = column.key
        if key in ("load", "capacity", "rocks"):
            return getattr(row, key)
        if key == "status":
            return (row.status != "active", row.status, -row.load)
        return self.text(row, column).casefold()

    def _edit_value(self, row: PersonRow, column: Column) -> Any:
        person = self.controller.plan.people.get(row.id)
        if person is None or not column.edit:
            return self.text(row, column)
        if column.edit == "capacity":
            return f"{person.capacity:g}"
        if column.edit == "team":
            return person.team or ""
        if column.edit == "manager":
            return row.manager
        return getattr(person, column.edit)

    def _tip(self, row: PersonRow, column: Column) -> str | None:
        if column.key == "load" or column.discipline:
            return tip(self.load_text(row))  # custom discipline labels are plan text
        if column.key in ("name", "role", "team", "manager"):
            text = self.text(row, column)
            return tip(text) if len(text) > column.chars else None
        if column.key == "status":
            if row.overloaded:
                return tip(f"{row.status_text}: the Overload check fires for this person (see the Checks panel)")
            return tip(row.status_text) if len(row.status_text) > column.chars else None
        return None

    def load_text(self, row: PersonRow) -> str:
        """'85% of capacity (85% of a week, capacity 100%): Technical product mgmt 45%, ...'."""
        table = self.controller.plan.discipline_table.disciplines
        parts = [
            f"{table[d].label if d in table else d} {_percent(share)}"
            for d, share in sorted(row.by_discipline.items(), key=lambda item: -item[1])
        ]
        head = f"{_percent(row.load)} of capacity ({row.effort:g}% of a week, capacity {row.capacity:g}%)"
        return head + (": " + ", ".join(parts) if parts else "")

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802 (Qt override)
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(column.tip)
        if role == Qt.ItemDataRole.DecorationRole and column.discipline:
            return self._icons.get(column.key)
        if role == Qt.ItemDataRole.TextAlignmentRole and (column.numeric or column.discipline):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # ------------------------------------------------------------ editing

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()].edit:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 (Qt override)
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.columns[index.column()]
        if not column.edit:
            return False
        return self.edit(self.rows[index.row()].id, column.edit, value)

    # ----------------------------------------------------------- building

    def _columns_for_plan(self) -> list[Column]:
        out = list(FIXED)
        self._icons = {}
        for d in self.controller.plan.discipline_table.disciplines.values():
            title = SHORT_TITLES.get(d.id) or elide(d.label.split(" / ")[0], 16)
            about = f"{d.label}: effort as a share of capacity (the parts add up to Load)"
            out.append(Column(d.id, title, about, chars=6, discipline=True))
            swatch = QPixmap(10, 10)
            swatch.fill(QColor(d.color))
            self._icons[d.id] = QIcon(swatch)
        return out

    def reset(self) -> None:
        """Every row again (a new plan, a scenario switch, settings): the sort is kept."""
        c = self.controller
        self.beginResetModel()
        self.columns = self._columns_for_plan()
        if self._sort_column >= len(self.columns):
            self._sort_column = -1
        self.rows = people_rows(c.plan, c.analysis)
        self._seq = {pid: i for i, pid in enumerate(c.plan.people)}
        self._next_seq = len(self._seq)
        self._order_rows()
        self.built = True
        self.endResetModel()

    def _key(self, row: PersonRow) -> tuple[Any, int]:
        seq = self._seq[row.id]
        if self._sort_column < 0:
            return (0, seq)
        value = self.sort_value(row, self.columns[self._sort_column])
        return (_Desc(value) if self._order == Qt.SortOrder.DescendingOrder else value, seq)

    def _order_rows(self) -> None:
        keyed = sorted(((self._key(r), r) for r in self.rows), key=lambda kr: kr[0])
        self.rows = [r for _, r in keyed]
        self._keys = [k for k, _ in keyed]
        self._key_of = {r.id: k for k, r in keyed}

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column`` (-1: plan order); selections and the current row follow."""
        if (column, order) == (self._sort_column, self._order):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [(self.rows[i.row()].id, i.column()) if i.isValid() else None for i in before]
        self._sort_column, self._order = column if column < len(self.columns) else -1, order
        self._order_rows()
        after = []
        for held in ids:
            row = self.row_of(held[0]) if held is not None else None
            after.append(self.index(row, held[1]) if held is not None and row is not None else QModelIndex())
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def update(self, pids: Iterable[str]) -> None:
        """Re-read the rows of ``pids``: a gone person's row goes, a new one lands in its place,
        a changed one is rewritten and, if the sort says so, moved (the panel shows the selection
        again afterwards)."""
        c = self.controller
        plan, analysis = c.plan, c.analysis
        last = len(self.columns) - 1
        for pid in pids:
            old_key = self._key_of.get(pid)
            if pid not in plan.people:
                if old_key is not None:
                    self._remove(pid, old_key)
                continue
            row = person_row(plan, analysis, pid)
            if old_key is None:
                if pid not in self._seq:  # new: after everyone in plan order
                    self._seq[pid] = self._next_seq
                    self._next_seq += 1
                self._insert(row)
                continue
            key = self._key(row)
            at = bisect_left(self._keys, old_key)
            if key != old_key:
                at = self._move(at, row, key)
            self.rows[at] = row
            self.dataChanged.emit(self.index(at, 0), self.index(at, last))

    def _remove(self, pid: str, key: tuple[Any, int]) -> None:
        at = bisect_left(self._keys, key)
        self.beginRemoveRows(QModelIndex(), at, at)
        del self.rows[at], self._keys[at], self._key_of[pid]
        self.endRemoveRows()

    def _insert(self, row: PersonRow) -> None:
        key = self._key(row)
        at = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.insert(at, row)
        self._keys.insert(at, key)
        self._key_of[row.id] = key
        self.endInsertRows()

    def _move(self, at: int, row: PersonRow, key: tuple[Any, int]) -> int:
        """Move the row at ``at`` to where ``key`` sorts; returns its new index.

        The proxy takes ``beginMoveRows`` as a layout change: cheap in C++ alone (5 ms at 10,000
        rows), but with a filter typed it filters every row again through ``data()`` (100 ms).
        Then the row is taken out and put back instead, which the proxy maps row by row (a
        removal in a 10,000-row view costs ~30 ms, in a filtered one next to nothing)."""
        before = bisect_left(self._keys, key)  # where it goes, counted with the row still in place
        new = before - 1 if before > at else before
        if new == at:
            self._keys[at] = key
            self._key_of[row.id] = key
            return at
        if not self.filtered:
            self.beginMoveRows(QModelIndex(), at, at, QModelIndex(), before)
        else:
            self.beginRemoveRows(QModelIndex(), at, at)
        del self.rows[at], self._keys[at]
        if self.filtered:
            self.endRemoveRows()
            self.beginInsertRows(QModelIndex(), new, new)
        self.rows.insert(new, row)
        self._keys.insert(new, key)
        self._key_of[row.id] = key
        if self.filtered:
            self.endInsertRows()
        else:
            self.endMoveRows()
        return new


class PeopleFilter(QSortFilterProxyModel):
    """Filters rows by words typed (each in the name, role or team); sorting is the source model's."""

    def __init__(self, model: PeopleModel, parent: QObject | None = None):
        super().__init__(parent)
        self.setSourceModel(model)
        self.people = model
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterKeyColumn(0)
        self.setDynamicSortFilter(True)  # a changed row is filtered again

    def set_text(self, text: str) -> None:
        """Show the rows whose name, role or team hold every word of ``text`` (any case)."""
        words = filter_words(text)
        self.people.filtered = bool(words)
        pattern = "".join(f"(?=.*{re.escape(w)})" for w in words)
        options = (
            QRegularExpression.PatternOption.DotMatchesEverythingOption
            | QRegularExpression.PatternOption.UseUnicodePropertiesOption
        )
        self.setFilterRegularExpression(QRegularExpression(f"^{pattern}" if words else "", options))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.people.sort(column, order)  # the proxy itself never sorts: it keeps the model's order
