"""Measured values: their units, and where an outcome stands against its goal.

Pure functions of a workbook. A value belongs to a metric version (the
definition it was measured under); progress reads the values of the metric's
current version (else its newest), the same version a sign-off names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from .entities import Guardrail, MeasuredValue, Metric, MetricVersion, ProductOutcome
from .errors import WorkbookError
from .workbook import Workbook

# --- units and kinds -------------------------------------------------------------------


# The last product-outcome section read and its units by metric: recording many values
# changes only metrics, so the section (shared between the workbooks) stays the same.
_units: tuple[object, dict[str, str]] | None = None


def unit_of(wb: Workbook, metric_id: str) -> str:
    """The unit a metric is measured in: that of the first product outcome it measures."""
    global _units
    section = wb.section("product_outcome")
    if _units is None or _units[0] is not section:
        units: dict[str, str] = {}
        for outcome_id in sorted(wb.product_outcomes):
            outcome = wb.product_outcomes[outcome_id]
            if outcome.metric and outcome.unit:
                units.setdefault(outcome.metric, outcome.unit)
        _units = (section, units)
    return _units[1].get(metric_id, "")


def is_percentage(unit: str) -> bool:
    text = unit.strip().lower()
    return text.startswith("%") or text.startswith("percent") or text.endswith("%")


def is_share(unit: str) -> bool:
    """A share written as a fraction (0.31 of learners), as opposed to a percentage."""
    return unit.strip().lower().startswith(("share", "fraction", "proportion"))


def check_measured(value: float, unit: str, kind: str, label: str) -> None:
    """Refuse a value its unit or kind cannot hold (a percentage is not a count)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise WorkbookError(f"{label}: expected a number, got {value!r}")
    if is_percentage(unit) and not 0 <= value <= 100:
        raise WorkbookError(f"{label}: {value:g} is not a percentage ({unit}); expected 0 to 100")
    if is_share(unit) and not 0 <= value <= 1:
        raise WorkbookError(f"{label}: {value:g} is not a share ({unit}); expected 0 to 1")
    if kind == "content-count" and (value < 0 or not float(value).is_integer()):
        raise WorkbookError(f"{label}: a count is a whole number of 0 or more, got {value:g}")


def parse_measured(text: str, unit: str, kind: str, label: str) -> float:
    """A value as typed ('23', '23%', '0.31', '1,200'), checked against the unit and kind."""
    stripped = text.strip()
    percent = stripped.endswith("%")
    if percent:
        stripped = stripped[:-1].strip()
        if not is_percentage(unit):
            shown = f"in {unit!r}" if unit else "without a unit"
            raise WorkbookError(
                f"{label}: {text.strip()!r} is a percentage, but this metric is measured "
                f"{shown}; write the number alone"
            )
    try:
        number = float(stripped.replace(",", ""))
    except ValueError:
        raise WorkbookError(f"{label}: expected a number, got {text!r}") from None
    if not math.isfinite(number):
        raise WorkbookError(f"{label}: expected a finite number, got {text!r}")
    value: float = int(number) if number.is_integer() and "." not in stripped else number
    check_measured(value, unit, kind, label)
    return value


def format_number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# --- reading values -----------------------------------------------------------------------


def measured_version(metric: Metric) -> MetricVersion | None:
    """The version whose values count: the current one, else the newest."""
    return metric.latest()


def values_of(wb: Workbook, metric_id: str) -> tuple[MeasuredValue, ...]:
    metric = wb.metrics.get(metric_id)
    version = measured_version(metric) if metric else None
    return version.values if version else ()


def latest_value(wb: Workbook, metric_id: str) -> MeasuredValue | None:
    values = values_of(wb, metric_id)
    return values[-1] if values else None


# --- progress -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Where a product outcome stands against its goal, from the values recorded."""

    outcome: str
    values: tuple[MeasuredValue, ...]
    latest: MeasuredValue | None = None
    share: float | None = None  # of the way from baseline to target; 1.0 = reached
    start: date | None = None  # when the baseline stood (the version's date)
    projected: float | None = None  # at the deadline, at the pace so far
    on_track: bool | None = None  # None: not enough to tell

    @property
    def reached(self) -> bool:
        return self.share is not None and self.share >= 1


def progress(wb: Workbook, outcome_id: str) -> Progress:
    """Share of the way from baseline to target, and a straight-line projection.

    The projection is the pace from the baseline (at the measured version's date,
    else the first value's date) to the latest value, continued to the deadline:
    on track when the value projected at the deadline reaches the target.
    """
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    values = values_of(wb, outcome.metric) if outcome.metric else ()
    latest = values[-1] if values else None
    result = Progress(outcome_id, values, latest)
    baseline, target = outcome.baseline, outcome.target
    if latest is None or baseline is None or target is None or target == baseline:
        return result
    share = (latest.value - baseline) / (target - baseline)
    metric = wb.metrics.get(outcome.metric)
    version = measured_version(metric) if metric else None
    start = version.date if version and version.date else values[0].date
    projected = on_track = None
    if share >= 1:
        on_track = True
    elif outcome.deadline is not None and start < latest.date and latest.date <= outcome.deadline:
        pace = (latest.value - baseline) / (latest.date - start).days
        projected = baseline + pace * (outcome.deadline - start).days
        on_track = (projected - baseline) / (target - baseline) >= 1 - 1e-9
    elif outcome.deadline is not None and latest.date > outcome.deadline:
        on_track = False
    return Progress(outcome_id, values, latest, share, start, projected, on_track)


@dataclass(frozen=True)
class GuardrailReading:
    guardrail: str
    latest: MeasuredValue | None
    holds: bool | None  # None: no value, or no threshold to compare with
    detail: str = ""


def guardrail_reading(wb: Workbook, guardrail_id: str) -> GuardrailReading:
    """Whether the guardrail's rule holds on its metric's latest value.

    `max-worsen-pct` compares the latest value with the first one recorded under
    the same version; the workbook does not say which direction is worse, so a
    move of more than the allowed percentage either way is reported.
    """
    guardrail = wb.get_typed(guardrail_id, Guardrail)
    values = values_of(wb, guardrail.metric)
    if not values:
        return GuardrailReading(guardrail_id, None, None, "no value recorded")
    latest = values[-1]
    limit = guardrail.value
    if limit is None:
        return GuardrailReading(guardrail_id, latest, None, "the rule has no value")
    shown = format_number(latest.value)
    if guardrail.rule == "not-below":
        holds = latest.value >= limit
        return GuardrailReading(guardrail_id, latest, holds, f"{shown} on {latest.date}")
    if guardrail.rule == "not-above":
        holds = latest.value <= limit
        return GuardrailReading(guardrail_id, latest, holds, f"{shown} on {latest.date}")
    first = values[0]
    if first.value == 0 or len(values) < 2:
        return GuardrailReading(guardrail_id, latest, None if first.value == 0 else True, "")
    change = (latest.value - first.value) / abs(first.value) * 100
    holds = abs(change) <= limit
    detail = f"{shown} on {latest.date}, {change:+.0f}% since {format_number(first.value)}"
    return GuardrailReading(guardrail_id, latest, holds, detail)


def describe_progress(wb: Workbook, outcome_id: str) -> str:
    """One sentence: where the outcome stands ("" when no value is recorded).

    '33 on 2026-04-27: 62% of the way from 5 to 50; behind: 34 projected by 2026-04-30'
    """
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    standing = progress(wb, outcome_id)
    latest = standing.latest
    if latest is None:
        return ""
    count = len(standing.values)
    text = f"{format_number(latest.value)} on {latest.date}"
    if outcome.stage != "performance" or standing.share is None:
        plural = "value" if count == 1 else "values"
        first = standing.values[0].date
        since = f" since {first}" if count > 1 else ""
        return f"{text} ({count} {plural}{since})"
    assert outcome.baseline is not None and outcome.target is not None
    text += (
        f": {standing.share:.0%} of the way from {format_number(outcome.baseline)} "
        f"to {format_number(outcome.target)}"
    )
    if standing.reached:
        return text + "; target reached"
    if standing.on_track is None or outcome.deadline is None:
        return text
    if standing.projected is None:
        return text + f"; the deadline ({outcome.deadline}) has passed"
    verdict = "on track" if standing.on_track else "behind"
    projected = (
        f"{standing.projected:.3g}"
        if abs(standing.projected) < 1000
        else f"{standing.projected:.0f}"
    )
    return text + f"; {verdict}: {projected} projected by {outcome.deadline}"
