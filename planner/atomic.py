"""Safe file writes: atomic replace, write-through links, stamps, stale temp clean-up.

Shared by plan saves and crash-recovery copies, so no reader ever sees a
half-written file and no save silently loses someone else's work.

How a save lands (``write_atomic``):

- A symbolic link is followed (``os.path.realpath``): the real file is replaced
  and the link stays a link.
- A plain file is replaced by rename: temp file in the same folder, fsync,
  ``os.replace``, fsync the folder. Mode, and owner where the OS permits it
  (root saving someone else's plan), are copied to the temp file first.
- A file with several hard links cannot be renamed over (the other names would
  keep the old inode), so it is rewritten in place: the new bytes first go to a
  fsynced temp file (so a full disk fails before the plan is touched), then the
  file is truncated, rewritten and fsynced; the temp copy is removed afterwards
  and, if the in-place write fails, kept and named in the error.
- A file whose write bits are all off, or that this user may not write, or in a
  read-only folder, is refused before anything is written (``write_problem``).

Temp files are named ``.<name>.<pid>.<random>.tmp``; ``remove_stale_temps`` removes
only files of that pattern whose process is gone and that are old.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from planner.errors import PlanFileError

_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once at import: os.umask can only be read by setting it

STALE_TEMP_AGE = 3600.0  # seconds; a temp file younger than this may belong to a slow save
_TEMP_TAIL = re.compile(r"\.(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}\.tmp")
_TEMP_TAIL_END = re.compile(_TEMP_TAIL.pattern + r"\Z")
_ILLEGAL_NAME_CHARS = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


# ------------------------------------------------------------------ stamps


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What a file looked like when we last read or wrote it: size, mtime and a hash of its bytes."""

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: str | os.PathLike[str], like: FileStamp | None = None) -> FileStamp | None:
        """The stamp of the file now, None if it does not exist or cannot be read.

        With ``like`` (an earlier stamp), an unchanged size and mtime reuse its
        hash instead of reading the file again.
        """
        try:
            st = os.stat(path)
            if like is not None and st.st_size == like.size and st.st_mtime_ns == like.mtime_ns:
                return like
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            return None
        return cls(len(data), st.st_mtime_ns, _digest(data))

    @classmethod
    def of_bytes(cls, path: str | os.PathLike[str], data: bytes) -> FileStamp | None:
        """The stamp of a file we just wrote with ``data`` (no second read)."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(len(data), st.st_mtime_ns, _digest(data))

    def same_content(self, other: FileStamp | None) -> bool:
        """True if ``other`` has the same bytes (a touched but identical file counts as unchanged)."""
        return other is not None and other.size == self.size and other.digest == self.digest

    def to_json(self) -> dict:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "digest": self.digest}

    @classmethod
    def from_json(cls, value: object) -> FileStamp | None:
        if not isinstance(value, dict):
            return None
        size, mtime, digest = value.get("size"), value.get("mtime_ns"), value.get("digest")
        if isinstance(size, int) and isinstance(mtime, int) and isinstance(digest, str):
            return cls(size, mtime, digest)
        return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------- names


def safe_file_name(name: str, fallback: str = "plan") -> str:
    """A plan name usable as a file name on every OS: ``/\\:*?"<>|`` and control characters become "-"."""
    cleaned = _ILLEGAL_NAME_CHARS.sub("-", name).strip().strip(".").strip()
    return cleaned[:120] or fallback


# ----------------------------------------------------------------- checks


def write_problem(path: str | os.PathLike[str]) -> str | None:
    """Why saving to ``path`` would be refused (read-only file or folder), or None if it may go ahead.

    The mode bits count even for root, who could write anyway: a plan someone
    made read-only is not replaced behind their back.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as e:
        return f"{path}: cannot check the file ({e.strerror})"
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            return f"{path} is not a regular file"
        if not st.st_mode & 0o222:
            return f"{path} is read-only (its permissions let no one write it)"
        if not os.access(target, os.W_OK):
            return f"{path} is read-only: you do not have permission to change it"
    if not folder.is_dir():
        return f"{path}: the folder {folder} does not exist"
    folder_locked = sys.platform != "win32" and not os.stat(folder).st_mode & 0o222
    if folder_locked or not os.access(folder, os.W_OK | os.X_OK):
        return f"{path} cannot be saved: the folder {folder} is read-only"
    return None


# ----------------------------------------------------------------- writing


def write_atomic(path: Path, data: bytes) -> FileStamp | None:
    """Write ``data`` to ``path`` safely (see the module docstring); returns the new file's stamp.

    Raises PlanFileError naming the file when it is read-only or the write failed.
    """
    path = Path(path)
    target = Path(os.path.realpath(path))
    problem = write_problem(path)
    if problem:
        raise PlanFileError(problem, source=str(path))
    try:
        old = os.stat(target)
    except OSError:
        old = None
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise PlanFileError(f"{path}: cannot write here ({e.strerror})", source=str(path)) from None
    untouched = "the previous file is untouched" if old is not None else "nothing was written"
    try:
        # mkstemp makes the file private (0600); keep the mode the plan file had, or
        # the usual one for a new file, so a shared plan stays readable by others.
        mode = stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_UMASK
        with os.fdopen(fd, "wb") as f:
            if old is not None and hasattr(os, "chown") and (old.st_uid, old.st_gid) != _owner(f.fileno()):
                with contextlib.suppress(OSError):  # only root (or the group's member) may
                    os.chown(tmp, old.st_uid, old.st_gid)
            os.chmod(tmp, mode)  # by name: os.fchmod does not exist on Windows
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except OSError as e:
        _unlink(tmp)
        raise PlanFileError(f"{path}: saving failed ({e.strerror}); {untouched}", source=str(path)) from None
    if old is not None and old.st_nlink > 1:
        _write_in_place(path, target, tmp, data)
    else:
        try:
            os.replace(tmp, target)
        except OSError as e:
            _unlink(tmp)
            raise PlanFileError(f"{path}: saving failed ({e.strerror}); {untouched}", source=str(path)) from None
        _fsync_folder(folder)
    remove_stale_temps(folder, target.name)
    return FileStamp.of_bytes(target, data)


def _write_in_place(path: Path, target: Path, tmp: str, data: bytes) -> None:
    """Rewrite a hard-linked file through its inode, so every name sees the new plan."""
    try:
        with open(target, "r+b") as f:
            f.write(data)
            f.truncate()
            f.flush()
            os.fsync(f.fileno())
    except OSError as e:
        raise PlanFileError(
            f"{path}: saving through its hard link failed ({e.strerror}); the file may be incomplete, "
            f"your plan was kept in {tmp}",
            source=str(path),
        ) from None
    _unlink(tmp)


def _owner(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_uid, st.st_gid


def _unlink(path: str | os.PathLike[str]) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _fsync_folder(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # some filesystems cannot fsync a folder; the rename itself is still atomic


# ------------------------------------------------------------- clean-up


def pid_running(pid: int) -> bool:
    """True if a process with this id exists (a permission refusal still means it exists)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # ERROR_ACCESS_DENIED: exists, not ours
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


def remove_stale_temps(
    folder: str | os.PathLike[str], name: str | None = None, max_age: float = STALE_TEMP_AGE
) -> list[Path]:
    """Remove our own leftover temp files (``.<name>.<pid>.<random>.tmp``) older than ``max_age``
    whose writing process is gone; ``name=None`` matches any name. Returns what was removed.

    Conservative: another program's files, young files and files of a live
    process stay; failures are ignored.
    """
    removed: list[Path] = []
    prefix = f".{name}" if name is not None else "."
    now = time.time()
    try:
        candidates = [e for e in os.scandir(folder) if e.name.startswith(prefix) and e.name.endswith(".tmp")]
    except OSError:
        return removed
    for entry in candidates:
        if name is not None:
            match = _TEMP_TAIL.fullmatch(entry.name, len(prefix))
        else:
            match = _TEMP_TAIL_END.search(entry.name, 2)
        if match is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < max_age:
            continue
        pid = match.group("pid")
        if pid is not None and (int(pid) == os.getpid() or pid_running(int(pid))):
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed
