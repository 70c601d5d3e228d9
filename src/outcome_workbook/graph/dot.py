"""The outcome graph as Graphviz DOT.

Every id and label is a double-quoted string, so a ':' in an id is never read
as a port and no keyword (`node`, `edge`, `graph`, `subgraph`) can be confused
with an entity. In labels, backslashes are doubled (DOT reads `\\n`, `\\l`,
`\\N`... as escapes) and quotes escaped; our own line breaks are the only `\\n`.
"""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx

from .cells import clean
from .mermaid import LABEL_LINES, LABEL_WIDTH, _wrap

FILL: dict[str, tuple[str, str]] = {
    "north_star": ("#4b2a7b", "#ffffff"),
    "business_outcome": ("#1f4e79", "#ffffff"),
    "product_outcome": ("#d6eaff", "#0b2545"),
    "metric": ("#e8f5e9", "#1b3d1f"),
    "guardrail": ("#fff4e0", "#4a2c00"),
    "opportunity": ("#fdf1f7", "#4a1030"),
    "solution": ("#f3f0ff", "#221a52"),
    "experiment": ("#f5f5f5", "#212121"),
    "metric_version": ("#ffffff", "#616161"),
}
SHAPES: dict[str, str] = {"north_star": "doubleoctagon", "guardrail": "hexagon"}


def quote(text: str) -> str:
    """A DOT double-quoted string holding `text` literally (on one line)."""
    return '"' + clean(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(data: dict[str, object], node: str) -> str:
    lines = [f"{data.get('tag', '?')} · {node}"]
    lines += _wrap(clean(str(data.get("title", ""))), LABEL_WIDTH, LABEL_LINES)
    raw = data.get("details")
    if isinstance(raw, list) and raw:
        lines += _wrap(" · ".join(clean(str(part)) for part in raw), LABEL_WIDTH, 2)
    return "\\n".join(quote(line)[1:-1] for line in lines)


def to_dot(graph: nx.DiGraph, *, errors: Collection[str] = frozenset()) -> str:
    """A `digraph`, drawn bottom to top so the North Star Metric sits on top."""
    out = [
        "digraph outcomes {",
        f"  graph [rankdir=BT, label={quote(str(graph.graph.get('title', '')))}, "
        'labelloc=t, fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    ]
    for node, data in graph.nodes(data=True):
        kind = str(data.get("kind", ""))
        fill, font = FILL.get(kind, FILL["experiment"])
        attrs = [f'label="{_label(data, node)}"', f'fillcolor="{fill}"', f'fontcolor="{font}"']
        if kind in SHAPES:
            attrs.append(f"shape={SHAPES[kind]}")
        if kind == "metric_version":
            attrs.append('style="rounded,filled,dashed"')
        if node in errors:
            attrs.append('color="#c62828", penwidth=3')
        out.append(f"  {quote(node)} [{', '.join(attrs)}];")
    for source, target, edge_type in graph.edges(data="type"):
        style = ", style=dashed" if edge_type == "supersedes" else ""
        out.append(f"  {quote(source)} -> {quote(target)} [label={quote(str(edge_type))}{style}];")
    out.append("}")
    return "\n".join(out) + "\n"
