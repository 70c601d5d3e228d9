"""How entities point at each other: one table, read by everything that follows a reference.

Each row says which field of which kind holds the id of another entity, which kinds it may
point to, whether it places the entity under that one (a parent: changed by moving it), and
what the graph calls the edge. References and referrers (`Workbook`), validation, moves,
renames and deletes (`operations`), the codec's and the checks' reference problems, the
diff's id remapping, the graph's edges and the forms' parent fields are all derived from it,
so a new relation is one row here. Whether a field holds one id or several is read from the
entity's dataclass (`fields`), not declared again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import cast

from .entities import ENTITY_CLASSES, Entity
from .fields import spec_map


@dataclass(frozen=True)
class Relation:
    """One reference field: `source.field` holds the id of an entity of one of `targets`.

    `parent`: the field places the entity under its target (the outline lists it there and
    `operations.move` changes it). `edge`: the graph's name for the reference; edges point up
    the ladder, from what contributes to what it serves, so `edge_from_target` turns the edge
    round where the target is the contributor (a metric *measures* an outcome).
    `falls_back_to`: a `WorkbookMeta` field the graph follows when this one is blank.
    """

    source: str
    field: str
    targets: tuple[str, ...]
    edge: str
    parent: bool = False
    edge_from_target: bool = False
    falls_back_to: str = ""

    @cached_property
    def many(self) -> bool:
        """Whether the field holds several ids (a tuple) rather than one (a string)."""
        return spec_map(cast(type, ENTITY_CLASSES[self.source]))[self.field].type == "strings"

    def ids(self, entity: Entity) -> tuple[str, ...]:
        """The ids this field of `entity` holds, blanks left out, in the order written."""
        value = getattr(entity, self.field)
        return tuple(v for v in value if v) if self.many else ((value,) if value else ())


# In kind order, then field order within a kind: the order problems are reported in.
# A kind's parent fields go from the broadest target to the narrowest.
RELATIONS: tuple[Relation, ...] = (
    Relation(
        "business_outcome",
        "north_star",
        ("north_star",),
        "drives",
        parent=True,
        falls_back_to="north_star",
    ),
    Relation("product_outcome", "drives", ("business_outcome", "north_star"), "drives"),
    Relation("product_outcome", "metric", ("metric",), "measures", edge_from_target=True),
    Relation("guardrail", "outcome", ("product_outcome",), "guards", parent=True),
    Relation("guardrail", "metric", ("metric",), "measures", edge_from_target=True),
    Relation("opportunity", "outcome", ("product_outcome",), "addresses", parent=True),
    Relation("opportunity", "parent", ("opportunity",), "addresses", parent=True),
    Relation("solution", "opportunity", ("opportunity",), "solves", parent=True),
    Relation("experiment", "solution", ("solution",), "tests", parent=True),
)


def _by_kind() -> dict[str, tuple[Relation, ...]]:
    found: dict[str, list[Relation]] = {}
    for relation in RELATIONS:
        found.setdefault(relation.source, []).append(relation)
    return {kind: tuple(rows) for kind, rows in found.items()}


RELATIONS_OF: Mapping[str, tuple[Relation, ...]] = _by_kind()

# Fields that hold the id of another entity, and the kinds they may point to.
REFERENCE_FIELDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    kind: {r.field: r.targets for r in rows} for kind, rows in RELATIONS_OF.items()
}

# kind -> {parent kind: the field that places it there}, for the kinds that sit under a parent.
PARENT_FIELDS: Mapping[str, Mapping[str, str]] = {
    kind: {target: r.field for r in rows if r.parent for target in r.targets}
    for kind, rows in RELATIONS_OF.items()
    if any(r.parent for r in rows)
}

# Kinds with several parent fields (set one at a time): an opportunity's outcome or parent.
SEVERAL_PARENTS: frozenset[str] = frozenset(k for k, f in PARENT_FIELDS.items() if len(f) > 1)

# The kinds a product outcome can drive: where it is listed in the outline.
DRIVE_KINDS: tuple[str, ...] = REFERENCE_FIELDS["product_outcome"]["drives"]


def relations_of(kind: str) -> tuple[Relation, ...]:
    return RELATIONS_OF.get(kind, ())


def relation(kind: str, field_name: str) -> Relation | None:
    """The relation a field is, or None when it holds no reference."""
    return next((r for r in relations_of(kind) if r.field == field_name), None)


def relation_to(kind: str, target_kind: str) -> Relation | None:
    """The field of `kind` that points at a `target_kind` (the parent one first), if any."""
    rows = [r for r in relations_of(kind) if target_kind in r.targets]
    return next((r for r in rows if r.parent), rows[0] if rows else None)


def is_parent_field(kind: str, field_name: str) -> bool:
    found = relation(kind, field_name)
    return found is not None and found.parent


def placing(kind: str, entity: Entity) -> Relation | None:
    """The parent field an entity sits under: the narrowest one set (a file can set two of an
    opportunity's; the checks report that, and everything follows the narrower)."""
    chosen = None
    for row in relations_of(kind):
        if row.parent and getattr(entity, row.field):
            chosen = row
    return chosen


def references(kind: str, entity: Entity) -> Iterator[tuple[Relation, str]]:
    """Every (relation, id) an entity of `kind` refers to, in table then written order."""
    for row in relations_of(kind):
        for target in row.ids(entity):
            yield row, target
