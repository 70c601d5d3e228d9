"""The outcome graph as JSON: networkx node-link data with a documented shape (docs/graph.md).

{"format": "outcome-graph/1", "directed": true, "multigraph": false,
 "graph": {"title", "north_star", "ice"},
 "nodes": [{"id", "kind", "tag", "title", "details", ...kind-specific fields}],
 "edges": [{"source", "target", "type"}]}

Nodes and edges keep the graph's canonical order; keys are sorted inside each
object, so the output is byte-stable.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from ..safety import escape_invisible

FORMAT = "outcome-graph/1"


def to_data(graph: nx.DiGraph) -> dict[str, Any]:
    data: dict[str, Any] = nx.node_link_data(graph, edges="edges")
    return {"format": FORMAT, **data}


def to_json(graph: nx.DiGraph) -> str:
    text = json.dumps(to_data(graph), indent=2, sort_keys=True, ensure_ascii=False)
    # Readable UTF-8, except C1 controls and bidi overrides: those stay \u escapes.
    return escape_invisible(text) + "\n"
