"""Printing diff and history lines: colour on a terminal, plain text through a pipe.

User text goes into rich `Text` objects (never markup) after being made inert.
"""

from __future__ import annotations

import sys
from typing import TextIO

from ..diff.render import MARKERS, Line, lines_to_text
from ..safety import one_line
from .common import use_color

_LINE_STYLES = {
    "summary": "bold",
    "commit": "bold yellow",
    "added": "bold green",
    "removed": "bold red",
    "renamed": "bold magenta",
    "changed": "bold",
    "workbook": "bold",
    "detail": "dim",
}
_ROLE_STYLES = {"old": "red", "new": "green", "id": "cyan", "user": ""}


def print_lines(lines: list[Line], stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    if not use_color(out):
        out.write(lines_to_text(lines))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=True)
    for line in lines:
        text = Text("    " * line.depth, style=_LINE_STYLES.get(line.style, ""))
        marker = MARKERS.get(line.style)
        if marker:
            text.append(f"{marker} ")
        for segment in line.segments:
            if segment.is_data:
                text.append(one_line(segment.text), style=_ROLE_STYLES.get(segment.role, ""))
            else:
                text.append(segment.text)
        console.print(text)
