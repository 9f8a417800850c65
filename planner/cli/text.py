"""What every ``rocks`` command shares: exit codes, terminal-safe text, JSON
output, and reading the plan (or one of its scenarios) a command works on.

Plan text is untrusted: every piece of it printed for people goes through
``planner.core.text.terminal_safe`` so a name cannot move the cursor, clear the screen or fake a line.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import errno
import io
import json
import os
import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import orjson

from planner.core.errors import PlanError
from planner.core.text import FORMAT_CHARS, terminal_safe

if TYPE_CHECKING:
    from models import Plan

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
EXIT_PIPE = 141  # what a shell reports for a process ended by SIGPIPE (128 + 13)
SHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")

# In JSON strings the encoder escapes C0 itself; DEL, C1 and the format characters get JSON escapes here.
_JSON_CLEAN = {c: f"\\u{c:04x}" for c in (*range(0x7F, 0xA0), *FORMAT_CHARS)}
_JSON_CLEAN_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _JSON_CLEAN) + "]")


def error_text(e: PlanError) -> str:
    """PlanError.full_text() with the message and each detail cleaned (the layout newlines are ours)."""
    return "\n".join([terminal_safe(e), *("  " + terminal_safe(d) for d in e.details)])


def say(err: TextIO, text: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr closed too: nothing more to do
        print(text, file=err)
        err.flush()


def refuse_overwrite(
    output: str | os.PathLike[str], force: bool, input_file: str | os.PathLike[str] | None = None
) -> Path:
    """The path a command writes to, refused when something is already there and ``--force`` was not given.

    Every writing command uses it (new, import, export, report, team, rock, hire --apply,
    timeline -o). Writing back to the command's own ``input_file`` is always allowed; a
    folder is refused even with --force; a dangling link counts as existing.
    """
    path = Path(output)
    if os.path.isdir(path):
        raise PlanError(f"{output}: is a folder; expected a file name to write")
    if not os.path.lexists(path) or (input_file is not None and same_file(path, Path(input_file))):
        return path
    if not force:
        raise PlanError(f"{output}: already exists (use --force to overwrite)")
    return path


def same_file(a: Path, b: Path) -> bool:
    """Two spellings of one file (the same real path, or the same inode)."""
    try:
        return os.path.realpath(a) == os.path.realpath(b) or (b.exists() and a.exists() and a.samefile(b))
    except OSError:
        return False


class ClosedOutput(io.TextIOBase):
    """Standard output when the shell closed it (``rocks summary FILE >&-``): writing fails with
    EBADF, reported like any output error; a command with nothing to print runs as usual."""

    encoding = "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not text:
            return 0
        raise OSError(errno.EBADF, "standard output is closed")


class NoErrors(io.TextIOBase):
    """Standard error when the shell closed it: messages are dropped, never sent to stdout."""

    encoding = "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


def json_text(doc: object, out: TextIO) -> str:
    """Valid JSON either way: raw UTF-8 when the output can take it, else all-ASCII escapes.

    UTF-8 output is written by orjson (the same text as json.dumps with indent=2, ~10x
    faster: `rocks check --json` at 100k people writes 30 MB); DEL, C1 and the format
    characters are then escaped, in the rare documents that hold any."""
    try:
        utf = codecs.lookup(getattr(out, "encoding", None) or "utf-8").name.startswith("utf")
    except LookupError:
        utf = False
    if not utf:
        return json.dumps(doc, indent=2, ensure_ascii=True)
    try:
        text = orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (orjson.JSONEncodeError, TypeError):  # lone surrogates, huge ints, NaN: the standard encoder
        text = json.dumps(doc, indent=2, ensure_ascii=False)
    return _JSON_CLEAN_RE.sub(_json_escape, text) if _JSON_CLEAN_RE.search(text) else text


def _json_escape(match: re.Match[str]) -> str:
    return _JSON_CLEAN[ord(match.group())]


def refuse_spreadsheet(file: str) -> None:
    """``rocks check people.csv``: say how to import it rather than failing to parse JSON."""
    path = Path(file)
    if not path.is_file():
        return  # fileio names the problem (no such file, a folder)
    try:
        with path.open("rb") as f:
            head = f.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return  # fileio says why it cannot be read
    if head.startswith(b"{"):
        return  # JSON, whatever the file is called
    sheet = head.startswith(b"PK\x03\x04") or path.suffix.lower() in SHEET_SUFFIXES  # .xlsx is a zip
    if sheet:
        raise PlanError(
            f"{file}: looks like a spreadsheet; import it first: rocks import --people {shlex.quote(file)} "
            "-o plan.rocks.json",
            source=file,
        )


def add_scenario_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", metavar="NAME", help="work on this scenario of the plan (default: the baseline)")


def load_book(file: str) -> Plan:
    """The whole plan file: the baseline with its scenarios."""
    from planner.planfile import fileio
    refuse_spreadsheet(file)
    return fileio.load(file)


def load_plan(args: argparse.Namespace) -> Plan:
    """The plan a command works on: ``args.file``, or its ``--scenario``."""
    from planner.whatif.scenarios import resolve

    return resolve(load_book(args.file), getattr(args, "scenario", None))
