"""Coaching checks: one finding type, one registry, rules grouped by family.

`run_checks` gives every finding for a workbook; `findings_for` gives those
about one entity (what the workbench shows beside it). Rule modules load on
first use, so importing this package stays cheap.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from datetime import date

from ..model.entities import SEVERITIES, Severity
from ..model.workbook import Workbook
from .finding import SEVERITY_RANK, WORKBOOK_KIND, Finding
from .registry import CheckContext, Rule, all_rules, parse_codes, rule, run_checks

__all__ = [
    "SEVERITIES",
    "SEVERITY_RANK",
    "WORKBOOK_KIND",
    "CheckContext",
    "Finding",
    "Rule",
    "Severity",
    "all_rules",
    "findings_for",
    "parse_codes",
    "rule",
    "run_checks",
]

# The last workbook checked and its findings: the workbench asks once per entity it shows,
# and a Workbook is immutable, so the same object always has the same findings.
_last: tuple[weakref.ref[Workbook], Mapping[str, int] | None, date | None, list[Finding]] | None = (
    None
)


def findings_for(
    workbook: Workbook,
    entity_id: str,
    locations: Mapping[str, int] | None = None,
    today: date | None = None,
) -> list[Finding]:
    """The unsuppressed findings about one entity ("" for the workbook as a whole)."""
    global _last
    if (
        _last is None
        or _last[0]() is not workbook
        or _last[1] is not locations
        or _last[2] != today
    ):
        found = run_checks(workbook, locations, today=today)
        _last = (weakref.ref(workbook), locations, today, found)
    return [f for f in _last[3] if f.entity == entity_id]
