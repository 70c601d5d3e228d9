"""Two workbench windows on one file: each has its own recovery copy.

Window A's copy of its live, unsaved edits is never offered by window B as a
crashed session's work, and nothing B does (discard, decide later then save,
quit) removes it. Once A is gone without saving, the next window offers it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from outcome_workbook.model import operations
from outcome_workbook.store import WorkbookFile
from outcome_workbook.tui import recovery
from outcome_workbook.tui.screens.form_dialogs import ChoiceDialog
from outcome_workbook.tui.screens.workbench import WorkbenchScreen

from ..tui.builders import small_workbook, write
from ..tui.conftest import make_app

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return write(tmp_path / "team.toml", small_workbook())


def window_a_edits(path: Path) -> tuple[recovery.Recovery, bytes]:
    """Window A, still running, with an unsaved edit copied (as its autosave does)."""
    file = WorkbookFile.open(path)
    data = file.render(operations.set_field(file.workbook, "first-session", "unit", "A's"))
    mine = recovery.Recovery(path)
    mine.write(data)
    return mine, data


@pytest.mark.parametrize("then", ["edit-save-quit", "quit"])
async def test_window_b_neither_offers_nor_removes_a_live_windows_copy(
    path: Path, then: str
) -> None:
    a, data = window_a_edits(path)
    try:
        app = make_app(path, autosave_delay=0.05)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, WorkbenchScreen), "A's live work is not offered"
            if then == "edit-save-quit":
                app.apply_edit("unit", operations.set_field, "first-session", "unit", "B's")
                await pilot.pause(0.3)
                await app.workers.wait_for_complete()
                assert app.recovery.path.exists() and app.recovery.path != a.path
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert not app.recovery.path.exists()
            await pilot.press("ctrl+q")
        assert a.path.read_bytes() == data, "B left A's copy alone"
    finally:
        a.close()  # A dies without saving: its copy stays, and nobody holds it now


async def test_a_windows_copy_is_offered_once_it_is_gone(path: Path) -> None:
    a, _ = window_a_edits(path)
    a.close()
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and "Unsaved work" in app.screen.title_text
        await pilot.click("#choice-discard")
        await pilot.pause()
    assert not a.path.exists()
    assert recovery.copies(path) == []


async def test_a_restored_copy_goes_once_this_windows_own_copy_holds_it(path: Path) -> None:
    a, _ = window_a_edits(path)
    a.close()
    app = make_app(path, autosave_delay=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.click("#choice-restore")
        await pilot.pause()
        assert app.workbook.product_outcomes["first-session"].unit == "A's"
        app.apply_edit("unit", operations.set_field, "first-session", "unit", "A's and B's")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        assert not a.path.exists(), "gone once this window's own copy holds the work"
        assert recovery.copies(path) == [app.recovery.path]
        assert "unit = \"A's and B's\"" in app.recovery.path.read_text("utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert recovery.copies(path) == []
    assert not list(recovery.recovery_dir().glob("*.lock")), "no lock file is left"


def test_a_lock_left_by_a_window_killed_after_saving_is_removed(path: Path) -> None:
    a, _ = window_a_edits(path)
    a.discard()  # A saved, so its copy went; then it was killed, leaving its lock file
    lock = a.path.with_name(a.path.name.removesuffix(".toml") + ".lock")
    os.close(a._lock_fd or -1)  # the kernel drops the lock of a killed process
    a._lock_fd = None
    old = time.time() - 3600
    os.utime(lock, (old, old))
    live, _ = window_a_edits(path)  # a window still running: its lock stays
    try:
        live.discard()
        live_lock = live.path.with_name(live.path.name.removesuffix(".toml") + ".lock")
        os.utime(live_lock, (old, old))
        assert recovery.Recovery(path).pending() is None
        assert not lock.exists()
        assert live_lock.exists()
    finally:
        live.close()
