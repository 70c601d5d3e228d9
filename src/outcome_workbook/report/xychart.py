"""A metric's measured values as a Mermaid `xychart-beta`, drawn in pull requests and wikis.

User text (a metric's title, the outcome's unit) reaches the chart only as a
quoted title made of plain characters: anything that could end the quote,
open a bracket or start a directive is replaced by a space.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..model.entities import MeasuredValue, Metric
from ..model.measures import format_number, measured_version, unit_of
from ..model.workbook import Workbook

# Most recent values shown: a year of weekly values stays readable.
SHOWN = 52
_UNSAFE = re.compile(r"[^A-Za-z0-9 .,:;%()/+&'\-\u00C0-\u024F]")


def chart_text(text: str, limit: int = 80) -> str:
    """Text that may sit inside a chart's double quotes: plain characters, one line."""
    flat = " ".join(re.sub("%+", "%", _UNSAFE.sub(" ", text)).split())  # '%%' opens a directive
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"


def _axis(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    bottom = 0.0 if low >= 0 and low - pad <= 0 else low - pad
    return math.floor(bottom), math.ceil(high + pad)


def xychart(
    title: str,
    values: Sequence[MeasuredValue],
    unit: str = "",
    marks: Sequence[float] = (),
) -> str:
    """The chart: the values as a line, each mark (baseline, target, limit) as a flat line."""
    shown = list(values)[-SHOWN:]
    numbers = [float(v.value) for v in shown]
    low, high = _axis(numbers + [float(m) for m in marks])
    dates = ", ".join(f'"{v.date.isoformat()}"' for v in shown)
    axis_label = f'"{chart_text(unit)}" ' if unit.strip() else ""
    lines = [
        "xychart-beta",
        f'  title "{chart_text(title)}"',
        f"  x-axis [{dates}]",
        f"  y-axis {axis_label}{format_number(low)} --> {format_number(high)}",
        f"  line [{', '.join(format_number(v.value) for v in shown)}]",
    ]
    for mark in marks:
        lines.append(f"  line [{', '.join([format_number(mark)] * len(shown))}]")
    return "\n".join(lines) + "\n"


def metric_chart(wb: Workbook, metric: Metric) -> str | None:
    """The chart of a metric's values under its current version (None: nothing recorded).

    The flat lines are the baseline and target of the outcome it measures, else the
    threshold of a guardrail it is (`not-below` / `not-above`); the title names them.
    """
    version = measured_version(metric)
    if version is None or not version.values:
        return None
    outcome = next(
        (o for _, o in sorted(wb.product_outcomes.items()) if o.metric == metric.id), None
    )
    named: list[tuple[str, float]] = []
    if outcome is not None:
        if outcome.baseline is not None:
            named.append(("baseline", outcome.baseline))
        if outcome.target is not None and outcome.stage == "performance":
            named.append(("target", outcome.target))
    else:
        for _, guardrail in sorted(wb.guardrails.items()):
            if (
                guardrail.metric == metric.id
                and guardrail.value is not None
                and guardrail.rule in ("not-below", "not-above")
            ):
                named.append((guardrail.rule.replace("-", " "), guardrail.value))
                break
    title = metric.title
    if len(metric.versions) > 1:
        title += f" (version {metric.versions.index(version) + 1})"
    if named:
        title += ": values, " + ", ".join(f"{n} {format_number(v)}" for n, v in named)
    return xychart(title, version.values, unit_of(wb, metric.id), [v for _, v in named])
