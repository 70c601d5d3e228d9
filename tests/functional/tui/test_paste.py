"""A paste is text only: never keys, never terminal sequences, never out of order."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser

from outcome_workbook.safety import PASTED_ESC, pasted_text
from outcome_workbook.tui.paste_guard import PasteGuard, PasteGuardParser
from outcome_workbook.tui.screens.form_dialogs import FormDialog
from outcome_workbook.tui.widgets.outline_tree import OutlineTree

from .conftest import make_app
from .helpers import select

# A coloured word, a hyperlink ended by BEL (ctrl+g opens the guided session), a line end.
HOSTILE = "Week\x07ly act\x1b[31mive\x1b[0m \x1b]8;;https://x.example\x07link\x1b]8;;\x07\r"
PASTE = f"\x1b[200~{HOSTILE}\x1b[201~"


def _events(parser: XTermParser, *reads: str) -> list[object]:
    found: list[object] = []
    for data in reads:
        found.extend(parser.feed(data))
    return found


def test_textuals_own_parser_turns_such_a_paste_into_keys() -> None:
    """Why the guard exists: without it the paste leaks key presses (ctrl+g among them)."""
    keys = [e for e in _events(XTermParser(), PASTE) if isinstance(e, events.Key)]
    assert keys


def test_a_hostile_paste_arrives_as_one_paste_of_plain_text() -> None:
    found = _events(PasteGuardParser(), "a", PASTE, "b")
    assert [type(e) for e in found] == [events.Key, events.Paste, events.Key]
    paste = found[1]
    assert isinstance(paste, events.Paste)
    assert pasted_text(paste.text) == "Weekly active link\n"
    assert pasted_text(paste.text, single_line=True) == "Weekly active link"


@given(st.lists(st.integers(min_value=0, max_value=len(PASTE) + 2), max_size=4))
def test_the_guard_gives_the_same_text_however_the_input_is_cut(cuts: list[int]) -> None:
    data = "x" + PASTE + "y"
    pieces, last = [], 0
    for cut in sorted(cuts):
        pieces.append(data[last:cut])
        last = cut
    pieces.append(data[last:])
    guard = PasteGuard()
    assert "".join(guard.guard(p) for p in pieces) == PasteGuard().guard(data)
    inside = PasteGuard().guard(data).split("\x1b[200~")[1].split("\x1b[201~")[0]
    assert "\x1b" not in inside


async def test_a_paste_into_a_field_is_its_text(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "reduce-churn")
        screen.query_one(OutlineTree).focus()
        await pilot.press("a")
        await pilot.pause()
        app.post_message(events.Paste(HOSTILE.replace("\x1b", PASTED_ESC)))
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert dialog.values()["title"] == "Weekly active link"
