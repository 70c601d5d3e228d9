"""The guided session starts from the workbench and hands the workbook back."""

from __future__ import annotations

from pathlib import Path

from outcome_workbook.model import operations as op
from outcome_workbook.store import WorkbookFile
from outcome_workbook.tui.screens.workbench import WorkbenchScreen
from outcome_workbook.tui.session.screen import SessionScreen
from outcome_workbook.tui.workbench_app import create_app


async def test_ctrl_g_runs_a_session_inside_the_workbench(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    WorkbookFile.create(path, op.new_workbook("Team"))
    app = create_app(path, theme="textual-dark", watch_interval=60.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        field = app.screen.query_one("#nsm-title")
        field.focus()
        field.insert_text_at_cursor("Weekly active teams")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)
        assert app.workbook.session is not None
        assert [n.title for n in app.workbook.north_stars.values()] == ["Weekly active teams"]
        await pilot.press("ctrl+z")  # session edits are undoable like any other
        await pilot.pause()
        assert not app.workbook.north_stars
