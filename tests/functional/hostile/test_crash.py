"""Killed without saving: the workbench in a real terminal, SIGKILLed, then started again.

The edits go in as keystrokes through a pseudo-terminal; the test waits (polling,
never a fixed sleep) for the recovery copy to hold them, kills the process, and
checks the files: the workbook untouched, then restored and saved, or discarded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from outcome_workbook.model import Workbook, operations
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.store import parse
from outcome_workbook.tui import recovery

from ..tui.builders import small_workbook, write
from .corpus import Snapshot
from .terminal import Terminal, outcomes_command, wait_until

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]

TITLE = "Crash-proof access"
ADDED = "Fewer teams cancel"
ADDED_ID = "fewer-teams-cancel"
LATE = "Fewer teams leave"


def edited() -> Workbook:
    """The workbook after the edits the test types, made through the model instead."""
    wb = operations.set_meta(small_workbook(), "title", TITLE)
    wb, _ = operations.create(wb, "product_outcome", ADDED, ADDED_ID, drives=("reduce-churn",))
    return wb


def holds(path: Path, expected: Workbook) -> bool:
    try:
        return parse(path.read_bytes(), str(path)).workbook == expected
    except (OSError, WorkbookError):
        return False


def start(path: Path) -> Terminal:
    return Terminal([*outcomes_command(), str(path)], cwd=path.parent, size=(120, 40))


def add_under_reduce_churn(terminal: Terminal, title: str) -> None:
    terminal.type("a")
    terminal.wait_for("New product outcome under Reduce churn")
    terminal.type(title)
    terminal.wait_for(title)
    terminal.press("enter")


def edit_and_kill(path: Path) -> None:
    """Two edits typed and copied, one more typed, then SIGKILL before its copy is due.

    Each key waits for the screen to show the effect of the one before (a key
    bound to an action can otherwise be overtaken by the characters after it).
    """
    terminal = start(path)
    try:
        # The workbook's own form, fully drawn, with the outline focused.
        terminal.wait_for("north star", "product", "Findings:", "a Add")
        terminal.press("tab")
        # The title field has the keys (the outline's own leave the footer), its text selected.
        terminal.wait_for("^z Undo", gone=["a Add"])
        terminal.type(TITLE)
        terminal.press("enter")
        terminal.wait_for(f"● {TITLE}")

        terminal.press("shift+tab")
        terminal.wait_for("a Add")
        for shown in ("weekly-sessions", "grow-paid", "reduce-churn"):
            terminal.press("down")
            terminal.wait_for(f"id: {shown}")
        add_under_reduce_churn(terminal, ADDED)
        terminal.wait_for(f"id: {ADDED_ID}", gone=["New product outcome"])

        wait_until(
            lambda: any(holds(copy, edited()) for copy in recovery.copies(path)),
            "the recovery copy to hold every edit",
        )

        terminal.press("up")
        terminal.wait_for("id: reduce-churn")
        add_under_reduce_churn(terminal, LATE)
        terminal.kill()  # at once: this last edit is younger than the autosave delay
    finally:
        terminal.close()
    assert terminal.process.returncode == -9


@pytest.mark.parametrize("answer", ["restore", "discard"])
def test_work_killed_with_sigkill_is_offered_back_on_restart(tmp_path: Path, answer: str) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    path = write(folder / "team.toml", small_workbook())
    before = Snapshot.take(folder)

    edit_and_kill(path)
    assert Snapshot.take(folder) == before, "nothing was saved and nothing left beside it"
    assert len(recovery.copies(path)) == 1

    terminal = start(path)
    try:
        terminal.wait_for("Unsaved work found", "Decide later")
        if answer == "restore":
            terminal.press("enter")  # Restore has the focus
            terminal.wait_for(f"● {TITLE}", gone=["Unsaved work found"])
            terminal.press("ctrl+s")
            terminal.wait_for("team.toml · saved")
        else:
            terminal.click("Discard")
            terminal.wait_for("Remote access", gone=["Unsaved work found"])
            wait_until(lambda: not recovery.copies(path), "the recovery copy to go")
        terminal.press("ctrl+q")
        assert terminal.wait_exit() == 0, terminal.screen()
    finally:
        terminal.close()

    assert not recovery.copies(path)
    if answer == "discard":
        assert Snapshot.take(folder) == before
        return
    saved = parse(path.read_bytes(), str(path)).workbook
    late, _ = operations.create(
        edited(), "product_outcome", LATE, "fewer-teams-leave", drives=("reduce-churn",)
    )
    # Every edit older than the autosave delay is back; the last one may or may not be.
    assert saved in (edited(), late)
    checked = subprocess.run(
        [*outcomes_command(), "validate", str(path)], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
