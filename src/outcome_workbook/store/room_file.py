"""The room's side file, `.NAME.room.json` beside the workbook (see `model.live_room`).

Every process of a served session reads it without a lock (a write renames a
complete file into place) and writes it through `update_room`: under the
workbook's own exclusive lock (`store.shared.exclusive`), re-read, change, atomic
write. So a timebox started by the facilitator and a participant's arrival at
the same moment are both kept, exactly as for the workbook itself.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from ..model.live_room import Room, from_data, to_data
from .atomic import atomic_write
from .shared import exclusive


def room_path(workbook_path: Path) -> Path:
    target = Path(os.path.realpath(workbook_path))
    return target.with_name(f".{target.name}.room.json")


def stamp(workbook_path: Path) -> tuple[int, int] | None:
    """Cheap change detection for followers: the file's (mtime, size), None if absent."""
    try:
        info = room_path(workbook_path).stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


def read_room(workbook_path: Path) -> Room:
    """The room as last written; an absent or unreadable file is an empty room."""
    try:
        data = json.loads(room_path(workbook_path).read_bytes())
    except (OSError, ValueError):
        return Room()
    return from_data(data)


def update_room(workbook_path: Path, change: Callable[[Room], Room]) -> Room:
    """Run `change` on the room as it is now, under the workbook's lock, and save it.

    Errors: WorkbookError when the lock is not had in time, OSError from the write.
    """
    with exclusive(workbook_path):
        room = read_room(workbook_path)
        updated = change(room)
        if updated != room:
            text = json.dumps(to_data(updated), indent=1, ensure_ascii=False)
            atomic_write(room_path(workbook_path), text.encode("utf-8") + b"\n")
        return updated
