"""One way to make a window action: text, slot, shortcut and status tip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def make_action(window: QWidget, text: str, slot: Callable[..., Any], shortcut: Any = None, tip: str = "") -> QAction:
    """An action added to ``window`` (so its shortcut works anywhere in it) calling ``slot``.
    ``shortcut``: a key string ("Ctrl+H"), a QKeySequence or a StandardKey; None or "" for none."""
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.triggered.connect(slot)
    window.addAction(action)
    return action
