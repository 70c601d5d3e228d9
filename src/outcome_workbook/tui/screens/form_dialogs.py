"""Small modal dialogs: confirm, choose one of several answers, and fill in a short form.

The form dialog takes a `submit` callback that applies the edit and returns an
error message (or None); on an error the dialog stays open with the message,
so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from ...safety import inert
from ..widgets.choice import Choice

# Rows a dialog needs around its scrolling body: border, padding, title, error line,
# buttons and the key hint. The body gets what is left, so the buttons always show.
_DIALOG_CHROME = 13


class Dialog(ModalScreen[Any]):
    """Shared look and keys for every dialog: escape cancels, arrows move between buttons."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > #dialog {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    Dialog #dialog-title { text-style: bold; margin-bottom: 1; }
    Dialog #dialog-body { height: auto; max-height: 20; margin-bottom: 1; }
    Dialog #dialog-error { color: $error; height: auto; }
    Dialog #dialog-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    Dialog #dialog-buttons Button { margin-left: 1; }
    Dialog #dialog-keys { color: $text-muted; height: 1; text-align: right; }
    Dialog .form-label { color: $text-muted; }
    Dialog TextArea { height: 5; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("left", "button(-1)", "Previous button", show=False, id="dialog.left"),
        Binding("right", "button(1)", "Next button", show=False, id="dialog.right"),
    ]

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Let the body scroll rather than push the buttons off a small screen."""
        for body in self.query("#dialog-body"):
            body.styles.max_height = max(3, min(20, self.app.size.height - _DIALOG_CHROME))

    def action_button(self, step: int) -> None:
        """Left and right move between the buttons (fields keep their own arrow keys)."""
        buttons = [b for b in self.query(Button) if not b.disabled]
        focused = self.focused
        if not buttons or not isinstance(focused, Button) or focused not in buttons:
            return
        buttons[(buttons.index(focused) + step) % len(buttons)].focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    """Yes or no, with the consequences spelled out in the body."""

    def __init__(self, title: str, body: Text | str, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.title_text = title
        self.body = body if isinstance(body, Text) else Text(body)
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text), id="dialog-title")
            with VerticalScroll(id="dialog-body"):
                yield Static(self.body)
            with Horizontal(id="dialog-buttons"):
                yield Button(self.no, id="no")
                yield Button(self.yes, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_cancel(self) -> None:
        self.dismiss(False)


class ChoiceDialog(Dialog):
    """Pick one of a few answers; returns its key (or None on escape).

    The answers are numbered: a digit picks one in a single key, as in a menu.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"pick({n})", f"Answer {n}", show=False, id=f"dialog.pick{n}")
        for n in range(1, 10)
    ]

    def __init__(
        self,
        title: str,
        body: Text | str,
        choices: Sequence[tuple[str, str]],
        disabled: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.title_text = title
        self.body = body if isinstance(body, Text) else Text(body)
        self.choices = list(choices)
        self.disabled_choices = set(disabled)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text), id="dialog-title")
            with VerticalScroll(id="dialog-body"):
                yield Static(self.body)
            with Horizontal(id="dialog-buttons"):
                for number, (key, label) in enumerate(self.choices, 1):
                    shown = label if key == "cancel" or number > 9 else f"{number} {label}"
                    yield Button(
                        Text(shown), id=f"choice-{key}", disabled=key in self.disabled_choices
                    )

    def action_pick(self, number: int) -> None:
        if number <= len(self.choices):
            key = self.choices[number - 1][0]
            if key != "cancel" and key not in self.disabled_choices:
                self.dismiss(key)

    def on_mount(self) -> None:
        for button in self.query(Button):
            if not button.disabled:
                button.focus()
                break

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("choice-"))


class FormText(TextArea):
    """A text box of a form: entering it selects what it holds, as a one-line field does,
    so typing replaces a proposed text and an arrow key keeps it to edit."""

    def on_focus(self) -> None:
        if self.text:
            self.select_all()


@dataclass
class FormField:
    """One input of a form dialog."""

    name: str
    label: str
    kind: str = "input"  # input, text or select
    value: str = ""
    options: Sequence[tuple[Text | str, str]] = field(default_factory=list)
    placeholder: str = ""
    allow_blank: bool = False


class FormDialog(Dialog):
    """A few fields and OK; `submit(values)` applies them and returns an error or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding(
            "ctrl+enter,ctrl+j",
            "submit",
            "OK",
            id="dialog.submit",
            tooltip="Apply the form (Enter does it from a one-line field)",
        ),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        submit: Callable[[dict[str, str]], str | None],
        intro: Text | str = "",
        ok: str = "OK",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.submit = submit
        self.intro = intro if isinstance(intro, Text) else Text(intro)
        self.ok = ok

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text), id="dialog-title")
            with VerticalScroll(id="dialog-body"):
                if self.intro.plain:
                    yield Static(self.intro)
                for spec in self.fields:
                    yield Label(Text(spec.label), classes="form-label")
                    yield self._editor(spec)
            yield Static("", id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                yield Button(self.ok, id="ok", variant="primary")
                yield Button("Cancel", id="cancel")
            keys = "Enter: " + self.ok + "  ·  ctrl+j: " + self.ok + " from a text box  ·  "
            yield Static(Text(keys + "Esc: cancel"), id="dialog-keys")

    def _editor(self, spec: FormField) -> Widget:
        widget_id = f"form-{spec.name}"
        if spec.kind == "text":
            return FormText(spec.value, id=widget_id, soft_wrap=True)
        if spec.kind == "select":
            options = [(o if isinstance(o, Text) else Text(o), v) for o, v in spec.options]
            values = [v for _, v in options]
            value: Any = spec.value if spec.value in values else Select.NULL
            if value is Select.NULL and not spec.allow_blank and values:
                value = values[0]
            return Choice(options, value=value, allow_blank=spec.allow_blank, id=widget_id)
        return Input(spec.value, placeholder=spec.placeholder, id=widget_id)

    def on_mount(self) -> None:
        # Typing right after opening the form fills its first field (not the scroll area).
        if self.fields:
            self.query_one(f"#form-{self.fields[0].name}").focus()
        self._initial = self.values()

    def on_key(self, event: events.Key) -> None:
        """Text typed while the dialog was still opening goes into its first field, in order.

        A fast typist presses `a` and goes straight on with the title; until the first
        field has focus, those letters reach the dialog itself and would be lost.
        """
        if not (event.is_printable and event.character) or not self.fields:
            return
        # A text field never lets a letter it types reach the dialog: if one did, it was
        # sent here before the field had focus.
        field = self.focused
        if field is None or isinstance(field, VerticalScroll):
            field = self.query_one(f"#form-{self.fields[0].name}")
            field.focus()
        if isinstance(field, Input):
            field.insert_text_at_cursor(event.character)
            event.stop()
        elif isinstance(field, TextArea):
            field.insert(event.character)
            event.stop()

    def values(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for spec in self.fields:
            widget = self.query_one(f"#form-{spec.name}")
            if isinstance(widget, TextArea):
                found[spec.name] = widget.text
            elif isinstance(widget, Select):
                found[spec.name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input):
                found[spec.name] = widget.value
        return found

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#ok")
    def action_submit(self) -> None:
        error = self.submit(self.values())
        if error:
            self.query_one("#dialog-error", Static).update(Text(inert(error)))
        else:
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close; when something was typed, ask first: a filled form is never lost unasked."""
        if self.values() == getattr(self, "_initial", None):
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Discard what you typed?",
                "The form has text that is not saved anywhere yet.",
                yes="Discard",
                no="Keep editing",
            ),
            answered,
        )
