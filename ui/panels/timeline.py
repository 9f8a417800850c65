"""The Timeline panel: the growth forecast chart (planner.whatif.timeline) and its hiring sequence.

Redraws once per burst of changes that can move a number (people, rocks, teams,
settings, another scenario or plan), and only while shown (ui.core.deferred).
matplotlib and pandas are imported when the panel is created, never by
``rocks check`` or ``import ui.panels``. Plan text (names in the hiring reasons)
is shown as plain text; the chart draws none of it as $math$.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPlainTextEdit, QScrollArea, QSplitter, QVBoxLayout, QWidget

from planner.core.changes import (
    PEOPLE_EDITED,
    ROCKS_ADDED,
    ROCKS_EDITED,
    ROCKS_OWNERSHIP,
    SCENARIO,
    SETTINGS,
    STRUCTURE,
    TEAMS,
)
from planner.core.errors import PlanError
from ui.core.controller import DocController
from ui.core.deferred import Deferred

REDRAW_KINDS = (STRUCTURE, PEOPLE_EDITED, TEAMS, ROCKS_OWNERSHIP, ROCKS_EDITED, ROCKS_ADDED, SETTINGS, SCENARIO)
# The forecast grows teams' engineers: without a team there is nothing to forecast; say what to add.
ADD_TEAM = "add a team with its engineers per quarter (Board > New team..., Ctrl+Shift+T)"
EMPTY_PLAN = (
    f"This plan is empty: {ADD_TEAM} to see which product roles each quarter calls for; "
    "add the people you have (Ctrl+Shift+N) to count them."
)
NO_TEAMS = f"No teams yet: {ADD_TEAM} to see which product roles each quarter calls for."


class TimelinePanel(QWidget):
    """``forecast`` is the last one drawn (None when the plan has no growth plan or an error)."""

    def __init__(self, controller: DocController, parent: QWidget | None = None):
        super().__init__(parent)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.controller = controller
        self.forecast: Any = None
        self.draw_count = 0
        self.figure = Figure(figsize=(7.5, 4.6), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(320)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #5c3b00;")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()
        self.hires = QPlainTextEdit(readOnly=True)  # plain text: hiring reasons name people
        self.hires.setPlaceholderText("No hire called for in these quarters.")
        self.hires.setMinimumHeight(70)

        below = QWidget()
        column = QVBoxLayout(below)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Hiring sequence (if nobody moves a rock):"))
        column.addWidget(self.hires)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.canvas)
        self.splitter.addWidget(below)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.notice)
        layout.addWidget(scroll, 1)

        # A forecast and a matplotlib redraw cost 50-300 ms: once per burst, after the board.
        self.refresh = Deferred(self, self._redraw, 120)
        self.refresh.dirty = True
        controller.changed.connect(self._on_changed)
        controller.document_replaced.connect(self.refresh.schedule)

    def _on_changed(self, changes: Any, _keys: Any) -> None:
        if changes.has(*REDRAW_KINDS):
            self.refresh.schedule()

    def hiring_text(self) -> str:
        return self.hires.toPlainText()

    def _redraw(self) -> None:
        from planner.whatif import timeline

        self.refresh.dirty = False
        self.draw_count += 1
        try:
            fc = timeline.forecast(self.controller.plan)
        except PlanError as e:
            self._show_notice(str(e))
            return
        if not fc.has_growth:
            plan = self.controller.plan
            if plan.teams:
                self._show_notice(timeline.NO_GROWTH)
            else:
                self._show_notice(NO_TEAMS if plan.people else EMPTY_PLAN)
            return
        self.forecast = fc
        self.notice.hide()
        self.splitter.show()
        timeline.chart(fc, self.figure)
        lines = [f"{k}. {h.quarter}: {h.reason}" for k, h in enumerate(fc.hiring_sequence(), 1)]
        crossings = fc.crossings()
        if crossings:
            lines += [""] * bool(lines) + ["Over capacity (growing rocks scaled, first quarter):"]
            lines += [f"  {q}: {name}" for q, name in crossings]
        self.hires.setPlainText("\n".join(lines))
        self.canvas.draw_idle()

    def _show_notice(self, text: str) -> None:
        self.forecast = None
        self.notice.setText(text)
        self.notice.show()
        self.splitter.hide()
        self.hires.setPlainText("")
        self.figure.clear()
