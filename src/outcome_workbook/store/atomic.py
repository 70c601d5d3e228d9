"""Atomic file replacement: the old file stays intact until the new one is complete on disk."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a crash at any moment leaves the old or the new file whole.

    Writes a temporary file in the same directory, fsyncs it, keeps the old
    file's mode, renames it over the target and fsyncs the directory. A
    symlink is followed: its target is replaced and the link stays a link.
    """
    target = Path(os.path.realpath(path))
    directory = target.parent
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            _write(handle, data)
            handle.flush()
            _fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        _replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _fsync_directory(directory)


# Small seams so fault-injection tests can fail each step.
def _write(handle: object, data: bytes) -> None:
    handle.write(data)  # type: ignore[attr-defined]


def _fsync(fd: int) -> None:
    os.fsync(fd)


def _replace(source: str, target: Path) -> None:
    os.replace(source, target)


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
