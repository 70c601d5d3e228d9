"""The `outcomes` command.

Each subcommand lives in its own module under `commands/` and is imported only
when it runs, so `outcomes check` never pays for textual or networkx.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import __version__
from .exit_codes import EXIT_INTERRUPTED, EXIT_OK

# name -> (module, one-line help). The module has `configure(parser)` and `run(args) -> int`.
COMMANDS: dict[str, tuple[str, str]] = {
    "new": ("new", "create a new workbook file"),
    "import": ("import_okrs", "make a draft workbook from a CSV or Markdown list of OKRs"),
    "validate": ("validate", "check that workbook files are well formed"),
    "fmt": ("fmt", "rewrite workbooks into the canonical layout, keeping comments"),
    "record": ("record", "record measured values of a metric (one, or a CSV import)"),
    "schema": ("schema", "print the JSON Schema of the workbook format"),
    "check": ("check", "run the coaching checks: outputs in disguise, vanity metrics, gaps"),
    "graph": ("graph", "draw how the work ladders up, or export it (mermaid, dot, json)"),
    "report": ("report", "write the Markdown one-pager to paste into a wiki"),
    "diff": ("diff", "show what changed between two workbooks (files or REV:PATH)"),
    "log": ("log", "show the commits that changed a workbook, with what each changed"),
    "merge-driver": ("merge_driver", "git merge driver: merge workbooks by entity and field"),
    "git": ("git", "set up git to diff and merge workbooks by entity"),
    "open": ("open", "open a workbook in the workbench"),
    "session": ("session", "run a guided session from business outcome to agreed outcome"),
    "serve": ("serve", "serve the guided session to browsers, for remote participants"),
}

# Commands that keep running (an app): every other command runs once and exits.
LONG_RUNNING = frozenset({"open", "session", "serve"})


@functools.cache
def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser (built once per process: parsing never changes it, and an
    in-process caller such as the test suite runs `main` thousands of times)."""
    parser = argparse.ArgumentParser(
        prog="outcomes",
        description="A terminal workbook for outcome negotiation. "
        "'outcomes FILE' opens a workbook in the workbench.",
    )
    parser.add_argument("--version", action="version", version=f"outcomes {__version__}")
    # Required: `main` always names a command (`open` when none is given), so a parse
    # without one is an error, not a case to handle.
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, summary) in COMMANDS.items():
        command = sub.add_parser(name, help=summary, description=summary)
        if only is None or only == name:
            module = importlib.import_module(f"outcome_workbook.commands.{module_name}")
            module.configure(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # `outcomes` alone and `outcomes FILE` open the workbench.
    args_list = list(sys.argv[1:] if argv is None else argv) or ["open"]
    first = next((a for a in args_list if not a.startswith("-")), None)
    if first is not None and first not in COMMANDS:
        args_list = ["open", *args_list]
        first = "open"
    parser = build_parser(first)
    args = parser.parse_args(args_list)
    module = importlib.import_module(f"outcome_workbook.commands.{COMMANDS[args.command][0]}")
    if argv is None and args.command not in LONG_RUNNING:
        # This process runs one command and exits (`outcomes check big.toml`), and what it
        # builds (a model of a million objects) lives until then: the cyclic garbage
        # collector would only walk it again and again (a tenth to a fifth of `check`).
        # Reference counting still frees everything else. An in-process caller (the
        # tests) passes argv and keeps its collector.
        gc.disable()
    try:
        result: int = module.run(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    if argv is None and args.command not in LONG_RUNNING:
        _exit_at_once(result)
    return result


def _exit_at_once(code: int) -> NoReturn:
    """End a one-shot command without tearing its objects down one by one: freeing a large
    workbook's model and graph at exit took a fifth of `outcomes graph` at N=1,000, for
    memory the system takes back anyway. What was printed is flushed first; every file
    was written and closed (atomically) and every child process waited for by then."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`outcomes check big.toml | head`)
        code = EXIT_OK
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
