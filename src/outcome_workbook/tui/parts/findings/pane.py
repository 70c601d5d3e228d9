"""The workbench's findings pane: the findings of the selected entry, then of the whole
workbook; select one to jump to its entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
        # Each finding's row, kept while its text stays the same: an Option keeps its
        # wrapped height, so moving the cursor does not re-wrap the 300 rows below.
        self._made: dict[tuple[Finding, bool], tuple[str, Option]] = {}
        self._shown: tuple[FindingSet, str, Workbook | None] | None = None
        self._errors: tuple[FindingSet, int] | None = None

    def _option(
        self, finding: Finding, wb: Workbook | None, with_entity: bool, made: dict[Any, Any]
    ) -> Option:
        """The row for `finding`: the one made before when its entity's title is the same."""
        entity = wb.find(finding.entity) if wb is not None and with_entity else None
        title = entity.title if entity is not None else ""
        key = (finding, with_entity)
        known = self._made.get(key)
        if known is None or known[0] != title or key in made:
            known = (title, Option(finding_text(finding, wb, with_entity=with_entity)))
        made[key] = known
        return known[1]

    def _error_count(self, findings: FindingSet) -> int:
        if self._errors is None or self._errors[0] is not findings:
            self._errors = (findings, sum(1 for f in findings.items if f.severity == "error"))
        return self._errors[1]

    def show(self, findings: FindingSet, entity_id: str, wb: Workbook | None) -> None:
        shown = self._shown
        if shown and shown[0] is findings and shown[1] == entity_id and shown[2] is wb:
            return  # the same findings of the same value, for the same entry
        self._shown = (findings, entity_id, wb)
        made: dict[tuple[Finding, bool], tuple[str, Option]] = {}
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
                options.append(self._option(finding, wb, False, made))
                rows.append(finding)
        total = len(findings.items)
        heading = f"Whole workbook ({total})" if total else "Whole workbook: no findings"
        options.append(Option(Text(heading, style="bold underline"), disabled=True))
        rows.append(None)
        for finding in findings.items[:SHOWN_LIMIT]:
            options.append(self._option(finding, wb, True, made))
            rows.append(finding)
        if total > SHOWN_LIMIT:
            more = Text(f"… and {total - SHOWN_LIMIT} more", style="dim")
            options.append(Option(more, disabled=True))
            rows.append(None)
        self._rows = rows
        self._made = made
        highlighted = self.highlighted
        self.set_options(options)
        if highlighted is not None and highlighted < len(options):
            self.highlighted = highlighted
        errors = self._error_count(findings)
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
