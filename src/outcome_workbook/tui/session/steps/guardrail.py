"""The guardrail step of the guided session: the guardrails part, with the session's
question and coaching."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult

from ...parts.guardrails import GuardrailEntry, GuardrailList
from .step_panel import StepPanel


class GuardrailStep(StepPanel):
    STEP = "guardrail"
    PER_OUTCOME = True
    QUESTION = "What must not get worse while this metric improves?"
    HINT = "Sentiment metrics (CSAT, NPS) make good guardrails. Enter on 'why' attaches it."

    def compose(self) -> ComposeResult:
        yield GuardrailList(self.outcome_id, id="guardrail-list")
        yield GuardrailEntry(self.outcome_id)

    def on_mount(self) -> None:
        self.refresh_state()
        self.query_one("#guard-title").focus()

    def refresh_state(self) -> None:
        self.query_one(GuardrailList).show()

    @on(GuardrailEntry.Attached)
    def _attached(self) -> None:
        self.refresh_state()
        self.coach(self.outcome_id)
