"""How the maintained terminal graph drawers do on our graphs (the record is in docs/graph.md).

    pip install netext phart    # only to run this comparison; not dependencies
    python -m benchmarks.graph_alternatives sample_workbooks/remote-access.toml --n 1000

Draws one sample with each candidate at 80 columns and times each on the
synthetic workbook of N outcomes (a candidate that takes longer than the
time limit is stopped and reported as such).
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from outcome_workbook.graph.build import build_graph
from outcome_workbook.graph.drawing import draw, plain
from outcome_workbook.store import parse

from .graph_speed import synthetic_workbook


def _labelled(graph: nx.DiGraph) -> nx.DiGraph:
    """Top-down copy (edges from parent to child) with 'TAG title' labels, as the others need."""
    result = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        result.add_node(node, label=f"{data['tag']} {data['title']}")
    result.add_edges_from((target, source) for source, target in graph.edges)
    return result


def ours(graph: nx.DiGraph, width: int) -> str:
    return plain(draw(graph, width=width))


def networkx_text(graph: nx.DiGraph, width: int) -> str:
    lines = nx.generate_network_text(_labelled(graph), with_labels=True, ascii_only=False)
    return "\n".join(line[:width] for line in lines) + "\n"


def netext_text(graph: nx.DiGraph, width: int) -> str:
    from netext import ConsoleGraph
    from rich.console import Console
    from rich.text import Text

    def content(label: str) -> Callable[[str, dict[str, Any], Any], Text]:
        return lambda _node, _data, style: Text(label, style=style)

    top_down = _labelled(graph)
    nodes = {n: {"$content-renderer": content(d["label"])} for n, d in top_down.nodes(data=True)}
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(ConsoleGraph(nodes=nodes, edges=list(top_down.edges), console=console))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return str(output)


def phart_text(graph: nx.DiGraph, width: int) -> str:
    from phart import ASCIIRenderer

    top_down = nx.relabel_nodes(_labelled(graph), {n: n for n in graph.nodes})
    return str(ASCIIRenderer(top_down).render())


CANDIDATES: dict[str, Callable[[nx.DiGraph, int], str]] = {
    "ours (graph.drawing)": ours,
    "networkx generate_network_text": networkx_text,
    "netext ConsoleGraph": netext_text,
    "phart ASCIIRenderer": phart_text,
}


def _timed(name: str, n: int, queue: Any) -> None:
    graph = build_graph(synthetic_workbook(n))
    start = time.process_time()
    CANDIDATES[name](graph, 100)
    queue.put(time.process_time() - start)


def time_candidate(name: str, n: int, limit: float) -> str:
    queue: Any = multiprocessing.Queue()
    process = multiprocessing.Process(target=_timed, args=(name, n, queue))
    process.start()
    process.join(limit)
    if process.is_alive():
        process.terminate()
        process.join()
        return f"stopped after {limit:.0f} s"
    if process.exitcode != 0:
        return f"failed (exit {process.exitcode})"
    return f"{queue.get():.3f} s CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sample", type=Path)
    parser.add_argument("--n", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--limit", type=float, default=120.0)
    parser.add_argument("--width", type=int, default=80)
    args = parser.parse_args()
    graph = build_graph(parse(args.sample.read_bytes(), str(args.sample)).workbook)
    for name, render in CANDIDATES.items():
        print(f"===== {name} ({args.sample.name}, {args.width} columns)")
        try:
            print(render(graph, args.width))
        except Exception as error:  # a candidate failing is a result, not a crash
            print(f"failed: {type(error).__name__}: {error}")
    for n in args.n:
        for name in CANDIDATES:
            print(f"n={n} {name}: {time_candidate(name, n, args.limit)}")


if __name__ == "__main__":
    main()
