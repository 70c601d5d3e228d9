"""The live room of a guided session: the running timebox, the agenda, who is connected.

The durable session (step, skips, parking lot, decisions) is the workbook's
`[session]` table; the room is what only matters while people are connected, so
it lives beside the workbook (`store.room_file`) and never shows in its git history.
Times are absolute (seconds since the epoch), so every screen computes the same
remaining time and a restarted process resumes the countdown where it was.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

# Who a screen is for: the facilitator drives the steps, the timebox and the
# sign-offs; participants contribute; viewers watch.
Role = Literal["facilitator", "participant", "viewer"]
ROLES: tuple[Role, ...] = get_args(Role)

# A client refreshes its presence this often; one not seen for STALE_AFTER_S has gone
# (its process was killed without saying goodbye).
HEARTBEAT_S = 5.0
STALE_AFTER_S = 20.0
MAX_MINUTES = 600
# A timebox whose time ran out this long ago belongs to an earlier sitting (the session
# resumed next week at the same step): arriving at the step starts a fresh one.
FORGOTTEN_AFTER_S = 3600.0


@dataclass(frozen=True, kw_only=True)
class Timebox:
    """The step being timed and when its time is up."""

    step: str
    ends: float
    minutes: int


@dataclass(frozen=True, kw_only=True)
class Presence:
    """One connected screen; `pid` and `host` let a screen on the same machine see at once
    that a process killed without saying goodbye is gone (0 and '': not known)."""

    client: str
    name: str
    role: str
    seen: float
    pid: int = 0
    host: str = ""


@dataclass(frozen=True, kw_only=True)
class Room:
    timebox: Timebox | None = None
    agenda: Mapping[str, int] = field(default_factory=dict)
    present: tuple[Presence, ...] = ()

    def minutes(self, step: str, default: int) -> int:
        """The step's own minutes from the agenda, else the session's default timebox."""
        return self.agenda.get(step, default)

    def remaining(self, step: str, now: float) -> int | None:
        """Whole seconds left on `step`'s timebox (negative: overrun); None when not running."""
        if self.timebox is None or self.timebox.step != step:
            return None
        return math.ceil(self.timebox.ends - now)

    def here(
        self, now: float, alive: Callable[[Presence], bool] = lambda _: True
    ) -> tuple[Presence, ...]:
        """Who is connected now: facilitators first, then by name. `alive` says whether a
        presence's process still runs (as far as this machine can tell)."""
        alive_now = [p for p in self.present if now - p.seen <= STALE_AFTER_S and alive(p)]
        order: dict[str, int] = {role: n for n, role in enumerate(ROLES)}
        return tuple(
            sorted(
                alive_now, key=lambda p: (order.get(p.role, len(ROLES)), p.name.lower(), p.client)
            )
        )


MAX_NAME = 40


def person_name(text: str) -> str:
    """A name as the room shows it: printable, on one line, trimmed to MAX_NAME characters
    ('' when nothing is left). It is data: it reaches screens, files and command lines."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(printable.split())[:MAX_NAME].strip()


def start_timebox(room: Room, step: str, minutes: int, now: float) -> Room:
    return dataclasses.replace(
        room, timebox=Timebox(step=step, ends=now + minutes * 60, minutes=minutes)
    )


def time_step(room: Room, step: str, minutes: int, now: float) -> Room:
    """Start `step`'s timebox unless it is already being timed.

    Run under the lock on the room as it is, so two facilitator screens (a laptop
    and the projector) arriving at a step together start one timebox, not two.
    """
    timebox = room.timebox
    if timebox is not None and timebox.step == step and now - timebox.ends < FORGOTTEN_AFTER_S:
        return room
    return start_timebox(room, step, minutes, now)


def set_minutes(room: Room, step: str, minutes: int, now: float) -> Room:
    """Give `step` its own minutes in the agenda and start its timebox afresh."""
    if not 0 < minutes <= MAX_MINUTES:
        raise ValueError(f"minutes from 1 to {MAX_MINUTES}")
    agenda = {**room.agenda, step: minutes}
    return start_timebox(dataclasses.replace(room, agenda=agenda), step, minutes, now)


def parse_agenda(text: str, steps: tuple[str, ...]) -> dict[str, int]:
    """`metric=15,explore=20` -> {step: minutes}; ValueError says what is wrong and where."""
    agenda: dict[str, int] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        step, equals, minutes = part.partition("=")
        step = step.strip()
        if not equals or step not in steps:
            raise ValueError(f"{part!r}: give STEP=MINUTES with a step among {', '.join(steps)}")
        if not minutes.strip().isdigit() or not 0 < int(minutes) <= MAX_MINUTES:
            raise ValueError(f"{part!r}: minutes from 1 to {MAX_MINUTES}")
        agenda[step] = int(minutes)
    return agenda


def plan(room: Room, agenda: Mapping[str, int]) -> Room:
    """Give these steps their own minutes (the others keep theirs)."""
    return dataclasses.replace(room, agenda={**room.agenda, **agenda})


def arrive(room: Room, presence: Presence) -> Room:
    """Say (again) that `presence.client` is here; forget clients gone stale."""
    others = tuple(
        p
        for p in room.present
        if p.client != presence.client and presence.seen - p.seen <= STALE_AFTER_S
    )
    return dataclasses.replace(room, present=(*others, presence))


def forget(room: Room, gone: Callable[[Presence], bool]) -> Room:
    """The room without the presences `gone` says have ended (their process was killed)."""
    kept = tuple(p for p in room.present if not gone(p))
    return room if len(kept) == len(room.present) else dataclasses.replace(room, present=kept)


def leave(room: Room, client: str) -> Room:
    return dataclasses.replace(room, present=tuple(p for p in room.present if p.client != client))


def to_data(room: Room) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agenda": dict(sorted(room.agenda.items())),
        "present": [dataclasses.asdict(p) for p in room.present],
    }
    if room.timebox is not None:
        data["timebox"] = dataclasses.asdict(room.timebox)
    return data


def from_data(data: object) -> Room:
    """Read what `to_data` wrote; whatever is malformed is dropped (the file is disposable)."""
    if not isinstance(data, dict):
        return Room()
    timebox: Timebox | None = None
    raw = data.get("timebox")
    if isinstance(raw, dict):
        try:
            timebox = Timebox(
                step=str(raw["step"]), ends=float(raw["ends"]), minutes=int(raw["minutes"])
            )
        except (KeyError, TypeError, ValueError):
            timebox = None
    agenda_raw = data.get("agenda")
    agenda = {
        str(step): minutes
        for step, minutes in (agenda_raw.items() if isinstance(agenda_raw, dict) else ())
        if isinstance(minutes, int) and 0 < minutes <= MAX_MINUTES
    }
    present: list[Presence] = []
    for entry in data.get("present") or ():
        try:
            present.append(
                Presence(
                    client=str(entry["client"]),
                    name=str(entry["name"]),
                    role=str(entry["role"]),
                    seen=float(entry["seen"]),
                    pid=int(entry.get("pid", 0)),
                    host=str(entry.get("host", "")),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return Room(timebox=timebox, agenda=agenda, present=tuple(present))
