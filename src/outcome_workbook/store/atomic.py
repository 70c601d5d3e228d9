"""Atomic file replacement: the old file stays intact until the new one is complete on disk."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: only the age tells
    fcntl = None  # type: ignore[assignment]

TEMP_SUFFIX = ".tmp"
# A temporary file untouched this long, and locked by no writer, was left by a killed save.
STALE_AFTER_S = 60.0
# What tempfile.mkstemp puts between the prefix and the suffix.
_TEMP_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_TEMP_LENGTH = 8


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
    clean_stale_temporaries(target)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=directory)
    try:
        _lock(fd)  # so a cleaner in another process can tell it is being written
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


def _lock(fd: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _is_stale_temporary(name: str, prefix: str) -> bool:
    if not (name.startswith(prefix) and name.endswith(TEMP_SUFFIX)):
        return False
    middle = name[len(prefix) : -len(TEMP_SUFFIX)]
    return len(middle) == _TEMP_LENGTH and set(middle) <= _TEMP_CHARS


def _in_use(path: str) -> bool:
    """Whether a writer holds the file's lock (a save under way in some process)."""
    if fcntl is None:  # pragma: no cover
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return True  # cannot tell: leave it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing drops the lock taken just now
    return False


def clean_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files a killed save left beside `target`; returns them.

    Only files named exactly as `atomic_write` names them for this target
    (`.NAME.` + 8 random characters + `.tmp`), regular files owned by this user,
    not modified for STALE_AFTER_S, and not locked by a writer. Anything else,
    including another file's temporaries and a save still under way, is left alone.
    """
    prefix = f".{target.name}."
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        if not _is_stale_temporary(entry.name, prefix):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            continue
        if now - info.st_mtime < STALE_AFTER_S or _in_use(entry.path):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed
