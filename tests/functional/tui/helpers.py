"""Small steps shared by the workbench flow tests."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from outcome_workbook.tui.screens.workbench import WorkbenchScreen
from outcome_workbook.tui.workbench_app import WorkbenchApp


async def select(pilot: Pilot[None], entity_id: str) -> WorkbenchScreen:
    app = pilot.app
    assert isinstance(app, WorkbenchApp)
    screen = app.screen
    assert isinstance(screen, WorkbenchScreen)
    screen.select_entity(entity_id)
    await pilot.pause()
    return screen


async def type_into(pilot: Pilot[None], selector: str, text: str, submit: bool = True) -> None:
    """Focus a field, replace its text by typing, and (optionally) press enter."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        # Type the last character for real, so the key handling path is exercised.
        widget.value = text[:-1]
        widget.cursor_position = len(widget.value)
        await pilot.press(text[-1] if text[-1] != " " else "space")
    elif isinstance(widget, TextArea):
        widget.load_text(text)
    if submit:
        await pilot.press("enter")
    await pilot.pause()


def choose(pilot: Pilot[None], selector: str, value: str) -> None:
    widget = pilot.app.screen.query_one(selector, Select)
    widget.value = value


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], object], what: str, deadline: float = 20.0
) -> None:
    """Let the app run until `condition()` holds; fail with `what` if it never does.

    The deadline only bounds a broken test: on a loaded machine the condition
    is simply reached later, never asserted against a clock.
    """
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"still waiting for {what}")
        await pilot.pause(0.02)
    await pilot.pause()


async def answer(pilot: Pilot[None], button: str) -> None:
    """Press a dialog's button and wait until the dialog has closed."""
    dialog = pilot.app.screen
    await pilot.click(button)
    await wait_until(pilot, lambda: dialog not in pilot.app.screen_stack, "the dialog to close")


async def checked(pilot: Pilot[None]) -> None:
    """Wait until the checks that start a moment after opening (and any other worker) are done."""
    app = pilot.app
    await pilot.pause()
    while getattr(app, "background_pending", False) or any(
        not worker.is_finished for worker in app.workers
    ):
        await app.workers.wait_for_complete()
        await pilot.pause(0.02)
    await pilot.pause()
