"""A small, complete workbook built through the operations, shared by the model tests."""

from __future__ import annotations

from datetime import date

from outcome_workbook.model import operations as op
from outcome_workbook.model.workbook import Workbook


def small_workbook() -> Workbook:
    """NSM <- business outcome <- product outcome (metric, guardrail) <- opportunity tree."""
    wb = op.new_workbook("Gradline", team="Matching")
    wb, _ = op.create(wb, "north_star", "Graduates hired", "hires", definition="Monthly hires")
    wb, _ = op.create(wb, "business_outcome", "Employers renew", "renewals", north_star="hires")
    wb, _ = op.add_metric(
        wb, "Confirmed hires", "Hires per 100 postings", "behaviour", entity_id="confirmed-hires"
    )
    wb, _ = op.add_metric(wb, "Employer CSAT", "CSAT 1-5", "sentiment", entity_id="csat")
    wb, _ = op.create(
        wb,
        "product_outcome",
        "Employers hire graduates",
        "employers-hire",
        drives=("renewals",),
        metric="confirmed-hires",
        learning_goal="Learn what predicts a hire",
    )
    wb, _ = op.attach_guardrail(wb, "employers-hire", "csat", "not-below", 4.0, entity_id="guard")
    wb, _ = op.create(wb, "opportunity", "Unsure they qualify", "unsure", outcome="employers-hire")
    wb, _ = op.create(wb, "opportunity", "Don't read postings", "skim", parent="unsure")
    wb, _ = op.create(wb, "solution", "Must-have checklist", "checklist", opportunity="unsure")
    wb, _ = op.create(wb, "experiment", "Fake door", "fake-door", solution="checklist")
    return wb


TODAY = date(2026, 3, 12)
