"""`outcomes serve FILE`: the guided session in a browser, for remote participants.

Each browser that connects gets the session app over the same workbook file;
every change is saved at once and every app follows the file, so all screens
show the same step. It binds to loopback unless told otherwise.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from ..model import operations
from ..model.errors import WorkbookError
from ..store import WorkbookFile
from .common import EXIT_BAD_INPUT, EXIT_OK, load_for_reading


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the workbook (created if it does not exist)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument("--public-url", help="the URL participants use, behind a proxy or tunnel")


def session_command(path: Path) -> str:
    """The command each browser connection runs."""
    return shlex.join([sys.executable, "-m", "outcome_workbook", "session", str(path.resolve())])


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.exists():
        try:
            WorkbookFile.create(path, operations.new_workbook("Session workbook"))
        except (WorkbookError, OSError) as error:
            print(f"{path}: cannot create: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
    if load_for_reading(str(path)) is None:
        return EXIT_BAD_INPUT
    from textual_serve.server import Server

    server = Server(
        session_command(path),
        host=args.host,
        port=args.port,
        title=f"outcomes session: {path.name}",
        public_url=args.public_url,
    )
    print(f"Serving the session on http://{args.host}:{args.port} (Ctrl+C to stop)")
    server.serve()
    return EXIT_OK
