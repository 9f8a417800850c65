"""The load chart: stacked bars of effort by discipline per person, with capacity.

Shows the selected people, else the owners of the selected rocks, else the
people of the team chosen in the combo ("Whole product org" = everyone outside
engineering who owns a rock). At most 25 people, the most loaded first.
matplotlib is imported when the panel is created, never by ``rocks check``.
Names are plan text, drawn as typed: never parsed as $math$ or TeX.
A redraw happens at most once per event-loop turn (a 0 ms single-shot timer)
and only when a change touches the people shown or could change who is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from planner.checks.rules import OVERLOAD
from ui.core.controller import DocController
from ui.core.deferred import Deferred

ORG = "__org__"
MAX_PEOPLE = 25
CAPACITY_COLOR = "#1d1d1d"
OVERLOAD_COLOR = "#c0392b"


def _short(name: str, limit: int = 20) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _literal(texts: Any) -> None:
    """Show matplotlib Texts made from plan text as typed: a '$' in a name is not mathtext (nor TeX)."""
    for text in texts:
        text.set_parse_math(False)
        text.set_usetex(False)


def _legend_label(label: str) -> str:
    """matplotlib hides legend entries whose label starts with '_': keep a plan's '_x' discipline visible."""
    return "\u200b" + label if label.startswith("_") else label


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

        self.figure = Figure(figsize=(4.5, 3.0), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.axes = self.figure.add_subplot()
        self.team_combo = QComboBox()
        self.team_combo.setToolTip("Whose load to show when nothing is selected")
        self.caption = QLabel(wordWrap=True, styleSheet="color: #666666;")
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
        scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.NoFrame)
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
        if self.legend is not None and self._columns() != self._legend_cols:
            self.schedule()  # re-flow the legend for the new width

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

    def _on_changed(self, changes: Any, _keys: Any) -> None:
        if changes.teams:
            self._fill_teams()
        if self._touches(changes):
            self.schedule()

    def _touches(self, changes: Any) -> bool:
        """Whether a change can alter a drawn bar or who is drawn."""
        if changes.settings or changes.people & self._shown_set:
            return True
        c = self.controller
        if c.selected_people:
            return False
        if c.selected_rocks:
            return bool(changes.rocks & set(c.selected_rocks))  # a new owner to show
        team = self.team_combo.currentData() or ORG
        plan, analysis = c.plan, c.analysis
        for pid in changes.people - self._shown_set:
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
        plan, loads = self.controller.plan, self.controller.analysis.loads
        people, caption = self._target()
        self.shown, self._shown_set = people, set(people)
        full = len(people) == MAX_PEOPLE
        self._min_percent = min((loads[p].percent for p in people if p in loads), default=0.0) if full else 0.0
        self.caption.setText(caption)

        ax = self.axes
        ax.clear()
        if self.legend is not None:
            self.legend.remove()
            self.legend = None
        if not people:
            ax.set_axis_off()
            ax.text(
                0.5,
                0.5,
                "No one to show.\nSelect people or a rock,\nor pick a team above.",
                ha="center",
                va="center",
                color="#777777",
                transform=ax.transAxes,
                fontsize=9,
            )
            self.canvas.setFixedHeight(160)
            self.canvas.draw_idle()
            return
        ax.set_axis_on()
        table = plan.discipline_table
        used = {d for p in people if p in loads for d in loads[p].by_discipline}
        order = [d for d in table.disciplines if d in used] + sorted(used - set(table.disciplines))
        ends = [0.0] * len(people)
        handles = []
        for d in order:
            rows = [i for i, p in enumerate(people) if p in loads and loads[p].by_discipline.get(d)]
            widths = [loads[people[i]].by_discipline[d] for i in rows]
            discipline = table.get(d)
            bars = ax.barh(
                rows,
                widths,
                left=[ends[i] for i in rows],
                height=0.62,
                color=discipline.color if discipline else "#999999",
                edgecolor="white",
                linewidth=0.6,
                label=_legend_label(discipline.label if discipline else d),
            )
            handles.append(bars)
            for i, w in zip(rows, widths):
                ends[i] += w
        caps = [plan.people[p].capacity for p in people]
        ys = range(len(people))
        marks = ax.vlines(
            caps, [y - 0.42 for y in ys], [y + 0.42 for y in ys], colors=CAPACITY_COLOR, linewidth=2.2, label="Capacity"
        )
        right = max(max(ends), max(caps))
        limit = OVERLOAD.WARNING.of(plan)
        for y, p, end, cap in zip(ys, people, ends, caps):
            percent = loads[p].percent if p in loads else 0.0
            color = OVERLOAD_COLOR if percent > limit else "#444444"
            ax.annotate(
                f"{percent:.0f}%",
                (max(end, cap), y),
                xytext=(5, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
                color=color,
                fontweight="bold" if percent > limit else "normal",
            )
        ax.set_yticks(list(ys), [_short(plan.people[p].name) for p in people], fontsize=8)
        _literal(ax.get_yticklabels())
        ax.set_ylim(len(people) - 0.5, -0.5)  # first person at the top
        ax.set_xlim(0, right * 1.2)
        ax.set_xlabel("% of a week (bar) and capacity (line)", fontsize=8)
        ax.tick_params(axis="x", labelsize=7.5)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="x", color="#e6e6e6", linewidth=0.8)
        ax.set_axisbelow(True)
        entries = len(order) + 1
        self._legend_cols = self._columns()
        self.legend = self.figure.legend(
            handles=[*handles, marks],
            loc="outside lower center",
            ncols=min(self._legend_cols, entries),
            fontsize=7.5,
            frameon=False,
            handlelength=1.2,
            columnspacing=1.2,
        )
        _literal(self.legend.get_texts())
        legend_rows = -(-entries // min(self._legend_cols, entries))
        self.canvas.setFixedHeight(60 + 16 * legend_rows + 28 * len(people))
        self.canvas.draw_idle()
