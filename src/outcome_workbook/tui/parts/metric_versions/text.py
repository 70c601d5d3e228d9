"""A metric's versions as text: each version's definition, reason, date and status, the
commit that added it, and the measured values of the one being measured."""

from __future__ import annotations

from rich.text import Text

from ....model.entities import Metric, MetricVersion
from ....model.measures import describe_progress, format_number, measured_version
from ....model.workbook import Workbook
from ....safety import inert, one_line
from ....vcs.file_history import HistoryEntry

STATUS_STYLE = {"current": "bold green", "proposed": "bold yellow", "superseded": "dim"}
NOT_COMMITTED = "not committed yet"


def origin_text(origin: HistoryEntry | None, complete: bool) -> Text:
    """The commit that added a version: short hash, date and subject."""
    if origin is None and not complete:
        return Text("commit not found in the history read", style="dim italic")
    if origin is None or origin.commit is None:
        return Text(NOT_COMMITTED, style="dim italic")
    commit = origin.commit
    text = Text("commit ", style="dim")
    text.append(commit.short, style="yellow")
    text.append(f" {commit.date[:10]} ", style="dim")
    text.append(one_line(commit.subject))
    return text


def version_text(number: int, version: MetricVersion, origin: Text | None = None) -> Text:
    text = Text()
    text.append(f"v{number} ", style="bold")
    text.append(version.status, style=STATUS_STYLE.get(version.status, ""))
    text.append(f"  {version.kind}", style="dim")
    if version.date:
        text.append(f"  {version.date.isoformat()}", style="dim")
    if version.author:
        text.append(f"  by {inert(version.author)}", style="dim")
    text.append("\n  ")
    if version.title:
        text.append("renamed to ", style="dim")
        text.append(inert(version.title), style="bold")
        text.append("\n  ")
    text.append(inert(version.definition))
    if version.rationale:
        text.append("\n  why: ", style="italic dim")
        text.append(inert(version.rationale), style="italic")
    if version.values:
        count = len(version.values)
        first, last = version.values[0], version.values[-1]
        span = f", {first.date} to {last.date}" if count > 1 else f", {first.date}"
        text.append(f"\n  {count} measured value{'s' if count > 1 else ''}{span}", style="dim")
        text.append(f"; latest {format_number(last.value)}", style="dim")
    if origin is not None:
        text.append("\n  ")
        text.append_text(origin)
    return text


def values_text(wb: Workbook, metric: Metric) -> Text | None:
    """The line above the sparkline: what it shows and where the outcome stands."""
    version = measured_version(metric)
    if version is None or not version.values:
        return None
    values = [v.value for v in version.values]
    number = metric.versions.index(version) + 1
    text = Text()
    text.append(f"Measured values (v{number}, {len(values)})", style="bold")
    text.append(
        f"  low {format_number(min(values))}  high {format_number(max(values))}", style="dim"
    )
    for outcome_id in sorted(wb.product_outcomes):
        outcome = wb.product_outcomes[outcome_id]
        if outcome.metric != metric.id:
            continue
        marks = []
        if outcome.baseline is not None:
            marks.append(f"baseline {format_number(outcome.baseline)}")
        if outcome.target is not None and outcome.stage == "performance":
            marks.append(f"target {format_number(outcome.target)}")
        if marks:
            text.append("  " + "  ".join(marks), style="dim")
        standing = describe_progress(wb, outcome_id)
        if standing:
            text.append("\n")
            text.append(inert(outcome.title), style="italic")
            text.append(f": {standing}")
    return text
