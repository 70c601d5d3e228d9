"""Colours for the graph drawing's style names, shared by the CLI and the TUI.

The drawing (graph/text.py) names styles ("tag.metric", "error"); this maps
them to rich styles and builds `Text` from a drawn line, never parsing markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from .graph.text import Line

GRAPH_STYLES: dict[str, str] = {
    "guide": "bright_black",
    "tag.north_star": "bold magenta",
    "tag.business_outcome": "bold blue",
    "tag.product_outcome": "bold cyan",
    "tag.metric": "bold green",
    "tag.guardrail": "bold yellow",
    "tag.opportunity": "bold red",
    "tag.solution": "bold bright_magenta",
    "tag.experiment": "bold white",
    "tag.metric_version": "bright_black",
    "title.north_star": "bold",
    "title.business_outcome": "bold",
    "focus": "bold reverse",
    "id": "bright_black",
    "detail": "",
    "dim": "bright_black",
    "also": "italic",
    "ref": "bright_black italic",
    "error": "bold red",
    "heading": "bold underline",
}


def styled_line(line: Line) -> Text:
    """One drawn line as rich Text (the line's text is already inert)."""
    text = Text(line.text, no_wrap=True)
    for span in line.spans:
        style = GRAPH_STYLES.get(span.style, "")
        if style:
            text.stylize(style, span.start, span.end)
    return text


def styled_drawing(lines: Iterable[Line]) -> Text:
    """A whole drawing as one Text, one line per drawn line."""
    return Text("\n").join(styled_line(line) for line in lines)
