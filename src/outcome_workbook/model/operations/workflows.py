"""Pieces of work that take several changes, as one named operation (one edit, one
undo), shared by the workbench's forms and the session's steps.
"""

from __future__ import annotations

from datetime import date

from ..errors import WorkbookError
from ..workbook import Workbook
from .basics import set_field
from .connections import attach_guardrail
from .metrics import add_metric


def define_metric(
    wb: Workbook,
    outcome_id: str,
    title: str,
    definition: str,
    kind: str = "other",
    rationale: str = "",
    when: date | None = None,
) -> tuple[Workbook, str]:
    """A new metric that becomes the one a product outcome moves (one edit, one undo)."""
    wb.get(outcome_id, "product_outcome")
    wb, metric_id = add_metric(wb, title, definition, kind, rationale, when=when)
    return set_field(wb, outcome_id, "metric", metric_id), metric_id


def guard_with_new_metric(
    wb: Workbook,
    outcome_id: str,
    title: str,
    definition: str,
    kind: str = "sentiment",
    rule: str = "not-below",
    value: float | None = None,
    why: str = "",
    when: date | None = None,
) -> tuple[Workbook, str]:
    """A new counter-metric and the guardrail that makes it guard a product outcome."""
    wb.get(outcome_id, "product_outcome")
    wb, metric_id = add_metric(wb, title, definition, kind, when=when)
    return attach_guardrail(wb, outcome_id, metric_id, rule, value, why)


def guard_outcome(
    wb: Workbook,
    outcome_id: str,
    metric: str = "",
    *,
    title: str = "",
    definition: str = "",
    kind: str = "sentiment",
    rule: str = "not-below",
    value: float | None = None,
    why: str = "",
    when: date | None = None,
) -> tuple[Workbook, str]:
    """A guardrail on a product outcome, as the guardrail forms ask for one: the metric
    chosen, else the metric already titled `title`, else a new counter-metric of that
    title (its definition defaults to the title). Returns the guardrail's id."""
    if not metric:
        wanted = title.strip()
        metric = next((m.id for m in wb.metrics.values() if wanted and m.title == wanted), "")
    if metric:
        return attach_guardrail(wb, outcome_id, metric, rule, value, why)
    if not title.strip():
        raise WorkbookError("choose a counter-metric or give a new one a title")
    return guard_with_new_metric(
        wb, outcome_id, title, definition.strip() or title, kind, rule, value, why, when
    )
