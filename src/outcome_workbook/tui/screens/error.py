"""The screen shown when a workbook cannot be read: every located problem, nothing written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...exit_codes import EXIT_BAD_INPUT
from ...model.errors import Problem
from ...safety import inert


class ErrorScreen(Screen[None]):
    """Lists the problems (file:line: message) so they can be fixed in an editor."""

    DEFAULT_CSS = """
    ErrorScreen { align: center middle; }
    ErrorScreen > VerticalScroll {
        width: 90%; height: auto; max-height: 90%; border: thick $error; padding: 1 2;
    }
    ErrorScreen #error-title { text-style: bold; color: $error; margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "leave", "Quit", id="error.quit")]

    def __init__(self, heading: str, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.heading = heading
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(inert(self.heading)), id="error-title")
            lines = Text()
            for problem in self.problems:
                lines.append(inert(problem.format(), keep_newlines=False) + "\n")
            lines.append("\nNothing was written. Fix the file and open it again.", style="dim")
            yield Static(lines, id="error-problems")
        yield Footer()

    def action_leave(self) -> None:
        self.app.exit(return_code=EXIT_BAD_INPUT)
