"""The translate step of the guided session."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, ListItem, ListView, Static

from ....model import operations as op
from ...widgets.entity_labels import line
from ..coaching import coaching_for
from .step_panel import StepPanel


class TranslateStep(StepPanel):
    STEP = "translate"
    QUESTION = "What would customers do differently if we succeed?"
    HINT = (
        "Also ask: what is the value of having it? How will we know it worked? "
        "Select a proposal to reframe it; Escape to add a new one."
    )

    def __init__(self, outcome_id: str = "") -> None:
        super().__init__(outcome_id)
        self.editing = ""

    def compose(self) -> ComposeResult:
        yield Static(id="translate-context")
        yield Label("Proposed product outcomes", classes="field-label")
        yield ListView(id="proposals")
        yield Label("New proposal", id="proposal-label", classes="field-label")
        yield Input(
            placeholder="A change in customer behaviour, e.g. 'More new teams invite a "
            "colleague in their first week'",
            id="proposal",
        )

    def on_mount(self) -> None:
        self.refresh_state()
        self.query_one("#proposal").focus()

    def refresh_state(self) -> None:
        state = self.wb.session
        business = self.wb.business_outcomes.get(state.business_outcome if state else "")
        context = self.query_one("#translate-context", Static)
        if business:
            context.update(Text.assemble("Driving: ", line(business.title, "bold")))
        else:
            context.update(Text("No business outcome chosen yet (go back to Context).", "italic"))
        proposals = self.query_one("#proposals", ListView)
        proposals.clear()
        for outcome_id in state.outcomes if state else ():
            outcome = self.wb.product_outcomes.get(outcome_id)
            if outcome is None:
                continue
            found = coaching_for(self.wb, outcome_id, self.host.today())
            flagged = any(f.reaches("warning") for f in found)
            label = Text("⚠ " if flagged else "✓ ", style="yellow" if flagged else "green")
            label.append_text(line(outcome.title))
            proposals.append(ListItem(Label(label), name=outcome_id))

    @on(ListView.Selected, "#proposals")
    def reframe(self, event: ListView.Selected) -> None:
        outcome = self.wb.product_outcomes.get(event.item.name or "")
        if outcome is None:
            return
        self.editing = outcome.id
        self.query_one("#proposal-label", Label).update(
            Text.assemble("Reframing: ", line(outcome.title, "bold"), " (Escape: new instead)")
        )
        field = self.query_one("#proposal", Input)
        field.value = outcome.title
        field.focus()
        self.coach(outcome.id)

    def key_escape(self) -> None:
        self.editing = ""
        self.query_one("#proposal-label", Label).update("New proposal")
        self.clear("proposal")
        self.query_one("#proposal").focus()

    @on(Input.Submitted, "#proposal")
    def propose(self, event: Input.Submitted) -> None:
        title = event.value.strip()
        if not title:
            return
        if self.editing:
            made = self.host.attempt(
                "Reframed",
                op.reframe_outcome,
                self.editing,
                title,
                self.host.today(),
                done="Reframed",
            )
            if made.made and isinstance(made.extra, str):
                self.coach(made.extra)
            self.key_escape()
            self.refresh_state()
            return
        made = self.host.attempt("Proposal added", op.propose_outcome, title, done="Proposal added")
        if made.made and isinstance(made.extra, str):
            self.clear("proposal")
            self.refresh_state()
            self.coach(made.extra)
