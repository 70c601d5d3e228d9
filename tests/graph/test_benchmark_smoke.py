"""The graph benchmark keeps working (its timings are not asserted: speed lives in benchmarks/)."""

from __future__ import annotations

import json

import networkx as nx
from benchmarks.graph_speed import measure, synthetic_workbook

from outcome_workbook.graph.build import build_graph
from outcome_workbook.graph.json_export import to_json
from outcome_workbook.graph.queries import cycles, orphans


def test_measure_reports_every_figure_on_a_sound_workbook() -> None:
    wb = synthetic_workbook(3)
    graph = build_graph(wb)
    assert orphans(graph) == [] and cycles(graph) == []
    result = measure(wb, repeat=1)
    assert result["outcomes"] == 3 and result["nodes"] == graph.number_of_nodes()
    for key in ("build_s", "export_mermaid_s", "export_dot_s", "export_json_s", "focus_text_s"):
        assert result[key] >= 0


def test_json_export_rebuilds_the_same_graph() -> None:
    graph = build_graph(synthetic_workbook(2), history=True)
    data = json.loads(to_json(graph))
    rebuilt = nx.node_link_graph(data, edges="edges")
    assert list(rebuilt.nodes) == list(graph.nodes)
    assert list(rebuilt.edges(data=True)) == list(graph.edges(data=True))


def test_measure_reads_a_file_the_way_the_suite_calls_it() -> None:
    from benchmarks.adapters import Inputs, call_with

    from ..conftest import SAMPLES

    sample = SAMPLES / "remote-access.toml"
    result = call_with(measure, Inputs(path=sample, n=1, repeats=1))
    assert result["outcomes"] == 1 and result["build_s"] >= 0
