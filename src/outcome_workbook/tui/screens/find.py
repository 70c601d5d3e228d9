"""`/`: find an entity by its title or id and jump to it in the outline, however deep.

The matches are listed as you type (titles and ids, any kind); Enter, or picking
one, opens the outline down to it. Titles are shown inert: user text is data.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ...model.entities import KIND_LABELS
from ...model.workbook import Workbook
from ...safety import inert

MAX_SHOWN = 50


def matches(wb: Workbook, query: str, limit: int = 0) -> list[tuple[str, str, str]]:
    """(kind, id, title) of the entities whose title or id holds every word of `query`
    (at most `limit`, by default as many as the find list shows)."""
    limit = limit or MAX_SHOWN
    words = query.casefold().split()
    found: list[tuple[str, str, str]] = []
    for kind in KIND_LABELS:
        for entity_id, entity in wb.section(kind).items():
            haystack = f"{entity.title} {entity_id}".casefold()
            if all(word in haystack for word in words):
                found.append((kind, entity_id, entity.title))
                if len(found) >= limit:
                    return found
    return found


class FindScreen(ModalScreen[str | None]):
    """Type to narrow; Enter jumps to the highlighted (or first) match; escape closes."""

    DEFAULT_CSS = """
    FindScreen { align: center top; }
    FindScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 80%; margin-top: 2;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FindScreen OptionList { height: auto; max-height: 16; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="find.close"),
        Binding("down", "move(1)", "Next match", show=False, id="find.down"),
        Binding("up", "move(-1)", "Previous match", show=False, id="find.up"),
    ]

    def __init__(self, workbook: Workbook) -> None:
        super().__init__()
        self.workbook = workbook
        self._ids: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Find an entry by title or id (Enter jumps, escape closes)"))
            yield Input(placeholder="words of the title or id", id="find-query")
            yield OptionList(id="find-matches")

    def on_mount(self) -> None:
        self.query_one("#find-query", Input).focus()
        self._show("")

    @on(Input.Changed, "#find-query")
    def _typed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, query: str) -> None:
        listing = self.query_one("#find-matches", OptionList)
        found = matches(self.workbook, query)
        self._ids = [entity_id for _, entity_id, _ in found]
        options = []
        for kind, entity_id, title in found:
            label = Text(f"{KIND_LABELS[kind]}  ", style="dim")
            label.append(inert(title, keep_newlines=False))
            label.append(f"  {entity_id}", style="dim")
            options.append(Option(label))
        listing.set_options(options or [Option(Text("no match", style="italic"), disabled=True)])
        if self._ids:
            listing.highlighted = 0

    def action_move(self, step: int) -> None:
        listing = self.query_one("#find-matches", OptionList)
        if self._ids:
            current = listing.highlighted or 0
            listing.highlighted = max(0, min(len(self._ids) - 1, current + step))

    @on(Input.Submitted, "#find-query")
    def _enter(self) -> None:
        highlighted = self.query_one("#find-matches", OptionList).highlighted
        if self._ids:
            self.dismiss(self._ids[highlighted or 0])

    @on(OptionList.OptionSelected, "#find-matches")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self._ids):
            self.dismiss(self._ids[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
