"""What the findings pane shows: the checks' findings of one workbook value, by entity.

Runs in a worker thread: the workbook is immutable, so reading it there is safe. The
findings are the checks' own `Finding` values; this adds only the index and the marks.
The checks are imported on first use, so the app starts without loading their rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model.entities import Severity
from ..model.workbook import Workbook

if TYPE_CHECKING:
    from ..checks import Finding

# How a severity is marked wherever the TUI lists findings: the workbench's pane and
# the session's coaching strip.
SEVERITY_MARKS: dict[Severity, tuple[str, str]] = {
    "error": ("✖", "bold red"),
    "warning": ("▲", "bold yellow"),
    "hint": ("•", "cyan"),
}


@dataclass(frozen=True)
class FindingSet:
    """Every finding of one workbook value, indexed by entity."""

    items: tuple[Finding, ...] = ()
    by_entity: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)

    def for_entity(self, entity_id: str) -> tuple[Finding, ...]:
        return tuple(self.by_entity.get(entity_id, ()))

    def counts(self, entity_id: str) -> Counter[str]:
        return Counter(f.severity for f in self.by_entity.get(entity_id, ()))


def compute(workbook: Workbook) -> FindingSet:
    """The unsuppressed findings, most serious first, then by entity and code."""
    from ..checks import SEVERITY_RANK, run_checks

    found = [f for f in run_checks(workbook) if not f.suppressed]
    found.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.entity, f.code))
    index: dict[str, list[Finding]] = {}
    for finding in found:
        index.setdefault(finding.entity, []).append(finding)
    return FindingSet(tuple(found), {k: tuple(v) for k, v in index.items()})
