"""The history screen: commits from git with their semantic diffs, and the metric timeline's
links to the commit that added each version. Real repositories in temporary folders."""

from __future__ import annotations

import contextlib
import shutil
from functools import partial
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static
from textual.worker import WorkerCancelled

from outcome_workbook.model import operations
from outcome_workbook.tui.screens.history import PAGE, HistoryScreen
from outcome_workbook.tui.screens.metric_history import MetricHistoryScreen
from outcome_workbook.tui.screens.workbench import WorkbenchScreen

from ...conftest import SnapCompare
from .builders import small_workbook, write
from .conftest import make_app
from .gitrepo import HOSTILE_TITLE, commit_change, git, history_repo, new_repo
from .helpers import select

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker runs (a finished worker may start the next: list, then diff)."""
    for _ in range(20):
        with contextlib.suppress(WorkerCancelled):  # the palette cancels its searches
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            return


async def open_history(pilot: Pilot[None]) -> HistoryScreen:
    await settle(pilot)
    await pilot.press("H")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def listed(screen: HistoryScreen) -> list[str]:
    listing = screen.query_one("#log-commits", OptionList)
    return [
        str(listing.get_option_at_index(i).prompt).split("\n")[-1]
        for i in range(listing.option_count)
    ]


def shown(screen: HistoryScreen) -> str:
    return str(screen.query_one("#log-diff", Static).render())


def status(screen: HistoryScreen) -> str:
    return str(screen.query_one("#log-status", Static).render())


async def test_lists_commits_newest_first_with_the_semantic_diff(tmp_path: Path) -> None:
    path = history_repo(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot)
        subjects = listed(screen)
        assert subjects[0] == "Raise the first-session target"
        assert subjects[1:] == [
            HOSTILE_TITLE.replace("\x1b", "␛").replace("\x07", "␇"),
            "Count connections within a day",
            "Start the remote-access workbook",
        ]
        assert status(screen) == "team.toml: 4 commits"
        text = shown(screen)
        assert text.startswith("Raise the first-session target\ncommit ")
        assert "by Ann Example <ann@example.org>\non 2026-03-04 13:00" in text
        assert "target raised from 50 to 60 %" in text

        await pilot.press("down", "down")
        await settle(pilot)
        text = shown(screen)
        assert "by Luca Bianchi" in text
        assert "version 2 added" in text and "Seven days was too slow to act on" in text

        await pilot.press("down")
        await settle(pilot)
        assert "file created" in shown(screen)


async def test_hostile_titles_and_subjects_show_literally(tmp_path: Path) -> None:
    path = history_repo(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("down")
        await settle(pilot)
        text = shown(screen)
        assert "[Server] [[a]] [/ [TODO] [bold]x[/bold] ␛[31mred ␛]8;;http://x␇link" in text
        assert "\x1b" not in text and "\x07" not in text
        assert "title changed\n    was: Teams invite a colleague\n    now: [Server]" in text


async def test_unsaved_edits_come_first_and_go_when_saved(tmp_path: Path) -> None:
    path = history_repo(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.edit("lower", operations.set_field, "first-session", "target", 45)
        screen = await open_history(pilot)
        assert listed(screen)[0] == "in the workbench, not saved yet"
        assert "target lowered from 60 to 45 %" in shown(screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert listed(screen)[0] == "saved to the file, not committed"
        assert "not committed yet" in shown(screen)
        assert "target lowered from 60 to 45 %" in shown(screen)


async def test_outside_a_repository_it_says_so(tmp_path: Path) -> None:
    path = write(tmp_path / "team.toml", small_workbook())
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert "team.toml is not in a git repository, so it has no history yet" in status(screen)
        assert listed(screen) == []


async def test_an_untracked_file_is_not_committed_yet(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    path = write(repo / "team.toml", small_workbook())
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert "team.toml is not committed yet" in status(screen)


async def test_without_git_it_says_git_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = history_repo(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert "git is not installed" in status(screen)


async def test_a_long_history_lists_a_page_then_more(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    path = write(repo / "team.toml", small_workbook())
    git(repo, "add", "team.toml")
    git(repo, "commit", "-q", "-m", "start")
    for n in range(PAGE + 5):
        commit_change(
            repo,
            partial(
                operations.set_field, entity_id="first-session", field_name="target", value=51 + n
            ),
            f"target {51 + n}",
            f"2026-04-01T10:{n:02d}:00Z",
        )
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        subjects = listed(screen)
        assert len(subjects) == PAGE + 1 and subjects[-1] == "more commits…"
        assert subjects[0] == f"target {50 + PAGE + 5}"
        assert status(screen) == f"team.toml: {PAGE} commits (more with m)"
        await pilot.press("m")
        await settle(pilot)
        subjects = listed(screen)
        assert len(subjects) == PAGE + 6 and subjects[-1] == "start"
        assert screen.highlighted_key() == screen.query_one(OptionList).get_option_at_index(0).id


async def test_jump_shows_the_changed_entity_in_the_outline(tmp_path: Path) -> None:
    path = history_repo(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_history(pilot)
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)
        current = app.screen.outline.current_item
        assert current is not None and current.entity_id == "first-session"


async def test_the_palette_opens_the_history(tmp_path: Path) -> None:
    path = history_repo(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"file history")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


# --- the metric timeline's links to commits ---------------------------------------------


async def open_metric_history(pilot: Pilot[None]) -> MetricHistoryScreen:
    await settle(pilot)
    screen = await select(pilot, "signup-usage")
    screen.outline.focus()
    await pilot.press("h")
    await settle(pilot)
    history = pilot.app.screen
    assert isinstance(history, MetricHistoryScreen)
    return history


def versions(screen: MetricHistoryScreen) -> list[str]:
    listing = screen.query_one("#versions", OptionList)
    prompts = (listing.get_option_at_index(i).prompt for i in range(listing.option_count))
    return [str(prompt) for prompt in prompts]


async def test_each_version_names_the_commit_that_added_it(tmp_path: Path) -> None:
    path = history_repo(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_metric_history(pilot)
        first, second = versions(screen)
        assert first.endswith("2026-03-01 Start the remote-access workbook")
        assert second.endswith("2026-03-02 Count connections within a day")
        assert "\n  commit " in second

        app.edit(
            "new version",
            operations.add_metric_version,
            "signup-usage",
            "Connections within an hour",
            "behaviour",
            "A day still hides the drop-off",
        )
        await settle(pilot)
        assert versions(screen)[2].endswith("not committed yet")
        assert versions(screen)[1].endswith("Count connections within a day")


async def test_enter_on_a_version_opens_its_commit(tmp_path: Path) -> None:
    path = history_repo(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_metric_history(pilot)
        await pilot.press("up", "enter")  # the newest version is highlighted: up is v1
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert "Start the remote-access workbook" in shown(history)
        assert "file created" in shown(history)
        key = history.highlighted_key()
        assert history.query_one(OptionList).highlighted == 3 and len(key) == 40
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MetricHistoryScreen)


async def test_outside_a_repository_versions_name_no_commit(tmp_path: Path) -> None:
    path = write(tmp_path / "team.toml", small_workbook())
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_metric_history(pilot)
        (only,) = versions(screen)
        assert "commit" not in only and "not committed" not in only
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_of_the_history(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    path = history_repo(tmp_path)

    async def run(pilot: Pilot[None]) -> None:
        await open_history(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(path), terminal_size=size, run_before=run)


def test_snapshot_of_a_hostile_commit(snap_compare: SnapCompare, tmp_path: Path) -> None:
    path = history_repo(tmp_path)

    async def run(pilot: Pilot[None]) -> None:
        await open_history(pilot)
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(make_app(path), terminal_size=(80, 24), run_before=run)
