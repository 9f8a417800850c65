"""The History panel: the move log, newest first, and the rocks a person gave away.

With a rock selected it shows that rock's moves; with a person selected, the
moves they were part of and "Rocks I gave away": every rock they moved to
someone else and who owns it NOW, so "give me back my rocks" has an answer
(README.md explains rocks). Removed people and rocks show by id, "(removed)".
Rebuilds are coalesced to one per event-loop turn and happen only when the
move log changed or a change names a person or rock on screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from models import Move
from planner.core.changes import MOVES, PEOPLE_EDITED, ROCKS_ADDED, ROCKS_EDITED, ROCKS_OWNERSHIP, STRUCTURE, Changes
from ui.core.controller import DocController
from ui.core.deferred import Deferred
from ui.core.plain import tip as plain_tip

ROCK_KINDS = (ROCKS_OWNERSHIP, ROCKS_EDITED, ROCKS_ADDED)
MAX_ROWS = 1000  # newest first; older moves are summarised in one row


def when_text(when: str) -> str:
    """'2024-05-01T10:22:00+00:00' -> '2024-05-01 10:22'."""
    return when[:16].replace("T", " ") if len(when) >= 16 and when[10] == "T" else when


def _tree(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    header = tree.header()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return tree


class HistoryPanel(QWidget):
    """``log`` is the move list; ``given`` the "Rocks I gave away" list (person selected)."""

    def __init__(self, controller: DocController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self._ids: set[str] = set()  # people and rocks named on screen
        # After the board has repainted a change, once per burst of changes.
        self.refresh = Deferred(self, self.rebuild, 60)
        self.schedule = self.refresh.schedule

        self.title = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)  # names a person or rock
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.log = _tree(["When", "Rock", "From", "To", "Note"])
        self.given_title = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.given_title.setFont(font)
        self.given = _tree(["Rock", "Given to", "When", "Now owned by"])
        self.given_box = QWidget()
        box = QVBoxLayout(self.given_box)
        box.setContentsMargins(0, 6, 0, 0)
        box.addWidget(self.given_title)
        box.addWidget(self.given)
        log_box = QWidget()
        box = QVBoxLayout(log_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.log)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(log_box, 3)
        layout.addWidget(self.given_box, 2)

        for tree in (self.log, self.given):
            tree.itemDoubleClicked.connect(lambda item, _col: self._focus(item))
        controller.changed.connect(self._on_changed)
        controller.selection_changed.connect(self.schedule)
        controller.document_replaced.connect(self.schedule)
        controller.scenario_switched.connect(self.schedule)
        self.rebuild()

    # ------------------------------------------------------------ updates

    def _on_changed(self, changes: Changes, _keys: Any) -> None:
        if changes.has(MOVES):
            self.schedule()
        elif changes.has(PEOPLE_EDITED, STRUCTURE) and not changes.people.isdisjoint(self._ids):
            self.schedule()  # a rename or a removal of someone on screen
        elif changes.has(*ROCK_KINDS) and not changes.rocks.isdisjoint(self._ids):
            self.schedule()  # a rock on screen renamed, removed or with another owner

    def _name(self, pid: str | None) -> str:
        if pid is None:
            return "(unowned)"
        self._ids.add(pid)
        person = self.controller.plan.people.get(pid)
        return person.name if person else f"{pid} (removed)"

    def _rock(self, rid: str) -> str:
        self._ids.add(rid)
        rock = self.controller.plan.rocks.get(rid)
        return rock.title if rock else f"{rid} (removed)"

    def rebuild(self) -> None:
        """Rebuild both lists for the current selection."""
        self.refresh.timer.stop()
        self.refresh.dirty = False
        c = self.controller
        plan = c.plan
        self._ids = set()
        person = c.selected_people[0] if len(c.selected_people) == 1 and not c.selected_rocks else None
        rock = c.selected_rocks[0] if len(c.selected_rocks) == 1 and not c.selected_people else None
        if rock is not None:
            moves = [m for m in plan.moves if m.rock == rock]
            title = f"History of '{self._rock(rock)}'"
        elif person is not None:
            moves = [m for m in plan.moves if person in (m.from_, m.to)]
            title = f"Moves to and from {self._name(person)}"
        else:
            moves = plan.moves
            title = "All moves"
        count = f"{len(moves)} move{'s' * (len(moves) != 1)}" if moves else "no moves yet"
        self.title.setText(f"{title} ({count}, newest first)" if moves else f"{title}: {count}")
        self._fill_log(moves)
        self.given_box.setVisible(person is not None)
        if person is not None:
            self._fill_given(person)

    def _fill_log(self, moves: list[Move]) -> None:
        self.log.clear()
        rows = []
        for m in reversed(moves[-MAX_ROWS:]):
            item = QTreeWidgetItem(
                [when_text(m.when), self._rock(m.rock), self._name(m.from_), self._name(m.to), m.note]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, m.rock)
            for col, tip in enumerate((m.when, "", item.text(2), item.text(3), m.note)):
                item.setToolTip(col, plain_tip(tip or item.text(col)))
            rows.append(item)
        if len(moves) > MAX_ROWS:
            older = QTreeWidgetItem(["", f"… {len(moves) - MAX_ROWS} older moves not shown"])
            older.setFlags(Qt.ItemFlag.NoItemFlags)
            rows.append(older)
        self.log.addTopLevelItems(rows)
        self._fit(self.log)

    def _fill_given(self, person: str) -> None:
        """Each rock this person moved to someone else (latest such move) and its owner now."""
        plan = self.controller.plan
        latest: dict[str, Move] = {}
        for m in plan.moves:
            if m.from_ == person and m.to != person:
                latest[m.rock] = m
        self.given.clear()
        rows = []
        for rid, m in sorted(latest.items(), key=lambda kv: kv[1].when, reverse=True):
            rock = plan.rocks.get(rid)
            if rock is not None and rock.owner == person and rock.state == "active":
                continue  # back with them: not given away any more
            if rock is None:
                now = "(rock removed)"
            elif rock.state == "dropped":
                now = "nobody (dropped)"
            else:
                now = self._name(rock.owner)
            item = QTreeWidgetItem([self._rock(rid), self._name(m.to), when_text(m.when), now])
            item.setData(0, Qt.ItemDataRole.UserRole, rid)
            font = item.font(3)
            font.setBold(True)  # the answer to "who has my rock now?"
            item.setFont(3, font)
            if m.note:
                item.setToolTip(0, plain_tip(f"Note when moved: {m.note}"))
            rows.append(item)
        self.given.addTopLevelItems(rows)
        who = self._name(person)
        self.given_title.setText(
            f"Rocks I gave away — {who} ({len(rows)})" if rows else f"Rocks I gave away — {who}: none"
        )
        self._fit(self.given)

    def _fit(self, tree: QTreeWidget) -> None:
        for col in range(tree.columnCount() - 1):
            tree.resizeColumnToContents(col)
            tree.setColumnWidth(col, min(tree.columnWidth(col) + 14, 150))  # room between columns

    # -------------------------------------------------------------- focus

    def _focus(self, item: QTreeWidgetItem) -> None:
        rid = item.data(0, Qt.ItemDataRole.UserRole)
        if not rid:
            return
        if rid in self.controller.plan.rocks:
            self.controller.focus(rocks=[rid])
        else:
            self.controller.message.emit(f'Rock "{rid}" was removed from the plan')
