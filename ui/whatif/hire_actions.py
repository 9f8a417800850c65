"""The Hire menu: Simulate a hire... (Ctrl+H) and What next? (Ctrl+Shift+H).

``NextHiresDialog`` shows planner.whatif.advice's answers; a hire opens the
hire dialog (ui.whatif.hire) on it, a move or a drop is applied at once. Every
change goes to the window's runner (ui.core.runner) as one undo step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import Plan
from planner.whatif import advice, hire
from ui.core.controller import DocController
from ui.core.dialogs import HINT_STYLE
from ui.core.runner import Runner
from ui.whatif.hire import HireDialog, plain_label

INITIATOR = "hire"


class NextHiresDialog(QDialog):
    """``advice.next_hires`` as a short list of answers. A hire's Simulate... opens the hire dialog on
    it; a move to someone with room or a drop has Apply (one undo step); "engineers" is advice only."""

    def __init__(self, plan: Plan, analysis: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("What next?")
        self.plan = plan
        self.chosen: advice.Suggestion | None = None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.suggestions = advice.next_hires(plan, analysis)
        finally:
            QApplication.restoreOverrideCursor()
        layout = QVBoxLayout(self)
        intro = plain_label(
            "Before hiring: someone with room, rocks to put down; then hires the checks call for, each "
            "simulated and checked not to trip another rule.",
            style=HINT_STYLE,
        )
        layout.addWidget(intro)
        self.simulate_buttons: list[QPushButton] = []
        self.apply_buttons: list[QPushButton] = []
        if not self.suggestions:
            self.empty = plain_label(
                "Nothing to suggest: nobody with room while others carry their work, nothing to drop, and no "
                "check calls for a hire (PM ratio within range, nobody overloaded with work a new person would take)."
            )
            layout.addWidget(self.empty)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(12)
        for row, s in enumerate(self.suggestions):
            head = plain_label(f"{row + 1}. {s.title}", wrap=True)
            head.setStyleSheet("font-weight: 600;")
            head.setMinimumWidth(170)
            head.setMaximumWidth(230)
            grid.addWidget(head, row, 0, Qt.AlignmentFlag.AlignTop)
            measured = f"\nMeasured with the {s.strategy} strategy." if s.kind == "hire" else ""
            text = plain_label(f"{s.reason}{measured}")
            text.setMinimumWidth(460)
            grid.addWidget(text, row, 1)
            if s.kind == "hire":
                button = QPushButton("Simulate...")
                button.setToolTip(f"Open the hire simulator for this {hire.SHORT.get(s.role, s.role)} ({s.strategy})")
                button.clicked.connect(lambda _=False, sug=s: self._simulate(sug))
                self.simulate_buttons.append(button)
            elif s.kind in ("reassign", "drop"):
                button = QPushButton("Apply")
                button.setToolTip("Make this change now: one step, Ctrl+Z undoes it")
                button.clicked.connect(lambda _=False, sug=s: self._apply(sug))
                self.apply_buttons.append(button)
            else:
                continue
            grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(grid)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(860, self.sizeHint().height())

    def _simulate(self, suggestion: advice.Suggestion) -> None:
        self.chosen = suggestion
        self.accept()

    def _apply(self, suggestion: advice.Suggestion) -> None:
        self.chosen = suggestion
        self.accept()


class HireActions(QObject):
    """The Hire menu: Simulate a hire... (Ctrl+H) and What next? (Ctrl+Shift+H)."""

    def __init__(self, controller: DocController, window: QWidget, runner: Runner, board: Any = None):
        super().__init__(window)
        self.c, self.window, self.runner, self.board = controller, window, runner, board
        self.dialog: HireDialog | None = None
        self.next_dialog: NextHiresDialog | None = None
        self.simulate = QAction("&Simulate a hire...", window)
        self.simulate.setShortcut(QKeySequence("Ctrl+H"))
        self.simulate.setStatusTip("Which rocks a new hire would take, from whom, and what it changes")
        self.simulate.setToolTip("Simulate a hire (Ctrl+H)")
        self.simulate.setIconText("Hire...")
        self.simulate.triggered.connect(lambda: self.open_hire())
        self.next = QAction("&What next?", window)
        self.next.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.next.setStatusTip("Someone with room, rocks to drop, or the hire the checks point at")
        self.next.triggered.connect(self.open_next)
        for action in (self.simulate, self.next):
            window.addAction(action)
        self.menu = QMenu("&Hire", window)
        self.menu.addAction(self.simulate)
        self.menu.addAction(self.next)

    def open_hire(
        self, family: str = "pm", strategy: str = "by-discipline", name: str = "", manager: str | None = None
    ) -> HireDialog:
        if manager is None:
            people = [p for p in self.c.selected_people if p in self.c.plan.people]
            manager = people[0] if len(people) == 1 else self._default_manager()
        dialog = HireDialog(self.c.plan, self.c.analysis, manager, family, strategy, parent=self.window)
        if name:
            dialog.name_edit.setText(name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply(dialog))
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _default_manager(self) -> str | None:
        """Who a new hire reports to when nobody is selected: the product leader, else a founder."""
        plan, analysis = self.c.plan, self.c.analysis
        leader = advice.product_leader(plan, analysis)
        if leader is not None:
            return leader
        return next((pid for pid in plan.people if analysis.family(pid) == "founder"), None)

    def _apply(self, dialog: HireDialog) -> None:
        if dialog.plan is not self.c.plan or dialog.proposal is None:
            return
        pid = dialog.proposal.person.id
        if self.runner.run(dialog.command(), INITIATOR):
            if self.board is not None:
                self.board.reveal(pid)
            self.c.focus([pid], [])

    def open_next(self) -> NextHiresDialog:
        dialog = NextHiresDialog(self.c.plan, self.c.analysis, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._from_suggestion(dialog.chosen))
        dialog.destroyed.connect(lambda *_: setattr(self, "next_dialog", None))
        self.next_dialog = dialog
        dialog.open()
        return dialog

    def _from_suggestion(self, suggestion: advice.Suggestion | None) -> None:
        if suggestion is None:
            return
        if suggestion.kind == "hire":
            QTimer.singleShot(
                0, lambda: self.open_hire(suggestion.role, suggestion.strategy, suggestion.name, suggestion.manager)
            )
            return
        command = suggestion.command(self.c.plan)
        if command is not None and self.runner.run(command, INITIATOR):
            owners = (self.c.plan.rocks[r].owner for r in suggestion.rocks)
            touched = [to for _, to in suggestion.moves] or [o for o in owners if o]
            if touched and self.board is not None:
                self.board.reveal(touched[0])
