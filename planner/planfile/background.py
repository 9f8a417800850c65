"""Writing a big plan off the GUI thread without stalling it: the document made with the
cyclic collector paused, dumped and freed in chunks (so the GUI thread gets the GIL in
between), on a worker that runs only the latest job. No Qt; the autosaver
(ui/files/recovery.py) drives it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import orjson

from models import Plan
from planner.core import bulk
from planner.planfile import fileio

log = logging.getLogger(__name__)


def dump_document(doc: dict[str, Any], chunk: int = 2000) -> bytes:
    """``fileio.dumps`` bytes for a ``fileio.plan_to_dict`` document, serialised in chunks.

    Byte for byte the same as one ``orjson.dumps`` call, but its long lists go a
    few thousand items at a time, so a worker thread lets the GUI thread take
    the GIL between chunks instead of holding it for a 150 MB dump.
    """
    indent = orjson.OPT_INDENT_2
    head = {k: v for k, v in doc.items() if not isinstance(v, list)}
    tail_keys = [k for k, v in doc.items() if isinstance(v, list)]
    if list(doc)[: len(head)] != list(head):
        return orjson.dumps(doc, option=indent) + b"\n"  # lists not last: no shortcut
    parts = [orjson.dumps(head, option=indent)[:-2] if head else b"{"]
    for n, key in enumerate(tail_keys):
        items = doc[key]
        sep = b",\n  " if head or n else b"\n  "
        parts.append(sep + orjson.dumps(key) + b": ")
        if not items:
            parts.append(b"[]")
            continue
        bodies = []
        for start in range(0, len(items), chunk):
            text = orjson.dumps(items[start : start + chunk], option=indent)
            bodies.append(b"  " + text[2:-2].replace(b"\n", b"\n  "))  # strings never hold a raw newline
        parts.append(b"[\n" + b",\n".join(bodies) + b"\n  ]")
    parts.append(b"\n}\n" if head or tail_keys else b"}\n")
    return b"".join(parts)


def snapshot_document(plan: Plan) -> dict[str, Any]:
    """``fileio.plan_to_dict`` with the cyclic collector paused until ``release_document``.

    700k new dicts would trigger a full collection of a 1 GB heap (hundreds of
    ms holding the GIL); freed again they leave the collector's counts as they were.
    Every document from here must go to ``release_document``.
    """
    bulk.hold_gc()
    try:
        return fileio.plan_to_dict(plan)
    except BaseException:
        bulk.release_gc()
        raise


def release_document(doc: dict[str, Any], chunk: int = 2000) -> None:
    """Free a big document a slice at a time: one ``del`` of 700k dicts holds the GIL
    for the whole cascade (hundreds of ms), slices let the GUI thread in between."""
    for value in doc.values():
        if isinstance(value, list):
            while value:
                del value[-chunk:]
    doc.clear()
    bulk.release_gc()


class BackgroundWriter:
    """One worker thread running the latest job only, in order.

    ``submit`` replaces a job that has not started yet, so an older snapshot can
    never land after a newer one; ``wait`` blocks until the worker is idle
    (quitting waits for the running write).
    """

    def __init__(self, name: str = "rocks-autosave"):
        self._name = name
        self._cond = threading.Condition()
        self._pending: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None

    @property
    def busy(self) -> bool:
        with self._cond:
            return self._thread is not None or self._pending is not None

    def submit(self, job: Callable[[], None]) -> None:
        with self._cond:
            self._pending = job
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()

    def cancel_pending(self) -> None:
        with self._cond:
            self._pending = None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no job runs or waits; False if ``timeout`` passed first."""
        with self._cond:
            return self._cond.wait_for(lambda: self._thread is None and self._pending is None, timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                job, self._pending = self._pending, None
                if job is None:
                    self._thread = None
                    self._cond.notify_all()
                    return
            try:
                job()
            except Exception:  # a job reports its own failures; never let the worker die
                log.exception("background write failed")
