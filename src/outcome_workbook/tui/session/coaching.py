"""Coaching shown on the spot during a session: the checks' findings for one entity."""

from __future__ import annotations

from ...model.workbook import Workbook


def coaching_for(workbook: Workbook, entity_id: str) -> list[tuple[str, str, str]]:
    """(severity, message, coaching question) for every finding about one entity."""
    from ...checks import findings_for

    return [(f.severity, f.message, f.question) for f in findings_for(workbook, entity_id)]
