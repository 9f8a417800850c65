"""New, open, save, recent files, import, unsaved-changes prompts and recovery.

A file that fails to load shows the core's message and leaves the open
document as it was. The undo stack's clean state is the saved state.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from planner import fileio
from planner.errors import PlanError

RECENT_KEY = "files/recent"
MAX_RECENT = 8
FILE_FILTER = "Rocks plans (*.rocks.json);;JSON files (*.json);;All files (*)"


def recovery_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".rocks") / "recovery"


class DocumentActions(QObject):
    def __init__(self, window: QMainWindow, controller, settings: QSettings, recovery_dir: Path | None = None):
        super().__init__(window)
        self.window = window
        self.c = controller
        self.settings = settings
        self.session_id = uuid.uuid4().hex[:12]
        from ui.recovery import Autosaver, RecoveryStore

        self.store = RecoveryStore(recovery_dir or recovery_folder())
        self.autosaver = Autosaver(controller, self.store, self.session_id)

        def act(text: str, slot, shortcut=None, tip: str = "") -> QAction:
            action = QAction(text, window)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            window.addAction(action)
            return action

        self.new_action = act(
            "&New from template...", self.new_plan, QKeySequence.StandardKey.New, "Start a plan from a template"
        )
        self.open_action = act("&Open...", self.open_dialog, QKeySequence.StandardKey.Open, "Open a .rocks.json plan")
        self.save_action = act("&Save", self.save, QKeySequence.StandardKey.Save, "Save the plan")
        self.save_as_action = act("Save &As...", self.save_as, QKeySequence.StandardKey.SaveAs)
        self.import_action = act(
            "&Import spreadsheets...", self.import_sheets, None, "Build a plan from people/rocks CSV or XLSX"
        )
        self.quit_action = act("&Quit", window.close, QKeySequence.StandardKey.Quit)
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    def file_actions(self) -> list:
        return [
            self.new_action,
            self.open_action,
            self.recent_menu,
            None,
            self.save_action,
            self.save_as_action,
            None,
            self.import_action,
            None,
            self.quit_action,
        ]

    # ------------------------------------------------------------ prompts

    def maybe_save(self, reason: str = "continuing") -> bool:
        """Ask before discarding unsaved changes; True when it is fine to go on."""
        if not self.c.is_modified():
            return True
        name = self.c.path.name if self.c.path else self.c.plan.name
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to “{name}” before {reason}?")
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setObjectName("unsaved_prompt")
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def error(self, title: str, error: PlanError | str) -> None:
        from ui.dialogs import show_error

        if isinstance(error, PlanError):
            show_error(self.window, title, str(error), "\n".join(error.details))
        else:
            show_error(self.window, title, str(error))

    # ------------------------------------------------------------ actions

    def new_plan(self) -> None:
        if not self.maybe_save("starting a new plan"):
            return
        from planner.templates import load_template
        from ui.dialogs import TemplatePicker

        picker = TemplatePicker(parent=self.window)
        if not picker.exec():
            return
        from models import Plan

        try:
            plan = load_template(picker.chosen) if picker.chosen else Plan(name="New plan")
        except PlanError as e:
            self.error("Cannot create the plan", e)
            return
        self.c.replace(plan, None)

    def open_dialog(self) -> None:
        if not self.maybe_save("opening another plan"):
            return
        start = str(self.c.path.parent) if self.c.path else ""
        path, _ = QFileDialog.getOpenFileName(self.window, "Open plan", start, FILE_FILTER)
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        """Open a plan file; on failure show why and keep the current document."""
        if ask and not self.maybe_save("opening another plan"):
            return False
        try:
            plan = fileio.load(path)
        except PlanError as e:
            self.error("Cannot open the plan", e)
            return False
        self.c.replace(plan, Path(path))
        self.add_recent(Path(path))
        self.window.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def save(self) -> bool:
        if self.c.path is None:
            return self.save_as()
        return self.save_to(self.c.path)

    def save_as(self) -> bool:
        start = str(self.c.path) if self.c.path else f"{self.c.plan.name}.rocks.json"
        path, _ = QFileDialog.getSaveFileName(self.window, "Save plan as", start, FILE_FILTER)
        if not path:
            return False
        if not path.endswith(".json"):
            path += fileio.EXTENSION
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        try:
            fileio.save(self.c.plan, path)
        except PlanError as e:
            self.error("Cannot save the plan", e)
            return False
        self.c.set_path(path)
        self.c.undo_stack.setClean()
        self.add_recent(path)
        self.window.update_title()
        self.window.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def import_sheets(self) -> None:
        if not self.maybe_save("importing"):
            return
        people, _ = QFileDialog.getOpenFileName(
            self.window,
            "Import people (name, role, manager...)",
            "",
            "Spreadsheets (*.csv *.tsv *.txt *.xlsx);;All files (*)",
        )
        if not people:
            return
        rocks, _ = QFileDialog.getOpenFileName(
            self.window,
            "Import rocks (optional: Cancel to skip)",
            str(Path(people).parent),
            "Spreadsheets (*.csv *.tsv *.txt *.xlsx)",
        )
        from planner.importer import import_sheets

        try:
            result = import_sheets(people, rocks or None, None, name=Path(people).stem)
        except PlanError as e:
            self.error("Cannot import", e)
            return
        self.c.replace(result.plan, None)
        self.c.undo_stack.resetClean()  # an import is unsaved work
        self.window.update_title()
        if result.warnings:
            self.window.statusBar().showMessage("; ".join(result.warnings), 15000)

    # ------------------------------------------------------------- recent

    def recent(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent(self, path: Path) -> None:
        text = str(path.resolve())
        items = [text, *[p for p in self.recent() if p != text]][:MAX_RECENT]
        self.settings.setValue(RECENT_KEY, items)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        items = self.recent()
        if not items:
            self.recent_menu.addAction("(no recent files)").setEnabled(False)
        for path in items:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))

    # ----------------------------------------------------------- recovery

    def offer_recovery(self, ask=None) -> bool:
        """After a crash: offer to restore the newest recovery file. True if restored."""
        entries = self.store.pending(self.session_id)
        if not entries:
            return False
        entry = entries[0]
        if ask is None:
            where = entry.original or "an unsaved plan"
            answer = QMessageBox.question(
                self.window,
                "Recover unsaved work?",
                f"Rocks did not close normally. Restore the autosaved copy of {where} "
                f"(saved {entry.saved_at})?\n\nNo discards it.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            ok = answer == QMessageBox.StandardButton.Yes
        else:
            ok = ask(entry)
        if not ok:
            for e in entries:
                self.store.discard(e)
            return False
        try:
            plan = self.store.load(entry)
        except PlanError as e:
            self.error("Cannot restore the autosaved copy", e)
            return False
        self.c.replace(plan, Path(entry.original) if entry.original else None)
        self.c.undo_stack.resetClean()  # restored work is not saved yet
        self.store.discard(entry)
        self.window.update_title()
        self.window.statusBar().showMessage("Restored your unsaved work. Save it to keep it.", 10000)
        return True

    def shutdown(self) -> None:
        """Normal quit: the recovery file is no longer needed."""
        self.autosaver.stop_and_discard()
