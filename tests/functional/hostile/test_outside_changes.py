"""Outside changes while the workbench has unsaved work.

"Keep mine" answers for the version of the file that was shown, not for whatever
the file holds by the time ctrl+s is pressed; and the watch reads the file only
when its stat says something happened.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from outcome_workbook.store import WorkbookFile
from outcome_workbook.tui.screens.form_dialogs import ChoiceDialog
from outcome_workbook.tui.screens.workbench import WorkbenchScreen
from outcome_workbook.tui.widgets.outline_tree import OutlineTree

from ..tui.builders import small_workbook, write
from ..tui.conftest import make_app
from ..tui.helpers import answer, select, type_into, wait_until

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return write(tmp_path / "team.toml", small_workbook())


def outside_edit(path: Path, unit: str) -> None:
    text = path.read_text("utf-8")
    start = text.index('unit = "') + len('unit = "')
    path.write_text(text[:start] + unit + text[text.index('"', start) :], "utf-8")


async def test_a_second_outside_change_after_keep_mine_is_shown_not_overwritten(
    path: Path,
) -> None:
    app = make_app(path, watch_interval=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        await type_into(pilot, "#field-entity-title", "Mine")
        app.screen.query_one(OutlineTree).focus()
        outside_edit(path, "first")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the question")
        await answer(pilot, "#choice-keep")
        assert isinstance(app.screen, WorkbenchScreen)
        app.watch_interval = 3600.0  # the second change lands just before ctrl+s:
        for timer in list(app._timers):  # no tick of the watch in between
            timer.pause()
        outside_edit(path, "second")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the question")
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert "changed on disk" in str(dialog.body)
        assert 'unit = "second"' in path.read_text("utf-8"), "the second change is not lost"
        await answer(pilot, "#choice-keep")  # seen now: keeping mine replaces it
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = WorkbookFile.open(path).workbook.product_outcomes["first-session"]
    assert saved.title == "Mine"


async def test_the_watch_hashes_the_file_only_when_its_stat_changes(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from outcome_workbook.store import workbook_file
    from outcome_workbook.tui import workbench_app as app_module

    hashed: list[int] = []
    real = workbook_file.digest

    def counted(data: bytes) -> str:
        hashed.append(len(data))
        return real(data)

    app = make_app(path, watch_interval=60.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(workbook_file, "digest", counted)
        monkeypatch.setattr(app_module, "digest", counted)
        for _ in range(20):
            app._watch_file()
        assert hashed == [], "an untouched file is neither read nor hashed by the watch"
        outside_edit(path, "moved")
        app._watch_file()
        assert len(hashed) == 1
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the question")
        await answer(pilot, "#choice-reload")
        hashed.clear()
        for _ in range(20):
            app._watch_file()
        assert hashed == [], "nor once reloaded"
