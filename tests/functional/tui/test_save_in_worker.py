"""A large workbook is saved in a worker: the screen keeps answering keys meanwhile, the
file gets the value ctrl+s was pressed on, an edit made during the save is kept (unsaved,
for the next save) and a failed save says so."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from outcome_workbook.model import operations
from outcome_workbook.store import WorkbookFile

from .conftest import make_app
from .helpers import wait_until


class _HeldSave:
    """WorkbookFile.save, held until released: a save that takes as long as a test wants."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        real = WorkbookFile.save

        def held(file: WorkbookFile, *args: object, **kwargs: object) -> bool:
            self.started.set()
            self.release.wait(10)
            return real(file, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(WorkbookFile, "save", held)


async def test_an_edit_made_during_a_save_is_kept_for_the_next(
    workbook_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = _HeldSave(monkeypatch)
    app = make_app(workbook_path, save_in_worker_chars=0)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply_edit("unit", operations.set_field, "first-session", "unit", "saved one")
        await pilot.press("ctrl+s")
        await wait_until(pilot, held.started.is_set, "the save to start")
        assert "saving" in app.sub_title
        # The screen still answers while the file is written.
        app.apply_edit("unit", operations.set_field, "first-session", "unit", "typed meanwhile")
        await pilot.press("down")
        held.release.set()
        await wait_until(pilot, lambda: "saving" not in app.sub_title, "the save to end")
        text = workbook_path.read_text("utf-8")
        assert 'unit = "saved one"' in text
        assert app.document is not None and app.document.dirty
        assert app.workbook.product_outcomes["first-session"].unit == "typed meanwhile"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not app.document.dirty, "the second save")  # type: ignore[union-attr]
        assert 'unit = "typed meanwhile"' in workbook_path.read_text("utf-8")


async def test_a_save_that_fails_in_its_worker_says_so(
    workbook_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("outcome_workbook.store.workbook_file.atomic_write", refuse)
    app = make_app(workbook_path, save_in_worker_chars=0)
    before = workbook_path.read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply_edit("unit", operations.set_field, "first-session", "unit", "percent")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: any("Cannot write" in str(n.message) for n in app._notifications),
            "the failure to be shown",
        )
        assert app.document is not None and app.document.dirty
        assert "unsaved" in app.sub_title
    assert workbook_path.read_bytes() == before
