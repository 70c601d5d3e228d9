"""`outcomes merge-driver %O %A %B %L %P`: git's merge driver for workbooks.

Git gives the common ancestor (%O), ours (%A, where the result goes), theirs
(%B), the conflict-marker size (%L) and the file's path (%P). Exit 0 for a clean
merge, 1 when conflicts were marked, 2 when a version cannot be read as a
workbook (ours is then left untouched and git reports the file as conflicted).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..exit_codes import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK
from ..merge.files import SideError, merge_texts, refusal_note
from ..model.errors import WorkbookError
from ..safety import one_line
from ..store import read_bytes
from ..store.atomic import atomic_write
from ..store.file_text import CONFLICT_NOTE, decode
from ..store.workbook_file import MAX_BYTES
from .common import print_problems


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", metavar="BASE", help="the common ancestor (%%O)")
    parser.add_argument(
        "ours", metavar="OURS", help="our version; the result is written here (%%A)"
    )
    parser.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")
    parser.add_argument("marker_size", nargs="?", default="7", metavar="SIZE", help="(%%L)")
    parser.add_argument("path", nargs="?", default="", metavar="PATH", help="the file's path (%%P)")
    parser.add_argument(
        "--merged",
        metavar="FILE",
        help="write the result to FILE instead of OURS (for git mergetool's $MERGED)",
    )


FAVOR_ENV = "OUTCOMES_MERGE_FAVOR"


def merge_favor() -> str:
    """'ours' or 'theirs' when the merge was asked to favour a side, else ''.

    Git does not pass `-X ours` / `-X theirs` to a merge driver, so the driver reads
    them from the git command that runs it (on systems with /proc), or from the
    OUTCOMES_MERGE_FAVOR environment variable, which wins.
    """
    wanted = os.environ.get(FAVOR_ENV, "").strip().lower()
    if wanted in ("ours", "theirs"):
        return wanted
    return _favor_from_git()


def _favor_from_git() -> str:
    pid = os.getppid()
    for _ in range(5):  # git, or the shell git runs the driver through, then git
        try:
            args = [
                part.decode("utf-8", "replace")
                for part in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                if part
            ]
            stat = Path(f"/proc/{pid}/stat").read_text("utf-8", "replace")
        except OSError:
            return ""
        if args and os.path.basename(args[0]) == "git":
            return favor_in(args[1:])
        try:
            pid = int(stat.rsplit(")", 1)[1].split()[1])
        except (IndexError, ValueError):
            return ""
        if pid <= 1:
            return ""
    return ""


def favor_in(args: list[str]) -> str:
    """The side `-X ours` / `-X theirs` (or --strategy-option) asks for in git's arguments."""
    found = ""
    for index, arg in enumerate(args):
        value = ""
        if arg in ("-X", "--strategy-option") and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("-X"):
            value = arg[2:]
        elif arg.startswith("--strategy-option="):
            value = arg.split("=", 1)[1]
        if value in ("ours", "theirs"):
            found = value
    return found


def _mark_refused(path: Path, ours: bytes, note: str) -> bool:
    """Put the refusal note above ours' text, so the file cannot be committed as merged by
    a plain `git add` (`validate` reports the note). False when it is not written: ours
    too large to be a workbook is left alone (git reports the file as conflicted)."""
    if len(ours) > MAX_BYTES:
        return False
    try:
        text, form = decode(ours, str(path))
        data = form.encode(note + "\n" + text)
    except WorkbookError:
        data = note.encode("utf-8") + b"\n" + ours
    try:
        atomic_write(path, data)
    except OSError:
        return False
    return True


def run(args: argparse.Namespace) -> int:
    target = Path(args.merged or args.ours)
    name = one_line(args.path or args.merged or args.ours)
    try:
        # Only regular files, within the size cap: a pipe or a device is never read.
        # git mergetool passes no ancestor file when both sides added the file.
        missing_base = args.merged is not None and not Path(args.base).exists()
        base = b"" if missing_base else read_bytes(Path(args.base))
        ours = read_bytes(Path(args.ours))
        theirs = read_bytes(Path(args.theirs))
    except WorkbookError as error:
        for problem in error.problems:
            where = one_line(problem.file or name)
            print(
                f"{where}: cannot read this version to merge: {one_line(problem.message)}",
                file=sys.stderr,
            )
        return EXIT_BAD_INPUT
    favor = merge_favor()
    try:
        result = merge_texts(base, ours, theirs, args.path or args.merged or args.ours, favor=favor)
    except WorkbookError as error:
        print_problems(error.problems)
        side = error.side if isinstance(error, SideError) else ""
        current = ours
        if args.merged:
            try:
                current = read_bytes(target)
            except WorkbookError:
                current = ours
        marked = _mark_refused(target, current, refusal_note(side, error.message))
        print(
            f"{name}: not merged; ours is left as it was"
            + (f", with a '{CONFLICT_NOTE}' comment at the top" if marked else "")
            + ". Fix the version named above, or merge this file by hand",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        if result.data != ours or args.merged:
            atomic_write(target, result.data)
    except OSError as error:
        print(f"{name}: cannot write the merged file: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if result.clean:
        return EXIT_OK
    if favor:
        print(
            f"{name}: {len(result.conflicts)} conflict(s) settled in favour of {favor} "
            f"(-X {favor}):",
            file=sys.stderr,
        )
        for conflict in result.conflicts:
            print(f"  {one_line(conflict.where)}", file=sys.stderr)
        return EXIT_OK
    print(f"{name}: {len(result.conflicts)} conflict(s); ours was kept for each:", file=sys.stderr)
    for conflict in result.conflicts:
        print(f"  {one_line(conflict.describe())}", file=sys.stderr)
    print(
        f"  each is marked '{CONFLICT_NOTE}' above its table: settle it, delete the comment, "
        "then 'git add' the file",
        file=sys.stderr,
    )
    return EXIT_FINDINGS
