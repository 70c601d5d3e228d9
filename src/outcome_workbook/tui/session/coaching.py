"""Coaching shown on the spot during a session: the checks' findings for one entity."""

from __future__ import annotations

from datetime import date

from ...model.workbook import Workbook


def coaching_for(
    workbook: Workbook, entity_id: str, today: date | None = None
) -> list[tuple[str, str, str]]:
    """(severity, message, coaching question) for every finding about one entity."""
    from ...checks import findings_for

    found = findings_for(workbook, entity_id, today=today)
    return [(f.severity, f.message, f.question) for f in found]
