"""Spreadsheet import off the GUI thread, behind a cancellable progress dialog.

planner.imports.importer.import_sheets runs in a Python thread; progress and the outcome
come back as Qt signals (queued to the GUI thread). Cancel stops the importer
between rows, so the open plan is never touched; a finished import replaces it
and lists every warning (nothing is dropped silently).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog

from planner.core.errors import PlanError, PlanImportError
from planner.core.text import elide, plural
from planner.imports.importer import PROGRESS_STEPS, ImportCancelled, ImportResult, import_sheets
from planner.imports.job import shown_details

LISTED_WARNINGS = 12  # in the message text; all of them go behind "Show Details..."


@runtime_checkable
class _Titled(Protocol):
    """A window whose title shows the document (ui.window.main_window.MainWindow); an import makes it unsaved."""

    def update_title(self) -> None: ...


class _Bridge(QObject):
    """Lives in the GUI thread; the worker thread emits, Qt queues the calls to the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)  # ImportResult
    failed = Signal(object)  # PlanError
    cancelled = Signal()


class ImportJob(QObject):
    """One import run: worker thread, progress dialog, and replacing the plan when it succeeds.

    ``state`` goes "running" -> "done" | "failed" | "cancelled"; ``finished`` fires once at the end.
    """

    finished = Signal(str)  # the final state
    show_after_ms = 400  # quick imports never flash a dialog

    def __init__(
        self,
        window: QMainWindow,
        controller,
        people: str | Path,
        rocks: str | Path | None = None,
        teams: str | Path | None = None,
        *,
        name: str | None = None,
        on_error: Callable[[PlanError], None] | None = None,
        options: dict | None = None,  # more import_sheets arguments (ui.files.import_mapping: mapping, header, lenient)
    ):
        super().__init__(window)
        self.window = window
        self.c = controller
        self.args = (people, rocks, teams)
        self.name = name
        self.on_error = on_error
        self.options = dict(options or {})
        self.state = "running"
        self.result: ImportResult | None = None
        self.error: PlanError | None = None
        self._stop = threading.Event()
        self.bridge = _Bridge(self)
        self.bridge.progressed.connect(self._progressed)
        self.bridge.succeeded.connect(self._succeeded)
        self.bridge.failed.connect(self._failed)
        self.bridge.cancelled.connect(self._cancelled)
        self.dialog = QProgressDialog(
            f"Importing {elide(Path(people).name, 60)}...", "Cancel", 0, PROGRESS_STEPS, window
        )
        self.dialog.setObjectName("import_progress")
        self.dialog.setWindowTitle("Import spreadsheets")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(self.show_after_ms)
        self.dialog.canceled.connect(self.cancel)
        self._thread = threading.Thread(target=self._run, name="rocks-import", daemon=True)

    def start(self) -> None:
        self.dialog.setValue(0)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the worker to stop at its next progress report (a few hundred rows at most)."""
        if self.state == "running":
            self._stop.set()
            self.dialog.setLabelText("Cancelling...")

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker thread ends (for shutdown); True if it did."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # ------------------------------------------------------- worker thread

    def _run(self) -> None:
        people, rocks, teams = self.args
        try:
            result = import_sheets(people, rocks, teams, name=self.name, progress=self._report, **self.options)
        except ImportCancelled:
            self._emit(self.bridge.cancelled)
        except PlanError as e:
            self._emit(self.bridge.failed, e)
        except Exception as e:  # a bug must not leave the progress dialog up forever
            self._emit(
                self.bridge.failed, PlanImportError(f"The import stopped on an unexpected error ({type(e).__name__})")
            )
        else:
            self._emit(self.bridge.succeeded, result)

    def _report(self, done: int, total: int) -> bool:
        return not self._stop.is_set() and self._emit(self.bridge.progressed, done, total)

    @staticmethod
    def _emit(signal, *args) -> bool:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window (and this job) is gone: stop quietly
            return False
        return True

    # ---------------------------------------------------------- GUI thread

    def _progressed(self, done: int, total: int) -> None:
        if self.state == "running" and not self._stop.is_set():
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _end(self, state: str) -> None:
        self.state = state
        self.dialog.close()
        self.dialog.deleteLater()
        self.finished.emit(state)

    def _succeeded(self, result: ImportResult) -> None:
        if self._stop.is_set():  # cancelled after the last check: the user said no, keep the plan
            self._cancelled()
            return
        self.result = result
        self._end("done")
        self.c.replace(result.plan, None)
        self.c.undo_stack.resetClean()  # an import is unsaved work
        if isinstance(self.window, _Titled):
            self.window.update_title()
        plan = result.plan
        what = f"Imported {plural(len(plan.people), 'person', 'people')} and {plural(len(plan.rocks), 'rock')}"
        if result.leavers:
            what += f"; {plural(result.leavers, 'leaver')} skipped"
        if not result.warnings:
            self.window.statusBar().showMessage(what, 10000)
            return
        self.window.statusBar().showMessage(
            f"{what}; {plural(len(result.warnings), 'warning')} (see the message)", 15000
        )
        show_warnings(self.window, what, result.warnings)

    def _failed(self, error: PlanError) -> None:
        self.error = error
        self._end("failed")
        (self.on_error or (lambda e: show_import_error(self.window, e)))(error)

    def _cancelled(self) -> None:
        self._end("cancelled")
        self.window.statusBar().showMessage("Import cancelled; the plan is unchanged", 10000)


def show_import_error(parent: QMainWindow, error: PlanError) -> QMessageBox:
    """The import's error box (ui.core.dialogs.show_error), as plain text: names from cells may look like HTML."""
    from ui.core.dialogs import show_error

    box = show_error(parent, "Cannot import", str(error), "\n".join(shown_details(error)))
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_warnings(parent: QMainWindow, what: str, warnings: list[str]) -> QMessageBox:
    """A non-blocking box listing the import's warnings; plain text, since cells are untrusted."""
    listed = [elide(w, 200) for w in warnings[:LISTED_WARNINGS]]
    if len(warnings) > LISTED_WARNINGS:
        listed.append(f"... and {plural(len(warnings) - LISTED_WARNINGS, 'more warning')} (Show Details...)")
    box = QMessageBox(
        QMessageBox.Icon.Information, "Import finished with warnings", "", QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("import_warnings")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"{what}. Check these {plural(len(warnings), 'warning')}:\n\n" + "\n".join(f"- {w}" for w in listed))
    box.setDetailedText("\n".join(warnings))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
