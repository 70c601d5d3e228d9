"""What differs between the workbench's version and the file on disk, in the domain's words.

The same semantic diff and layout as `outcomes diff` ("target raised from 30
to 40 %"), read as: what reloading would change. Only when the file on disk
is not a readable workbook (a merge left conflict markers, say) are its raw
lines compared instead, with the reason.
"""

from __future__ import annotations

import difflib
from typing import ClassVar

from rich.style import Style
from rich.text import Span, Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ...diff.render import diff_lines
from ...diff.semantic import diff_workbooks
from ...diff_styling import line_text
from ...model.errors import WorkbookError
from ...model.workbook import Workbook
from ...safety import inert, one_line
from ...store import WorkbookFile
from ...store.versions import load, version_of

HEADING = "your version → on disk"


def disk_difference(
    file: WorkbookFile, mine: Workbook, disk: bytes, color: bool = True
) -> list[Text]:
    """The lines to show: the semantic diff, or the raw line diff when `disk` cannot be read."""
    try:
        # Read like the version the workbench loaded: only the tables that differ are parsed.
        theirs = load(disk, str(file.path), version_of(file.loaded), allow_newer=True).workbook
    except WorkbookError as error:
        return _raw_difference(file, mine, disk, error, color)
    diff = diff_workbooks(mine, theirs)
    intro = Text(
        "What the file on disk holds compared with your version: reloading takes these "
        "changes (and drops unsaved ones); keeping yours replaces them at the next save.",
        style="dim",
    )
    lines = [intro, Text("")]
    shown = [line_text(line) for line in diff_lines(diff, HEADING)]
    lines += shown if color else [_without_color(text) for text in shown]
    if diff.identical:
        lines.append(Text("Both hold the same workbook: only layout or comments differ on disk."))
    return lines


def _without_color(text: Text) -> Text:
    """Weight and emphasis only (NO_COLOR): a red "was" value turned grey is too dark to read."""

    def strip(style: str | Style) -> Style:
        return (Style.parse(style) if isinstance(style, str) else style).without_color

    plain = text.copy()
    plain.style = strip(text.style)
    plain.spans = [Span(span.start, span.end, strip(span.style)) for span in text.spans]
    return plain


def _raw_difference(
    file: WorkbookFile, mine: Workbook, disk: bytes, error: WorkbookError, color: bool
) -> list[Text]:
    reason = error.problems[0].message if error.problems else error.message
    lines = [
        Text(
            f"The file on disk is not a readable workbook ({one_line(reason)}), "
            "so its lines are compared with yours instead.",
            style="bold",
        ),
        Text(""),
    ]
    yours = file.render(mine).decode("utf-8", "replace")
    theirs = disk.decode("utf-8", "replace")
    raw = difflib.unified_diff(
        yours.splitlines(keepends=True),
        theirs.splitlines(keepends=True),
        fromfile="yours (in the workbench)",
        tofile="on disk",
    )
    for line in "".join(raw).splitlines():
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else ""
        style = style if color else ""
        lines.append(Text(inert(line), style=style))
    return lines


class DiffScreen(Screen[None]):
    """The difference, scrollable; escape goes back to the question."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "Back", id="diff.back")]

    def __init__(self, lines: list[Text]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="diff-scroll"):
            yield Static(Text("\n").join(self.lines), id="diff")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "changed on disk"
        self.query_one("#diff-scroll").focus()
