"""The product's own read and write paths: load, save unchanged, save after one edit."""

from __future__ import annotations

import difflib
import shutil
from dataclasses import dataclass
from pathlib import Path

from outcome_workbook.model import operations
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.store import WorkbookFile, parse, read_bytes

from .timing import Timing, repeat


def load(path: Path, repeats: int) -> Timing:
    """Bytes on disk to a model ready to display (the read-only commands' path)."""

    def work() -> None:
        parse(read_bytes(path), str(path))

    return repeat(work, repeats)


def save_unchanged(path: Path, scratch: Path, repeats: int) -> Timing:
    """Saving a workbook nobody changed: must cost next to nothing and write nothing."""
    copy = scratch / f"unchanged-{path.name}"
    shutil.copyfile(path, copy)
    opened = WorkbookFile.open(copy)
    before = copy.read_bytes()
    timing = repeat(lambda: opened.save(opened.workbook), repeats)
    if copy.read_bytes() != before:
        raise AssertionError("saving an unchanged workbook changed the file")
    return timing


@dataclass
class EditResult:
    timing: Timing
    changed_lines: int


def save_one_edit(path: Path, scratch: Path, repeats: int) -> EditResult:
    """One title edit through the operations, then save: time, and lines the diff shows.

    Each run edits a different product outcome of the same open file, as a
    person editing one title after another would. Changed lines are counted on
    the first run: the old and new text of the edited line, counted once.
    """
    copy = scratch / f"edit-{path.name}"
    shutil.copyfile(path, copy)
    opened = WorkbookFile.open(copy)
    outcome_ids = sorted(opened.workbook.product_outcomes)
    if not outcome_ids:
        raise ValueError(f"{path} has no product outcome to edit")
    before = copy.read_bytes()
    done = [0]

    def work() -> None:
        target = outcome_ids[(done[0] * 7) % len(outcome_ids)]
        title = opened.workbook.product_outcomes[target].title
        edited = operations.set_field(opened.workbook, target, "title", f"{title} (edit {done[0]})")
        opened.save(edited)
        done[0] += 1

    timing = repeat(work, 1)
    after_first = copy.read_bytes()
    if repeats > 1:
        timing.runs.extend(repeat(work, repeats - 1).runs)
    return EditResult(timing, changed_lines(before, after_first))


def recheck_one_edit(path: Path, repeats: int) -> Timing:
    """One title edit, then the findings of the edited workbook from those shown before it,
    as the workbench is to work them out after each committed edit (`tui.findings.update`,
    which rechecks only what the edit can change); each edit builds on the last."""
    from outcome_workbook.tui import findings

    opened = WorkbookFile.open(path)
    outcome_ids = sorted(opened.workbook.product_outcomes)
    # The workbook and the findings shown before the next edit.
    state: list[tuple[Workbook, findings.FindingSet]] = [
        (opened.workbook, findings.compute(opened.workbook))
    ]
    done = [0]

    def work() -> None:
        workbook, shown = state[0]
        target = outcome_ids[(done[0] * 7) % len(outcome_ids)]
        title = workbook.product_outcomes[target].title
        edited = operations.set_field(workbook, target, "title", f"{title} (edit {done[0]})")
        state[0] = (edited, findings.update(shown, edited))
        done[0] += 1

    return repeat(work, repeats)


def changed_lines(before: bytes, after: bytes) -> int:
    """How many lines a reviewer sees changed (a replaced line counts once)."""
    old = before.decode("utf-8").splitlines()
    new = after.decode("utf-8").splitlines()
    # The common head and tail are equal by definition; difflib compares the rest.
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    old, new = old[head : len(old) - tail], new[head : len(new) - tail]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )
