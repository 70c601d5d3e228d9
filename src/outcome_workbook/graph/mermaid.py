"""The outcome graph as a Mermaid flowchart that GitHub and GitLab render in Markdown.

Node ids are rebuilt from the entity ids (letters, digits and '_', prefixed with
'n_' so no id is a Mermaid keyword such as `end`). Labels are double-quoted and
every character Mermaid or HTML could read as syntax is written as an entity
code (`#quot;`, `#91;`, `#124;`, `#lt;`, ...), so a title can never close the
label, start an edge, add a link or inject HTML. Our own line breaks are the
only `<br/>` in the output.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import networkx as nx

from .cells import cell_width, clean, split_cells

# Node styles by kind (fill, stroke, text colour); readable in light and dark themes.
STYLES: dict[str, str] = {
    "north_star": "fill:#4b2a7b,stroke:#2e1a4d,color:#ffffff",
    "business_outcome": "fill:#1f4e79,stroke:#163a5a,color:#ffffff",
    "product_outcome": "fill:#d6eaff,stroke:#1f4e79,color:#0b2545",
    "metric": "fill:#e8f5e9,stroke:#2e7d32,color:#1b3d1f",
    "guardrail": "fill:#fff4e0,stroke:#b26a00,color:#4a2c00",
    "opportunity": "fill:#fdf1f7,stroke:#a0306b,color:#4a1030",
    "solution": "fill:#f3f0ff,stroke:#5b4bb7,color:#221a52",
    "experiment": "fill:#f5f5f5,stroke:#616161,color:#212121",
    "metric_version": "fill:#ffffff,stroke:#9e9e9e,color:#616161,stroke-dasharray:4 3",
}
ERROR_STYLE = "stroke:#c62828,stroke-width:3px"

LABEL_WIDTH = 36
LABEL_LINES = 4

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
# Characters written as entity codes inside labels: Mermaid syntax, HTML and Markdown.
_ESCAPES = {
    '"': "#quot;",
    "#": "#35;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "[": "#91;",
    "]": "#93;",
    "(": "#40;",
    ")": "#41;",
    "{": "#123;",
    "}": "#125;",
    "|": "#124;",
    "`": "#96;",
    "*": "#42;",
    "_": "#95;",
    "~": "#126;",
    "\\": "#92;",
    ";": "#59;",
    "%": "#37;",
    "$": "#36;",
}
_ESCAPE_PATTERN = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


def escape_label(text: str) -> str:
    """User text made inert inside a double-quoted Mermaid label."""
    return _ESCAPE_PATTERN.sub(lambda match: _ESCAPES[match.group()], clean(text))


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    """Word-wrapped lines (long words cut), at most `max_lines`, the last ending in '…' if cut."""
    if len(text) <= width and text.isascii():
        return [text] if text else []
    lines: list[str] = []
    used = 0
    for word in text.split(" "):
        for piece in split_cells(word, width) if word else []:
            size = cell_width(piece)
            if lines and used + 1 + size <= width:
                lines[-1] += " " + piece
                used += 1 + size
            else:
                lines.append(piece)
                used = size
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = split_cells(lines[-1], width - 1)[0] + "…"
    return lines


def node_ids(graph: nx.DiGraph) -> dict[str, str]:
    """Entity id -> Mermaid id, unique even if two ids sanitise alike (in node order)."""
    result: dict[str, str] = {}
    taken: set[str] = set()
    for node in graph.nodes:
        base = "n_" + _ID_UNSAFE.sub("_", node)
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}_{number}", number + 1
        taken.add(candidate)
        result[node] = candidate
    return result


def label(data: dict[str, object], node: str) -> str:
    """'PO · id' then the title, folded, then the details; every part escaped."""
    title_lines = _wrap(clean(str(data.get("title", ""))), LABEL_WIDTH, LABEL_LINES)
    head = f"{data.get('tag', '?')} · {node}"
    parts = [escape_label(head)] + [f"<b>{escape_label(line)}</b>" for line in title_lines]
    raw = data.get("details")
    details = [clean(str(part)) for part in raw] if isinstance(raw, list) else []
    if details:
        parts += [escape_label(line) for line in _wrap(" · ".join(details), LABEL_WIDTH, 2)]
    return "<br/>".join(parts)


def to_mermaid(
    graph: nx.DiGraph, *, errors: Collection[str] = frozenset(), direction: str = "BT"
) -> str:
    """A `flowchart` (bottom to top by default, so the North Star Metric sits on top)."""
    ids = node_ids(graph)
    out = [f"flowchart {direction}"]
    kinds = sorted({str(kind) for _, kind in graph.nodes(data="kind")})
    for kind in kinds:
        out.append(f"  classDef {kind} {STYLES.get(kind, STYLES['experiment'])};")
    if errors:
        out.append(f"  classDef has_error {ERROR_STYLE};")
    for node, data in graph.nodes(data=True):
        out.append(f'  {ids[node]}["{label(data, node)}"]:::{data.get("kind", "experiment")}')
    for source, target, edge_type in graph.edges(data="type"):
        out.append(f"  {ids[source]} -->|{edge_type}| {ids[target]}")
    marked = [ids[node] for node in graph.nodes if node in errors]
    if marked:
        out.append(f"  class {','.join(marked)} has_error;")
    return "\n".join(out) + "\n"
