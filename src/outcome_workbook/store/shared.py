"""One workbook file written by several processes at once, with no write lost.

Every write is a serialised read-merge-write (see docs/reliability.md, "Several
writers, one file"): take the workbook's exclusive lock (`flock` on a sidecar
`.NAME.lock` beside it), re-read the file if anyone saved it since this process
read it, run this writer's change on that fresh workbook, save atomically and
release. A change is a function Workbook -> Workbook, so running it again on the
fresh state *is* the merge: two participants parking a point each both end up
in the file, whatever the timing.

Writers that do not take the lock (an editor, `git pull`) are still caught by
`WorkbookFile.save`'s check that the file is what was read; `update` then reads
again and retries (`merge.save.save_merged` merges an edit that cannot be re-run,
under the same lock). Readers need no lock: a save renames a complete file into
place, so a reader sees the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model.errors import WorkbookError
from ..model.workbook import Workbook
from .workbook_file import WorkbookFile

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: writers are not serialised
    fcntl = None  # type: ignore[assignment]

# How long a writer waits for another one to finish before giving up (a save takes
# milliseconds; a lock held this long belongs to a process that is stuck).
LOCK_TIMEOUT_S = 10.0
_POLL_S = 0.002
# Reads again and re-runs the change when a writer that ignores the lock got in between.
ATTEMPTS = 3


def lock_path(path: Path) -> Path:
    """The sidecar lock file for the workbook at `path` (beside the file a link leads to)."""
    target = Path(os.path.realpath(path))
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def exclusive(path: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the workbook's write lock; other writers' `update` wait until it is released.

    The lock file is created when missing and never removed (removing it would let
    two writers lock two different files). Raises WorkbookError when the lock is not
    had within `timeout` seconds, OSError when the lock file cannot be created.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WorkbookError(
                        f"{path} is being saved by another process that has not finished "
                        f"within {timeout:g} s; nothing was written, try again"
                    ) from None
                time.sleep(_POLL_S)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@dataclass(frozen=True)
class Updated:
    """What `update` did: the file as it now is, and the workbook written (None: no change)."""

    file: WorkbookFile
    workbook: Workbook | None
    saved: bool


def update(
    file: WorkbookFile,
    change: Callable[[Workbook], Workbook | None],
    allow_newer: bool = True,
) -> Updated:
    """Apply `change` to the file's current content and save it, serialised with other writers.

    `change` is called with the workbook as the file holds it at this moment
    (possibly more than once, if a writer that ignores the lock saves meanwhile),
    under the lock; it returns the new workbook, or None to write nothing. The
    returned `file` is the one to keep: a fresh `WorkbookFile` when the file had
    changed on disk, else `file` itself, saved. Errors: WorkbookError from the
    change, from reading a file broken on disk (nothing is written over it) or
    from the save; OSError from the write.
    """
    with exclusive(file.path):
        for attempt in range(ATTEMPTS):
            if file.changed_on_disk():
                file = WorkbookFile.open(file.path, allow_newer=allow_newer)
            updated = change(file.workbook)
            if updated is None:
                return Updated(file, None, False)
            try:
                saved = file.save(updated)
            except WorkbookError:
                if attempt + 1 < ATTEMPTS and file.changed_on_disk():
                    continue
                raise
            return Updated(file, updated, saved)
    raise AssertionError("unreachable")  # pragma: no cover
