"""The Load panel: each person's load in % of their capacity, stacked by discipline.

Shows the selected people, else the owners of the selected rocks, else the
people of the team chosen in the combo ("Whole product org" = everyone outside
engineering who owns a rock). At most 25 people, the most loaded first. The
chart is the review pack's (planner.exports.report_charts.draw_loads), drawn on
this panel's canvas. matplotlib is imported when the panel is created, never by
``rocks check``; names are plan text, drawn as typed, never parsed as $math$.
A redraw happens once per burst of changes (ui.core.deferred), and only when a
load the analysis says changed (``loads_changed``) or a person shown changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from planner.core.changes import PEOPLE_EDITED, ROCKS_OWNERSHIP, STRUCTURE, TEAMS, Changes
from ui.core.controller import DocController
from ui.core.deferred import Deferred

ORG = "__org__"
MAX_PEOPLE = 25
NAME_LIMIT = 20  # characters of a name beside its bar (the panel is narrow)
BAR_PT = 13.0  # points per person: a 230 px dock shows the top five or six bars (7 pt names)


class LoadChartPanel(QWidget):
    """``shown`` lists the person ids drawn, top to bottom; ``axes`` holds the bars."""

    def __init__(self, controller: DocController, parent: QWidget | None = None):
        super().__init__(parent)
        # Imported here so that importing ui.panels (or the CLI) never loads matplotlib.
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.controller = controller
        self.shown: list[str] = []
        self.draw_count = 0
        self._shown_set: set[str] = set()
        self._min_percent = 0.0  # lowest load shown when the list is capped

        self.figure = Figure(figsize=(4.5, 3.0))
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.axes = self.figure.add_subplot()
        self.axes.set_axis_off()  # until the first draw
        self.team_combo = QComboBox()
        self.team_combo.setToolTip("Whose load to show when nothing is selected")
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("color: #666666;")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)  # names a team: plan text
        self.legend: Any = None
        self._legend_cols = 0
        # A matplotlib redraw costs 30-300 ms: wait until just after the board has
        # repainted the drop, and redraw once for any burst of changes.
        self.refresh = Deferred(self, self._redraw, 120)
        self.refresh.dirty = True
        self.schedule = self.refresh.schedule

        top = QHBoxLayout()
        top.addWidget(QLabel("Team:"))
        top.addWidget(self.team_combo, 1)
        # The canvas is as tall as its rows need (no stretched bars); the rest stays empty.
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.canvas)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addWidget(scroll, 1)

        self.team_combo.activated.connect(lambda _i: self.schedule())
        controller.changed.connect(self._on_changed)
        controller.selection_changed.connect(self.schedule)
        controller.document_replaced.connect(self._on_replaced)
        controller.scenario_switched.connect(self._on_replaced)
        self._fill_teams()

    # ------------------------------------------------------------ updates

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.legend is not None:
            self.schedule()  # margins are laid out in points for one width: draw again

    def _columns(self) -> int:
        return max(1, min(4, (self.width() - 20) // 170))

    def _on_replaced(self) -> None:
        self._fill_teams()
        self.schedule()

    def _fill_teams(self) -> None:
        combo = self.team_combo
        current = combo.currentData() or ORG
        combo.clear()
        combo.addItem("Whole product org", ORG)
        for team in self.controller.plan.teams.values():
            combo.addItem(team.name, team.id)
        combo.setCurrentIndex(max(0, combo.findData(current)))

    def _on_changed(self, changes: Changes, _keys: Any) -> None:
        if changes.has(TEAMS):
            self._fill_teams()
        if self._touches(changes):
            self.schedule()

    def _touches(self, changes: Changes) -> bool:
        """Whether a change can alter a drawn bar or who is drawn: the loads that changed
        come from the analysis (``loads_changed``), people's own fields from the kinds."""
        if changes.settings:
            return True
        c = self.controller
        plan, analysis = c.plan, c.analysis
        loads = analysis.loads_changed
        edited = changes.people if changes.has(PEOPLE_EDITED, STRUCTURE) else set()  # name, team, role, leaving
        if not (loads.isdisjoint(self._shown_set) and edited.isdisjoint(self._shown_set)):
            return True
        if c.selected_people:
            return False
        if c.selected_rocks:  # a new owner to show
            return changes.has(ROCKS_OWNERSHIP) and not changes.rocks.isdisjoint(c.selected_rocks)
        team = self.team_combo.currentData() or ORG
        for pid in (loads | edited) - self._shown_set:
            if team == ORG:
                load = analysis.loads.get(pid)
                candidate = pid in analysis.owned and analysis.family(pid) != "eng" and load is not None
                if candidate and (len(self.shown) < MAX_PEOPLE or load.percent >= self._min_percent):
                    return True
            elif pid in plan.people and plan.people[pid].team == team:
                return True
        return False

    # ------------------------------------------------------------- target

    def _target(self) -> tuple[list[str], str]:
        """The people to draw and a caption saying who they are."""
        c = self.controller
        plan, analysis = c.plan, c.analysis
        if c.selected_people:
            people = [p for p in c.selected_people if p in plan.people]
            return self._cap(people, False), f"Selected: {len(people)} {'person' if len(people) == 1 else 'people'}"
        if c.selected_rocks:
            owners = [plan.rocks[r].owner for r in c.selected_rocks if r in plan.rocks]
            people = list(dict.fromkeys(o for o in owners if o))
            what = "the selected rock" if len(c.selected_rocks) == 1 else "the selected rocks"
            caption = f"Owner{'s' * (len(people) != 1)} of {what}" if people else f"{what.capitalize()}: no owner"
            return self._cap(people, False), caption
        team = self.team_combo.currentData() or ORG
        if team == ORG:
            people = [p for p in analysis.owned if analysis.family(p) != "eng" and p in plan.people]
            title = "Whole product org (people with rocks, outside engineering)"
        else:
            people = [p.id for p in plan.people.values() if p.team == team]
            title = plan.teams[team].name if team in plan.teams else team
        shown = self._cap(people, True)
        if len(people) > len(shown):
            title += f": the {len(shown)} most loaded of {len(people)}"
        return shown, title

    def _cap(self, people: list[str], by_load: bool) -> list[str]:
        loads = self.controller.analysis.loads
        if by_load or len(people) > MAX_PEOPLE:
            people = sorted(people, key=lambda p: -(loads[p].percent if p in loads else 0.0))
        return people[:MAX_PEOPLE]

    # --------------------------------------------------------------- draw

    def _redraw(self) -> None:
        self.refresh.dirty = False
        self.draw_count += 1
        from planner.exports import report_charts as rc  # the review pack's chart too (one drawing)

        c = self.controller
        plan, loads = c.plan, c.analysis.loads
        people, caption = self._target()
        self.shown, self._shown_set = people, set(people)
        full = len(people) == MAX_PEOPLE
        self._min_percent = min((loads[p].percent for p in people if p in loads), default=0.0) if full else 0.0
        self.caption.setText(caption)
        self.figure.clear()
        self.legend = None
        if not people:
            self.axes = self.figure.add_subplot()
            self.axes.set_axis_off()
            self.axes.text(
                0.5,
                0.5,
                "No one to show.\nSelect people or a rock,\nor pick a team above.",
                ha="center",
                va="center",
                color="#777777",
                transform=self.axes.transAxes,
                fontsize=9,
            )
            self.canvas.setFixedHeight(160)
            self.canvas.draw_idle()
            return
        rows = rc.rows_for(plan, c.analysis, people)
        self._legend_cols = self._columns()
        entries = len(rc.disciplines_of(plan, rows)) + 3  # and the capacity / warning / error lines
        legend_rows = -(-entries // min(self._legend_cols, entries))
        height_pt = 11.0 * legend_rows + 6.0 + 36.0 + BAR_PT * len(people)  # legend, axis, bars
        dpi = self.figure.dpi / self.canvas.device_pixel_ratio  # the figure's dots per logical pixel
        width_px, height_px = max(self.canvas.width(), 200), round(height_pt * dpi / 72.0)
        self.figure.set_size_inches(width_px / dpi, height_px / dpi)
        self.axes, self.legend = rc.draw_loads(
            self.figure, plan, rows, name_limit=NAME_LIMIT, legend_cols=self._legend_cols
        )
        self.canvas.setFixedHeight(height_px)
        self.canvas.draw_idle()
