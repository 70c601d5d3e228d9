"""`outcomes FILE` (or `outcomes open FILE`): the workbench; bare `outcomes` opens a sample copy."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

from ..exit_codes import EXIT_BAD_INPUT, EXIT_OK

SAMPLE = "remote-access.toml"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        help="the workbook to open (created if missing, after asking); "
        "without one, a copy of the bundled sample opens",
    )
    parser.add_argument("--theme", help="a theme for this run (e.g. projector)")


def sample_copy() -> Path:
    """Copy the bundled sample into a fresh temporary folder, so playing with it is harmless."""
    folder = Path(tempfile.mkdtemp(prefix="outcomes-sample-"))
    target = folder / SAMPLE
    bundled = resources.files("outcome_workbook").joinpath("samples", SAMPLE)
    if bundled.is_file():
        with resources.as_file(bundled) as source:
            shutil.copyfile(source, target)
    else:
        from ..model import operations
        from ..store import WorkbookFile

        WorkbookFile.create(target, operations.new_workbook("Remote access"))
    return target


def run(args: argparse.Namespace) -> int:
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        print("outcomes: the workbench needs a terminal", file=sys.stderr)
        return EXIT_BAD_INPUT
    temporary = args.file is None
    path = sample_copy() if temporary else Path(args.file)
    try:
        folder = path.is_dir()
    except OSError:  # a name too long, a link loop: the workbench says so on opening
        folder = False
    if folder:
        print(f"outcomes: {path} is a folder, not a workbook file", file=sys.stderr)
        return EXIT_BAD_INPUT
    from ..tui.workbench_app import create_app

    app = create_app(path, temporary=temporary, theme=args.theme)
    app.run()
    if temporary:
        print(f"The sample copy you were editing is at {path}")
    return EXIT_OK if app.return_code in (None, 0) else EXIT_BAD_INPUT
