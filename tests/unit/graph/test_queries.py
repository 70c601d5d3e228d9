"""Structural queries: orphans, cycles, the way up, neighbourhoods and layers."""

from __future__ import annotations

import networkx as nx

from outcome_workbook.graph.build import build_graph
from outcome_workbook.graph.queries import (
    cycles,
    layers,
    neighbourhood,
    orphans,
    path_to_north_star,
    roots,
)
from outcome_workbook.model import Workbook


def test_roots_and_orphans(small: Workbook) -> None:
    graph = build_graph(small)
    assert roots(graph) == ["nsm", "lonely"]
    assert orphans(graph) == ["lonely"]


def test_path_to_north_star_is_shortest_and_stable(small: Workbook) -> None:
    graph = build_graph(small)
    assert path_to_north_star(graph, "fake-door") == [
        "fake-door",
        "wizard",
        "install",
        "setup",
        "activation",
        "retention",
        "nsm",
    ]
    assert path_to_north_star(graph, "lonely") == []
    assert path_to_north_star(graph, "missing") == []


def test_neighbourhood_respects_depth(small: Workbook) -> None:
    graph = build_graph(small)
    assert set(neighbourhood(graph, "activation", 1)) == {
        "activation",
        "retention",
        "revenue",
        "usage",
        "g-csat-1",
        "setup",
    }
    assert set(neighbourhood(graph, "activation", 0)) == {"activation"}
    everything = set(neighbourhood(graph, "activation"))
    assert {"nsm", "fake-door", "csat", "install"} <= everything
    assert "habit" not in everything  # a sibling is neither above nor below


def test_neighbourhood_of_history_includes_earlier_versions(small: Workbook) -> None:
    graph = build_graph(small, history=True)
    assert "usage@v1" in neighbourhood(graph, "usage", 1)


def test_layers_go_from_the_north_star_down(small: Workbook) -> None:
    result = layers(build_graph(small))
    assert result[0] == ["nsm", "lonely"]
    assert result[1] == ["retention", "revenue"]
    assert result[2] == ["activation", "habit"]
    assert result[-1] == ["fake-door", "interviews"]
    assert sorted(n for layer in result for n in layer) == sorted(build_graph(small).nodes)


def test_cycles_are_found_and_layers_still_place_every_node() -> None:
    graph = nx.DiGraph()
    for node in ("a", "b", "c"):
        graph.add_node(node, kind="opportunity")
    graph.add_edge("b", "a", type="addresses")
    graph.add_edge("a", "c", type="addresses")
    graph.add_edge("c", "b", type="addresses")
    assert cycles(graph) == [["a", "c", "b"]]
    assert sorted(n for layer in layers(graph) for n in layer) == ["a", "b", "c"]


def test_no_cycles_in_a_sound_workbook(small: Workbook) -> None:
    assert cycles(build_graph(small)) == []
