"""`outcomes new FILE`: start a workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..model import operations
from ..model.errors import WorkbookError
from ..safety import one_line
from ..store import WorkbookFile
from .common import EXIT_BAD_INPUT, EXIT_OK, print_problems


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the workbook file to create (e.g. team.toml)")
    parser.add_argument("--title", help="the workbook's title (default: from the file name)")
    parser.add_argument("--team", default="", help="the team that owns the workbook")


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    title = args.title or path.stem.replace("-", " ").replace("_", " ").strip().capitalize()
    try:
        workbook = operations.new_workbook(title or "Untitled workbook", team=args.team)
        WorkbookFile.create(path, workbook)
    except WorkbookError as error:
        print_problems(error.problems)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"{one_line(str(path))}: cannot write: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"created {one_line(str(path))}")
    return EXIT_OK
