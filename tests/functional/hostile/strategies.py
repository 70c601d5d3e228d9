"""Hypothesis strategies: valid workbooks whose text fields hold anything a person could paste.

Values are drawn from the field specs (`model.fields.field_specs`), so a field added
to the model is fuzzed without touching this file. Reference fields always point at
an entity of an allowed kind, so every drawn workbook is one the product could build.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from functools import cache
from typing import Any

from hypothesis import strategies as st

from outcome_workbook.model.entities import (
    ENTITY_CLASSES,
    FORMAT_VERSION,
    KINDS,
    WorkbookMeta,
)
from outcome_workbook.model.fields import FieldSpec, field_specs
from outcome_workbook.model.relations import REFERENCE_FIELDS
from outcome_workbook.model.workbook import Workbook

# Text a hostile or careless author could put in a workbook.
HOSTILE_PIECES = [
    "\x1b[2J",
    "\x1b[31m",
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "\x1b]52;c;cm0gLXJmIH4=\x07",
    "\x07",
    "\x08\x08\x08",
    "\x9b31m",
    "\x85",
    "\u202e",
    "\u2066",
    "\x00",
    "\x7f",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "[bold]",
    "[/",
    "[/]",
    "[link=https://evil.example]",
    "[@click=app.quit]",
    "[[a]]",
    "[TODO]",
    '"""',
    "'''",
    '"',
    "\\",
    "\\u0000",
    "#",
    " = ",
    "<<<<<<< HEAD",
    "=======",
    "-->",
    "`",
    "|",
    "\ufeff",
    "\u2028",
    "é",
    "日本",
    "🎯",
]

text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=24),
    st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=4)), max_size=6).map(
        "".join
    ),
)
ids = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?", fullmatch=True).filter(
    lambda s: "--" not in s
)
numbers = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)
dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
ICE_FIELDS = {"impact", "confidence", "ease"}
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _visible_key(key: str) -> bool:
    return not any(0x80 <= ord(c) < 0xA0 or c in BIDI for c in key)


def value_for(spec: FieldSpec) -> st.SearchStrategy[Any]:
    """Any valid value of one field (references are fixed up afterwards)."""
    base: st.SearchStrategy[Any]
    if spec.type == "str":
        base = text
    elif spec.type == "int":
        base = st.integers(1, 10) if spec.name in ICE_FIELDS else st.integers(0, 10**6)
    elif spec.type == "number":
        base = numbers
    elif spec.type == "date":
        base = dates
    elif spec.type == "choice":
        base = st.sampled_from(spec.choices)
    elif spec.type == "strings":
        base = st.lists(text, max_size=3).map(tuple)
    elif spec.type == "map":
        # Keys are check codes; a key's C1 or bidi characters would be written raw.
        base = st.dictionaries(st.one_of(ids, text.filter(_visible_key)), text, max_size=3)
    elif spec.type == "record":
        assert spec.record is not None
        base = record(spec.record)
    else:
        assert spec.record is not None
        base = st.lists(record(spec.record), max_size=3).map(tuple)
    if spec.optional:
        base = st.one_of(st.none(), base)
    if spec.required:
        return base
    return st.one_of(st.just(spec.default), base)


@cache
def field_strategies(cls: type) -> dict[str, st.SearchStrategy[Any]]:
    """One strategy per field, built once (building strategies is the slow part)."""
    return {spec.name: value_for(spec) for spec in field_specs(cls) if spec.name != "id"}


@cache
def record(cls: type) -> st.SearchStrategy[Any]:
    return st.fixed_dictionaries(field_strategies(cls)).map(lambda values: cls(**values))


@st.composite
def workbooks(draw: st.DrawFn, max_per_kind: int = 3) -> Workbook:
    """A valid workbook: unique ids, references to existing entities of the right kind."""
    taken: set[str] = set()
    sections: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    for kind in KINDS:
        # `type`, as the cached field_strategies takes it (a dataclass's class is hashable).
        cls: type = ENTITY_CLASSES[kind]
        for _ in range(draw(st.integers(0, max_per_kind))):
            entity_id = draw(ids.filter(lambda i: i not in taken))
            values = {
                name: draw(strategy)
                for name, strategy in field_strategies(cls).items()
                if name not in REFERENCE_FIELDS.get(kind, {})
            }
            values["title"] = draw(text.filter(lambda t: bool(t.strip())))
            references = _references(draw, kind, sections)
            if references is None:
                break
            taken.add(entity_id)
            sections[kind][entity_id] = cls(id=entity_id, **values, **references)
    meta = draw(record(WorkbookMeta))
    north_stars = sorted(sections["north_star"])
    meta = dataclasses.replace(
        meta,
        format=FORMAT_VERSION,
        title=draw(text.filter(lambda t: bool(t.strip()))),
        north_star=draw(st.sampled_from(["", *north_stars])),
        retired=tuple(draw(st.lists(ids.filter(lambda i: i not in taken), max_size=2))),
    )
    return Workbook(meta=meta, sections=sections)


def _references(
    draw: st.DrawFn, kind: str, sections: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    """Reference values for a new entity, or None when its required parent does not exist."""
    fields = REFERENCE_FIELDS.get(kind, {})
    out: dict[str, Any] = {}
    entity_class: type = ENTITY_CLASSES[kind]
    spec_of = {spec.name: spec for spec in field_specs(entity_class)}
    for name, allowed in fields.items():
        pool = sorted(i for k in allowed for i in sections[k])
        spec = spec_of[name]
        if spec.type == "strings":
            drawn = draw(st.lists(st.sampled_from(pool), unique=True, max_size=3)) if pool else []
            out[name] = tuple(drawn)
            continue
        if spec.required and not pool:
            return None
        choices = pool if spec.required else ["", *pool]
        out[name] = draw(st.sampled_from(choices))
    if kind == "opportunity":
        # Under an outcome or a parent opportunity, never both, never neither.
        if out["outcome"] and out["parent"]:
            out["parent"] = ""
        if not out["outcome"] and not out["parent"]:
            if sections["product_outcome"]:
                out["outcome"] = sorted(sections["product_outcome"])[0]
            elif sections["opportunity"]:
                out["parent"] = sorted(sections["opportunity"])[0]
            else:
                return None
    return out
