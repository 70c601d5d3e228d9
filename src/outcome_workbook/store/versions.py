"""Versions of one workbook file, read together: cut into tables once, decode what differs.

A diff, a merge, a commit in the history or the file changed under the workbench
compares versions that share almost every table. Parsing each in full costs a
whole TOML parse per version; here each version is cut into its tables (`cut`,
a regular expression at C speed, quicker still when cut like another version)
and the tables are compared as text. A table whose text is the same in the
versions holds the same entity in each, so it is decoded once or never:

- `compare` gives each version as a `PartialWorkbook` that shows only the
  entities of the tables that differ (a diff or a merge looks at nothing else),
  while a lookup by id still finds any entity, decoding it when first asked for;
- `load` gives a version as a whole `Workbook`, reusing a reference version's
  entities for the tables whose text did not change.

Anything unusual (a table written in pieces, top-level keys, a session, an
unknown table, a table that does not decode on its own) gives None or raises
`Fallback`, and the caller reads in full (`load` does so itself), so a result
never depends on the shortcut: it is what `parse` would give.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from ..model.entities import ENTITY_CLASSES, FORMAT_VERSION, KINDS, Entity, Guardrail, WorkbookMeta
from ..model.errors import WorkbookError
from ..model.ids import is_valid_id
from ..model.workbook import Workbook
from .blocks import Unit, split_units
from .codec import DecodeContext, decode_record
from .file_text import TextForm, decode, has_conflict_markers
from .quick_split import Template, split_units_like, split_units_quick
from .workbook_file import MAX_BYTES, MAX_DEPTH, Loaded, depth_exceeds, parse

Key = tuple[str, ...]
META: Key = ("workbook",)
_KINDS = frozenset(KINDS)


class Fallback(Exception):
    """The versions are not in the usual shape: read them in full."""


# --- cutting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tables:
    """One version's text, cut into its tables (one per entity, and `[workbook]`)."""

    text: str
    form: TextForm
    preamble: str
    units: list[Unit]  # never changed in place: they may be shared with another version
    by_key: dict[Key, str]

    @cached_property
    def template(self) -> Template:
        return Template(self.text, self.preamble, self.units)


def cut(data: bytes, file: str, like: Tables | None = None) -> Tables | None:
    """`data` cut into tables, or None when it is not in the usual one-table-per-entity
    shape (the full loader then reads it, and explains any problem). `like`, another
    version already cut, makes it quicker."""
    if len(data) > MAX_BYTES:
        return None
    try:
        text, form = decode(data, file)
    except WorkbookError:
        return None
    return cut_text(text, form, like)


def cut_text(text: str, form: TextForm, like: Tables | None = None) -> Tables | None:
    """`cut` of a text already decoded."""
    if like is None:
        if has_conflict_markers(text):
            return None
        split = split_units_quick(text)
    else:
        split = split_units_like(text, like.template, lines=False)
    if split is None:
        return None
    preamble, units = split
    if any(line.strip() and not line.lstrip().startswith("#") for line in preamble.split("\n")):
        return None
    by_key = {unit.key: unit.text for unit in units}
    if len(by_key) != len(units) or META not in by_key:
        return None  # one table written in pieces, or no [workbook]
    if like is None:
        if len({key[-1] for key in by_key}) != len(by_key):
            return None  # an id used for two kinds
        new_keys = by_key.keys() - {META}
    else:
        # Tables taken whole from `like` were checked there, markers and ids alike.
        same = like.by_key
        fresh = [text for key, text in by_key.items() if same.get(key) is not text]
        if any(has_conflict_markers(part) for part in [preamble, *fresh]):
            return None
        new_keys = by_key.keys() - same.keys()
        for key in new_keys:
            if key[-1] == "workbook" or any(
                (kind, key[-1]) in by_key for kind in KINDS if kind != key[0]
            ):
                return None  # an id used for two kinds
    if not _entity_keys(new_keys):
        return None  # a session, an unknown table, or not an id
    return Tables(text, form, preamble, units, by_key)


def is_whole_table(unit: Unit) -> bool:
    """The unit's text is one table (with its sub-tables) and nothing else."""
    if "\r" in unit.text or has_conflict_markers(unit.text):
        return False
    split = split_units_quick(unit.text)
    if split is None:
        return False
    preamble, units = split
    return preamble == "" and len(units) == 1 and units[0].key == unit.key


def units_of(text: str) -> tuple[str, list[Unit]]:
    """The preamble and units of any text: cut at C speed when the layout is the usual one,
    else by the exact line scan."""
    quick = split_units_quick(text)
    return quick if quick is not None else split_units(text)[:2]


# `ids.ID_PATTERN` for many ids at once, one a line.
_IDS = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\n)*")


def _entity_keys(keys: Collection[Key]) -> bool:
    """Whether every key is (kind, valid id): checked with set and text operations, as a
    version holds thousands."""
    if not keys:
        return True
    if {len(key) for key in keys} != {2} or not {key[0] for key in keys} <= _KINDS:
        return False
    ids = "\n".join(key[1] for key in keys) + "\n"
    return _IDS.fullmatch(ids) is not None


def differing_keys(versions: Iterable[Tables]) -> set[Key]:
    """Keys whose table is not the same text in every version (present in some only, too)."""
    cuts = list(versions)
    first = cuts[0].by_key
    keys: set[Key] = set()
    for other in cuts[1:]:
        # Set operations on the items run in C; equal tables are mostly the same string.
        keys.update(key for key, _ in first.items() ^ other.by_key.items())
    return keys


# --- decoding -----------------------------------------------------------------------------


def decode_table(key: Key, text: str) -> Any:
    """The model value one table holds, or None if anything about it is unusual."""
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
    if key == META:
        meta = decode_record(WorkbookMeta, data, "workbook", ctx)
        if ctx.problems or not isinstance(meta, WorkbookMeta) or meta.format > FORMAT_VERSION:
            return None
        return meta
    kind, entity_id = key[0], key[1]
    if kind not in ENTITY_CLASSES or not is_valid_id(entity_id):
        return None
    entity = decode_record(ENTITY_CLASSES[kind], data, ".".join(key), ctx)
    return None if ctx.problems else entity


class Decoder:
    """Decodes tables, once per distinct text: equal text gives the very same entity."""

    def __init__(self) -> None:
        self._done: dict[tuple[Key, str], Any] = {}

    def __call__(self, key: Key, text: str) -> Any:
        found = self._done.get((key, text))
        if found is None:
            found = decode_table(key, text)
            if found is None:
                raise Fallback(".".join(key))
            self._done[(key, text)] = found
        return found


# --- versions shown where they differ -----------------------------------------------------


# A quoted string that could be an id, as it appears in a table's text.
_QUOTED = re.compile(r"[\"']([a-z0-9][a-z0-9-]*)[\"']")


class SectionView(Mapping[str, Entity]):
    """One kind's entities: iterates over the shown ones, looks up any of them."""

    def __init__(
        self, kind: str, shown: dict[str, Entity], others: Mapping[str, str], decoder: Decoder
    ) -> None:
        self.kind = kind
        self.shown = shown
        self.others = others  # id -> table text, for the entities not shown
        self._decoder = decoder
        self._names: tuple[dict[str, list[str]], list[str]] | None = None

    def naming(self, entity_id: str) -> list[str]:
        """The unshown entities whose table's text may name `entity_id`: it holds the id
        in quotes, or spells something with escapes (indexed once, on first use)."""
        if self._names is None:
            names: dict[str, list[str]] = {}
            escaped: list[str] = []
            for other_id, text in self.others.items():
                if "\\" in text:
                    escaped.append(other_id)
                for name in set(_QUOTED.findall(text)):
                    names.setdefault(name, []).append(other_id)
            self._names = (names, escaped)
        names, escaped = self._names
        return [*names.get(entity_id, []), *escaped]

    def __getitem__(self, entity_id: str) -> Entity:
        found = self.shown.get(entity_id)
        if found is not None:
            return found
        entity: Entity = self._decoder((self.kind, entity_id), self.others[entity_id])
        return entity

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.shown or entity_id in self.others

    def __iter__(self) -> Iterator[str]:
        return iter(self.shown)

    def __len__(self) -> int:
        return len(self.shown)


@dataclass(frozen=True, eq=False)
class PartialWorkbook(Workbook):
    """A workbook whose sections show only some entities; lookups by id see them all."""

    view_of: Mapping[str, SectionView] = field(default_factory=dict)
    outside: Mapping[str, str] = field(default_factory=dict)  # id -> kind, of those not shown

    def every(self, kind: str) -> Iterator[Entity]:
        """Every entity of the kind, shown or not (decoding the unshown ones once)."""
        view = self.view_of[kind]
        for entity_id in (*view.shown, *view.others):
            yield view[entity_id]

    def mentioning(self, kind: str, entity_id: str) -> Iterator[Entity]:
        """The shown entities of the kind, and the unshown ones whose table's text may name
        `entity_id` (in quotes, or spelled with escapes): only those are decoded."""
        view = self.view_of[kind]
        yield from view.shown.values()
        for other_id in view.naming(entity_id):
            yield view[other_id]

    def guardrails_of(self, outcome_id: str) -> list[Guardrail]:
        """All of an outcome's guardrails, unchanged ones too: an agreement's terms hold them."""
        guardrails = cast(Iterator[Guardrail], self.mentioning("guardrail", outcome_id))
        return [g for g in guardrails if g.outcome == outcome_id]

    @cached_property
    def _kind_index(self) -> dict[str, str]:
        index = dict(self.outside)
        for kind in KINDS:
            index.update(dict.fromkeys(self.section(kind), kind))
        return index


@dataclass(frozen=True)
class Unshown:
    """The tables no version changed (the same text in each), shared by the versions."""

    shown: set[Key]
    texts: dict[str, dict[str, str]]  # kind -> id -> text
    index: dict[str, str]  # id -> kind


def unshown(tables: Tables, shown: set[Key]) -> Unshown:
    """What `tables` holds outside `shown` (the same in every version compared)."""
    texts: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    index: dict[str, str] = {}
    for key, text in tables.by_key.items():
        if key not in shown and key != META:
            texts[key[0]][key[1]] = text
            index[key[1]] = key[0]
    return Unshown(shown, texts, index)


def showing(tables: Tables, rest: Unshown, decoder: Decoder) -> PartialWorkbook:
    """The version as a PartialWorkbook showing the entities of `rest.shown`."""
    meta = decoder(META, tables.by_key[META])
    if not isinstance(meta, WorkbookMeta):
        raise Fallback("workbook")
    shown: dict[str, dict[str, Entity]] = {kind: {} for kind in KINDS}
    texts = tables.by_key  # in file order
    for key in [key for key in texts if key in rest.shown]:
        if key != META:
            shown[key[0]][key[1]] = decoder(key, texts[key])
    views = {kind: SectionView(kind, shown[kind], rest.texts[kind], decoder) for kind in KINDS}
    return PartialWorkbook(meta=meta, sections=views, view_of=views, outside=rest.index)


def with_sections(
    like: PartialWorkbook,
    meta: WorkbookMeta,
    sections: Mapping[str, dict[str, Entity]],
    decoder: Decoder,
) -> PartialWorkbook:
    """A workbook showing `sections`, with `like`'s entities that are not shown behind them."""
    views = {
        kind: SectionView(kind, dict(sections.get(kind, {})), like.view_of[kind].others, decoder)
        for kind in KINDS
    }
    return PartialWorkbook(meta=meta, sections=views, view_of=views, outside=like.outside)


class _AllOf(Mapping[str, Entity]):
    """Every entity of one kind of a PartialWorkbook, in the order given."""

    def __init__(self, view: SectionView, order: list[str]) -> None:
        self._view = view
        self._order = order

    def __getitem__(self, entity_id: str) -> Entity:
        return self._view[entity_id]

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._view

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)


def whole(wb: PartialWorkbook, order: Iterable[Key]) -> Workbook:
    """An ordinary-looking workbook with every entity (decoded when first asked for),
    in the order of `order`'s keys."""
    ids: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for key in order:
        if key != META:
            ids[key[0]].append(key[1])
    sections = {kind: _AllOf(wb.view_of[kind], ids[kind]) for kind in KINDS}
    return Workbook(meta=wb.meta, sections=sections, session=wb.session)


@dataclass(frozen=True)
class Compared:
    """Versions cut alike, the keys whose tables differ, and each version showing those."""

    tables: tuple[Tables, ...]
    differ: set[Key]
    shown: set[Key]
    decoder: Decoder
    workbooks: tuple[PartialWorkbook, ...]


def compare(datas: Sequence[bytes], file: str, with_meta: bool = False) -> Compared | None:
    """The versions (each cut like the first) shown where they differ (and, `with_meta`,
    their `[workbook]` table); None when one is not in the usual shape. Using the
    workbooks may still raise `Fallback` (an unshown table that does not decode)."""
    cuts: list[Tables] = []
    for data in datas:
        tables = cut(data, file, cuts[0] if cuts else None)
        if tables is None:
            return None
        cuts.append(tables)
    differ = differing_keys(cuts)
    shown = differ | {META} if with_meta else differ
    rest = unshown(cuts[0], shown)
    decoder = Decoder()
    try:
        workbooks = tuple(showing(tables, rest, decoder) for tables in cuts)
    except Fallback:
        return None
    return Compared(tuple(cuts), differ, shown, decoder, workbooks)


# --- whole versions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One version of the file as a whole: its text, how to write it back, its model, its
    tables (None when the layout is unusual: nothing is then reused)."""

    text: str
    form: TextForm
    workbook: Workbook
    preamble: str
    tables: Tables | None

    @property
    def units(self) -> Mapping[Key, str]:
        """Each table's text by key (empty when the layout is unusual)."""
        return self.tables.by_key if self.tables is not None else {}

    def cut_units(self) -> tuple[str, list[Unit]]:
        """The preamble and a new list of the units in file order: the tables cut once,
        or the text split now when its layout is unusual."""
        if self.tables is not None:
            return self.tables.preamble, list(self.tables.units)
        return units_of(self.text)


def version_of(loaded: Loaded) -> Version:
    """A fully loaded version, cut into tables for `read_like`."""
    tables = cut_text(loaded.text, loaded.form)
    if tables is None:
        preamble = units_of(loaded.text)[0]
        return Version(loaded.text, loaded.form, loaded.workbook, preamble, None)
    return Version(loaded.text, loaded.form, loaded.workbook, tables.preamble, tables)


def load(
    data: bytes, file: str, reference: Version | None = None, allow_newer: bool = False
) -> Version:
    """`data` as a Version: read like `reference` when possible, else with the full loader
    (which raises WorkbookError with located problems when the file cannot be used)."""
    if reference is not None:
        quick = read_like(reference, data, file)
        if quick is not None:
            return quick
    return version_of(parse(data, file, allow_newer))


def read_like(reference: Version, data: bytes, file: str) -> Version | None:
    """`data` read by reusing `reference`'s entities for identical tables; None to fall back."""
    if reference.tables is None:
        return None
    tables = cut(data, file, reference.tables)
    if tables is None:
        return None
    known = reference.tables.by_key
    old = reference.workbook
    sections: dict[str, dict[str, Entity]] = {kind: {} for kind in KINDS}
    meta: Any = None
    for key, text in tables.by_key.items():
        value: Any = None
        if known.get(key) == text:
            value = old.meta if key == META else old.section(key[0]).get(key[1])
        if value is None:
            value = decode_table(key, text)
            if value is None:
                return None
        if key == META:
            meta = value
        else:
            sections[key[0]][key[1]] = value
    workbook = Workbook(meta=meta, sections=sections)
    return Version(tables.text, tables.form, workbook, tables.preamble, tables)
