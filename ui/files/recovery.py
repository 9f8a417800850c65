"""Crash recovery in the window: the Autosaver and the "Recover unsaved work" dialog.

The files themselves (store, sessions, damaged copies, temp clean-up) live in
the Qt-free planner.planfile.recovery. The Autosaver writes a recovery copy a moment
after the last change while the plan is unsaved; serialising and writing run
on a worker thread, so a 100k-person plan does not freeze the window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.planfile.atomic import FileStamp
from planner.planfile.background import BackgroundWriter, dump_document, release_document, snapshot_document
from planner.planfile.recovery import RecoveryEntry, RecoveryStore, Snapshot, check_session_id, human_time
from ui.core.plain import message_box, tip

__all__ = ["Autosaver", "RecoveryDialog", "RecoveryStore"]


class Autosaver(QObject):
    """Writes the recovery copy a moment after the last change, while the plan is unsaved.

    Every change restarts one single-shot timer and bumps a generation count.
    When the timer fires, a worker thread turns the plan into its JSON document
    (the GUI thread keeps the GIL most of the time and stays responsive); back
    on the GUI thread the document is kept only if no change happened meanwhile
    (so it is one consistent moment), then the worker serialises and writes it
    atomically. One worker runs the latest job only, so an older snapshot never
    lands after a newer one. Becoming clean (saved, or undone to the saved
    state) or a replaced document removes the copy; ``stop_and_discard`` (quit)
    waits for a running write.
    """

    written = Signal()  # a recovery copy was written
    failed = Signal(str)  # writing failed; the text says why (for the status bar)
    _dumped = Signal(object, int, object)  # worker -> GUI: document (or error text), generation, meta
    _finished = Signal(bool, str)  # worker -> GUI: written?, error

    def __init__(self, controller, store: RecoveryStore, session_id: str, delay_ms: int = 3000, parent=None):
        # Not a child of the controller: while a controller is deleted its undo stack
        # emits once more (clear()), which would reach a half-deleted child. Keep a
        # reference to the Autosaver instead (DocumentActions does).
        super().__init__(parent)
        self.controller = controller
        self.store = store
        self.session_id = check_session_id(session_id)
        self.base_stamp: Callable[[], FileStamp | None] = lambda: None  # the original file as last read
        self.writer = BackgroundWriter()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self._fire)
        self._stopped = False
        self._inherited: RecoveryEntry | None = None  # a restored copy not yet superseded (see adopt)
        self._generation = 0
        self._awaiting = False  # a document is on its way back from the worker
        queued = Qt.ConnectionType.QueuedConnection
        self._dumped.connect(self._on_dumped, queued)
        self._finished.connect(self._on_finished, queued)
        stack = controller.undo_stack
        controller.changed.connect(self._schedule)
        stack.indexChanged.connect(self._schedule)
        stack.cleanChanged.connect(self._on_clean_changed)
        controller.document_replaced.connect(self._on_replaced)
        controller.destroyed.connect(self._on_controller_destroyed)

    @property
    def pending(self) -> bool:
        """A write is scheduled or under way."""
        return self.timer.isActive() or self._awaiting or self.writer.busy

    def _schedule(self, *_args: object) -> None:
        self._generation += 1  # whatever the worker is dumping is now out of date
        if not self._stopped:
            self.timer.start()  # restarts a running timer: one write per pause in editing

    def _on_clean_changed(self, clean: bool) -> None:
        self._generation += 1
        if self._stopped:
            return
        if clean:
            self.timer.stop()
            self._discard()
        else:
            self._schedule()  # e.g. undo_stack.resetClean() after restoring a recovered plan

    def _on_replaced(self) -> None:
        self._generation += 1
        if self._stopped:
            return
        self.timer.stop()
        self._discard()

    def _on_controller_destroyed(self, *_args: object) -> None:
        # Teardown, not a save: keep whatever recovery copy exists (the undo stack's
        # clear() while it is deleted must not count as "clean").
        self._stopped = True
        self.timer.stop()

    def adopt(self, entry: RecoveryEntry) -> None:
        """After restoring ``entry``: keep its copy as this session's own, so a crash before
        the first autosave (a plan that crashes the app again) still finds the work.

        It goes when the restored plan is saved, a newer copy replaces it, the
        document is replaced or the app quits normally, like any copy of this session.
        """
        self.writer.cancel_pending()
        self.writer.wait()  # no write or discard of this session may land after the move
        plan = self.controller.book
        meta = self.store.meta_bytes(plan.name, self.controller.path, self.base_stamp(), saved_at=entry.saved_at)
        if not self.store.adopt(entry, self.session_id, meta):
            self._inherited = entry  # left where it is: removed once something supersedes it

    def _drop_inherited(self) -> None:
        entry, self._inherited = self._inherited, None
        if entry is not None:
            self.store.discard(entry)

    def _discard(self) -> None:
        """Remove this session's copy, after any write already under way (never before it)."""
        self.writer.cancel_pending()
        self._drop_inherited()
        if self.writer.busy:
            self.writer.submit(lambda: self.store.discard(self.session_id))
        else:
            self.store.discard(self.session_id)

    # ------------------------------------------------------------ writing

    def _fire(self) -> None:
        if self._stopped:
            return
        if not self.controller.is_modified():
            self._discard()
            return
        generation, plan = self._generation, self.controller.book
        meta = self.store.meta_bytes(plan.name, self.controller.path, self.base_stamp())
        self._awaiting = True

        def dump() -> None:
            try:
                doc: object = snapshot_document(plan)
            except RuntimeError:  # the GUI thread changed the plan mid-dump; that change reschedules
                doc = None
            except Exception as e:  # noqa: BLE001 - reported, never raised in a worker
                doc = f"Autosave failed: cannot serialise the plan ({e})"
            # In a box the worker empties again: freeing a 100k-person document takes
            # a few hundred ms, which must not happen on the GUI thread.
            self._dumped.emit([doc], generation, meta)

        self.writer.submit(dump)

    def _on_dumped(self, box: list, generation: int, meta: bytes) -> None:
        self._awaiting = False
        if isinstance(box[0], str):
            self.failed.emit(box[0])
            return
        if self._stopped or box[0] is None or generation != self._generation or not self.controller.is_modified():
            # Out of date: the change that made it so has restarted the timer.
            threading.Thread(target=release_document, args=(box.pop(),), name="rocks-autosave-free").start()
            return

        def write() -> None:
            doc = box.pop()
            try:
                data = dump_document(doc)
            except Exception as e:  # noqa: BLE001
                self._finished.emit(False, f"Autosave failed: cannot serialise the plan ({e})")
                return
            finally:
                release_document(doc)  # freed here, on the worker, a slice at a time
            ok = self.store.write_snapshot(Snapshot(data, meta), self.session_id)
            self._finished.emit(ok, self.store.last_error)

        self.writer.submit(write)

    def _on_finished(self, ok: bool, error: str) -> None:
        if ok:
            self._drop_inherited()  # a newer copy exists now
            self.written.emit()
        else:
            self.failed.emit(error)

    def flush(self) -> None:
        """Write now, on this thread, if a write is pending (before a risky operation)."""
        if self._stopped or not self.pending:
            return
        self.timer.stop()
        self._generation += 1  # a document still coming back from the worker is superseded
        self._awaiting = False
        self.writer.wait()
        if not self.controller.is_modified():
            self._drop_inherited()
            self.store.discard(self.session_id)
        elif self.store.write(self.controller.book, self.controller.path, self.session_id, self.base_stamp()):
            self._drop_inherited()
            self.written.emit()
        else:
            self.failed.emit(self.store.last_error)

    def stop_and_discard(self) -> None:
        """Normal quit: wait for a running write, stop for good, remove this session's copy."""
        self._stopped = True
        self._generation += 1
        self.timer.stop()
        self.writer.cancel_pending()
        self.writer.wait()
        self._drop_inherited()
        self.store.discard(self.session_id)


class RecoveryDialog(QDialog):
    """Lists every recoverable session: Restore the selected one, Discard selected, or Later."""

    def __init__(
        self, entries: list[RecoveryEntry], store: RecoveryStore, note: str = "", parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("recovery_dialog")
        self.setWindowTitle("Recover unsaved work")
        self.store = store
        self.chosen: RecoveryEntry | None = None
        self.discarded: list[RecoveryEntry] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Rocks did not close normally. These plans had changes that were not saved. "
            "Restore one, discard the ones you do not need, or decide later (they are kept)."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for entry in entries:
            item = QListWidgetItem(f"{entry.name}\n{entry.where()} · autosaved {human_time(entry.saved_time)}")
            item.setData(Qt.ItemDataRole.UserRole, entry)
            item.setToolTip(tip(str(entry.plan_path)))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self._restore())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.list)
        self.note = QLabel(note)
        self.note.setObjectName("recovery_note")
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # file and plan names are untrusted text
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton("&Restore")
        self.discard_button = QPushButton("&Discard selected")
        self.later_button = QPushButton("&Later")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard)
        self.later_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 320)
        self._update_buttons()

    def selected(self) -> list[RecoveryEntry]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(len(chosen) == 1)
        self.discard_button.setEnabled(bool(chosen))

    def _restore(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.chosen = chosen[0]
            self.accept()

    def _discard(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        names = "\n".join(f"• {e.name} ({e.where()})" for e in chosen)
        text = f"Discard {len(chosen)} autosaved plan(s)? This cannot be undone.\n\n{names}"
        box = message_box(QMessageBox.Icon.Warning, "Discard autosaved work?", text, "recovery_discard_confirm", self)
        box.setStandardButtons(QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Discard:
            return
        for item in self.list.selectedItems():
            entry = item.data(Qt.ItemDataRole.UserRole)
            self.store.discard(entry)
            self.discarded.append(entry)
            self.list.takeItem(self.list.row(item))
        if self.list.count() == 0:
            self.reject()
            return
        self.list.setCurrentRow(0)
        self._update_buttons()
