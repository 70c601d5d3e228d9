"""A finding as both apps draw it: its severity mark, whom it is about, what it says,
and the question it asks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ....model.workbook import Workbook
from ...findings import SEVERITY_MARKS
from ...widgets.entity_labels import clip

if TYPE_CHECKING:
    from ....checks import Finding

CLIP = 160


def finding_text(finding: Finding, wb: Workbook | None = None, with_entity: bool = True) -> Text:
    """The mark, then (`with_entity`) the entry's title unless the message already quotes
    it (most rules name what they are about: the title would be said twice), the
    message, and the question on a line of its own."""
    mark, style = SEVERITY_MARKS[finding.severity]
    text = Text(f"{mark} ", style=style)
    if with_entity and finding.entity:
        entity = wb.find(finding.entity) if wb is not None else None
        title = entity.title if entity is not None else finding.entity
        if not title or title not in finding.message:
            text.append(f"{clip(title, 40)}: ", style="bold")
    text.append(clip(finding.message, CLIP))
    if finding.question:
        text.append(f"\n   ? {clip(finding.question, CLIP)}", style="italic")
    return text
