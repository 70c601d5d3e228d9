"""`outcomes validate FILE...`: is each file a well-formed workbook?"""

from __future__ import annotations

import argparse

from ..exit_codes import EXIT_BAD_INPUT, EXIT_OK
from ..safety import one_line
from ..store.file_text import merge_conflict_problems
from .common import load_for_reading, print_problems


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="workbook files to validate")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")


def run(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for file in args.files:
        loaded = load_for_reading(file)
        if loaded is None:
            status = EXIT_BAD_INPUT
            continue
        problems = list(loaded.problems)
        problems += merge_conflict_problems(loaded.text, file)
        if loaded.read_only_reason:
            from ..model.errors import Problem

            problems.insert(0, Problem(loaded.read_only_reason, file, None, None, "workbook"))
        if problems:
            print_problems(problems)
            status = EXIT_BAD_INPUT
        elif not args.quiet:
            print(f"{one_line(file)}: ok ({len(loaded.workbook)} entities)")
    return status
