"""What each kind of key costs in the workbench, beside a bare Textual app's key.

    python -m benchmarks.keys_speed FILE [--keys 30]

In one fresh process: a bare Textual app with one text field (the floor), then the
workbench on a copy of FILE, with its background work (the first full check, the
split for saving) finished first. For each kind of key (typing into a title, moving
the outline's cursor, Enter committing an edit, ctrl+s) every key is pressed through
Textual's Pilot, which returns once the app has handled it and the screen has
settled: wall and CPU seconds per key, and the longest time the event loop went
without running a 2 ms ticker (the longest the screen could not be redrawn). Prints
JSON. Set OUTCOMES_MAX_MB for a workbook above the read cap.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from benchmarks.tui_probe import isolated_user_dirs
from benchmarks.tui_speed import p99

SIZE = (120, 40)
TIMEOUT_S = 120.0


class LoopLag:
    """The longest gap between runs of a ticker on the event loop, while running."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now

    def __enter__(self) -> LoopLag:
        self._task = asyncio.get_running_loop().create_task(self._tick())
        return self

    def __exit__(self, *_exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def _keys(press: Callable[[], Awaitable[None]], count: int) -> dict[str, Any]:
    walls: list[float] = []
    cpus: list[float] = []
    with LoopLag() as lag:
        for _ in range(count):
            wall, cpu = time.perf_counter(), time.process_time()
            await press()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    return {
        "median_s": statistics.median(walls),
        "p99_s": p99(walls) if len(walls) > 1 else walls[0],
        "max_s": max(walls),
        "cpu_median_s": statistics.median(cpus),
        "cpu_max_s": max(cpus),
        "loop_blocked_max_s": lag.longest,
        "keys": len(walls),
    }


async def _floor(count: int) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="field")

    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        app.query_one(Input).focus()
        await pilot.pause()
        return await _keys(lambda: pilot.press("x"), count)


async def _settled(app: Any, pilot: Any) -> None:
    """Until the outline shows and the background work after opening is done."""
    from outcome_workbook.tui.widgets.outline_tree import OutlineTree

    start = time.perf_counter()
    while not (
        app.screen.query(OutlineTree)
        and app.screen.query_one(OutlineTree).root.children
        and not app.background_pending
        and app.findings.checked is not None
    ):
        if time.perf_counter() - start > TIMEOUT_S:
            raise TimeoutError("the workbench did not settle")
        await asyncio.sleep(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def measure_here(path: Path, count: int) -> dict[str, Any]:
    from textual.widgets import Input

    from outcome_workbook.tui.screens.workbench import WorkbenchScreen
    from outcome_workbook.tui.widgets.outline_tree import OutlineTree
    from outcome_workbook.tui.workbench_app import create_app

    figures: dict[str, Any] = {"floor": await _floor(count)}
    app = create_app(path, watch_interval=3600.0, autosave_delay=3600.0, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await _settled(app, pilot)
        screen = app.screen
        assert isinstance(screen, WorkbenchScreen), screen
        screen.query_one(OutlineTree).focus()
        await pilot.pause()
        figures["cursor_down"] = await _keys(lambda: pilot.press("down"), count)
        outcome = sorted(app.workbook.product_outcomes)[0]
        screen.select_entity(outcome)
        await pilot.pause()
        field = screen.query_one("#field-entity-title", Input)

        async def type_x() -> None:
            field.focus()
            await pilot.press("x")

        figures["typing"] = await _keys(type_x, count)

        async def commit() -> None:
            field.focus()
            await pilot.press("y", "enter")
            await app.workers.wait_for_complete()  # the recheck, before the next key

        figures["enter_commit"] = await _keys(commit, max(3, count // 5))

        async def save() -> None:
            await pilot.press("ctrl+s")

        figures["ctrl_s"] = await _keys(save, 1)
        start = time.perf_counter()
        await app.workers.wait_for_complete()
        figures["save_worker_s"] = time.perf_counter() - start
        app.exit()
    return figures


def main() -> None:  # pragma: no cover - run by hand
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--keys", type=int, default=30)
    options = parser.parse_args()
    import outcome_workbook.tui.workbench_app  # noqa: F401  (imported before timing, as in `outcomes`)

    with isolated_user_dirs(), tempfile.TemporaryDirectory(prefix="outcomes-keys-") as folder:
        copy = Path(folder) / options.file.name
        shutil.copyfile(options.file, copy)
        print(json.dumps(asyncio.run(measure_here(copy, options.keys)), indent=1))


if __name__ == "__main__":  # pragma: no cover
    main()
