"""What a participant sees in a served room: who is here, the facilitator's step, time up."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from outcome_workbook.model import live_room as rooms
from outcome_workbook.model import operations as op
from outcome_workbook.store import WorkbookFile
from outcome_workbook.store.room_file import update_room
from outcome_workbook.tui.session.session_app import SessionApp

from .test_session_snapshots import steady

NOW = 1_800_000_000.0


def test_a_participant_sees_who_is_here_and_that_time_is_up(
    tmp_path: Path, snap_compare: Any
) -> None:
    path = tmp_path / "room.toml"
    WorkbookFile.create(path, op.go_to_step(op.start_session(op.new_workbook("Room")), "scope"))

    def room(r: rooms.Room) -> rooms.Room:
        for client, name, role in (("f", "Mara", "facilitator"), ("b", "Bo", "participant")):
            r = rooms.arrive(r, rooms.Presence(client=client, name=name, role=role, seen=NOW))
        return rooms.start_timebox(r, "scope", 10, NOW - 10 * 60 - 65)

    update_room(path, room)
    app = SessionApp(
        WorkbookFile.open(path),
        today=lambda: date(2026, 12, 3),
        role="participant",
        name="Ana",
        clock=lambda: NOW,
    )
    assert snap_compare(app, terminal_size=(100, 30), run_before=steady)
