"""Building many long-lived objects at once (a big plan as it loads, its analysis).

A 100,000-person plan is millions of objects and no reference cycles. While they are
built the cyclic GC is paused (it would rescan the growing heap again and again); a big
build is then frozen (``gc.freeze``): the collections that follow, which would each walk
all those objects once more (about a second in all as the window opens), leave them be.
They are still freed by reference counting, like any object without cycles. The garbage
is collected before a big build, so freezing keeps only what is alive.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holds = 0
_was_enabled = False


def hold_gc() -> None:
    """Pause the cyclic GC until the matching ``release_gc``. Holds nest and may come from any
    thread (a big load on the GUI thread while the autosave thread writes a copy): the GC runs
    again once the last hold is released, if it ran before the first."""
    global _holds, _was_enabled
    with _lock:
        if _holds == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holds += 1


def release_gc() -> None:
    global _holds
    with _lock:
        _holds = max(0, _holds - 1)
        if _holds == 0 and _was_enabled:
            gc.enable()


@contextmanager
def building(big: bool) -> Iterator[None]:
    """Pause the cyclic GC for the ``with`` block; when ``big``, collect first and freeze
    what is alive after a block that ends normally."""
    if big and gc.isenabled():
        gc.collect()
    hold_gc()
    try:
        yield
        if big:
            gc.freeze()
    finally:
        release_gc()
