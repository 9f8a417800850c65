"""One way to refresh a view once per burst of changes.

A change record arrives for every command; a panel that redraws on each one
would redraw ten times for ten quick undos. ``Deferred`` coalesces them: the
first ``schedule()`` starts a single-shot timer, later ones within the
interval ride along, and a hidden widget (a tabbed-away dock) is not redrawn
at all until it is shown again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class Deferred(QObject):
    """Call ``callback`` once, ``interval_ms`` after the first ``schedule()`` of a burst,
    and only while ``widget`` is visible (a hidden widget catches up when shown)."""

    def __init__(self, widget: QWidget, callback: Callable[[], None], interval_ms: int = 0):
        super().__init__(widget)
        self.widget = widget
        self.callback = callback
        self.dirty = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._fire)
        widget.installEventFilter(self)

    def schedule(self) -> None:
        self.dirty = True
        if self.widget.isVisible():
            self.timer.start()

    @property
    def pending(self) -> bool:
        return self.dirty

    def flush(self) -> None:
        """Run a pending refresh now (tests, or before reading what the view shows)."""
        if self.dirty:
            self.timer.stop()
            self._fire()

    def _fire(self) -> None:
        self.dirty = False
        self.callback()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.widget and event.type() == QEvent.Type.Show and self.dirty:
            self.timer.start()
        return False
