"""Coaching shown on the spot during a session: the checks' findings for one entity."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ...model.workbook import Workbook

if TYPE_CHECKING:
    from ...checks import Finding


def coaching_for(workbook: Workbook, entity_id: str, today: date | None = None) -> list[Finding]:
    """The unsuppressed findings about one entity (the checks are imported on first use)."""
    from ...checks import findings_for

    return findings_for(workbook, entity_id, today=today)
