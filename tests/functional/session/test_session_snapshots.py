"""What the room sees: every session step on a laptop (80x24), a projector (100x30), a big screen.

At each size the progress line, the question, the field being typed in, the agreement, the
scope columns, the ranking's scores and the footer's keys must all be on screen.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from outcome_workbook.model.session_state import SESSION_STEPS
from outcome_workbook.store import WorkbookFile, parse
from outcome_workbook.tui.session.session_app import SessionApp

from ...conftest import DATA

FIXTURE = DATA / "session" / "expected.toml"


def app_at(tmp_path: Path, step: str) -> SessionApp:
    """The finished session's workbook, reopened at one step."""
    loaded = parse(FIXTURE.read_bytes(), str(FIXTURE))
    workbook = loaded.workbook
    assert workbook.session is not None
    workbook = dataclasses.replace(
        workbook,
        session=dataclasses.replace(workbook.session, step=step),  # type: ignore[arg-type]
    )
    path = tmp_path / "team.toml"
    file = WorkbookFile.create(path, workbook)
    return SessionApp(file, today=lambda: date(2026, 11, 23), timebox_running=False)


async def steady(pilot: Pilot[None]) -> None:
    """A still picture: the step's panel mounted and scrolled into place."""
    await pilot.pause()
    # Focusing a field scrolls it into view, animated; on a busy machine the
    # animation can still be running when the picture is taken.
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    # A long answer filled on mount grows to its text a refresh later.
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.mark.parametrize(
    "size", [(80, 24), (100, 30), (160, 45)], ids=lambda s: "x".join(map(str, s))
)
@pytest.mark.parametrize("step", SESSION_STEPS)
def test_each_step_at_each_size(
    step: str, size: tuple[int, int], tmp_path: Path, snap_compare: Any
) -> None:
    assert snap_compare(app_at(tmp_path, step), terminal_size=size, run_before=steady)
