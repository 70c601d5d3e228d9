"""The metric step of the guided session."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from ....model import operations as op
from ....model.entities import METRIC_KINDS
from ...widgets.choice import Choice
from ...widgets.entity_labels import line
from .step_panel import StepPanel, labelled_options


class MetricStep(StepPanel):
    STEP = "metric"
    PER_OUTCOME = True
    QUESTION = "How will we know customers behave differently?"
    HINT = (
        "Define the metric. Changed your mind? Add a new version with the reason: "
        "the history stays."
    )

    def compose(self) -> ComposeResult:
        yield Label("Versions so far", classes="field-label")
        yield Static(id="metric-history")
        yield Label("Metric", id="metric-label", classes="field-label")
        yield Input(
            placeholder="Metric name, e.g. 'Qualified applicants per job'", id="metric-title"
        )
        yield Input(
            placeholder="Definition: who, doing what, counted how, over what window",
            id="metric-definition",
        )
        yield Choice(
            labelled_options([(k, k) for k in METRIC_KINDS]),
            value="behaviour",
            allow_blank=False,
            id="metric-kind",
        )
        yield Input(
            placeholder="Why this version? (required for every change)", id="metric-rationale"
        )

    def on_mount(self) -> None:
        self.refresh_state()
        self.query_one("#metric-definition" if self._metric_id() else "#metric-title").focus()

    def _metric_id(self) -> str:
        outcome = self.outcome
        return outcome.metric if outcome and outcome.metric in self.wb.metrics else ""

    def refresh_state(self) -> None:
        metric = self.wb.metrics.get(self._metric_id())
        history = self.query_one("#metric-history", Static)
        title = self.query_one("#metric-title", Input)
        if metric is None:
            history.update(Text("No metric yet.", "italic"))
            return
        title.value = metric.title
        title.disabled = True
        text = Text()
        for number, version in enumerate(metric.versions, start=1):
            style = "bold" if version.status == "current" else "dim"
            text.append(f"v{number} {version.status:<10} ", style=style)
            if version.date:
                text.append(f"{version.date} ", style="dim")
            text.append_text(line(version.definition, style))
            text.append(f" ({version.kind})\n", style="dim")
            if version.rationale:
                text.append("     why: ", style="dim")
                text.append_text(line(version.rationale, "italic"))
                text.append("\n")
        history.update(text)
        self.query_one("#metric-label", Label).update("New version")

    @on(Input.Submitted, "#metric-title")
    def next_field(self) -> None:
        self.query_one("#metric-definition").focus()

    @on(Input.Submitted, "#metric-definition, #metric-rationale")
    def save_metric(self) -> None:
        outcome = self.outcome
        if outcome is None:
            return
        definition = self.value("metric-definition").strip()
        rationale = self.value("metric-rationale").strip()
        kind = self.selected("metric-kind") or "other"
        when = self.host.today()
        if not definition:
            self.query_one("#metric-definition").focus()
            return
        metric_id = self._metric_id()
        if metric_id:
            if not rationale:
                self.notify(
                    "Say why the metric changes: the rationale is the team's learning",
                    severity="warning",
                )
                self.query_one("#metric-rationale").focus()
                return
            done = self.apply(
                lambda wb: op.add_metric_version(
                    wb, metric_id, definition, kind, rationale, when=when
                ),
                "New version added",
            )
        else:
            title = self.value("metric-title").strip() or outcome.title

            done = self.apply(
                lambda wb: op.define_metric(
                    wb, outcome.id, title, definition, kind, rationale, when=when
                )[0],
                "Metric defined",
            )
        if done:
            self.clear("metric-definition", "metric-rationale")
            self.refresh_state()
            self.coach(outcome.id, self._metric_id())
