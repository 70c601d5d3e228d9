"""What the findings pane shows, gathered from the core without touching widgets.

Runs in a worker thread: the workbook is immutable, so reading it there is safe.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..checks.finding import WORKBOOK_KIND
from ..model.workbook import Workbook

if TYPE_CHECKING:
    from ..checks.finding import Finding as CheckFinding
    from ..checks.registry import Checked

SEVERITY_ORDER = {"error": 0, "warning": 1, "hint": 2}


@dataclass(frozen=True)
class Finding:
    """One thing worth the team's attention, tied to the entity it is about."""

    entity_id: str
    severity: str
    code: str
    message: str
    question: str = ""


@dataclass(frozen=True)
class FindingSet:
    """Every finding of one workbook value, indexed by entity.

    `checked` is the checks' own result it was made from, kept so that `update` after an
    edit rechecks only what the edit can change (None without the checks engine).
    """

    items: tuple[Finding, ...] = ()
    by_entity: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)
    checked: Checked | None = field(default=None, compare=False, repr=False)
    # `order_key` of each item, to put an entity's findings back in their place.
    keys: tuple[tuple[int, str, str], ...] = field(default=(), compare=False, repr=False)

    def for_entity(self, entity_id: str) -> tuple[Finding, ...]:
        return tuple(self.by_entity.get(entity_id, ()))

    def counts(self, entity_id: str) -> Counter[str]:
        return Counter(f.severity for f in self.by_entity.get(entity_id, ()))


def _entity_of(table_path: str) -> str:
    parts = table_path.split(".")
    return parts[1] if len(parts) > 1 and parts[0] != "workbook" else ""


def _store_problems(workbook: Workbook) -> list[Finding]:
    from ..store.codec import semantic_problems

    return [
        Finding(_entity_of(p.table_path), "error", "structure", p.message)
        for p in semantic_problems(workbook, "", {})
    ]


def order_key(finding: Finding) -> tuple[int, str, str]:
    """The pane's order: by severity, then entity, then code."""
    return (SEVERITY_ORDER.get(finding.severity, 3), finding.entity_id, finding.code)


def _shown(found: Iterable[CheckFinding]) -> list[Finding]:
    return [Finding(f.entity, f.severity, f.code, f.message, f.question) for f in found]


def _indexed(found: list[Finding], checked: Checked | None) -> FindingSet:
    found.sort(key=order_key)
    index: dict[str, list[Finding]] = {}
    for finding in found:
        index.setdefault(finding.entity_id, []).append(finding)
    return FindingSet(
        tuple(found),
        {k: tuple(v) for k, v in index.items()},
        checked,
        tuple(order_key(f) for f in found),
    )


def compute(workbook: Workbook) -> FindingSet:
    """The coaching checks (with the store's structural problems when they are missing)."""
    try:
        from ..checks.registry import check
    except ImportError:  # a build without the checks engine: the store's problems only
        return _indexed(_store_problems(workbook), None)
    checked = check(workbook)
    return _indexed(_shown(checked.findings()), checked)


def update(previous: FindingSet, workbook: Workbook) -> FindingSet:
    """The findings of `workbook`, an edited version of the one `previous` was computed
    for: only the rules and entities the edit can affect are checked again
    (`checks.incremental.recheck`), and only their entries in the set are replaced, so
    the cost follows the edit rather than the workbook (about 0.01 s at N=10,000, where
    `compute` takes seconds). Safe in a worker thread, as `compute` is."""
    if previous.checked is None:
        return compute(workbook)
    from ..checks.incremental import recheck

    checked = recheck(previous.checked, workbook)
    if checked.touched is None:
        return _indexed(_shown(checked.findings()), checked)
    if not checked.touched:
        return dataclasses.replace(previous, checked=checked)
    touched = checked.touched
    pairs = [(f, k) for f, k in zip(previous.items, previous.keys, strict=True)]
    items = [f for f, _ in pairs if f.entity_id not in touched]
    keys = [k for f, k in pairs if f.entity_id not in touched]
    by_entity = {k: v for k, v in previous.by_entity.items() if k not in touched}
    for entity_id in sorted(touched):
        kind = WORKBOOK_KIND if not entity_id else workbook.kind_of(entity_id)
        if kind is None:
            continue
        mine = _shown(checked.findings_on(kind, entity_id))
        if not mine:
            continue
        mine.sort(key=order_key)
        by_entity[entity_id] = tuple(mine)
        for finding in mine:
            key = order_key(finding)
            at = bisect_right(keys, key)
            items.insert(at, finding)
            keys.insert(at, key)
    return FindingSet(tuple(items), by_entity, checked, tuple(keys))
