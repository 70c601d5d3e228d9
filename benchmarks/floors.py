"""The physical floors: what reading the file, starting Textual and starting Python cost
with nothing of the product in the way. Product figures are judged against these."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from .timing import Timing, repeat

ROOT = Path(__file__).resolve().parent.parent


def tomllib_parse(path: Path, repeats: int) -> Timing:
    """Read the bytes and parse them with tomllib: the least any reader must do."""

    def work() -> None:
        tomllib.loads(path.read_bytes().decode("utf-8"))

    return repeat(work, repeats)


def textual_start(repeats: int) -> Timing:
    """A bare Textual app (one static line), headless, from construction to its first frame."""
    return Timing([asyncio.run(_textual_start_once()) for _ in range(repeats)])


async def _textual_start_once() -> float:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        ready_at: float | None = None

        def compose(self) -> ComposeResult:
            yield Static("ready", markup=False)

        def on_ready(self) -> None:
            self.ready_at = time.perf_counter()

    start = time.perf_counter()
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        while app.ready_at is None:
            await pilot.pause()
    assert app.ready_at is not None
    return app.ready_at - start


_COLD = """
import time
start = time.perf_counter()
import asyncio
from benchmarks.floors import _textual_start_once
ready = asyncio.run(_textual_start_once())
print(time.perf_counter() - start)
"""


def textual_cold_start(repeats: int) -> Timing:
    """The same bare app in a fresh process, textual's import included (interpreter start not)."""
    runs = []
    for _ in range(repeats):
        result = subprocess.run(
            [sys.executable, "-c", _COLD], cwd=ROOT, capture_output=True, text=True, check=True
        )
        runs.append(float(result.stdout.strip().splitlines()[-1]))
    return Timing(runs)


def python_start(repeats: int) -> Timing:
    """`python -c pass` as a process: the floor under any command-line figure."""

    def work() -> None:
        subprocess.run([sys.executable, "-c", "pass"], check=True)

    return repeat(work, repeats)
