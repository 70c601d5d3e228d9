"""Every sample workbook draws legibly at 80 and 120 columns and exports valid charts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from outcome_workbook.graph.build import build_graph
from outcome_workbook.graph.cells import cell_width
from outcome_workbook.graph.dot import to_dot
from outcome_workbook.graph.drawing import draw, draw_workbook
from outcome_workbook.graph.mermaid import to_mermaid
from outcome_workbook.graph.queries import up
from outcome_workbook.store import parse

from ...conftest import SAMPLES
from .mermaid_check import validate

SAMPLE_FILES = sorted(SAMPLES.glob("*.toml"))
NO_DOT = "graphviz `dot` is not installed (apt-get install graphviz) so DOT is not validated"


def _graph(path: Path, history: bool = False) -> nx.DiGraph:
    return build_graph(parse(path.read_bytes(), str(path)).workbook, history=history)


def test_there_are_samples() -> None:
    assert len(SAMPLE_FILES) >= 7


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_drawn_from_the_workbook_is_drawn_from_its_graph(sample: Path) -> None:
    workbook = parse(sample.read_bytes(), str(sample)).workbook
    for styled, ascii_only in ((True, False), (False, False), (False, True)):
        expected = draw(build_graph(workbook), width=70, ascii_only=ascii_only, styled=styled)
        drawn = draw_workbook(workbook, width=70, ascii_only=ascii_only, styled=styled)
        assert drawn == expected


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_draws_within_the_width(sample: Path, width: int) -> None:
    graph = _graph(sample, history=True)
    lines = draw(graph, width=width)
    assert all(cell_width(line.text) <= width for line in lines)
    # Every entity exactly once in full, and one reference per extra parent.
    full = [line.node or "" for line in lines if line.role == "node"]  # "": no node, fails
    assert sorted(full) == sorted(graph.nodes)
    refs = sum(line.role == "ref" for line in lines)
    extra_parents = sum(max(len(up(graph, node)) - 1, 0) for node in graph.nodes)
    assert refs == extra_parents
    assert lines[0].text.startswith("NSM ")


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_mermaid_is_valid(sample: Path) -> None:
    assert validate(to_mermaid(_graph(sample, history=True))) == []


@pytest.mark.skipif(shutil.which("dot") is None, reason=NO_DOT)
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_dot_passes_graphviz(sample: Path) -> None:
    result = subprocess.run(
        ["dot", "-Tsvg"],
        input=to_dot(_graph(sample, history=True)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "<svg" in result.stdout


@pytest.mark.skipif(
    shutil.which("mmdc") is None,
    reason="mmdc (the Mermaid CLI) is not installed: it needs a headless browser; "
    "tests/unit/graph/mermaid_check.py validates the constructs we emit instead",
)
def test_sample_mermaid_renders_with_mmdc(tmp_path: Path) -> None:
    for sample in SAMPLE_FILES:
        source = tmp_path / f"{sample.stem}.mmd"
        source.write_text(to_mermaid(_graph(sample)), encoding="utf-8")
        result = subprocess.run(
            ["mmdc", "-i", str(source), "-o", str(tmp_path / f"{sample.stem}.svg")],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
