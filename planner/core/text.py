"""The one place plan text is made fit to show: one elided line, a terminal
line, a matplotlib label drawn as typed; and plurals for messages.

Plan text is untrusted and unbounded (a 500-character name, an escape code, a
'$' that matplotlib would read as math); every copy of it people see goes
through one of these helpers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def elide(text: object, limit: int = 60) -> str:
    """'A very long name…': whitespace collapsed, at most ``limit`` characters (ellipsis included)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 error', '2 errors', '1 PM', '3 PMs' ('many' for irregular plurals)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


# Tabs and newlines fold into spaces; every other C0/C1 control, DEL, lone surrogate
# (not encodable, not XML) and the non-characters U+FFFE/U+FFFF become U+FFFD.
_ONE_LINE = {c: "\ufffd" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF)}
_ONE_LINE |= {0x09: " ", 0x0A: " "}


def one_line(text: object, limit: int = 60) -> str:
    """Untrusted plan text as one plain line for a message, a label, a chart or an XML
    document: controls, lone surrogates and non-characters replaced by U+FFFD, whitespace
    collapsed, elided to ``limit`` characters."""
    return elide(str(text).translate(_ONE_LINE), limit)


# C0/C1 controls and DEL become \xNN; bidi overrides and line separators \uNNNN (they
# reorder or break lines).
FORMAT_CHARS = (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029)
_TERMINAL = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}
_TERMINAL |= {c: f"\\u{c:04x}" for c in FORMAT_CHARS}


def terminal_safe(text: object) -> str:
    """Plan text safe on one terminal line, whole (not elided): control characters (newlines
    included) shown as escapes, so a name cannot move the cursor, clear the screen or fake a line."""
    return str(text).translate(_TERMINAL)


def draw_as_typed(texts: Iterable[Any]) -> None:
    """matplotlib Text objects made from plan text, drawn as typed: a '$' in a name is not
    mathtext, nor TeX. Duck-typed, so this module never imports matplotlib."""
    for text in texts:
        text.set_parse_math(False)
        text.set_usetex(False)
