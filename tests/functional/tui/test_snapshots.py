"""Snapshots of the main screens at 80x24 and 120x40, fixed theme, isolated user config."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from outcome_workbook.tui.workbench_app import WorkbenchApp

from ...conftest import SnapCompare, sample_paths
from .conftest import make_app
from .helpers import checked

SIZES = [(80, 24), (120, 40)]


def _app(tmp_path: Path, sample: Path) -> WorkbenchApp:
    target = tmp_path / sample.name
    shutil.copyfile(sample, target)
    return make_app(target)


async def _settle(pilot: Pilot[None]) -> None:
    """Findings and the file's preparation start after the first paint: let them finish."""
    await checked(pilot)
    await pilot.wait_for_scheduled_animations()
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("sample", sample_paths(), ids=lambda p: p.stem)
def test_every_sample_opens_on_the_workbench(
    snap_compare: SnapCompare, tmp_path: Path, sample: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(_app(tmp_path, sample), terminal_size=size, run_before=_settle)


OUTCOME = ["down", "right", "down", "right", "down"]
SCREENS = {
    "outcome": OUTCOME,
    "history": ["down", "right", "down", "right", "down", "h"],
    "negotiation": ["down", "right", "down", "right", "down", "n"],
    "guardrails": ["down", "right", "down", "right", "down", "g"],
    "notes": ["down", "right", "down", "right", "down", "o"],
    "experiments": ["e"],
    "help": ["down", "right", "down", "right", "down", "question_mark"],
    "filter": ["slash", "i", "n", "s", "t", "a", "l", "l"],
    "jump": ["ctrl+f", "s", "e", "s", "s", "i", "o", "n"],
    "graph": ["v"],
    "add": ["down", "right", "down", "a"],
    # Every dialog, at both sizes: nothing cut off, OK first.
    "choose-kind": ["a"],
    "goal": [*OUTCOME, "G"],
    "guardrail-form": [*OUTCOME, "g", "a"],
    "sign-off": [*OUTCOME, "n", "s"],
    "negotiation-entry": [*OUTCOME, "n", "L"],
    "new-version": [*OUTCOME, "h", "v"],
    "rename": [*OUTCOME, "r"],
    "delete": ["down", "right", "down", "d"],
    "discard": [*OUTCOME, "G", "tab", "x", "escape"],
    "experiment-form": ["e", "a"],
    "score": ["e", "enter"],
    "note": [*OUTCOME, "o", "a"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_main_screens(
    snap_compare: SnapCompare, tmp_path: Path, screen: str, size: tuple[int, int]
) -> None:
    sample = next(p for p in sample_paths() if p.name == "remote-access.toml")
    keys = SCREENS[screen]

    async def run(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press(*keys)
        await _settle(pilot)

    assert snap_compare(_app(tmp_path, sample), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_of_a_change_on_disk(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    sample = next(p for p in sample_paths() if p.name == "remote-access.toml")
    app = _app(tmp_path, sample)

    async def run(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        text = app.path.read_text("utf-8")
        text = text.replace("target = 50", "target = 40", 1).replace(
            'title = "Support contacts from new accounts"', 'title = "Support tickets per account"'
        )
        app.path.write_text(text, "utf-8")
        app._watch_file()
        await pilot.pause()
        await pilot.click("#choice-diff")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_negotiation_with_an_agreement_changed_since_signing(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    sample = next(p for p in sample_paths() if p.name == "remote-access.toml")
    target = tmp_path / sample.name
    text = sample.read_text("utf-8").replace("target = 50\nunit", "target = 40\nunit", 1)
    target.write_text(text, "utf-8")

    async def run(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press(*SCREENS["negotiation"])
        await _settle(pilot)

    assert snap_compare(make_app(target), terminal_size=size, run_before=run)
