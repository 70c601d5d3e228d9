"""The open workbook in the workbench: the file, the current value, undo and redo.

Workbooks are immutable, so undo keeps the previous values themselves; an
edit is any model operation applied to the current value. No widgets here,
so the guided session and the tests can drive the same state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..model.errors import WorkbookError
from ..model.workbook import Workbook
from ..store import WorkbookFile

HISTORY_LIMIT = 500


@dataclass
class Step:
    """One entry on the undo or redo stack: what it did and the value before it."""

    label: str
    workbook: Workbook
    focus: str = ""


@dataclass
class EditState:
    """The workbook being edited, relative to the file it came from."""

    file: WorkbookFile
    workbook: Workbook
    undo_stack: list[Step] = field(default_factory=list)
    redo_stack: list[Step] = field(default_factory=list)
    generation: int = 0
    # The hash of the outside version the user chose to replace ("Keep mine"): the
    # next save may overwrite that version, and only that one.
    overwrite_digest: str = ""

    @classmethod
    def open(cls, file: WorkbookFile) -> EditState:
        return cls(file=file, workbook=file.workbook)

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    @property
    def dirty(self) -> bool:
        """Whether the value differs from what the file holds."""
        return self.workbook is not self.file.baseline and self.workbook != self.file.baseline

    def apply(
        self, label: str, operation: Callable[..., Any], *args: Any, focus: str = "", **kwargs: Any
    ) -> Any:
        """Run a model operation on the current workbook and keep the old value for undo.

        The operation returns a Workbook or (Workbook, extra); the extra (a new
        id, say) is returned. A WorkbookError leaves everything unchanged.
        """
        if self.read_only:
            raise WorkbookError(f"this workbook is read-only: {self.file.read_only_reason}")
        result = operation(self.workbook, *args, **kwargs)
        extra: Any = None
        if isinstance(result, tuple):
            new, extra = result
        else:
            new = result
        if not isinstance(new, Workbook):  # pragma: no cover - a programming error
            raise TypeError(f"{operation!r} did not return a workbook")
        if new is not self.workbook:
            self.undo_stack.append(Step(label, self.workbook, focus))
            del self.undo_stack[:-HISTORY_LIMIT]
            self.redo_stack.clear()
            self.workbook = new
            self.generation += 1
        return extra

    def take_back(self) -> None:
        """Drop the last edit as if it never happened (no redo): it was only tried."""
        step = self.undo_stack.pop()
        self.workbook = step.workbook
        self.generation += 1

    def replace(self, workbook: Workbook, label: str) -> None:
        """Swap in a whole workbook (a restored recovery file), undoably."""
        self.undo_stack.append(Step(label, self.workbook))
        self.redo_stack.clear()
        self.workbook = workbook
        self.generation += 1

    def undo(self) -> Step | None:
        if not self.undo_stack:
            return None
        step = self.undo_stack.pop()
        self.redo_stack.append(Step(step.label, self.workbook, step.focus))
        self.workbook = step.workbook
        self.generation += 1
        return step

    def redo(self) -> Step | None:
        if not self.redo_stack:
            return None
        step = self.redo_stack.pop()
        self.undo_stack.append(Step(step.label, self.workbook, step.focus))
        self.workbook = step.workbook
        self.generation += 1
        return step

    def save(self) -> bool:
        """Write atomically through the store; refuses over outside changes, except the
        one version the user chose to replace."""
        written = self.file.save(self.workbook, overwrite=self.overwrite_digest)
        self.overwrite_digest = ""
        # The store's baseline now equals our value; share it so `dirty` is cheap.
        if self.workbook == self.file.baseline:
            self.workbook = self.file.baseline
        return written

    def reload(self) -> None:
        """Read the file again (after an outside change), starting a fresh history."""
        self.file = WorkbookFile.open(self.file.path, allow_newer=True)
        self.workbook = self.file.workbook
        self.undo_stack.clear()
        self.redo_stack.clear()
        self.overwrite_digest = ""
        self.generation += 1
