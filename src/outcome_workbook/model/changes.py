"""What differs between two versions of a workbook, found from what they share.

Operations return a new `Workbook` that shares every unchanged section and entity with
the old one, so comparing by identity first costs what the edit touched, not the
workbook's size. Rechecking the findings and carrying the indexes over start here.
"""

from __future__ import annotations

from .entities import KINDS, Entity
from .workbook import Workbook


def changed_entities(old: Workbook, new: Workbook) -> dict[str, str]:
    """id -> kind of every entity added, removed or changed from `old` to `new` (its kind
    in `new` when it is there, else in `old`): as the operations recorded it, else found
    by comparing the sections that are not shared."""
    recorded = new.edited_since(old)
    if recorded is not None:
        return recorded
    changed: dict[str, str] = {}
    for kind in KINDS:
        before, after = old.section(kind), new.section(kind)
        if before is after:
            continue
        for entity_id, entity in after.items():
            previous = before.get(entity_id)
            if previous is not entity and (previous is None or previous != entity):
                changed[entity_id] = kind
        for entity_id in before.keys() - after.keys():
            changed.setdefault(entity_id, kind)
    return changed


def changed_fields(old: Entity | None, new: Entity | None, names: tuple[str, ...]) -> bool:
    """Whether any of `names` differs between two versions of an entity (one may be None)."""
    if old is None or new is None:
        return old is not new
    return any(getattr(old, name) != getattr(new, name) for name in names)
