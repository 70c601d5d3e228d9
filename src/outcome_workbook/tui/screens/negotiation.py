"""The negotiation of one product outcome: leadership and team side by side, and sign-offs."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static

from ...model import operations
from ...model.entities import ProductOutcome
from ...safety import inert
from .. import editing
from .base import PartScreen
from .dialogs import ConfirmDialog


def column(outcome: ProductOutcome, side: str) -> Text:
    text = Text("Leadership" if side == "leadership" else "Team", style="bold underline")
    text.append(
        "\ncompany context, strategy, constraints"
        if side == "leadership"
        else "\ncustomer insight, technical reality",
        style="dim",
    )
    entries = [e for e in outcome.negotiation if e.side == side]
    if not entries:
        text.append("\n\nnothing yet", style="italic dim")
    for entry in entries:
        text.append(f"\n\n{entry.kind}", style="bold")
        if entry.date:
            text.append(f"  {entry.date.isoformat()}", style="dim")
        if entry.author:
            text.append(f"  {inert(entry.author)}", style="dim")
        text.append("\n")
        text.append(inert(entry.text))
    name = getattr(outcome.signoff, side)
    when = getattr(outcome.signoff, f"{side}_date")
    text.append("\n\nsign-off: ", style="dim")
    if name:
        text.append(f"✔ {inert(name)}", style="bold green")
        if when:
            text.append(f" on {when.isoformat()}", style="dim")
    else:
        text.append("not yet", style="italic")
    return text


class NegotiationScreen(PartScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("L", "entry('leadership')", "Leadership says", id="negotiation.leadership"),
        Binding("T", "entry('team')", "Team says", id="negotiation.team"),
        Binding("s", "sign('leadership')", "Leadership signs", id="negotiation.sign_leadership"),
        Binding("S", "sign('team')", "Team signs", id="negotiation.sign_team"),
        Binding("w", "withdraw", "Withdraw sign-offs", show=False, id="negotiation.withdraw"),
    ]

    def __init__(self, outcome_id: str) -> None:
        super().__init__()
        self.outcome_id = outcome_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="negotiation-heading")
        with Horizontal(id="negotiation-columns"):
            with VerticalScroll(id="leadership-column"):
                yield Static("", id="leadership")
            with VerticalScroll(id="team-column"):
                yield Static("", id="team")
        yield Footer()

    def refresh_view(self) -> None:
        outcome = self.host.workbook.product_outcomes.get(self.outcome_id)
        heading = self.query_one("#negotiation-heading", Static)
        if outcome is None:
            heading.update(Text(f"{self.outcome_id} is no longer in the workbook."))
            return
        self.sub_title = f"negotiation: {outcome.id}"
        title = Text(inert(outcome.title), style="bold")
        title.append(f"  status: {outcome.status}", style="dim")
        heading.update(title)
        self.query_one("#leadership", Static).update(column(outcome, "leadership"))
        self.query_one("#team", Static).update(column(outcome, "team"))

    def jump_target(self) -> str:
        return self.outcome_id

    def action_entry(self, side: str) -> None:
        if not self.host.read_only:
            editing.negotiation_form(self.app, self.outcome_id, side)

    def action_sign(self, side: str) -> None:
        if not self.host.read_only:
            editing.signoff_form(self.app, self.outcome_id, side)

    def action_withdraw(self) -> None:
        if self.host.read_only:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            for side in ("leadership", "team"):
                self.host.apply_edit(
                    f"withdraw {side} sign-off",
                    operations.withdraw_sign_off,
                    self.outcome_id,
                    side,
                    focus=self.outcome_id,
                )

        body = Text("Both sides' sign-offs are cleared; the outcome goes back to negotiating.")
        self.app.push_screen(
            ConfirmDialog("Withdraw the sign-offs?", body, yes="Withdraw"), answered
        )
