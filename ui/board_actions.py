"""Keyboard and menu twins of every board gesture, plus add/remove/split.

Each action works on the controller's selection, asks what it needs through
a dialog, and pushes one command. The board's context menu is built here too.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from models import Person, Rock
from planner.commands import (
    AddPerson,
    AddRock,
    MoveRocks,
    RemovePerson,
    RemoveRock,
    SplitRock,
    drop_rocks,
    restore_rocks,
    set_manager,
)
from ui.controller import DocController

SKIP_NOTE_KEY = "board/skip_handoff_note"


class BoardActions(QObject):
    def __init__(self, controller: DocController, window: QWidget, settings: QSettings):
        super().__init__(window)
        self.c = controller
        self.window = window
        self.settings = settings
        self.board = None  # set by the window: BoardScene, for reveal/collapse

        def act(text: str, slot, shortcut: str | QKeySequence | None = None, tip: str = "") -> QAction:
            action = QAction(text, window)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            window.addAction(action)
            return action

        self.move_to = act("&Move to...", self.do_move_to, "M", "Give the selected rocks to someone (search by name)")
        self.unassign = act("Make &unowned", self.do_unassign, "U", "Take the selected rocks off their owner")
        self.drop = act("&Drop", self.do_drop, "D", "Put the selected rocks on the ground (stop doing that work)")
        self.restore = act("&Restore", self.do_restore, "Shift+D", "Pick dropped rocks up again")
        self.split = act("&Split rock...", self.do_split, "S", "Split the selected rock into two")
        self.delete_rock = act(
            "Delete rock", self.do_delete_rock, "Ctrl+Shift+Del", "Delete the selected rocks for good"
        )
        self.report_to = act("Report &to...", self.do_report_to, "R", "Change whom the selected person reports to")
        self.add_person = act(
            "Add &person...", self.do_add_person, "Ctrl+Shift+N", "Add a direct report to the selected person"
        )
        self.add_rock = act("Add &rock...", self.do_add_rock, "Ctrl+Shift+R", "Add a rock to the selected person")
        self.remove_person = act(
            "Remove person", self.do_remove_person, "Del", "Remove the selected person; their rocks become unowned"
        )
        self.ask_note = QAction("Ask for a handoff note on moves", window)
        self.ask_note.setCheckable(True)
        self.ask_note.setChecked(not self._skip_note())
        self.ask_note.toggled.connect(lambda on: self.settings.setValue(SKIP_NOTE_KEY, not on))
        controller.selection_changed.connect(self.update_enabled)
        controller.changed.connect(lambda *_: self.update_enabled())
        self.update_enabled()

    def _skip_note(self) -> bool:
        value = self.settings.value(SKIP_NOTE_KEY, False)
        return value in (True, "true", "1", 1)

    def update_enabled(self) -> None:
        plan = self.c.plan
        rocks = [r for r in self.c.selected_rocks if r in plan.rocks]
        people = self.c.selected_people
        for action in (self.move_to, self.unassign, self.delete_rock):
            action.setEnabled(bool(rocks))
        self.drop.setEnabled(any(plan.rocks[r].state == "active" for r in rocks))
        self.restore.setEnabled(any(plan.rocks[r].state == "dropped" for r in rocks))
        self.split.setEnabled(len(rocks) == 1)
        self.report_to.setEnabled(len(people) == 1)
        self.remove_person.setEnabled(len(people) == 1)

    # --------------------------------------------------------- the note

    def note_for(self, rock_ids: list[str], to: str | None) -> tuple[bool, str]:
        """The handoff note popup (skippable; a setting skips it always)."""
        if self._skip_note():
            return True, ""
        from ui.dialogs import HandoffNoteDialog

        plan = self.c.plan
        dialog = HandoffNoteDialog(plan, rock_ids, to, parent=self.window)
        if not dialog.exec():
            return False, ""
        if dialog.dont_ask:
            self.settings.setValue(SKIP_NOTE_KEY, True)
            self.ask_note.setChecked(False)
        return True, dialog.note

    # ---------------------------------------------------------- actions

    def _rocks(self) -> list[str]:
        return [r for r in self.c.selected_rocks if r in self.c.plan.rocks]

    def do_move_to(self) -> None:
        rocks = self._rocks()
        if not rocks:
            return
        from ui.dialogs import PersonPicker

        title = "Move to..." if len(rocks) == 1 else f"Move {len(rocks)} rocks to..."
        ok, chosen = PersonPicker.ask(
            self.c.plan, title, allow_none="(nobody: leave unowned)", analysis=self.c.analysis, parent=self.window
        )
        if not ok:
            return
        todo = [r for r in rocks if self.c.plan.rocks[r].owner != chosen or self.c.plan.rocks[r].state == "dropped"]
        if not todo:
            return
        ok, note = self.note_for(todo, chosen)
        if ok:
            self.c.push(MoveRocks(todo, chosen, note))

    def do_unassign(self) -> None:
        rocks = [r for r in self._rocks() if self.c.plan.rocks[r].owner is not None]
        if rocks:
            ok, note = self.note_for(rocks, None)
            if ok:
                self.c.push(MoveRocks(rocks, None, note))

    def do_drop(self) -> None:
        rocks = [r for r in self._rocks() if self.c.plan.rocks[r].state == "active"]
        if rocks:
            self.c.push(drop_rocks(rocks))

    def do_restore(self) -> None:
        rocks = [r for r in self._rocks() if self.c.plan.rocks[r].state == "dropped"]
        if rocks:
            self.c.push(restore_rocks(rocks))

    def do_split(self) -> None:
        rocks = self._rocks()
        if len(rocks) != 1:
            return
        from ui.dialogs import SplitRockDialog

        dialog = SplitRockDialog(self.c.plan, rocks[0], parent=self.window)
        if dialog.exec():
            self.c.push(SplitRock(rocks[0], dialog.title, dialog.effort, owner=dialog.owner))

    def do_delete_rock(self) -> None:
        from planner.commands import Compound

        rocks = self._rocks()
        if not rocks:
            return
        children = [RemoveRock(r) for r in rocks]
        label = (
            f"Delete rock '{self.c.plan.rocks[rocks[0]].title}'" if len(rocks) == 1 else f"Delete {len(rocks)} rocks"
        )
        self.c.push(Compound(label, children))

    def do_report_to(self) -> None:
        people = self.c.selected_people
        if len(people) != 1:
            return
        from ui.dialogs import PersonPicker

        pid = people[0]
        plan = self.c.plan
        ok, chosen = PersonPicker.ask(
            plan,
            f"{plan.people[pid].name} reports to...",
            exclude={pid},
            allow_none="(nobody: top of the chart)",
            parent=self.window,
        )
        changed = ok and chosen != plan.people[pid].manager
        if changed and self.c.push(set_manager(plan, pid, chosen)) and self.board is not None and chosen:
            self.board.reveal(pid)

    def do_add_person(self) -> None:
        plan = self.c.plan
        manager = self.c.selected_people[0] if self.c.selected_people else None
        name, ok = QInputDialog.getText(self.window, "Add person", "Name:")
        if not ok or not name.strip():
            return
        role, ok = QInputDialog.getText(self.window, "Add person", f"Role of {name.strip()}:", text="Product Manager")
        if not ok:
            return
        pid = plan.new_id("p", plan.people)
        if self.c.push(AddPerson(Person(pid, name.strip(), role.strip(), manager=manager))):
            if self.board is not None:
                self.board.reveal(pid)
            self.c.focus([pid], [])

    def do_add_rock(self) -> None:
        plan = self.c.plan
        owner = self.c.selected_people[0] if self.c.selected_people else None
        title, ok = QInputDialog.getText(self.window, "Add rock", "Title:")
        if not ok or not title.strip():
            return
        labels = [d.label for d in plan.discipline_table.disciplines.values()]
        label, ok = QInputDialog.getItem(self.window, "Add rock", "Discipline:", labels, 3, False)
        if not ok:
            return
        discipline = next(d.id for d in plan.discipline_table.disciplines.values() if d.label == label)
        rid = plan.new_id("r", plan.rocks)
        if self.c.push(AddRock(Rock(rid, title.strip(), discipline, 10.0, owner))):
            self.c.focus([], [rid])

    def do_remove_person(self) -> None:
        people = self.c.selected_people
        if len(people) == 1:
            self.c.push(RemovePerson(people[0]))

    # ------------------------------------------------------ context menu

    def context_menu(self, kind: str, ident: str, view_actions: list[QAction]) -> QMenu:
        menu = QMenu(self.window)
        if kind == "rock":
            for action in (self.move_to, self.unassign, self.drop, self.restore, self.split):
                menu.addAction(action)
            menu.addSeparator()
            menu.addAction(self.delete_rock)
        elif kind == "person":
            for action in (self.report_to, self.add_person, self.add_rock):
                menu.addAction(action)
            if self.board is not None and self.board.children.get(ident):
                collapse = menu.addAction("Expand subtree" if ident in self.board.collapsed else "Collapse subtree")
                collapse.triggered.connect(lambda: self.board.toggle_collapsed(ident))
            menu.addSeparator()
            menu.addAction(self.remove_person)
        else:
            menu.addAction(self.add_person)
            menu.addSeparator()
            for action in view_actions:
                menu.addAction(action)
        return menu
