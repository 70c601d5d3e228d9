"""The metric step of the guided session."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label

from ....model import operations as op
from ....model.entities import METRIC_KINDS
from ...parts.metric_versions import VersionTimeline
from ...widgets.answer import LongAnswer
from ...widgets.choice import Choice
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
        yield VersionTimeline(self._metric_id(), id="metric-history")
        yield Label("Metric", id="metric-label", classes="field-label")
        yield Input(
            placeholder="Metric name, e.g. 'Qualified applicants per job'", id="metric-title"
        )
        yield LongAnswer(
            "Definition: who, doing what, counted how, over what window",
            id="metric-definition",
        )
        yield Choice(
            labelled_options([(k, k) for k in METRIC_KINDS]),
            value="behaviour",
            allow_blank=False,
            id="metric-kind",
        )
        yield LongAnswer("Why this version? (required for every change)", id="metric-rationale")

    def on_mount(self) -> None:
        self.refresh_state()
        self.query_one("#metric-definition" if self._metric_id() else "#metric-title").focus()

    def _metric_id(self) -> str:
        outcome = self.outcome
        return outcome.metric if outcome and outcome.metric in self.wb.metrics else ""

    def refresh_state(self) -> None:
        timeline = self.query_one(VersionTimeline)
        timeline.metric_id = self._metric_id()
        timeline.show()
        metric = self.wb.metrics.get(timeline.metric_id)
        if metric is None:
            return
        title = self.query_one("#metric-title", Input)
        title.value = metric.title
        title.disabled = True
        self.query_one("#metric-label", Label).update("New version")

    @on(Input.Submitted, "#metric-title")
    def next_field(self) -> None:
        self.query_one("#metric-definition").focus()

    @on(LongAnswer.Submitted, "#metric-definition, #metric-rationale")
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
