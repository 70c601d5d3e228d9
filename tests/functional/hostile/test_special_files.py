"""Paths that are not regular files: every command and the workbench refuse them at once.

A pipe would block a reader forever, /dev/zero and /dev/urandom never end, a
socket or a link loop cannot be opened at all, and a name can be too long for
the system. Each must give a message naming the file, exit 2, and never hang.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.store import read_bytes
from outcome_workbook.tui.screens.error import ErrorScreen
from outcome_workbook.tui.workbench_app import create_app

from .corpus import GOOD, ROLES, Snapshot, assert_no_crash, fill, invocations, run_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")

INVOKED = invocations()
KINDS = ["fifo", "dev-zero", "dev-urandom", "socket", "link-loop", "name-too-long"]
SAYS = {
    "fifo": "is a pipe (FIFO)",
    "dev-zero": "is a device",
    "dev-urandom": "is a device",
    "socket": "is a socket",
    "link-loop": "a loop of symbolic links",
    "name-too-long": "the name is too long",
}


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM interrupts a blocking open or read."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def special(kind: str, folder: Path) -> Iterator[str]:
    """Make a special file of `kind` in `folder`; yields its name."""
    name = "a" * 300 + ".toml" if kind == "name-too-long" else f"{kind}.toml"
    path = folder / name
    held: socket.socket | None = None
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "dev-urandom":
        path.symlink_to("/dev/urandom")
    elif kind == "link-loop":
        path.symlink_to(name)
    elif kind == "socket":
        held = socket.socket(socket.AF_UNIX)
        held.bind(str(path))
    try:
        yield name
    finally:
        if held is not None:
            held.close()


@pytest.mark.parametrize("kind", KINDS)
def test_the_store_refuses_what_is_not_a_regular_file(kind: str, tmp_path: Path) -> None:
    with special(kind, tmp_path) as name, deadline(5), pytest.raises(WorkbookError) as raised:
        read_bytes(tmp_path / name)
    (problem,) = raised.value.problems
    assert SAYS[kind] in problem.message
    assert problem.file == str(tmp_path / name)


@pytest.mark.parametrize("kind", KINDS)
def test_every_command_refuses_a_special_file_at_once(kind: str, tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_bytes(GOOD.read_bytes())
    with special(kind, tmp_path) as name:
        before = Snapshot.take(tmp_path)
        for command, argv in INVOKED:
            filled = fill(argv, file=name, good="good.toml", out="out.txt")
            with deadline(10):
                run = run_cli(filled, tmp_path)
            assert_no_crash(run.text)
            if "--textconv" in argv:
                assert run.code in (0, 2), (filled, run.text)  # git shows the reason as text
            else:
                assert run.code == 2, (filled, run.code, run.text)
            if ROLES.get(command) != "create" and "--textconv" not in argv:
                assert name in run.err and SAYS[kind] in run.err, (filled, run.err)
        assert Snapshot.take(tmp_path) == before, "nothing may be written"


@pytest.mark.parametrize("kind", KINDS)
async def test_the_workbench_shows_an_error_and_exits_non_zero(kind: str, tmp_path: Path) -> None:
    with special(kind, tmp_path) as name:
        app = create_app(tmp_path / name, watch_interval=60.0, autosave_delay=60.0)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ErrorScreen)
            await pilot.press("ctrl+q")  # quitting from the error screen is not success
        assert app.return_code == 2
