"""Text typed into a step and not submitted is kept, and said to be, when the step changes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from outcome_workbook.model import operations as op
from outcome_workbook.store import WorkbookFile
from outcome_workbook.tui.session.screen import SessionScreen
from outcome_workbook.tui.session.session_app import SessionApp
from outcome_workbook.tui.widgets.answer import LongAnswer

from .test_fast_stepping import app_at
from .test_session_flow import settle


def not_submitted_notices(app: SessionApp) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Not submitted yet"]


async def test_unsubmitted_text_comes_back_with_its_step(tmp_path: Path) -> None:
    app = app_at(tmp_path, "context")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        prefilled = screen.query_one("#bo-title", Input).value
        assert prefilled  # filled from the workbook: not a draft
        field = screen.query_one("#nsm-title", Input)
        field.focus()
        field.insert_text_at_cursor("Weekly teams planning")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.step == "translate"
        assert len(not_submitted_notices(app)) == 1
        assert "Context" in not_submitted_notices(app)[0]
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert screen.query_one("#nsm-title", Input).value == "Weekly teams planning"
        assert screen.query_one("#bo-title", Input).value == prefilled
        # Kept on this screen only: nothing was written.
        assert b"Weekly teams planning" not in app.file.path.read_bytes()
        # Submitted, it is no draft any more: leaving says nothing.
        screen.query_one("#nsm-title", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert len(not_submitted_notices(app)) == 1
    north_star = WorkbookFile.open(app.file.path).workbook.meta.north_star
    assert WorkbookFile.open(app.file.path).workbook.north_stars[north_star].title == (
        "Weekly teams planning"
    )


async def test_leaving_a_step_untouched_says_nothing(tmp_path: Path) -> None:
    app = app_at(tmp_path, "scope")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for _ in range(3):
            await pilot.press("ctrl+n")
            await settle(pilot)
        for _ in range(3):
            await pilot.press("ctrl+b")
            await settle(pilot)
        assert not_submitted_notices(app) == []


async def test_a_participants_draft_is_kept_when_the_facilitator_moves_the_room(
    tmp_path: Path,
) -> None:
    app = app_at(tmp_path, "context")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        field = screen.query_one("#nsm-title", Input)
        field.focus()
        field.insert_text_at_cursor("Half a thought")
        facilitator = WorkbookFile.open(app.file.path)  # another client, same file
        facilitator.save(op.go_to_step(facilitator.workbook, "translate"))
        app._sync_from_disk()  # what the once-a-second follow does
        await settle(pilot)
        assert screen.step == "translate"
        assert len(not_submitted_notices(app)) == 1
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert screen.query_one("#nsm-title", Input).value == "Half a thought"


async def test_a_long_answer_takes_several_lines_and_ctrl_j_adds_it(tmp_path: Path) -> None:
    """Enter is a new line in a long answer (it never submits half a paragraph); ctrl+j adds
    it; a long answer typed and not added is kept like any draft when the step changes."""
    app = app_at(tmp_path, "negotiate")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        answer = screen.query_one("#entry-team", LongAnswer)
        answer.focus()
        before = app.file.path.read_bytes()
        await pilot.press(*"Baseline is 12", "enter", *"we can reach 20")
        await pilot.pause()
        assert app.file.path.read_bytes() == before  # Enter wrote nothing
        assert answer.value == "Baseline is 12\nwe can reach 20"
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert answer.value == ""
        outcome_id = screen.outcome_id
        entries = app.workbook.product_outcomes[outcome_id].negotiation
        assert entries[-1].text == "Baseline is 12\nwe can reach 20" and entries[-1].side == "team"
        await pilot.press(*"A second thought", "enter", *"on two lines")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert len(not_submitted_notices(app)) == 1
        await pilot.press("ctrl+b")
        await settle(pilot)
        kept = screen.query_one("#entry-team", LongAnswer)
        assert kept.value == "A second thought\non two lines"
    saved = WorkbookFile.open(app.file.path).workbook.product_outcomes[outcome_id]
    assert saved.negotiation[-1].text == "Baseline is 12\nwe can reach 20"
