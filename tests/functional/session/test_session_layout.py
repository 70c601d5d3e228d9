"""Nothing essential falls off the session screen at a laptop's 80x24 or a projector's 100x30.

The snapshots show it; this says what "essential" is, step by step, so a change that pushes
a field below the fold fails here with the step and the widget named.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.widget import Widget
from textual.widgets import Footer, Static

from outcome_workbook.model.session_state import SESSION_STEPS

from .test_session_snapshots import app_at, steady

# What must be on screen at each step, beside the question, the progress line, the
# footer and the field with the cursor.
MUST_SHOW: dict[str, tuple[str, ...]] = {
    "scope": ("#scope-wide", "#scope-mid", "#scope-narrow", "#scope-why"),
    "negotiate": ("#agreement", "#sign-leadership", "#sign-team"),
    "explore": ("#ranking",),
}


def on_screen(app: App[None], widget: Widget) -> bool:
    """The widget's own cells are drawn where it is: not scrolled away, not under another."""
    region = widget.region
    if not region:
        return False
    for x, y in ((region.x, region.y), (region.right - 1, region.bottom - 1)):
        if not app.screen.region.contains(x, y):
            return False
        found, _ = app.screen.get_widget_at(x, y)
        if found is not widget and widget not in found.ancestors:
            return False
    return True


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=lambda s: "x".join(map(str, s)))
async def test_every_step_shows_what_the_room_needs(size: tuple[int, int], tmp_path: Path) -> None:
    app = app_at(tmp_path, "context")
    async with app.run_test(size=size) as pilot:
        for step in SESSION_STEPS:
            await steady(pilot)
            screen = app.screen
            state = app.workbook.session
            assert state is not None and state.step == step
            progress = screen.query_one("#progress", Static)
            line = str(progress.render())
            assert cell_len(line) <= progress.size.width, (step, line)
            assert sum(line.count(mark) for mark in "▶✓·↷") == len(SESSION_STEPS), (step, line)
            footer = screen.query_one(Footer)
            assert footer.virtual_size.width <= footer.size.width, step
            assert "Next" in [key.description for key in footer.query("FooterKey")]  # type: ignore[attr-defined]
            for selector in ("#question", *MUST_SHOW.get(step, ())):
                assert on_screen(app, screen.query_one(selector)), (step, selector)
            assert screen.focused is not None and on_screen(app, screen.focused), (
                step,
                screen.focused,
            )
            await pilot.press("ctrl+n")
