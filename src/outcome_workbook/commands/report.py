"""`outcomes report FILE`: the Markdown one-pager to paste into a wiki."""

from __future__ import annotations

import argparse

from ..exit_codes import EXIT_BAD_INPUT
from .common import load_for_reading
from .output import error_ids, findings, write_output


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the workbook to report on")
    parser.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of stdout")
    parser.add_argument("--force", action="store_true", help="overwrite PATH if it exists")


def run(args: argparse.Namespace) -> int:
    loaded = load_for_reading(args.file)
    if loaded is None:
        return EXIT_BAD_INPUT
    from ..report.markdown import render_report

    found = findings(loaded, args.file)
    content = render_report(loaded.workbook, found, errors=error_ids(loaded, found))
    return write_output(content, args.output, args.force, "outcomes report", args.file)
