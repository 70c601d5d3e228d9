"""`outcomes fmt FILE... [--check]`: the canonical layout, comments kept."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..exit_codes import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK
from ..model.errors import WorkbookError
from ..model.operations import upgrade_signoffs
from ..safety import one_line
from ..store import WorkbookFile
from ..store.atomic import atomic_write
from ..store.layout import canonical
from .common import print_problems, refuse_invalid


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="workbook files to format")
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if any file is not in the canonical layout",
    )


def run(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for file in args.files:
        name = one_line(file)
        try:
            opened = WorkbookFile.open(file)
        except WorkbookError as error:
            print_problems(error.problems)
            status = EXIT_BAD_INPUT
            continue
        if refuse_invalid(opened, "not formatted"):
            # Rewriting a file that does not validate would hide that in a layout commit.
            status = EXIT_BAD_INPUT
            continue
        text = opened.loaded.text
        upgraded = upgrade_signoffs(opened.workbook)
        upgrading = upgraded is not opened.workbook
        try:
            source = opened.render_text(upgraded) if upgrading else text
            # The text as read was split when it was read (for its line numbers); an
            # upgraded one is split afresh.
            split = None if upgrading or opened.loaded.split is None else opened.loaded.split.get()
            # --check writes nothing, so the result need not be verified by parsing it.
            formatted = canonical(source, verify=not args.check, split=split)
        except WorkbookError as error:
            print_problems(error.problems)
            status = EXIT_BAD_INPUT
            continue
        if formatted == text:
            continue
        if args.check:
            why = (
                "sign-offs do not record their terms"
                if upgrading
                else "not in the canonical layout"
            )
            print(f"{name}: {why} (run 'outcomes fmt {name}')")
            status = max(status, EXIT_FINDINGS)
            continue
        if opened.changed_on_disk():
            print(f"{name}: changed while formatting; left as it is", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        try:
            atomic_write(Path(file), opened.loaded.form.encode(formatted))
        except OSError as error:
            print(f"{name}: cannot write: {error.strerror}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        print(f"formatted {name}" + (" (sign-offs now record their terms)" if upgrading else ""))
    return status
