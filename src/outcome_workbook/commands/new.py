"""`outcomes new FILE`: start a workbook."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..exit_codes import EXIT_BAD_INPUT, EXIT_OK
from ..model import operations
from ..safety import one_line
from .common import title_from_name, write_new


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the workbook file to create (e.g. team.toml)")
    parser.add_argument("--title", help="the workbook's title (default: from the file name)")
    parser.add_argument("--team", default="", help="the team that owns the workbook")


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    title = args.title or title_from_name(path)
    if not write_new(
        path, lambda: operations.new_workbook(title or "Untitled workbook", args.team)
    ):
        return EXIT_BAD_INPUT
    print(f"created {one_line(str(path))}")
    return EXIT_OK
