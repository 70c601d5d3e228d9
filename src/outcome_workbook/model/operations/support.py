"""What the operations of every topic share: entities replaced with their references
and the session kept valid, and the checks an entity must pass before it is stored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from ..entities import (
    ENTITY_CLASSES,
    ICE_MAX,
    ICE_MIN,
    Entity,
    Experiment,
    Opportunity,
    ProductOutcome,
    WorkbookMeta,
    a_kind,
)
from ..errors import WorkbookError
from ..fields import coerce, spec_map
from ..relations import REFERENCE_FIELDS, references
from ..session_state import SessionState
from ..workbook import Workbook

# Fields changed only through their own operation, never through set_field.
_SPECIAL_FIELDS = {"id", "versions", "values", "negotiation", "notes", "signoff", "signoffs"}


def _with_entities(
    wb: Workbook,
    changed: Iterable[Entity] = (),
    removed: Iterable[str] = (),
    meta: WorkbookMeta | None = None,
    renamed: Mapping[str, str] | None = None,
) -> Workbook:
    """A new workbook with some entities replaced/added/removed; unchanged sections are shared."""
    removed = list(removed)
    sections = dict(wb.sections)
    copied: set[str] = set()
    edited: dict[str, str] = {}

    def section_for(kind: str) -> dict[str, Entity]:
        if kind not in copied:
            sections[kind] = dict(sections.get(kind, {}))
            copied.add(kind)
        return sections[kind]  # type: ignore[return-value]

    for entity_id in removed:
        kind = wb.kind_of(entity_id)
        if kind is not None:
            section_for(kind).pop(entity_id, None)
            edited[entity_id] = kind
    for entity in changed:
        kind = next(k for k, c in ENTITY_CLASSES.items() if c is type(entity))
        section_for(kind)[entity.id] = entity
        edited[entity.id] = kind
    result = dataclasses.replace(
        wb,
        meta=meta or wb.meta,
        sections=sections,
        renamed=wb.renamed if renamed is None else renamed,
        session=_session_without(wb, removed),
    )
    result.note_edit(wb, edited)
    return result


def _session_without(wb: Workbook, removed: Iterable[str]) -> SessionState | None:
    """The session state with references to deleted entities dropped."""
    state = wb.session
    gone = set(removed)
    if state is None or not gone:
        return state
    return dataclasses.replace(
        state,
        business_outcome="" if state.business_outcome in gone else state.business_outcome,
        outcomes=tuple(o for o in state.outcomes if o not in gone),
    )


def _check_reference(
    wb: Workbook, kind: str, field_name: str, value: str, pending: Mapping[str, str] | None = None
) -> None:
    allowed = REFERENCE_FIELDS.get(kind, {}).get(field_name)
    if not allowed or not value:
        return
    target_kind = wb.kind_of(value) or (pending or {}).get(value)
    if target_kind is None:
        raise WorkbookError(f"{field_name}: there is no entity with id {value!r}")
    if target_kind not in allowed:
        names = " or ".join(a_kind(k) for k in allowed)
        raise WorkbookError(f"{field_name}: {value!r} is {a_kind(target_kind)}; it must be {names}")


def _validate_entity(wb: Workbook, kind: str, entity: Entity) -> None:
    for relation, target in references(kind, entity):
        _check_reference(wb, kind, relation.field, target)
    if not entity.title.strip():
        raise WorkbookError(f"{a_kind(kind)} needs a title")
    if isinstance(entity, ProductOutcome):
        _check_goal(entity)
    if isinstance(entity, Experiment):
        _check_ice(entity)
    if isinstance(entity, Opportunity):
        if entity.outcome and entity.parent:
            raise WorkbookError(
                "an opportunity sits under a product outcome or under another opportunity, not both"
            )
        if not entity.outcome and not entity.parent:
            raise WorkbookError("an opportunity needs a product outcome or a parent opportunity")
        if entity.parent and _opportunity_ancestors(wb, entity.parent, entity.id):
            raise WorkbookError(f"moving {entity.id!r} under {entity.parent!r} would make a loop")


def _opportunity_ancestors(wb: Workbook, start: str, looking_for: str) -> bool:
    """True when `looking_for` is `start` or one of its ancestors (a loop would form)."""
    seen: set[str] = set()
    current: str = start
    while current and current not in seen:
        if current == looking_for:
            return True
        seen.add(current)
        parent = wb.opportunities.get(current)
        current = parent.parent if parent else ""
    return False


def _check_goal(outcome: ProductOutcome) -> None:
    if outcome.stage == "performance":
        missing = [
            name for name in ("baseline", "target", "deadline") if getattr(outcome, name) is None
        ]
        if missing:
            raise WorkbookError(
                "a performance goal needs a baseline, a target and a deadline; missing: "
                + ", ".join(missing)
            )


def _check_ice(experiment: Experiment) -> None:
    """The experiment's own score and every person's score, each part from 1 to 10."""
    for record in (experiment, *experiment.scores):
        for name in ("impact", "confidence", "ease"):
            value = getattr(record, name)
            if value is not None and not ICE_MIN <= value <= ICE_MAX:
                raise WorkbookError(f"{name} must be between {ICE_MIN} and {ICE_MAX}, got {value}")
    names = [score.by for score in experiment.scores]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise WorkbookError(f"one score per person; scored twice by {', '.join(twice)}")


def _coerce_fields(cls: type, fields: Mapping[str, Any], where: str) -> dict[str, Any]:
    specs = spec_map(cls)
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in specs:
            raise WorkbookError(f"{where}: unknown field {name!r}")
        out[name] = coerce(specs[name], value, f"{where}.{name}")
    return out


def _record_index(records: tuple[Any, ...], index: int, what: str, owner: str) -> None:
    if not 0 <= index < len(records):
        raise WorkbookError(f"{owner!r} has no {what} {index + 1} (it has {len(records)})")
