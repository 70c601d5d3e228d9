"""The workbench's findings pane: the findings of the selected entry, then of the whole
workbook; select one to jump to its entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from ....checks import Finding

from ....model.workbook import Workbook
from ...findings import FindingSet
from .text import finding_text

SHOWN_LIMIT = 300


class FindingsPane(OptionList):
    """Select a finding to jump to its entity."""

    class JumpTo(Message):
        def __init__(self, entity_id: str) -> None:
            self.entity_id = entity_id
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.findings = FindingSet()
        self.entity_id = ""
        self._rows: list[Finding | None] = []
        self.border_title = "Findings"

    def show(self, findings: FindingSet, entity_id: str, wb: Workbook | None) -> None:
        self.findings = findings
        self.entity_id = entity_id
        rows: list[Finding | None] = []
        options: list[Option | None] = []
        mine = findings.for_entity(entity_id) if entity_id else ()
        if entity_id:
            options.append(Option(Text("This entry", style="bold underline"), disabled=True))
            rows.append(None)
            if not mine:
                options.append(Option(Text("  nothing to check here", style="dim"), disabled=True))
                rows.append(None)
            for finding in mine:
                options.append(Option(finding_text(finding, wb, with_entity=False)))
                rows.append(finding)
        total = len(findings.items)
        heading = f"Whole workbook ({total})" if total else "Whole workbook: no findings"
        options.append(Option(Text(heading, style="bold underline"), disabled=True))
        rows.append(None)
        for finding in findings.items[:SHOWN_LIMIT]:
            options.append(Option(finding_text(finding, wb)))
            rows.append(finding)
        if total > SHOWN_LIMIT:
            more = Text(f"… and {total - SHOWN_LIMIT} more", style="dim")
            options.append(Option(more, disabled=True))
            rows.append(None)
        self._rows = rows
        highlighted = self.highlighted
        self.set_options(options)
        if highlighted is not None and highlighted < len(options):
            self.highlighted = highlighted
        errors = sum(1 for f in findings.items if f.severity == "error")
        self.border_title = f"Findings: {total}" + (
            f" ({errors} error{'s' if errors != 1 else ''})" if errors else ""
        )

    @on(OptionList.OptionSelected)
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if 0 <= index < len(self._rows):
            finding = self._rows[index]
            if finding is not None and finding.entity:
                self.post_message(self.JumpTo(finding.entity))
