"""The shape of the outline, computed from a workbook without any widget.

The tree reads from here one level at a time (children are built on expand),
and `home_path` says where an entity lives so the outline can open its way
down to it. An entity with several parents (a product outcome driving two
business outcomes, a metric shared by two outcomes) is listed under each; every
listing but the first is a link.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.entities import Entity, Metric, Opportunity, ProductOutcome
from ..model.relations import relations_of
from ..model.workbook import Workbook
from .placement import PLACED_KINDS, primary_drive, shape
from .placement import valid as _valid

ROOT = ""
UNPLACED = "unplaced"


@dataclass(frozen=True)
class Item:
    """One row of the outline: an entity (or the workbook root, or the unplaced group)."""

    kind: str
    entity_id: str
    link: bool = False

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.entity_id}"


WORKBOOK = Item("workbook", ROOT)
UNPLACED_GROUP = Item(UNPLACED, UNPLACED)


# The one parent field of a solution and of an experiment.
_PARENT = {
    kind: next(r for r in relations_of(kind) if r.parent) for kind in ("solution", "experiment")
}


def _parent(kind: str, entity: Entity) -> tuple[str, tuple[str, ...]]:
    """The id a solution or an experiment sits under, and the kinds it may be."""
    relation = _PARENT[kind]
    return getattr(entity, relation.field), relation.targets


def primary_metric_user(wb: Workbook, metric_id: str) -> str:
    """The first product outcome (by id) that moves this metric."""
    users = [u for u in wb.metric_users(metric_id) if wb.kind_of(u) == "product_outcome"]
    return min(users) if users else ""


def _opportunity_home(wb: Workbook, opportunity: Opportunity) -> list[str] | None:
    """Ids from the owning product outcome down to this opportunity, or None if unplaced."""
    chain = [opportunity.id]
    seen = {opportunity.id}
    current = opportunity
    while current.parent:
        parent = wb.opportunities.get(current.parent)
        if parent is None or parent.id in seen:
            return None
        chain.append(parent.id)
        seen.add(parent.id)
        current = parent
    if not _valid(wb, current.outcome, "product_outcome"):
        return None
    outcome_path = home_path(wb, current.outcome)
    if outcome_path is None:
        return None
    return [*outcome_path, *reversed(chain)]


_cache: list[tuple[Workbook, dict[str, list[str] | None]]] = []


def home_path(wb: Workbook, entity_id: str) -> list[str] | None:
    """The ids from the top of the outline down to the entity's first listing.

    None when the entity is not placed under anything (it is then listed in
    the unplaced group) or does not exist. Memoised for the latest workbook.
    """
    if not _cache or _cache[0][0] is not wb:
        _cache[:] = [(wb, {})]
    memo = _cache[0][1]
    if entity_id not in memo:
        memo[entity_id] = _home_path(wb, entity_id)
    found = memo[entity_id]
    return None if found is None else list(found)


def _home_path(wb: Workbook, entity_id: str) -> list[str] | None:
    kind = wb.kind_of(entity_id)
    if kind is None:
        return None
    entity = wb.get(entity_id)
    if kind == "north_star":
        return [entity_id]
    if kind == "business_outcome":
        ns = wb.business_outcomes[entity_id].north_star
        return [ns, entity_id] if _valid(wb, ns, "north_star") else [entity_id]
    if kind == "product_outcome":
        target = primary_drive(wb, wb.product_outcomes[entity_id])
        if not target:
            return [entity_id]
        above = home_path(wb, target)
        return None if above is None else [*above, entity_id]
    if kind == "metric":
        user = primary_metric_user(wb, entity_id)
        if user:
            above = home_path(wb, user)
            return None if above is None else [*above, entity_id]
        guards = [u for u in wb.metric_users(entity_id) if wb.kind_of(u) == "guardrail"]
        # A metric used only as a counter-metric lives in its guardrail's row.
        return home_path(wb, min(guards)) if guards else None
    if kind == "guardrail":
        outcome = wb.guardrails[entity_id].outcome
        above = home_path(wb, outcome) if _valid(wb, outcome, "product_outcome") else None
        return None if above is None else [*above, entity_id]
    if kind == "opportunity":
        return _opportunity_home(wb, wb.opportunities[entity_id])
    parent, parent_kinds = _parent(kind, entity)
    above = home_path(wb, parent) if _valid(wb, parent, *parent_kinds) else None
    return None if above is None else [*above, entity_id]


def root_children(wb: Workbook) -> list[Item]:
    """The top of the outline: North Star(s), then anything without a parent to sit under."""
    found = shape(wb)
    items = [Item("north_star", i) for i in _ordered_north_stars(wb)]
    items += [Item("business_outcome", i) for i in sorted(found.top_business)]
    items += [Item("product_outcome", i) for i in sorted(found.top_products)]
    if found.unplaced:
        items.append(UNPLACED_GROUP)
    return items


def _ordered_north_stars(wb: Workbook) -> list[str]:
    ids = sorted(wb.north_stars)
    main = wb.meta.north_star
    if main in ids:
        ids.remove(main)
        ids.insert(0, main)
    return ids


def unplaced(wb: Workbook) -> list[Item]:
    """Entities that no listing reaches (dangling references, loops, unused metrics)."""
    rank = {kind: number for number, kind in enumerate(PLACED_KINDS)}
    kind_of = wb.kind_of
    found = [(kind_of(i) or "", i) for i in shape(wb).unplaced]
    return [Item(kind, i) for kind, i in sorted(found, key=lambda e: (rank[e[0]], e[1]))]


def children(wb: Workbook, item: Item) -> list[Item]:
    """The rows directly under `item`, in display order."""
    if item.kind == "workbook":
        return root_children(wb)
    if item.kind == UNPLACED:
        return unplaced(wb)
    if item.link:
        return []  # a link's subtree is shown where the entity lives
    entity_id = item.entity_id
    if wb.find(entity_id) is None:
        return []
    if item.kind == "north_star":
        return [Item("business_outcome", b.id) for b in wb.business_outcomes_under(entity_id)] + [
            _outcome_item(wb, p, entity_id) for p in wb.outcomes_driving(entity_id)
        ]
    if item.kind == "business_outcome":
        return [_outcome_item(wb, p, entity_id) for p in wb.outcomes_driving(entity_id)]
    if item.kind == "product_outcome":
        outcome = wb.product_outcomes[entity_id]
        rows: list[Item] = []
        if _valid(wb, outcome.metric, "metric"):
            primary = primary_metric_user(wb, outcome.metric) == entity_id
            rows.append(Item("metric", outcome.metric, link=not primary))
        rows += [Item("guardrail", g.id) for g in wb.guardrails_of(entity_id)]
        rows += [Item("opportunity", o.id) for o in wb.opportunities_of(entity_id)]
        return rows
    if item.kind == "opportunity":
        return [Item("opportunity", o.id) for o in wb.child_opportunities(entity_id)] + [
            Item("solution", s.id) for s in wb.solutions_of(entity_id)
        ]
    if item.kind == "solution":
        return [Item("experiment", e.id) for e in wb.experiments_of(entity_id)]
    return []


def _outcome_item(wb: Workbook, outcome: ProductOutcome, parent_id: str) -> Item:
    return Item("product_outcome", outcome.id, link=primary_drive(wb, outcome) != parent_id)


def has_children(wb: Workbook, item: Item) -> bool:
    """Cheap test for the expand arrow, without building the child list."""
    if item.kind in ("workbook", UNPLACED):
        return True
    if item.link:
        return False
    if item.kind in ("metric", "guardrail", "experiment"):
        return False
    if item.kind == "product_outcome":
        outcome = wb.product_outcomes.get(item.entity_id)
        if outcome is not None and outcome.metric:
            return True
    return bool(wb.referrers(item.entity_id))


def metric_summary(metric: Metric) -> str:
    """`v3: definition` for the version in use, for labels."""
    version = metric.latest()
    if version is None:
        return "no definition yet"
    number = metric.versions.index(version) + 1
    return f"v{number}: {version.definition}"
