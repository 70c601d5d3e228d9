"""How entities hang together: guardrails, links between outcomes and what they move,
and moving an entity under another parent (the relations table says which).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..entities import (
    Metric,
    ProductOutcome,
    a_kind,
)
from ..errors import WorkbookError
from ..ids import unique_id
from ..relations import PARENT_FIELDS, placing
from ..workbook import Workbook
from .basics import create
from .delete_rename import delete
from .support import _check_reference, _validate_entity, _with_entities


def attach_guardrail(
    wb: Workbook,
    outcome_id: str,
    metric_id: str,
    rule: str = "not-below",
    value: float | None = None,
    why: str = "",
    title: str | None = None,
    entity_id: str | None = None,
) -> tuple[Workbook, str]:
    wb.get(outcome_id, "product_outcome")
    metric = wb.get_typed(metric_id, Metric)
    outcome = wb.product_outcomes[outcome_id]
    if outcome.metric == metric_id:
        raise WorkbookError("a guardrail must be a different metric from the one the outcome moves")
    if any(g.metric == metric_id for g in wb.guardrails_of(outcome_id)):
        raise WorkbookError(f"{metric_id!r} already guards {outcome_id!r}")
    return create(
        wb,
        "guardrail",
        title or metric.title,
        entity_id or unique_id(f"{metric_id} guard", wb.taken_ids()),
        outcome=outcome_id,
        metric=metric_id,
        rule=rule,
        value=value,
        why=why,
    )


def detach_guardrail(wb: Workbook, guardrail_id: str) -> Workbook:
    wb.get(guardrail_id, "guardrail")
    return delete(wb, guardrail_id)


def link(wb: Workbook, outcome_id: str, target_id: str) -> Workbook:
    """Record that a product outcome drives a business outcome (or the NSM directly)."""
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    _check_reference(wb, "product_outcome", "drives", target_id)
    if target_id in outcome.drives:
        return wb
    return _with_entities(
        wb, changed=[dataclasses.replace(outcome, drives=(*outcome.drives, target_id))]
    )


def unlink(wb: Workbook, outcome_id: str, target_id: str) -> Workbook:
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    if target_id not in outcome.drives:
        raise WorkbookError(f"{outcome_id!r} does not drive {target_id!r}")
    drives = tuple(d for d in outcome.drives if d != target_id)
    return _with_entities(wb, changed=[dataclasses.replace(outcome, drives=drives)])


def relink(wb: Workbook, outcome_id: str, old_target: str, new_target: str) -> Workbook:
    """Drive `new_target` instead of `old_target`, in the same place in the list.

    The first target a product outcome drives is where it is listed first, so
    moving a link keeps that order rather than unlinking and appending.
    """
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    if old_target not in outcome.drives:
        raise WorkbookError(f"{outcome_id!r} does not drive {old_target!r}")
    _check_reference(wb, "product_outcome", "drives", new_target)
    if new_target == old_target:
        return wb
    if new_target in outcome.drives:
        raise WorkbookError(f"{outcome_id!r} already drives {new_target!r}")
    drives = tuple(new_target if d == old_target else d for d in outcome.drives)
    return _with_entities(wb, changed=[dataclasses.replace(outcome, drives=drives)])


def parent_kinds(kind: str) -> tuple[str, ...]:
    """The kinds an entity of `kind` can be moved under; empty when it has no single parent."""
    return tuple(PARENT_FIELDS.get(kind, {}))


def parent_of(wb: Workbook, entity_id: str) -> str:
    """The id of the entity this one sits under ("" when it has none or is not movable)."""
    entity = wb.get(entity_id)
    kind = wb.kind_of(entity_id)
    assert kind is not None
    relation = placing(kind, entity)
    return "" if relation is None else str(getattr(entity, relation.field))


def move(wb: Workbook, entity_id: str, new_parent_id: str) -> Workbook:
    """Put an entity under another parent (an opportunity under another one, and so on)."""
    entity = wb.get(entity_id)
    kind = wb.kind_of(entity_id)
    assert kind is not None
    fields = PARENT_FIELDS.get(kind)
    if fields is None:
        hint = "; link it to what it drives instead" if kind == "product_outcome" else ""
        raise WorkbookError(
            f"{a_kind(kind)} does not sit under a parent, so it cannot be moved{hint}"
        )
    wb.get(new_parent_id)
    parent_kind = wb.kind_of(new_parent_id) or ""
    if parent_kind not in fields:
        allowed = " or ".join(a_kind(k) for k in fields)
        raise WorkbookError(f"{a_kind(kind)} goes under {allowed}")
    changes: dict[str, Any] = {name: "" for name in fields.values()}
    changes[fields[parent_kind]] = new_parent_id
    updated = dataclasses.replace(entity, **changes)
    _validate_entity(wb, kind, updated)
    return _with_entities(wb, changed=[updated])
