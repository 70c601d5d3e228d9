"""`outcomes diff OLD NEW`: what changed between two workbooks, in the domain's words.

Each side is a file or a git `REV:PATH` (`HEAD~1:team.toml`). Exit 0 when the
two are the same byte for byte, 1 when they differ (a comment or an unknown key
counts: such changes are listed in a section of their own), 2 when one cannot be read.
`outcomes diff --textconv FILE` prints one workbook as readable lines, for
`git diff` and `git log -p` (set up by `outcomes git setup`).
"""

from __future__ import annotations

import argparse
import sys

from ..diff.quick import diff_report
from ..exit_codes import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK
from ..model.errors import WorkbookError
from ..safety import inert, one_line
from ..store import parse, read_bytes
from ..vcs.plumbing import read_spec
from .common import print_problems


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", nargs="?", metavar="OLD", help="a workbook file or REV:PATH")
    parser.add_argument("new", nargs="?", metavar="NEW", help="a workbook file or REV:PATH")
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text (default; colour on a terminal), markdown (for a pull request), json",
    )
    parser.add_argument(
        "--textconv",
        metavar="FILE",
        help="print FILE as readable lines (git's textconv; see 'outcomes git setup')",
    )


def _textconv(path: str) -> int:
    from pathlib import Path

    try:
        data = read_bytes(Path(path))
    except WorkbookError as error:
        print_problems(error.problems)
        return EXIT_BAD_INPUT
    from ..diff.readable import render_readable, render_text_facts

    try:
        loaded = parse(data, path, allow_newer=True)
        sys.stdout.write(render_readable(loaded.workbook) + render_text_facts(loaded.text))
    except WorkbookError as error:
        # Still show something useful in `git diff`: the reason, then the raw text.
        reason = error.problems[0].message if error.problems else error.message
        sys.stdout.write(f"(not a readable workbook: {one_line(reason)})\n")
        sys.stdout.write(inert(data.decode("utf-8", "replace")))
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.textconv:
        return _textconv(args.textconv)
    if not args.old or not args.new:
        print(
            "outcomes diff: give two workbooks: OLD NEW (each a file or REV:PATH)", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    try:
        old_data = read_spec(args.old)
        new_data = read_spec(args.new)
        diff, text = diff_report(old_data, new_data, args.old, args.new)
    except WorkbookError as error:
        print_problems(error.problems)
        return EXIT_BAD_INPUT
    heading = f"{args.old} → {args.new}"
    if args.format == "json":
        from ..diff.render import render_json

        sys.stdout.write(render_json(diff, args.old, args.new, text))
    elif args.format == "markdown":
        from ..diff.render import render_markdown

        sys.stdout.write(render_markdown(diff, heading, text))
    else:
        from ..diff.render import diff_lines
        from .lines_output import print_lines

        print_lines(diff_lines(diff, heading, text))
    # 0 only when nothing differs: a comment or an unknown key is a difference too.
    return EXIT_OK if old_data == new_data else EXIT_FINDINGS
