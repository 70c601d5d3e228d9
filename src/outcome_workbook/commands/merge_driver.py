"""`outcomes merge-driver %O %A %B %L %P`: git's merge driver for workbooks.

Git gives the common ancestor (%O), ours (%A, where the result goes), theirs
(%B), the conflict-marker size (%L) and the file's path (%P). Exit 0 for a clean
merge, 1 when conflicts were marked. If a version cannot be read as a
workbook, git's own line merge is used instead, so nothing is ever lost.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from ..diff.merge import MARKER, merge_texts
from ..model.errors import WorkbookError
from ..safety import one_line
from ..store.atomic import atomic_write
from .common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", metavar="BASE", help="the common ancestor (%%O)")
    parser.add_argument(
        "ours", metavar="OURS", help="our version; the result is written here (%%A)"
    )
    parser.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")
    parser.add_argument("marker_size", nargs="?", default="7", metavar="SIZE", help="(%%L)")
    parser.add_argument("path", nargs="?", default="", metavar="PATH", help="the file's path (%%P)")


def _line_merge(args: argparse.Namespace, name: str) -> int:
    """Git's own three-way line merge, in place on OURS, with conflict markers."""
    size = args.marker_size if str(args.marker_size).isdigit() else "7"
    command = ["git", "merge-file", f"--marker-size={size}", "-L", "ours", "-L", "base"]
    command += ["-L", "theirs", args.ours, args.base, args.theirs]
    try:
        result = subprocess.run(command, capture_output=True, check=False)
    except FileNotFoundError:
        print(
            f"{name}: git is not available for a line merge; left ours as it was", file=sys.stderr
        )
        return EXIT_FINDINGS
    if result.returncode < 0 or result.returncode > 127:
        print(f"{name}: line merge failed; left ours as it was", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK if result.returncode == 0 else EXIT_FINDINGS


def run(args: argparse.Namespace) -> int:
    name = one_line(args.path or args.ours)
    try:
        base = Path(args.base).read_bytes() if Path(args.base).exists() else b""
        ours = Path(args.ours).read_bytes()
        theirs = Path(args.theirs).read_bytes()
    except OSError as error:
        print(f"{name}: cannot read a version to merge: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        result = merge_texts(base, ours, theirs, args.path or "workbook")
    except WorkbookError as error:
        print(
            f"{name}: not merged by entity ({one_line(error.message)}); "
            "using git's line merge instead",
            file=sys.stderr,
        )
        return _line_merge(args, name)
    try:
        atomic_write(Path(args.ours), result.data)
    except OSError as error:
        print(f"{name}: cannot write the merged file: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if result.clean:
        return EXIT_OK
    print(f"{name}: {len(result.conflicts)} conflict(s); ours was kept for each:", file=sys.stderr)
    for conflict in result.conflicts:
        print(f"  {one_line(conflict.describe())}", file=sys.stderr)
    print(
        f"  each is marked '{MARKER}' above its table: settle it, delete the comment, "
        "then 'git add' the file",
        file=sys.stderr,
    )
    return EXIT_FINDINGS
