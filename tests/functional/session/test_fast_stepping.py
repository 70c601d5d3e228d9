"""Stepping through the session as fast as keys can be sent never crashes.

Each step swaps its panel; pressing next again before the swap has finished used to
refresh a panel that was not mounted yet (the explore step's ranking table got rows
before it had columns: "More values provided than there are columns").
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from outcome_workbook.model.session_state import SESSION_STEPS
from outcome_workbook.store import WorkbookFile, parse
from outcome_workbook.tui.session.screen import SessionScreen
from outcome_workbook.tui.session.session_app import SessionApp

from ...conftest import DATA

FIXTURE = DATA / "session" / "expected.toml"


def app_at(tmp_path: Path, step: str) -> SessionApp:
    """The finished session's workbook (every step has content), reopened at `step`."""
    workbook = parse(FIXTURE.read_bytes(), str(FIXTURE)).workbook
    assert workbook.session is not None
    session = dataclasses.replace(workbook.session, step=step)  # type: ignore[arg-type]
    workbook = dataclasses.replace(workbook, session=session)
    file = WorkbookFile.create(tmp_path / "team.toml", workbook)
    return SessionApp(file, today=lambda: date(2026, 11, 23), timebox_running=False)


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Send the keys all at once, as a fast typist or a laggy link does: no waiting between."""
    app = pilot.app
    assert app._driver is not None
    for key in keys:
        event = events.Key(key, None)
        event.set_sender(app)
        app._driver.send_message(event)
    for _ in range(3):
        await pilot.pause()


async def test_next_twice_quickly_around_explore(tmp_path: Path) -> None:
    before = SESSION_STEPS[SESSION_STEPS.index("explore") - 1]
    app = app_at(tmp_path, before)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "ctrl+n", "ctrl+n")
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert len(screen.query(".step-panel")) == 1


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_every_panel_as_fast_as_keys_can_be_sent(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = app_at(tmp_path, SESSION_STEPS[0])
    target = SESSION_STEPS[3]
    async with app.run_test(size=size) as pilot:
        last = len(SESSION_STEPS) - 1
        await burst(pilot, *["ctrl+n"] * last)
        await burst(pilot, *["ctrl+b"] * last)
        await burst(pilot, *["ctrl+n", "ctrl+b", "ctrl+n"] * 3)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.step == target
        panels = screen.query(".step-panel")
        assert len(panels) == 1
        assert target == panels.first().STEP  # type: ignore[attr-defined]
    saved = WorkbookFile.open(app.file.path).workbook.session
    assert saved is not None and saved.step == target
