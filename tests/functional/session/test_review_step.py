"""The review step: the facilitator writes the summary by key or by click; nobody else can."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Button

from outcome_workbook.store import WorkbookFile
from outcome_workbook.tui.session.session_app import SessionApp

from .test_fast_stepping import app_at
from .test_session_flow import settle


async def test_a_click_on_write_summary_writes_it(tmp_path: Path) -> None:
    app = app_at(tmp_path, "review")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.click("#write-summary")
        await pilot.pause()
        assert app.last_summary is not None
        assert "## Next steps" in app.last_summary.read_text(encoding="utf-8")


async def test_a_participant_has_no_button_to_write_the_summary(tmp_path: Path) -> None:
    path = app_at(tmp_path, "review").file.path
    app = SessionApp(
        WorkbookFile.open(path),
        today=lambda: date(2026, 11, 23),
        timebox_running=False,
        role="participant",
        name="Ana",
    )
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#write-summary", Button).display
        await pilot.press("w")
        await pilot.pause()
        assert app.last_summary is None
