"""Workbench speed: open to an interactive outline, and one keystroke in a form.

`measure(path)` runs headless (`App.run_test`) in a fresh process, as a user's
`outcomes FILE` would start, and also times the floor it is judged against in
that process: a bare Textual app reaching its first screen, plus tomllib's
parse of the same file. (Inside the suite's own process, which by then holds
hundreds of megabytes of objects, the garbage collector's walks of them would
be charged to the workbench.) See docs/performance.md.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

SIZE = (120, 40)
KEYS = 50  # enough that the 99th percentile is not just the slowest key
TIMEOUT_S = 60.0


async def _bare_app_s() -> float:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("ready")

    start = time.perf_counter()
    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - start


async def _bare_keystrokes() -> list[float]:
    """The floor under a keystroke: a bare Textual app with one text field, each key timed
    exactly as the workbench's are (posted, handled, the screen refreshed)."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="field")

    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        field = app.query_one("#field", Input)
        field.focus()
        await pilot.pause()
        return await _type_keys(app, field)


async def _type_keys(app: Any, field: Any) -> list[float]:
    """Seconds for each of KEYS keys typed into `field`: handled, then the screen refreshed."""
    from textual import events

    keys: list[float] = []
    for _ in range(KEYS):
        before = field.value
        began = time.perf_counter()
        app.post_message(events.Key("x", "x"))
        while field.value == before:
            if time.perf_counter() - began > TIMEOUT_S:
                raise TimeoutError("the key was not handled")
            await asyncio.sleep(0)
        keys.append(await _after_refresh(app) - began)
    return keys


def p99(runs: list[float]) -> float:
    """The 99th percentile (inclusive, interpolated between the two slowest keys of 50)."""
    return statistics.quantiles(runs, n=100, method="inclusive")[98]


def _tomllib_s(path: Path) -> float:
    data = path.read_bytes()
    start = time.perf_counter()
    tomllib.loads(data.decode("utf-8"))
    return time.perf_counter() - start


async def _after_refresh(app: Any) -> float:
    done: asyncio.Future[float] = asyncio.get_running_loop().create_future()

    def stamp() -> None:
        if not done.done():
            done.set_result(time.perf_counter())

    app.screen.call_after_refresh(stamp)
    return await asyncio.wait_for(done, TIMEOUT_S)


def measure(path: Path) -> dict[str, Any]:
    """`measure_here` in a fresh process, on a copy of the file."""
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="outcomes-bench-tui-") as folder:
        copy = Path(folder) / Path(path).name
        shutil.copyfile(path, copy)
        result = subprocess.run(
            [sys.executable, "-m", "benchmarks.tui_speed", str(copy)],
            capture_output=True,
            text=True,
            cwd=root,
            timeout=10 * TIMEOUT_S,
        )
    if result.returncode != 0:
        raise RuntimeError(f"the workbench measurement failed: {result.stderr.strip()[-500:]}")
    figures: dict[str, Any] = json.loads(result.stdout)
    return figures


async def measure_here(path: Path) -> dict[str, Any]:
    """Seconds to an interactive outline, and per keystroke (median), with the floor beside."""
    from textual.widgets import Input

    from outcome_workbook.tui.screens.workbench import WorkbenchScreen
    from outcome_workbook.tui.widgets.outline_tree import OutlineTree
    from outcome_workbook.tui.workbench_app import create_app

    bare = await _bare_app_s()
    bare_keys = await _bare_keystrokes()
    parse = _tomllib_s(Path(path))
    start = time.perf_counter()
    app = create_app(path, watch_interval=3600.0, autosave_delay=3600.0, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        while True:
            trees = app.screen.query(OutlineTree)
            if trees and trees.first().root.children:
                break
            if time.perf_counter() - start > TIMEOUT_S:
                raise TimeoutError("the outline did not appear")
            await asyncio.sleep(0)
        opened = await _after_refresh(app) - start
        outcome = sorted(app.workbook.product_outcomes)[0]
        screen = app.screen
        assert isinstance(screen, WorkbenchScreen), screen
        screen.select_entity(outcome)
        await pilot.pause()
        field = app.screen.query_one("#field-entity-title", Input)
        field.focus()
        await pilot.pause()
        keys = await _type_keys(app, field)
        app.exit()
    return {
        "tui_open_s": opened,
        "keystroke_s": statistics.median(keys),
        "keystroke_p99_s": p99(keys),
        "keystroke_max_s": max(keys),
        "floor_keystroke_s": statistics.median(bare_keys),
        "floor_keystroke_p99_s": p99(bare_keys),
        "bare_app_s": bare,
        "tomllib_parse_s": parse,
        "open_floor_s": bare + parse,
        "open_budget_s": 2 * (bare + parse),
    }


if __name__ == "__main__":  # pragma: no cover
    import outcome_workbook.tui.workbench_app  # noqa: F401  (imported before timing, as in `outcomes`)

    print(json.dumps(asyncio.run(measure_here(Path(sys.argv[1])))))
