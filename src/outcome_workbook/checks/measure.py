"""What a product outcome is measured by: its metric's text and kind, found once per run.

The trap rules judge this text. An explicit field beats a guess: a kind the
team chose on the metric version is used as is, and the text heuristics decide
only when the kind is left at "other".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.entities import MetricVersion, ProductOutcome
from .quote import quote
from .registry import CheckContext


@dataclass(frozen=True)
class Measure:
    text: str  # the metric version's definition, else the metric's title, else the outcome's
    kind: str  # the kind the team chose; "other" when they did not
    path: str  # the table that holds the text
    metric: str  # the metric's id ("" when the outcome has none)

    @property
    def explicit(self) -> bool:
        return self.kind != "other"

    def subject(self) -> str:
        """How a message names it: `the metric "..."`, or the outcome's own wording.

        With no metric, the text judged is the outcome's title, which the message has
        quoted already: it is not quoted a second time.
        """
        if not self.metric:
            return "its own wording (it has no metric yet)"
        return f"the metric {quote(self.text)}"


def measure_of(ctx: CheckContext, outcome: ProductOutcome) -> Measure:
    measures: dict[str, Measure] = ctx.cached("measures", dict)
    if outcome.id not in measures:
        measures[outcome.id] = _measure(ctx, outcome)
    return measures[outcome.id]


def _measure(ctx: CheckContext, outcome: ProductOutcome) -> Measure:
    metric = ctx.workbook.metrics.get(outcome.metric) if outcome.metric else None
    if metric is None:
        return Measure(outcome.title, "other", f"product_outcome.{outcome.id}", "")
    index = _shown_version(metric.versions)
    if index is None:
        return Measure(metric.title, "other", f"metric.{metric.id}", metric.id)
    version = metric.versions[index]
    text = version.definition.strip() or metric.title
    return Measure(text, version.kind, f"metric.{metric.id}.versions.{index}", metric.id)


def _shown_version(versions: tuple[MetricVersion, ...]) -> int | None:
    """The index of `Metric.latest()`: the last current version, else the newest."""
    for index in range(len(versions) - 1, -1, -1):
        if versions[index].status == "current":
            return index
    return len(versions) - 1 if versions else None
