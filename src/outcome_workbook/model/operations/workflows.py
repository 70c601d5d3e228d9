"""Pieces of work that take several changes, as one named operation (one edit, one
undo), shared by the workbench's forms and the session's steps.
"""

from __future__ import annotations

from datetime import date

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
