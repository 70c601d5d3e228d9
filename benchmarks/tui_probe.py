"""Workbench figures timed by the suite itself, for when benchmarks/tui_speed.py is absent.

Open: from creating the app to an outline with its first level of nodes, headless
(`run_test`), in a process that already has textual loaded (like the floor it is
judged against). Keystroke: one key typed into the title field of a product
outcome's detail form, until the app has handled it and refreshed.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SIZE = (120, 40)
TIMEOUT_S = 60.0


@contextmanager
def isolated_user_dirs() -> Iterator[None]:
    """A user's own config and themes must not change the figures."""
    names = ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME")
    saved = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory(prefix="outcomes-bench-home-") as home:
        for name in names:
            os.environ[name] = str(Path(home) / name.lower())
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def _outline_ready(app: Any) -> bool:
    from outcome_workbook.tui.widgets.outline_tree import OutlineTree

    trees = app.screen.query(OutlineTree)
    return bool(trees) and bool(trees.first().root.children)


async def _open_once(path: Path, keystrokes: int) -> tuple[float, float, list[float], list[float]]:
    """(open wall s, open CPU s, wall s per key, CPU s per key)."""
    from outcome_workbook.tui.screens.workbench import WorkbenchScreen
    from outcome_workbook.tui.workbench_app import create_app

    start_cpu = time.process_time()
    start = time.perf_counter()
    app = create_app(path, watch_interval=3600.0, autosave_delay=3600.0)
    async with app.run_test(size=SIZE) as pilot:
        while not _outline_ready(app):
            if time.perf_counter() - start > TIMEOUT_S:
                raise TimeoutError("the outline did not appear")
            await pilot.pause()
        opened = time.perf_counter() - start
        opened_cpu = time.process_time() - start_cpu
        keys: list[float] = []
        keys_cpu: list[float] = []
        if keystrokes:
            outcome = sorted(app.workbook.product_outcomes)[0]
            screen = app.screen
            assert isinstance(screen, WorkbenchScreen), screen
            screen.select_entity(outcome)
            await pilot.pause()
            field = app.screen.query_one("#field-entity-title")
            field.focus()
            await pilot.pause()
            for _ in range(keystrokes):
                began, began_cpu = time.perf_counter(), time.process_time()
                await pilot.press("x")
                await pilot.pause()
                keys.append(time.perf_counter() - began)
                keys_cpu.append(time.process_time() - began_cpu)
        app.exit()
    return opened, opened_cpu, keys, keys_cpu


def measure(path: Path, repeats: int) -> dict[str, Any]:
    """Median open time over `repeats` openings, and median keystroke time over several keys."""
    with isolated_user_dirs():
        opens: list[float] = []
        opens_cpu: list[float] = []
        keys: list[float] = []
        keys_cpu: list[float] = []
        for number in range(repeats):
            result = asyncio.run(_open_once(path, 10 if number == 0 else 0))
            opens.append(result[0])
            opens_cpu.append(result[1])
            keys.extend(result[2])
            keys_cpu.extend(result[3])
    return {
        "tui_open_s": statistics.median(opens),
        "keystroke_s": statistics.median(keys) if keys else None,
        "open_runs": opens,
        "open_cpu_s": statistics.median(opens_cpu),
        "keystroke_runs": keys,
        "keystroke_cpu_s": statistics.median(keys_cpu) if keys_cpu else None,
    }
