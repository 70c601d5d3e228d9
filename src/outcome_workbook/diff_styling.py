"""Diff and history lines as rich Text, shared by the CLI (`diff`, `log`) and the TUI.

The layout comes from `diff.render.diff_lines`; this only adds colour. User text
is made inert and appended as plain text, never parsed as markup.
"""

from __future__ import annotations

from rich.text import Text

from .diff.phrases import Phrase
from .diff.render import MARKERS, DiffLine
from .safety import one_line

LINE_STYLES = {
    "summary": "bold",
    "commit": "bold yellow",
    "added": "bold green",
    "removed": "bold red",
    "renamed": "bold magenta",
    "changed": "bold",
    "workbook": "bold",
    "detail": "dim",
}
ROLE_STYLES = {"old": "red", "new": "green", "id": "cyan", "user": ""}


def phrase_text(segments: Phrase, style: str = "") -> Text:
    """A sentence as Text: the product's words as they are, data inert and on one line."""
    text = Text(style=style)
    for segment in segments:
        if segment.is_data:
            text.append(one_line(segment.text), style=ROLE_STYLES.get(segment.role, ""))
        else:
            text.append(segment.text)
    return text


def line_text(line: DiffLine, indent: str = "    ") -> Text:
    """One line: indented by depth, entity lines marked + - ~ * as in the plain form."""
    text = Text(indent * line.depth, style=LINE_STYLES.get(line.style, ""))
    marker = MARKERS.get(line.style)
    if marker:
        text.append(f"{marker} ")
    return text.append_text(phrase_text(line.segments))
