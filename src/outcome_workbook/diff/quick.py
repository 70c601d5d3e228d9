"""Diff and merge of workbook files that decode only the tables where the versions differ.

Reading a 5 MB workbook in full costs a second of TOML parsing; two people's
edits touch a few dozen of its seventeen thousand tables. Here the versions are
cut into tables (`partial.read_split`), compared as text, and only the tables
that differ are decoded (`partial.PartialWorkbook`); the diff and the merge
then run unchanged on those. The merge writes its result onto ours' text with
the same writer, and reads back only the tables it rewrote.

Each function returns None whenever the files are not in the usual shape or
the merge meets anything it could not vouch for (a rename, a conflict, a
structural problem near a changed table): the caller then takes the full path,
so the result is always the one the full path gives for files it can read.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Mapping

from ..model.entities import Entity, WorkbookMeta
from ..model.workbook import Workbook
from ..store.blocks import Unit
from ..store.quick_split import split_units_quick
from ..store.text import has_conflict_markers
from ..store.workbook_file import MAX_BYTES, parse
from ..store.writer import Document
from .incremental import Version, decode_unit, load, version_of
from .merge import Conflict, MergeResult, mark_conflicts, merge_models, render_document
from .partial import (
    META,
    Decoder,
    Fallback,
    Key,
    PartialWorkbook,
    Split,
    differing_keys,
    partial,
    read_split,
    unshown,
    whole,
    with_sections,
)
from .remap import detect_renames
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


def quick_merge(
    base_data: bytes | None, ours_data: bytes, theirs_data: bytes, file: str
) -> MergeResult | None:
    """`merge_texts_fully` of the three files, or None when it cannot vouch for the result
    without reading them in full (conflicts are fine: only their tables are decoded)."""
    if not base_data:
        return None
    splits: list[Split] = []
    for data in (base_data, ours_data, theirs_data):
        split = read_split(data, file, splits[0] if splits else None)
        if split is None:
            return None
        splits.append(split)
    base_split, ours_split, theirs_split = splits
    shown = differing_keys(splits) | {META}
    decoder = Decoder()
    try:
        return _merge(base_split, ours_split, theirs_split, shown, decoder)
    except Fallback:
        return None


def _merge(
    base_split: Split, ours_split: Split, theirs_split: Split, shown: set[Key], decoder: Decoder
) -> MergeResult | None:
    rest = unshown(base_split, shown)
    base = partial(base_split, rest, decoder)
    ours = partial(ours_split, rest, decoder)
    theirs = partial(theirs_split, rest, decoder)
    if detect_renames(base, ours) or detect_renames(base, theirs):
        return None  # renames remap references in tables that did not change

    def build(
        meta: WorkbookMeta, sections: dict[str, dict[str, Entity]], moved: dict[str, str]
    ) -> Workbook:
        return with_sections(ours, meta, sections, decoder)

    merge = merge_models(base, ours, theirs, build)
    merged = merge.workbook
    if merge.problems or merged.session is not None:
        return None  # told apart from ours' own problems by reading everything
    assert isinstance(merged, PartialWorkbook)
    if _gone_ids_mentioned(ours, merged, ours_split, shown):
        return None
    document = Document(ours_split.preamble, list(ours_split.units))  # units are not changed
    versions = [
        Version(s.text, s.form, wb, s.preamble, s.by_key)
        for s, wb in ((base_split, base), (ours_split, ours), (theirs_split, theirs))
    ]
    conflicts = list(merge.conflicts)
    render_document(versions[0], versions[1], versions[2], merged, document, conflicts)
    keys = {unit.key for unit in document.units}
    if any(_note_key(conflict) not in keys for conflict in conflicts):
        return None
    mark_conflicts(document, conflicts)
    if not _reads_back(document, ours_split, ours, merged, shown):
        return None
    text = document.text()
    data = ours_split.form.encode(text)
    if len(data) > MAX_BYTES:
        return None
    order = [unit.key for unit in document.units]
    return MergeResult(whole(merged, order), text, data, tuple(conflicts))


def _note_key(conflict: Conflict) -> Key:
    """The table a conflict's note goes above."""
    if conflict.unit:
        return conflict.unit
    if conflict.kind in ("workbook", "session"):
        return (conflict.kind,)
    return (conflict.kind, conflict.id)


def _gone_ids_mentioned(
    ours: PartialWorkbook, merged: PartialWorkbook, split: Split, shown: set[Key]
) -> bool:
    """Whether a table that did not change may refer to an id the merge removed (or gave
    another kind): its reference would dangle, which the full merge reports.

    Such a table holds the id in quotes, or spells it with escapes (a backslash).
    """
    gone = [
        entity_id
        for key in shown
        if key != META
        for entity_id in (key[1],)
        if ours.kind_of(entity_id) is not None
        and merged.kind_of(entity_id) != ours.kind_of(entity_id)
    ]
    if not gone:
        return False
    text = split.text
    starts: list[int] = []
    offset = len(split.preamble)
    for unit in split.units:
        starts.append(offset)
        offset += len(unit.text)
    needles = ["\\", *(f'"{i}"' for i in gone), *(f"'{i}'" for i in gone)]
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            if index < 0 or split.units[index].key not in shown:
                return True
            at = text.find(needle, at + 1)
    return False


def _reads_back(
    document: Document,
    ours_split: Split,
    ours: PartialWorkbook,
    merged: PartialWorkbook,
    shown: set[Key],
) -> bool:
    """Whether the document's text would load as `merged`, checking only what changed.

    Tables whose text is ours' hold ours' entities, which the merge kept; every
    other table must be one whole table on its own that decodes to the merged
    entity; together they must be exactly the merged workbook's tables.
    """
    preamble = document.preamble
    if preamble and (
        not preamble.endswith("\n")
        or "\r" in preamble
        or has_conflict_markers(preamble)
        or any(line.strip() and not line.lstrip().startswith("#") for line in preamble.split("\n"))
    ):
        return False
    units = document.units
    keys = [unit.key for unit in units]
    texts = ours_split.by_key
    kept = {(kind, entity_id) for kind, view in merged.view_of.items() for entity_id in view.shown}
    expected = (texts.keys() - shown) | kept | {META}
    if len(keys) != len(expected) or set(keys) != expected:
        return False  # a table missing, added, or written twice
    if not all(unit.text.endswith("\n") for unit in units[:-1]):
        return False  # a table would run into the next one
    written = {unit.key: unit.text for unit in units if unit.key in shown}
    for key, text in written.items():
        if texts.get(key) == text and _entity(ours, key) != _entity(merged, key):
            return False
    for unit in [unit for unit in units if texts.get(unit.key) != unit.text]:
        if unit.key not in shown or not _whole_table(unit):
            return False
        if decode_unit(unit.key, unit.text) != _entity(merged, unit.key):
            return False
    return True


def _entity(wb: Workbook, key: Key) -> object:
    if key == META:
        return wb.meta
    section: Mapping[str, Entity] = wb.section(key[0])
    return section.get(key[1])


def _whole_table(unit: Unit) -> bool:
    """The unit's text is one table (with its sub-tables) and nothing else."""
    if "\r" in unit.text or has_conflict_markers(unit.text):
        return False
    split = split_units_quick(unit.text)
    if split is None:
        return False
    preamble, units = split
    return preamble == "" and len(units) == 1 and units[0].key == unit.key
