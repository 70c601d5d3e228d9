"""The counter-metrics of one product outcome, with their edits.

Enter edits the highlighted guardrail's rule, threshold or reason; `attach` opens the
form for a new one, `detach` removes the highlighted one (its metric stays).
"""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual import on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ....model import operations
from ....safety import inert
from ... import editing
from ...host import Host

NOTHING_GUARDS = "No guardrail yet: nothing stops 'growth at all costs'."


class GuardrailList(OptionList):
    DEFAULT_CSS = """
    GuardrailList { height: auto; max-height: 12; }
    """

    def __init__(self, outcome_id: str, *, empty: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.outcome_id = outcome_id
        self.empty = empty  # said after NOTHING_GUARDS: how to attach one here
        self._ids: list[str] = []

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    def show(self) -> None:
        """Refill from the host's workbook; the highlight stays where it was."""
        wb = self.host.workbook
        guards = wb.guardrails_of(self.outcome_id) if self.outcome_id else []
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
            empty = Text(NOTHING_GUARDS, style="yellow")
            if self.empty:
                empty.append(f" {self.empty}", style="dim")
            options.append(Option(empty, disabled=True))
        highlighted = self.highlighted
        self.set_options(options)
        if self._ids:
            keep = highlighted if highlighted is not None else 0
            self.highlighted = min(keep, len(self._ids) - 1)

    def selected(self) -> str:
        """The highlighted guardrail's id, or ''."""
        index = self.highlighted
        return self._ids[index] if index is not None and index < len(self._ids) else ""

    # --- edits ----------------------------------------------------------------------------

    def attach(self) -> None:
        if not self.host.read_only:
            editing.open_guardrail_form(self.app, self.outcome_id)

    def edit(self) -> None:
        guard = self.selected()
        if guard and not self.host.read_only:
            editing.open_guardrail_form(self.app, self.outcome_id, guard)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.edit()

    def detach(self) -> None:
        guard = self.selected()
        if guard and not self.host.read_only:
            self.host.apply_edit(
                "detach guardrail", operations.detach_guardrail, guard, focus=self.outcome_id
            )
