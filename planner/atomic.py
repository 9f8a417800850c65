"""Atomic file writes: a temp file in the target's folder, fsync, rename.

Shared by plan saves and crash-recovery copies, so no reader ever sees a
half-written file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from planner.errors import PlanFileError

_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once at import: os.umask can only be read by setting it


def write_atomic(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise PlanFileError(f"{path}: cannot write here ({e.strerror})", source=str(path)) from None
    try:
        # mkstemp makes the file private (0600); keep the mode the plan file had, or
        # the usual one for a new file, so a shared plan stays readable by others.
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            mode = 0o666 & ~_UMASK
        with os.fdopen(fd, "wb") as f:
            os.chmod(tmp, mode)  # by name: os.fchmod does not exist on Windows
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise PlanFileError(
            f"{path}: saving failed ({e.strerror}); the previous file is untouched", source=str(path)
        ) from None
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # some filesystems cannot fsync a folder; the rename itself is still atomic
