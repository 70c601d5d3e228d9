"""Printing diff and history lines: colour on a terminal, plain text through a pipe.

User text goes into rich `Text` objects (never markup) after being made inert.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from ..diff.render import MARKERS, Line, lines_to_text
from ..safety import one_line
from .common import use_color

if TYPE_CHECKING:
    from rich.text import Text

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


def line_text(line: Line, color: bool = True) -> Text:
    """One line as styled rich Text (the terminal and the workbench show the same).

    Without colour (NO_COLOR in the workbench) only weight and emphasis are
    kept: a red "was" value turned grey would be too dark to read.
    """
    from rich.style import Style
    from rich.text import Text

    def style(name: str) -> Style:
        parsed = Style.parse(name)
        return parsed if color else parsed.without_color

    text = Text("    " * line.depth, style=style(_LINE_STYLES.get(line.style, "")))
    marker = MARKERS.get(line.style)
    if marker:
        text.append(f"{marker} ")
    for segment in line.segments:
        if segment.is_data:
            text.append(one_line(segment.text), style=style(_ROLE_STYLES.get(segment.role, "")))
        else:
            text.append(segment.text)
    return text


def print_lines(lines: list[Line], stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    if not use_color(out):
        out.write(lines_to_text(lines))
        return
    from rich.console import Console

    console = Console(file=out, highlight=False, soft_wrap=True)
    for line in lines:
        console.print(line_text(line))
