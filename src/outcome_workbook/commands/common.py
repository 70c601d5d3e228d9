"""What every subcommand shares: loading with located errors, and safe printing."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from ..model.errors import Problem, WorkbookError
from ..model.workbook import Workbook
from ..safety import inert, one_line
from ..store import Loaded, WorkbookFile, parse, read_bytes


def print_problems(problems: Iterable[Problem], stream: TextIO | None = None) -> None:
    """One line per problem, `FILE:LINE:COL: message`, with control characters made visible."""
    out = stream or sys.stderr
    for problem in problems:
        print(inert(problem.format(), keep_newlines=False), file=out)


class Located(Exception):
    """Input a command cannot use; `lines` are the located messages (`FILE:LINE: ...`)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def read_text(path: str) -> str:
    """The UTF-8 text of a file named on the command line (a CSV, a list), or Located."""
    try:
        data = read_bytes(Path(path))
    except WorkbookError as error:
        raise Located([one_line(p.format()) for p in error.problems]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Located([f"{one_line(path)}:{line}: not UTF-8 text"]) from None


def title_from_name(path: Path) -> str:
    """`team-okrs.toml` -> "Team okrs": a title when the user gave none."""
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize()


def write_new(path: Path, build: Callable[[], Workbook]) -> bool:
    """Write the workbook `build` makes as a new file; False, after saying why, when not."""
    return written(path, lambda: WorkbookFile.create(path, build()))


def written(path: Path | str, write: Callable[[], object]) -> bool:
    """Run a write of `path`; False, after saying why (located problems or the OS's
    reason), when it did not happen."""
    try:
        write()
    except WorkbookError as error:
        print_problems(error.problems)
        return False
    except OSError as error:
        print(f"{one_line(str(path))}: cannot write: {error.strerror}", file=sys.stderr)
        return False
    return True


def load_for_reading(path: str) -> Loaded | None:
    """Read a workbook for display or checking (fast parser, never written).

    Prints the problems and returns None when it cannot be read.
    """
    try:
        return parse(read_bytes(Path(path)), path, allow_newer=True)
    except WorkbookError as error:
        print_problems(error.problems)
        return None


def open_for_writing(path: str) -> WorkbookFile | None:
    """Open a workbook to change it; newer formats are refused (exit 2) by the caller."""
    try:
        return WorkbookFile.open(path)
    except WorkbookError as error:
        print_problems(error.problems)
        return None


def refuse_invalid(opened: WorkbookFile, what: str) -> bool:
    """True, after printing validate's problems, when the workbook does not validate.

    No command rewrites such a file (a loop, a dangling reference): `what` says
    what was not done, as in "not formatted".
    """
    if not opened.loaded.problems:
        return False
    print_problems(opened.loaded.problems)
    name = inert(str(opened.path), keep_newlines=False)
    print(
        f"{name}: {what}: it does not validate (the problems above); nothing was written",
        file=sys.stderr,
    )
    return True


def use_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def refuse_overwrite(path: Path, force: bool) -> bool:
    """True (and a message) when writing `path` would overwrite a file without --force."""
    if path.exists() and not force:
        name = inert(str(path), keep_newlines=False)
        print(f"outcomes: {name} exists; use --force to overwrite it", file=sys.stderr)
        return True
    return False


def add_agenda_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--agenda",
        metavar="STEP=MIN,...",
        help="minutes for some steps, e.g. metric=15,explore=20 (the rest keep the "
        "session's timebox); kept beside the workbook for the whole room",
    )


def plan_agenda(path: Path, text: str | None, command: str) -> bool:
    """Write `--agenda` into the room beside the workbook; False (said why) when it is bad."""
    if not text:
        return True
    from ..model import live_room as rooms
    from ..model.session_state import SESSION_STEPS
    from ..store.room_file import update_room

    try:
        agenda = rooms.parse_agenda(text, SESSION_STEPS)
        update_room(path, lambda room: rooms.plan(room, agenda))
    except ValueError as error:
        print(f"{command}: --agenda {error}", file=sys.stderr)
        return False
    except (WorkbookError, OSError) as error:
        print(f"{command}: cannot keep the agenda beside {path}: {error}", file=sys.stderr)
        return False
    return True
