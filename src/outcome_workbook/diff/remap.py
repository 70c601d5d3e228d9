"""Renaming ids across a workbook, and spotting renames between two versions of one.

Both the semantic diff (to say "renamed" instead of "removed" plus "added") and
the merge (to apply one side's edits to the entity the other side renamed) need
to see two workbooks in the same id space.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ..model.entities import KINDS, Entity
from ..model.relations import REFERENCE_FIELDS
from ..model.workbook import Workbook
from ..store.codec import encode_record


def remap_entity(kind: str, entity: Entity, mapping: Mapping[str, str]) -> Entity:
    """The entity with its id and every reference passed through `mapping`."""
    changes: dict[str, Any] = {}
    if entity.id in mapping:
        changes["id"] = mapping[entity.id]
    for name in REFERENCE_FIELDS.get(kind, {}):
        value = getattr(entity, name)
        if isinstance(value, tuple):
            mapped: Any = tuple(mapping.get(v, v) for v in value)
        else:
            mapped = mapping.get(value, value)
        if mapped != value:
            changes[name] = mapped
    return dataclasses.replace(entity, **changes) if changes else entity


def remap_workbook(wb: Workbook, mapping: Mapping[str, str]) -> Workbook:
    """The workbook with ids renamed everywhere (retired ids are history and stay as they are)."""
    if not mapping:
        return wb
    sections: dict[str, dict[str, Entity]] = {}
    for kind in KINDS:
        section: dict[str, Entity] = {}
        for entity in wb.section(kind).values():
            mapped = remap_entity(kind, entity, mapping)
            section[mapped.id] = mapped
        sections[kind] = section
    meta = wb.meta
    if meta.north_star in mapping:
        meta = dataclasses.replace(meta, north_star=mapping[meta.north_star])
    return Workbook(meta=meta, sections=sections, session=wb.session)


def _signature(kind: str, entity: Entity) -> dict[str, Any]:
    """What an entity says, apart from its id and the ids it points at."""
    data = encode_record(entity)
    for name in REFERENCE_FIELDS.get(kind, {}):
        data.pop(name, None)
    return data


def _similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    keys = set(a) | set(b)
    if not keys:
        return 1.0
    return sum(1 for key in keys if a.get(key) == b.get(key)) / len(keys)


def detect_renames(old: Workbook, new: Workbook) -> dict[str, str]:
    """old id -> new id for entities that look renamed rather than removed and re-added.

    An entity counts as renamed when its old id is gone, a new id of the same
    kind appeared, and either the content is the same (ids aside), or the old
    id is now retired (as `rename` leaves it) and the title or most fields match.
    """
    renames: dict[str, str] = {}
    retired = set(new.meta.retired)
    for kind in KINDS:
        gone = [i for i in sorted(old.section(kind)) if new.find(i) is None]
        fresh = [i for i in sorted(new.section(kind)) if old.find(i) is None]
        if not gone or not fresh:
            continue
        old_sigs = {i: _signature(kind, old.section(kind)[i]) for i in gone}
        new_sigs = {i: _signature(kind, new.section(kind)[i]) for i in fresh}
        old_full = {i: encode_record(old.section(kind)[i]) for i in gone}
        new_full = {i: encode_record(new.section(kind)[i]) for i in fresh}
        taken: set[str] = set()
        for old_id in gone:
            same = [i for i in fresh if i not in taken and new_sigs[i] == old_sigs[old_id]]
            if len(same) == 1:
                renames[old_id] = same[0]
                taken.add(same[0])
        for old_id in gone:
            if old_id in renames or old_id not in retired:
                continue
            title = old.section(kind)[old_id].title
            candidates = [i for i in fresh if i not in taken]
            titled = [i for i in candidates if new.section(kind)[i].title == title]
            if len(titled) == 1:
                renames[old_id] = titled[0]
                taken.add(titled[0])
                continue
            scored = sorted(
                ((_similarity(old_full[old_id], new_full[i]), i) for i in candidates),
                reverse=True,
            )
            if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
                renames[old_id] = scored[0][1]
                taken.add(scored[0][1])
    return renames
