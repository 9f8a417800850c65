"""Simulate a hire, and "What next?" (move, drop or hire), in the window.

``HireDialog`` asks for a role family, a strategy and the new person's details,
shows planner.whatif.hire's proposal live (debounced: proposals run only when an input
changes) as an editable table of moves, and the loads and findings it changes.
The impact is measured on a private copy of the plan (``_Sandbox``): the kept
moves run there and are reverted, a millisecond even at 10k people, where
``hire.simulate`` would copy the plan each time. Apply hands ONE Compound
command to the window's runner (ui.whatif.hire_actions), so a hire is one undo step.
"What next?" and the Hire menu are in ui.whatif.hire_actions.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import FAMILIES, FAMILY_LABELS, Plan
from planner.checks.rules import Finding, title_of
from planner.core.errors import PlanError
from planner.core.text import elide
from planner.editing.commands import Compound, clean_person_fields
from planner.editing.document import Document
from planner.planfile import fileio
from planner.whatif import hire
from planner.whatif.scenarios import copy_plan
from ui.core.dialogs import ERROR_STYLE, HINT_STYLE, person_label
from ui.core.plain import tip
from ui.dialogs.add import PersonCombo

STRATEGY_HELP: dict[str, str] = {
    "by-discipline": "A specialist takes the rocks that define the role first, from everyone holding them; a PM "
    "takes the day-to-day product work others do as PM and the excess of overloaded owners (whole product lines).",
    "strategic-tactical": "PMs and founders keep the strategic rocks; the hire takes tactical ones from the most "
    "loaded of them in turn, until loads are even.",
    "by-area": "Takes whole product lines from the most loaded owner, evening the two out; the owner keeps a line.",
    "balance": "Takes the rocks that bring the highest load among the people involved as low as it goes "
    "(whole product lines for a PM when that works).",
}
KEPT_HELP = "Kept rocks never move with a strategy; only a move that names them does (the Inspector's Kept field)."
HIRE_STATUSES = (("Planned hire", "planned"), ("Open role (vacancy)", "open"))
DEBOUNCE_MS = 150
COLUMNS = ("Keep", "Rock", "Discipline", "Effort", "From", "To", "Reason")


def plain_label(text: str = "", style: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # plan text: names may hold markup
    label.setWordWrap(wrap)
    if style:
        label.setStyleSheet(style)
    return label


class _Sandbox:
    """A private copy of the plan with its own Document: run a hire, read the analysis, revert."""

    def __init__(self, plan: Plan):
        try:
            copy = fileio.loads(fileio.dumps(plan))  # faster than a deep copy (0.3 s vs 1.8 s at 10k)
            copy.scenarios.clear()
        except PlanError:
            copy = copy_plan(plan)
        self.document = Document(copy)

    def impact(self, command: Compound, person: str, moves: list[hire.ProposedMove]) -> hire.Impact:
        """Loads of the people involved and findings before/after (raises PlanError if refused)."""
        analysis = self.document.analysis
        involved = list(dict.fromkeys([*(m.from_id for m in moves if m.from_id), *(m.to_id for m in moves), person]))
        before = dict(analysis.findings)
        load_before = {pid: analysis.loads[pid].percent if pid in analysis.loads else 0.0 for pid in involved}
        self.document.run(command)
        try:
            after = analysis.findings
            loads = {
                pid: (load_before[pid], analysis.loads[pid].percent if pid in analysis.loads else 0.0)
                for pid in involved
            }
            key = Finding.sort_key
            resolved = sorted((f for k, f in before.items() if k not in after), key=key)
            introduced = sorted((f for k, f in after.items() if k not in before), key=key)
        finally:
            self.document.revert(command)
        return hire.Impact(loads, resolved, introduced)


class _TargetCombo(QComboBox):
    """Who takes a rock: the new person first; everyone else is listed when the popup opens
    (filling 10k items into every row up front would take seconds)."""

    def __init__(self, plan: Plan, new_id: str, new_name: str, exclude: str | None, current: str):
        super().__init__()
        self.plan, self.exclude = plan, exclude
        self.addItem(f"{new_name} (new hire)", new_id)
        if current != new_id and current in plan.people:
            self.addItem(person_label(plan, current), current)
            self.setCurrentIndex(1)
        self.loaded = False
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)

    def showPopup(self) -> None:  # noqa: N802 - Qt override
        self.load()
        super().showPopup()

    def focusInEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.load()  # so arrow keys and typing reach everyone too
        super().focusInEvent(event)

    def load(self) -> None:
        if self.loaded:
            return
        self.loaded = True
        have = {self.itemData(i) for i in range(self.count())}
        self.blockSignals(True)
        for pid in self.plan.people:
            if pid != self.exclude and pid not in have:
                self.addItem(person_label(self.plan, pid), pid)
        self.blockSignals(False)


class HireDialog(QDialog):
    """The hire simulator: inputs on top, the proposed moves (editable), then their impact."""

    def __init__(
        self,
        plan: Plan,
        analysis: Any = None,
        manager: str | None = None,
        family: str = "pm",
        strategy: str = "by-discipline",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Simulate a hire")
        self.plan, self.analysis = plan, analysis
        self.proposal: hire.Proposal | None = None
        self.impact: hire.Impact | None = None
        self.unticked: set[str] = set()  # rock ids the user left out; kept across recomputes
        self.retarget: dict[str, str] = {}  # rock id -> person id the user chose instead
        self._sandbox: _Sandbox | None = None
        self._filling = False
        self._key: tuple[str, str, str] | None = None  # the inputs that decide the moves, last proposed for
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.recompute)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.role_combo = QComboBox()
        for fam in FAMILIES:
            self.role_combo.addItem(FAMILY_LABELS[fam], fam)
        self.role_combo.setCurrentIndex(max(self.role_combo.findData(hire.check_role(family)), 0))
        form.addRow("&Role:", self.role_combo)
        self.strategy_combo = QComboBox()
        for name in hire.STRATEGIES:
            self.strategy_combo.addItem(name, name)
        self.strategy_combo.setCurrentIndex(max(self.strategy_combo.findData(hire.check_strategy(strategy)), 0))
        self.strategy_help = plain_label(style=HINT_STYLE)
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        v.addWidget(self.strategy_combo)
        v.addWidget(self.strategy_help)
        form.addRow("S&trategy:", box)
        self.name_edit = QLineEdit()
        form.addRow("&Name:", self.name_edit)
        self.manager_combo = PersonCombo(plan, "(nobody: top of the chart)", manager, "manager")
        form.addRow("Reports &to:", self.manager_combo)
        self.start_edit = QLineEdit(placeholderText="a date or quarter, e.g. 2027-Q2 (optional)")
        form.addRow("&Start:", self.start_edit)
        self.capacity_edit = QLineEdit("100")
        self.capacity_edit.setToolTip("Percent of a full-time week (100 = full time, 50 = half time)")
        form.addRow("&Capacity (%):", self.capacity_edit)
        self.status_combo = QComboBox()
        for label, value in HIRE_STATUSES:
            self.status_combo.addItem(label, value)
        form.addRow("Stat&us:", self.status_combo)
        layout.addLayout(form)

        self.error_label = plain_label(style=ERROR_STYLE)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.summary = plain_label()
        self.summary.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.summary)
        self.outlook_label = plain_label()  # the new person's utilisation and the PM ratio once they start
        layout.addWidget(self.outlook_label)
        self.kept_label = plain_label(style=HINT_STYLE)
        self.kept_label.setToolTip(KEPT_HELP)
        self.kept_label.hide()
        layout.addWidget(self.kept_label)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("Reason"), QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 3)

        impact = QHBoxLayout()
        self.loads_table = QTableWidget(0, 3)
        self.loads_table.setHorizontalHeaderLabels(["Person", "Load before", "Load after"])
        self.loads_table.verticalHeader().hide()
        self.loads_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.loads_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        loads_header = self.loads_table.horizontalHeader()
        loads_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            loads_header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        impact.addWidget(self.loads_table, 1)
        self.findings_label = plain_label()
        self.findings_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.findings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        impact.addWidget(self.findings_label, 1)
        layout.addLayout(impact, 2)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText("&Apply hire")
        self.apply_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        for combo in (self.role_combo, self.strategy_combo, self.status_combo):
            combo.currentIndexChanged.connect(self._inputs_changed)
        for edit in (self.name_edit, self.start_edit, self.capacity_edit):
            edit.textChanged.connect(self._inputs_changed)
        self.manager_combo.currentTextChanged.connect(self._inputs_changed)
        self._inputs_changed()
        self.resize(1100, 720)
        self.role_combo.setFocus()

    # ---------------------------------------------------------- inputs

    @property
    def family(self) -> str:
        return str(self.role_combo.currentData())

    @property
    def strategy(self) -> str:
        return str(self.strategy_combo.currentData())

    def _inputs_changed(self, *_: object) -> None:
        """Cheap feedback now; the proposal itself once typing pauses."""
        self.name_edit.setPlaceholderText(f"New {hire.SHORT[self.family]}")
        self.strategy_help.setText(STRATEGY_HELP[self.strategy])
        self.apply_button.setEnabled(False)  # until the proposal for these inputs is in
        self.timer.start()

    @property
    def pending(self) -> bool:
        """True while an input change waits for its proposal."""
        return self.timer.isActive()

    def recompute(self) -> None:
        """Propose again for the current inputs, then show it and its impact."""
        self.timer.stop()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            manager = self.manager_combo.chosen()
            name = self.name_edit.text().strip() or None
            start, status = self.start_edit.text().strip(), str(self.status_combo.currentData())
            key = (self.family, self.strategy, self.capacity_edit.text().strip())
            if self.proposal is not None and key == self._key:
                self.proposal = self._renamed(self.proposal, name, manager, start, status)
            else:
                self.proposal = hire.propose(
                    self.plan,
                    self.family,
                    self.strategy,
                    name=name,
                    manager=manager,
                    start=start,
                    capacity=key[2],  # type: ignore[arg-type]  # text, parsed and checked by propose
                    status=status,
                )
            self._key = key
        except PlanError as e:
            self.proposal = None
            self._show_error(str(e))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.error_label.hide()
        self._show_kept()
        self._fill_table()
        self.evaluate()

    def _renamed(
        self, old: hire.Proposal, name: str | None, manager: str | None, start: str, status: str
    ) -> hire.Proposal:
        """The same moves for a new name, manager, start or status: those never change which rocks
        move, so the proposal (1.6 s for balance at 10k people) is not run again."""
        pid = old.person.id
        clean = clean_person_fields(
            self.plan, pid, {"name": name or f"New {hire.SHORT[old.family]}", "start": start, "status": status}
        )
        person = replace(old.person, manager=manager, **clean)
        return hire.Proposal(
            person, old.family, old.strategy, old.moves, old.reason, old.names | {pid: person.name}, old.kept
        )

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.summary.setText("")
        self.outlook_label.setText("")
        self.kept_label.hide()
        self.table.setRowCount(0)
        self.loads_table.setRowCount(0)
        self.findings_label.setText("")
        self.impact = None
        self.apply_button.setEnabled(False)

    def _show_kept(self) -> None:
        """The rocks this hire would fit but whose owners keep them, and why."""
        proposal = self.proposal
        assert proposal is not None
        if not proposal.kept:
            self.kept_label.hide()
            return
        rocks, people = self.plan.rocks, self.plan.people
        shown = [
            f"'{elide(rocks[rid].title, 50)}' ({elide(people[owner].name, 30)}: {why})"
            for rid, why in proposal.kept[:6]
            if (owner := rocks[rid].owner) is not None and owner in people
        ]
        more = f" and {len(proposal.kept) - 6} more" if len(proposal.kept) > 6 else ""
        self.kept_label.setText("Kept by their owners, not moved: " + "; ".join(shown) + more)
        self.kept_label.show()

    # ----------------------------------------------------------- moves

    def _fill_table(self) -> None:
        proposal = self.proposal
        assert proposal is not None
        plan, table = self.plan, self.table
        self._filling = True
        table.setUpdatesEnabled(False)
        table.setRowCount(0)
        table.setRowCount(len(proposal.moves))
        labels = plan.discipline_table
        for row, move in enumerate(proposal.moves):
            rock = plan.rocks[move.rock_id]
            keep = QCheckBox()
            keep.setChecked(move.rock_id not in self.unticked)
            keep.setToolTip("Untick to leave this rock where it is")
            keep.toggled.connect(lambda on, rid=move.rock_id: self._toggle(rid, on))
            holder = QWidget()
            h = QHBoxLayout(holder)
            h.setContentsMargins(6, 0, 6, 0)
            h.addWidget(keep, 0, Qt.AlignmentFlag.AlignCenter)
            table.setCellWidget(row, 0, holder)
            d = labels.get(rock.discipline)
            giver = plan.people[move.from_id].name if move.from_id in plan.people else "nobody (unowned)"
            cells = (elide(rock.title, 60), d.label if d else rock.discipline, f"{rock.effort:g}%", elide(giver, 40))
            for col, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                item.setToolTip(tip(text))
                table.setItem(row, col, item)
            target = self.retarget.get(move.rock_id, move.to_id)
            combo = _TargetCombo(plan, proposal.person.id, proposal.person.name, move.from_id, target)
            combo.currentIndexChanged.connect(lambda _i, rid=move.rock_id, c=combo: self._retargeted(rid, c))
            table.setCellWidget(row, 5, combo)
            reason = QTableWidgetItem(move.reason)
            reason.setToolTip(tip(move.reason))
            table.setItem(row, 6, reason)
        table.setUpdatesEnabled(True)
        self._filling = False
        self.keep_boxes = [table.cellWidget(r, 0).findChild(QCheckBox) for r in range(table.rowCount())]

    def _toggle(self, rock_id: str, on: bool) -> None:
        (self.unticked.discard if on else self.unticked.add)(rock_id)
        if not self._filling:
            self.evaluate()

    def _retargeted(self, rock_id: str, combo: _TargetCombo) -> None:
        if self._filling or self.proposal is None:
            return
        pid = combo.currentData()
        if pid == self.proposal.person.id:
            self.retarget.pop(rock_id, None)
        else:
            self.retarget[rock_id] = pid
        self.evaluate()

    def selection(self) -> tuple[list[int], dict[int, str]]:
        """The kept move indices and their retargets, as ``Proposal.command`` takes them."""
        assert self.proposal is not None
        moves = self.proposal.moves
        kept = [i for i, m in enumerate(moves) if m.rock_id not in self.unticked]
        retarget = {i: self.retarget[moves[i].rock_id] for i in kept if moves[i].rock_id in self.retarget}
        retarget = {i: pid for i, pid in retarget.items() if pid in self.plan.people}
        return kept, retarget

    def command(self) -> Compound:
        """The hire as one command (the kept moves, retargeted as chosen)."""
        assert self.proposal is not None
        return self.proposal.command(*self.selection())

    # ---------------------------------------------------------- impact

    def evaluate(self) -> None:
        """Measure the kept moves on the private copy and show loads and findings."""
        proposal = self.proposal
        if proposal is None:
            return
        if not proposal.moves:
            self.summary.setText(f"No moves: {proposal.reason}")
            self.outlook_label.setText("")
            self.loads_table.setRowCount(0)
            self.findings_label.setText("")
            self.impact = None
            self.apply_button.setEnabled(False)
            return
        if self._sandbox is None:
            self._sandbox = _Sandbox(self.plan)
        kept, retarget = self.selection()
        moves = proposal.chosen(kept, retarget)
        command = proposal.command(kept, retarget)
        try:
            self.impact = self._sandbox.impact(command, proposal.person.id, moves)
            hire.outlook(self.plan, proposal, moves, self._sandbox.document.analysis, self.impact)
        except PlanError as e:
            self._show_error(str(e))
            return
        self.error_label.hide()
        self.summary.setText(f"{command.label}  ({len(kept)} of {len(proposal.moves)} proposed moves kept)")
        self._show_outlook(self.impact)
        self._show_impact(self.impact)
        self.apply_button.setEnabled(True)

    def _show_outlook(self, impact: hire.Impact) -> None:
        """'New PM would start at 40% of capacity. PMs 3 -> 4 once they start: ...', and a low-load note."""
        assert self.proposal is not None
        lines = [f"{elide(self.proposal.person.name, 40)} would start at {impact.utilisation:.0f}% of capacity."]
        if impact.ratio:
            lines.append(impact.ratio + ".")
        if impact.note:
            lines.append(impact.note + ".")
        self.outlook_label.setText(" ".join(lines))
        self.outlook_label.setStyleSheet("color: #b7791f;" if impact.note or "below" in impact.ratio else "")

    def _show_impact(self, impact: hire.Impact) -> None:
        names = self.proposal.names if self.proposal else {}
        rows = sorted(impact.loads.items(), key=lambda kv: (-kv[1][0], kv[0]))
        table = self.loads_table
        table.setRowCount(len(rows))
        for row, (pid, (before, after)) in enumerate(rows):
            name = elide(names.get(pid, pid), 40)
            for col, text in enumerate((name, f"{before:.0f}%", f"{after:.0f}% ({after - before:+.0f})")):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, col, item)

        def listed(findings: list[Any]) -> str:
            return "\n".join(f"  {title_of(f.rule)}: {elide(f.message, 110)}" for f in findings[:12]) + (
                f"\n  ... and {len(findings) - 12} more" if len(findings) > 12 else ""
            )

        parts = [
            f"Resolves {len(impact.resolved)} finding(s)" + (":\n" + listed(impact.resolved) if impact.resolved else "")
        ]
        parts.append(
            f"Introduces {len(impact.introduced)} finding(s)"
            + (":\n" + listed(impact.introduced) if impact.introduced else "")
        )
        self.findings_label.setText("\n\n".join(parts))

    def accept(self) -> None:
        if self.pending:
            self.recompute()  # Apply right after typing: use the inputs as shown
        if self.proposal is None or not self.proposal.moves or not self.apply_button.isEnabled():
            return
        super().accept()
