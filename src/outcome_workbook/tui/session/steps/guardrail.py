"""The guardrail step of the guided session."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from ....model import operations as op
from ....model.entities import (
    GUARDRAIL_RULES,
    METRIC_KINDS,
    Guardrail,
)
from ....model.errors import WorkbookError
from ....model.fields import parse_text, spec_map
from ....model.workbook import Workbook
from ...widgets.choice import Choice
from ...widgets.entity_labels import line
from .step_panel import StepPanel, labelled_options


class GuardrailStep(StepPanel):
    STEP = "guardrail"
    PER_OUTCOME = True
    QUESTION = "What must not get worse while this metric improves?"
    HINT = "Sentiment metrics (CSAT, NPS) make good guardrails. Enter on 'why' attaches it."

    def compose(self) -> ComposeResult:
        yield Static(id="guardrail-list")
        yield Input(placeholder="Counter-metric name, e.g. 'Support CSAT'", id="guard-title")
        yield Input(placeholder="Definition", id="guard-definition")
        with Horizontal(classes="row"):
            yield Choice(
                labelled_options([(k, k) for k in METRIC_KINDS]),
                value="sentiment",
                allow_blank=False,
                id="guard-kind",
            )
            yield Choice(
                labelled_options([(r, r) for r in GUARDRAIL_RULES]),
                value="not-below",
                allow_blank=False,
                id="guard-rule",
            )
            yield Input(placeholder="Threshold (number)", id="guard-value")
        yield Input(placeholder="Why this guardrail? (Enter to attach)", id="guard-why")

    def on_mount(self) -> None:
        self.refresh_state()
        self.query_one("#guard-title").focus()

    def refresh_state(self) -> None:
        outcome = self.outcome
        listing = self.query_one("#guardrail-list", Static)
        guardrails = self.wb.guardrails_of(outcome.id) if outcome else []
        if not guardrails:
            listing.update(Text("No guardrail yet: nothing stops 'growth at all costs'.", "yellow"))
            return
        text = Text()
        for guardrail in guardrails:
            metric = self.wb.metrics.get(guardrail.metric)
            text.append("• ", style="bold")
            text.append_text(line(metric.title if metric else guardrail.metric, "bold"))
            text.append(f" {guardrail.describe_rule()}")
            if guardrail.why:
                text.append(" — ")
                text.append_text(line(guardrail.why, "italic"))
            text.append("\n")
        listing.update(text)

    @on(Input.Submitted, "#guard-title, #guard-definition, #guard-value")
    def advance(self) -> None:
        self.screen.focus_next()

    @on(Input.Submitted, "#guard-why")
    def attach(self) -> None:
        outcome = self.outcome
        if outcome is None:
            return
        title = self.value("guard-title").strip()
        definition = self.value("guard-definition").strip() or title
        if not title:
            self.notify("Name the counter-metric first", severity="warning")
            self.query_one("#guard-title").focus()
            return
        try:
            value = parse_text(spec_map(Guardrail)["value"], self.value("guard-value"), "threshold")
        except WorkbookError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        kind = self.selected("guard-kind") or "sentiment"
        rule = self.selected("guard-rule") or "not-below"
        why = self.value("guard-why").strip()
        when = self.host.today()
        existing = next((m.id for m in self.wb.metrics.values() if m.title == title), "")

        def attach(wb: Workbook) -> Workbook:
            if existing:
                return op.attach_guardrail(wb, outcome.id, existing, rule, value, why)[0]
            return op.guard_with_new_metric(
                wb, outcome.id, title, definition, kind, rule, value, why, when
            )[0]

        if self.apply(attach, "Guardrail attached"):
            self.clear("guard-title", "guard-definition", "guard-value", "guard-why")
            self.refresh_state()
            self.coach(outcome.id)
            self.query_one("#guard-title").focus()
