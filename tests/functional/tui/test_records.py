"""Single notes and negotiation entries: edit, remove, undo; sign-offs withdrawn; keys at fields."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Select

from outcome_workbook.model import operations
from outcome_workbook.model.agreement import agreement_of
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.store import WorkbookFile
from outcome_workbook.tui.screens.form_dialogs import ChoiceDialog, ConfirmDialog, FormDialog
from outcome_workbook.tui.screens.negotiation import NegotiationScreen
from outcome_workbook.tui.screens.notes import NotesScreen
from outcome_workbook.tui.screens.workbench import WorkbenchScreen
from outcome_workbook.tui.widgets.outline_tree import OutlineTree

from .builders import TODAY, small_workbook, write
from .conftest import make_app
from .helpers import answer, choose, select, type_into, wait_until


def _with_records(path: Path) -> Path:
    wb = small_workbook()
    wb = operations.add_note(wb, "grow-paid", "Trials convert at 4 %", "evidence", when=TODAY)
    wb = operations.add_note(wb, "grow-paid", "Pricing page is unclear", "assumption")
    for side, kind, text in [
        ("leadership", "context", "Paid growth stalls"),
        ("team", "insight", "Trials fail at the firewall"),
        ("team", "proposal", "Aim for half of sign-ups"),
    ]:
        wb = operations.add_negotiation_entry(wb, "first-session", side, kind, text, when=TODAY)
    wb = operations.sign_off(wb, "first-session", "leadership", "Dana", TODAY)
    wb = operations.sign_off(wb, "first-session", "team", "Growth team", TODAY)
    return write(path, wb)


async def _press(pilot: object, *keys: str) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press(*keys)
    await pilot.pause()


async def test_a_note_is_added_edited_removed_and_undone(tmp_path: Path) -> None:
    path = _with_records(tmp_path / "team.toml")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "grow-paid")
        screen.query_one(OutlineTree).focus()
        await _press(pilot, "o")
        assert isinstance(app.screen, NotesScreen)
        listing = app.screen.query_one("#note-list", OptionList)
        assert listing.option_count == 2

        await _press(pilot, "down", "e")
        assert isinstance(app.screen, FormDialog)
        choose(pilot, "#form-kind", "research")
        await type_into(pilot, "#form-text", "Five of eight interviewees missed the price", False)
        await answer(pilot, "#ok")
        assert isinstance(app.screen, NotesScreen)
        notes = app.workbook.business_outcomes["grow-paid"].notes
        assert [(n.kind, n.text) for n in notes] == [
            ("evidence", "Trials convert at 4 %"),
            ("research", "Five of eight interviewees missed the price"),
        ]

        await _press(pilot, "up", "d")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Trials convert" in str(app.screen.body)
        await answer(pilot, "#yes")
        notes = app.workbook.business_outcomes["grow-paid"].notes
        assert [n.text for n in notes] == ["Five of eight interviewees missed the price"]

        await _press(pilot, "ctrl+z")
        assert len(app.workbook.business_outcomes["grow-paid"].notes) == 2
        await _press(pilot, "ctrl+z")
        notes = app.workbook.business_outcomes["grow-paid"].notes
        assert [n.kind for n in notes] == ["evidence", "assumption"], "the edit is undone"
        await _press(pilot, "ctrl+y", "ctrl+y")
        assert len(app.workbook.business_outcomes["grow-paid"].notes) == 1
        await _press(pilot, "ctrl+s")
    text = path.read_text("utf-8")
    assert "Five of eight interviewees missed the price" in text
    assert "Trials convert" not in text
    saved = WorkbookFile.open(path).workbook.business_outcomes["grow-paid"].notes
    assert [(n.kind, n.text) for n in saved] == [
        ("research", "Five of eight interviewees missed the price")
    ]


async def test_a_negotiation_entry_is_corrected_and_removed(tmp_path: Path) -> None:
    path = _with_records(tmp_path / "team.toml")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "first-session")
        screen.query_one(OutlineTree).focus()
        await _press(pilot, "n")
        assert isinstance(app.screen, NegotiationScreen)
        # The team column, its second entry.
        await _press(pilot, "right", "down")
        assert app.screen.selected_entry() == 2
        await _press(pilot, "e")
        assert isinstance(app.screen, FormDialog)
        choose(pilot, "#form-kind", "counter-proposal")
        await type_into(pilot, "#form-text", "Aim for a third of sign-ups", False)
        await type_into(pilot, "#form-author", "Sam", False)
        await answer(pilot, "#ok")
        assert isinstance(app.screen, NegotiationScreen)
        entry = app.workbook.product_outcomes["first-session"].negotiation[2]
        assert (entry.side, entry.kind, entry.text, entry.author, entry.date) == (
            "team",
            "counter-proposal",
            "Aim for a third of sign-ups",
            "Sam",
            TODAY,
        )

        # Move the first team entry to the leadership side: it keeps its place in the record.
        await _press(pilot, "up", "enter")
        assert isinstance(app.screen, FormDialog)
        choose(pilot, "#form-side", "leadership")
        await answer(pilot, "#ok")
        sides = [e.side for e in app.workbook.product_outcomes["first-session"].negotiation]
        assert sides == ["leadership", "leadership", "team"]
        leadership = app.screen.query_one("#leadership", OptionList)
        assert leadership.option_count == 2

        await _press(pilot, "left", "d")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Paid growth stalls" in str(app.screen.body)
        await answer(pilot, "#yes")
        texts = [e.text for e in app.workbook.product_outcomes["first-session"].negotiation]
        assert texts == ["Trials fail at the firewall", "Aim for a third of sign-ups"]
        assert _state(app.workbook) == "agreed", "removing an entry leaves the sign-offs alone"

        await _press(pilot, "ctrl+z")
        assert len(app.workbook.product_outcomes["first-session"].negotiation) == 3
        await _press(pilot, "ctrl+y", "ctrl+s")
    saved = WorkbookFile.open(path).workbook.product_outcomes["first-session"].negotiation
    assert [(e.side, e.kind, e.text) for e in saved] == [
        ("leadership", "insight", "Trials fail at the firewall"),
        ("team", "counter-proposal", "Aim for a third of sign-ups"),
    ]
    assert 'text = "Paid growth stalls"' not in path.read_text("utf-8")


def _state(wb: Workbook) -> str:
    return agreement_of(wb, wb.product_outcomes["first-session"]).state


def _actions(wb: Workbook) -> list[tuple[str, str]]:
    return [(s.side, s.action) for s in wb.product_outcomes["first-session"].signoffs]


async def test_one_sign_off_is_withdrawn_and_undo_restores_agreement(tmp_path: Path) -> None:
    path = _with_records(tmp_path / "team.toml")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "first-session")
        screen.query_one(OutlineTree).focus()
        await _press(pilot, "n", "w")
        assert isinstance(app.screen, ChoiceDialog)
        await answer(pilot, "#choice-team")
        assert _state(app.workbook) == "negotiating"
        assert _actions(app.workbook)[-1] == ("team", "withdrawn"), "appended, not erased"
        assert "not yet" in str(app.screen.query_one("#team-signoff").render())
        # With one side left, w asks a plain yes or no.
        await _press(pilot, "w")
        assert isinstance(app.screen, ConfirmDialog)
        await answer(pilot, "#yes")
        assert len(_actions(app.workbook)) == 4
        await _press(pilot, "ctrl+z", "ctrl+z")
        assert _state(app.workbook) == "agreed"
        await _press(pilot, "ctrl+y", "ctrl+s")
    saved = WorkbookFile.open(path).workbook
    assert _actions(saved) == [
        ("leadership", "signed"),
        ("team", "signed"),
        ("team", "withdrawn"),
    ]
    assert _state(saved) == "negotiating"


async def test_editing_a_signed_term_asks_first_and_then_reopens(tmp_path: Path) -> None:
    path = _with_records(tmp_path / "team.toml")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        await wait_until(
            pilot, lambda: app.screen.query("#field-entity-target"), "the outcome's form"
        )
        before = app.workbook
        await type_into(pilot, "#field-entity-target", "30")
        assert isinstance(app.screen, ConfirmDialog), "a signed term is not changed unasked"
        body = str(app.screen.body)
        assert "signed by Dana (leadership) and Growth team (team)" in body
        assert "target lowered from 50 to 30 %" in body
        assert app.workbook is before, "nothing changes until the answer"
        await answer(pilot, "#no")
        assert app.workbook.product_outcomes["first-session"].target == 50
        assert _state(app.workbook) == "agreed"
        shown = app.screen.query_one("#field-entity-target", Input).value
        assert shown == "50", "the field shows what is stored, not the declined 30"
        await type_into(pilot, "#field-entity-target", "30")
        await answer(pilot, "#yes")
        assert app.workbook.product_outcomes["first-session"].target == 30
        assert _state(app.workbook) == "reopened"
        await _press(pilot, "ctrl+s")
    assert _state(WorkbookFile.open(path).workbook) == "reopened"


async def test_typing_at_a_choice_never_runs_workbench_actions(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        await wait_until(
            pilot, lambda: app.screen.query("#field-entity-status"), "the outcome's form"
        )
        status = app.screen.query_one("#field-entity-status", Select)
        status.focus()
        await pilot.pause()
        before = app.workbook
        for key in ("a", "d", "delete", "n", "g", "o", "backspace"):
            await _press(pilot, key)
            assert isinstance(app.screen, WorkbenchScreen), f"{key} opened {app.screen!r}"
        assert app.workbook is before
        assert status.has_focus
