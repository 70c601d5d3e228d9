"""The parts of the outline that look at every entity, carried from version to version.

What sits at the top of the outline (business outcomes without a North Star, product
outcomes driving nothing) and what no listing reaches (the unplaced group) are found
once for a workbook; after an edit they are worked out again only for the entities the
edit can have moved, so a keystroke in a workbook of 10,000 outcomes costs what it
changed. `changed_rows` says the same for the outline's rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model.changes import changed_entities
from ..model.entities import KINDS, ProductOutcome
from ..model.relations import DRIVE_KINDS, references
from ..model.workbook import Workbook

# The kinds that can be unplaced, in the order the unplaced group lists them.
PLACED_KINDS = ("metric", "guardrail", "opportunity", "solution", "experiment")
# More changed entities than this: working it all out again is as quick.
CARRY_LIMIT = 2_000


def valid(wb: Workbook, entity_id: str, *kinds: str) -> bool:
    return bool(entity_id) and wb.kind_of(entity_id) in kinds


def primary_drive(wb: Workbook, outcome: ProductOutcome) -> str:
    """The first existing target a product outcome drives: where it lives in the outline."""
    for target in outcome.drives:
        if valid(wb, target, *DRIVE_KINDS):
            return target
    return ""


@dataclass(frozen=True)
class Shape:
    """The top rows and the unplaced entities of one workbook value."""

    workbook: Workbook
    top_business: frozenset[str]
    top_products: frozenset[str]
    unplaced: frozenset[str]


class _Placer:
    """Whether an entity has a home listing, each answer found once. Entities outside
    `affected` keep the answer they had in `before` (an edit cannot have moved them)."""

    def __init__(
        self, wb: Workbook, affected: set[str] | None = None, before: Shape | None = None
    ) -> None:
        self.wb = wb
        self.memo: dict[str, bool] = {}
        self.affected = affected
        self.before = before

    def _known(self, entity_id: str) -> bool | None:
        if entity_id in self.memo:
            return self.memo[entity_id]
        if self.before is not None and self.affected is not None and entity_id not in self.affected:
            return entity_id not in self.before.unplaced
        return None

    def placed(self, kind: str, entity_id: str) -> bool:
        known = self._known(entity_id)
        if known is not None:
            return known
        wb = self.wb
        if kind == "opportunity":
            return self._opportunity(entity_id)
        if kind == "guardrail":
            found = valid(wb, wb.guardrails[entity_id].outcome, "product_outcome")
        elif kind == "metric":
            found = self._metric(entity_id)
        elif kind == "solution":
            parent = wb.solutions[entity_id].opportunity
            found = valid(wb, parent, "opportunity") and self.placed("opportunity", parent)
        elif kind == "experiment":
            parent = wb.experiments[entity_id].solution
            found = valid(wb, parent, "solution") and self.placed("solution", parent)
        else:
            found = True  # North Stars and outcomes always have a row
        self.memo[entity_id] = found
        return found

    def _metric(self, metric_id: str) -> bool:
        """Placed under a product outcome that moves it, else in the row of its first
        guardrail (by id), if that one is placed (see `outline.home_path`)."""
        wb = self.wb
        users = wb.metric_users(metric_id)
        if any(wb.kind_of(u) == "product_outcome" for u in users):
            return True
        guards = [u for u in users if wb.kind_of(u) == "guardrail"]
        return bool(guards) and self.placed("guardrail", min(guards))

    def _opportunity(self, start: str) -> bool:
        """Up the chain of parents to its top, which must sit under a product outcome;
        iterative, each opportunity once, so a chain 100,000 deep costs 100,000 steps."""
        opportunities = self.wb.opportunities
        path: list[str] = []
        on_path: set[str] = set()
        current = start
        while True:
            entity = opportunities.get(current)
            if entity is None or current in on_path:
                found = False  # a missing parent, or a loop
                break
            known = self._known(current) if current != start else None
            if known is not None:
                found = known
                break
            path.append(current)
            on_path.add(current)
            if not entity.parent:
                found = valid(self.wb, entity.outcome, "product_outcome")
                break
            current = entity.parent
        for opportunity_id in path:
            self.memo[opportunity_id] = found
        return found


def _full(wb: Workbook) -> Shape:
    placer = _Placer(wb)
    return Shape(
        wb,
        frozenset(
            b.id for b in wb.business_outcomes.values() if not valid(wb, b.north_star, "north_star")
        ),
        frozenset(p.id for p in wb.product_outcomes.values() if not primary_drive(wb, p)),
        frozenset(
            entity_id
            for kind in PLACED_KINDS
            for entity_id in wb.section(kind)
            if not placer.placed(kind, entity_id)
        ),
    )


def related_changes(old: Workbook, new: Workbook) -> dict[str, str] | None:
    """id -> kind of what changed from `old` to `new`, when `new` is an edit of `old` (or
    the other way round: an undo) that touched few entities; None otherwise (a reload)."""
    shared = any(old.section(kind) is new.section(kind) for kind in KINDS)
    if not shared and new.edited_since(old) is None:
        return None
    changed = changed_entities(old, new)
    return changed if len(changed) <= CARRY_LIMIT else None


def _neighbours(
    versions: tuple[Workbook, ...], ids: Iterable[str], keep: Callable[[str], bool]
) -> set[str]:
    """The ids that `ids` refer to or are referred to by, in any of `versions`."""
    found: set[str] = set()
    for entity_id in ids:
        for wb in versions:
            found.update(r for r, _ in wb.referrers(entity_id) if keep(r))
            kind = wb.kind_of(entity_id)
            if kind is not None:
                entity = wb.section(kind)[entity_id]
                found.update(t for _, t in references(kind, entity) if keep(t))
    return found


def _moved(old: Workbook, new: Workbook, changed: dict[str, str]) -> set[str]:
    """Every entity whose placement the change can affect: the changed ones, and
    whatever hangs below them (guardrails and opportunities of an outcome, branches of
    an opportunity, experiments of a solution), and the metrics of any of those."""
    below = {"product_outcome", "opportunity", "solution"}
    seen = set(changed)
    queue = list(changed)
    while queue:
        entity_id = queue.pop()
        kinds = {old.kind_of(entity_id), new.kind_of(entity_id)} - {None}
        more: list[str] = []
        for wb in (old, new):
            if kinds & below:
                more += (r for r, _ in wb.referrers(entity_id))
            kind = wb.kind_of(entity_id)
            if kind in ("product_outcome", "guardrail"):
                more.append(wb.section(kind)[entity_id].metric)  # type: ignore[attr-defined]
        for other in more:
            if other and other not in seen:
                seen.add(other)
                queue.append(other)
    return seen


def _carried(before: Shape, new: Workbook, changed: dict[str, str]) -> Shape:
    old = before.workbook
    new.carry_indexes(old, changed)
    versions = (old, new)
    moved = _moved(old, new, changed)
    placer = _Placer(new, moved, before)
    unplaced = set(before.unplaced)
    for entity_id in moved:
        kind = new.kind_of(entity_id)
        if kind in PLACED_KINDS and not placer.placed(kind, entity_id):
            unplaced.add(entity_id)
        else:
            unplaced.discard(entity_id)
    # Business outcomes whose North Star changed, product outcomes whose targets did.
    stars = [i for i, k in changed.items() if k == "north_star"]
    business = {i for i, k in changed.items() if k == "business_outcome"}
    business |= _neighbours(versions, stars, lambda r: "business_outcome" in _kinds(versions, r))
    targets = [i for i, k in changed.items() if k in DRIVE_KINDS]
    products = {i for i, k in changed.items() if k == "product_outcome"}
    products |= _neighbours(versions, targets, lambda r: "product_outcome" in _kinds(versions, r))
    top_business = set(before.top_business) - business
    top_business |= {
        b
        for b in business
        if b in new.business_outcomes
        and not valid(new, new.business_outcomes[b].north_star, "north_star")
    }
    top_products = set(before.top_products) - products
    top_products |= {
        p
        for p in products
        if p in new.product_outcomes and not primary_drive(new, new.product_outcomes[p])
    }
    return Shape(new, frozenset(top_business), frozenset(top_products), frozenset(unplaced))


def _kinds(versions: tuple[Workbook, ...], entity_id: str) -> set[str | None]:
    return {wb.kind_of(entity_id) for wb in versions}


# The shapes of the last few workbooks asked about, the newest last: the outline asks
# about the value it shows and the one replacing it.
_latest: list[Shape] = []
KEPT = 3


def shape(wb: Workbook) -> Shape:
    """The top rows and unplaced entities of `wb`: carried over from the last workbook
    asked about when `wb` is an edit of it, else found from every entity."""
    for known in _latest:
        if known.workbook is wb:
            return known
    before = _latest[-1] if _latest else None
    changed = related_changes(before.workbook, wb) if before is not None else None
    found = _full(wb) if before is None or changed is None else _carried(before, wb, changed)
    _latest.append(found)
    del _latest[:-KEPT]
    return found


def changed_rows(old: Workbook, new: Workbook) -> set[str] | None:
    """The ids whose outline rows (label, expand arrow or children) an edit from `old` to
    `new` can change; None when every row may have (the workbook's own table, a reload).

    A row shows its entity, what it refers to (a guardrail's metric) and what refers to
    it (counts, children); a child's link mark depends on the child's other parents.
    So: the changed entities, their neighbours both ways, and those neighbours'
    neighbours in the direction away from the change, in either version.
    """
    if old.meta != new.meta:
        return None
    changed = related_changes(old, new)
    if changed is None:
        return None
    versions = (old, new)
    rows = set(changed)
    for entity_id in changed:
        for wb in versions:
            referring = [r for r, _ in wb.referrers(entity_id)]
            kind = wb.kind_of(entity_id)
            referred = [t for _, t in references(kind, wb.section(kind)[entity_id])] if kind else []
            rows.update(referring)
            rows.update(referred)
            rows |= _neighbours(versions, referred, lambda _: True)
            for other in referring:
                for version in versions:
                    other_kind = version.kind_of(other)
                    if other_kind is not None:
                        entity_other = version.section(other_kind)[other]
                        rows.update(t for _, t in references(other_kind, entity_other))
    return rows
