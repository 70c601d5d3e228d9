"""Projector mode (ctrl+t, --projector) and the session keys that agree with docs/keys.md."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import Static

from outcome_workbook.tui.session.screen import SessionScreen
from outcome_workbook.tui.widgets.answer import LongAnswer

from .test_fast_stepping import app_at
from .test_session_flow import settle
from .test_session_snapshots import app_at as snapshot_app_at
from .test_session_snapshots import steady


def _screen(app: Any) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return screen


async def test_ctrl_t_shows_the_step_in_big_letters_and_the_key_terms(tmp_path: Path) -> None:
    app = app_at(tmp_path, "negotiate")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = _screen(app)
        big_title = screen.query_one("#big-title", Static)
        assert not big_title.display
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert screen.has_class("-projector") and big_title.display
        drawn = str(big_title.render())
        assert len(drawn.splitlines()) == 3 and "█" in drawn
        question = screen.query_one("#question", Static).content
        assert isinstance(question, Text)
        picked = [
            question.plain[s.start : s.end] for s in question.spans if "reverse" in str(s.style)
        ]
        assert picked == ["leadership", "team", "agree", "outcome", "metric", "target"]
        # The fields work as before: a point typed in projector mode is added.
        screen.query_one("#entry-team", LongAnswer).focus()
        await pilot.press(*"Big room", "ctrl+j")
        await pilot.pause()
        assert app.workbook.product_outcomes[screen.outcome_id].negotiation[-1].text == "Big room"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not screen.has_class("-projector") and not big_title.display


@contextlib.contextmanager
def _no_suspend() -> Iterator[None]:
    yield


async def test_ctrl_o_writes_a_long_answer_in_the_outside_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+o is the editor in the session too (it used to switch outcome there)."""
    script = tmp_path / "editor.sh"
    script.write_text('#!/bin/sh\nprintf "From the editor.\\nSecond line.\\n" > "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    app = app_at(tmp_path, "negotiate")
    async with app.run_test(size=(100, 30)) as pilot:
        app.suspend = _no_suspend  # type: ignore[method-assign]
        await settle(pilot)
        screen = _screen(app)
        outcome = screen.outcome_id
        answer = screen.query_one("#entry-leadership", LongAnswer)
        answer.focus()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert answer.value == "From the editor.\nSecond line."
        assert screen.outcome_id == outcome  # the outcome did not change


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=lambda s: "x".join(map(str, s)))
def test_projector_mode_at_each_size(
    size: tuple[int, int], tmp_path: Path, snap_compare: Any
) -> None:
    app = snapshot_app_at(tmp_path, "negotiate")
    app.projector = True
    assert snap_compare(app, terminal_size=size, run_before=steady)


async def test_in_a_browser_every_facilitator_key_is_one_the_browser_lets_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A browser keeps ctrl+n and ctrl+t (new window, new tab) from the page: a served
    screen shows and obeys ctrl+g and F9 for them, and shows no key the browser keeps."""
    from textual.app import App
    from textual.widgets._footer import FooterKey

    monkeypatch.setattr(App, "is_web", property(lambda app: True))
    app = app_at(tmp_path, "goal")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = _screen(app)
        shown = {key.key_display for key in screen.query(FooterKey)}
        assert "^g" in shown
        assert not shown & {"^n", "^t", "^w", "^q"}, "keys a browser keeps for itself"
        await pilot.press("f9")
        await pilot.pause()
        assert screen.has_class("-projector")
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert _screen(app).step == "negotiate"
