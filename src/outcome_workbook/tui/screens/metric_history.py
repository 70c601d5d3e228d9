"""A metric's versions as a timeline: definition, reason for the change, date, status."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from ...model import operations
from ...model.entities import Metric
from ...safety import inert
from .. import editing
from .base import PartScreen

STATUS_STYLE = {"current": "bold green", "proposed": "bold yellow", "superseded": "dim"}


def timeline(metric: Metric, users: list[str]) -> Text:
    """Oldest first, so the story of what the team learned reads top to bottom."""
    text = Text()
    text.append(inert(metric.title), style="bold")
    text.append(f"  ({metric.id})", style="dim")
    if users:
        text.append("\nused by: ", style="dim")
        text.append(", ".join(users))
    if not metric.versions:
        text.append("\n\nNo versions yet: press v to add the first definition.", style="italic")
    for number, version in enumerate(metric.versions, start=1):
        text.append("\n\n")
        text.append(f"v{number} ", style="bold")
        text.append(version.status, style=STATUS_STYLE.get(version.status, ""))
        text.append(f"  {version.kind}", style="dim")
        if version.date:
            text.append(f"  {version.date.isoformat()}", style="dim")
        if version.author:
            text.append(f"  by {inert(version.author)}", style="dim")
        text.append("\n  ")
        text.append(inert(version.definition))
        if version.rationale:
            text.append("\n  why: ", style="italic dim")
            text.append(inert(version.rationale), style="italic")
    return text


class MetricHistoryScreen(PartScreen):
    """Read the history; `v` adds a version (a rationale is required), `c` adopts a proposal."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "new_version", "New version", id="history.new_version"),
        Binding("c", "adopt", "Adopt proposed", id="history.adopt"),
    ]

    def __init__(self, metric_id: str) -> None:
        super().__init__()
        self.metric_id = metric_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="history"):
            yield Static("", id="timeline")
        yield Footer()

    def refresh_view(self) -> None:
        metric = self.host.workbook.metrics.get(self.metric_id)
        view = self.query_one("#timeline", Static)
        if metric is None:
            view.update(Text(f"{self.metric_id} is no longer in the workbook."))
            return
        self.sub_title = f"metric history: {metric.id}"
        view.update(timeline(metric, self.host.workbook.metric_users(metric.id)))

    def jump_target(self) -> str:
        return self.metric_id

    def action_new_version(self) -> None:
        if not self.host.read_only:
            editing.new_version_form(self.app, self.metric_id)

    def action_adopt(self) -> None:
        metric = self.host.workbook.metrics.get(self.metric_id)
        if metric is None:
            return
        proposed = [i for i, v in enumerate(metric.versions) if v.status == "proposed"]
        if not proposed:
            self.notify("No proposed version to adopt.")
            return
        index = proposed[-1]
        self.host.apply_edit(
            f"adopt v{index + 1}",
            operations.make_version_current,
            self.metric_id,
            index,
            focus=self.metric_id,
        )
