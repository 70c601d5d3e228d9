"""A recheck after edits gives exactly what a full check of the edited workbook gives, and
so does the workbench's findings set updated from it."""

from __future__ import annotations

import contextlib
import dataclasses
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcome_workbook.checks import all_rules
from outcome_workbook.checks.incremental import recheck
from outcome_workbook.checks.registry import check
from outcome_workbook.model import operations as op
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.tui import findings as shown_findings

from ..model.strategies import _any_id, edits, workbooks

TODAY = date(2026, 12, 3)


def _fresh(wb: Workbook) -> Workbook:
    """The same workbook with nothing computed yet (no carried indexes)."""
    return dataclasses.replace(wb)


@st.composite
def _ignores(draw: st.DrawFn, wb: Workbook) -> Workbook:
    """An entity told to ignore a rule, with or without a reason (or told nothing)."""
    codes = [r.code for r in all_rules()] + ["OW1", "no-such-check"]
    chosen = tuple(draw(st.lists(st.sampled_from(codes), max_size=2)))
    entity_id = _any_id(draw, wb)
    with contextlib.suppress(WorkbookError):
        wb = op.set_field(wb, entity_id, "ignore", chosen)
        wb = op.set_field(wb, entity_id, "ignore_reason", draw(st.sampled_from(["", "why"])))
    return wb


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_recheck_equals_a_full_check_after_random_edits(data: st.DataObject) -> None:
    wb = data.draw(workbooks(max_actions=25))
    checked = check(wb, today=TODAY)
    shown = shown_findings.compute(wb)
    for _ in range(3):
        edited = data.draw(st.one_of(edits(wb, max_actions=2), _ignores(wb)))
        if data.draw(st.booleans()):
            edited = _fresh(edited)  # no record of the edit: found by comparing sections
        checked = recheck(checked, edited)
        full = check(_fresh(edited), today=TODAY)
        assert checked.findings(show_suppressed=True) == full.findings(show_suppressed=True)
        fresh = _fresh(edited)
        for entity_id in [e.id for _, e in edited.entities()] + ["missing"]:
            assert edited.referrers(entity_id) == fresh.referrers(entity_id)
            assert edited.kind_of(entity_id) == fresh.kind_of(entity_id)
        shown = shown_findings.update(shown, edited)
        assert shown == shown_findings.compute(_fresh(edited))
        assert shown.keys == tuple(shown_findings.order_key(f) for f in shown.items)
        wb = edited
