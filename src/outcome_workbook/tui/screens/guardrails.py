"""The counter-metrics of one product outcome: attach, edit, detach."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...model import operations
from ...safety import inert
from .. import editing
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
        self._ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="guardrails-heading")
        yield OptionList(id="guardrail-list")
        yield Footer()

    def refresh_view(self) -> None:
        wb = self.host.workbook
        outcome = wb.product_outcomes.get(self.outcome_id)
        heading = self.query_one("#guardrails-heading", Static)
        listing = self.query_one("#guardrail-list", OptionList)
        if outcome is None:
            heading.update(Text(f"{self.outcome_id} is no longer in the workbook."))
            listing.clear_options()
            return
        self.sub_title = f"guardrails: {outcome.id}"
        title = Text("Guardrails of ", style="bold")
        title.append(inert(outcome.title))
        title.append("\nWhat must not get worse while this outcome improves.", style="dim")
        heading.update(title)
        guards = wb.guardrails_of(self.outcome_id)
        self._ids = [g.id for g in guards]
        options: list[Option] = []
        for guard in guards:
            metric = wb.metrics.get(guard.metric)
            text = Text(inert(metric.title if metric else guard.metric), style="bold")
            text.append(f"  {guard.describe_rule()}")
            if guard.why:
                text.append(f"\n  why: {inert(guard.why)}", style="italic dim")
            options.append(Option(text))
        if not options:
            options.append(Option(Text("No guardrails yet: press a to attach one."), disabled=True))
        highlighted = listing.highlighted
        listing.set_options(options)
        if self._ids:
            keep = highlighted if highlighted is not None else 0
            listing.highlighted = min(keep, len(self._ids) - 1)
        listing.focus()

    def _selected(self) -> str:
        index = self.query_one("#guardrail-list", OptionList).highlighted
        return self._ids[index] if index is not None and index < len(self._ids) else ""

    def jump_target(self) -> str:
        return self._selected() or self.outcome_id

    def action_attach(self) -> None:
        if not self.host.read_only:
            editing.open_guardrail_form(self.app, self.outcome_id)

    def action_edit(self) -> None:
        guard = self._selected()
        if guard and not self.host.read_only:
            editing.open_guardrail_form(self.app, self.outcome_id, guard)

    @on(OptionList.OptionSelected)
    def _selected_option(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_detach(self) -> None:
        guard = self._selected()
        if guard and not self.host.read_only:
            self.host.apply_edit(
                "detach guardrail", operations.detach_guardrail, guard, focus=self.outcome_id
            )
