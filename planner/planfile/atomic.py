"""Safe file writes: atomic replace, write-through links, stamps, stale temp clean-up.

Shared by plan saves, crash-recovery copies and exports (``atomic_output``), so no
reader ever sees a half-written file and no save silently loses someone else's work.

How a write lands (``write_atomic`` with bytes, ``atomic_output`` for a writer that
needs a path):

- A symbolic link is followed (``os.path.realpath``): the real file is replaced
  and the link stays a link.
- A plain file is replaced by rename: temp file in the same folder, fsync,
  ``os.replace``, fsync the folder. Mode, and owner where the OS permits it
  (root saving someone else's plan), are copied to the temp file first; a new
  file gets the usual mode (created 0666, the OS takes off the umask of the moment;
  the process-wide umask is never set, so no other thread sees it change).
- A file with several hard links cannot be renamed over (the other names would
  keep the old inode), so it is rewritten in place, crash-safely: the new bytes
  are first complete and fsynced in ``.<name>.<pid>.<random>.new``, the old ones
  copied to ``.<name>.<pid>.<random>.old`` (fsynced); then the file is rewritten,
  padded with spaces to its old length (so between the write and the truncate it
  holds the whole new plan, never new bytes followed by old ones), fsynced,
  truncated and fsynced again; only then are both copies removed. If the rewrite
  fails the old bytes are written back (the error says so); if even that fails,
  both copies are kept and named in the error. The clean-up never removes
  ``.old``/``.new`` files: after a crash in the middle they are the good copies.
- A file whose write bits are all off, or that this user may not write, or in a
  read-only folder, or a folder, is refused before anything is written (``write_problem``).

Temp files are named ``.<name>.<pid>.<random>.tmp`` (exports:
``.<name>.<pid>.<random>.part<suffix>``, so a writer still sees the format);
``remove_stale_temps`` removes only files of those patterns whose process is gone
and that are old.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from planner.core.errors import PlanFileError

STALE_TEMP_AGE = 3600.0  # seconds; a temp file younger than this may belong to a slow save
_TEMP_TAIL = re.compile(r"\.(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}\.(?:tmp|part(?:\.[A-Za-z0-9]{1,16})?)")
_TEMP_TAIL_END = re.compile(_TEMP_TAIL.pattern + r"\Z")
_TEMP_END = re.compile(r"\.(?:tmp|part(?:\.[A-Za-z0-9]{1,16})?)\Z")
_ILLEGAL_NAME_CHARS = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


# ------------------------------------------------------------------ stamps


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What a file looked like when we last read or wrote it: size, mtime and a hash of its bytes."""

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> FileStamp | None:
        """The stamp of the file now, None if it does not exist or cannot be read.

        The bytes are always hashed: a change of the same size whose mtime was set
        back (``cp -p``, ``rsync -t``, an editor keeping times) must not pass for
        the file we read, so size and mtime alone never decide.
        """
        try:
            # Non-blocking, and only a regular file is read: a path swapped for a FIFO or a
            # device (/dev/zero) must not hang or fill memory.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return None
            with os.fdopen(fd, "rb") as f:
                fd = -1
                digest = hashlib.file_digest(f, "sha256").hexdigest()
        except OSError:
            return None
        finally:
            if fd >= 0:
                os.close(fd)
        return cls(st.st_size, st.st_mtime_ns, digest)

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
    """Why writing ``path`` would be refused (a folder, a read-only file or folder), or None if it may go ahead.

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
        if stat.S_ISDIR(st.st_mode):
            return f"{path} is a folder, not a file"
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
    target, old = _prepare(path)
    untouched = _untouched(old)
    fd, tmp = _new_temp(path, target, old, ".tmp", "saving")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except OSError as e:
        _unlink(tmp)
        raise PlanFileError(f"{path}: saving failed ({e.strerror}); {untouched}", source=str(path)) from None
    _land(path, target, Path(tmp), untouched, "saving")
    remove_stale_temps(target.parent, target.name, parts=True)
    return FileStamp.of_bytes(target, data)


@contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` for a writer that needs a file name (exports); when the
    block succeeds its file lands on ``path`` exactly as ``write_atomic`` lands bytes (links
    written through, mode kept, hard links rewritten crash-safely).

    The temp file ends in ``.part`` plus the target's suffix, so a writer choosing the format
    from the name still sees it. A cancelled or failed block leaves no file and ``path``
    untouched; an OSError in it (a full disk) becomes a PlanFileError naming ``path``, never
    the temp file.
    """
    path = Path(path)
    target, old = _prepare(path)
    untouched = _untouched(old)
    fd, tmp = _new_temp(path, target, old, f".part{target.suffix}", "writing")
    os.close(fd)
    part = Path(tmp)
    try:
        yield part
        _fsync_file(part)
    except OSError as e:
        _unlink(part)
        raise PlanFileError(f"{path}: writing failed ({_why(e)}); {untouched}", source=str(path)) from None
    except BaseException:
        _unlink(part)
        raise
    _land(path, target, part, untouched, "writing")
    remove_stale_temps(target.parent, target.name)


def _prepare(path: Path) -> tuple[Path, os.stat_result | None]:
    """The real file to write (links followed) and its stat; PlanFileError if writing it is refused."""
    problem = write_problem(path)
    if problem:
        raise PlanFileError(problem, source=str(path))
    target = Path(os.path.realpath(path))
    try:
        old = os.stat(target)
    except OSError:
        old = None
    return target, old


def _untouched(old: os.stat_result | None) -> str:
    return "the previous file is untouched" if old is not None else "nothing was written"


def _why(e: OSError) -> str:
    return e.strerror or str(e)


def _new_temp(path: Path, target: Path, old: os.stat_result | None, suffix: str, verb: str) -> tuple[int, str]:
    """An open temp file beside ``target`` with the mode (and owner) the file will have."""
    try:
        fd, tmp = _create_temp(target.parent, f".{target.name}.{os.getpid()}.", suffix)
    except OSError as e:
        raise PlanFileError(f"{path}: cannot write here ({_why(e)})", source=str(path)) from None
    if old is None:
        return fd, tmp  # created 0666 less the umask by the OS: the usual mode, nothing to change
    try:
        # Keep the mode (and owner) the file had, so a shared plan or export stays as it was.
        if hasattr(os, "chown") and (old.st_uid, old.st_gid) != _owner(fd):
            with contextlib.suppress(OSError):  # only root (or the group's member) may
                os.chown(tmp, old.st_uid, old.st_gid)
        os.chmod(tmp, stat.S_IMODE(old.st_mode))  # by name: os.fchmod does not exist on Windows
    except OSError as e:
        os.close(fd)
        _unlink(tmp)
        raise PlanFileError(f"{path}: {verb} failed ({_why(e)}); {_untouched(old)}", source=str(path)) from None
    return fd, tmp


_TEMP_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)


def _create_temp(folder: Path, prefix: str, suffix: str) -> tuple[int, str]:
    """A new file ``<prefix><8 random hex><suffix>`` opened for writing. Created with mode 0666, so
    the OS applies the umask at that moment: the process-wide umask is never read by setting
    it (another thread, the recovery autosave, may be creating its folder), and never cached."""
    for _ in range(100):
        name = os.path.join(folder, f"{prefix}{secrets.token_hex(4)}{suffix}")
        try:
            return os.open(name, _TEMP_FLAGS, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(folder))


def _land(path: Path, target: Path, tmp: Path, untouched: str, verb: str) -> None:
    """Put the complete, fsynced ``tmp`` in place of ``target``: by rename, or in place if hard-linked."""
    try:
        now = os.stat(target)  # again: a long export may have given the target a hard link meanwhile
    except OSError:
        now = None
    if now is not None and now.st_nlink > 1 and stat.S_ISREG(now.st_mode):
        _write_in_place(path, target, tmp, verb)
        return
    try:
        os.replace(tmp, target)
    except OSError as e:
        _unlink(tmp)
        raise PlanFileError(f"{path}: {verb} failed ({_why(e)}); {untouched}", source=str(path)) from None
    _fsync_folder(target.parent)


def _write_in_place(path: Path, target: Path, tmp: Path, verb: str) -> None:
    """Rewrite a hard-linked file through its inode, so every name sees the new content,
    keeping the old bytes recoverable until the new ones are complete and synced."""
    stem = tmp.name[: tmp.name.index(".", len(f".{target.name}.{os.getpid()}.") + 1)]
    new, old = target.parent / f"{stem}.new", target.parent / f"{stem}.old"
    try:
        _copy_aside(target, old)  # the previous bytes, complete and synced, before the file is touched
        os.replace(tmp, new)  # the new bytes under a name the clean-up never removes
        _fsync_folder(target.parent)
    except OSError as e:
        for leftover in (tmp, new, old):
            _unlink(leftover)
        raise PlanFileError(
            f"{path}: {verb} failed ({_why(e)}); the previous file is untouched", source=str(path)
        ) from None
    try:
        _rewrite(target, new)
    except OSError as e:
        try:
            _rewrite(target, old)
        except OSError:
            raise PlanFileError(
                f"{path}: {verb} through its hard link failed ({_why(e)}) and the file could not be put back; "
                f"the previous version is kept in {old}, the new one in {new}",
                source=str(path),
            ) from None
        _unlink(new)
        _unlink(old)
        raise PlanFileError(
            f"{path}: {verb} through its hard link failed ({_why(e)}); the previous file was restored",
            source=str(path),
        ) from None
    _unlink(new)
    _unlink(old)


def _copy_aside(source: Path, dest: Path) -> None:
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out, _CHUNK)
        out.flush()
        os.fsync(out.fileno())


def _rewrite(target: Path, source: Path) -> None:
    """Overwrite ``target`` in place with ``source``'s bytes: written (padded with spaces up to
    the file's current length, so the file is whole between the write and the truncate),
    synced, cut to length, synced."""
    fd = os.open(target, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        size = _copy_into(fd, source, os.fstat(fd).st_size)
        os.fsync(fd)
        os.ftruncate(fd, size)
        os.fsync(fd)
    finally:
        os.close(fd)


_CHUNK = 1 << 20


def _copy_into(fd: int, source: Path, pad_to: int) -> int:
    """Write ``source``'s bytes at the start of ``fd``, then spaces up to ``pad_to`` bytes; returns the source's size."""
    os.lseek(fd, 0, os.SEEK_SET)
    size = 0
    with open(source, "rb") as src:
        while chunk := src.read(_CHUNK):
            _write_all(fd, chunk)
            size += len(chunk)
    left = pad_to - size
    while left > 0:
        step = min(left, _CHUNK)
        _write_all(fd, b" " * step)
        left -= step
    return size


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _owner(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_uid, st.st_gid


def _unlink(path: str | os.PathLike[str]) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
    folder: str | os.PathLike[str], name: str | None = None, max_age: float = STALE_TEMP_AGE, *, parts: bool = False
) -> list[Path]:
    """Remove our own leftover temp files (``.<name>.<pid>.<random>.tmp``, exports'
    ``.<name>.<pid>.<random>.part<suffix>``) older than ``max_age`` whose writing process is
    gone; ``name=None`` matches any name. ``parts=True`` (a plan save) also removes stale
    export ``.part`` files of any name in the folder, when they carry the id of a process
    that is gone. Returns what was removed.

    Conservative: another program's files, young files and files of a live
    process stay, and so do the ``.old``/``.new`` copies a crashed hard-link
    rewrite leaves (they may be the only good copy); failures are ignored.
    """
    removed: list[Path] = []
    now = time.time()
    try:
        candidates = [m for e in os.scandir(folder) if (m := _our_temp(e, name, parts)) is not None]
    except OSError:
        return removed
    for entry, match in candidates:
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


def _our_temp(entry: os.DirEntry[str], name: str | None, parts: bool) -> tuple[os.DirEntry[str], re.Match[str]] | None:
    """``entry`` with the match of its temp-file tail, if it is one of ours that ``remove_stale_temps`` looks at."""
    if not entry.name.startswith(".") or not _TEMP_END.search(entry.name):
        return None
    match = None
    if name is None:
        match = _TEMP_TAIL_END.search(entry.name, 2)
    elif entry.name.startswith(f".{name}"):
        match = _TEMP_TAIL.fullmatch(entry.name, len(name) + 1)
    if match is None and parts:
        found = _TEMP_TAIL_END.search(entry.name, 2)
        if found is not None and found.group("pid") is not None and ".part" in found.group():
            match = found
    return None if match is None else (entry, match)
