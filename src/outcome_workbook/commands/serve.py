"""`outcomes serve FILE`: the guided session in a browser, for a room of remote participants.

Each browser that connects gets its own session process over the same workbook;
every write goes through the workbook's lock (`store.shared`) and every process
follows the file and the room's side file, so all screens show the facilitator's
step and timer (docs/session.md). It binds to loopback unless told otherwise and
refuses every request that does not carry one of the printed links' secrets.
"""

from __future__ import annotations

import argparse
import re
import shlex
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..exit_codes import EXIT_BAD_INPUT, EXIT_OK
from ..model import operations
from ..model.errors import WorkbookError
from ..store import WorkbookFile
from .common import add_agenda_option, load_for_reading, plan_agenda

_URL_SAFE = re.compile(r"[A-Za-z0-9_.~-]+")


def configure(parser: argparse.ArgumentParser) -> None:
    from ..web.server import DEFAULT_MAX_CONNECTIONS

    parser.add_argument("file", help="the workbook (created if it does not exist)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument(
        "--token",
        help="the participants' secret (default: a random one); the facilitator's is always random",
    )
    parser.add_argument(
        "--public-url",
        help="the address participants use, behind a reverse proxy or tunnel "
        "(e.g. https://session.example.org)",
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=DEFAULT_MAX_CONNECTIONS,
        help=f"browsers connected at once (default: {DEFAULT_MAX_CONNECTIONS}; "
        "each runs its own session process)",
    )
    add_agenda_option(parser)


def session_command(path: Path) -> str:
    """The command each browser connection runs (the server appends `--role ROLE`)."""
    return shlex.join([sys.executable, "-m", "outcome_workbook", "session", str(path.resolve())])


def _bad(message: str) -> int:
    print(f"outcomes serve: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _check_options(args: argparse.Namespace) -> str | None:
    if not 0 < args.port < 65536:
        return f"--port {args.port}: a port is 1 to 65535"
    if args.max_connections < 1:
        return "--max-connections: at least 1"
    if args.token is not None and (len(args.token) < 8 or not _URL_SAFE.fullmatch(args.token)):
        return (
            "--token: at least 8 characters of A-Z a-z 0-9 - _ . ~ "
            "(it travels in the link; anyone who guesses it can join)"
        )
    if args.public_url:
        parts = urlsplit(args.public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return f"--public-url {args.public_url!r}: give the full address, e.g. https://host"
    return None


def run(args: argparse.Namespace) -> int:
    problem = _check_options(args)
    if problem:
        return _bad(problem)
    path = Path(args.file)
    if not path.exists():
        try:
            WorkbookFile.create(path, operations.new_workbook("Session workbook"))
        except (WorkbookError, OSError) as error:
            print(f"{path}: cannot create: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
    if load_for_reading(str(path)) is None or not plan_agenda(path, args.agenda, "outcomes serve"):
        return EXIT_BAD_INPUT
    from ..web.access import Keys, is_loopback, is_wildcard
    from ..web.server import SessionServer

    public_url = args.public_url
    if public_url is None and is_wildcard(args.host):
        shown = f"http://{socket.gethostname()}:{args.port}"
    elif public_url is None and ":" in args.host:
        shown = f"http://[{args.host}]:{args.port}"
    else:
        shown = None
    server = SessionServer(
        session_command(path),
        Keys.create(args.token),
        host=args.host,
        port=args.port,
        title=f"outcomes session: {path.name}",
        public_url=public_url,
        max_connections=args.max_connections,
    )
    if shown:
        server.public_url = shown
    try:  # say it before printing links nobody can use
        socket.create_server((args.host, args.port)).close()
    except OSError as error:
        return _bad(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}")
    print(f"Serving the session on {path} (Ctrl+C to stop)")
    print(f"  participants:  {server.url_for('participant')}")
    print(f"  facilitator:   {server.url_for('facilitator')}   (keep this one to yourself)")
    print(f"  viewers:       {server.url_for('viewer')}")
    print("  Add &name=Ana to a link and whoever opens it joins as Ana (else they are asked).")
    if not public_url and not is_loopback(args.host):
        print(
            "  Listening beyond this machine over plain http: anyone on the network path "
            "can read the links. Prefer an SSH tunnel or a TLS proxy with --public-url.",
        )
    sys.stdout.flush()
    try:
        server.serve()
    except OSError as error:
        return _bad(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}")
    return EXIT_OK
