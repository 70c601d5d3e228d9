"""Unlinking a product outcome from one business outcome, moving links and entries."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from outcome_workbook.store import WorkbookFile
from outcome_workbook.tui.palette import WorkbenchCommands
from outcome_workbook.tui.screens.form_dialogs import ConfirmDialog, FormDialog
from outcome_workbook.tui.screens.workbench import WorkbenchScreen
from outcome_workbook.tui.widgets.outline_tree import OutlineTree
from outcome_workbook.tui.workbench_app import WorkbenchApp

from .conftest import make_app
from .helpers import answer, choose, select


async def _press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def _row(app: object) -> tuple[str, str, bool]:
    """(parent id, entity id, is a link) of the outline row under the cursor."""
    assert isinstance(app, object)
    outline = app.screen.query_one(OutlineTree)  # type: ignore[attr-defined]
    item, parent = outline.current_item, outline.parent_item
    return (parent.entity_id if parent else "", item.entity_id, item.link)


def _palette(app: object) -> set[str]:
    return {name for name, _, _ in WorkbenchCommands(app.screen)._commands()}  # type: ignore[attr-defined]


async def _link_row(pilot: Pilot[None]) -> None:
    """Put the cursor on first-session where it is listed as a link, under reduce-churn."""
    await select(pilot, "reduce-churn")
    pilot.app.screen.query_one(OutlineTree).focus()
    await _press(pilot, "right", "right")


def _drives(app: WorkbenchApp) -> tuple[str, ...]:
    """What first-session drives now (read afresh: each edit makes a new workbook)."""
    return app.workbook.product_outcomes["first-session"].drives


async def test_unlink_from_the_parent_the_row_is_listed_under(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _link_row(pilot)
        assert _row(app) == ("reduce-churn", "first-session", True)
        assert "Unlink" in _palette(app) and "Move" in _palette(app)
        assert "u" in app.screen.active_bindings
        await _press(pilot, "u")
        assert isinstance(app.screen, WorkbenchScreen), "other links remain: no question"
        assert _drives(app) == ("grow-paid",)
        assert _row(app) == ("grow-paid", "first-session", False), "the cursor follows it"
        await _press(pilot, "ctrl+z")
        assert _drives(app) == (
            "grow-paid",
            "reduce-churn",
        )
        await _press(pilot, "ctrl+y")
        # Its last link: asked first, then listed at the top of the outline.
        await _press(pilot, "u")
        assert isinstance(app.screen, ConfirmDialog)
        await answer(pilot, "#yes")
        assert _drives(app) == ()
        assert _row(app) == ("", "first-session", False)
        assert "Unlink" not in _palette(app), "nothing left to unlink from"
        await _press(pilot, "ctrl+z", "ctrl+s")
    saved = WorkbookFile.open(workbook_path).workbook.product_outcomes["first-session"]
    assert saved.drives == ("grow-paid",)
    assert 'drives = ["grow-paid"]' in workbook_path.read_text("utf-8")


async def test_unlink_is_offered_only_on_a_product_outcome_under_what_it_drives(
    workbook_path: Path,
) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "grow-paid")
        screen.query_one(OutlineTree).focus()
        await pilot.pause()
        assert "Unlink" not in _palette(app)
        assert "u" not in app.screen.active_bindings
        before = app.workbook
        await _press(pilot, "u")
        assert app.workbook is before


async def test_move_a_link_to_another_business_outcome(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _link_row(pilot)
        await _press(pilot, "m")
        assert isinstance(app.screen, FormDialog)
        choose(pilot, "#form-target", "weekly-sessions")
        await answer(pilot, "#ok")
        assert isinstance(app.screen, WorkbenchScreen)
        drives = _drives(app)
        assert drives == ("grow-paid", "weekly-sessions"), "the link moved, in its place"
        await _press(pilot, "ctrl+z")
        drives = _drives(app)
        assert drives == ("grow-paid", "reduce-churn")


async def test_move_an_opportunity_under_another_product_outcome(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "setup-confusing")
        screen.query_one(OutlineTree).focus()
        await _press(pilot, "m")
        assert isinstance(app.screen, FormDialog)
        choose(pilot, "#form-target", "invite-colleague")
        await answer(pilot, "#ok")
        assert app.workbook.opportunities["setup-confusing"].outcome == "invite-colleague"
        assert _row(app) == ("invite-colleague", "setup-confusing", False)
        assert app.workbook.experiments["wizard-test"].solution == "guided-connection"
        await _press(pilot, "ctrl+z")
        assert app.workbook.opportunities["setup-confusing"].outcome == "first-session"
        await _press(pilot, "ctrl+y", "ctrl+s")
    saved = WorkbookFile.open(workbook_path).workbook
    assert saved.opportunities["setup-confusing"].outcome == "invite-colleague"


async def test_move_refused_by_the_model_keeps_the_dialog_open(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "wizard-test")
        screen.query_one(OutlineTree).focus()
        before = app.workbook
        await _press(pilot, "m")
        # The only solution is its own: there is nowhere else to put it.
        assert isinstance(app.screen, WorkbenchScreen)
        assert app.workbook is before
