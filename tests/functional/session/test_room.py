"""The live room: one timebox for every screen, roles, who is connected (in process, fast)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Static

from outcome_workbook.model import live_room as rooms
from outcome_workbook.model import operations as op
from outcome_workbook.store import WorkbookFile
from outcome_workbook.store.room_file import read_room, room_path, update_room
from outcome_workbook.tui.session.screen import SessionScreen
from outcome_workbook.tui.session.session_app import SessionApp


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _app(path: Path, clock: Clock, role: str = "facilitator", name: str = "") -> SessionApp:
    return SessionApp(
        WorkbookFile.open(path), today=lambda: date(2026, 12, 3), role=role, name=name, clock=clock
    )


def _screen(app: SessionApp) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen), screen
    return screen


def _time(app: SessionApp) -> str:
    return str(app.screen.query_one("#timebox", Static).render()).strip()


def _new(tmp_path: Path) -> Path:
    path = tmp_path / "room.toml"
    WorkbookFile.create(path, op.start_session(op.new_workbook("Room")))
    return path


async def test_every_screen_counts_down_to_the_same_deadline_and_a_restart_resumes_it(
    tmp_path: Path,
) -> None:
    path, clock = _new(tmp_path), Clock()
    facilitator = _app(path, clock)
    async with facilitator.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _time(facilitator) == "time 10:00"
        clock.now += 95
        _screen(facilitator).room_changed()
        assert _time(facilitator) == "time 08:25"
    # A participant joining later, and the facilitator's screen reopened, show the same time.
    clock.now += 5
    for role in ("participant", "facilitator"):
        app = _app(path, clock, role, name="Ana")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert _time(app) == "time 08:20", role
    timebox = read_room(path).timebox
    assert timebox is not None and timebox.step == "context"


async def test_expiry_is_unmistakable_and_the_agenda_gives_a_step_its_minutes(
    tmp_path: Path,
) -> None:
    path, clock = _new(tmp_path), Clock()
    update_room(path, lambda room: rooms.set_minutes(room, "translate", 3, clock.now))
    app = _app(path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        clock.now += 10 * 60 + 7
        _screen(app).room_changed()
        assert _time(app) == "TIME UP +00:07"
        assert app.screen.query_one("#banner").has_class("time-up")
        await pilot.press("ctrl+n")  # the next step starts its own timebox, from the agenda
        await pilot.pause()
        assert _time(app) == "time 03:00"
        assert not app.screen.query_one("#banner").has_class("time-up")
        await pilot.press("ctrl+r")
        await pilot.pause()
        prompt = app.screen.query_one(Input)
        prompt.value = "20"
        await pilot.press("enter")
        await pilot.pause()
        assert _time(app) == "time 20:00"
    assert read_room(path).agenda == {"translate": 20}


async def test_a_participant_contributes_but_does_not_drive(tmp_path: Path) -> None:
    path, clock = _new(tmp_path), Clock()
    app = _app(path, clock, "participant")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"Ana", "enter")  # the name prompt
        await pilot.pause()
        for key in ("ctrl+n", "ctrl+k", "ctrl+r"):
            await pilot.press(key)
            await pilot.pause()
        state = WorkbookFile.open(path).workbook.session
        assert state is not None and state.step == "context"
        await pilot.press("ctrl+l", *"a point", "enter")
        await pilot.pause()
        room = str(app.screen.query_one("#room", Static).render())
        assert "Ana" in room and "participant" in room
    state = WorkbookFile.open(path).workbook.session
    assert state is not None and [p.text for p in state.parking_lot] == ["a point"]
    # Leaving says goodbye: the room no longer counts Ana.
    assert read_room(path).here(clock.now) == ()


async def test_a_participant_cannot_sign_and_a_viewer_changes_nothing(tmp_path: Path) -> None:
    path, clock = _new(tmp_path), Clock()
    before = path.read_bytes()
    viewer = _app(path, clock, "viewer")
    async with viewer.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+l", "ctrl+d", "ctrl+n")
        await pilot.pause()
        assert viewer.screen.query_one(".step-panel").disabled
        assert not viewer.apply(lambda wb: op.park(wb, "sneaky"))
    assert path.read_bytes() == before
    participant = _app(path, clock, "participant", name="Bo")
    async with participant.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        participant.screen.query_one("#outcome-select")  # the screen is there
        participant.apply(lambda wb: op.go_to_step(wb, "negotiate"))  # as if the room moved
        _screen(participant).show_step()
        await pilot.pause()
        assert not participant.screen.query_one("#sign-team").display


def test_the_room_file_is_read_back_and_tolerates_junk(tmp_path: Path) -> None:
    path = _new(tmp_path)
    room_path(path).write_text('{"timebox": {"step": 3}, "present": [{"x": 1}], "agenda": []}')
    assert read_room(path) == rooms.Room()
    room_path(path).write_text("not json")
    assert read_room(path) == rooms.Room()
    here = rooms.Presence(client="a", name="Ana", role="participant", seen=100.0)
    update_room(path, lambda room: rooms.arrive(room, here))
    assert read_room(path).here(110.0) == (here,)
    assert read_room(path).here(100.0 + rooms.STALE_AFTER_S + 1) == ()


def test_two_facilitator_screens_arriving_at_a_step_start_one_timebox(tmp_path: Path) -> None:
    path = _new(tmp_path)
    update_room(path, lambda room: rooms.time_step(room, "scope", 10, 1000.0))
    # The second screen's view of the room is stale; under the lock it sees the first's.
    update_room(path, lambda room: rooms.time_step(room, "scope", 10, 1003.0))
    timebox = read_room(path).timebox
    assert timebox is not None and timebox.ends == 1000.0 + 600
    # Resumed next week at the same step: a fresh timebox, not "TIME UP +10,000 minutes".
    later = 1000.0 + 7 * 24 * 3600
    update_room(path, lambda room: rooms.time_step(room, "scope", 10, later))
    timebox = read_room(path).timebox
    assert timebox is not None and timebox.ends == later + 600


def test_an_agenda_planned_up_front_is_what_each_step_starts_with(tmp_path: Path) -> None:
    from outcome_workbook.commands.common import plan_agenda
    from outcome_workbook.model.session_state import SESSION_STEPS

    path = _new(tmp_path)
    assert rooms.parse_agenda(" metric=15, explore=20 ,", SESSION_STEPS) == {
        "metric": 15,
        "explore": 20,
    }
    assert plan_agenda(path, "metric=15,explore=20", "outcomes session")
    assert plan_agenda(path, "explore=25", "outcomes session")
    room = read_room(path)
    assert room.agenda == {"metric": 15, "explore": 25}
    assert room.minutes("metric", 10) == 15 and room.minutes("goal", 10) == 10


async def test_ctrl_z_takes_back_ones_own_change_and_keeps_what_another_saved(
    tmp_path: Path,
) -> None:
    path, clock = _new(tmp_path), Clock()
    ana = _app(path, clock, "participant", name="Ana")
    async with ana.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert ana.apply(lambda wb: op.park(wb, "ana's point"), "Parked")
        other = WorkbookFile.open(path)  # another participant's screen, saving meanwhile
        other.save(op.record_decision(other.workbook, "ben's decision"))
        await pilot.press("ctrl+z")
        await pilot.pause()
        saved = WorkbookFile.open(path).workbook.session
        assert saved is not None
        assert [p.text for p in saved.parking_lot] == []
        assert [d.text for d in saved.decisions] == ["ben's decision"]
        assert ana.workbook.session == saved  # the screen shows the file, both changes known
        await pilot.press("ctrl+y")
        await pilot.pause()
        saved = WorkbookFile.open(path).workbook.session
        assert saved is not None and [p.text for p in saved.parking_lot] == ["ana's point"]
