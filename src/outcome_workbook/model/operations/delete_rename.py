"""Deleting (with what it takes along), retitling and renaming entities: every
reference to them follows.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..entities import (
    Entity,
)
from ..errors import WorkbookError
from ..ids import check_id, slugify, unique_id
from ..workbook import Workbook
from .basics import set_field
from .support import _with_entities


def delete_plan(wb: Workbook, entity_id: str) -> list[str]:
    """The ids `delete` would remove, the entity first, in the order they cascade.

    Deleting a product outcome takes its guardrails, its opportunity tree and its
    metric when nothing else uses that metric; deleting an opportunity takes its
    sub-opportunities, solutions and experiments. Links to the deleted entity
    from elsewhere are removed, never the entities that hold them.
    """
    kind = wb.kind_of(entity_id)
    if kind is None:
        raise WorkbookError(f"no entity with id {entity_id!r} in this workbook")
    plan: list[str] = [entity_id]

    def add_opportunity_tree(opportunity_id: str) -> None:
        for solution in wb.solutions_of(opportunity_id):
            plan.append(solution.id)
            plan.extend(e.id for e in wb.experiments_of(solution.id))
        for child in wb.child_opportunities(opportunity_id):
            if child.id not in plan:
                plan.append(child.id)
                add_opportunity_tree(child.id)

    if kind == "product_outcome":
        outcome = wb.product_outcomes[entity_id]
        plan.extend(g.id for g in wb.guardrails_of(entity_id))
        for opportunity in wb.opportunities_of(entity_id):
            plan.append(opportunity.id)
            add_opportunity_tree(opportunity.id)
        if outcome.metric and set(wb.metric_users(outcome.metric)) <= set(plan):
            plan.append(outcome.metric)
    elif kind == "opportunity":
        add_opportunity_tree(entity_id)
    elif kind == "solution":
        plan.extend(e.id for e in wb.experiments_of(entity_id))
    elif kind == "metric":
        users = wb.metric_users(entity_id)
        if users:
            raise WorkbookError(
                f"metric {entity_id!r} is in use by {', '.join(users)}; detach it there first"
            )
    return plan


def delete(wb: Workbook, entity_id: str) -> Workbook:
    plan = delete_plan(wb, entity_id)
    gone = set(plan)
    changed: dict[str, Entity] = {}
    for target in plan:
        for referrer_id, field_name in wb.referrers(target):
            if referrer_id in gone:
                continue
            current = changed.get(referrer_id) or wb.get(referrer_id)
            value = getattr(current, field_name)
            new_value: Any = (
                tuple(v for v in value if v != target) if isinstance(value, tuple) else ""
            )
            changed[referrer_id] = dataclasses.replace(current, **{field_name: new_value})
    meta = wb.meta
    if meta.north_star in gone:
        meta = dataclasses.replace(meta, north_star="")
    meta = dataclasses.replace(meta, retired=tuple(sorted({*meta.retired, *plan})))
    return _with_entities(wb, changed=changed.values(), removed=plan, meta=meta)


def retitle(wb: Workbook, entity_id: str, title: str) -> tuple[Workbook, str]:
    """Change a title; an id that was made from the old title follows the new one.

    A reframed outcome should not keep an id that spells out the output it
    replaced ('launch-an-android-app'). Ids chosen by hand are kept.
    """
    entity = wb.get(entity_id)
    wb = set_field(wb, entity_id, "title", title)
    base = slugify(entity.title)
    derived = entity_id == base or (
        entity_id.startswith(f"{base}-") and entity_id[len(base) + 1 :].isdigit()
    )
    if not derived or slugify(title) == base:
        return wb, entity_id
    new_id = unique_id(title, wb.taken_ids())
    return rename(wb, entity_id, new_id), new_id


def rename(wb: Workbook, old_id: str, new_id: str) -> Workbook:
    """Give an entity a new id and update every reference; the old id is retired."""
    entity = wb.get(old_id)
    check_id(new_id)
    if new_id in wb.taken_ids():
        raise WorkbookError(f"the id {new_id!r} is taken or retired; choose another")
    changed: dict[str, Entity] = {new_id: dataclasses.replace(entity, id=new_id)}
    for referrer_id, field_name in wb.referrers(old_id):
        key = new_id if referrer_id == old_id else referrer_id
        current = changed.get(key) or wb.get(referrer_id)
        value = getattr(current, field_name)
        new_value: Any = (
            tuple(new_id if v == old_id else v for v in value)
            if isinstance(value, tuple)
            else new_id
        )
        changed[key] = dataclasses.replace(current, **{field_name: new_value})
    meta = wb.meta
    if meta.north_star == old_id:
        meta = dataclasses.replace(meta, north_star=new_id)
    meta = dataclasses.replace(meta, retired=tuple(sorted({*meta.retired, old_id})))
    renamed = {k: v for k, v in wb.renamed.items() if k != old_id}
    renamed[new_id] = wb.renamed.get(old_id, old_id)
    result = _with_entities(
        wb, changed=changed.values(), removed=[old_id], meta=meta, renamed=renamed
    )
    state = wb.session
    if state is not None and (old_id == state.business_outcome or old_id in state.outcomes):
        state = dataclasses.replace(
            state,
            business_outcome=new_id if state.business_outcome == old_id else state.business_outcome,
            outcomes=tuple(new_id if o == old_id else o for o in state.outcomes),
        )
        result = dataclasses.replace(result, session=state)
    return result
