"""The workbench on bad files and hostile text: a clean error screen or a clean open, nothing
written, and every widget showing workbook text literally with no raw control characters."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from outcome_workbook.store import WorkbookFile
from outcome_workbook.tui.screens.error import ErrorScreen
from outcome_workbook.tui.screens.workbench import WorkbenchScreen
from outcome_workbook.tui.workbench_app import WorkbenchApp, create_app

from ..tui.helpers import checked
from .corpus import BAD, Snapshot, cases
from .test_terminal_safety import LITERAL, RAW_CONTROL, hostile_workbook, write_raw_controls

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

SIZE = (220, 60)


def make_app(path: Path) -> WorkbenchApp:
    return create_app(path, theme="textual-dark", watch_interval=60.0, autosave_delay=60.0)


def screen_text(app: App[Any]) -> str:
    """What the terminal would show, as text, one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def assert_inert_screen(app: App[Any]) -> str:
    shown = screen_text(app)
    leaked = sorted({f"U+{ord(c):04X}" for c in RAW_CONTROL.findall(shown.replace("\n", ""))})
    assert not leaked, f"raw control characters on screen: {leaked}"
    return shown


# Every error kind once, and every file the workbench can open.
_ALL = cases()
_SEEN: set[str] = set()
TUI_CASES = []
for _case in _ALL:
    kind = _case.says or _case.name.split("-")[0]
    if _case.expect != "error" or kind not in _SEEN:
        TUI_CASES.append(_case)
        _SEEN.add(kind)


@pytest.mark.parametrize("case", TUI_CASES, ids=lambda c: c.name)
async def test_the_workbench_opens_each_bad_file_cleanly(case: object, tmp_path: Path) -> None:
    name = case.name  # type: ignore[attr-defined]
    expect = case.expect  # type: ignore[attr-defined]
    path = tmp_path / name
    shutil.copyfile(BAD / name, path)
    before = Snapshot.take(tmp_path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = assert_inert_screen(app)
        if expect == "error":
            assert isinstance(app.screen, ErrorScreen)
            assert name in shown
            assert "Traceback" not in shown
            await pilot.press("q")
        else:
            assert isinstance(app.screen, WorkbenchScreen)
            assert app.read_only == (expect == "read-only")
            await pilot.press("ctrl+q")
    assert app.return_code == (2 if expect == "error" else 0)
    assert Snapshot.take(tmp_path) == before, "opening a file must not write it"


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    WorkbookFile.create(path, hostile_workbook())
    return path


async def _select(pilot: Pilot[None], entity_id: str) -> WorkbenchScreen:
    screen = pilot.app.screen
    assert isinstance(screen, WorkbenchScreen)
    screen.select_entity(entity_id)
    await pilot.pause()
    return screen


ENTITY_IDS = ["ns", "bo", "po", "m1", "m2", "g1", "o1", "o2", "s1", "e1"]


async def test_every_entity_form_and_the_outline_show_hostile_text_literally(
    hostile_file: Path,
) -> None:
    app = make_app(hostile_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for entity_id in ENTITY_IDS:
            await _select(pilot, entity_id)
            await pilot.pause()
            shown = assert_inert_screen(app)
            assert "␛[2J" in shown, entity_id
            assert any(literal in shown for literal in LITERAL), entity_id
        assert app.is_running  # no markup closed the app ([@click=app.quit])


async def test_raw_c1_and_bidi_in_codes_keys_and_text_show_visibly(tmp_path: Path) -> None:
    """A hand-typed file: raw controls in titles, ignore codes, notes and severity keys."""
    path = write_raw_controls(tmp_path / "raw.toml")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await checked(pilot)
        shown = assert_inert_screen(app)
        assert "Book <U+009B>31m" in shown  # header, outline and form
        assert "names no check" in shown and "OW1<U+009B>31m" in shown  # the severity keys
        for entity_id in ("ns", "bo"):
            await _select(pilot, entity_id)
            await pilot.pause()
            shown = assert_inert_screen(app)
            assert "<U+009B>31m" in shown and "<U+202E>evil" in shown, entity_id
        # bo's ignore code, in its form and in its findings.
        assert 'ignore names no check: "<U+009B>31m' in shown
    assert app.is_running is False


PART_SCREENS = [("po", "h"), ("po", "g"), ("po", "n"), ("po", "e"), ("m1", "h")]


@pytest.mark.parametrize(("entity_id", "key"), PART_SCREENS)
async def test_every_part_screen_shows_hostile_text_inert(
    entity_id: str, key: str, hostile_file: Path
) -> None:
    app = make_app(hostile_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _select(pilot, entity_id)
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, WorkbenchScreen), f"{key} opened no screen"
        shown = assert_inert_screen(app)
        assert "␛" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_the_error_screen_keeps_hostile_ids_and_names_inert(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[2J\u202e.toml"
    shutil.copyfile(BAD / "id-control-chars.toml", path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        shown = assert_inert_screen(app)
        assert "not a valid id" in shown
        await pilot.press("q")


async def test_every_guided_session_step_shows_hostile_text_inert(hostile_file: Path) -> None:
    from datetime import date

    from outcome_workbook.tui.session.screen import SessionScreen
    from outcome_workbook.tui.session.session_app import SessionApp

    app = SessionApp(
        WorkbookFile.open(hostile_file), today=lambda: date(2026, 11, 23), timebox_running=False
    )
    seen: set[str] = set()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        while isinstance(app.screen, SessionScreen) and app.screen.step not in seen:
            seen.add(app.screen.step)
            await pilot.pause()
            assert_inert_screen(app)
            await pilot.press("ctrl+n")
            await pilot.pause()
            await pilot.pause()
        assert "␛[2J" in assert_inert_screen(app)  # the review shows the texts, visibly
        assert app.is_running
    assert len(seen) > 5, seen
