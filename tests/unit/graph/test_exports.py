"""Mermaid, DOT and JSON exports: well formed, byte-stable, and inert for hostile titles."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import networkx as nx
import pytest
from benchmarks.graph_speed import synthetic_workbook

from outcome_workbook.graph.build import build_graph
from outcome_workbook.graph.dot import to_dot
from outcome_workbook.graph.drawing import draw, plain
from outcome_workbook.graph.json_export import FORMAT, to_json
from outcome_workbook.graph.mermaid import escape_label, node_ids, to_mermaid
from outcome_workbook.model import Workbook

from ...conftest import DATA
from .conftest import small_workbook
from .hostile import HOSTILE_TITLES, hostile_workbook
from .mermaid_check import validate

GOLDEN = DATA / "graph"
HAS_DOT = shutil.which("dot") is not None
NO_DOT = "graphviz `dot` is not installed (apt-get install graphviz) so DOT is not validated"


def _renderings(wb: Workbook) -> dict[str, str]:
    graph = build_graph(wb, history=True)
    return {
        "txt": plain(draw(graph, width=80, errors={"habit"})),
        "mmd": to_mermaid(graph, errors={"habit"}),
        "dot": to_dot(graph, errors={"habit"}),
        "json": to_json(graph),
    }


@pytest.mark.parametrize("suffix", ["txt", "mmd", "dot", "json"])
def test_exports_match_golden_files(suffix: str) -> None:
    """Regenerate with OUTCOMES_UPDATE_GOLDEN=1 after an intended change, and review the diff."""
    produced = _renderings(small_workbook())[suffix]
    path = GOLDEN / f"small.{suffix}"
    if os.environ.get("OUTCOMES_UPDATE_GOLDEN"):
        path.write_text(produced, encoding="utf-8", newline="\n")
    assert produced == path.read_text(encoding="utf-8")


def test_mermaid_is_well_formed_and_styled(small: Workbook) -> None:
    text = to_mermaid(build_graph(small, history=True), errors={"habit"})
    assert validate(text) == []
    assert "  n_activation -->|drives| n_revenue" in text
    assert "classDef product_outcome " in text
    assert "class n_habit has_error;" in text


def test_mermaid_ids_are_unique_even_when_they_sanitise_alike(small: Workbook) -> None:
    graph = build_graph(small)
    graph.add_node("a-b", kind="metric", title="x")
    graph.add_node("a_b", kind="metric", title="y")
    ids = node_ids(graph)
    assert ids["a-b"] != ids["a_b"]
    assert validate(to_mermaid(graph)) == []


def test_mermaid_label_escaping() -> None:
    assert escape_label('a"] --> b[|`') == "a#quot;#93; --#gt; b#91;#124;#96;"
    assert escape_label("line\nbreak <b>") == "line break #lt;b#gt;"


@pytest.mark.skipif(not HAS_DOT, reason=NO_DOT)
def test_dot_passes_graphviz(small: Workbook) -> None:
    for wb in (small, hostile_workbook()):
        result = subprocess.run(
            ["dot", "-Tsvg"],
            input=to_dot(build_graph(wb, history=True), errors={"habit"}),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert "<svg" in result.stdout


def test_dot_quotes_every_id(small: Workbook) -> None:
    text = to_dot(build_graph(small))
    assert '  "usage" -> "activation" [label="measures"];' in text
    assert '  "nsm" [label="NSM · nsm\\nWeekly active remote sessions"' in text


def test_json_is_node_link_data_with_the_documented_shape(small: Workbook) -> None:
    data = json.loads(to_json(build_graph(small)))
    assert data["format"] == FORMAT
    assert data["directed"] is True and data["multigraph"] is False
    assert data["graph"] == {"title": "Remote access", "north_star": "nsm", "ice": "product"}
    first = data["nodes"][0]
    assert {"id", "kind", "tag", "title", "details"} <= set(first)
    assert {"source": "usage", "target": "activation", "type": "measures"} in data["edges"]


def test_json_export_rebuilds_the_same_graph() -> None:
    graph = build_graph(synthetic_workbook(2), history=True)
    rebuilt = nx.node_link_graph(json.loads(to_json(graph)), edges="edges")
    assert list(rebuilt.nodes) == list(graph.nodes)
    assert list(rebuilt.edges(data=True)) == list(graph.edges(data=True))


# --- hostile titles --------------------------------------------------------------------------


def test_hostile_mermaid_stays_one_label_per_node() -> None:
    text = to_mermaid(build_graph(hostile_workbook(), history=True), errors={"habit"})
    assert validate(text) == []
    assert "\x1b" not in text and "\u202e" not in text
    assert "script" in text and "<script" not in text


def test_hostile_dot_has_no_injected_statements() -> None:
    text = to_dot(build_graph(hostile_workbook()))
    statements = [line for line in text.split("\n") if line.startswith("  ")]
    # One line per node and edge, plus the three default-attribute lines.
    graph = build_graph(hostile_workbook())
    assert len(statements) == 3 + graph.number_of_nodes() + graph.number_of_edges()
    assert "\x1b" not in text
    assert "\\\\slash and \\\\n literal" in text


def test_hostile_json_round_trips_titles_exactly_and_is_terminal_safe() -> None:
    text = to_json(build_graph(hostile_workbook()))
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
    titles = {node["id"]: node["title"] for node in json.loads(text)["nodes"]}
    for entity_id, title in HOSTILE_TITLES.items():
        assert titles[entity_id] == title


def test_hostile_text_drawing_is_inert() -> None:
    text = plain(draw(build_graph(hostile_workbook()), width=80))
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "\u202e" not in text
    assert "␛[31mred" in text
    assert "[bold]red[/bold]" in text  # shown as typed, never interpreted
