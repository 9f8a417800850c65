"""Finding a person, team or rock by what a user types: its id, or its name (case and spacing ignored)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from planner.core.errors import CommandError
from planner.core.text import elide

T = TypeVar("T")
LISTED = 8  # matches named in a message before "and N more"


def folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def listed(items: list[str], limit: int = LISTED) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def find(
    items: Mapping[str, T],
    text: str,
    name_of: Callable[[T], str],
    shown: Callable[[T], str],
    many: str,
    missing: Callable[[str], str],
) -> str:
    """The id ``text`` names: an id, or the one item whose name matches. Several matches list them
    (``shown`` each, ``many`` naming the kind: "people"); none raises ``missing(text)``."""
    if text in items:
        return text
    want = folded(text)
    matches = [(key, item) for key, item in items.items() if folded(name_of(item)) == want]
    if len(matches) == 1:
        return matches[0][0]
    if matches:
        names = listed([shown(item) for _, item in matches])
        raise CommandError(f'"{elide(text)}" matches {len(matches)} {many}: {names}; give the id instead')
    raise CommandError(missing(text))
