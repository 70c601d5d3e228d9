"""Recovery files: unsaved work copied to the user's state folder every few seconds.

Never next to the workbook (it lives in git); one file per workbook path, named
from a hash of that path so two workbooks called `team.toml` do not collide.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..store.atomic import atomic_write

APP_DIR = "outcome-workbook"


def recovery_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / APP_DIR / "recovery"


def recovery_path(workbook_path: Path) -> Path:
    resolved = str(Path(workbook_path).resolve())
    tag = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(workbook_path).stem)
    return recovery_dir() / f"{stem[:40]}-{tag}.toml"


def write(workbook_path: Path, data: bytes) -> Path:
    """Store the unsaved text atomically (a crash mid-write keeps the previous copy)."""
    target = recovery_path(workbook_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data)
    return target


def pending(workbook_path: Path) -> Path | None:
    """A recovery file newer than the workbook and different from it, if there is one."""
    target = recovery_path(workbook_path)
    try:
        saved = target.stat()
    except FileNotFoundError:
        return None
    try:
        current = Path(workbook_path).stat()
    except FileNotFoundError:
        return target
    if saved.st_mtime_ns < current.st_mtime_ns:
        return None
    try:
        if target.read_bytes() == Path(workbook_path).read_bytes():
            discard(workbook_path)
            return None
    except OSError:
        return None
    return target


def discard(workbook_path: Path) -> None:
    recovery_path(workbook_path).unlink(missing_ok=True)
