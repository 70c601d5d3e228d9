"""The graph drawing as rich Text, shared by the CLI and the TUI.

The drawing (graph/drawing.py) names its styles ("tag.metric", "error") and maps
them in `STYLES`; this builds `Text` from a drawn line, never parsing markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text

from .graph.drawing import STYLES

if TYPE_CHECKING:
    from .graph.drawing import DrawnLine


def styled_line(line: DrawnLine) -> Text:
    """One drawn line as rich Text (the line's text is already inert)."""
    text = Text(line.text, no_wrap=True)
    for span in line.spans:
        style = STYLES.get(span.style, "")
        if style:
            text.stylize(style, span.start, span.end)
    return text


def styled_drawing(lines: Iterable[DrawnLine]) -> Text:
    """A whole drawing as one Text, one line per drawn line."""
    return Text("\n").join(styled_line(line) for line in lines)
