"""The legend of the card colours, in the board's right-hand column under the minimap
(ui.board.minimap keeps the column): what green, amber and red mean when cards are
coloured by load, each discipline's colour, or the biggest teams' colours when they are
coloured by team (View > Colour cards by). ``band_text`` names the team or discipline of
the band down a card's left edge, for its tooltip (ui.board.view).

Team and discipline names are plan text: drawn with QPainter.drawText, never as markup.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from planner.checks.rules import OVERLOAD
from planner.core.text import one_line, plural
from ui.board.items import AMBER, GREEN, INK, LINE, MUTED, NO_TINT, RED, team_color

ROW_H = 18  # pixels per entry
SWATCH = 11  # a colour's square
PAD = 8
MIN_ROWS = 3  # fewer rows than this fit under the minimap: the legend hides
NO_TEAM = "No team"
NO_ROCKS = "No rocks"


def team_sizes(plan) -> Counter[str]:
    """People per team id ("" for people in none)."""
    return Counter(person.team if person.team in plan.teams else "" for person in plan.people.values())


def band_text(board, pid: str) -> str:
    """What the band down ``pid``'s card stands for: 'Team: Payments 1' or
    'Most of the load: Design' ('' when cards are coloured by load)."""
    plan = board.plan
    person = plan.people.get(pid)
    if person is None or board.color_by == "load":
        return ""
    if board.color_by == "team":
        team = plan.teams.get(person.team or "")
        return f"Team: {one_line(team.name)}" if team is not None else NO_TEAM
    load = board.controller.analysis.loads.get(pid)
    top = max(load.by_discipline.items(), key=lambda kv: kv[1], default=None) if load else None
    if top is None:
        return NO_ROCKS
    discipline = plan.discipline_table.get(top[0])
    return f"Most of the load: {one_line(discipline.label if discipline else top[0])}"


class Legend(QWidget):
    """On a BoardView (its parent): under the minimap in the column right of the viewport."""

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.board = view.board
        self.entries: list[tuple[QColor, str]] = []
        self.title = ""
        self.more = ""  # "+236 more teams: hover a card's band"
        self.font_ = QFont(self.font())
        self.font_.setPixelSize(11)
        self.bold = QFont(self.font_)
        self.bold.setBold(True)
        self.metrics = QFontMetricsF(self.font_)
        self._dirty = QTimer(self, singleShot=True, interval=80)  # a burst of changes: one rebuild
        self._dirty.timeout.connect(self.rebuild)
        self.board.layout_changed.connect(self._dirty.start)  # the colour mode changed, or the plan
        self.board.controller.changed.connect(self._on_changed)
        self.rebuild()

    def _on_changed(self, *_args: object) -> None:
        self._dirty.start()

    def rebuild(self) -> None:
        """The entries for the board's colour mode (all of them: place() shows what fits)."""
        board, plan = self.board, self.board.plan
        self.more = ""
        if board.color_by == "team":
            self.title = "Card colour: team"
            index = {tid: i for i, tid in enumerate(plan.teams)}  # as the scene colours them
            sizes = team_sizes(plan)
            biggest = sorted((t for t in sizes if t), key=lambda t: (-sizes[t], index[t]))
            self.entries = [
                (team_color(index[t]), f"{one_line(plan.teams[t].name)} · {plural(sizes[t], 'person', 'people')}")
                for t in biggest
            ]
            if sizes.get(""):
                self.entries.append((NO_TINT, f"{NO_TEAM} · {plural(sizes[''], 'person', 'people')}"))
        elif board.color_by == "discipline":
            self.title = "Card colour: most of the load"
            self.entries = [
                (QColor(d.color), one_line(d.label)) for d in plan.discipline_table.disciplines.values()
            ] + [(NO_TINT, NO_ROCKS)]
        else:
            warning, error = OVERLOAD.limits(plan)
            self.title = "Card colour: load"
            self.entries = [
                (GREEN, f"Up to {warning:.0f}% of capacity"),
                (AMBER, f"Over {warning:.0f}%"),
                (RED, f"Over {error:.0f}%"),
            ]
        self.place()
        self.update()

    def rows(self) -> int:
        """Entries that fit in the widget's height (with the title, and a 'more' line if needed)."""
        room = max(0, (self.height() - 2 * PAD) // ROW_H - 1)
        return len(self.entries) if len(self.entries) <= room else max(0, room - 1)

    def place(self) -> None:
        """Under the minimap (or at the top of the column when it hides), to the column's foot;
        hidden when the column is not kept or too short for a few entries."""
        view = self.view
        column = view.viewportMargins().right()
        vp = view.viewport().geometry()
        minimap = view.minimap
        top = vp.top() + (minimap.geometry().bottom() + 1 - vp.top() if minimap.isVisible() else 0) + 8
        width = column - 16
        height = min(vp.bottom() - top - 8, 2 * PAD + ROW_H * (len(self.entries) + 1))
        if column <= 0 or height < 2 * PAD + ROW_H * (MIN_ROWS + 1):
            self.hide()
            return
        self.setGeometry(vp.right() + 1 + 8, top, width, height)
        hidden = len(self.entries) - self.rows()
        self.more = f"+{hidden} more: hover a card's band" if hidden > 0 else ""
        self.show()
        self.raise_()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(220, 2 * PAD + ROW_H * (len(self.entries) + 1))

    def shown_entries(self) -> list[tuple[QColor, str]]:
        return self.entries[: self.rows()]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(QPen(LINE, 1.0))
        painter.setBrush(QColor(255, 255, 255, 235))
        painter.drawRect(QRectF(0.5, 0.5, self.width() - 1, self.height() - 1))
        text_w = self.width() - 2 * PAD - SWATCH - 6
        painter.setFont(self.bold)
        painter.setPen(INK)
        painter.drawText(QRectF(PAD, PAD, self.width() - 2 * PAD, ROW_H), Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font_)
        y = PAD + ROW_H
        for color, text in self.shown_entries():
            painter.fillRect(QRectF(PAD, y + (ROW_H - SWATCH) / 2, SWATCH, SWATCH), color)
            painter.setPen(INK)
            shown = self.metrics.elidedText(text, Qt.TextElideMode.ElideRight, text_w)
            painter.drawText(QRectF(PAD + SWATCH + 6, y, text_w, ROW_H), Qt.AlignmentFlag.AlignVCenter, shown)
            y += ROW_H
        if self.more:
            painter.setPen(MUTED)
            painter.drawText(QRectF(PAD, y, self.width() - 2 * PAD, ROW_H), Qt.AlignmentFlag.AlignVCenter, self.more)
        painter.end()
