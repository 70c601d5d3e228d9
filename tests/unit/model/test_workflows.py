"""The operations that do a whole step of the work in one edit (the session's and the
workbench's forms call them): what each leaves behind, and what each refuses."""

from __future__ import annotations

import pytest

from outcome_workbook.model import operations as op
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.model.workbook import Workbook

from .builders import TODAY, small_workbook


@pytest.fixture
def wb() -> Workbook:
    return small_workbook()


def test_a_session_business_outcome_sits_under_the_north_star_and_becomes_the_focus(
    wb: Workbook,
) -> None:
    with pytest.raises(WorkbookError, match="no guided session"):
        op.add_session_business_outcome(wb, "Grow retention")
    wb = op.set_meta(op.start_session(wb), "north_star", "hires")
    wb, new_id = op.add_session_business_outcome(wb, "Grow retention", why_now="churn is up")
    business = wb.business_outcomes[new_id]
    assert (business.north_star, business.why_now) == ("hires", "churn is up")
    assert wb.session is not None and wb.session.business_outcome == new_id


def test_a_proposed_outcome_drives_the_focus_and_joins_the_session(wb: Workbook) -> None:
    wb = op.start_session(wb)
    wb, first = op.propose_outcome(wb, "Employers shortlist faster")
    assert wb.product_outcomes[first].drives == ()
    wb = op.set_session_focus(wb, business_outcome="renewals")
    wb, second = op.propose_outcome(wb, "Graduates apply with confidence")
    assert wb.product_outcomes[second].drives == ("renewals",)
    assert wb.session is not None and wb.session.outcomes == (first, second)


def test_choosing_a_scope_records_why_and_the_options_weighed(wb: Workbook) -> None:
    considered = [("wider", "All employers"), ("as proposed", "Tech employers"), ("narrower", "")]
    wb = op.choose_scope(wb, "employers-hire", "Tech employers", "most postings", considered, TODAY)
    outcome = wb.product_outcomes["employers-hire"]
    assert (outcome.scope, outcome.scope_why) == ("Tech employers", "most postings")
    (note,) = outcome.notes
    assert (note.kind, note.date) == ("decision", TODAY)
    assert note.text == (
        "Scope options considered: wider: All employers; as proposed: Tech employers"
    )
    with pytest.raises(WorkbookError, match="say why"):
        op.choose_scope(wb, "employers-hire", "Tech employers", " ")


def test_a_defined_metric_is_the_one_the_outcome_moves(wb: Workbook) -> None:
    wb, metric_id = op.define_metric(
        wb, "employers-hire", "Shortlists", "Shortlists per posting", "behaviour", "closer", TODAY
    )
    assert wb.product_outcomes["employers-hire"].metric == metric_id
    version = wb.metrics[metric_id].versions[0]
    assert (version.kind, version.rationale, version.date) == ("behaviour", "closer", TODAY)
    with pytest.raises(WorkbookError, match="not a product outcome"):
        op.define_metric(wb, "renewals", "X", "Y")


def test_a_new_counter_metric_guards_the_outcome(wb: Workbook) -> None:
    wb, guard_id = op.guard_with_new_metric(
        wb, "employers-hire", "Graduate NPS", "NPS of hired graduates", why="no bad fits"
    )
    guard = wb.guardrails[guard_id]
    assert (guard.outcome, guard.why) == ("employers-hire", "no bad fits")
    assert wb.metrics[guard.metric].versions[0].kind == "sentiment"
    with pytest.raises(WorkbookError, match="a metric needs a title"):
        op.guard_with_new_metric(wb, "employers-hire", " ", "Net promoters")


def test_a_guardrail_reuses_the_metric_of_that_title_or_makes_one(wb: Workbook) -> None:
    wb, guard_id = op.guard_outcome(wb, "employers-hire", title="Graduate NPS", value=30)
    metric_id = wb.guardrails[guard_id].metric
    assert wb.metrics[metric_id].versions[0].definition == "Graduate NPS"
    # The same title again is the same metric, not a second one of that name.
    with pytest.raises(WorkbookError, match="already guards"):
        op.guard_outcome(wb, "employers-hire", title=" Graduate NPS ")
    with pytest.raises(WorkbookError, match="choose a counter-metric"):
        op.guard_outcome(wb, "employers-hire", title=" ")
