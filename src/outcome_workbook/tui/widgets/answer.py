"""An answer that can run to several lines: Enter starts a new line, ctrl+j submits it.

The guided session's long answers (a negotiation point, a metric's definition, why a
scope) used to be one-line fields that scrolled sideways on a projector. This box
wraps its text and grows to a few lines; the keys are the dialogs' (docs/keys.md): in
a text box Enter is a new line and ctrl+j submits, so typing a paragraph never
submits half of it. It has an Input's `value`, so a step reads, fills and clears it
as it does a one-line field, and its drafts are kept the same way.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea

SUBMIT_KEYS = "ctrl+j,ctrl+enter"


class LongAnswer(TextArea):
    """A wrapped, growing text box whose ctrl+j posts `LongAnswer.Submitted`."""

    DEFAULT_CSS = """
    LongAnswer { height: auto; max-height: 6; }
    LongAnswer.-textual-compact { min-height: 1; max-height: 3; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            SUBMIT_KEYS,
            "submit",
            "Add",
            id="answer.submit",
            tooltip="Submit this answer (Enter starts a new line)",
        ),
    ]

    class Submitted(Message):
        """The answer was submitted; `input` and `value` as an Input's Submitted has them."""

        def __init__(self, answer: LongAnswer, value: str) -> None:
            super().__init__()
            self.input = answer
            self.value = value

        @property
        def control(self) -> LongAnswer:
            return self.input

    def __init__(self, placeholder: str = "", *, id: str | None = None) -> None:
        super().__init__(
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder=f"{placeholder} (ctrl+j adds)",
            id=id,
        )

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        if text != self.text:
            self.load_text(text)
            self.move_cursor(self.document.end)

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self, self.text))
