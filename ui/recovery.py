"""Crash recovery: autosaved copies of unsaved plans, offered again after a crash.

Each running window has a session id. While its plan has unsaved changes the
Autosaver keeps ``<session>.rocks.json`` (the plan, canonical form) and
``<session>.meta.json`` (original path, time, plan name, pid) in the recovery
folder, and removes both when the plan is saved, replaced or the app quits
normally. Files left behind by a process that is no longer running are what
``RecoveryStore.pending()`` offers at the next start. A recovery problem (a
read-only folder, a corrupt file) is logged and never stops the app.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from models import Plan
from planner import atomic, fileio
from planner.errors import PlanError, PlanFileError

log = logging.getLogger(__name__)

PLAN_SUFFIX = ".rocks.json"
META_SUFFIX = ".meta.json"
_SESSION_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def new_session_id() -> str:
    """A file-name-safe id, unique per window: time, pid and a random part."""
    return f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _check_session_id(session_id: str) -> str:
    if not _SESSION_RE.fullmatch(session_id) or session_id.endswith((PLAN_SUFFIX, META_SUFFIX)):
        raise ValueError(f"not a usable recovery session id: {session_id!r}")
    return session_id


# ------------------------------------------------------------ processes


def _process_start(pid: int) -> float | None:
    """When a process started (epoch seconds), where the OS says so cheaply (Linux); else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22, starttime, counted from field 3 after the name
        with open("/proc/stat") as f:
            boot = next(int(line.split()[1]) for line in f if line.startswith("btime"))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


_OWN_START = _process_start(os.getpid())


def pid_running(pid: int) -> bool:
    """True if a process with this id exists (a permission refusal still means it exists)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # ERROR_ACCESS_DENIED: exists, not ours
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _session_alive(pid: int | None, host: str, started: float | None) -> bool:
    """Is the process that wrote a recovery file still running (so its file is not ours to offer)?"""
    if pid is None or (host and host != socket.gethostname()):
        return False  # unknown, or another machine sharing the folder: offer it
    if not pid_running(pid):
        return False
    now_start = _process_start(pid)
    # A reused pid: the running process started after the one that wrote the file.
    return not (started is not None and now_start is not None and abs(now_start - started) > 2)


# ----------------------------------------------------------------- store


@dataclass(frozen=True, slots=True)
class RecoveryEntry:
    session_id: str
    plan_path: Path
    meta_path: Path
    original: Path | None  # the file the plan was opened from / saved to, None if never saved
    saved_at: str  # ISO 8601, UTC
    name: str  # the plan's name
    pid: int | None  # the process that wrote it
    host: str = ""
    started: float | None = None  # when that process started, to spot a reused pid

    @property
    def saved_time(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.saved_at)
        except ValueError:
            return None

    def describe(self) -> str:
        """One line for a "Recover unsaved work?" list."""
        when = self.saved_time
        stamp = when.astimezone().strftime("%Y-%m-%d %H:%M") if when else "unknown time"
        where = self.original.name if self.original else "never saved"
        return f"{self.name} ({where}), autosaved {stamp}"


class RecoveryStore:
    """The recovery folder. Every method is safe on a missing or read-only folder."""

    def __init__(self, folder: str | os.PathLike[str]):
        self.folder = Path(folder)
        self.last_error = ""

    def plan_path(self, session_id: str) -> Path:
        return self.folder / f"{_check_session_id(session_id)}{PLAN_SUFFIX}"

    def meta_path(self, session_id: str) -> Path:
        return self.folder / f"{_check_session_id(session_id)}{META_SUFFIX}"

    def write(self, plan: Plan, original_path: str | os.PathLike[str] | None, session_id: str) -> bool:
        """Save the plan and its meta atomically; False (and a logged warning) if that failed.

        The plan goes first, so a meta file always describes a complete plan file.
        """
        meta = {
            "original": str(original_path) if original_path else None,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "name": plan.name,
            "pid": os.getpid(),
            "started": _OWN_START,
            "host": socket.gethostname(),
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic.write_atomic(self.plan_path(session_id), fileio.dumps(plan))
            atomic.write_atomic(self.meta_path(session_id), json.dumps(meta, indent=2).encode("utf-8"))
        except (OSError, PlanError, TypeError, ValueError) as e:
            self.last_error = f"Autosave to {self.folder} failed: {e}"
            log.warning("%s", self.last_error)
            return False
        self.last_error = ""
        return True

    def entries(self) -> list[RecoveryEntry]:
        """Every readable session in the folder, newest first (corrupt or half-written ones skipped)."""
        try:
            metas = list(self.folder.glob(f"*{META_SUFFIX}"))
        except OSError as e:
            log.warning("cannot list recovery folder %s: %s", self.folder, e)
            return []
        out = [e for e in (self._read_entry(m) for m in metas) if e is not None]
        out.sort(key=lambda e: (e.saved_time or datetime.min.replace(tzinfo=UTC), e.session_id), reverse=True)
        return out

    def pending(self, own_session_id: str | None = None) -> list[RecoveryEntry]:
        """Sessions to offer for recovery: not ``own_session_id``, not written by a live process."""
        out = []
        for entry in self.entries():
            if entry.session_id == own_session_id:
                continue
            if _session_alive(entry.pid, entry.host, entry.started):
                continue  # this or another running Rocks process is still editing it
            out.append(entry)
        return out

    def load(self, entry: RecoveryEntry) -> Plan:
        """The recovered plan; PlanFileError naming the recovery file if it cannot be read."""
        try:
            return fileio.load(entry.plan_path)
        except PlanFileError as e:
            raise PlanFileError(
                f"The autosaved copy of '{entry.name}' cannot be read: {e}",
                source=str(entry.plan_path),
                details=e.details,
            ) from None

    def discard(self, entry_or_session_id: RecoveryEntry | str) -> None:
        """Remove a session's files (missing files are fine; failures are logged)."""
        if isinstance(entry_or_session_id, RecoveryEntry):
            paths = [entry_or_session_id.plan_path, entry_or_session_id.meta_path]
        else:
            paths = [self.plan_path(entry_or_session_id), self.meta_path(entry_or_session_id)]
        for path in paths:
            try:
                path.unlink(missing_ok=True)
            except OSError as e:
                log.warning("cannot remove recovery file %s: %s", path, e)

    def _read_meta(self, path: Path) -> dict | None:
        try:
            meta = json.loads(path.read_bytes())
        except (OSError, ValueError) as e:
            log.warning("ignoring unreadable recovery file %s: %s", path, e)
            return None
        return meta if isinstance(meta, dict) else None

    def _read_entry(self, meta_path: Path) -> RecoveryEntry | None:
        session_id = meta_path.name[: -len(META_SUFFIX)]
        if not _SESSION_RE.fullmatch(session_id):
            return None
        meta = self._read_meta(meta_path)
        plan_path = self.folder / f"{session_id}{PLAN_SUFFIX}"
        if meta is None or not plan_path.is_file():
            return None
        original, saved_at, name, pid = meta.get("original"), meta.get("saved_at"), meta.get("name"), meta.get("pid")
        host, started = meta.get("host"), meta.get("started")
        if not (
            (original is None or isinstance(original, str))
            and isinstance(saved_at, str)
            and isinstance(name, str)
            and (pid is None or (isinstance(pid, int) and not isinstance(pid, bool)))
        ):
            log.warning("ignoring recovery file %s: unexpected fields", meta_path)
            return None
        return RecoveryEntry(
            session_id,
            plan_path,
            meta_path,
            Path(original) if original else None,
            saved_at,
            name,
            pid,
            host if isinstance(host, str) else "",
            float(started) if isinstance(started, int | float) and not isinstance(started, bool) else None,
        )


# ------------------------------------------------------------- autosave


class Autosaver(QObject):
    """Writes the recovery copy a moment after the last change, while the plan is unsaved.

    Every change restarts one single-shot timer; when it fires the plan is
    written if it still differs from the saved file. Becoming clean (saved, or
    undone back to the saved state) or a replaced document removes the copy.
    Writing runs on the GUI thread: about 100 ms for a 10k-person plan, once
    per pause in editing. If that ever shows, serialise here (the plan must
    not change mid-dump) and move only the file write to a worker thread.
    """

    written = Signal()  # a recovery copy was written
    failed = Signal(str)  # writing failed; the text says why (for the status bar)

    def __init__(self, controller, store: RecoveryStore, session_id: str, delay_ms: int = 3000, parent=None):
        # Not a child of the controller: while a controller is deleted its undo stack
        # emits once more (clear()), which would reach a half-deleted child. Keep a
        # reference to the Autosaver instead (DocumentActions does).
        super().__init__(parent)
        self.controller = controller
        self.store = store
        self.session_id = _check_session_id(session_id)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self._fire)
        self._stopped = False
        stack = controller.undo_stack
        controller.changed.connect(self._schedule)
        stack.indexChanged.connect(self._schedule)
        stack.cleanChanged.connect(self._on_clean_changed)
        controller.document_replaced.connect(self._on_replaced)
        controller.destroyed.connect(self._on_controller_destroyed)

    @property
    def pending(self) -> bool:
        """A write is scheduled and has not happened yet."""
        return self.timer.isActive()

    def _schedule(self, *_args: object) -> None:
        if not self._stopped:
            self.timer.start()  # restarts a running timer: one write per pause in editing

    def _on_clean_changed(self, clean: bool) -> None:
        if self._stopped:
            return
        if clean:
            self.timer.stop()
            self.store.discard(self.session_id)
        else:
            self._schedule()  # e.g. undo_stack.resetClean() after restoring a recovered plan

    def _on_replaced(self) -> None:
        if self._stopped:
            return
        self.timer.stop()
        self.store.discard(self.session_id)

    def _on_controller_destroyed(self, *_args: object) -> None:
        # Teardown, not a save: keep whatever recovery copy exists (the undo stack's
        # clear() while it is deleted must not count as "clean").
        self._stopped = True
        self.timer.stop()

    def _fire(self) -> None:
        if self._stopped:
            return
        if not self.controller.is_modified():
            self.store.discard(self.session_id)
        elif self.store.write(self.controller.plan, self.controller.path, self.session_id):
            self.written.emit()
        else:
            self.failed.emit(self.store.last_error)

    def flush(self) -> None:
        """Write now if a write is pending (before a risky operation, or on app deactivate)."""
        if self.timer.isActive():
            self.timer.stop()
            self._fire()

    def stop_and_discard(self) -> None:
        """Normal quit: stop for good and remove this session's recovery copy."""
        self._stopped = True
        self.timer.stop()
        self.store.discard(self.session_id)
