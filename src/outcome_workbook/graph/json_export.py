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
import re
from typing import Any

import networkx as nx

FORMAT = "outcome-graph/1"


def to_data(graph: nx.DiGraph) -> dict[str, Any]:
    data: dict[str, Any] = nx.node_link_data(graph, edges="edges")
    return {"format": FORMAT, **data}


# Kept as \u escapes even though the rest stays readable UTF-8: C1 controls and bidi
# overrides must not reach a terminal raw when the JSON is printed.
_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def to_json(graph: nx.DiGraph) -> str:
    text = json.dumps(to_data(graph), indent=2, sort_keys=True, ensure_ascii=False)
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"
