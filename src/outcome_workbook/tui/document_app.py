"""What both apps do with their open document: edit, undo, redo, and say what changed.

The workbench and the guided session are two faces of one controller: each
holds a `Document` (with its own save policy), makes every change through a
model operation here, and publishes one `Change` signal that every screen
redraws from. What differs (the workbench's save, recovery and file watch; the
session's room and its following of other participants) stays in each app.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.signal import Signal

from ..model.errors import WorkbookError
from ..model.workbook import Workbook
from ..safety import one_line
from .agreement_view import confirm_reopen
from .document import Document, Step
from .findings import FindingSet
from .host import Change, Made
from .keyboard import KeyboardApp


class DocumentApp(KeyboardApp):
    """An app over one `Document`; implements `host.Host` for its screens."""

    def __init__(self, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self._today = today
        self.document: Document | None = None
        self.workbook_changed: Signal[Change] = Signal(self, "workbook-changed")
        self.findings_changed: Signal[FindingSet] = Signal(self, "findings-changed")
        self.findings = FindingSet()
        self.last_error = ""

    # --- what screens read -------------------------------------------------------------

    @property
    def workbook(self) -> Workbook:
        assert self.document is not None
        return self.document.workbook

    @property
    def read_only(self) -> bool:
        return self.document is not None and self.document.read_only

    def today(self) -> date:
        """The date edits are stamped with: one clock per app, so tests can fix it."""
        return self._today()

    # --- edits ---------------------------------------------------------------------------

    def refusal(self) -> str:
        """Why this app makes no edits at all (a viewer), or '' if it does."""
        return ""

    def edit(
        self,
        label: str,
        operation: Callable[..., Any],
        *args: Any,
        focus: str = "",
        confirmed: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Apply one model operation as an undoable edit; returns the operation's extra.

        Raises WorkbookError (nothing changed) when the operation or the save refuses.
        An edit that would reopen an agreement is asked about first (see `attempt`).
        """
        made = self._make(label, operation, args, kwargs, focus, confirmed, "", None)
        return made.extra

    def attempt(
        self,
        label: str,
        operation: Callable[..., Any],
        *args: Any,
        focus: str = "",
        done: str = "",
        confirmed: bool = False,
        then: Callable[[Made], None] | None = None,
        **kwargs: Any,
    ) -> Made:
        """Like `edit`, but tells the person why an edit was refused (or `done` when it is
        made) and says whether it was made, with the operation's extra (a new id).

        An edit that would move signed terms from under an agreement is not made yet:
        the person is asked, the result says `asked`, and nothing is reported done. If
        they go ahead, the edit is made then, `done` is shown and `then` runs with its
        result; `then` also runs at once for an edit made straight away. So a caller
        that clears what was typed in `then` never drops it before the answer.
        """
        try:
            made = self._make(label, operation, args, kwargs, focus, confirmed, done, then)
        except WorkbookError as error:
            self.last_error = error.message
            self.notify(
                one_line(error.message), severity="error", title="Not changed", markup=False
            )
            return Made(False)
        self.last_error = ""
        if made.made:
            if done:
                self.notify(done, timeout=2, markup=False)
            if then is not None:
                then(made)
        return made

    def _make(
        self,
        label: str,
        operation: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        focus: str,
        confirmed: bool,
        done: str,
        then: Callable[[Made], None] | None,
    ) -> Made:
        assert self.document is not None
        refused = self.refusal()
        if refused:
            raise WorkbookError(refused)
        generation = self.document.generation
        outcome = self.document.apply(
            label, operation, *args, focus=focus, confirmed=confirmed, **kwargs
        )
        if not outcome.changed and self.document.generation != generation:
            self.changed()  # nothing of ours was made, but the file held others' changes
        if outcome.reopened:

            def go_ahead() -> None:
                self.attempt(
                    label,
                    operation,
                    *args,
                    focus=focus,
                    done=done,
                    confirmed=True,
                    then=then,
                    **kwargs,
                )

            confirm_reopen(self, list(outcome.reopened), go_ahead, after=self.declined)
            return Made(False, asked=True)
        if outcome.changed:
            self.changed(self.document.undo_stack[-1].focus)
        return Made(True, outcome.extra)

    def apply_edit(
        self,
        label: str,
        operation: Callable[..., Any],
        *args: Any,
        focus: str = "",
        confirmed: bool = False,
        **kwargs: Any,
    ) -> bool:
        """Like `edit`, but tells the person why an edit was refused and returns False;
        True when it was made or waits on the reopen question (nothing to correct)."""
        made = self.attempt(label, operation, *args, focus=focus, confirmed=confirmed, **kwargs)
        return made.made or made.asked

    def apply(
        self, change: Callable[[Workbook], Workbook], done: str = "", label: str = ""
    ) -> bool:
        """A session step's change as an undoable edit: `done` is shown when it is made,
        `label` (or `done`) names it for undo."""
        return self.attempt(label or done or "Session change", change, done=done).made

    def declined(self) -> None:
        """The person kept an agreement an edit would have reopened: views show the
        stored values again, not what was typed."""
        self.workbook_changed.publish(Change(self.workbook))

    # --- undo and redo -------------------------------------------------------------------

    def action_undo(self) -> None:
        self._replay(undoing=True)

    def action_redo(self) -> None:
        self._replay(undoing=False)

    def _replay(self, undoing: bool) -> None:
        if self.document is None or self.read_only or self.refusal():
            return
        try:
            step: Step | None = self.document.undo() if undoing else self.document.redo()
        except WorkbookError as error:
            self.notify(one_line(error.message), severity="warning", markup=False, timeout=8)
            return
        if step is None:
            self.notify("Nothing to undo." if undoing else "Nothing to redo.")
            return
        verb = "Undid" if undoing else "Redid"
        self.notify(one_line(f"{verb}: {step.label}"), timeout=2, markup=False)
        self.changed(step.focus)

    # --- telling the screens -------------------------------------------------------------

    def changed(self, focus: str = "") -> None:
        """After every edit, undo, redo or reload: every view redraws from the new value."""
        self.workbook_changed.publish(Change(self.workbook, focus))
