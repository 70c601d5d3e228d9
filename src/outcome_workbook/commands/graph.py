"""`outcomes graph FILE`: how the work ladders up, drawn for a terminal or exported for reviews."""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import Any

from ..exit_codes import EXIT_BAD_INPUT, EXIT_OK
from .common import load_for_reading
from .output import error_findings, error_ids, write_output

FORMATS = ("text", "mermaid", "dot", "json")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the workbook to draw")
    parser.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    parser.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of stdout")
    parser.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    parser.add_argument("--focus", metavar="ID", help="only the entities around this one")
    parser.add_argument(
        "--depth", type=int, metavar="N", help="with --focus: how many steps up and down"
    )
    parser.add_argument("--history", action="store_true", help="include earlier metric versions")
    parser.add_argument("--ascii", action="store_true", help="draw with ASCII characters only")
    parser.add_argument(
        "--width", type=int, metavar="N", help="fold lines to N columns (default: terminal)"
    )


def _width(requested: int | None, to_terminal: bool) -> int:
    if requested is not None:
        return max(requested, 20)
    if to_terminal:
        return max(shutil.get_terminal_size((80, 24)).columns, 20)
    return 80


def run(args: argparse.Namespace) -> int:
    if args.depth is not None and args.depth < 0:
        print("outcomes graph: --depth must be 0 or more", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.depth is not None and args.focus is None:
        print("outcomes graph: --depth needs --focus ID", file=sys.stderr)
        return EXIT_BAD_INPUT
    loaded = load_for_reading(args.file)
    if loaded is None:
        return EXIT_BAD_INPUT
    if args.format == "text" and args.focus is None and not args.history:
        # The whole drawing is drawn from the workbook: no networkx graph to build.
        return _text(args, loaded.workbook, error_ids(loaded, error_findings(loaded, args.file)))
    from ..graph.build import build_graph
    from ..graph.queries import neighbourhood

    graph = build_graph(loaded.workbook, history=args.history)
    if args.focus is not None and args.focus not in graph:
        print(f"outcomes graph: no entity with id {args.focus!r}", file=sys.stderr)
        return EXIT_BAD_INPUT
    errors = error_ids(loaded, error_findings(loaded, args.file))
    if args.format == "text":
        return _text(args, graph, errors)
    view = neighbourhood(graph, args.focus, args.depth) if args.focus else graph
    if args.format == "mermaid":
        from ..graph.mermaid import to_mermaid

        content = to_mermaid(view, errors=errors)
    elif args.format == "dot":
        from ..graph.dot import to_dot

        content = to_dot(view, errors=errors)
    else:
        from ..graph.json_export import to_json

        content = to_json(view)
    return write_output(content, args.output, args.force, "outcomes graph", args.file)


def _text(args: argparse.Namespace, graph: Any, errors: frozenset[str]) -> int:
    """Draw `graph` (a networkx graph, or the workbook itself for the whole drawing)."""
    from ..graph.drawing import draw, draw_focus, draw_workbook, plain
    from ..model.workbook import Workbook
    from .common import use_color

    to_terminal = args.output is None and sys.stdout.isatty()
    width = _width(args.width, to_terminal)
    styled = args.output is None and use_color(sys.stdout)
    if args.focus:
        lines = draw_focus(
            graph,
            args.focus,
            args.depth,
            width=width,
            ascii_only=args.ascii,
            errors=errors,
            styled=styled,
        )
    else:
        whole = draw_workbook if isinstance(graph, Workbook) else draw
        lines = whole(graph, width=width, ascii_only=args.ascii, errors=errors, styled=styled)
    if args.output is not None:
        return write_output(plain(lines), args.output, args.force, "outcomes graph", args.file)
    if not styled:
        sys.stdout.write(plain(lines))
        return EXIT_OK
    from rich.console import Console

    from ..styling import styled_line

    console = Console(highlight=False, soft_wrap=True)
    for line in lines:
        console.print(styled_line(line))
    return EXIT_OK
