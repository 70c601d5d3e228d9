"""Recovery copies, outside changes, keymaps, themes and the command palette."""

from __future__ import annotations

import os
import time
from pathlib import Path

from textual.widgets import Static

from outcome_workbook.model import operations
from outcome_workbook.store import WorkbookFile
from outcome_workbook.tui import config, recovery
from outcome_workbook.tui.palette import WorkbenchCommands
from outcome_workbook.tui.screens.disk_diff import DiffScreen
from outcome_workbook.tui.screens.form_dialogs import ChoiceDialog
from outcome_workbook.tui.screens.workbench import WorkbenchScreen
from outcome_workbook.tui.widgets.outline_tree import OutlineTree

from .conftest import make_app
from .helpers import answer, select, type_into, wait_until


async def test_unsaved_work_goes_to_a_recovery_copy_outside_the_folder(
    workbook_path: Path,
) -> None:
    app = make_app(workbook_path, autosave_delay=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        await type_into(pilot, "#field-entity-unit", "percent")
        copy = app.recovery.path
        await wait_until(pilot, copy.exists, "the recovery copy")
        await app.workers.wait_for_complete()
        assert workbook_path.parent not in copy.parents
        assert 'unit = "percent"' in copy.read_text("utf-8")
        # Saving makes the copy pointless: it goes.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not copy.exists()


async def test_steady_editing_does_not_put_off_the_recovery_copy(workbook_path: Path) -> None:
    """Edits closer together than the autosave delay still reach the copy every delay."""
    delay = 1.0
    app = make_app(workbook_path, autosave_delay=delay)
    copy = app.recovery.path
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for step in range(60):  # an edit every 0.05 s or so: far closer than the delay
            app.apply_edit("unit", operations.set_field, "first-session", "unit", f"u{step}")
            await pilot.pause(0.05)
            if copy.exists():
                break
        assert copy.exists(), "the copy waited for the typing to stop"
        await app.workers.wait_for_complete()
        await pilot.pause(delay + 0.5)
        await app.workers.wait_for_complete()
        last = app.workbook.product_outcomes["first-session"].unit
        assert f'unit = "{last}"' in copy.read_text("utf-8"), "the last edit follows"


async def test_a_save_is_not_undone_by_a_late_recovery_copy(workbook_path: Path) -> None:
    app = make_app(workbook_path, autosave_delay=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.apply_edit("unit", operations.set_field, "first-session", "unit", "late")
        generation = app.document.generation if app.document else 0
        await pilot.press("ctrl+s")
        await pilot.pause()
        # The copy of the same edit, written by a slow thread after the save:
        assert app.document is not None
        worker = app._write_recovery(app.document.file, app.workbook, generation)
        await worker.wait()
        assert not app.recovery.path.exists()


async def test_recovery_is_offered_after_a_crash_and_restores(workbook_path: Path) -> None:
    file = WorkbookFile.open(workbook_path)
    changed = operations.set_field(file.workbook, "first-session", "unit", "sessions")
    recovery.write(workbook_path, file.render(changed))  # what a crashed session left behind
    before = workbook_path.read_bytes()
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "Unsaved work found" in app.screen.title_text
        await pilot.click("#choice-restore")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)
        assert app.workbook.product_outcomes["first-session"].unit == "sessions"
        assert app.title.startswith("● ")
    assert workbook_path.read_bytes() == before, "restoring does not write the workbook"


async def test_discarding_recovery_removes_it(workbook_path: Path) -> None:
    file = WorkbookFile.open(workbook_path)
    changed = operations.set_field(file.workbook, "first-session", "unit", "sessions")
    recovery.write(workbook_path, file.render(changed))
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.click("#choice-discard")
        await pilot.pause()
        assert app.workbook.product_outcomes["first-session"].unit == "%"
    assert recovery.pending(workbook_path) is None


def test_an_older_recovery_copy_is_not_offered(workbook_path: Path) -> None:
    copy = recovery.write(workbook_path, b"anything")
    old = time.time() - 3600
    os.utime(copy, (old, old))
    assert recovery.pending(workbook_path) is None


def _edit_on_disk(path: Path) -> None:
    text = path.read_text("utf-8").replace('unit = "%"', 'unit = "points"')
    path.write_text(text, "utf-8")


async def test_outside_change_is_noticed_and_reload_offered(workbook_path: Path) -> None:
    app = make_app(workbook_path, watch_interval=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        _edit_on_disk(workbook_path)
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the question")
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert "changed on disk" in str(dialog.body)
        await pilot.click("#choice-reload")
        await pilot.pause()
        assert app.workbook.product_outcomes["first-session"].unit == "points"
        assert isinstance(app.screen, WorkbenchScreen)


async def test_outside_change_with_unsaved_work_keeps_mine_or_shows_the_difference(
    workbook_path: Path,
) -> None:
    app = make_app(workbook_path, watch_interval=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        await type_into(pilot, "#field-entity-title", "Mine")
        app.screen.query_one(OutlineTree).focus()
        _edit_on_disk(workbook_path)
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the question")
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert dialog.query_one("#choice-reload").disabled, "reload would drop unsaved work"
        await pilot.click("#choice-diff")
        await pilot.pause()
        assert isinstance(app.screen, DiffScreen)
        diff = str(app.screen.query_one("#diff", Static).render())
        # In the domain's words, as `outcomes diff` says it: not TOML lines.
        assert "* product outcome first-session" in diff
        assert "unit changed from % to points" in diff
        assert "title changed from Mine to More sign-ups start a first session" in diff
        assert 'unit = "' not in diff
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#choice-keep")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = WorkbookFile.open(workbook_path).workbook.product_outcomes["first-session"]
    assert saved.title == "Mine" and saved.unit == "%"


async def test_an_unreadable_file_on_disk_is_compared_line_by_line(workbook_path: Path) -> None:
    app = make_app(workbook_path, watch_interval=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        await type_into(pilot, "#field-entity-title", "Mine")
        app.screen.query_one(OutlineTree).focus()
        text = workbook_path.read_text("utf-8")
        workbook_path.write_text(text.replace('unit = "%"', "<<<<<<< HEAD\nunit = 7\n"), "utf-8")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the question")
        await answer(pilot, "#choice-diff")
        assert isinstance(app.screen, DiffScreen)
        diff = str(app.screen.query_one("#diff", Static).render())
        assert "not a readable workbook" in diff
        assert "+<<<<<<< HEAD" in diff and '-unit = "%"' in diff and '-title = "Mine"' in diff
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the question")
        await answer(pilot, "#choice-keep")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = WorkbookFile.open(workbook_path).workbook.product_outcomes["first-session"]
    assert saved.title == "Mine" and saved.unit == "%"


async def test_keys_are_remapped_from_the_user_config(workbook_path: Path) -> None:
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keymap]\n"workbench.add" = "plus"\n', "utf-8")
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "reduce-churn")
        screen.query_one(OutlineTree).focus()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen), "a no longer adds"
        await pilot.press("plus")
        await pilot.pause()
        assert not isinstance(app.screen, WorkbenchScreen)


async def test_the_theme_choice_persists_and_keeps_comments(workbook_path: Path) -> None:
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# my settings\n[keymap]\n", "utf-8")
    app = make_app(workbook_path, theme=None)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "outcomes-high-contrast"
        await pilot.pause()
    text = path.read_text("utf-8")
    assert "# my settings" in text
    assert config.load().theme == "outcomes-high-contrast"
    again = make_app(workbook_path, theme=None)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "outcomes-high-contrast"


async def test_palette_lists_the_screen_actions_with_keys(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        provider = WorkbenchCommands(app.screen)
        names = {name: help_text for name, help_text, _ in provider._commands()}
        assert "Add" in names and "Save" in names and "Metric history" in names
        assert all(not text.startswith("key:") for text in names.values()), names
        assert "a" in names["Add"]
