"""Keyboard and menu twins of every board gesture, plus add/remove/split.

Each action works on the controller's selection, asks what it needs through
a dialog, gets the command (or a refusal) from planner.editing.operations and hands it
to the window's runner (ui.core.runner: it asks a move's handoff note and pushes).
The board's context menu is built here too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from planner.core.text import elide, plural
from planner.editing import operations as ops
from planner.editing.operations import Outcome, Refusal
from ui.core.actions import make_action
from ui.core.controller import DocController
from ui.core.runner import Runner

INITIATOR = "board"


class BoardActions(QObject):
    def __init__(self, controller: DocController, window: QWidget, runner: Runner):
        super().__init__(window)
        self.c = controller
        self.window = window
        self.runner = runner
        self.board: Any = None  # set by the window: BoardScene, for reveal/collapse

        def act(text: str, slot, shortcut=None, tip: str = "") -> QAction:
            return make_action(window, text, slot, shortcut, tip)

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
            "Add &person...", self.do_add_person, "Ctrl+Shift+N", "Add a person (under the selected person by default)"
        )
        self.add_rock = act(
            "Add &rock...", self.do_add_rock, "Ctrl+Shift+R", "Add a rock (owned by the selected person by default)"
        )
        self.add_team = act(
            "&New team...",
            self.do_add_team,
            "Ctrl+Shift+T",
            "Add a team: engineers, lead and growth plan (led by the selected person by default)",
        )
        self.remove_person = act(
            "Remove person...", self.do_remove_person, "Del", "Remove the selected person; their rocks become unowned"
        )
        self.seed = act(
            "Seed rocks from &roles",
            self.do_seed,
            "Ctrl+Alt+S",
            "Give each person the typical rocks of their role, as estimates to adjust (one undo step)",
        )
        self.ask_note = runner.ask_note  # Edit > Ask for a handoff note on moves
        controller.selection_changed.connect(self.update_enabled)
        controller.changed.connect(self._on_changed)  # bound methods: disconnected when this goes
        self.update_enabled()

    def _on_changed(self, *_args) -> None:
        self.update_enabled()

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

    # ------------------------------------------------------------ commit

    def _run(self, outcome: Outcome | None) -> bool:
        """Hand a board intent to the runner; True if a command was pushed."""
        return self.runner.run(outcome, INITIATOR)

    # ---------------------------------------------------------- actions

    def _rocks(self) -> list[str]:
        return [r for r in self.c.selected_rocks if r in self.c.plan.rocks]

    def _person(self) -> str | None:
        people = [p for p in self.c.selected_people if p in self.c.plan.people]
        return people[0] if len(people) == 1 else None

    def do_move_to(self) -> None:
        rocks = self._rocks()
        if not rocks:
            return
        from ui.core.dialogs import PersonPicker

        title = "Move to..." if len(rocks) == 1 else f"Move {len(rocks)} rocks to..."
        plan = self.c.plan
        ok, chosen = PersonPicker.ask(
            plan,
            title,
            allow_none="(nobody: leave unowned)",
            analysis=self.c.analysis,
            parent=self.window,
            current=next(iter(plan.people), None),  # a person: Enter alone never leaves a rock unowned
        )
        if ok and self._run(ops.move_rocks(self.c.plan, rocks, chosen)) and chosen:
            self._show(chosen)

    def _show(self, pid: str) -> None:
        """Keep the receiver in sight after a keyboard or menu move."""
        views = self.board.views() if self.board is not None else []
        if views:
            views[0].show_person(pid)

    def do_unassign(self) -> None:
        self._run(ops.move_rocks(self.c.plan, self._rocks(), None))

    def do_drop(self) -> None:
        self._run(ops.drop_rocks(self.c.plan, self._rocks()))

    def do_restore(self) -> None:
        self._run(ops.restore_rocks(self.c.plan, self._rocks()))

    def do_split(self) -> None:
        rocks = self._rocks()
        if len(rocks) != 1:
            return
        from ui.core.dialogs import SplitRockDialog

        dialog = SplitRockDialog(self.c.plan, rocks[0], parent=self.window)
        if dialog.exec():
            self._run(ops.split_rock(self.c.plan, rocks[0], dialog.title, dialog.effort, dialog.owner))

    def do_seed(self) -> None:
        """Seed rocks from roles: one Compound command, so one Ctrl+Z removes them all."""
        from planner.imports.seed import count_seeded, seed_rocks

        outcome = seed_rocks(self.c.plan)
        if isinstance(outcome, Refusal):
            self.c.message.emit(outcome.reason)  # quiet, but the user asked: say why nothing happened
            return
        rocks, people = count_seeded(outcome)
        if self._run(outcome):
            self.c.message.emit(
                f"Seeded {plural(rocks, 'rock')} on {plural(people, 'person', 'people')}: "
                "dashed chips are estimates, adjust their effort"
            )

    def do_delete_rock(self) -> None:
        self._run(ops.delete_rocks(self.c.plan, self._rocks()))

    def do_report_to(self) -> None:
        pid = self._person()
        if pid is None:
            return
        from ui.core.dialogs import PersonPicker

        plan = self.c.plan
        ok, chosen = PersonPicker.ask(
            plan,
            f"{elide(plan.people[pid].name)} reports to...",
            exclude={pid},
            allow_none="(nobody: top of the chart)",
            parent=self.window,
            current=plan.people[pid].manager,
        )
        if ok and self._run(ops.reparent(plan, pid, chosen)) and self.board is not None and chosen:
            self.board.reveal(pid)
            self._show(pid)

    def do_add_person(self) -> None:
        from ui.dialogs.add import AddPersonDialog

        dialog = AddPersonDialog(self.c.plan, manager=self._person(), parent=self.window)
        if dialog.exec() and dialog.outcome is not None and self._run(dialog.outcome):
            pid = dialog.outcome.person.id
            if self.board is not None:
                self.board.reveal(pid)
            self.c.focus([pid], [])

    def do_add_rock(self) -> None:
        from ui.dialogs.add import AddRockDialog

        dialog = AddRockDialog(self.c.plan, owner=self._person(), parent=self.window)
        if dialog.exec() and dialog.outcome is not None and self._run(dialog.outcome):
            self.c.focus([], [dialog.outcome.rock.id])

    def do_add_team(self) -> None:
        from ui.dialogs.add import AddTeamDialog

        dialog = AddTeamDialog(self.c.plan, lead=self._person(), parent=self.window)
        if dialog.exec() and dialog.outcome is not None and self._run(dialog.outcome):
            inspector = getattr(self.window, "inspector", None)
            if inspector is not None:  # show the new team's page: its growth plan is edited there
                inspector.show_team(dialog.outcome.team.id)
            self.c.message.emit(f"Added team {elide(dialog.outcome.team.name)}")

    def do_remove_person(self) -> None:
        """Remove the selected person after saying where their reports and rocks go."""
        pid = self._person()
        if pid is None:
            return
        plan = self.c.plan
        person = plan.people[pid]
        reports = [p.id for p in plan.people.values() if p.manager == pid]
        owns = any(r.owner == pid for r in plan.rocks.values())
        if reports or owns:
            box = QMessageBox(
                QMessageBox.Icon.Question if reports else QMessageBox.Icon.NoIcon,
                "Remove person",
                ops.removal_impact(plan, pid),
                QMessageBox.StandardButton.Cancel,
                self.window,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)
            remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
            # Reports move up the chart: a reflexive Enter should not do that.
            box.setDefaultButton(QMessageBox.StandardButton.Cancel if reports else remove)
            box.setEscapeButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            box.deleteLater()
            if box.clickedButton() is not remove:
                return
        name, manager = elide(person.name), person.manager
        if not self._run(ops.remove_person(plan, pid)):
            return
        if not reports:
            self.c.message.emit(f"Removed {name}")
            return
        one = len(reports) == 1
        if manager in plan.people:
            where = f"{'reports' if one else 'report'} to {elide(plan.people[manager].name)} now"
        else:
            where = f"{'is' if one else 'are'} now at the top of the chart"
        self.c.message.emit(f"Removed {name}: {plural(len(reports), 'direct report')} {where}")

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
            if self.board is not None and self.board.reports.get(ident):
                collapse = menu.addAction("Expand subtree" if ident in self.board.collapsed else "Collapse subtree")
                collapse.triggered.connect(lambda: self.board.toggle_collapsed(ident))
            menu.addSeparator()
            menu.addAction(self.remove_person)
        else:
            menu.addAction(self.add_person)
            menu.addAction(self.add_rock)
            menu.addAction(self.add_team)
            menu.addSeparator()
            for action in view_actions:
                menu.addAction(action)
        return menu
