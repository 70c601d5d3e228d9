"""Shared fixtures: the sample workbooks, a fresh copy of one, and an isolated user config."""

from __future__ import annotations

import inspect
import os
import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

# pytest-textual-snapshot's `snap_compare` fixture: (app or path, options) -> matches.
SnapCompare = Callable[..., bool]
RunBefore = Callable[[Pilot[Any]], Awaitable[None] | None]

# Property tests stay quick in the normal suite; HYPOTHESIS_PROFILE=long runs a fuzz session.
settings.register_profile("quick", max_examples=25, deadline=None)
settings.register_profile("long", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"
DATA = Path(__file__).resolve().parent / "data"


def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.toml"))


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Keep tests away from the real user's config, state, themes and git identity."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    # git's own user config too: a form proposes `git config user.name`, and a snapshot
    # must show the same name on every machine.
    git_config = home / "config" / "git" / "config"
    git_config.parent.mkdir(parents=True)
    git_config.write_text("[user]\n\tname = Dana Ruiz\n\temail = dana@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(git_config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("OUTCOMES_MAX_MB", raising=False)  # every test reads under the real cap
    yield


@pytest.fixture
def sample_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a named sample into a temporary folder and return its path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copyfile(SAMPLES / name, target)
        return target

    return copy


@pytest.fixture
def snap_compare(snap_compare: SnapCompare) -> SnapCompare:
    """pytest-textual-snapshot's fixture, taking a still picture: the cursor shown and not
    blinking. On a busy machine the picture was taken mid-blink, without the cursor."""

    def compare(app: Any, *args: Any, run_before: RunBefore | None = None, **kwargs: Any) -> bool:
        async def still(pilot: Pilot[Any]) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            for field in pilot.app.screen.query("Input, TextArea"):
                if isinstance(field, Input | TextArea):
                    field.cursor_blink = False
            await pilot.pause()

        return snap_compare(app, *args, run_before=still, **kwargs)

    return compare
