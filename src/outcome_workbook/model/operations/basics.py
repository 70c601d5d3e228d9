"""A new workbook, new entities, and field edits (every field but those with their own
operation).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, cast

from ..entities import (
    ENTITY_CLASSES,
    KINDS,
    ProductOutcome,
    SelfCheck,
    WorkbookMeta,
    a_kind,
)
from ..errors import WorkbookError
from ..fields import coerce, spec_map
from ..ids import check_id, unique_id
from ..workbook import Workbook
from .support import _SPECIAL_FIELDS, _check_goal, _coerce_fields, _validate_entity, _with_entities


def new_workbook(title: str, team: str = "") -> Workbook:
    if not title.strip():
        raise WorkbookError("a workbook needs a title")
    return Workbook(meta=WorkbookMeta(title=title, team=team))


def create(
    wb: Workbook, kind: str, title: str, entity_id: str | None = None, **fields: Any
) -> tuple[Workbook, str]:
    """Add a new entity of `kind`; returns the new workbook and the new entity's id."""
    if kind not in ENTITY_CLASSES:
        raise WorkbookError(f"unknown kind {kind!r}; one of: {', '.join(KINDS)}")
    cls = ENTITY_CLASSES[kind]
    taken = wb.taken_ids()
    if entity_id is None:
        entity_id = unique_id(title, taken)
    else:
        check_id(entity_id)
        if entity_id in taken:
            why = "was used before and is retired" if entity_id in wb.meta.retired else "is taken"
            raise WorkbookError(f"the id {entity_id!r} {why}; choose another")
    values = _coerce_fields(cls, fields, f"{kind}.{entity_id}")
    try:
        entity = cls(id=entity_id, title=title, **values)
    except TypeError as error:
        raise WorkbookError(f"{kind}.{entity_id}: {error}") from None
    _validate_entity(wb, kind, entity)
    meta = wb.meta
    if kind == "north_star" and not meta.north_star:
        meta = dataclasses.replace(meta, north_star=entity_id)
    return _with_entities(wb, changed=[entity], meta=meta), entity_id


def set_field(wb: Workbook, entity_id: str, field_name: str, value: Any) -> Workbook:
    """Change one field of one entity, with the same validation as creating it."""
    entity = wb.get(entity_id)
    kind = wb.kind_of(entity_id)
    assert kind is not None
    if field_name in _SPECIAL_FIELDS:
        raise WorkbookError(f"{field_name} is changed through its own operation, not set directly")
    specs = spec_map(cast(type, type(entity)))
    if field_name not in specs:
        raise WorkbookError(f"{a_kind(kind)} has no field {field_name!r}")
    value = coerce(specs[field_name], value, f"{kind}.{entity_id}.{field_name}")
    if field_name == "title" and not str(value).strip():
        raise WorkbookError("the title cannot be empty")
    if getattr(entity, field_name) == value:
        return wb
    if isinstance(entity, ProductOutcome) and field_name == "status" and value == "agreed":
        raise WorkbookError(
            "an outcome is agreed only while both sides' sign-offs hold on its terms; "
            "record the leadership and team sign-offs instead"
        )
    updated = dataclasses.replace(entity, **{field_name: value})
    _validate_entity(wb, kind, updated)
    return _with_entities(wb, changed=[updated])


def set_meta(wb: Workbook, field_name: str, value: Any) -> Workbook:
    specs = spec_map(WorkbookMeta)
    if field_name not in specs or field_name in ("format", "retired"):
        raise WorkbookError(f"the workbook has no editable field {field_name!r}")
    value = coerce(specs[field_name], value, f"workbook.{field_name}")
    if field_name == "north_star" and value:
        wb.get(value, "north_star")
    if field_name == "title" and not str(value).strip():
        raise WorkbookError("the workbook title cannot be empty")
    return _with_entities(wb, meta=dataclasses.replace(wb.meta, **{field_name: value}))


def set_self_check(wb: Workbook, outcome_id: str, question: str, answer: str) -> Workbook:
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    specs = spec_map(SelfCheck)
    if question not in specs:
        raise WorkbookError(f"unknown self-check question {question!r}")
    value = coerce(specs[question], answer, f"self_check.{question}")
    check = dataclasses.replace(outcome.self_check, **{question: value})
    return _with_entities(wb, changed=[dataclasses.replace(outcome, self_check=check)])


def set_goal(
    wb: Workbook,
    outcome_id: str,
    *,
    stage: str,
    learning_goal: str | None = None,
    baseline: float | None = None,
    target: float | None = None,
    deadline: date | None = None,
    unit: str | None = None,
) -> Workbook:
    """Set the goal in one step (a performance goal needs baseline, target and deadline)."""
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    changes: dict[str, Any] = {
        "stage": stage,
        "baseline": baseline,
        "target": target,
        "deadline": deadline,
    }
    if learning_goal is not None:
        changes["learning_goal"] = learning_goal
    if unit is not None:
        changes["unit"] = unit
    values = _coerce_fields(ProductOutcome, changes, f"product_outcome.{outcome_id}")
    updated = dataclasses.replace(outcome, **values)
    _check_goal(updated)
    return _with_entities(wb, changed=[updated])
