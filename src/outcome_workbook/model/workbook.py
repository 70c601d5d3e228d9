"""The workbook: metadata plus one id-keyed section per entity kind, and read-only queries."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast

from .entities import (
    ENTITY_CLASSES,
    KINDS,
    BusinessOutcome,
    Entity,
    Experiment,
    Guardrail,
    Metric,
    NorthStar,
    Opportunity,
    ProductOutcome,
    Solution,
    WorkbookMeta,
    a_kind,
)
from .errors import WorkbookError
from .relations import RELATIONS_OF, Relation, references
from .session_state import SessionState

E = TypeVar("E", bound=Entity)
# Picks the entities of a section to look at, in id order (see `wrong_references`).
Among = Callable[[Mapping[str, Entity]], Sequence[tuple[str, Entity]]]


def ring_text(loop: list[str], shown: int = 8) -> str:
    """`a -> b -> c -> a`, with the middle of a long loop left out."""
    if len(loop) > shown:
        hidden = len(loop) - shown + 1
        loop = [*loop[: shown - 1], f"... {hidden} more", loop[-1]]
    return " -> ".join([*loop, loop[0]])


# The order of a referrer list is kind, then id, then field, as `_referrers` builds it:
# (kind, field) -> (the kind's place, the field's place in its kind).
_REFERRER_RANK: dict[tuple[str, str], tuple[int, int]] = {
    (kind, row.field): (kind_rank, field_rank)
    for kind_rank, (kind, rows) in enumerate(RELATIONS_OF.items())
    for field_rank, row in enumerate(rows)
}


def _order(rank: tuple[int, int], entity_id: str) -> tuple[int, str, int]:
    return (rank[0], entity_id, rank[1])


def _empty_sections() -> dict[str, dict[str, Entity]]:
    return {kind: {} for kind in KINDS}


@dataclass(frozen=True, eq=False)
class Workbook:
    """An immutable snapshot. Operations return a new Workbook sharing unchanged entities.

    `renamed` maps a new id to the id it had when the file was loaded, so the
    store can move the entity's table (and its comments) instead of rewriting it.
    `session` is the guided session's progress, when one was started.
    """

    meta: WorkbookMeta
    sections: Mapping[str, Mapping[str, Entity]] = field(default_factory=_empty_sections)
    renamed: Mapping[str, str] = field(default_factory=dict)
    session: SessionState | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Workbook):
            return NotImplemented
        return (
            self.meta == other.meta
            and self.session == other.session
            and all(dict(self.section(kind)) == dict(other.section(kind)) for kind in KINDS)
        )

    __hash__ = None  # type: ignore[assignment]

    # --- access -------------------------------------------------------------

    def section(self, kind: str) -> Mapping[str, Entity]:
        return self.sections.get(kind, {})

    def _typed(self, kind: str, cls: type[E]) -> Mapping[str, E]:
        return cast(Mapping[str, E], self.section(kind))

    @property
    def north_stars(self) -> Mapping[str, NorthStar]:
        return self._typed("north_star", NorthStar)

    @property
    def business_outcomes(self) -> Mapping[str, BusinessOutcome]:
        return self._typed("business_outcome", BusinessOutcome)

    @property
    def product_outcomes(self) -> Mapping[str, ProductOutcome]:
        return self._typed("product_outcome", ProductOutcome)

    @property
    def metrics(self) -> Mapping[str, Metric]:
        return self._typed("metric", Metric)

    @property
    def guardrails(self) -> Mapping[str, Guardrail]:
        return self._typed("guardrail", Guardrail)

    @property
    def opportunities(self) -> Mapping[str, Opportunity]:
        return self._typed("opportunity", Opportunity)

    @property
    def solutions(self) -> Mapping[str, Solution]:
        return self._typed("solution", Solution)

    @property
    def experiments(self) -> Mapping[str, Experiment]:
        return self._typed("experiment", Experiment)

    def entities(self) -> Iterator[tuple[str, Entity]]:
        """Every entity with its kind, in canonical order (kind, then id)."""
        for kind in KINDS:
            section = self.section(kind)
            for entity_id in sorted(section):
                yield kind, section[entity_id]

    @cached_property
    def memo(self) -> dict[Any, Any]:
        """What readers derive from this value and keep (it never changes): each key
        names its work, e.g. ("agreement", id(outcome)); a new value starts empty."""
        return {}

    @cached_property
    def _kind_index(self) -> dict[str, str]:
        return {eid: kind for kind in KINDS for eid in self.section(kind)}

    def kind_of(self, entity_id: str) -> str | None:
        return self._kind_index.get(entity_id)

    def find(self, entity_id: str) -> Entity | None:
        kind = self._kind_index.get(entity_id)
        return None if kind is None else self.section(kind)[entity_id]

    def get(self, entity_id: str, kind: str | None = None) -> Entity:
        found_kind = self._kind_index.get(entity_id)
        if found_kind is None:
            raise WorkbookError(f"no entity with id {entity_id!r} in this workbook")
        if kind is not None and found_kind != kind:
            raise WorkbookError(f"{entity_id!r} is {a_kind(found_kind)}, not {a_kind(kind)}")
        return self.section(found_kind)[entity_id]

    def get_typed(self, entity_id: str, cls: type[E]) -> E:
        kind = next(k for k, c in ENTITY_CLASSES.items() if c is cls)
        return cast(E, self.get(entity_id, kind))

    def taken_ids(self) -> set[str]:
        return set(self._kind_index) | set(self.meta.retired)

    def __len__(self) -> int:
        return len(self._kind_index)

    # --- relationships --------------------------------------------------------

    @cached_property
    def _referrers(self) -> dict[str, list[tuple[str, str]]]:
        """id -> [(referring id, field name)], for every reference field."""
        index: dict[str, list[tuple[str, str]]] = {}
        for kind in RELATIONS_OF:
            section = self.section(kind)
            for entity_id in sorted(section):
                for row, target in references(kind, section[entity_id]):
                    index.setdefault(target, []).append((entity_id, row.field))
        return index

    def note_edit(self, previous: Workbook, changed: Mapping[str, str]) -> None:
        """Record that this version is `previous` with the entities in `changed` (id ->
        kind) added, changed or removed, as `operations` makes it, so `edited_since` need
        not compare every entity of a large section."""
        self.__dict__["_edited_from"] = (weakref.ref(previous), dict(changed))

    def edited_since(self, old: Workbook, steps: int = 8) -> dict[str, str] | None:
        """The entities (id -> kind) recorded as edited from `old` to this version over at
        most `steps` recorded edits; None when this version is not known to come from it."""
        changes: list[dict[str, str]] = []
        current: Workbook | None = self
        while current is not None and current is not old and len(changes) < steps:
            record = current.__dict__.get("_edited_from")
            if record is None:
                return None
            changes.append(record[1])
            current = record[0]()
        if current is not old:
            return None
        merged: dict[str, str] = {}
        for step in changes:  # the newest first: its kind wins
            for entity_id, kind in step.items():
                merged.setdefault(entity_id, kind)
        return merged

    def carry_indexes(self, old: Workbook, changed: Mapping[str, str]) -> None:
        """Take over `old`'s id and referrer indexes where it has built them, updated for
        the entities in `changed` (id -> kind, from `model.changes.changed_entities`),
        instead of rebuilding them from every entity: after one edit of a large workbook
        the next version's lookups then cost what the edit changed (a dictionary copy)."""
        if "_kind_index" in old.__dict__ and "_kind_index" not in self.__dict__:
            kinds = dict(old._kind_index)
            for entity_id, kind in changed.items():
                if entity_id in self.section(kind):
                    kinds[entity_id] = kind
                else:
                    kinds.pop(entity_id, None)
            self.__dict__["_kind_index"] = kinds
        if "_referrers" in old.__dict__ and "_referrers" not in self.__dict__:
            self.__dict__["_referrers"] = self._carried_referrers(old, changed)

    def _carried_referrers(
        self, old: Workbook, changed: Mapping[str, str]
    ) -> dict[str, list[tuple[str, str]]]:
        index = dict(old._referrers)  # the lists are shared: replaced, never changed in place
        targets: set[str] = set()
        now: dict[str, list[tuple[str, str]]] = {}
        for entity_id, kind in changed.items():
            before = old.section(kind).get(entity_id)
            if before is not None:
                targets.update(target for _, target in references(kind, before))
            after = self.section(kind).get(entity_id)
            if after is not None:
                for row, target in references(kind, after):
                    targets.add(target)
                    now.setdefault(target, []).append((entity_id, row.field))
        rank = _REFERRER_RANK
        kind_of = self._kind_index.get
        for target in targets:
            kept = [entry for entry in index.get(target, ()) if entry[0] not in changed]
            entries = kept + now.get(target, [])
            if entries:
                entries.sort(key=lambda e: _order(rank[(kind_of(e[0]) or "", e[1])], e[0]))
                index[target] = entries
            else:
                index.pop(target, None)
        return index

    def wrong_references(
        self, among: Among | None = None
    ) -> Iterator[tuple[str, str, Relation, str, str | None]]:
        """(kind, id, relation, target, the target's kind or None) for every reference to a
        missing or wrong-kind entity, in kind, id, then field order; `among` picks the
        entities of a section to look at, in id order (a recheck's few; default: all)."""
        if among is None:
            yield from self._all_wrong_references
            return
        yield from self._wrong_references(among)

    @cached_property
    def _all_wrong_references(self) -> tuple[tuple[str, str, Relation, str, str | None], ...]:
        """Kept: reading asks for them (the problems) and so does the dangling-reference
        check, each a walk over every reference."""
        return tuple(self._wrong_references(None))

    def _wrong_references(
        self, among: Among | None
    ) -> Iterator[tuple[str, str, Relation, str, str | None]]:
        kind_of = self.kind_of
        for kind in RELATIONS_OF:
            section = self.section(kind)
            chosen = sorted(section.items()) if among is None else among(section)
            for entity_id, entity in chosen:
                for row, target in references(kind, entity):
                    found = kind_of(target)
                    if found not in row.targets:
                        yield kind, entity_id, row, target, found

    def referrers(self, entity_id: str) -> list[tuple[str, str]]:
        """Who points at `entity_id`, and through which field (sorted by referrer id)."""
        return list(self._referrers.get(entity_id, []))

    def _referring(self, entity_id: str, kind: str, field_name: str) -> list[str]:
        section = self.section(kind)
        return [
            rid
            for rid, name in self._referrers.get(entity_id, [])
            if name == field_name and rid in section
        ]

    def outcomes_driving(self, target_id: str) -> list[ProductOutcome]:
        return [
            self.product_outcomes[i]
            for i in self._referring(target_id, "product_outcome", "drives")
        ]

    def business_outcomes_under(self, north_star_id: str) -> list[BusinessOutcome]:
        return [
            self.business_outcomes[i]
            for i in self._referring(north_star_id, "business_outcome", "north_star")
        ]

    def every(self, kind: str) -> Iterator[Entity]:
        """Every entity of a kind (a partial workbook's unshown ones too)."""
        return iter(self.section(kind).values())

    def mentioning(self, kind: str, entity_id: str) -> Iterator[Entity]:
        """Entities of a kind that may refer to `entity_id`: a superset of those that do
        (a partial workbook skips the unshown ones whose text cannot name it)."""
        return self.every(kind)

    def guardrails_of(self, outcome_id: str) -> list[Guardrail]:
        return [self.guardrails[i] for i in self._referring(outcome_id, "guardrail", "outcome")]

    def opportunities_of(self, outcome_id: str) -> list[Opportunity]:
        """Top-level opportunities directly under a product outcome."""
        return [
            self.opportunities[i]
            for i in self._referring(outcome_id, "opportunity", "outcome")
            if not self.opportunities[i].parent
        ]

    def child_opportunities(self, opportunity_id: str) -> list[Opportunity]:
        return [
            self.opportunities[i] for i in self._referring(opportunity_id, "opportunity", "parent")
        ]

    def solutions_of(self, opportunity_id: str) -> list[Solution]:
        return [
            self.solutions[i] for i in self._referring(opportunity_id, "solution", "opportunity")
        ]

    def experiments_of(self, solution_id: str) -> list[Experiment]:
        return [self.experiments[i] for i in self._referring(solution_id, "experiment", "solution")]

    def outcome_of_opportunity(self, opportunity_id: str) -> str:
        """The product outcome at the root of an opportunity's branch ('' if none)."""
        return self._opportunity_roots.get(opportunity_id, "")

    def opportunity_loops(self) -> list[list[str]]:
        """Opportunities that are their own ancestors: each loop in parent order, from its
        smallest id, loops sorted by that id."""
        return [list(loop) for loop in self._opportunity_loops]

    def in_opportunity_loop(self, opportunity_id: str) -> bool:
        return opportunity_id in self._looped_opportunities

    @cached_property
    def _opportunity_roots(self) -> dict[str, str]:
        """Each opportunity's root product outcome, found in one pass over all chains.

        An opportunity's own outcome wins; otherwise its parent's root; a chain ending
        at a missing id, or a loop with no outcome on it, has none. Every chain is
        walked once (iteratively, so a 100,000-deep chain costs 100,000 steps).
        """
        opportunities = self.opportunities
        roots: dict[str, str] = {}
        for start in opportunities:
            if start in roots:
                continue
            path: list[str] = []
            on_path: set[str] = set()
            current = start
            found = ""
            while True:
                if current in roots:
                    found = roots[current]
                    break
                entity = opportunities.get(current)
                if entity is None or current in on_path:
                    break  # a missing parent, or a loop with no outcome on it
                path.append(current)
                on_path.add(current)
                if entity.outcome:
                    found = entity.outcome
                    break
                current = entity.parent
            for opportunity_id in path:
                roots[opportunity_id] = found
        return roots

    def opportunity_top(self, opportunity_id: str) -> str:
        """The opportunity at the top of this one's chain of parents (itself when it has
        no parent); '' when the chain ends at a missing id or goes round a loop."""
        return self._opportunity_tops.get(opportunity_id, "")

    @cached_property
    def _opportunity_tops(self) -> dict[str, str]:
        opportunities = self.opportunities
        tops: dict[str, str] = {}
        for start in opportunities:
            path: list[str] = []
            on_path: set[str] = set()
            current = start
            found = ""
            while current not in tops:
                entity = opportunities.get(current)
                if entity is None or current in on_path:
                    break
                path.append(current)
                on_path.add(current)
                if not entity.parent:
                    found = current
                    break
                current = entity.parent
            else:
                found = tops[current]
            for opportunity_id in path:
                tops[opportunity_id] = found
        return tops

    @cached_property
    def _opportunity_loops(self) -> tuple[tuple[str, ...], ...]:
        opportunities = self.opportunities
        done: set[str] = set()
        loops: list[tuple[str, ...]] = []
        for start in opportunities:
            if start in done:
                continue
            index: dict[str, int] = {}
            path: list[str] = []
            current = start
            while current in opportunities and current not in done and current not in index:
                index[current] = len(path)
                path.append(current)
                current = opportunities[current].parent
            if current in index:
                ring = path[index[current] :]
                first = ring.index(min(ring))
                loops.append(tuple(ring[first:] + ring[:first]))
            done.update(path)
        return tuple(sorted(loops))

    @cached_property
    def _looped_opportunities(self) -> frozenset[str]:
        return frozenset(i for loop in self._opportunity_loops for i in loop)

    def metric_users(self, metric_id: str) -> list[str]:
        """Product outcomes and guardrails that use a metric."""
        return [rid for rid, name in self._referrers.get(metric_id, []) if name == "metric"]
