"""The counter-metrics of one product outcome: attach, edit, detach.

The list and its edits are the guardrails part (`tui/parts/guardrails/`); this screen
adds the heading and the workbench's keys.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Static

from ...safety import inert
from ..parts.guardrails import GuardrailList
from .part_screen import PartScreen


class GuardrailsScreen(PartScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "attach",
            "Attach",
            id="guardrails.attach",
            tooltip="A counter-metric that must not get worse: an existing metric or a new one",
        ),
        Binding(
            "enter,x",
            "edit",
            "Edit",
            id="guardrails.edit",
            tooltip="Change the highlighted guardrail's rule, threshold or reason",
        ),
        Binding(
            "d,delete",
            "detach",
            "Detach",
            id="guardrails.detach",
            tooltip="Remove the highlighted guardrail (its metric stays)",
        ),
    ]

    def __init__(self, outcome_id: str) -> None:
        super().__init__()
        self.outcome_id = outcome_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="guardrails-heading")
        yield GuardrailList(self.outcome_id, empty="Press a to attach one.", id="guardrail-list")
        yield Footer()

    @property
    def listing(self) -> GuardrailList:
        return self.query_one(GuardrailList)

    def refresh_view(self) -> None:
        outcome = self.host.workbook.product_outcomes.get(self.outcome_id)
        heading = self.query_one("#guardrails-heading", Static)
        self.listing.show()
        self.listing.focus()
        if outcome is None:
            heading.update(Text(f"{self.outcome_id} is no longer in the workbook."))
            return
        self.sub_title = f"guardrails: {outcome.id}"
        title = Text("Guardrails of ", style="bold")
        title.append(inert(outcome.title))
        title.append("\nWhat must not get worse while this outcome improves.", style="dim")
        heading.update(title)

    def jump_target(self) -> str:
        return self.listing.selected() or self.outcome_id

    def action_attach(self) -> None:
        self.listing.attach()

    def action_edit(self) -> None:
        self.listing.edit()

    def action_detach(self) -> None:
        self.listing.detach()
