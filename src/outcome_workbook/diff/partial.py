"""Versions of one workbook that decode only the tables where the versions differ.

A diff or a merge of a large workbook compares versions that share almost every
table. A table whose text is the same in every version holds the same entity in
each and cannot change the result, so it is never parsed: each version is split
into its tables (`store.quick_split`), the tables are compared as text, and a
`PartialWorkbook` holds only the entities of the tables that differ ("shown").
Its sections iterate over those alone, so the diff and the merge look at nothing
else, while a lookup by id (`find`, `kind_of`, `section(kind)[id]`) still sees
every entity of the version, decoding an unchanged table the first time it is
asked for (the diff wants the title of an outcome a changed guardrail points at).

Anything unusual (a table written in pieces, top-level keys, a session, an
unknown table, a table that does not decode on its own) raises `Fallback`, and
the caller uses the full path instead, so results never depend on the shortcut.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from ..model.entities import KINDS, Entity, Guardrail, WorkbookMeta
from ..model.errors import WorkbookError
from ..model.workbook import Workbook
from ..store.blocks import Unit
from ..store.quick_split import Template, split_units_like, split_units_quick
from ..store.text import TextForm, decode, has_conflict_markers
from ..store.workbook_file import MAX_BYTES
from .incremental import decode_unit

Key = tuple[str, ...]
META: Key = ("workbook",)
_KINDS = frozenset(KINDS)


class Fallback(Exception):
    """The versions are not in the usual shape: take the full path."""


@dataclass(frozen=True)
class Split:
    """One version's text, cut into its tables."""

    text: str
    form: TextForm
    preamble: str
    units: list[Unit]
    by_key: dict[Key, str]

    @cached_property
    def template(self) -> Template:
        return Template(self.text, self.preamble, self.units)


def read_split(data: bytes, file: str, like: Split | None = None) -> Split | None:
    """`data` cut into tables, or None when it is not in the usual one-table-per-entity shape
    (the full loader then reads it, and explains any problem). `like`, another version
    already cut, makes it quicker."""
    if len(data) > MAX_BYTES:
        return None
    try:
        text, form = decode(data, file)
    except WorkbookError:
        return None
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
    return Split(text, form, preamble, units, by_key)


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


def differing_keys(splits: Iterable[Split]) -> set[Key]:
    """Keys whose table is not the same text in every version (present in some only, too)."""
    versions = list(splits)
    first = versions[0].by_key
    keys: set[Key] = set()
    for other in versions[1:]:
        # Set operations on the items run in C; equal tables are mostly the same string.
        keys.update(key for key, _ in first.items() ^ other.by_key.items())
    return keys


class Decoder:
    """Decodes tables, once per distinct text: equal text gives the very same entity."""

    def __init__(self) -> None:
        self._done: dict[tuple[Key, str], Any] = {}

    def __call__(self, key: Key, text: str) -> Any:
        found = self._done.get((key, text))
        if found is None:
            found = decode_unit(key, text)
            if found is None:
                raise Fallback(".".join(key))
            self._done[(key, text)] = found
        return found


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


def unshown(split: Split, shown: set[Key]) -> Unshown:
    """What `split` holds outside `shown` (the same in every version compared)."""
    texts: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    index: dict[str, str] = {}
    for key, text in split.by_key.items():
        if key not in shown and key != META:
            texts[key[0]][key[1]] = text
            index[key[1]] = key[0]
    return Unshown(shown, texts, index)


def partial(split: Split, rest: Unshown, decoder: Decoder) -> PartialWorkbook:
    """The version as a PartialWorkbook showing the entities of `rest.shown`."""
    meta = decoder(META, split.by_key[META])
    if not isinstance(meta, WorkbookMeta):
        raise Fallback("workbook")
    shown: dict[str, dict[str, Entity]] = {kind: {} for kind in KINDS}
    texts = split.by_key  # in file order
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
