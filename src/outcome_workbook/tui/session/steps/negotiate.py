"""The negotiate step of the guided session."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from ....model import operations as op
from ....model.agreement import agreement_of
from ....model.entities import ENTRY_KINDS
from ...agreement_view import agreement_text, side_signature
from ...widgets.answer import LongAnswer
from ...widgets.choice import Choice
from ...widgets.entity_labels import line
from ..room_link import DRIVE, may
from .step_panel import StepPanel, labelled_options


class NegotiateStep(StepPanel):
    STEP = "negotiate"
    PER_OUTCOME = True
    QUESTION = "Can leadership and the team agree on this outcome, metric and target?"
    HINT = (
        "Leadership brings context and constraints; the team brings customer insight, "
        "technical reality, baselines and past attempts. Both sides sign."
    )

    def compose(self) -> ComposeResult:
        yield Static(id="agreement")
        with Horizontal(id="negotiation-columns"):
            for side, title in (("leadership", "Leadership"), ("team", "Team")):
                with Vertical(classes="side-column", id=f"column-{side}"):
                    yield Label(title, classes="side-title")
                    yield Static(id=f"entries-{side}", classes="entries")
                    # Kind and text on one row: both sign-off fields stay on screen.
                    with Horizontal(classes="row"):
                        yield Choice(
                            labelled_options([(k, k) for k in ENTRY_KINDS]),
                            value="context" if side == "leadership" else "insight",
                            allow_blank=False,
                            id=f"kind-{side}",
                            classes="entry-kind",
                        )
                        yield LongAnswer("Their point", id=f"entry-{side}")
                    yield Input(placeholder="Sign off as (name, Enter)", id=f"sign-{side}")

    def on_mount(self) -> None:
        # Sign-offs are the facilitator's to record: a participant's screen has no
        # field to sign under someone else's name.
        for side in ("leadership", "team"):
            self.query_one(f"#sign-{side}").display = may(self.app, DRIVE)
        self.refresh_state()
        self.query_one("#entry-leadership").focus()

    def refresh_state(self) -> None:
        outcome = self.outcome
        if outcome is None:
            return
        for side in ("leadership", "team"):
            text = Text()
            for entry in outcome.negotiation:
                if entry.side == side:
                    text.append(f"{entry.kind}: ", style="bold")
                    text.append_text(line(entry.text))
                    text.append("\n")
            self.query_one(f"#entries-{side}", Static).update(text or Text("—", "dim"))
        wb = self.host.workbook
        agreement = agreement_of(wb, outcome)
        view = agreement_text(wb, outcome)
        view.append("\n")
        for side in ("leadership", "team"):
            view.append(f"{side.capitalize()} ", style="bold")
            view.append_text(side_signature(agreement, side))
            view.append("   ")
        self.query_one("#agreement", Static).update(view)

    @on(LongAnswer.Submitted, "#entry-leadership, #entry-team")
    def add_entry(self, event: LongAnswer.Submitted) -> None:
        outcome = self.outcome
        text = event.value.strip()
        side = (event.input.id or "").removeprefix("entry-")
        if outcome is None or not text:
            return
        kind = self.selected(f"kind-{side}") or "proposal"
        when = self.host.today()
        if self.apply(
            lambda wb: op.add_negotiation_entry(wb, outcome.id, side, kind, text, when=when)
        ):
            event.input.value = ""
            self.refresh_state()

    @on(Input.Submitted, "#sign-leadership, #sign-team")
    def sign(self, event: Input.Submitted) -> None:
        outcome = self.outcome
        name = event.value.strip()
        side = (event.input.id or "").removeprefix("sign-")
        if outcome is None or not name or not may(self.app, DRIVE):
            return
        when = self.host.today()
        if self.apply(
            lambda wb: op.sign_off(wb, outcome.id, side, name, when=when), f"Signed by {side}"
        ):
            event.input.value = ""
            self.refresh_state()
            self.coach(outcome.id)
