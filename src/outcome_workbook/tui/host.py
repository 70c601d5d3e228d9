"""What screens and widgets may ask of the app, so they work in either app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
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


@dataclass(frozen=True)
class Made:
    """Whether an edit was made, and what its operation returned beside the workbook;
    `asked` when it waits on the person's answer (it would reopen an agreement)."""

    made: bool
    extra: Any = None
    asked: bool = False


class Host(Protocol):
    """The app, as its screens and widgets see it: the workbench and the session alike
    (both are a `document_app.DocumentApp`)."""

    workbook_changed: Signal[Change]
    findings_changed: Signal[FindingSet]
    findings: FindingSet
    last_error: str

    @property
    def workbook(self) -> Workbook: ...

    @property
    def read_only(self) -> bool: ...

    def today(self) -> date: ...

    def refusal(self) -> str:
        """Why this app makes no edits at all (a viewer), or '' if it does."""

    def edit(self, label: str, operation: Any, *args: Any, focus: str = "", **kwargs: Any) -> Any:
        """Apply a model operation; raises WorkbookError (nothing changed) on misuse."""

    def apply_edit(
        self, label: str, operation: Any, *args: Any, focus: str = "", **kwargs: Any
    ) -> bool:
        """Like `edit`, but reports a failure to the person and returns False."""

    def attempt(
        self,
        label: str,
        operation: Any,
        *args: Any,
        focus: str = "",
        done: str = "",
        then: Callable[[Made], None] | None = None,
        **kwargs: Any,
    ) -> Made:
        """Like `apply_edit`, with the operation's extra (a new id); `done` is shown and
        `then` runs when the edit is made, at once or after the reopen question."""

    def apply(
        self, change: Callable[[Workbook], Workbook], done: str = "", label: str = ""
    ) -> bool:
        """A change as `apply_edit`: `done` is shown when it is made, `label` names it."""
