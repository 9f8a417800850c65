"""Compare two scenarios: the review headline, every difference as a row, both totals side by side.

A dock of the main window (the bottom area, a tab beside Load and History), so
the board stays in sight while a row selects what it names there; Close (or
the dock's own button) hides it. It reuses the live analyses
(Document.analysis_of) so comparing costs one planner.whatif.diff.compare; a row
names its people and rocks, and selecting it selects them on the board
(switching to the scenario that holds them when the shown one does not).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import BASELINE, Plan
from planner.checks.rules import title_of
from planner.core.changes import SCENARIO, SCENARIOS, Changes
from planner.core.text import elide
from planner.whatif import scenarios as sc
from planner.whatif.diff import (
    METRIC_LABELS,
    PLANNED_METRICS,
    Edit,
    Item,
    PlanDiff,
    compare,
    metric_text,
    planned_shown,
)
from planner.whatif.diff import METRICS as DIFF_METRICS
from planner.whatif.scenarios import label_of
from ui.core.controller import DocController
from ui.core.deferred import Deferred
from ui.core.plain import tip

ROW_LIMIT = 1000  # rows per section; the rest is counted in one last row
SUBJECTS = Qt.ItemDataRole.UserRole  # (people ids, rock ids) a row is about
METRICS = tuple((name, METRIC_LABELS[name]) for name in DIFF_METRICS)  # (summary key, row label)


class CompareView(QWidget):
    """Pick A and B (default: the baseline and the one shown) and read what differs.

    Given the main window as ``parent``, it lives in a dock there (``.dock``); otherwise
    it is a window of its own."""

    def __init__(self, controller: DocController, switch: Callable[[str], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compare_view")
        self.setWindowTitle("Compare scenarios")
        self.dock: QDockWidget | None = None
        if isinstance(parent, QMainWindow):
            self.dock = _dock(parent, self)
        else:
            self.setWindowFlag(Qt.WindowType.Window)
        self.c = controller
        self.switch = switch
        self.diff: PlanDiff | None = None
        self._shown_key: tuple = ()
        self._filling = False

        self.combo_a, self.combo_b = QComboBox(self), QComboBox(self)
        self.combo_a.setObjectName("compare_a")
        self.combo_b.setObjectName("compare_b")
        swap = QToolButton(self)
        swap.setText("⇄")
        swap.setToolTip("Swap A and B")
        swap.clicked.connect(self._swap)
        picks = QHBoxLayout()
        for text, widget in (("A:", self.combo_a), ("B:", self.combo_b)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            picks.addWidget(label)
            picks.addWidget(widget, 1)
            if widget is self.combo_a:
                picks.addWidget(swap)
        close = QPushButton("Close", self)
        close.setObjectName("compare_close")
        close.setToolTip("Hide the comparison (Scenario > Compare scenarios... brings it back)")
        close.clicked.connect(self.close_view)
        picks.addWidget(close)
        for combo in (self.combo_a, self.combo_b):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
            combo.activated.connect(lambda _i: self.refresh())

        self.headline = QLabel(self)
        self.headline.setObjectName("compare_headline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)  # names are plan text
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("compare_list")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.currentItemChanged.connect(lambda item, _prev: self._activate(item))
        self.tree.itemClicked.connect(lambda item, _col: self._activate(item))

        self.table = QTableWidget(len(METRICS), 2, self)
        self.table.setObjectName("compare_totals")
        self.table.setVerticalHeaderLabels([label for _, label in METRICS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.tree)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(picks)
        layout.addWidget(self.headline)
        layout.addWidget(split, 1)
        self.resize(980, 560)

        self._refresh = Deferred(self, self._refresh_if_changed, 300)
        controller.changed.connect(self._on_changed)
        controller.document_replaced.connect(self._on_replaced)

    # ------------------------------------------------------------ choose

    def _fill_combos(self, a: str | None = None, b: str | None = None) -> None:
        names = sc.names(self.c.book)
        for combo, wanted in ((self.combo_a, a), (self.combo_b, b)):
            current = wanted if wanted is not None else combo.currentData()
            combo.clear()
            for i, name in enumerate(names):
                combo.addItem(label_of(name), name)
                combo.setItemData(i, tip(name), Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(current)))

    def open_defaults(self) -> None:
        """Show the window comparing the baseline with the scenario shown (or the first one)."""
        document = self.c.document
        b = document.active
        if b == BASELINE and document.book.scenarios:
            b = next(iter(document.book.scenarios))
        self._fill_combos(BASELINE, b)
        self.refresh()
        if self.dock is not None:
            self.dock.show()
            self.dock.raise_()  # its tab in front
        else:
            self.show()
            self.raise_()
            self.activateWindow()
        self.tree.setFocus()

    def close_view(self) -> None:
        (self.dock or self).close()

    def names(self) -> tuple[str, str]:
        return self.combo_a.currentData() or BASELINE, self.combo_b.currentData() or BASELINE

    def _swap(self) -> None:
        a, b = self.names()
        self._fill_combos(b, a)
        self.refresh()

    # ----------------------------------------------------------- refresh

    def _key(self) -> tuple:
        """What the shown diff was computed from: names and the plans' identities."""
        out: list[Any] = []
        for name in self.names():
            try:
                plan = self.c.document.scenario(name)
            except KeyError:
                return ()
            out += [name, id(plan.people), id(plan.rocks), id(plan.teams)]
        return tuple(out)

    def _on_changed(self, changes: Changes, _keys: Any) -> None:
        if changes.kinds <= {SCENARIO, SCENARIOS}:
            if changes.has(SCENARIOS):  # names may have come or gone: keep the picks that still exist
                self._fill_combos()
                self._refresh.schedule()
            return
        if self.c.document.active in self.names():  # an edit to A or B
            self._shown_key = ()
            self._refresh.schedule()

    def _on_replaced(self) -> None:
        if self.isVisible():
            self.open_defaults()
        else:
            self._shown_key = ()

    def _refresh_if_changed(self) -> None:
        if self._key() != self._shown_key:
            self.refresh()

    def refresh(self) -> None:
        """Compare A with B now and show it."""
        document = self.c.document
        a, b = self.names()
        self.diff = diff = compare(
            document.scenario(a),
            document.scenario(b),
            label_of(a),
            label_of(b),
            document.analysis_of(a),
            document.analysis_of(b),
        )
        self._shown_key = self._key()
        if a == b:
            self.headline.setText("A and B are the same scenario: pick two to compare.")
        else:
            self.headline.setText(diff.review_text().split("\n", 1)[0])
        self._fill_list(diff, document.analysis_of(a).findings, document.analysis_of(b).findings)
        self._fill_totals(diff)

    def _fill_list(self, d: PlanDiff, findings_a: dict, findings_b: dict) -> None:
        tree = self.tree
        self._filling = True
        tree.blockSignals(True)
        tree.clear()
        plan_a, plan_b = (self.c.document.scenario(n) for n in self.names())
        known_people = plan_a.people.keys() | plan_b.people.keys()
        known_rocks = plan_a.rocks.keys() | plan_b.rocks.keys()

        def section(title: str, rows: Iterable[tuple[str, list[str], list[str]]]) -> None:
            rows = list(rows)
            if not rows:
                return
            head = QTreeWidgetItem(tree, [f"{title} ({len(rows)})"])
            bold = QFont(head.font(0))
            bold.setBold(True)
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for text, people, rocks in rows[:ROW_LIMIT]:
                item = QTreeWidgetItem(head, [text])
                item.setData(0, SUBJECTS, (people, rocks))
                item.setToolTip(0, tip(text))
            if len(rows) > ROW_LIMIT:
                QTreeWidgetItem(head, [f"… and {len(rows) - ROW_LIMIT} more"]).setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setExpanded(True)

        who = d.who
        section(
            "Rocks moved",
            ((f"{elide(m.title)}: {who(m.from_)} -> {who(m.to)}", [], [m.rock]) for m in d.rocks_moved),
        )

        def rocks(items: list[Item]) -> Iterable[tuple[str, list[str], list[str]]]:
            return ((elide(i.name), [], [i.id]) for i in items)

        def people(items: list[Item]) -> Iterable[tuple[str, list[str], list[str]]]:
            return ((elide(i.name), [i.id], []) for i in items)

        def edits(items: list[Edit], rock: bool = False) -> Iterable[tuple[str, list[str], list[str]]]:
            for e in items:
                old, new = e.old, e.new
                if e.field in ("effort", "capacity"):
                    old, new = f"{old:g}%", f"{new:g}%"
                else:
                    old, new = elide(str(old if old is not None else "-"), 40), elide(str(new or "-"), 40)
                yield f"{elide(e.name)}: {e.field} {old} -> {new}", ([] if rock else [e.id]), ([e.id] if rock else [])

        section("Rocks dropped", rocks(d.rocks_dropped))
        section("Rocks restored", rocks(d.rocks_restored))
        section("Rocks added", rocks(d.rocks_added))
        section("Rocks removed", rocks(d.rocks_removed))
        section("Rocks edited", edits(d.rocks_edited, rock=True))
        section("People added", people(d.people_added))
        section("People removed", people(d.people_removed))
        section(
            "People re-parented",
            ((f"{elide(e.name)}: reports to {who(e.old)} -> {who(e.new)}", [e.id], []) for e in d.people_reparented),
        )
        section("Capacity changes", edits(d.capacity_changes))
        section("People changed", edits([*d.role_changes, *d.status_changes, *d.people_renamed]))

        def findings(deltas: list, table: dict, new: bool) -> Iterable[tuple[str, list[str], list[str]]]:
            for f in deltas:
                finding = table.get(f.key)
                subjects = finding.subjects if finding is not None else ()
                text = f"{title_of(f.rule)}: {elide((f.new if new else f.old) or '', 160)}"
                yield text, [s for s in subjects if s in known_people], [s for s in subjects if s in known_rocks]

        section("Findings resolved", findings(d.findings_resolved, findings_a, False))
        section("Findings introduced", findings(d.findings_introduced, findings_b, True))
        section("Findings changed", findings(d.findings_changed, findings_b, True))
        if tree.topLevelItemCount() == 0:
            QTreeWidgetItem(tree, ["No differences."]).setFlags(Qt.ItemFlag.ItemIsEnabled)
        tree.blockSignals(False)
        self._filling = False

    def _fill_totals(self, d: PlanDiff) -> None:
        a, b = self.names()
        self.table.setHorizontalHeaderLabels([f"A: {label_of(a)}", f"B: {label_of(b)}"])
        totals_a, totals_b = d.totals.get("a", {}), d.totals.get("b", {})
        planned = planned_shown(d.totals)  # else the "once planned hires start" rows repeat today's
        for row, (name, _label) in enumerate(METRICS):
            self.table.setRowHidden(row, name in PLANNED_METRICS and not planned)
            va, vb = totals_a.get(name), totals_b.get(name)
            for col, value in enumerate((va, vb)):
                cell = QTableWidgetItem(
                    metric_text(name, value) if name in (totals_a if col == 0 else totals_b) else "-"
                )
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if va != vb:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(row, col, cell)

    # ------------------------------------------------------------ select

    def _activate(self, item: QTreeWidgetItem | None) -> None:
        """Select a row's people and rocks on the board, switching scenario if only the other holds them."""
        if item is None or self._filling:
            return
        subjects = item.data(0, SUBJECTS)
        if not subjects:
            return
        people, rocks = list(subjects[0]), list(subjects[1])
        document = self.c.document

        def holds(plan: Plan) -> bool:
            return any(p in plan.people for p in people) or any(r in plan.rocks for r in rocks)

        if not holds(document.plan):
            where = [n for n in self.names() if n != document.active and holds(document.scenario(n))]
            if not where:
                self.c.message.emit("Not in the scenario shown")
                return
            if not self.switch(where[0]):
                return
            self.c.message.emit(f'Not in the scenario shown: showing "{label_of(where[0])}"')
        self.c.focus(people, rocks)


def _dock(window: QMainWindow, view: CompareView) -> QDockWidget:
    """The Compare dock: the bottom area, tabbed with the other bottom panels, a little taller."""
    dock = QDockWidget("Compare", window)
    dock.setObjectName("dock_compare")
    dock.setWidget(view)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    docks = getattr(window, "docks", {})
    beside = next(
        (d for d in docks.values() if window.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea), None
    )
    if beside is not None:
        window.tabifyDockWidget(beside, dock)
    window.resizeDocks([dock], [max(dock.height(), 320)], Qt.Orientation.Vertical)
    return dock
