"""What the findings pane shows, gathered from the core without touching widgets.

Runs in a worker thread: the workbook is immutable, so reading it there is safe.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model.workbook import Workbook

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
    """Every finding of one workbook value, indexed by entity."""

    items: tuple[Finding, ...] = ()
    by_entity: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)

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


def _coaching(workbook: Workbook) -> list[Finding] | None:
    """The coaching checks' findings, or None while the checks engine is not installed."""
    try:
        from ..checks import run_checks  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return None
    return [
        Finding(f.entity, f.severity, f.code, f.message, f.question)
        for f in run_checks(workbook)
        if not getattr(f, "suppressed", "")
    ]


def compute(workbook: Workbook) -> FindingSet:
    """The coaching checks (with the store's structural problems when they are missing)."""
    coaching = _coaching(workbook)
    found = _store_problems(workbook) if coaching is None else coaching
    found.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.entity_id, f.code))
    index: dict[str, list[Finding]] = {}
    for finding in found:
        index.setdefault(finding.entity_id, []).append(finding)
    return FindingSet(tuple(found), {k: tuple(v) for k, v in index.items()})
