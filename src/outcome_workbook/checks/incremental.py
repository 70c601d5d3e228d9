"""Findings after an edit, recomputed only where the edit can have changed them.

Each rule declares what it reads (`Rule.about`, `reach`, `reads`). After an edit, the
entities it added, removed or changed are found by identity (`model.changes`); a rule
about entities is asked again only about those within its reach of a changed one, in
the old version or the new (so a reference made or broken by the edit counts on both
ends), and keeps every other finding; a rule without `about` is run again whole when a
kind it reads changed. A change to the workbook's own table (its settings, its North
Star) or a new day runs everything again. The result equals a full check of the new
version: `tests/unit/checks/test_incremental.py` holds it to that after random edits.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date

from ..model.changes import changed_entities, changed_fields
from ..model.relations import references
from ..model.workbook import Workbook
from .finding import WORKBOOK_KIND, Finding
from .registry import (
    CheckContext,
    Checked,
    Rule,
    RuleFindings,
    apply_settings,
    check,
    entity_key,
    rule_findings,
    suppressing_entities,
)

_IGNORE_FIELDS = ("ignore", "ignore_reason")


def recheck(previous: Checked, workbook: Workbook) -> Checked:
    """The findings of `workbook`, an edited version of `previous.workbook`, with the same
    selection, file and day as `previous`; what the edit cannot affect is kept as it was.

    Also hands the old version's indexes to the new one (`Workbook.carry_indexes`), so
    its lookups need not be rebuilt from every entity.
    """
    old = previous.workbook
    if workbook is old:
        return previous
    day = previous.today or date.today()
    if old.meta != workbook.meta or day != previous.day:
        return _again(previous, workbook)
    changed = changed_entities(old, workbook)
    workbook.carry_indexes(old, changed)
    if not changed:
        return dataclasses.replace(previous, workbook=workbook, touched=frozenset())
    kinds = set(changed.values())
    ignores = {
        entity_id
        for entity_id, kind in changed.items()
        if changed_fields(
            old.section(kind).get(entity_id), workbook.section(kind).get(entity_id), _IGNORE_FIELDS
        )
    }
    context = CheckContext(
        workbook, previous.locations, previous.file, previous.text, today=previous.today
    )
    near = _Nearby(old, workbook, set(changed))
    by_rule: dict[str, RuleFindings] = {}
    touched = set(ignores)
    for current in previous.rules:
        kept = previous.by_rule[current.code]
        if current.about:
            affected = near.within(current.reach)
            found = _partly(context, current, kept, affected, near.keys(current.reach))
            if found is not kept:
                touched |= affected
        elif current.reads is None or kinds.intersection(current.reads):
            found = rule_findings(context, current, workbook)
            touched.update(f.entity for f in set(kept.applied).symmetric_difference(found.applied))
        else:
            found = kept
        if ignores:
            found = _resettled(found, current, workbook, ignores)
        by_rule[current.code] = found
    return dataclasses.replace(
        previous, workbook=workbook, by_rule=by_rule, touched=frozenset(touched)
    )


def _again(previous: Checked, workbook: Workbook) -> Checked:
    """A full check of `workbook` with everything else as `previous` had it."""
    codes = [r.code for r in previous.rules]
    return check(
        workbook,
        previous.locations,
        previous.file,
        previous.text,
        select=codes,
        today=previous.today,
    )


def _partly(
    context: CheckContext,
    current: Rule,
    kept: RuleFindings,
    affected: frozenset[str],
    keys: list[tuple[int, str]],
) -> RuleFindings:
    """`kept` with the findings on `affected` entities (whose canonical keys are `keys`,
    sorted) found again: each entity's run of findings is found by bisection, so what
    is kept is copied, not looked at."""
    fresh = rule_findings(context, current, context.workbook, affected)
    spans = []
    for key in keys:
        low = bisect_left(kept.keys, key)
        high = bisect_right(kept.keys, key, low)
        if low < high:
            spans.append((low, high))
    if not spans and not fresh.raw:
        return kept
    raw: list[Finding] = []
    applied: list[Finding] = []
    ordered: list[tuple[int, str]] = []
    start = 0
    for low, high in spans:
        raw += kept.raw[start:low]
        applied += kept.applied[start:low]
        ordered += kept.keys[start:low]
        start = high
    raw += kept.raw[start:]
    applied += kept.applied[start:]
    ordered += kept.keys[start:]
    for found, settled, key in zip(fresh.raw, fresh.applied, fresh.keys, strict=True):
        at = bisect_right(ordered, key)  # after the kept ones: fresh come in their own order
        raw.insert(at, found)
        applied.insert(at, settled)
        ordered.insert(at, key)
    return RuleFindings(tuple(raw), tuple(applied), tuple(ordered))


def _resettled(
    found: RuleFindings, current: Rule, workbook: Workbook, ignores: set[str]
) -> RuleFindings:
    """Kept findings with the settings applied again where an entity's `ignore` changed."""
    applied = tuple(
        apply_settings(raw, current, workbook)
        if ignores.intersection(suppressing_entities(raw))
        else before
        for raw, before in zip(found.raw, found.applied, strict=True)
    )
    return RuleFindings(found.raw, applied, found.keys)


class _Nearby:
    """The entities within so many references of the changed ones, in either version,
    either way ("" is the workbook, which refers to its North Star)."""

    def __init__(self, old: Workbook, new: Workbook, changed: set[str]) -> None:
        self._versions = (old, new)
        self._rings: list[frozenset[str]] = [frozenset(changed)]
        self._keys: dict[int, list[tuple[int, str]]] = {}

    def within(self, reach: int) -> frozenset[str]:
        while len(self._rings) <= reach:
            last = self._rings[-1]
            self._rings.append(last | _neighbours(self._versions, last))
        return self._rings[reach]

    def keys(self, reach: int) -> list[tuple[int, str]]:
        """The canonical keys findings on those entities have (an id once per kind it has
        in either version), sorted."""
        if reach not in self._keys:
            found = {
                entity_key(kind, entity_id)
                for entity_id in self.within(reach)
                for kind in self._kinds(entity_id)
            }
            self._keys[reach] = sorted(found)
        return self._keys[reach]

    def _kinds(self, entity_id: str) -> set[str]:
        if entity_id == "":
            return {WORKBOOK_KIND}
        return {k for wb in self._versions if (k := wb.kind_of(entity_id)) is not None}


def _neighbours(versions: Iterable[Workbook], ids: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for wb in versions:
        north_star = wb.meta.north_star
        for entity_id in ids:
            if entity_id == "":
                if north_star:
                    found.add(north_star)
                continue
            if entity_id == north_star:
                found.add("")
            found.update(referrer for referrer, _ in wb.referrers(entity_id))
            kind = wb.kind_of(entity_id)
            if kind is not None:
                entity = wb.section(kind)[entity_id]
                found.update(target for _, target in references(kind, entity))
    return found
