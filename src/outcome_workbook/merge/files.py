"""Merging three versions of a workbook file: one pipeline from text to text.

1. Read the versions together (`store.versions.compare`): each is cut into its tables
   and the tables are compared as text. A table whose text is the same in all three
   cannot change the result and is never decoded; the others are (`PartialWorkbook`).
   A version that is not in the usual one-table-per-entity shape is read in full
   instead (`store.versions.load`).
2. Merge the models of the tables that differ (`model.merge_models`: by entity
   and field, with renames, conflicts and structural checks).
3. Write onto ours' text (`render_document`): a table only one side changed is taken
   as that side wrote it; a table both changed is merged key by key as text
   (`tables.py`), so comments, unknown keys and spelling from both sides survive;
   then the merged values are applied with the store's writer. Conflicts become
   `# MERGE CONFLICT:` comments above their tables (`mark_conflicts`).
4. Verify: the tables that were rewritten are read back and must decode to the merged
   model (all of the file when it was read in full).

The cut path and the full path share steps 2 and 3; they differ only in how the
versions are read and how much is read back, and give the same bytes. The cut path
declines (returns None) where it cannot vouch for the result without reading
everything: a rename (it remaps references in unchanged tables), a structural problem
near a changed table, a session, an unusual layout.
"""

from __future__ import annotations

import dataclasses
import itertools
import tomllib
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..diff.remap import detect_renames
from ..model.entities import (
    KIND_LABELS,
    KINDS,
    Entity,
    WorkbookMeta,
)
from ..model.errors import Problem, WorkbookError
from ..model.session_state import SessionState
from ..model.workbook import Workbook
from ..store.blocks import Unit
from ..store.codec import DecodeContext, decode_record
from ..store.file_text import CONFLICT_NOTE, has_conflict_markers
from ..store.statements import UnusualText, known_in, unit_class
from ..store.versions import (
    META,
    Decoder,
    Fallback,
    Key,
    PartialWorkbook,
    Tables,
    Version,
    compare,
    decode_table,
    is_whole_table,
    load,
    units_of,
    whole,
    with_sections,
)
from ..store.workbook_file import MAX_BYTES
from ..store.writer import Document, apply, rename_headers
from .model import (
    LOGS,
    MISSING,
    Conflict,
    ModelMerge,
    _comment_safe,
    describe_conflicts,
    merge_models,
    merge_workbooks,
    show,
)
from .tables import CannotMerge, merge_lines, merge_unit

__all__ = [
    "MISSING",
    "Conflict",
    "MergeResult",
    "ModelMerge",
    "SideError",
    "describe_conflicts",
    "mark_conflicts",
    "merge_models",
    "merge_texts",
    "merge_texts_fully",
    "merge_workbooks",
    "quick_merge",
    "refusal_note",
    "render_document",
    "show",
]


@dataclass(frozen=True)
class MergeResult:
    workbook: Workbook
    text: str
    data: bytes
    conflicts: tuple[Conflict, ...]

    @property
    def clean(self) -> bool:
        return not self.conflicts


# --- texts --------------------------------------------------------------------------------


def _single_units(units: list[Unit]) -> dict[tuple[str, ...], str]:
    """Unit texts by key, for keys written as one unit only."""
    counts: dict[tuple[str, ...], int] = {}
    for unit in units:
        counts[unit.key] = counts.get(unit.key, 0) + 1
    return {u.key: u.text for u in units if counts[u.key] == 1}


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _entity_key(kind: str, entity_id: str) -> tuple[str, ...]:
    return (kind, entity_id)


def merge_texts(
    base_data: bytes | None,
    ours_data: bytes,
    theirs_data: bytes,
    file: str = "workbook",
    *,
    favor: str = "",
) -> MergeResult:
    """Merge three versions of one workbook file; raises WorkbookError if one cannot be read.

    An empty (zero-byte) or missing base means both sides added the file: git
    passes an empty ancestor then. The usual merge of a large file decodes only
    the tables that differ (`quick_merge`); it gives exactly what `merge_texts_fully`
    gives. `favor` ("ours" or "theirs", git's `-X ours` / `-X theirs`) settles each
    conflict with that side's value and leaves no note; the conflicts are still listed.
    """
    if favor == "theirs":
        # Theirs kept where they clash: the same merge seen from theirs' side.
        ours_data, theirs_data = theirs_data, ours_data
    mark = favor not in ("ours", "theirs")
    try:
        quick = quick_merge(base_data, ours_data, theirs_data, file, mark=mark)
        if quick is not None:
            return quick
        return merge_texts_fully(base_data, ours_data, theirs_data, file, mark=mark)
    except SideError as error:
        if favor != "theirs" or error.side == "base":
            raise
        side = {"ours": "theirs", "theirs": "ours"}[error.side]
        problems = [
            dataclasses.replace(
                p,
                message=p.message.replace(
                    f"(in the {error.side} version)", f"(in the {side} version)"
                ),
            )
            for p in error.problems
        ]
        message = error.message.replace(
            f"(in the {error.side} version)", f"(in the {side} version)"
        )
        raise SideError(message, problems, side) from None


def merge_texts_fully(
    base_data: bytes | None,
    ours_data: bytes,
    theirs_data: bytes,
    file: str = "workbook",
    *,
    mark: bool = True,
) -> MergeResult:
    """`merge_texts` reading each version in full and the result back in full."""
    base: Version | None = None
    if base_data:
        base = _load_side(base_data, file, "base", None)
    ours = _load_side(ours_data, file, "ours", base)
    theirs = _load_side(theirs_data, file, "theirs", base or ours)
    merged, conflicts = merge_workbooks(
        base.workbook if base else None, ours.workbook, theirs.workbook
    )
    document = _render_onto_ours(base, ours, theirs, merged, conflicts)
    if mark:
        mark_conflicts(document, conflicts)
    text = document.text()
    data = ours.form.encode(text)
    check = load(data, file, ours)
    if check.workbook != merged:
        raise WorkbookError(
            f"internal error: the merged {file} would not read back as merged; nothing was written"
        )
    return MergeResult(check.workbook, text, data, tuple(conflicts))


class SideError(WorkbookError):
    """One version (`side`: base, ours or theirs) cannot be read as a workbook."""

    def __init__(self, message: str, problems: list[Problem], side: str) -> None:
        super().__init__(message, problems)
        self.side = side


def _load_side(data: bytes, file: str, side: str, reference: Version | None) -> Version:
    """Load one version; its problems say which version (base, ours, theirs) they are in."""
    try:
        return load(data, file, reference)
    except WorkbookError as error:
        problems = [
            dataclasses.replace(p, message=f"{p.message} (in the {side} version)")
            for p in error.problems
        ]
        raise SideError(f"{error.message} (in the {side} version)", problems, side) from None


def refusal_note(side: str, reason: str) -> str:
    """The marker comment a refused merge leaves at the top of ours: `validate` reports it
    until someone merges by hand, so a plain `git add` cannot commit ours as the merge."""
    what = f"the {side} version is not a readable workbook" if side else "the merge failed"
    return _comment_safe(
        f"{CONFLICT_NOTE} not merged: {what} ({one_line_reason(reason)}); this file is ours as it "
        "was: merge the other side by hand, then delete this comment"
    )


def one_line_reason(text: str) -> str:
    return " ".join(text.split())[:200]


def _render_onto_ours(
    base: Version | None,
    ours: Version,
    theirs: Version,
    merged: Workbook,
    found: list[Conflict],
) -> Document:
    """Ours' text edited to hold `merged`; tables only theirs touched are taken from theirs."""
    preamble, units = ours.cut_units()
    return render_document(base, ours, theirs, merged, Document(preamble, units), found)


def render_document(
    base: Version | None,
    ours: Version,
    theirs: Version,
    merged: Workbook,
    document: Document,
    found: list[Conflict] | None = None,
) -> Document:
    """`document` (ours' text, split) edited to hold `merged`, as `_render_onto_ours` says.

    A table both sides changed is merged key by key as text first (`tables.py`), so
    what either side wrote there that the other did not touch (comments, unknown keys,
    spelling) is kept; what clashed in that text is added to `found`.
    """
    found = [] if found is None else found
    units = document.units
    preamble = document.preamble
    ours_units = _single_units(units)
    theirs_units = _units_of(theirs)
    base_units: dict[tuple[str, ...], str] = {}
    if base is not None:
        base_units = _units_of(base)
        document.preamble = _merge_preamble(found, base.preamble, preamble, theirs.preamble)
    holds = ours.workbook  # what `document` holds, as a model
    hint = [0]
    sections = {kind: dict(holds.section(kind)) for kind in KINDS}
    meta = holds.meta
    session = holds.session
    meta_key = ("workbook",)
    if (
        meta_key in ours_units
        and base_units.get(meta_key) == ours_units[meta_key]
        and meta_key in theirs_units
        and merged.meta == theirs.workbook.meta
        and theirs_units[meta_key] != ours_units[meta_key]
    ):
        _replace_unit(document, meta_key, theirs_units[meta_key], hint)
        meta = theirs.workbook.meta
    for kind in KINDS:
        for entity_id, entity in merged.section(kind).items():
            key = _entity_key(kind, entity_id)
            theirs_entity = theirs.workbook.section(kind).get(entity_id)
            if theirs_entity != entity or key not in theirs_units:
                continue
            if entity_id in merged.renamed:
                continue
            if holds.find(entity_id) is None:
                document.insert(key, _with_newline(theirs_units[key]))
                sections[kind][entity_id] = entity
            elif (
                key in ours_units
                and base_units.get(key) == ours_units[key]
                and theirs_units[key] != ours_units[key]
            ):
                _replace_unit(document, key, theirs_units[key], hint)
                sections[kind][entity_id] = entity
    _merge_other_units(found, document, base_units, ours_units, theirs_units)
    hint[0] = 0
    theirs_like, base_like, renamed_ids = _in_ours_ids(base, ours, theirs, theirs_units, base_units)
    moved_away = set(merged.renamed.values())
    for key, ours_text in ours_units.items():
        theirs_text = theirs_like.get(key, theirs_units.get(key))
        base_text = base_like.get(key, base_units.get(key))
        untouched_but_renamed = key in theirs_like and ours_text == base_text
        if (
            theirs_text is None
            or theirs_text in (ours_text, base_text)
            or (ours_text == base_text and not untouched_but_renamed)
            or key[0] == "other"
            or (
                key != meta_key
                and key != ("session",)
                and merged.find(key[-1]) is None
                and key[-1] not in moved_away
            )
        ):
            continue
        if untouched_but_renamed:
            text: str | None = theirs_text  # ours only renamed it: theirs' text, renamed
        else:
            text = _merge_unit_text(found, key, base_text, ours_text, theirs_text)
        if text is None:
            continue
        value = _decode(key, text)
        if value is None:
            _cannot_combine(found, key)
            continue
        _replace_unit(document, key, text, hint)
        if key == meta_key:
            meta = value
        elif key == ("session",):
            session = value
        else:
            sections[key[0]][key[1]] = value
    _report_deleted_text(found, merged, base_units, ours_units, theirs_units, renamed_ids)
    _report_pieces(found, document.units, base, theirs)
    holding = Workbook(meta=meta, sections=sections, session=session)
    apply(document, holding, merged)
    return document


def _in_ours_ids(
    base: Version | None,
    ours: Version,
    theirs: Version,
    theirs_units: dict[tuple[str, ...], str],
    base_units: dict[tuple[str, ...], str],
) -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str], set[str]]:
    """Theirs' and base's text of each table one side renamed, under the id ours' text
    uses, so what the other side wrote in that table is merged into it, not lost; and
    the ids either side renamed away."""
    theirs_like: dict[tuple[str, ...], str] = {}
    base_like: dict[tuple[str, ...], str] = {}
    if base is None:
        return theirs_like, base_like, set()
    ours_renames = detect_renames(base.workbook, ours.workbook)
    theirs_renames = detect_renames(base.workbook, theirs.workbook)
    for old_id, new_id in ours_renames.items():
        kind = base.workbook.kind_of(old_id)
        if kind is None or old_id in theirs_renames:
            continue
        if (kind, old_id) in theirs_units and (kind, old_id) in base_units:
            theirs_like[(kind, new_id)] = rename_headers(
                theirs_units[(kind, old_id)], kind, old_id, new_id
            )
            base_like[(kind, new_id)] = rename_headers(
                base_units[(kind, old_id)], kind, old_id, new_id
            )
    for old_id, new_id in theirs_renames.items():
        kind = base.workbook.kind_of(old_id)
        if kind is None or old_id in ours_renames:
            continue
        if (kind, new_id) in theirs_units:
            theirs_like[(kind, old_id)] = rename_headers(
                theirs_units[(kind, new_id)], kind, new_id, old_id
            )
    return theirs_like, base_like, {*ours_renames, *theirs_renames}


def _report_deleted_text(
    found: list[Conflict],
    merged: Workbook,
    base_units: dict[tuple[str, ...], str],
    ours_units: dict[tuple[str, ...], str],
    theirs_units: dict[tuple[str, ...], str],
    renamed: set[str],
) -> None:
    """An entity one side deleted while the other changed only its text (a comment, a key
    the model does not hold) is deleted, as the model says; the merge says what went."""
    for key, base_text in base_units.items():
        if len(key) != 2 or key[0] not in KINDS or key[1] in renamed:
            continue
        if merged.find(key[1]) is not None:
            continue
        ours_text, theirs_text = ours_units.get(key), theirs_units.get(key)
        if ours_text is None and theirs_text not in (None, base_text):
            removed, changed = "ours", "theirs"
        elif theirs_text is None and ours_text not in (None, base_text):
            removed, changed = "theirs", "ours"
        else:
            continue
        found.append(
            _unit_conflict(
                key,
                "",
                f"{KIND_LABELS[key[0]]} {key[1]} was deleted in {removed} while {changed} "
                "changed its text (comments or keys the program does not read); it stays "
                f"deleted: restore what {changed} wrote there if it matters",
            )
        )


def _report_pieces(
    found: list[Conflict], units: list[Unit], base: Version | None, theirs: Version
) -> None:
    """A table written in pieces that both sides changed cannot be merged as text: the
    model's values are written onto ours' pieces, and the merge says so."""

    def joined(pieces: list[Unit]) -> dict[tuple[str, ...], str]:
        out: dict[tuple[str, ...], str] = {}
        for unit in pieces:
            out[unit.key] = out.get(unit.key, "") + unit.text
        return out

    def split_keys(pieces: list[Unit]) -> set[tuple[str, ...]]:
        seen: set[tuple[str, ...]] = set()
        twice: set[tuple[str, ...]] = set()
        for unit in pieces:
            (twice if unit.key in seen else seen).add(unit.key)
        return twice

    theirs_units = [] if theirs.units else theirs.cut_units()[1]
    keys = split_keys(units) | split_keys(theirs_units)
    keys = {key for key in keys if key[0] != "other"}
    if not keys:
        return
    ours_text = joined(units)
    theirs_text = dict(theirs.units) if theirs.units else joined(theirs_units)
    base_text = joined(base.cut_units()[1]) if base is not None else {}
    for key in keys:
        b, t = base_text.get(key, ""), theirs_text.get(key, "")
        if t not in (b, ours_text.get(key, "")):  # theirs changed it; the text is not theirs
            _cannot_combine(found, key)


def _units_of(version: Version) -> dict[tuple[str, ...], str]:
    """A version's tables' text by key (split here when the version's layout is unusual)."""
    if version.units:
        return dict(version.units)
    return _single_units(version.cut_units()[1])


def _unit_conflict(key: tuple[str, ...], where: str, message: str) -> Conflict:
    if key[0] == "other":
        return Conflict(".".join(key[1:]), "", where, message, unit=key)
    if len(key) == 1:
        return Conflict(key[0], "", where, message, unit=key)
    return Conflict(key[0], key[1], where, message, unit=key)


def _cannot_combine(found: list[Conflict], key: tuple[str, ...]) -> None:
    found.append(
        _unit_conflict(
            key,
            "",
            "both sides changed this table and their texts could not be combined key by "
            "key; kept ours' text with the merged values: compare with theirs for its "
            "comments and keys",
        )
    )


def _merge_unit_text(
    found: list[Conflict],
    key: tuple[str, ...],
    base_text: str | None,
    ours_text: str,
    theirs_text: str,
) -> str | None:
    """One table both sides changed, merged key by key as text; None when it cannot be."""
    cls = unit_class(key)
    skip = 0 if key[0] == "other" else len(key)
    try:
        text, clashes = merge_unit(
            base_text,
            ours_text,
            theirs_text,
            known_in(cls, skip),
            lambda path: cls is not None and path[-1] in LOGS,
            skip,
        )
    except (UnusualText, CannotMerge):
        _cannot_combine(found, key)
        return None
    for clash in clashes:
        found.append(_unit_conflict(key, clash.where, clash.message))
    return text


def _decode(key: tuple[str, ...], text: str) -> Any:
    """The model value of one table's text, or None when it does not decode cleanly."""
    if key == ("session",):
        try:
            data = tomllib.loads(text).get("session")
        except tomllib.TOMLDecodeError:
            return None
        ctx = DecodeContext("", {})
        value = decode_record(SessionState, data, "session", ctx)
        return None if ctx.problems else value
    return decode_table(key, text)


def _merge_preamble(found: list[Conflict], base: str, ours: str, theirs: str) -> str:
    """The text above the first table (comments, keys the model does not read), merged
    line by line; the merged file is read back, so a line the model reads must agree."""
    merged = merge_lines(base, ours, theirs)
    if merged is not None:
        return merged
    found.append(
        Conflict(
            "workbook",
            "",
            "",
            "both sides changed the lines at the top of the file; kept ours",
            unit=("workbook",),
        )
    )
    return ours


def _insert_after_neighbour(
    document: Document, key: tuple[str, ...], text: str, order: list[tuple[str, ...]]
) -> None:
    """A table the model does not know, put after the table it follows in `order`."""
    at = order.index(key)
    before = next((k for k in reversed(order[:at]) if document.positions(k)), None)
    units = document.units
    index = document.positions(before)[-1] + 1 if before is not None else 0
    if index >= len(units):
        if units:
            units[-1] = Unit(units[-1].key, _blank_after(units[-1].text), units[-1].line)
        units.append(Unit(key, text.rstrip("\n") + "\n", -1))
        return
    if index > 0:
        units[index - 1] = Unit(
            units[index - 1].key, _blank_after(units[index - 1].text), units[index - 1].line
        )
    units.insert(index, Unit(key, _blank_after(text), -1))


def _blank_after(text: str) -> str:
    return text.rstrip("\n") + "\n\n"


def _merge_other_units(
    found: list[Conflict],
    document: Document,
    base_units: dict[tuple[str, ...], str],
    ours_units: dict[tuple[str, ...], str],
    theirs_units: dict[tuple[str, ...], str],
) -> None:
    """Tables the model does not know (`[x-tool]`): merged as text, key by key."""
    keys = [k for k in {**ours_units, **theirs_units, **base_units} if k[0] == "other"]
    for key in keys:
        b, o, t = base_units.get(key), ours_units.get(key), theirs_units.get(key)
        if o == t or t == b:
            continue
        if o == b:
            if t is None:
                document.remove(key)
            elif o is None:
                _insert_after_neighbour(document, key, t, list(theirs_units))
            else:
                _replace_unit(document, key, t, [0])
            continue
        if o is None or t is None:
            removed_by = "ours" if o is None else "theirs"
            found.append(
                _unit_conflict(
                    key,
                    "",
                    f"this table was removed in {removed_by} and changed in the other "
                    "side; kept it",
                )
            )
            if o is None and t is not None:
                _insert_after_neighbour(document, key, t, list(theirs_units))
            continue
        text = _merge_unit_text(found, key, b, o, t)
        if text is not None:
            try:
                tomllib.loads(text)
            except tomllib.TOMLDecodeError:
                _cannot_combine(found, key)
                continue
            _replace_unit(document, key, text, [0])


def _replace_unit(document: Document, key: tuple[str, ...], text: str, hint: list[int]) -> None:
    """Put `text` in place of the unit `key` (written once). The search starts where the
    last one ended (`hint`): replacements come in file order, so a merge scans once."""
    units = document.units
    start = min(hint[0], len(units))
    for index in itertools.chain(range(start, len(units)), range(start)):
        unit = units[index]
        if unit.key == key:
            ends_file = index == len(units) - 1
            text = text if ends_file or text.endswith("\n") else text + "\n"
            if not ends_file and not text.endswith("\n\n"):
                text += "\n"
            # A new Unit: units may be shared with the version they were read from.
            units[index] = Unit(unit.key, text, unit.line)
            hint[0] = index
            return


def mark_conflicts(document: Document, conflicts: Sequence[Conflict]) -> None:
    """Each conflict as a `# MERGE CONFLICT:` comment directly above its entity's table
    (or its `unit`); a note whose table is not in the document goes at the top."""
    if not conflicts:
        return
    notes: dict[tuple[str, ...], list[str]] = {}
    for conflict in conflicts:
        single = conflict.kind in ("workbook", "session")
        key: tuple[str, ...] = (conflict.kind,) if single else (conflict.kind, conflict.id)
        key = conflict.unit or key
        field_part = f"{conflict.field}: " if conflict.field else ""
        notes.setdefault(key, []).append(
            f"{CONFLICT_NOTE} {field_part}{_comment_safe(conflict.message)}"
        )
    placed: set[tuple[str, ...]] = set()
    units = document.units
    for index, unit in enumerate(units):
        if unit.key in notes and unit.key not in placed:
            # A new Unit: units may be shared with the version they were read from.
            head = "".join(line + "\n" for line in notes[unit.key])
            units[index] = Unit(unit.key, head + unit.text, unit.line)
            placed.add(unit.key)
    leftover = [line for key, lines in notes.items() if key not in placed for line in lines]
    document.preamble = "".join(line + "\n" for line in leftover) + document.preamble


def _mark_conflicts(text: str, conflicts: Sequence[Conflict]) -> str:
    """`mark_conflicts` on a text."""
    if not conflicts:
        return text
    document = Document(*units_of(text))
    mark_conflicts(document, conflicts)
    return document.text()


def quick_merge(
    base_data: bytes | None, ours_data: bytes, theirs_data: bytes, file: str, *, mark: bool = True
) -> MergeResult | None:
    """`merge_texts_fully` of the three files, or None when it cannot vouch for the result
    without reading them in full (conflicts are fine: only their tables are decoded)."""
    if not base_data:
        return None
    versions = compare((base_data, ours_data, theirs_data), file, with_meta=True)
    if versions is None:
        return None
    try:
        return _merge(versions.tables, versions.workbooks, versions.shown, versions.decoder, mark)
    except Fallback:
        return None


def _merge(
    tables: tuple[Tables, ...],
    workbooks: tuple[PartialWorkbook, ...],
    shown: set[Key],
    decoder: Decoder,
    mark: bool,
) -> MergeResult | None:
    base_split, ours_split, theirs_split = tables
    base, ours, theirs = workbooks
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
        Version(s.text, s.form, wb, s.preamble, s)
        for s, wb in ((base_split, base), (ours_split, ours), (theirs_split, theirs))
    ]
    conflicts = list(merge.conflicts)
    render_document(versions[0], versions[1], versions[2], merged, document, conflicts)
    keys = {unit.key for unit in document.units}
    if any(_note_key(conflict) not in keys for conflict in conflicts):
        return None
    if mark:
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
    ours: PartialWorkbook, merged: PartialWorkbook, split: Tables, shown: set[Key]
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
    ours_split: Tables,
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
        if unit.key not in shown or not is_whole_table(unit):
            return False
        if decode_table(unit.key, unit.text) != _entity(merged, unit.key):
            return False
    return True


def _entity(wb: Workbook, key: Key) -> object:
    if key == META:
        return wb.meta
    section: Mapping[str, Entity] = wb.section(key[0])
    return section.get(key[1])
