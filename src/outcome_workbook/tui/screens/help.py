"""`?` and F1: the keys that work where you are, with what each does.

The list is read from the bindings active on the screen underneath (the focused
widget's, the screen's and the app's), so it can never disagree with the keys.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

# Keys every text field has, which no binding lists.
FIELD_KEYS = (
    ("tab / shift+tab", "next / previous field or button"),
    ("escape", "leave the form or dialog (what you typed is applied or you are asked)"),
)


def _rows(screen: Screen[object]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(this product's actions, the widgets' own movement keys), each action once."""
    ours: list[tuple[str, str]] = []
    moving: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or binding.system or not binding.description:
            continue
        text = binding.description + (f": {binding.tooltip}" if binding.tooltip else "")
        if (binding.action, text) in seen:
            continue  # one action bound to several keys: listed once, under its first key
        seen.add((binding.action, text))
        row = (screen.app.get_key_display(binding) or key, text)
        (ours if binding.id else moving).append(row)
    return ours, moving + list(FIELD_KEYS)


def key_table(ours: list[tuple[str, str]], moving: list[tuple[str, str]]) -> Table:
    table = Table(box=None, show_header=False, expand=True, padding=(0, 2))
    table.add_column("Key", no_wrap=True)
    table.add_column("What it does", ratio=1)
    for heading, rows in (("Here", ours), ("Moving around", moving)):
        if not rows:
            continue
        table.add_row(Text(heading, style="bold underline"), Text(""))
        for key, text in rows:
            table.add_row(Text(key, style="bold"), Text(text))
        table.add_row(Text(""), Text(""))
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; margin-bottom: 1; }
    HelpScreen VerticalScroll { height: auto; max-height: 100%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close")
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under
        self.ours, self.moving = _rows(under)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Keys (escape or ? closes this)"), id="help-title")
            with VerticalScroll():
                yield Static(key_table(self.ours, self.moving))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
