"""New, open, save, recent files, import, unsaved-changes prompts and recovery.

A file that fails to load shows the core's message and leaves the open
document as it was. The undo stack's clean state is the saved state.
Nothing is lost silently: the open file's stamp (size, mtime, hash) is kept
from open/save, a save over a file changed on disk asks first, the file is
watched while open, read-only plans are refused with an offer to Save As, and
after a crash every recoverable session is listed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QSettings, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from planner.core.errors import PlanError
from planner.planfile import atomic, fileio
from planner.planfile.atomic import FileStamp
from planner.planfile.recovery import RecoveryStore, new_session_id
from ui.core.actions import make_action
from ui.core.plain import message_box
from ui.files.prompts import ask_open_path, ask_save_path

log = logging.getLogger(__name__)

RECENT_KEY = "files/recent"
MAX_RECENT = 8
FILE_FILTER = "Rocks plans (*.rocks.json);;JSON files (*.json);;All files (*)"
CHANGED_ON_DISK = "The file changed on disk"  # the title of both boxes that say so


def recovery_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".rocks") / "recovery"


class DocumentActions(QObject):
    title_changed = Signal()  # the file or its saved state changed: the window retitles itself

    def __init__(self, window: QMainWindow, controller, settings: QSettings, recovery_dir: Path | None = None):
        super().__init__(window)
        self.window = window
        self.c = controller
        self.settings = settings
        self.session_id = new_session_id()  # carries the pid: an orphaned copy of a live window is left alone
        from ui.files.recovery import Autosaver

        self.store = RecoveryStore(recovery_dir or recovery_folder())
        self.autosaver = Autosaver(controller, self.store, self.session_id)
        self.autosaver.base_stamp = self.disk_stamp
        # The open file as we last read or wrote it: (path, stamp); stamp None = unknown base.
        self._disk: tuple[Path, FileStamp | None] | None = None
        self._changed_box: QMessageBox | None = None
        self._disk_check_timer = QTimer(self)  # editors and sync tools write in bursts
        self._disk_check_timer.setSingleShot(True)
        self._disk_check_timer.setInterval(300)
        self._disk_check_timer.timeout.connect(self.check_disk)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(lambda _path: self._disk_check_timer.start())
        controller.document_replaced.connect(self._forget_disk)

        def act(text: str, slot, shortcut=None, tip: str = "") -> QAction:
            return make_action(window, text, slot, shortcut, tip)

        self.new_action = act(
            "&New from template...", self.new_plan, QKeySequence.StandardKey.New, "Start a plan from a template"
        )
        self.open_action = act("&Open...", self.open_dialog, QKeySequence.StandardKey.Open, "Open a .rocks.json plan")
        self.save_action = act("&Save", self.save, QKeySequence.StandardKey.Save, "Save the plan")
        self.save_as_action = act("Save &As...", self.save_as, QKeySequence.StandardKey.SaveAs)
        self.import_action = act(
            "&Import spreadsheets...", self.import_sheets, None, "Build a plan from people/rocks CSV or XLSX"
        )
        # The platform's Quit keys; some platforms (Windows, a bare X session) have none: Ctrl+Q.
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]
        self.quit_action = act("&Quit", window.close)
        self.quit_action.setShortcuts(quit_keys)
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
        box.setTextFormat(Qt.TextFormat.PlainText)  # a plan or file name
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

    def error(self, title: str, error: PlanError | str, note: str = "") -> None:
        from ui.core.dialogs import show_error

        if isinstance(error, PlanError):
            show_error(self.window, title, str(error), "\n".join(error.details), note)
        else:
            show_error(self.window, title, str(error), note=note)

    # ------------------------------------------------------------ actions

    def new_plan(self) -> None:
        if not self.maybe_save("starting a new plan"):
            return
        from planner.planfile.templates import load_template
        from ui.core.dialogs import TemplatePicker

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
        path = ask_open_path(self.window, "Open plan", start, FILE_FILTER)
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str | Path, ask: bool = True, instead: str = "") -> bool:
        """Open a plan file; on failure show why and keep the current document.

        ``instead``: what the user sees when it fails, said in the error ("the sample plan"
        when the file was named on the command line and the sample is what opened)."""
        if ask and not self.maybe_save("opening another plan"):
            return False
        try:
            fileio.check_plan_file(path)  # a pipe or device is refused before the stamp reads it
            stamp = FileStamp.of(path)  # before reading: a change in between shows up as a conflict later
            plan = fileio.load(path)
        except PlanError as e:
            note = f"{instead[:1].upper()}{instead[1:]} is open instead." if instead else ""
            self.error("Cannot open the plan", e, note)
            if instead:
                self.window.statusBar().showMessage(f"Could not open {Path(path).name}: {note}", 30000)
            return False
        self.c.replace(plan, Path(path))
        self.remember_disk(Path(path), stamp)
        self.add_recent(Path(path))
        self.window.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def save(self) -> bool:
        if self.c.path is None:
            return self.save_as()
        return self.save_to(self.c.path)

    def save_as(self) -> bool:
        """Ask for a file name; a name typed without ``.rocks.json`` whose extended form exists is
        confirmed here (the file dialog only asked about the name as typed)."""
        if self.c.path:
            start = str(self.c.path)
        else:
            start = str(Path(self._last_folder()) / f"{atomic.safe_file_name(self.c.plan.name)}{fileio.EXTENSION}")
        path = ask_save_path(self.window, "Save plan as", start, FILE_FILTER, fileio.EXTENSION, accepted=(".json",))
        return path is not None and self.save_to(path, confirmed=True)

    def save_to(self, path: Path, confirmed: bool = False) -> bool:
        """Save to ``path``; a file changed on disk since we read it asks first (unless the user
        ``confirmed`` overwriting it), a read-only one is refused with an offer to Save As."""
        path = Path(path)
        problem = atomic.write_problem(path)
        if problem:
            return self._refuse_read_only(problem)
        if not confirmed:
            decision = self._check_conflict(path)
            if decision != "overwrite":
                return decision == "saved"
        try:
            stamp = atomic.write_atomic(path, fileio.dumps(self.c.book))
        except PlanError as e:
            self.error("Cannot save the plan", e)
            return False
        self.c.set_path(path)
        self.remember_disk(path, stamp)
        self.c.undo_stack.setClean()
        self.add_recent(path)
        self.title_changed.emit()
        self.window.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def _last_folder(self) -> str:
        recent = self.recent()
        return str(Path(recent[0]).parent) if recent else ""

    def _refuse_read_only(self, problem: str) -> bool:
        text = f"{problem}.\n\nSave a copy under another name instead?"
        box = message_box(QMessageBox.Icon.Warning, "Cannot save the plan", text, "read_only_prompt", self.window)
        save_as = box.addButton("Save &As...", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        return box.clickedButton() is save_as and self.save_as()

    def _check_conflict(self, path: Path) -> str:
        """What to do: "overwrite" (go ahead), "saved" (Save As did it) or "stop" (reloaded, cancelled)."""
        if self._disk is None or not _same_file(self._disk[0], path):
            return "overwrite"
        recorded = self._disk[1]
        current = FileStamp.of(path)
        if current is None or (recorded is not None and recorded.same_content(current)):
            return "overwrite"  # deleted (saving writes it again) or unchanged
        box = message_box(
            QMessageBox.Icon.Warning,
            CHANGED_ON_DISK,
            f"{path} was changed on disk since you opened or last saved it, by another window or program.",
            "conflict_prompt",
            self.window,
            "Reload: discard your changes and load the file as it is now.\n"
            "Overwrite: replace the file with your version (their changes are lost).\n"
            "Save As: keep both.",
        )
        reload_button = box.addButton("&Reload", QMessageBox.ButtonRole.DestructiveRole)
        overwrite_button = box.addButton("&Overwrite", QMessageBox.ButtonRole.AcceptRole)
        save_as_button = box.addButton("Save &As...", QMessageBox.ButtonRole.ActionRole)
        cancel_button = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel_button)
        box.exec()
        clicked = box.clickedButton()
        if clicked is overwrite_button:
            return "overwrite"
        if clicked is save_as_button:
            return "saved" if self.save_as() else "stop"
        if clicked is reload_button:
            self.reload()
        return "stop"

    def import_sheets(self) -> None:
        if not self.maybe_save("importing"):
            return
        people = ask_open_path(
            self.window,
            "Import people (name, role, manager...)",
            "",
            "Spreadsheets (*.csv *.tsv *.txt *.xlsx);;All files (*)",
        )
        if not people:
            return
        from ui.files.import_mapping import run_import

        # The column preview stays open through the import: the people file first, its problems
        # listed there; the rocks file is asked for once it passed. Each step runs off the GUI
        # thread (ui.files.import_worker) with a cancellable progress dialog; the plan is replaced
        # only when the whole import succeeded.
        run_import(self, people)

    # ------------------------------------------------------------- recent

    def recent(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):  # QSettings gives one item back as a plain string
            value = [value]
        return [str(v) for v in value] if isinstance(value, list | tuple) else []

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

    # ------------------------------------------------------ file on disk

    def disk_stamp(self) -> FileStamp | None:
        """The open file as we last read or wrote it (None if unknown or no file)."""
        if self._disk is None or self.c.path is None or not _same_file(self._disk[0], self.c.path):
            return None
        return self._disk[1]

    def remember_disk(self, path: Path, stamp: FileStamp | None) -> None:
        """Record what the open file looks like and watch it for changes by others."""
        self._disk = (Path(path), stamp)
        files = self.watcher.files()
        if files:
            self.watcher.removePaths(files)
        if Path(path).exists():
            self.watcher.addPath(str(path))

    def _forget_disk(self) -> None:
        self._disk = None
        files = self.watcher.files()
        if files:
            self.watcher.removePaths(files)

    def check_disk(self) -> None:
        """The watched file changed: reload it quietly if nothing is unsaved, else tell the user."""
        if self._disk is None or self.c.path is None or not _same_file(self._disk[0], self.c.path):
            return
        path, recorded = self._disk
        if path.exists() and str(path) not in self.watcher.files():
            self.watcher.addPath(str(path))  # an atomic rename replaced the inode: the watch was dropped
        current = FileStamp.of(path)
        status = self.window.statusBar()
        if current is None:
            status.showMessage(f"{path} was moved or deleted on disk; Save writes it again.", 15000)
            return
        if recorded is not None and recorded.same_content(current):
            self._disk = (path, current)  # our own save, or touched without a change
            return
        if not self.c.is_modified():
            if self.reload(quiet=True):
                status.showMessage(f"Reloaded {path.name}: it was changed on disk by another program.", 15000)
            return
        self._offer_reload(path)

    def _offer_reload(self, path: Path) -> None:
        """Non-blocking: the user keeps working and answers when they like."""
        if self._changed_box is not None and self._changed_box.isVisible():
            return
        box = message_box(
            QMessageBox.Icon.Warning,
            CHANGED_ON_DISK,
            f"{path} was changed on disk by another window or program.",
            "changed_on_disk",
            self.window,
            "You have unsaved changes. Reload to discard them and load the file as it is now, "
            "or keep yours (saving will ask before overwriting).",
        )
        reload_button = box.addButton("&Reload", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("&Keep mine", QMessageBox.ButtonRole.RejectRole)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.buttonClicked.connect(lambda button: self.reload() if button is reload_button else None)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "_changed_box", None))
        self._changed_box = box
        box.show()
        self.window.statusBar().showMessage(f"{path.name} changed on disk.", 15000)

    def reload(self, quiet: bool = False) -> bool:
        """Load the open file again as it is on disk (unsaved changes are dropped)."""
        path = self.c.path
        if path is None:
            return False
        try:
            fileio.check_plan_file(path)  # a pipe or device is refused before the stamp reads it
            stamp = FileStamp.of(path)
            plan = fileio.load(path)
        except PlanError as e:
            if quiet:
                self.window.statusBar().showMessage(f"{path} changed on disk but cannot be read: {e}", 15000)
            else:
                self.error("Cannot reload the plan", e)
            return False
        self.c.replace(plan, path)
        self.remember_disk(path, stamp)
        self.title_changed.emit()
        return True

    # ----------------------------------------------------------- recovery

    def offer_recovery(self, ask=None) -> bool:
        """After a crash: list every recoverable session and restore the chosen one. True if restored.

        ``ask(entry) -> bool`` replaces the dialog (scripts, tests): True restores the
        newest, False keeps them all for the next start. Damaged copies are named and
        moved aside so they do not come back at every start.
        """
        for path in self.store.clean_temps():
            log.info("removed a stale recovery temp file %s", path)
        scan = self.store.pending_scan(self.session_id)
        note = self._set_aside(scan.damaged)
        entries = scan.entries
        while entries:
            if ask is not None:
                entry = entries[0] if ask(entries[0]) else None
            else:
                from ui.files.recovery import RecoveryDialog

                dialog = RecoveryDialog(entries, self.store, note, self.window)
                dialog.exec()
                entry = dialog.chosen
                entries = [e for e in entries if e not in dialog.discarded]
            if entry is None:
                if note:
                    self.window.statusBar().showMessage(note, 20000)
                return False
            try:
                plan = self.store.load(entry)
            except PlanError as e:
                entries.remove(entry)
                self.store.set_aside(entry)
                note = f"{note}\n{e} It was moved to {self.store.folder / 'damaged'}.".strip()
                if ask is not None or not entries:
                    self.error("Cannot restore the autosaved copy", e)
                    return False
                continue
            self._restore(entry, plan)
            return True
        if note:
            self.error("Some autosaved work could not be read", note)
        return False

    def _set_aside(self, damaged) -> str:
        """Move damaged copies out of the way; the text that tells the user which and where."""
        if not damaged:
            return ""
        for item in damaged:
            self.store.set_aside(item)
        lines = "\n".join(f"• {item.describe()}" for item in damaged)
        return f"These autosaved copies could not be read and were moved to {self.store.folder / 'damaged'}:\n{lines}"

    def _restore(self, entry, plan) -> None:
        original = Path(entry.original) if entry.original else None
        self.c.replace(plan, original)
        if original is not None:
            # Saving compares the file with what the copy was based on (unknown: any existing file).
            self.remember_disk(original, entry.base_stamp)
        self.c.undo_stack.resetClean()  # restored work is not saved yet
        self.autosaver.adopt(entry)  # its copy stays until saved or a newer one exists: a crash now loses nothing
        self.title_changed.emit()
        self.window.statusBar().showMessage("Restored your unsaved work. Save it to keep it.", 10000)

    def shutdown(self) -> None:
        """Normal quit: wait for a running autosave; the recovery file is no longer needed."""
        self.autosaver.stop_and_discard()


def _same_file(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)
