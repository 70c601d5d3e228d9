"""The graph benchmark keeps working: its figures are real timings of the graph it built.

(What the timings must be lives in benchmarks/ and docs/performance.md; here, that each is
measured: a positive number of seconds for the workbook it was given.)
"""

from __future__ import annotations

from benchmarks.adapters import Inputs, call_with
from benchmarks.graph_speed import measure, synthetic_workbook

from outcome_workbook.graph.build import build_graph
from outcome_workbook.graph.queries import cycles, orphans
from outcome_workbook.store import parse

from ...conftest import SAMPLES

TIMINGS = ("build_s", "export_mermaid_s", "export_dot_s", "export_json_s", "focus_text_s")


def _assert_measured(result: dict[str, object]) -> None:
    for key in TIMINGS:
        seconds = result[key]
        assert isinstance(seconds, float) and 0 < seconds < 60, (key, seconds)


def test_measure_reports_every_figure_on_a_sound_workbook() -> None:
    wb = synthetic_workbook(3)
    graph = build_graph(wb)
    assert orphans(graph) == [] and cycles(graph) == []
    result = measure(wb, repeat=1)
    assert result["outcomes"] == 3
    assert (result["nodes"], result["edges"]) == (graph.number_of_nodes(), graph.number_of_edges())
    _assert_measured(result)


def test_measure_reads_a_file_the_way_the_suite_calls_it() -> None:
    sample = SAMPLES / "remote-access.toml"
    result = call_with(measure, Inputs(path=sample, n=1, repeats=1))
    graph = build_graph(parse(sample.read_bytes(), str(sample)).workbook)
    assert result["nodes"] == graph.number_of_nodes(), "it measured the file it was given"
    _assert_measured(result)
