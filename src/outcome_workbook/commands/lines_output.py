"""Printing diff and history lines: colour on a terminal, plain text through a pipe.

User text goes into rich `Text` objects (never markup) after being made inert.
"""

from __future__ import annotations

import sys
from typing import TextIO

from ..diff.render import DiffLine, lines_to_text
from .common import use_color


def print_lines(lines: list[DiffLine], stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    if not use_color(out):
        out.write(lines_to_text(lines))
        return
    from rich.console import Console

    from ..diff_styling import line_text

    console = Console(file=out, highlight=False, soft_wrap=True)
    for line in lines:
        console.print(line_text(line))
