"""The graph mirrors the workbook: one node per entity, typed edges pointing up the ladder."""

from __future__ import annotations

import dataclasses

from outcome_workbook.graph.build import build_graph
from outcome_workbook.model import Workbook

from .conftest import small_workbook


def test_every_entity_is_a_node_with_its_kind_and_tag(small: Workbook) -> None:
    graph = build_graph(small)
    assert set(graph.nodes) == {entity.id for _, entity in small.entities()}
    assert graph.nodes["nsm"]["kind"] == "north_star"
    assert graph.nodes["activation"]["tag"] == "PO"
    assert graph.nodes["activation"]["stage"] == "performance"
    assert graph.nodes["activation"]["details"] == [
        "performance",
        "draft",
        "5 -> 50 % by 2025-06-30",
    ]


def test_edges_are_typed_and_point_up(small: Workbook) -> None:
    graph = build_graph(small)
    edges = {(s, t): d["type"] for s, t, d in graph.edges(data=True)}
    assert edges[("retention", "nsm")] == "drives"  # implicit: the workbook's North Star
    assert edges[("activation", "revenue")] == "drives"
    assert edges[("activation", "retention")] == "drives"
    assert edges[("usage", "activation")] == "measures"
    assert edges[("csat", "g-csat-1")] == "measures"
    assert edges[("g-csat-1", "activation")] == "guards"
    assert edges[("setup", "activation")] == "addresses"
    assert edges[("install", "setup")] == "addresses"
    assert edges[("wizard", "install")] == "solves"
    assert edges[("fake-door", "wizard")] == "tests"
    assert "supersedes" not in edges.values()


def test_metric_node_shows_current_version_and_history_is_optional(small: Workbook) -> None:
    plain = build_graph(small)
    assert plain.nodes["usage"]["version"] == 2
    assert plain.nodes["usage"]["definition"] == "share of sign-ups with a session in 7 days"
    history = build_graph(small, history=True)
    assert history.nodes["usage@v1"]["status"] == "superseded"
    assert history.nodes["usage@v1"]["rationale"] == ""
    assert history.edges["usage", "usage@v1"]["type"] == "supersedes"


def test_experiment_carries_ice_and_its_parts(small: Workbook) -> None:
    graph = build_graph(small)
    assert graph.nodes["fake-door"]["ice"] == 280.0
    assert graph.nodes["fake-door"]["ice_parts"] == [7, 8, 5]
    assert "ICE 280 = 7x8x5" in graph.nodes["fake-door"]["details"]
    mean = build_graph(dataclasses.replace(small, meta=dataclasses.replace(small.meta, ice="mean")))
    assert "ICE 6.67 = mean(7, 8, 5)" in mean.nodes["fake-door"]["details"]


def test_dangling_references_never_invent_nodes(small: Workbook) -> None:
    outcome = dataclasses.replace(small.product_outcomes["habit"], drives=("gone", "retention"))
    sections = {kind: dict(small.section(kind)) for kind in small.sections}
    sections["product_outcome"]["habit"] = outcome
    broken = Workbook(meta=small.meta, sections=sections)
    graph = build_graph(broken)
    assert "gone" not in graph
    assert list(graph.successors("habit")) == ["retention"]


def test_build_is_deterministic() -> None:
    one, two = build_graph(small_workbook()), build_graph(small_workbook())
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert list(one.edges(data=True)) == list(two.edges(data=True))
