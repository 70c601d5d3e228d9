"""`outcomes session FILE`: run a guided session (or print its summary)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..exit_codes import EXIT_BAD_INPUT, EXIT_OK
from ..model import operations
from ..model.errors import WorkbookError
from ..model.live_room import ROLES, person_name
from ..store import WorkbookFile
from .common import add_agenda_option, load_for_reading, plan_agenda, print_problems
from .output import write_output


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the workbook (created if it does not exist)")
    parser.add_argument(
        "--summary",
        action="store_true",
        help="print the session summary as Markdown instead of starting the app",
    )
    parser.add_argument("-o", "--output", help="with --summary: write it to this file")
    parser.add_argument("--force", action="store_true", help="with -o: overwrite the file")
    parser.add_argument(
        "--role",
        choices=ROLES,
        default="facilitator",
        help="who this screen is for (default: facilitator; `outcomes serve` sets it per link)",
    )
    parser.add_argument(
        "--name",
        default="",
        help="who is at this screen, as the room sees it (asked for when not given)",
    )
    parser.add_argument(
        "--projector",
        action="store_true",
        help="start in projector mode: big step title, high contrast (ctrl+t toggles it)",
    )
    add_agenda_option(parser)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if args.summary:
        return _summary(args, path)
    if not path.exists():
        try:
            title = path.stem.replace("-", " ").replace("_", " ").strip().capitalize()
            WorkbookFile.create(path, operations.new_workbook(title or "Session workbook"))
        except (WorkbookError, OSError) as error:
            print(f"{path}: cannot create: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
    try:
        file = WorkbookFile.open(path, allow_newer=True)
    except WorkbookError as error:
        print_problems(error.problems)
        return EXIT_BAD_INPUT
    if not file.read_only and not plan_agenda(path, args.agenda, "outcomes session"):
        return EXIT_BAD_INPUT
    from ..tui.session.session_app import SessionApp

    SessionApp(file, role=args.role, name=person_name(args.name), projector=args.projector).run()
    return EXIT_OK


def _summary(args: argparse.Namespace, path: Path) -> int:
    from ..report.session_summary import session_summary

    loaded = load_for_reading(str(path))
    if loaded is None:
        return EXIT_BAD_INPUT
    text = session_summary(loaded.workbook, date.today())
    return write_output(text, args.output, args.force, "outcomes session", str(path))
