"""Small helpers for messages people read: elided names, plurals.

Plan text is untrusted and unbounded (a 500-character name, a 40-person
reporting cycle); messages stay readable by eliding it here.
"""

from __future__ import annotations


def elide(text: str, limit: int = 60) -> str:
    """'A very long name…' at most ``limit`` characters (ellipsis included)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: max(limit - 1, 1)].rstrip() + "…"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 error', '2 errors', '1 PM', '3 PMs' ('many' for irregular plurals)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


_CONTROL = {c: "\ufffd" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}


def shown(text: str, limit: int = 60) -> str:
    """Untrusted plan text fit for a message or a terminal: control characters
    (escape codes) replaced by U+FFFD, whitespace collapsed, elided to ``limit``."""
    return elide(str(text).replace("\t", " ").replace("\n", " ").translate(_CONTROL), limit)
