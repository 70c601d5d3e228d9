"""ctrl+o hands the long text being written to the user's own editor and takes it back."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import TextArea

from outcome_workbook.tui.screens.form_dialogs import FormDialog
from outcome_workbook.tui.widgets.outline_tree import OutlineTree

from .conftest import make_app
from .helpers import select, wait_until


@contextlib.contextmanager
def _no_suspend() -> Iterator[None]:
    """App.suspend for the test terminal, which cannot hand itself over."""
    yield


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An editor that rewrites the file it is given, recording what it was shown."""
    script = tmp_path / "editor.sh"
    script.write_text(
        '#!/bin/sh\ncp "$1" "$1.seen"\nprintf "From the editor.\\nSecond line.\\n" > "$1"\n'
        f'cp "$1.seen" {tmp_path}/seen.txt\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    return tmp_path / "seen.txt"


async def test_ctrl_o_writes_a_description_in_the_outside_editor(
    workbook_path: Path, editor: Path
) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        # The test terminal cannot hand itself over; a real one does (see App.suspend).
        app.suspend = _no_suspend  # type: ignore[method-assign]
        screen = await select(pilot, "reduce-churn")
        screen.query_one(OutlineTree).focus()
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog), "the add form")
        box = app.screen.query_one("#form-description", TextArea)
        box.load_text("Started here")
        box.focus()
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: box.text.startswith("From"), "the edited text")
        assert box.text == "From the editor.\nSecond line."
        assert editor.read_text() == "Started here"
