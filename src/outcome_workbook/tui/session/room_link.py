"""This screen's link to the live room: roles, the shared timebox, who is connected.

`RoomLink` follows the room's side file (`store.room_file`) and writes it under the
workbook's lock; a host without a file (a read-only workbook) keeps the room in
memory, so the screen has one code path either way.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App

from ...model import live_room as rooms
from ...model.errors import WorkbookError
from ...model.live_room import Presence, Room
from ...model.workbook import Workbook
from ...store.room_file import read_room, stamp, update_room

# What each role may do: the facilitator drives (steps, timebox, sign-offs, summary),
# participants contribute, viewers watch.
DRIVE = "drive"
CONTRIBUTE = "contribute"
_MAY: dict[str, frozenset[str]] = {
    "facilitator": frozenset({DRIVE, CONTRIBUTE}),
    "participant": frozenset({CONTRIBUTE}),
    "viewer": frozenset(),
}


def facilitator_name(workbook: Workbook) -> str:
    """What a facilitator who gave no name is called: the session's facilitator, if named."""
    state = workbook.session
    return (state.facilitator if state else "") or "Facilitator"


def role_of(app: App[object]) -> str:
    """The role of whoever uses this app (a host that says nothing is a local facilitator)."""
    return str(getattr(app, "role", "facilitator"))


def may(app: App[object], what: str) -> bool:
    return what in _MAY.get(role_of(app), frozenset())


HOST = socket.gethostname()


def ended(presence: Presence) -> bool:
    """Whether a presence's process is known to have ended: it ran on this machine (every
    process of `outcomes serve` does) and no process has its id any more."""
    if not presence.pid or presence.host != HOST or presence.pid == os.getpid():
        return False
    try:
        os.kill(presence.pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # someone else's process: it runs
        return False
    return False


class RoomLink:
    """The room as this process last read it, and this client's presence in it."""

    def __init__(
        self,
        workbook_path: Path | None,
        role: str,
        name: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = workbook_path
        self.role = role
        self.name = name
        self.clock = clock
        self.client = secrets.token_hex(4)
        self.room = read_room(workbook_path) if workbook_path else Room()
        self._stamp = stamp(workbook_path) if workbook_path else None

    def changed(self) -> bool:
        """Read the side file again if someone wrote it; True when the room changed."""
        if self.path is None:
            return False
        now = stamp(self.path)
        if now == self._stamp:
            return False
        self._stamp = now
        before = self.room
        self.room = read_room(self.path)
        return self.room != before

    def write(self, change: Callable[[Room], Room]) -> str:
        """Apply `change` to the room as it is now and save it; '' or why it was not saved."""
        if self.path is None:
            self.room = change(self.room)
            return ""
        try:
            self.room = update_room(self.path, change)
        except WorkbookError as error:
            return error.message
        except OSError as error:
            return f"cannot save the room beside the workbook: {error.strerror}"
        self._stamp = stamp(self.path)
        return ""

    def here(self) -> tuple[Presence, ...]:
        return self.room.here(self.clock(), alive=lambda p: not ended(p))

    def heartbeat(self) -> str:
        presence = Presence(
            client=self.client,
            name=self.name,
            role=self.role,
            seen=self.clock(),
            pid=os.getpid(),
            host=HOST,
        )
        return self.write(lambda room: rooms.forget(rooms.arrive(room, presence), ended))

    def goodbye(self) -> str:
        return self.write(lambda room: rooms.leave(room, self.client))
