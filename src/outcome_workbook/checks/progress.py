"""Progress rules (OW4xx): what the measured values say about an outcome and its guardrails.

They read the values of each metric's current version (see model/measures.py),
so a value recorded under an older definition does not count against a new one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..model.measures import format_number, guardrail_reading, measured_version
from .finding import Finding
from .quote import quote
from .registry import CheckContext, rule


@rule(
    "OW401",
    "guardrail-breached",
    "warning",
    "a guardrail whose latest value breaks its rule",
    about=("guardrail",),
    reach=1,  # its metric
)
def guardrail_breached(ctx: CheckContext) -> Iterator[Finding]:
    wb = ctx.workbook
    for guardrail_id, guardrail in ctx.subjects(wb.guardrails):
        metric = wb.metrics.get(guardrail.metric)
        version = measured_version(metric) if metric else None
        if metric is None or version is None:
            continue
        reading = guardrail_reading(wb, guardrail_id)
        if reading.holds is not False:
            continue
        index = metric.versions.index(version)
        yield ctx.finding(
            guardrail_id,
            "guardrail",
            f"the guardrail {quote(guardrail.title)} is breached: {quote(metric.title)} "
            f"measured {reading.detail}; it {guardrail.describe_rule()}",
            "Is the outcome being bought with the harm this guardrail watches for? Stop and "
            "look at what changed before pushing the outcome further.",
            path=f"metric.{metric.id}.versions.{index}.values",
        )


# How long a baseline may stand before a value is expected: two weekly reviews.
GRACE = timedelta(days=14)


@rule(
    "OW402",
    "no-value-since-baseline",
    "warning",
    "a performance goal with no value recorded since its baseline",
    about=("product_outcome",),
    reach=1,  # its metric
)
def no_value_since_baseline(ctx: CheckContext) -> Iterator[Finding]:
    wb = ctx.workbook
    today = ctx.today or date.today()
    for outcome_id, outcome in ctx.subjects(wb.product_outcomes):
        if outcome.stage != "performance" or outcome.baseline is None or not outcome.metric:
            continue
        metric = wb.metrics.get(outcome.metric)
        version = measured_version(metric) if metric else None
        if metric is None or version is None:
            continue
        since = version.date
        if since is None or any(value.date > since for value in version.values):
            continue  # (an undated version: no telling how long the baseline has stood)
        if today - since <= GRACE:
            continue  # set in the last two weeks: the first value is not due yet
        when = f" ({format_number(outcome.baseline)} on {since})"
        yield ctx.finding(
            outcome_id,
            "product_outcome",
            f"{quote(outcome.title)} has a performance goal and no value of "
            f"{quote(metric.title)} recorded since its baseline{when}",
            "How is it moving? Record what the metric measured (outcomes record FILE "
            f"{metric.id} VALUE), so both sides see progress against the target.",
            path=f"product_outcome.{outcome_id}.baseline",
        )
