"""A timer asked for with its delay already over (a toast mounted after its notice
expired, on a busy machine) fires, and the app goes on: Textual's own timer spun
forever on it without yielding, freezing the app at full CPU."""

from __future__ import annotations

import subprocess
import sys

# An app of ours whose first act is a timer 50 ms overdue.
_APP = """
from outcome_workbook.tui.keyboard import KeyboardApp

class Late(KeyboardApp):
    fired = False

    def on_mount(self) -> None:
        self.set_timer(-0.05, self.fire)

    def fire(self) -> None:
        self.fired = True

async def main() -> None:
    app = Late()
    async with app.run_test() as pilot:
        for _ in range(500):
            await pilot.pause(0.01)
            if app.fired:
                return
    raise SystemExit("the overdue timer never fired")

import asyncio
asyncio.run(main())
"""


def test_an_overdue_timer_fires_instead_of_freezing_the_app() -> None:
    # In a process of its own: a frozen event loop cannot be interrupted from inside.
    result = subprocess.run(
        [sys.executable, "-c", _APP], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
