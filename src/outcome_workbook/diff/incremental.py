"""Read a version of a workbook by decoding only the tables that differ from a known version.

A diff or a merge reads two or three versions of one file that share almost
every table. Parsing each in full costs a whole TOML parse per version; here a
version is split into its entity tables (cheap), tables whose text is the same
as in the reference version reuse the reference's entity, and only the others
are parsed. Anything unusual (top-level keys, a table written in pieces, an
unknown table, a problem in a changed table) falls back to the full loader, so
the result is always what `store.parse` would give.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model.entities import ENTITY_CLASSES, FORMAT_VERSION, KINDS, Entity, WorkbookMeta
from ..model.errors import WorkbookError
from ..model.ids import is_valid_id
from ..model.workbook import Workbook
from ..store.blocks import split_units
from ..store.codec import DecodeContext, decode_record
from ..store.text import TextForm, conflict_markers, decode
from ..store.workbook_file import MAX_BYTES, MAX_DEPTH, Loaded, depth_exceeds, parse

Key = tuple[str, ...]


@dataclass(frozen=True)
class Version:
    """One version of the file: its text, how to write it back, its model, its tables' text."""

    text: str
    form: TextForm
    workbook: Workbook
    preamble: str
    units: Mapping[Key, str]  # empty when the layout is unusual (nothing is then reused)


def _units_by_key(text: str) -> tuple[str, dict[Key, str]] | None:
    """Preamble and unit texts by key, or None when the layout is not one table per entity."""
    preamble, units, _ = split_units(text)
    found: dict[Key, str] = {}
    for unit in units:
        if unit.key in found or (unit.key != ("workbook",) and len(unit.key) != 2):
            return None  # a table in pieces, a session or an unknown table
        found[unit.key] = unit.text
    if any(line.strip() and not line.lstrip().startswith("#") for line in preamble.split("\n")):
        return None
    return preamble, found


def decode_unit(key: Key, text: str) -> Any:
    """The model value one unit holds, or None if anything about it is unusual."""
    try:
        data: Any = tomllib.loads(text)
        if depth_exceeds(data, MAX_DEPTH):
            return None  # the full loader refuses it, with its reason
        for part in key:
            data = data[part]
    # ValueError: a TOMLDecodeError, or a number too long for Python to convert.
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    ctx = DecodeContext("", {})
    if key == ("workbook",):
        meta = decode_record(WorkbookMeta, data, "workbook", ctx)
        if ctx.problems or not isinstance(meta, WorkbookMeta) or meta.format > FORMAT_VERSION:
            return None
        return meta
    kind, entity_id = key[0], key[1]
    if kind not in ENTITY_CLASSES or not is_valid_id(entity_id):
        return None
    entity = decode_record(ENTITY_CLASSES[kind], data, ".".join(key), ctx)
    return None if ctx.problems else entity


def version_of(loaded: Loaded) -> Version:
    """A fully loaded version, with its tables indexed for `read_like`."""
    split = _units_by_key(loaded.text)
    if split is None:
        preamble = split_units(loaded.text)[0]
        return Version(loaded.text, loaded.form, loaded.workbook, preamble, {})
    return Version(loaded.text, loaded.form, loaded.workbook, split[0], split[1])


def load(
    data: bytes, file: str, reference: Version | None = None, allow_newer: bool = False
) -> Version:
    """`data` as a Version: read like `reference` when possible, else with the full loader
    (which raises WorkbookError with located problems when the file cannot be used)."""
    if reference is not None and reference.units:
        quick = read_like(reference, data, file)
        if quick is not None:
            return quick
    return version_of(parse(data, file, allow_newer))


def read_like(reference: Version, data: bytes, file: str) -> Version | None:
    """`data` read by reusing `reference`'s entities for identical tables; None to fall back."""
    if len(data) > MAX_BYTES:
        return None
    try:
        text, form = decode(data, file)
    except WorkbookError:
        return None
    if conflict_markers(text, file):
        return None
    split = _units_by_key(text)
    if split is None:
        return None
    units = split[1]
    meta_text = units.get(("workbook",))
    if meta_text is None:
        return None
    if meta_text == reference.units.get(("workbook",)):
        meta: Any = reference.workbook.meta
    else:
        meta = decode_unit(("workbook",), meta_text)
        if meta is None:
            return None
    sections: dict[str, dict[str, Entity]] = {kind: {} for kind in KINDS}
    seen: set[str] = set()
    for key, unit_text in units.items():
        if key == ("workbook",):
            continue
        kind, entity_id = key[0], key[1]
        if entity_id in seen:
            return None  # one id used twice: let the full loader say where
        seen.add(entity_id)
        known = reference.workbook.section(kind).get(entity_id)
        if known is not None and reference.units.get(key) == unit_text:
            entity: Any = known
        else:
            entity = decode_unit(key, unit_text)
            if entity is None:
                return None
        sections[kind][entity_id] = entity
    return Version(text, form, Workbook(meta=meta, sections=sections), split[0], units)
