"""What screens and widgets may ask of the app, so they work in any app that provides it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from textual.signal import Signal

from ..model.workbook import Workbook
from .findings import FindingSet


@dataclass(frozen=True)
class Change:
    """Published after every edit, undo, redo, reload: the new value and what to focus."""

    workbook: Workbook
    focus: str = ""
    structural: bool = True


class Host(Protocol):
    """The workbench app, as seen from its screens."""

    workbook_changed: Signal[Change]
    findings_changed: Signal[FindingSet]
    findings: FindingSet
    last_error: str

    @property
    def workbook(self) -> Workbook: ...

    @property
    def read_only(self) -> bool: ...

    def edit(self, label: str, operation: Any, *args: Any, focus: str = "", **kwargs: Any) -> Any:
        """Apply a model operation; raises WorkbookError (nothing changed) on misuse."""

    def apply_edit(
        self, label: str, operation: Any, *args: Any, focus: str = "", **kwargs: Any
    ) -> bool:
        """Like `edit`, but reports a failure to the user and returns False."""
