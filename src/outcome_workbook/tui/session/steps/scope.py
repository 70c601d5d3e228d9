"""The scope step of the guided session."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from ....model import operations as op
from ...widgets.entity_labels import line
from .step_panel import StepPanel


class ScopeStep(StepPanel):
    STEP = "scope"
    PER_OUTCOME = True
    QUESTION = "How wide should this outcome reach?"
    HINT = "Write the wider and narrower versions side by side, choose one, and say why."

    def compose(self) -> ComposeResult:
        yield Static(id="scope-current")
        with Horizontal(id="scope-options"):
            for key, label in (("wide", "Wider"), ("mid", "As proposed"), ("narrow", "Narrower")):
                with Vertical(classes="scope-column"):
                    yield Label(label, classes="field-label")
                    yield Input(placeholder=f"{label} scope", id=f"scope-{key}")
                    yield Button(f"Choose {label.lower()}", id=f"choose-{key}")
        yield Input(placeholder="Why this scope? (required)", id="scope-why")

    def on_mount(self) -> None:
        outcome = self.outcome
        if outcome is not None:
            self.query_one("#scope-mid", Input).value = outcome.scope or outcome.title
            self.query_one("#scope-why", Input).value = outcome.scope_why
        self.refresh_state()
        self.query_one("#scope-wide").focus()

    def refresh_state(self) -> None:
        outcome = self.outcome
        current = self.query_one("#scope-current", Static)
        if outcome is None or not outcome.scope:
            current.update(Text("No scope chosen yet.", "italic"))
        else:
            current.update(
                Text.assemble(
                    "Chosen scope: ",
                    line(outcome.scope, "bold"),
                    "  why: ",
                    line(outcome.scope_why or "-"),
                )
            )

    @on(Button.Pressed, "#choose-wide, #choose-mid, #choose-narrow")
    def choose(self, event: Button.Pressed) -> None:
        outcome = self.outcome
        if outcome is None:
            return
        key = (event.button.id or "").removeprefix("choose-")
        chosen = self.value(f"scope-{key}").strip()
        why = self.value("scope-why").strip()
        if not chosen:
            self.notify("Write that scope option first", severity="warning")
            return
        if not why:
            self.notify("Say why this scope was chosen", severity="warning")
            self.query_one("#scope-why").focus()
            return
        considered = [
            (name, self.value(f"scope-{k}").strip())
            for k, name in (("wide", "wider"), ("mid", "as proposed"), ("narrow", "narrower"))
        ]
        when = self.host.today()
        self.apply(
            lambda wb: op.choose_scope(wb, outcome.id, chosen, why, considered, when),
            "Scope recorded",
        )
        self.refresh_state()
