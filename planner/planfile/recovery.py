"""Crash-recovery files: the store and its sessions. No Qt (the writes run on the worker of
planner.planfile.background).

Each running window has a session id. While its plan has unsaved changes the
autosaver keeps ``<session>.rocks.json`` (the plan, canonical form) and
``<session>.meta.json`` (original path and its stamp, time, plan name, pid) in
the recovery folder, and removes both when the plan is saved, replaced or the
app quits normally. A restored copy is taken over by the restoring session
(``adopt``) rather than deleted, so a second crash before that session's first
autosave still finds the work. Files left behind by a process that is no longer running
are what ``RecoveryStore.scan()`` offers at the next start; copies that cannot
be read are reported as damaged and moved to ``damaged/`` so they do not come
back at every start. A recovery problem never stops the app.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson

from models import Plan
from planner.core.errors import PlanError, PlanFileError
from planner.planfile import atomic, fileio
from planner.planfile.atomic import FileStamp, pid_running

log = logging.getLogger(__name__)

PLAN_SUFFIX = ".rocks.json"
META_SUFFIX = ".meta.json"
DAMAGED_FOLDER = "damaged"
ORPHAN_MIN_AGE = 30.0  # seconds: a plan copy without meta younger than this may be mid-write
TEMP_MAX_AGE = 300.0  # seconds: recovery temp files of a dead process older than this are junk
_QUICK_CHECK_LIMIT = 16 * 1024 * 1024  # bigger copies get a cheap shape check, full parse on restore
_SESSION_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_SESSION_PID_RE = re.compile(r"\d{8}-\d{6}-(\d+)-[0-9a-f]{8}")



def new_session_id() -> str:
    """A file-name-safe id, unique per window: time, pid and a random part."""
    import uuid

    return f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def check_session_id(session_id: str) -> str:
    if not _SESSION_RE.fullmatch(session_id) or session_id.endswith((PLAN_SUFFIX, META_SUFFIX)):
        raise ValueError(f"not a usable recovery session id: {session_id!r}")
    return session_id


_check_session_id = check_session_id


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


def _session_alive(pid: int | None, host: str, started: float | None) -> bool:
    """Is the process that wrote a recovery file still running (so its file is not ours to offer)?"""
    if pid is None or (host and host != socket.gethostname()):
        return False  # unknown, or another machine sharing the folder: offer it
    if not pid_running(pid):
        return False
    now_start = _process_start(pid)
    # A reused pid: the running process started after the one that wrote the file.
    return not (started is not None and now_start is not None and abs(now_start - started) > 2)


# ------------------------------------------------------------------ times


def human_time(when: datetime | None, now: datetime | None = None) -> str:
    """Local time a person reads at a glance: "today 14:32", "yesterday 09:10", "3 Dec 14:32"."""
    if when is None:
        return "unknown time"
    local = when.astimezone() if when.tzinfo else when
    today = (now or datetime.now(local.tzinfo)).date()
    clock = f"{local.hour:02d}:{local.minute:02d}"
    days = (today - local.date()).days
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"yesterday {clock}"
    month = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[local.month - 1]
    year = "" if local.year == today.year else f" {local.year}"
    return f"{local.day} {month}{year} {clock}"


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
    base_stamp: FileStamp | None = None  # the original file as the plan was based on it
    from_orphan: bool = False  # the meta file was missing or unreadable: name and time from the plan copy

    @property
    def saved_time(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.saved_at)
        except ValueError:
            return None

    def where(self) -> str:
        return str(self.original) if self.original else "unsaved plan"

    def describe(self, now: datetime | None = None) -> str:
        """One line for a "Recover unsaved work?" list."""
        where = self.original.name if self.original else "unsaved plan"
        return f"{self.name} ({where}), autosaved {human_time(self.saved_time, now)}"


@dataclass(frozen=True, slots=True)
class DamagedCopy:
    """A recovery copy that cannot be offered: which files, and why."""

    session_id: str
    paths: tuple[Path, ...]
    reason: str

    def describe(self) -> str:
        return f"{', '.join(p.name for p in self.paths)}: {self.reason}"


@dataclass(slots=True)
class RecoveryScan:
    entries: list[RecoveryEntry] = field(default_factory=list)  # newest first
    damaged: list[DamagedCopy] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A plan as autosave will write it: the file's bytes and its meta, taken at one moment."""

    data: bytes
    meta: bytes


class RecoveryStore:
    """The recovery folder. Every method is safe on a missing or read-only folder."""

    def __init__(self, folder: str | os.PathLike[str]):
        self.folder = Path(folder)
        self.last_error = ""

    def plan_path(self, session_id: str) -> Path:
        return self.folder / f"{check_session_id(session_id)}{PLAN_SUFFIX}"

    def meta_path(self, session_id: str) -> Path:
        return self.folder / f"{check_session_id(session_id)}{META_SUFFIX}"

    # ---------------------------------------------------------- writing

    @staticmethod
    def meta_bytes(
        name: str,
        original: str | os.PathLike[str] | None,
        base_stamp: FileStamp | None = None,
        saved_at: str | None = None,
    ) -> bytes:
        meta = {
            "original": str(original) if original else None,
            "saved_at": saved_at or datetime.now(UTC).isoformat(timespec="seconds"),
            "name": name,
            "pid": os.getpid(),
            "started": _OWN_START,
            "host": socket.gethostname(),
            "original_stamp": base_stamp.to_json() if base_stamp else None,
        }
        return json.dumps(meta, indent=2).encode("utf-8")

    def snapshot(
        self, plan: Plan, original: str | os.PathLike[str] | None, base_stamp: FileStamp | None = None
    ) -> Snapshot:
        return Snapshot(fileio.dumps(plan), self.meta_bytes(plan.name, original, base_stamp))

    def write(
        self,
        plan: Plan,
        original_path: str | os.PathLike[str] | None,
        session_id: str,
        base_stamp: FileStamp | None = None,
    ) -> bool:
        """Save the plan and its meta atomically; False (and a logged warning) if that failed."""
        try:
            snap = self.snapshot(plan, original_path, base_stamp)
        except (TypeError, ValueError) as e:
            return self._failed(e)
        return self.write_snapshot(snap, session_id)

    def write_snapshot(self, snap: Snapshot, session_id: str) -> bool:
        """Write a snapshot (safe from a worker thread). The plan goes first, so a meta file
        always describes a complete plan file."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic.write_atomic(self.plan_path(session_id), snap.data)
            atomic.write_atomic(self.meta_path(session_id), snap.meta)
        except (OSError, PlanError, ValueError) as e:
            return self._failed(e)
        self.last_error = ""
        return True

    def adopt(self, entry: RecoveryEntry, session_id: str, meta: bytes) -> bool:
        """Make a restored session's copy ``session_id``'s own: the same plan file under the
        new session's name, with ``meta`` (this process) beside it.

        So the recovered work stays on disk until the restored plan is saved, a newer
        copy replaces it or the user drops it, exactly like any autosave of this
        session, and a live window never sees it offered twice. False (the entry's files
        left as they were, and logged) if it could not be moved.
        """
        if entry.session_id == session_id:
            return True
        try:
            os.replace(entry.plan_path, self.plan_path(session_id))
        except OSError as e:
            log.warning("cannot take over recovery copy %s: %s", entry.plan_path, e)
            return False
        try:
            atomic.write_atomic(self.meta_path(session_id), meta)
        except (OSError, PlanError) as e:  # the plan copy alone is still offered (by its own name)
            log.warning("cannot write recovery meta file %s: %s", self.meta_path(session_id), e)
        try:
            entry.meta_path.unlink(missing_ok=True)
        except OSError as e:
            log.warning("cannot remove recovery file %s: %s", entry.meta_path, e)
        return True

    def _failed(self, e: Exception) -> bool:
        self.last_error = f"Autosave to {self.folder} failed: {e}"
        log.warning("%s", self.last_error)
        return False

    # ---------------------------------------------------------- reading

    def scan(self) -> RecoveryScan:
        """Every session in the folder (newest first) and every damaged copy, with why."""
        out = RecoveryScan()
        try:
            names = {p.name for p in self.folder.iterdir()}
        except OSError as e:
            if self.folder.exists():
                log.warning("cannot list recovery folder %s: %s", self.folder, e)
            return out
        sessions = {n[: -len(META_SUFFIX)] for n in names if n.endswith(META_SUFFIX)}
        sessions |= {n[: -len(PLAN_SUFFIX)] for n in names if n.endswith(PLAN_SUFFIX)}
        for session_id in sorted(sessions):
            if not _SESSION_RE.fullmatch(session_id) or session_id.endswith((PLAN_SUFFIX, META_SUFFIX)):
                continue
            result = self._read_session(session_id)
            if isinstance(result, RecoveryEntry):
                out.entries.append(result)
            elif result is not None:
                out.damaged.append(result)
        oldest = datetime.min.replace(tzinfo=UTC)
        out.entries.sort(key=lambda e: (e.saved_time or oldest, e.session_id), reverse=True)
        return out

    def entries(self) -> list[RecoveryEntry]:
        """Every readable session in the folder, newest first (damaged ones left out)."""
        return self.scan().entries

    def pending_scan(self, own_session_id: str | None = None) -> RecoveryScan:
        """What to offer after a crash: sessions not ``own_session_id`` and not written by a
        live process, and the damaged copies of dead sessions."""
        scan = self.scan()
        scan.entries = [
            e for e in scan.entries if e.session_id != own_session_id and not _session_alive(e.pid, e.host, e.started)
        ]
        scan.damaged = [d for d in scan.damaged if d.session_id != own_session_id and not _orphan_alive(d.session_id)]
        return scan

    def pending(self, own_session_id: str | None = None) -> list[RecoveryEntry]:
        """Sessions to offer for recovery: not ``own_session_id``, not written by a live process."""
        return self.pending_scan(own_session_id).entries

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

    # --------------------------------------------------------- removing

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

    def set_aside(self, item: DamagedCopy | RecoveryEntry) -> Path:
        """Move a damaged copy into ``damaged/`` (kept for a person to inspect, never offered again)."""
        if isinstance(item, RecoveryEntry):
            paths: tuple[Path, ...] = (item.plan_path, item.meta_path)
        else:
            paths = item.paths
        aside = self.folder / DAMAGED_FOLDER
        try:
            aside.mkdir(parents=True, exist_ok=True)
            for path in paths:
                if path.exists():
                    shutil.move(str(path), str(aside / path.name))
        except OSError as e:
            log.warning("cannot move damaged recovery files aside (%s); removing them", e)
            for path in paths:
                try:
                    path.unlink(missing_ok=True)
                except OSError as e2:
                    log.warning("cannot remove recovery file %s: %s", path, e2)
        return aside

    def clean_temps(self, max_age: float = TEMP_MAX_AGE) -> list[Path]:
        """At start: remove temp files our atomic writes left in the folder when a process died."""
        return atomic.remove_stale_temps(self.folder, None, max_age)

    # ---------------------------------------------------------- helpers

    def _read_session(self, session_id: str) -> RecoveryEntry | DamagedCopy | None:
        plan_path, meta_path = self.folder / f"{session_id}{PLAN_SUFFIX}", self.folder / f"{session_id}{META_SUFFIX}"
        has_plan, has_meta = plan_path.is_file(), meta_path.is_file()
        if not has_plan:
            # A meta without its plan: the plan is written first, so this is a leftover.
            reason = "the autosaved plan is missing"
            return DamagedCopy(session_id, (meta_path,), reason) if has_meta else None
        meta, meta_problem = self._read_meta(meta_path) if has_meta else (None, "no meta file")
        plan_problem = _quick_check(plan_path)
        if plan_problem:
            paths = (plan_path, meta_path) if has_meta else (plan_path,)
            return DamagedCopy(session_id, paths, plan_problem)
        if meta is not None:
            return self._entry_from_meta(session_id, plan_path, meta_path, meta)
        return self._orphan_entry(session_id, plan_path, meta_path, has_meta, meta_problem)

    def _read_meta(self, path: Path) -> tuple[dict | None, str]:
        try:
            meta = json.loads(path.read_bytes())
        except (OSError, ValueError) as e:
            log.warning("unreadable recovery meta file %s: %s", path, e)
            return None, f"unreadable meta file ({e})"
        if not isinstance(meta, dict):
            return None, "meta file is not a JSON object"
        original, saved_at, name, pid = meta.get("original"), meta.get("saved_at"), meta.get("name"), meta.get("pid")
        if not (
            (original is None or isinstance(original, str))
            and isinstance(saved_at, str)
            and isinstance(name, str)
            and (pid is None or (isinstance(pid, int) and not isinstance(pid, bool)))
        ):
            log.warning("recovery meta file %s has unexpected fields", path)
            return None, "meta file has unexpected fields"
        return meta, ""

    def _entry_from_meta(self, session_id: str, plan_path: Path, meta_path: Path, meta: dict) -> RecoveryEntry:
        host, started = meta.get("host"), meta.get("started")
        original = meta.get("original")
        return RecoveryEntry(
            session_id,
            plan_path,
            meta_path,
            Path(original) if original else None,
            meta["saved_at"],
            meta["name"],
            meta.get("pid"),
            host if isinstance(host, str) else "",
            float(started) if isinstance(started, int | float) and not isinstance(started, bool) else None,
            FileStamp.from_json(meta.get("original_stamp")),
        )

    def _orphan_entry(
        self, session_id: str, plan_path: Path, meta_path: Path, has_meta: bool, why: str
    ) -> RecoveryEntry | DamagedCopy | None:
        """A plan copy whose meta is missing or corrupt: still offered, named from the plan itself."""
        try:
            st = plan_path.stat()
        except OSError:
            return None
        if not has_meta and time.time() - st.st_mtime < ORPHAN_MIN_AGE:
            return None  # maybe a live process between writing the plan and its meta
        try:
            doc = orjson.loads(plan_path.read_bytes())
        except (OSError, orjson.JSONDecodeError) as e:
            paths = (plan_path, meta_path) if has_meta else (plan_path,)
            return DamagedCopy(session_id, paths, f"not a readable plan ({e})")
        name = doc.get("name") if isinstance(doc, dict) else None
        log.warning("recovery copy %s: %s; offering it by the plan's own name", plan_path, why)
        return RecoveryEntry(
            session_id,
            plan_path,
            meta_path,
            None,
            datetime.fromtimestamp(st.st_mtime, UTC).isoformat(timespec="seconds"),
            name if isinstance(name, str) and name else session_id,
            _pid_from_session(session_id),
            from_orphan=True,
        )


def _pid_from_session(session_id: str) -> int | None:
    match = _SESSION_PID_RE.fullmatch(session_id)
    return int(match.group(1)) if match else None


def _orphan_alive(session_id: str) -> bool:
    pid = _pid_from_session(session_id)
    return pid is not None and pid != os.getpid() and pid_running(pid)


def _quick_check(path: Path) -> str:
    """Why a plan copy is certainly not a plan ("" if it looks like one).

    Small copies are parsed; big ones (100k people: 150 MB) only checked for a
    JSON object's first and last bytes, and fully validated when restored.
    """
    try:
        size = path.stat().st_size
        if size == 0:
            return "the autosaved plan is empty"
        if size <= _QUICK_CHECK_LIMIT:
            doc = orjson.loads(path.read_bytes())
            return "" if isinstance(doc, dict) else "the autosaved plan is not a JSON object"
        with open(path, "rb") as f:
            head = f.read(64).lstrip()
            f.seek(max(0, size - 64))
            tail = f.read().rstrip()
    except orjson.JSONDecodeError as e:
        return f"the autosaved plan is not valid JSON ({e})"
    except OSError as e:
        return f"the autosaved plan cannot be read ({e.strerror})"
    return "" if head.startswith(b"{") and tail.endswith(b"}") else "the autosaved plan is cut short"
