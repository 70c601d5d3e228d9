"""The open workbook: its file, its current value, undo and redo, and when it is written.

Both apps edit through one `Document`; they differ only in its save policy:

- `ON_REQUEST` (the workbench): edits stay in memory until the person saves;
  the app keeps a recovery copy meanwhile and watches the file for outside changes.
- `EACH_EDIT` (the guided session): every edit is written at once, under the
  file's lock, and re-run on what the file holds at that moment, so what other
  participants saved meanwhile is kept and this edit is added to it.

Workbooks are immutable, so the undo stack keeps values, not commands. Undo takes
back this person's edit only: when the file holds other people's changes made
since (the session), the edit is taken out of it by a three-way merge (base = the
value after the edit, ours = the value before it, theirs = the file now); if they
changed the same thing since, nothing is undone and the person is told why.

No widgets here: the apps show what a `Document` did; tests drive it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..merge.model import merge_workbooks
from ..model.agreement import Reopened, needs_upgrade, reopened_between
from ..model.changes import changed_entities
from ..model.errors import WorkbookError
from ..model.operations import upgrade_signoffs
from ..model.workbook import Workbook
from ..store import WorkbookFile, shared

HISTORY_LIMIT = 500


class SavePolicy(Enum):
    """When a document's edits reach its file."""

    ON_REQUEST = "on request"
    EACH_EDIT = "each edit"


@dataclass
class Step:
    """One edit on the undo or redo stack: its name, and the values before and after it."""

    label: str
    before: Workbook
    after: Workbook
    focus: str = ""


@dataclass(frozen=True)
class Outcome:
    """What `Document.apply` did."""

    changed: bool
    # What the operation returned beside the workbook (a new entity's id, say).
    extra: Any = None
    # Agreements the edit would reopen: nothing was changed; ask, then apply confirmed.
    reopened: tuple[Reopened, ...] = ()


def _upgraded(workbook: Workbook) -> Workbook:
    """Format 1 sign-offs recorded as the terms they were read as signing, so the first
    edit of an older file can be seen to change those terms."""
    return upgrade_signoffs(workbook) if needs_upgrade(workbook) else workbook


def _split(result: Any) -> tuple[Workbook, Any]:
    """A model operation returns a Workbook, or (Workbook, extra)."""
    new, extra = result if isinstance(result, tuple) else (result, None)
    if not isinstance(new, Workbook):  # pragma: no cover - a programming error
        raise TypeError(f"an operation returned {type(new).__name__}, not a workbook")
    return new, extra


def _take_out(step: Step, now: Workbook, undoing: bool) -> Workbook:
    """`now` with `step` taken back (undoing) or made again, keeping every other change."""
    done, undone = (step.after, step.before) if undoing else (step.before, step.after)
    if now is done or now == done:
        return undone
    merged, conflicts = merge_workbooks(done, undone, now)
    if conflicts:
        what = "; ".join(c.describe() for c in conflicts[:2])
        verb = "undone" if undoing else "redone"
        raise WorkbookError(
            f"Not {verb}: “{step.label}” was changed by someone else since ({what})"
        )
    return merged


@dataclass
class Document:
    """The workbook being edited, relative to the file it came from."""

    file: WorkbookFile
    policy: SavePolicy = SavePolicy.ON_REQUEST
    workbook: Workbook = field(init=False)
    undo_stack: list[Step] = field(default_factory=list)
    redo_stack: list[Step] = field(default_factory=list)
    # Counts every change of value, so work started on an older value can tell.
    generation: int = 0
    # The hash of the outside version the person chose to replace ("Keep mine"): the
    # next save may overwrite that version, and only that one.
    overwrite_digest: str = ""

    def __post_init__(self) -> None:
        self.workbook = self.file.workbook

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    @property
    def dirty(self) -> bool:
        """Whether the value differs from what the file holds."""
        return self.workbook is not self.file.baseline and self.workbook != self.file.baseline

    # --- edits ---------------------------------------------------------------------------

    def apply(
        self,
        label: str,
        operation: Callable[..., Any],
        *args: Any,
        focus: str = "",
        confirmed: bool = False,
        **kwargs: Any,
    ) -> Outcome:
        """Run a model operation on the current value and keep the old value for undo.

        An edit that would move signed terms from under an agreement is not made
        unless `confirmed`: the outcome names the agreements, to ask about first.
        Raises WorkbookError (nothing changed) when the operation refuses, the
        workbook is read-only in the workbench, or an each-edit save fails.
        """
        if self.read_only and self.policy is SavePolicy.ON_REQUEST:
            raise WorkbookError(f"this workbook is read-only: {self.file.read_only_reason}")
        reopened: list[Reopened] = []
        extras: list[Any] = []

        def change(current: Workbook) -> Workbook | None:
            new, extra = _split(operation(_upgraded(current), *args, **kwargs))
            if new is current:
                return None
            changed = _carry_indexes(current, new)
            if not confirmed:
                reopened[:] = reopened_between(current, new, changed)
                if reopened:
                    return None
            extras[:] = [extra]
            return new

        before, after = self._write(change)
        if after is None:
            return Outcome(False, reopened=tuple(reopened))
        self._push(Step(label, before, after, focus or _focus_of(extras[0])))
        return Outcome(True, extras[0])

    def _write(
        self, change: Callable[[Workbook], Workbook | None]
    ) -> tuple[Workbook, Workbook | None]:
        """Apply `change` under the save policy: the value it was run on, and its result
        (None: nothing changed). Each-edit saves re-run it on the file's content."""
        if self.policy is SavePolicy.ON_REQUEST or self.read_only:
            # A read-only session keeps its changes for this screen alone: never written.
            before = self.workbook
            after = change(before)
            if after is not None:
                self._set(after)
            return before, after
        seen: list[Workbook] = []

        def noting(fresh: Workbook) -> Workbook | None:
            seen[:] = [fresh]
            return change(fresh)

        try:
            result = shared.update(self.file, noting)
        except OSError as error:
            raise WorkbookError(f"cannot save: {error.strerror}") from error
        self.file = result.file
        self._set(result.workbook if result.workbook is not None else self.file.workbook)
        return (seen[0] if seen else self.workbook), result.workbook

    def _set(self, workbook: Workbook) -> None:
        if workbook is not self.workbook:
            self.workbook = workbook
            self.generation += 1

    def _push(self, step: Step) -> None:
        self.undo_stack.append(step)
        del self.undo_stack[:-HISTORY_LIMIT]
        self.redo_stack.clear()

    def undo(self) -> Step | None:
        """Take back the last edit; None if there is none. WorkbookError: not undone."""
        return self._replay(self.undo_stack, self.redo_stack, undoing=True)

    def redo(self) -> Step | None:
        """Make the last undone edit again; None if there is none. WorkbookError: not redone."""
        return self._replay(self.redo_stack, self.undo_stack, undoing=False)

    def _replay(self, source: list[Step], target: list[Step], undoing: bool) -> Step | None:
        if not source:
            return None
        step = source[-1]
        if self.policy is SavePolicy.ON_REQUEST:
            # Nobody else edits this value: it is the step's result, or its start.
            self._set(step.before if undoing else step.after)
        else:
            self._write(lambda now: _take_out(step, now, undoing))
        source.pop()
        target.append(step)
        return step

    def replace(self, workbook: Workbook, label: str) -> None:
        """Swap in a whole workbook (a restored recovery copy), undoably."""
        before = self.workbook
        self._set(workbook)
        self._push(Step(label, before, workbook))

    # --- the file ------------------------------------------------------------------------

    def save(self) -> bool:
        """Write atomically through the store; refuses over outside changes, except the
        one version the person chose to replace."""
        written = self.file.save(self.workbook, overwrite=self.overwrite_digest)
        self.saved(self.workbook)
        return written

    def saved(self, workbook: Workbook) -> None:
        """`workbook` was written to the file (by `save`, or by a worker saving the value
        it was given): an edit made since stays, still to be saved."""
        self.overwrite_digest = ""
        if self.workbook is workbook:
            # The store's baseline now equals our value; share it so `dirty` is cheap,
            # with the indexes already built for the value (not rebuilt from every entity).
            self.file.baseline.carry_indexes(workbook, {})
            self.workbook = self.file.baseline

    def reload(self) -> None:
        """Read the file again (after an outside change), starting a fresh history."""
        self.file = WorkbookFile.open(self.file.path, allow_newer=True)
        self.workbook = self.file.workbook
        self.undo_stack.clear()
        self.redo_stack.clear()
        self.overwrite_digest = ""
        self.generation += 1

    def follow(self) -> bool:
        """Take what others saved to the file since (each-edit documents, which hold no
        unsaved work); the history stays, since undo merges. False: nothing new."""
        if not self.file.changed_on_disk():
            return False
        try:
            self.file = WorkbookFile.open(self.file.path, allow_newer=True)
        except (WorkbookError, OSError):
            return False  # broken mid-write by an editor: the next look may see it whole
        self._set(self.file.workbook)
        return True


def _carry_indexes(old: Workbook, new: Workbook) -> dict[str, str]:
    """What an edit changed (id -> kind); `new` takes over `old`'s id and referrer
    indexes updated for it, before anything reads them, instead of every view of the
    new value rebuilding them from every entity."""
    changed = changed_entities(old, new)
    new.carry_indexes(old, changed)
    return changed


def _focus_of(extra: Any) -> str:
    """A new entity's id, which the screens move the cursor to."""
    return extra if isinstance(extra, str) else ""
