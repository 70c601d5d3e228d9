"""Recovery files: unsaved work copied to the user's state folder every few seconds.

Never next to the workbook (it lives in git). Each running workbench has copies of
its own, named from a hash of the workbook's path and a token of the instance
(`team-<hash>.<token>.toml`), so two workbench windows on one file never share one:
while it runs, an instance holds an exclusive lock on `team-<hash>.<token>.lock`.
Another instance uses that lock to tell a live session's copy (never offered, never
removed) from the copy of one that ended without saving (offered back). A copy named
without a token (`team-<hash>.toml`, written by `write`) has no owner: it counts as
left by a crashed session.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import time
from pathlib import Path

from ..store.atomic import atomic_write

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: every other copy counts as left behind
    fcntl = None  # type: ignore[assignment]

APP_DIR = "outcome-workbook"
COPY_SUFFIX = ".toml"
LOCK_SUFFIX = ".lock"


def recovery_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / APP_DIR / "recovery"


def _base(workbook_path: Path) -> str:
    try:  # as Path.resolve() spells it, without its RuntimeError on a link loop
        resolved = os.path.realpath(workbook_path)
    except (OSError, ValueError):
        resolved = os.path.abspath(workbook_path)
    tag = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(workbook_path).stem)
    return f"{stem[:40]}-{tag}"


def recovery_path(workbook_path: Path) -> Path:
    """The copy with no owner (see `write`)."""
    return recovery_dir() / f"{_base(workbook_path)}{COPY_SUFFIX}"


def copies(workbook_path: Path) -> list[Path]:
    """Every recovery copy of this workbook, whoever wrote it, oldest first."""
    folder = recovery_dir()
    base = _base(workbook_path)
    found = [p for p in folder.glob(f"{base}.*{COPY_SUFFIX}") if p.name.count(".") == 2]
    unowned = recovery_path(workbook_path)
    if unowned.exists():
        found.append(unowned)
    return sorted(found, key=_mtime)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _lock_of(copy: Path) -> Path:
    return copy.with_name(copy.name.removesuffix(COPY_SUFFIX) + LOCK_SUFFIX)


def _live(copy: Path) -> bool:
    """Whether a running workbench owns `copy` (holds its lock)."""
    if fcntl is None:  # pragma: no cover
        return False
    try:
        fd = os.open(_lock_of(copy), os.O_RDWR | os.O_NOFOLLOW)
    except OSError:
        return False  # no lock file: no owner
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # drops the lock just taken, if it was
    return False


def _remove_left_behind(copy: Path) -> None:
    """Delete a copy whose owner is gone, and its lock file."""
    if _live(copy):
        return
    with contextlib.suppress(FileNotFoundError):
        copy.unlink()
    with contextlib.suppress(FileNotFoundError):
        _lock_of(copy).unlink()


def _left_behind(workbook_path: Path, own: Path | None) -> Path | None:
    """The newest copy that no running workbench owns, newer than the workbook and
    different from it; an identical one is removed on the way."""
    try:
        current = Path(workbook_path).stat()
        on_disk: bytes | None = None
    except FileNotFoundError:
        current = None
    for copy in reversed(copies(workbook_path)):
        if copy == own or _live(copy):
            continue
        try:
            saved = copy.stat()
        except FileNotFoundError:
            continue
        if current is None:
            return copy
        if saved.st_mtime_ns < current.st_mtime_ns:
            continue
        try:
            if on_disk is None:
                on_disk = Path(workbook_path).read_bytes()
            if copy.read_bytes() == on_disk:
                _remove_left_behind(copy)
                continue
        except OSError:
            continue
        return copy
    return None


# A lock file younger than this may belong to a window that is just taking its lock.
FRESH_LOCK_S = 60.0


def _remove_orphan_locks(workbook_path: Path) -> None:
    """Lock files whose window is gone and whose copy is gone too (a window killed after
    a save): nothing refers to them any more."""
    now = time.time()
    for lock in recovery_dir().glob(f"{_base(workbook_path)}.*{LOCK_SUFFIX}"):
        copy = lock.with_name(lock.name.removesuffix(LOCK_SUFFIX) + COPY_SUFFIX)
        try:
            fresh = now - lock.stat().st_mtime < FRESH_LOCK_S
        except OSError:
            continue
        if not fresh and not copy.exists() and not _live(copy):
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()


class Recovery:
    """One workbench's recovery copies of one workbook."""

    def __init__(self, workbook_path: Path) -> None:
        self.workbook_path = Path(workbook_path)
        token = secrets.token_hex(6)
        self.path = recovery_dir() / f"{_base(self.workbook_path)}.{token}{COPY_SUFFIX}"
        self._lock_fd: int | None = None

    def _hold(self) -> None:
        if self._lock_fd is not None:
            return
        fd = os.open(_lock_of(self.path), os.O_RDWR | os.O_CREAT, 0o600)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._lock_fd = fd

    def write(self, data: bytes) -> Path:
        """Store the unsaved text atomically (a crash mid-write keeps the previous copy)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._hold()
        atomic_write(self.path, data)
        return self.path

    def discard(self) -> None:
        """Remove this instance's copy (its lock stays held until `close`)."""
        self.path.unlink(missing_ok=True)

    def pending(self) -> Path | None:
        """A copy left by a workbench that ended without saving, if there is one."""
        _remove_orphan_locks(self.workbook_path)
        return _left_behind(self.workbook_path, self.path)

    def remove(self, copy: Path) -> None:
        """Delete a copy left behind (after it was restored or discarded); never a live one."""
        if copy != self.path:
            _remove_left_behind(copy)

    def close(self) -> None:
        """Let go of the lock: a copy still here is then offered by the next workbench."""
        if self._lock_fd is None:
            return
        if not self.path.exists():
            with contextlib.suppress(FileNotFoundError):
                _lock_of(self.path).unlink()
        os.close(self._lock_fd)
        self._lock_fd = None


def write(workbook_path: Path, data: bytes) -> Path:
    """Store a copy with no owner (as a session that crashed would have left it)."""
    target = recovery_path(workbook_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data)
    return target


def pending(workbook_path: Path) -> Path | None:
    """A copy left behind by a workbench that ended without saving, if there is one."""
    return _left_behind(workbook_path, None)


def discard(workbook_path: Path) -> None:
    """Remove every copy of this workbook that no running workbench owns."""
    for copy in copies(workbook_path):
        _remove_left_behind(copy)
