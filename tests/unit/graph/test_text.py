"""The terminal drawing: every entity once, other parents named, folded to the width."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcome_workbook.graph.build import build_graph
from outcome_workbook.graph.cells import cell_width
from outcome_workbook.graph.drawing import (
    DrawnLine,
    Shape,
    _fold,
    _fold_plain,
    _fold_words,
    draw,
    draw_focus,
    draw_workbook,
    plain,
)
from outcome_workbook.graph.queries import Ladder, down, roots, up
from outcome_workbook.model import Workbook

from .hostile import hostile_workbook


def _nodes(lines: list[DrawnLine], role: str) -> list[str]:
    return [line.node for line in lines if line.role == role and line.node is not None]


def test_north_star_first_then_layers(small: Workbook) -> None:
    lines = draw(build_graph(small), width=120)
    assert lines[0].text.startswith("NSM Weekly active remote sessions (nsm)")
    assert lines[1].text.startswith("├─ BO  Keep customers longer (retention)")
    order = _nodes(lines, "node")
    assert order.index("retention") < order.index("activation") < order.index("usage")
    assert order.index("setup") < order.index("install") < order.index("wizard")


def test_every_entity_is_drawn_exactly_once(small: Workbook) -> None:
    graph = build_graph(small, history=True)
    drawn = _nodes(draw(graph, width=80), "node")
    assert sorted(drawn) == sorted(graph.nodes)


def test_several_parents_are_named_and_referenced(small: Workbook) -> None:
    lines = draw(build_graph(small), width=200)
    text = plain(lines)
    assert (
        "(activation) · performance · draft · 5 -> 50 % by 2025-06-30 · also drives: revenue"
        in (text)
    )
    refs = [line for line in lines if line.role == "ref"]
    assert [line.node for line in refs] == ["csat", "activation"]
    assert "↑ PO  New sign-ups start a session on day one (activation) shown under retention" in (
        text
    )
    assert "also measures: g-csat-2" in text


def test_orphans_are_drawn_under_a_heading(small: Workbook) -> None:
    text = plain(draw(build_graph(small)))
    assert (
        "Not linked to the North Star Metric:\nPO  An outcome that drives nothing (lonely)" in text
    )


def test_errors_are_marked(small: Workbook) -> None:
    lines = draw(build_graph(small), width=120, errors={"habit"})
    line = next(line for line in lines if line.node == "habit" and line.role == "node")
    assert "✗ PO  Users come back" in line.text
    assert any(span.style == "error" for span in line.spans)
    ascii_line = next(
        line
        for line in draw(build_graph(small), ascii_only=True, errors={"habit"})
        if line.node == "habit" and line.role == "node"
    )
    assert "! PO  Users come back" in ascii_line.text


def test_ascii_mode_uses_no_drawing_characters(small: Workbook) -> None:
    text = plain(draw(build_graph(small), width=60, ascii_only=True))
    assert text.isascii()
    assert "|- BO  Keep customers longer" in text


@pytest.mark.parametrize("width", [40, 80, 120])
def test_lines_fit_the_width_and_fold_at_words(small: Workbook, width: int) -> None:
    lines = draw(build_graph(small, history=True), width=width)
    assert all(cell_width(line.text) <= width for line in lines)
    folded = [line for line in lines if line.role == "more"]
    if width < 120:
        assert folded
    for line in folded:
        assert not line.text.endswith(" ")


def test_long_words_and_wide_characters_fit(small: Workbook) -> None:
    graph = build_graph(hostile_workbook())
    for width in (50, 80, 120):
        assert all(cell_width(line.text) <= width for line in draw(graph, width=width))


def test_spans_cover_the_text_they_style(small: Workbook) -> None:
    for line in draw(build_graph(small), width=80, errors={"habit"}):
        for span in line.spans:
            assert 0 <= span.start < span.end <= len(line.text)
        tags = [line.text[s.start : s.end] for s in line.spans if s.style.startswith("tag.")]
        assert all(
            tag.strip() in {"NSM", "BO", "PO", "MET", "GRD", "OPP", "SOL", "EXP"} for tag in tags
        )


def test_focus_draws_the_neighbourhood_only(small: Workbook) -> None:
    graph = build_graph(small)
    lines = draw_focus(graph, "setup", 1, width=100)
    assert sorted(_nodes(lines, "node")) == ["activation", "install", "setup"]
    focus = next(line for line in lines if line.node == "setup")
    assert any(span.style == "focus" for span in focus.spans)
    assert plain(lines).startswith("PO  New sign-ups start a session on day one (activation)")


def test_focus_names_parents_outside_the_view(small: Workbook) -> None:
    lines = draw_focus(build_graph(small), "usage", 1, width=200)
    assert plain(lines).startswith("PO  New sign-ups start a session on day one (activation)")
    assert "2025-06-30 · drives: retention, revenue\n" in plain(lines)


def test_focus_on_unknown_id_raises(small: Workbook) -> None:
    with pytest.raises(KeyError):
        draw_focus(build_graph(small), "nope")


def test_drawing_is_byte_stable(small: Workbook) -> None:
    first = plain(draw(build_graph(small), width=80))
    assert first == plain(draw(build_graph(small), width=80))


# A word of no width (U+200B), wide characters, long words and styles that repeat.
_WORDS = st.lists(
    st.tuples(
        st.sampled_from(["a", "bb", "word", "\u200b", "\u5bbd\u5bbd", "x" * 30, "·"]),
        st.sampled_from(["", "id", "title"]),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(words=_WORDS, width=st.integers(min_value=1, max_value=40))
def test_folding_runs_whole_is_folding_word_by_word(
    words: list[tuple[str, str]], width: int
) -> None:
    """The shortcut that places a whole run of one style gives the word-by-word wrap."""
    rows: list[list[tuple[str, str]]] = [[]]
    _fold_words(rows, 0, words, width)
    assert _fold(words, width) == rows


# Words as the drawing makes them: never empty, never holding a space; some of one cell per
# character that are not ASCII ("·", "é"), some of no width, some wide, some longer than a row.
_PLAIN_WORDS = st.lists(
    st.sampled_from(["a", "bb", "word", "\u200b", "\u5bbd\u5bbd", "x" * 30, "·", "café", "(id)"]),
    min_size=1,
    max_size=14,
)


@settings(max_examples=500, deadline=None)
@given(words=_PLAIN_WORDS, cut=st.integers(min_value=0, max_value=14), width=st.integers(1, 40))
def test_folding_plain_text_gives_the_rows_of_the_styled_fold(
    words: list[str], cut: int, width: int
) -> None:
    """The plain drawing's fold (pieces of one or more words) makes the same rows' text."""
    styled = _fold([(word, "title" if i % 3 else "id") for i, word in enumerate(words)], width)
    pieces = [" ".join(words[:cut]), " ".join(words[cut:])]
    assert _fold_plain([p for p in pieces if p], width) == [
        "".join(text for text, _ in row) for row in styled
    ]


def test_a_shape_read_from_the_workbook_is_the_graph_s(small: Workbook) -> None:
    graph = build_graph(small)
    direct, drawn = Shape.of_workbook(small), Shape.of_graph(graph)
    assert direct.ladder.ups == drawn.ladder.ups
    assert direct.ladder.downs == drawn.ladder.downs
    assert direct.ladder.roots == drawn.ladder.roots
    for node, attrs in direct.nodes.items():
        assert {key: drawn.nodes[node][key] for key in attrs} == attrs
        for upper in direct.ladder.ups[node]:
            assert direct.edge_type(node, upper) == drawn.edge_type(node, upper)
    for styled in (True, False):
        for width in (40, 80, 200):
            expected = draw(graph, width=width, errors={"activation"}, styled=styled)
            assert draw_workbook(small, width=width, errors={"activation"}, styled=styled) == (
                expected
            )


def test_the_ladder_is_up_and_down_of_every_node(small: Workbook) -> None:
    for history in (False, True):
        graph = build_graph(small, history=history)
        ladder = Ladder(graph)
        assert ladder.ups == {node: up(graph, node) for node in graph.nodes}
        assert ladder.downs == {node: down(graph, node) for node in graph.nodes}
        assert ladder.roots == roots(graph)


def test_a_drawing_for_plain_text_has_the_same_lines_without_styles(small: Workbook) -> None:
    graph = build_graph(small, history=True)
    styled = draw(graph, width=60, errors={"activation"})
    unstyled = draw(graph, width=60, errors={"activation"}, styled=False)
    assert [(line.text, line.node, line.role) for line in unstyled] == [
        (line.text, line.node, line.role) for line in styled
    ]
    assert any(line.spans for line in styled)
    assert not any(line.spans for line in unstyled if line.role != "heading")
