"""`outcomes log FILE`: the commits that changed a workbook, each with its semantic diff.

Ends with every metric version and the commit that added it, so "why did we
change this metric?" has an answer with a name and a date.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..diff.render import lines_to_markdown
from ..exit_codes import EXIT_BAD_INPUT, EXIT_OK
from ..safety import escape_invisible, one_line
from ..vcs.file_history import file_history, history_json, history_lines
from ..vcs.plumbing import GitError, repo_root
from .common import load_for_reading
from .lines_output import print_lines


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a workbook file in a git repository")
    parser.add_argument("-n", "--max-count", type=int, metavar="N", help="only the last N commits")
    parser.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", help="output format"
    )


def run(args: argparse.Namespace) -> int:
    loaded = load_for_reading(args.file)
    if loaded is None:
        return EXIT_BAD_INPUT
    if repo_root(args.file) is None:
        # A readable workbook outside git simply has no history yet.
        if args.format == "json":
            data = history_json([], loaded.workbook, args.file)
            sys.stdout.write(json.dumps({**data, "repository": False}, indent=2) + "\n")
        else:
            print(f"{one_line(args.file)} is not in a git repository, so it has no history yet")
        return EXIT_OK
    try:
        entries = file_history(args.file, args.max_count)
    except GitError as error:
        print(f"outcomes log: {one_line(error.message)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "json":
        data = history_json(entries, loaded.workbook, args.file)
        sys.stdout.write(escape_invisible(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(lines_to_markdown(history_lines(entries, loaded.workbook)))
    else:
        print_lines(history_lines(entries, loaded.workbook))
    return EXIT_OK
