"""Fixtures for the workbench: a workbook file in a temporary folder and a ready app."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from outcome_workbook.tui.workbench_app import WorkbenchApp, create_app

from .builders import small_workbook, write


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    return write(tmp_path / "team.toml", small_workbook())


@pytest.fixture
def hostile_path(tmp_path: Path) -> Path:
    return write(tmp_path / "hostile.toml", small_workbook(hostile=True))


# The day the workbench's forms propose (sign-off and note dates): fixed, so a snapshot
# taken today matches tomorrow.
SNAPSHOT_DAY = date(2026, 12, 3)


def make_app(path: Path, **options: object) -> WorkbenchApp:
    """The app as tests use it: fixed theme, slow watchers unless a test wants them."""
    defaults: dict[str, object] = {
        "theme": "textual-dark",
        "watch_interval": 60.0,
        "today": lambda: SNAPSHOT_DAY,
    }
    defaults.update(options)
    return create_app(path, **defaults)
