"""After an edit the outline works out again only what the edit can change: the top rows
and the unplaced group carried from the last version must equal a fresh look at every
entity, and every row `changed_rows` leaves out must look exactly as it did."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcome_workbook.model import operations
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.tui import outline_shape as outline
from outcome_workbook.tui import placement
from outcome_workbook.tui.outline_shape import Item
from outcome_workbook.tui.widgets.entity_labels import outline_label
from tests.unit.model.strategies import edits, workbooks

from .builders import small_workbook


def _fresh(wb: Workbook) -> Workbook:
    """The same workbook with nothing computed or recorded (no carried indexes)."""
    return dataclasses.replace(wb)


def _row(wb: Workbook, item: Item) -> tuple[object, ...]:
    """Everything a row shows: its label, its expand arrow and its children."""
    return (
        outline_label(wb, item).markup,
        outline.has_children(wb, item),
        outline.children(wb, item),
    )


def _rows(old: Workbook, new: Workbook) -> set[str]:
    return {i for wb in (old, new) for _, e in wb.entities() for i in [e.id]}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_outline_follows_random_edits_by_what_they_changed(data: st.DataObject) -> None:
    wb = data.draw(workbooks(max_actions=25))
    versions = [wb]
    placement.shape(wb)
    for _ in range(4):
        if len(versions) > 1 and data.draw(st.booleans()):
            edited = versions[-2]  # an undo: back to the value before
        else:
            edited = data.draw(edits(wb, max_actions=2))
            if data.draw(st.booleans()):
                edited = _fresh(edited)  # no record of the edit: found by comparing
        carried = placement.shape(edited)
        full = placement._full(_fresh(edited))
        assert (carried.top_business, carried.top_products, carried.unplaced) == (
            full.top_business,
            full.top_products,
            full.unplaced,
        )
        rows = placement.changed_rows(wb, edited)
        if rows is not None:
            for entity_id in _rows(wb, edited) - rows:
                kind = edited.kind_of(entity_id) or wb.kind_of(entity_id) or ""
                for link in (False, True):
                    item = Item(kind, entity_id, link)
                    assert _row(wb, item) == _row(edited, item), entity_id
        versions.append(edited)
        wb = edited


def test_removing_an_outcome_by_hand_unplaces_everything_below_it() -> None:
    """A hand edit or a merge can drop a table and leave its references dangling: only the
    outcome changed, yet its whole branch (and a metric used only there) lost its place."""
    wb = small_workbook()
    wb, guard = operations.attach_guardrail(wb, "first-session", "csat")
    placement.shape(wb)
    outcomes = dict(wb.product_outcomes)
    del outcomes["first-session"]
    dropped = dataclasses.replace(wb, sections={**wb.sections, "product_outcome": outcomes})
    carried = placement.shape(dropped)
    assert carried.unplaced == placement._full(_fresh(dropped)).unplaced
    assert {"setup-confusing", "guided-connection", "wizard-test", guard} <= carried.unplaced
