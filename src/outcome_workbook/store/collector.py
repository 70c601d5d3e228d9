"""Keeping the cyclic garbage collector off a large workbook's objects.

A workbook's model is immutable and holds no reference cycles, so the collector can
never free any of it; yet each full collection walks every object alive (at N=10,000
millions, about a second, landing on whatever key is handled next). Reference counting
frees all of it when it is let go, so these objects can be left out of the collector's
walks (`gc.freeze`) without keeping them alive.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# From this size (bytes of the file) on, what a read builds is frozen; a smaller
# workbook's collections are short anyway, and freezing has a cost (see `freeze`).
FREEZE_BYTES = 2 * 1024 * 1024


@contextmanager
def paused() -> Iterator[None]:
    """Building tens of thousands of objects that all live on: collecting garbage
    meanwhile only walks them again (about a tenth of a large read)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def building(size: int) -> Iterator[None]:
    """Read a workbook of `size` bytes with the collector paused, then freeze what was
    read. The young generations are collected before (not after, when they would hold
    the whole new model); cyclic garbage already in the old one is frozen with it, a
    little, once per read. The workbench's `freeze` after settling is the thorough one.
    """
    settle = _gains(size)
    if settle:
        gc.collect(1)
    with paused():
        yield
    if settle:
        gc.freeze()


def freeze(size: int) -> bool:
    """Collect every garbage cycle, then leave every object alive out of later
    collections, for a workbook of `size` bytes large enough to gain from it; True if
    it was done.

    The collection is a full one, so no garbage is frozen for good: one walk of what
    is alive, once (what a single full collection costs anyway), where every later
    one would have walked it again. With the collector off (a one-shot command) there
    is nothing to gain.
    """
    if not _gains(size):
        return False
    gc.collect()
    gc.freeze()
    return True


def _gains(size: int) -> bool:
    return size >= FREEZE_BYTES and gc.isenabled()
