"""Diffs of workbook files that decode only the tables where the versions differ.

Reading a 5 MB workbook in full costs a second of TOML parsing; a change touches a
few dozen of its seventeen thousand tables. Here both versions are read together
(`store.versions.compare`: cut into tables, compared as text, only the tables that
differ decoded); the semantic diff then runs unchanged on those, and the same cut
gives the text-only changes (`textfacts`). Anything unusual falls back to reading
both versions in full, with the same result. `outcomes diff`, `outcomes log`, the
history screen and the merge driver's textconv all diff through here.
"""

from __future__ import annotations

import dataclasses

from ..store.versions import Fallback, compare, load, version_of
from ..store.workbook_file import parse
from .semantic import WorkbookDiff, diff_workbooks
from .textfacts import TextChanges, text_changes, text_changes_of_tables


def quick_diff(old_data: bytes, new_data: bytes) -> WorkbookDiff | None:
    """`diff_workbooks` of the two files, or None to read them in full instead."""
    return _quick(old_data, new_data, text=False)[0]


def _quick(old_data: bytes, new_data: bytes, text: bool) -> tuple[WorkbookDiff | None, TextChanges]:
    both = compare((old_data, new_data), "old")
    if both is None:
        return None, TextChanges()
    try:
        diff = diff_workbooks(*both.workbooks)
    except Fallback:
        return None, TextChanges()
    if not text:
        return diff, TextChanges()
    old, new = both.tables
    return diff, text_changes_of_tables(old, new, both.differ)


def diff_files(old_data: bytes, new_data: bytes, old_file: str, new_file: str) -> WorkbookDiff:
    """What `outcomes diff` shows for two versions of a file (newer formats read for display);
    raises WorkbookError with located problems when one cannot be read."""
    return diff_versions(old_data, new_data, old_file, new_file, text=False)[0]


def diff_versions(
    old_data: bytes, new_data: bytes, old_file: str, new_file: str, text: bool = True
) -> tuple[WorkbookDiff, TextChanges]:
    """`diff_files`, and (with `text`) what changed in the text beyond the model: comments,
    unknown keys, merge-conflict notes (`textfacts`). The files are cut into tables once."""
    diff, changes = _quick(old_data, new_data, text)
    if diff is None:
        old_version = version_of(parse(old_data, old_file, allow_newer=True))
        new_version = load(new_data, new_file, old_version, allow_newer=True)
        diff = diff_workbooks(old_version.workbook, new_version.workbook)
        if text:
            changes = text_changes(old_version.text, new_version.text, old_data, new_data)
    return diff, changes


def diff_report(
    old_data: bytes, new_data: bytes, old_file: str, new_file: str, text: bool = True
) -> tuple[WorkbookDiff, TextChanges]:
    """`diff_versions` as `outcomes diff` reports it: bytes that differ where neither the
    model nor the comments and keys do are said to differ in layout."""
    diff, changes = diff_versions(old_data, new_data, old_file, new_file, text)
    if text and old_data != new_data and diff.identical and not (changes.removed or changes.added):
        changes = dataclasses.replace(changes, layout=True)
    return diff, changes
