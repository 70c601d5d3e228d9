"""`outcomes git setup [--global] [--check] [FILE...]`: readable `git diff` and keyed merges.

Writes `.gitattributes` lines that route workbook files to the `outcomes`
diff and merge drivers, and the drivers into git's config. Safe to run again;
`--check` changes nothing and says what is missing (exit 1 if anything is).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..exit_codes import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK
from ..safety import one_line
from ..vcs.plumbing import GitError, repo_root
from ..vcs.setup_drivers import DEFAULT_PATTERN, apply_setup, inspect


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "'outcomes git setup' routes workbook files to the outcomes diff and merge drivers. "
        f"It covers {DEFAULT_PATTERN} and every .toml file with a [workbook] table in the "
        "repository, plus any FILE given."
    )
    parser.add_argument("git_command", choices=("setup",), metavar="setup", help="what to do")
    parser.add_argument("files", nargs="*", metavar="FILE", help="more workbook files to cover")
    parser.add_argument(
        "--global",
        dest="use_global",
        action="store_true",
        help=f"set up your user config instead (covers {DEFAULT_PATTERN} in every repository)",
    )
    parser.add_argument("--check", action="store_true", help="change nothing; say what is missing")
    parser.add_argument(
        "--command",
        dest="driver_command",
        metavar="CMD",
        help="how git should run outcomes (default: this Python with -m outcome_workbook)",
    )


def run(args: argparse.Namespace) -> int:
    root = repo_root(Path.cwd())
    try:
        state = inspect(root, args.use_global, args.files, args.driver_command)
    except (GitError, ValueError) as error:
        print(f"outcomes git setup: {one_line(str(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    where = "your global git config" if args.use_global else "this repository"
    if args.check:
        for line in state.missing_lines:
            print(f"missing in {state.attributes_file}: {one_line(line)}")
        for key, value in state.config_missing.items():
            print(f"missing in {where}'s git config: {key} = {one_line(value)}")
        for path in state.uncovered:
            print(f"not covered by the attributes: {one_line(path)}")
        for path in state.covered:
            print(f"covered: {one_line(path)}")
        if state.complete:
            print(f"git is set up for workbooks in {where}")
            return EXIT_OK
        print("run 'outcomes git setup' to fix this")
        return EXIT_FINDINGS
    was_complete = state.complete
    try:
        apply_setup(state)
    except (GitError, OSError) as error:
        print(f"outcomes git setup: {one_line(str(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{'already set up' if was_complete else 'set up'}: {where}")
    print(f"attributes: {state.attributes_file}")
    for path in state.covered:
        print(f"covered: {one_line(path)}")
    for path in state.uncovered:
        print(f"not covered (check {state.attributes_file}): {one_line(path)}")
    if not args.use_global:
        print(
            f"new workbooks named {DEFAULT_PATTERN} are covered; run this again after adding others"
        )
    return EXIT_OK
