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
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def building(big: bool) -> Iterator[None]:
    """Pause the cyclic GC for the ``with`` block; when ``big``, collect first and freeze
    what is alive after a block that ends normally."""
    running = gc.isenabled()
    if big and running:
        gc.collect()
    gc.disable()
    try:
        yield
        if big:
            gc.freeze()
    finally:
        if running:
            gc.enable()
