"""One guard for every file a user names (a plan to open, a sheet or workbook to import).

Checked before a single byte is read: the path must be a regular file (links are
followed and their target checked), no bigger than the caller's limit. A named
pipe, a socket, a device (/dev/zero), a folder or a file over the limit is
refused with a message naming the file. The file is opened with O_NONBLOCK, so a
pipe swapped in after the check cannot make the open wait for a writer, and
checked again on the open handle; reading stops at the limit even if the file
grows (or its size was a lie, as in /proc).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from typing import IO

from planner.core.errors import PlanFileError

_MB = 1024 * 1024
CHUNK = 1 << 20
# Unicode non-characters (U+FDD0-U+FDEF and the last two code points of every plane): never
# text, and U+FFFE/U+FFFF are not XML either (an SVG holding them does not open). Refused by
# the plan loader, removed (with a warning) by the importers: once, on the way in.
NONCHARACTERS = re.compile(
    "[\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


class FileRefused(PlanFileError):
    """A named file refused before reading; ``problem`` is the message without the file's name."""

    def __init__(self, path: str | os.PathLike[str], problem: str):
        self.problem = problem
        super().__init__(f"{path}: {problem}", source=str(path))


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def size_text(size: int) -> str:
    return f"{size / _MB:,.0f} MB" if size >= _MB else f"{size / _MB:,.1f} MB"


def _default_too_big(size: int, limit: int) -> str:
    return f"is {size_text(size)}; the limit is {size_text(limit)}"


TooBig = Callable[[int, int], str]


def _checked(info: os.stat_result, path: str | os.PathLike[str], limit: int, expected: str, too_big: TooBig) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(path, f"is {kind_of(info.st_mode)}, expected {expected}")
    if info.st_size > limit:
        raise FileRefused(path, too_big(info.st_size, limit))


def check_file(
    path: str | os.PathLike[str], limit: int, expected: str, too_big: TooBig = _default_too_big
) -> os.stat_result:
    """Refuse (FileRefused) what is not a regular file of at most ``limit`` bytes; nothing is opened."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileRefused(path, "no such file") from None
    except NotADirectoryError:
        raise FileRefused(path, "no such file (a folder in the path is a file)") from None
    except OSError as e:
        raise FileRefused(path, f"cannot be read ({e.strerror or type(e).__name__})") from None
    except ValueError:  # an embedded NUL
        raise FileRefused(path, "is not a valid file name") from None
    _checked(info, path, limit, expected, too_big)
    return info


def open_file(path: str | os.PathLike[str], limit: int, expected: str, too_big: TooBig = _default_too_big) -> IO[bytes]:
    """The open binary file (checked by ``check_file`` and again on the handle); the caller closes it."""
    check_file(path, limit, expected, too_big)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileRefused(path, "no such file") from None
    except OSError as e:
        raise FileRefused(path, f"cannot be read ({e.strerror or type(e).__name__})") from None
    fh = open(fd, "rb", closefd=True)  # noqa: SIM115 - returned to the caller, who closes it
    try:
        _checked(os.fstat(fh.fileno()), path, limit, expected, too_big)  # the file actually opened
    except BaseException:
        fh.close()
        raise
    return fh


def read_at_most(fh: IO[bytes], path: str | os.PathLike[str], limit: int, too_big: TooBig = _default_too_big) -> bytes:
    """The rest of ``fh``, refused once it passes ``limit`` bytes in all (a file may grow, /proc lies)."""
    start = fh.tell()
    expected = max(os.fstat(fh.fileno()).st_size - start, 0)
    most = limit - start + 1
    try:
        data = fh.read(min(expected + 1, most))
        if len(data) > expected and len(data) < most:  # it grew: read on in chunks, up to the limit
            chunks = [data]
            total = len(data)
            while total < most:
                chunk = fh.read(min(CHUNK, most - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            data = b"".join(chunks)
    except OSError as e:
        raise FileRefused(path, f"cannot be read ({e.strerror or type(e).__name__})") from None
    if start + len(data) > limit:
        raise FileRefused(path, too_big(start + len(data), limit))
    return bytes(data)


def read_file(path: str | os.PathLike[str], limit: int, expected: str, too_big: TooBig = _default_too_big) -> bytes:
    """All the bytes of a regular file of at most ``limit`` bytes (see the module docstring)."""
    with open_file(path, limit, expected, too_big) as fh:
        return read_at_most(fh, path, limit, too_big)


def strip_noncharacters(text: str) -> tuple[str, int]:
    """``text`` without Unicode non-characters (U+FFFE, U+FFFF...), and how many there were."""
    return NONCHARACTERS.subn("", text)


def find_noncharacter(text: str) -> re.Match[str] | None:
    """The first non-character in ``text``; a quick C-speed look first (all of them are >= U+FDD0)."""
    if text.isascii() or max(text) < "\ufdd0":
        return None
    return NONCHARACTERS.search(text)
