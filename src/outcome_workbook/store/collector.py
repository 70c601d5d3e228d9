"""Keeping the cyclic garbage collector off a large workbook's objects.

A workbook's model is immutable and holds no reference cycles, so the collector can
never free any of it; yet each full collection walks every object alive (at N=10,000
millions, about a second, landing on whatever key is handled next). Reference counting
frees all of it when it is let go, so these objects can be left out of the collector's
walks (`gc.freeze`) without keeping them alive.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# From this size (bytes of the file) on, what a read builds is frozen; a smaller
# workbook's collections are short anyway, and freezing has a cost (see `freeze`).
FREEZE_BYTES = 2 * 1024 * 1024


# Pauses from several threads at once (a read, the split for saving, the first check)
# nest: the first one in turns the collector off, the last one out turns it back on.
_lock = threading.Lock()
_depth = 0
_was_enabled = False
_freeze_at_end = False


@contextmanager
def paused(freeze_after: bool = False) -> Iterator[None]:
    """Building tens of thousands of objects that all live on: collecting garbage
    meanwhile only walks them again (about a tenth of a large read).

    With `freeze_after`, what is alive when the last pause ends is frozen before the
    collector is turned back on: otherwise the first allocation after it would find
    the young generation holding everything just built and walk it (at N=10,000, a
    0.75 s collection in a worker thread, which holds the interpreter from the screen).
    """
    global _depth, _was_enabled, _freeze_at_end
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            _freeze_at_end = False
            gc.disable()
        _depth += 1
        _freeze_at_end = _freeze_at_end or freeze_after
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                if _freeze_at_end:
                    gc.freeze()
                gc.enable()


@contextmanager
def building(size: int) -> Iterator[None]:
    """Build what a workbook of `size` bytes needs (read it, check it, split it for
    saving) with the collector paused, then freeze what was built, without a walk.

    The young generations are collected before (not after, when they would hold all
    that was built); garbage cycles made meanwhile, or already in the old generation,
    are frozen with it: a little, once per read or per open (see `freeze`).
    """
    if _gains(size):
        gc.collect(1)
        with paused(freeze_after=True):
            yield
    else:
        with paused():
            yield


def freeze(size: int) -> bool:
    """Leave every object alive now out of later collections, for a workbook of `size`
    bytes large enough to gain from it; True if it was done.

    The young generations are collected first (they hold little: a millisecond). A full
    collection first would free the garbage cycles already in the old generation, but it
    is the very walk this avoids: 0.58 s of CPU at N=10,000 on the event loop, landing on
    a key. So those cycles are frozen for good instead; in a settled workbench they are
    widgets of the first frames that Textual let go, about 3,000 objects at N=1,000 and
    10,000 at N=10,000 (measured), paid once per open. With the collector off (a
    one-shot command) there is nothing to gain.
    """
    if not _gains(size):
        return False
    gc.collect(1)
    gc.freeze()
    return True


def _gains(size: int) -> bool:
    """Large enough, and the collector on (or only paused, to be turned back on)."""
    return size >= FREEZE_BYTES and (gc.isenabled() or (_depth > 0 and _was_enabled))
