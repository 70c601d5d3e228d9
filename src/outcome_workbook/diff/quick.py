"""Diffs of workbook files that decode only the tables where the versions differ.

Reading a 5 MB workbook in full costs a second of TOML parsing; a change touches a
few dozen of its seventeen thousand tables. Here both versions are cut into tables
(`partial.read_split`), compared as text, and only the tables that differ are decoded
(`partial.PartialWorkbook`); the semantic diff then runs unchanged on those, and the
same cut gives the text-only changes (`textfacts`). Anything unusual falls back to
reading both versions in full, with the same result. (The merge's pipeline, which
cuts the same way, is `merge.merge_texts`.)
"""

from __future__ import annotations

import dataclasses

from ..store.workbook_file import parse
from .incremental import load, version_of
from .partial import (
    Decoder,
    Fallback,
    differing_keys,
    partial,
    read_split,
    unshown,
)
from .semantic import WorkbookDiff, diff_workbooks
from .textfacts import TextChanges, split_text_changes, text_changes


def quick_diff(
    old_data: bytes, new_data: bytes, old_file: str, new_file: str
) -> WorkbookDiff | None:
    """`diff_workbooks` of the two files, or None to read them in full instead."""
    old = read_split(old_data, old_file)
    new = read_split(new_data, new_file, old) if old is not None else None
    if old is None or new is None:
        return None
    rest = unshown(old, differing_keys((old, new)))
    decoder = Decoder()
    try:
        return diff_workbooks(partial(old, rest, decoder), partial(new, rest, decoder))
    except Fallback:
        return None


def diff_files(old_data: bytes, new_data: bytes, old_file: str, new_file: str) -> WorkbookDiff:
    """What `outcomes diff` shows for two versions of a file (newer formats read for display);
    raises WorkbookError with located problems when one cannot be read."""
    return diff_report(old_data, new_data, old_file, new_file, text=False)[0]


def diff_report(
    old_data: bytes, new_data: bytes, old_file: str, new_file: str, text: bool = True
) -> tuple[WorkbookDiff, TextChanges]:
    """`diff_files`, and (with `text`) what changed in the text beyond the model: comments,
    unknown keys, merge-conflict notes (`textfacts`). The files are cut into tables once."""
    old = read_split(old_data, old_file)
    new = read_split(new_data, new_file, old) if old is not None else None
    diff: WorkbookDiff | None = None
    changes = TextChanges()
    if old is not None and new is not None:
        differ = differing_keys((old, new))
        decoder = Decoder()
        rest = unshown(old, differ)
        try:
            diff = diff_workbooks(partial(old, rest, decoder), partial(new, rest, decoder))
        except Fallback:
            diff = None
        if text and diff is not None:
            changes = split_text_changes(old, new, differ)
    if diff is None:
        old_version = version_of(parse(old_data, old_file, allow_newer=True))
        new_version = load(new_data, new_file, old_version, allow_newer=True)
        diff = diff_workbooks(old_version.workbook, new_version.workbook)
        if text:
            changes = text_changes(old_version.text, new_version.text, old_data, new_data)
    if text and old_data != new_data and diff.identical and not (changes.removed or changes.added):
        changes = dataclasses.replace(changes, layout=True)
    return diff, changes
