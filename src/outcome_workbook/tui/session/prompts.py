"""Small modal prompts: one question, one answer, Escape to cancel."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ..widgets.entity_labels import plain


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; dismisses with the text, or None when cancelled."""

    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > Vertical {
        width: 80%; max-width: 90; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    TextPrompt .prompt-title { text-style: bold; margin-bottom: 1; }
    TextPrompt .prompt-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel")
    ]

    def __init__(
        self, title: str, value: str = "", placeholder: str = "", required: bool = True
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.initial = value
        self.placeholder = placeholder
        self.required = required

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(self.prompt_title), classes="prompt-title")
            yield Input(self.initial, placeholder=self.placeholder, id="prompt-input")
            yield Label("Enter to confirm, Escape to cancel", classes="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if self.required and not value:
            self.notify("Type something first, or press Escape", severity="warning")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
