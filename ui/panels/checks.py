"""The Checks panel: the live list of rule findings, grouped by severity.

After each command only the rows named by the changed finding keys are added,
rewritten or removed (each group keeps a sorted index, so a row lands in its
place by bisection); a new document rebuilds the list. Clicking a finding, or
pressing Enter on it, selects and focuses its people and rocks.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QIcon, QKeyEvent, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.checks.rules import SEVERITIES, Finding, title_of
from ui.core.controller import DocController
from ui.core.deferred import Deferred
from ui.core.plain import tip

GROUP_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Info"}
SEVERITY_COLORS = {"error": "#c0392b", "warning": "#e08e0b", "info": "#3d7dd8"}
FIRST_ROWS = 2_000  # listed with the panel (a plan of 10k people has ~12k findings)
CHUNK_ROWS = 2_000  # then this many per turn of the event loop (~20 ms)


def _dot(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class _WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their message wrapped to the panel's width (QTreeView alone does not re-wrap)."""

    def __init__(self, tree: QTreeWidget):
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802 (Qt override)
        hint = super().sizeHint(option, index)
        depth = 2 if index.parent().isValid() else 1
        width = self.tree.viewport().width() - self.tree.indentation() * depth - 12 - 16  # icon and margins
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        rect = QFontMetrics(option.font).boundingRect(
            QRect(0, 0, max(width, 60), 100_000), Qt.TextFlag.TextWordWrap, text
        )
        return QSize(hint.width(), max(hint.height(), rect.height() + 6))


class ChecksPanel(QWidget):
    """Findings tree; ``items`` maps a finding key to its row."""

    def __init__(self, controller: DocController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.items: dict[tuple[str, ...], QTreeWidgetItem] = {}
        self._shown: dict[tuple[str, ...], Finding] = {}
        self._order: dict[str, list[tuple[Any, tuple[str, ...]]]] = {s: [] for s in SEVERITIES}
        self._pending: set[tuple[str, ...]] = set()
        self._apply = Deferred(self, self._apply_pending, 40)
        self._unlisted: list[tuple[str, list[tuple[Any, tuple[str, ...], Finding]]]] = []  # chunks, last first
        self._list_rest = Deferred(self, self._list_more_soon, 0)

        self.filter_edit = QLineEdit(placeholderText="Filter findings (text or rule)", clearButtonEnabled=True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setIndentation(14)
        # Long messages wrap inside the panel's width instead of scrolling sideways.
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tree.setItemDelegate(_WrapDelegate(self.tree))
        self.tree.viewport().installEventFilter(self)  # re-wrap rows when the width changes
        self.groups: dict[str, QTreeWidgetItem] = {}
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for severity in SEVERITIES:
            group = QTreeWidgetItem(self.tree)
            group.setFont(0, bold)
            group.setIcon(0, _dot(SEVERITY_COLORS[severity]))
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setExpanded(True)
            self.groups[severity] = group
        self._icons = {s: _dot(SEVERITY_COLORS[s]) for s in SEVERITIES}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree)

        self.filter_edit.textChanged.connect(self._apply_filter)
        self.tree.itemClicked.connect(lambda item, _col: self._activate(item))
        self.tree.installEventFilter(self)  # Enter / Return on the current row
        controller.changed.connect(self._on_changed)
        controller.document_replaced.connect(self.rebuild)
        # Another scenario: the board paints first, the list (0.2 s at 12k findings) follows.
        self._rebuild_soon = Deferred(self, self.rebuild, 30)
        controller.scenario_switched.connect(self._rebuild_soon.schedule)
        self.rebuild()

    # ------------------------------------------------------------ updates

    def rebuild(self) -> None:
        """Drop every row and list the current findings (a new document).

        The first FIRST_ROWS rows are listed at once, the rest CHUNK_ROWS at a time in the
        turns of the event loop that follow (118k findings at 100k people take ~1 s to list):
        the board paints and the window answers meanwhile. The group titles count every
        finding from the start; a change or a filter finishes the list first."""
        self._pending.clear()
        for group in self.groups.values():
            group.takeChildren()
        self.items.clear()
        self._shown.clear()
        self._order = {s: [] for s in SEVERITIES}
        # In bulk: sorted once, added to each group in one call per chunk (one by one with
        # a bisect each took 4 s at 30k findings).
        entries: dict[str, list[tuple[Any, tuple[str, ...], Finding]]] = {s: [] for s in SEVERITIES}
        for key, finding in self.controller.analysis.findings.items():
            entries[finding.severity].append((finding.sort_key(), key, finding))
        self._unlisted = []
        for severity, rows in entries.items():
            rows.sort(key=lambda row: (row[0], row[1]))
            self._order[severity] = [(sort_key, key) for sort_key, key, _f in rows]
            self._unlisted += [
                (severity, rows[start : start + CHUNK_ROWS]) for start in range(0, len(rows), CHUNK_ROWS)
            ]
        self._unlisted.reverse()  # taken from the end
        self._list_more(FIRST_ROWS)
        self._update_counts()

    def _list_more(self, budget: int | None = None) -> None:
        """List the next chunks of rows (about ``budget`` rows; None: all of them)."""
        filtering = bool(self.filter_edit.text().strip())
        listed = 0
        while self._unlisted and (budget is None or listed < budget):
            severity, rows = self._unlisted.pop()
            items = []
            for _sort_key, key, finding in rows:
                item = QTreeWidgetItem()
                self._fill(item, finding)
                item.setData(0, Qt.ItemDataRole.UserRole, key)
                self.items[key] = item
                self._shown[key] = finding
                items.append(item)
            self.groups[severity].addChildren(items)
            if filtering:  # hiding works on rows in the tree only
                for item, (_k, _key, finding) in zip(items, rows):
                    item.setHidden(not self._matches(finding))
            listed += len(rows)
        if self._unlisted:
            self._list_rest.schedule()

    def _list_more_soon(self) -> None:
        self._list_more(CHUNK_ROWS)

    def _finish_listing(self) -> None:
        """List every row still waiting (before rows are changed or filtered by position)."""
        if self._unlisted:
            self._list_more(None)

    def _on_changed(self, _changes: Any, keys: set[tuple[str, ...]]) -> None:
        # The board repaints the drop first; the list follows a couple of frames
        # later, once for any burst of changes (re-laying out wrapped rows is the
        # costly part, ~7 ms at 10k findings).
        if keys:
            self._pending |= keys
            self._apply.schedule()

    @property
    def pending(self) -> bool:
        """Whether changed findings (or a whole other scenario's) are waiting to be shown."""
        return bool(self._pending) or self._rebuild_soon.pending or bool(self._unlisted)

    def _apply_pending(self) -> None:
        self._finish_listing()  # rows land by position among all the rows
        keys, self._pending = self._pending, set()
        findings = self.controller.analysis.findings
        for key in keys:
            new = findings.get(key)
            old = self._shown.get(key)
            if new == old:
                continue
            if (
                old is not None
                and new is not None
                and old.severity == new.severity
                and old.sort_key() == new.sort_key()
            ):
                self._shown[key] = new  # same place: rewrite the row in place
                self._fill(self.items[key], new)
                continue
            if old is not None:
                self._remove(key, old)
            if new is not None:
                self._insert(key, new)
        self._update_counts()

    def _insert(self, key: tuple[str, ...], finding: Finding) -> None:
        order = self._order[finding.severity]
        entry = (finding.sort_key(), key)
        index = bisect_left(order, entry)
        insort(order, entry)
        item = QTreeWidgetItem()
        self._fill(item, finding)
        item.setData(0, Qt.ItemDataRole.UserRole, key)
        self.groups[finding.severity].insertChild(index, item)
        self.items[key] = item
        self._shown[key] = finding
        item.setHidden(not self._matches(finding))

    def _remove(self, key: tuple[str, ...], finding: Finding) -> None:
        order = self._order[finding.severity]
        index = bisect_left(order, (finding.sort_key(), key))
        del order[index]
        self.groups[finding.severity].takeChild(index)
        del self.items[key]
        del self._shown[key]

    def _fill(self, item: QTreeWidgetItem, finding: Finding) -> None:
        item.setText(0, finding.message)
        item.setToolTip(0, tip(finding.source))  # the check by its title and the idea behind it
        item.setIcon(0, self._icons[finding.severity])

    def _update_counts(self) -> None:
        filtering = bool(self.filter_edit.text().strip())
        if filtering:
            self._finish_listing()  # counted on the rows
        for severity, group in self.groups.items():
            total = len(self._order[severity])  # every finding, listed yet or not
            if filtering:
                shown = len([i for i in range(total) if not (child := group.child(i)) or not child.isHidden()])
                group.setText(0, f"{GROUP_TITLES[severity]} ({shown} of {total})")
            else:
                group.setText(0, f"{GROUP_TITLES[severity]} ({total})")
            group.setForeground(0, QBrush(QColor(SEVERITY_COLORS[severity] if total else "#888888")))

    # ------------------------------------------------------------- filter

    def _matches(self, finding: Finding) -> bool:
        text = self.filter_edit.text().strip().lower()
        return (
            not text
            or text in finding.message.lower()
            or text in title_of(finding.rule).lower()
            or text in finding.rule  # an id from docs/rules.md still finds its rule
        )

    def _apply_filter(self) -> None:
        self._finish_listing()
        for key, item in self.items.items():
            item.setHidden(not self._matches(self._shown[key]))
        self._update_counts()

    # ------------------------------------------------------------- focus

    def _activate(self, item: QTreeWidgetItem | None) -> None:
        """Select and centre on the finding's subjects, split into people and rocks."""
        if item is None:
            return
        key = item.data(0, Qt.ItemDataRole.UserRole)
        finding = self._shown.get(tuple(key)) if key else None  # PySide may hand the tuple back as a list
        if finding is None:
            return
        plan = self.controller.plan
        people = [s for s in finding.subjects if s in plan.people]
        rocks = [s for s in finding.subjects if s in plan.rocks and s not in plan.people]
        if people or rocks:
            self.controller.focus(people=people, rocks=rocks)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        resized = isinstance(event, QResizeEvent) and event.oldSize().width() != event.size().width()
        if obj is self.tree.viewport() and resized:
            self.tree.doItemsLayout()
        if obj is self.tree and isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._activate(self.tree.currentItem())
            return True
        return super().eventFilter(obj, event)
