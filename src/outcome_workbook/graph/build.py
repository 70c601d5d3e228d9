"""The outcome graph: one networkx DiGraph built from a workbook.

Edges point up the ladder, from the thing that contributes to the thing it
serves: an experiment *tests* a solution, a solution *solves* an opportunity,
an opportunity *addresses* a product outcome (or a broader opportunity), a
metric *measures* a product outcome or a guardrail, a guardrail *guards* a
product outcome, a product outcome *drives* a business outcome or the North
Star Metric, and a business outcome *drives* the North Star Metric. With
`history=True`, each earlier metric version becomes a node too and each
version *supersedes* the one before it (newer -> older).

Nodes and edges are added in canonical order (kind, then id), so everything
drawn or exported from the graph is byte-stable for the same workbook.
References to missing or wrong-kind entities are left out (the store reports
them as problems); the graph never invents a node.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..model import scores
from ..model.agreement import agreement_of
from ..model.entities import (
    KINDS,
    BusinessOutcome,
    Entity,
    Experiment,
    Guardrail,
    Metric,
    NorthStar,
    ProductOutcome,
)
from ..model.measures import format_number, guardrail_reading, progress
from ..model.relations import SEVERAL_PARENTS, placing, relations_of
from ..model.workbook import Workbook

if TYPE_CHECKING:
    # Imported where a graph is built: `edges` (what the report sizes its chart by) and
    # the text helpers here are usable without paying a tenth of a second for networkx.
    import networkx as nx

# The kind of the node for an earlier metric version (history views only).
METRIC_VERSION = "metric_version"
NODE_KINDS: tuple[str, ...] = (*KINDS, METRIC_VERSION)
KIND_RANK: dict[str, int] = {kind: rank for rank, kind in enumerate(NODE_KINDS)}

# Short type tags, padded to the same width so drawn titles line up.
TAGS: dict[str, str] = {
    "north_star": "NSM",
    "business_outcome": "BO",
    "product_outcome": "PO",
    "metric": "MET",
    "guardrail": "GRD",
    "opportunity": "OPP",
    "solution": "SOL",
    "experiment": "EXP",
    METRIC_VERSION: "VER",
}

EDGE_TYPES: tuple[str, ...] = (
    "drives",
    "measures",
    "guards",
    "addresses",
    "solves",
    "tests",
    "supersedes",
)


def version_node(metric_id: str, index: int) -> str:
    """The node id of a metric's version (0-based index): 'metric@v2'. '@' never occurs in ids."""
    return f"{metric_id}@v{index + 1}"


def _number(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def goal_text(outcome: ProductOutcome) -> str:
    """'5 -> 50 % by 2025-03-31' for a performance goal; the learning goal otherwise."""
    if outcome.stage == "performance":
        unit = f" {outcome.unit}" if outcome.unit else ""
        when = f" by {outcome.deadline.isoformat()}" if outcome.deadline else ""
        return f"{_number(outcome.baseline)} -> {_number(outcome.target)}{unit}{when}"
    return outcome.learning_goal


def progress_text(wb: Workbook, outcome: ProductOutcome) -> str:
    """'now 33 (62%, behind)': the latest measured value and where it stands ('' if none)."""
    standing = progress(wb, outcome.id)
    if standing.latest is None:
        return ""
    now = f"now {format_number(standing.latest.value)}"
    if outcome.stage != "performance" or standing.share is None:
        count = len(standing.values)
        return f"{now} ({count} value{'s' if count > 1 else ''})"
    verdict = {True: ", on track", False: ", behind", None: ""}[standing.on_track]
    if standing.reached:
        verdict = ", reached"
    return f"{now} ({standing.share:.0%}{verdict})"


def ice_text(experiment: Experiment, mode: str) -> str:
    """'ICE 280 = 7x8x5' (product) or 'ICE 6.67 = mean(7, 8, 5)'; '' when not scored;
    the room's 'ICE 218 from 2 people (100-336)' when several people scored it."""
    room = scores.room_score(experiment, "mean" if mode == "mean" else "product")
    if room.ice is not None:
        people = "1 person" if room.people == 1 else f"{room.people} people"
        spread = "" if room.people == 1 else f" ({room.low:g}-{room.high:g})"
        return f"ICE {room.ice:g} from {people}{spread}"
    parts = experiment.ice_parts()
    if parts is None:
        return ""
    score = experiment.ice_score("mean" if mode == "mean" else "product")
    impact, confidence, ease = parts
    if mode == "mean":
        return f"ICE {score:g} = mean({impact}, {confidence}, {ease})"
    return f"ICE {score:g} = {impact}x{confidence}x{ease}"


def _attrs(wb: Workbook, kind: str, entity: Entity, full: bool = True) -> dict[str, Any]:
    """Display attributes: kind, tag, title and short `details` parts, plus kind-specific fields
    (without `full`, only what the text drawing shows: kind, tag, title and details).

    Renderers join the details with their own separator (ASCII or not).
    """
    attrs: dict[str, Any] = {"kind": kind, "tag": TAGS[kind], "title": entity.title}
    details: list[str] = []
    more: dict[str, Any] = {}
    if isinstance(entity, NorthStar):
        details = [entity.definition]
    elif isinstance(entity, BusinessOutcome):
        details = [entity.measure]
    elif isinstance(entity, ProductOutcome):
        state = agreement_of(wb, entity).state
        details = [entity.stage, state, goal_text(entity), progress_text(wb, entity)]
        more = dict(
            stage=entity.stage,
            status=state,
            metric=entity.metric,
            baseline=entity.baseline,
            target=entity.target,
            unit=entity.unit,
            deadline=entity.deadline.isoformat() if entity.deadline else None,
        )
    elif isinstance(entity, Metric):
        shown = entity.latest()
        if shown is not None:
            number = entity.versions.index(shown) + 1
            status = "" if shown.status == "current" else f" {shown.status}"
            details = [f"v{number}{status}", shown.kind]
            more = dict(
                version=number,
                versions=len(entity.versions),
                status=shown.status,
                metric_kind=shown.kind,
                definition=shown.definition,
            )
    elif isinstance(entity, Guardrail):
        reading = guardrail_reading(wb, entity.id)
        holds = {True: "holds", False: "BREACHED", None: ""}[reading.holds]
        latest = f"latest {format_number(reading.latest.value)} {holds}" if reading.latest else ""
        details = [entity.describe_rule(), latest.strip()]
        more = dict(rule=entity.rule, value=entity.value, metric=entity.metric)
    elif isinstance(entity, Experiment):
        details = [entity.status, ice_text(entity, wb.meta.ice)]
        parts = entity.ice_parts()
        more = dict(
            status=entity.status,
            ice=entity.ice_score(wb.meta.ice),
            ice_parts=list(parts) if parts else None,
        )
    if full:
        attrs.update(more)
    attrs["details"] = [part for part in details if part]
    return attrs


def edges(wb: Workbook) -> list[tuple[str, str, str]]:
    """(source, target, type) of every edge of the graph (without history), sorted: the
    order the graph adds them in. An entity that names a target twice gives it twice
    (the graph keeps one)."""
    found: list[tuple[str, str, str]] = []
    for kind, entity in wb.entities():
        found.extend(_edges(wb, kind, entity))
    found.sort()
    return found


def _edges(wb: Workbook, kind: str, entity: Entity) -> list[tuple[str, str, str]]:
    """(source, target, type) for every reference an entity makes, in table order.

    An entity is drawn under one parent (`placing`); a blank field that falls back to a
    workbook field (a business outcome serves the workbook's North Star) follows that.
    """
    out: list[tuple[str, str, str]] = []
    kind_of = wb.kind_of
    placed = placing(kind, entity) if kind in SEVERAL_PARENTS else None
    for relation in relations_of(kind):
        if placed is not None and relation.parent and relation is not placed:
            continue
        targets = relation.ids(entity)
        if not targets and relation.falls_back_to:
            targets = (getattr(wb.meta, relation.falls_back_to),)
        for target in targets:
            if target and kind_of(target) in relation.targets:
                if relation.edge_from_target:
                    out.append((target, entity.id, relation.edge))
                else:
                    out.append((entity.id, target, relation.edge))
    return out


def _history(graph: nx.DiGraph, metric: Metric) -> None:
    """Earlier (and proposed) versions as nodes, each newer version superseding the one before."""
    shown = metric.latest()
    names: list[str] = []
    for index, version in enumerate(metric.versions):
        if version is shown:
            names.append(metric.id)
            continue
        node = version_node(metric.id, index)
        names.append(node)
        graph.add_node(
            node,
            kind=METRIC_VERSION,
            tag=TAGS[METRIC_VERSION],
            title=version.definition,
            details=[f"v{index + 1} {version.status}", version.kind],
            metric=metric.id,
            version=index + 1,
            status=version.status,
            metric_kind=version.kind,
            rationale=version.rationale,
            date=version.date.isoformat() if version.date else None,
        )
    for newer, older in zip(names[1:], names[:-1], strict=True):
        graph.add_edge(newer, older, type="supersedes")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small, acyclic containers.

    Building a 17,000-node graph allocates enough dicts to trigger several full
    collections that find nothing to free: about 40% of the build time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_graph(wb: Workbook, *, history: bool = False) -> nx.DiGraph:
    """The whole workbook as a DiGraph (see the module docstring for the edge types)."""
    with gc_paused():
        return _build(wb, history)


def _build(wb: Workbook, history: bool) -> nx.DiGraph:
    import networkx as nx

    graph = nx.DiGraph(title=wb.meta.title, north_star=wb.meta.north_star, ice=wb.meta.ice)
    graph.add_nodes_from((entity.id, _attrs(wb, kind, entity)) for kind, entity in wb.entities())
    graph.add_edges_from((source, target, {"type": kind}) for source, target, kind in edges(wb))
    if history:
        for metric_id in sorted(wb.metrics):
            metric = wb.metrics[metric_id]
            if len(metric.versions) > 1:
                _history(graph, metric)
    return graph
