"""Structural questions about the outcome graph, answered in a deterministic order.

"Up" means towards the North Star Metric (along an edge, except `supersedes`),
"down" means towards experiments and earlier metric versions. Every list is
sorted (by kind rank, then id) so that anything drawn from it is byte-stable.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .build import KIND_RANK

if TYPE_CHECKING:
    # Imported where a graph is walked: the whole drawing (`Ladder.of`) needs no networkx.
    import networkx as nx

LATERAL = "supersedes"


def order_key(graph: nx.DiGraph, node: str) -> tuple[int, str]:
    """Sort key for nodes: kind in canonical order, then id."""
    return (KIND_RANK.get(graph.nodes[node].get("kind", ""), len(KIND_RANK)), node)


def ordered(graph: nx.DiGraph, nodes: Iterable[str]) -> list[str]:
    return sorted(nodes, key=lambda node: order_key(graph, node))


def up(graph: nx.DiGraph, node: str) -> list[str]:
    """What `node` hangs under: the entities it drives, measures, guards, addresses..."""
    above = [t for t in graph.successors(node) if graph.edges[node, t].get("type") != LATERAL]
    above += [s for s in graph.predecessors(node) if graph.edges[s, node].get("type") == LATERAL]
    return ordered(graph, above)


def down(graph: nx.DiGraph, node: str) -> list[str]:
    """What hangs under `node` (for a metric, also its earlier versions)."""
    below = [s for s in graph.predecessors(node) if graph.edges[s, node].get("type") != LATERAL]
    below += [t for t in graph.successors(node) if graph.edges[node, t].get("type") == LATERAL]
    return ordered(graph, below)


class Ladder:
    """`up` and `down` of every node at once, from one pass over the edges: drawing a
    whole graph asks both of each of its 17,000 nodes at N=1,000, and asking networkx
    node by node was a third of the drawing."""

    def __init__(self, graph: nx.DiGraph) -> None:
        self._place(dict(graph.nodes(data="kind")), graph.edges(data="type"))

    @classmethod
    def of(cls, kinds: Mapping[str, str], edges: Iterable[tuple[str, str, str]]) -> Ladder:
        """The ladder of the graph with these nodes (id -> kind) and edges (source, target,
        type; one per pair), built without one."""
        ladder = cls.__new__(cls)
        ladder._place(kinds, edges)
        return ladder

    def _place(
        self, kinds: Mapping[str, str | None], edges: Iterable[tuple[str, str, str | None]]
    ) -> None:
        ups: dict[str, list[str]] = {node: [] for node in kinds}
        downs: dict[str, list[str]] = {node: [] for node in kinds}
        for source, target, kind in edges:
            lower, upper = (target, source) if kind == LATERAL else (source, target)
            ups[lower].append(upper)
            downs[upper].append(lower)
        rank = len(KIND_RANK)
        key = {n: (KIND_RANK.get(kind or "", rank), n) for n, kind in kinds.items()}
        order = key.__getitem__
        # (Most nodes have one node above them and none or a few below.)
        self.ups = {
            n: found if len(found) < 2 else sorted(found, key=order) for n, found in ups.items()
        }
        self.downs = {
            n: found if len(found) < 2 else sorted(found, key=order) for n, found in downs.items()
        }
        self.roots = sorted((n for n, found in self.ups.items() if not found), key=key.__getitem__)


def edge_type(graph: nx.DiGraph, lower: str, upper: str) -> str:
    """The type of the edge that hangs `lower` under `upper`."""
    if graph.has_edge(lower, upper):
        return str(graph.edges[lower, upper]["type"])
    return str(graph.edges[upper, lower]["type"])


def north_stars(graph: nx.DiGraph) -> list[str]:
    return ordered(graph, (n for n, kind in graph.nodes(data="kind") if kind == "north_star"))


def roots(graph: nx.DiGraph) -> list[str]:
    """Nodes with nothing above them: the North Star Metric(s) first, then the orphans."""
    return ordered(graph, (n for n in graph.nodes if not up(graph, n)))


def orphans(graph: nx.DiGraph) -> list[str]:
    """Entities other than a North Star Metric with nothing above them (they ladder up to nothing).

    A metric nobody uses is an orphan too.
    """
    return [n for n in roots(graph) if graph.nodes[n].get("kind") != "north_star"]


def cycles(graph: nx.DiGraph) -> list[list[str]]:
    """Every simple cycle, each rotated to start at its smallest id, sorted."""
    import networkx as nx

    found: list[list[str]] = []
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2 and not any(graph.has_edge(n, n) for n in component):
            continue
        for cycle in nx.simple_cycles(graph.subgraph(component)):
            start = cycle.index(min(cycle))
            found.append(cycle[start:] + cycle[:start])
    return sorted(found)


def path_to_north_star(graph: nx.DiGraph, node: str) -> list[str]:
    """The shortest way up from `node` to a North Star Metric ([] when there is none).

    Ties are broken by the sorted order of the nodes, so the answer is stable.
    """
    if node not in graph:
        return []
    previous: dict[str, str | None] = {node: None}
    queue = deque([node])
    while queue:
        current = queue.popleft()
        if graph.nodes[current].get("kind") == "north_star":
            path = [current]
            while (before := previous[path[-1]]) is not None:
                path.append(before)
            return path[::-1]
        for above in up(graph, current):
            if above not in previous:
                previous[above] = current
                queue.append(above)
    return []


def _walk(graph: nx.DiGraph, start: str, step: str, depth: int | None) -> set[str]:
    seen = {start}
    frontier = [start]
    level = 0
    while frontier and (depth is None or level < depth):
        level += 1
        following: list[str] = []
        for node in frontier:
            for other in up(graph, node) if step == "up" else down(graph, node):
                if other not in seen:
                    seen.add(other)
                    following.append(other)
        frontier = following
    return seen


def neighbourhood(graph: nx.DiGraph, node: str, depth: int | None = None) -> nx.DiGraph:
    """The subgraph around `node`: what is above it and below it, up to `depth` steps each way.

    `depth=None` means no limit. Raises KeyError for an unknown node.
    """
    if node not in graph:
        raise KeyError(node)
    keep = _walk(graph, node, "up", depth) | _walk(graph, node, "down", depth)
    return subgraph(graph, keep)


def subgraph(graph: nx.DiGraph, keep: Iterable[str]) -> nx.DiGraph:
    """A copy restricted to `keep`, with nodes and edges still in canonical order."""
    import networkx as nx

    wanted = set(keep)
    result = nx.DiGraph(**graph.graph)
    result.add_nodes_from((n, graph.nodes[n]) for n in graph.nodes if n in wanted)
    result.add_edges_from(
        (s, t, d) for s, t, d in graph.edges(data=True) if s in wanted and t in wanted
    )
    return result


def of_kinds(graph: nx.DiGraph, kinds: Iterable[str]) -> nx.DiGraph:
    """Only the nodes of some kinds (e.g. the top of the ladder, for a large report)."""
    wanted = set(kinds)
    return subgraph(graph, (n for n, kind in graph.nodes(data="kind") if kind in wanted))


def layers(graph: nx.DiGraph) -> list[list[str]]:
    """Topological layers from the top: the North Star Metric, then what drives it, and so on.

    A node sits one layer below the lowest of the nodes it hangs under. Edges that
    close a cycle are ignored here (`cycles` reports them), so every node gets a layer.
    """
    pending = {n: len(up(graph, n)) for n in graph.nodes}
    current = ordered(graph, (n for n, count in pending.items() if count == 0))
    result: list[list[str]] = []
    placed: set[str] = set()
    while len(placed) < len(pending):
        if not current:
            # Only cycles remain: start from the smallest node still waiting.
            current = [ordered(graph, (n for n in pending if n not in placed))[0]]
        result.append(current)
        placed.update(current)
        following: set[str] = set()
        for node in current:
            for below in down(graph, node):
                if below in placed:
                    continue
                pending[below] -= 1
                if pending[below] <= 0:
                    following.add(below)
        current = ordered(graph, following)
    return result
