"""The quick split gives exactly what `split_units` gives, or nothing."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from outcome_workbook.store.blocks import Unit, split_units, split_units_with_headers
from outcome_workbook.store.quick_split import (
    Template,
    header_locations_plain,
    header_locations_quick,
    split_units_like,
    split_units_quick,
    split_units_with_headers_quick,
)

from ...conftest import SAMPLES
from .test_blocks_scan import FRAGMENTS

DATA = Path(__file__).parent.parent.parent / "data"

MORE = [
    "[workbook]",
    "[product_outcome.po-1]",
    "[product_outcome.po-2]",
    "[[product_outcome.po-1.negotiation]]",
    "[product_outcome.po-1.signoff]",
    "[metric.m]",
    "[session]",
    "# a comment",
    "  # indented comment",
    'title = "t"',
    "impact = 3  # rounded",
    'drives = ["a", "b"]',
    "a = [1, [2, {b = 3}]]",
    "a = [[[[1]]]]",
    'd = """',
    "e = '''x'''",
    'f = "\\"[x]"',
    "g = 'it''s'",
    "\u00a0# odd space",
    "\x0c[ff]",
    "  ]",
    "[x] = 1",
]

# Mostly lines of the usual layout (so that many texts split), some of anything.
_LINES = st.one_of(
    st.sampled_from(MORE[:14]),
    st.sampled_from(MORE[:14]),
    st.lists(st.sampled_from(FRAGMENTS + MORE), min_size=1, max_size=3).map(" ".join),
)
texts = st.lists(_LINES, max_size=30).map(lambda lines: "\n".join(lines) + "\n")


def _parses(text: str) -> bool:
    """Whether the text is TOML (what `header_locations_plain` may assume)."""
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return False
    return True


def _plain(split: tuple[str, list[Unit]]) -> tuple[str, list[tuple[object, ...]]]:
    return split[0], [(u.key, u.text, u.line) for u in split[1]]


def _exact(text: str) -> tuple[str, list[tuple[object, ...]]]:
    preamble, units, _ = split_units(text)
    return _plain((preamble, units))


@settings(max_examples=500, deadline=None)
@given(texts, texts)
def test_the_quick_split_is_the_split_or_nothing(text: str, other: str) -> None:
    quick = split_units_quick(text)
    if quick is not None:
        assert _plain(quick) == _exact(text)
    exact = split_units_with_headers(text)
    with_headers = split_units_with_headers_quick(text)
    assert (with_headers is None) == (quick is None)
    if with_headers is not None:
        assert _plain(with_headers[:2]) == _plain(exact[:2])
        assert with_headers[2:] == exact[2:]
    locations = header_locations_quick(text)
    assert locations is None or locations == exact[2]
    if _parses(text):
        plain = header_locations_plain(text)
        assert plain is None or plain == exact[2]
    reference = split_units_quick(other)
    if reference is not None:
        like = split_units_like(text, Template(other, *reference))
        if like is not None:
            assert _plain(like) == _exact(text)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_splitting_like_an_edited_version_is_the_split(data: st.DataObject) -> None:
    """Versions that share most tables: the tables reused from the other are the right ones."""
    sample = sorted(SAMPLES.glob("*.toml"))[data.draw(st.integers(0, 2))]
    text = sample.read_text(encoding="utf-8")
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(lines)))
        lines.insert(at, data.draw(st.sampled_from(FRAGMENTS + MORE)))
    edited = "\n".join(lines)
    reference = split_units_quick(text)
    assert reference is not None
    like = split_units_like(edited, Template(text, *reference))
    if like is not None:
        assert _plain(like) == _exact(edited)
    quick = split_units_quick(edited)
    if quick is not None:
        assert _plain(quick) == _exact(edited)


def test_every_sample_and_test_file_splits_the_same_or_is_left_to_the_scanner() -> None:
    for path in sorted(DATA.rglob("*.toml")) + sorted(SAMPLES.glob("*.toml")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        quick = split_units_quick(text)
        if quick is not None:
            assert _plain(quick) == _exact(text), path.name
        locations = header_locations_quick(text)
        assert locations is None or locations == split_units(text)[2], path.name
        if _parses(text):
            plain = header_locations_plain(text)
            assert plain is None or plain == split_units(text)[2], path.name


def test_the_usual_layout_is_split_quickly() -> None:
    for path in sorted(SAMPLES.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        quick = split_units_quick(text)
        assert quick is not None, path.name
        like = split_units_like(text, Template(text, *quick))
        assert like is not None and _plain(like) == _exact(text)
        # Equal tables are the very same strings: comparing them costs nothing.
        assert all(a.text is b.text for a, b in zip(like[1], quick[1], strict=True))
        # Without lines, the units taken whole are the other version's own.
        shared = split_units_like(text, Template(text, *quick), lines=False)
        assert shared is not None and [u.key for u in shared[1]] == [u.key for u in quick[1]]
        assert all(a is b for a, b in zip(shared[1], quick[1], strict=True))


def test_text_it_cannot_vouch_for_gives_nothing() -> None:
    assert split_units_quick('[a]\nx = """\nunclosed\n') is None
    assert split_units_quick("[a]\nx = [1,\n[b]\n") is None  # a header inside an array
    assert split_units_quick('["quoted key"]\nx = 1\n') is None


def test_plain_header_lines_are_trusted_only_where_no_value_can_start_a_line_with_a_bracket() -> (
    None
):
    usual = '[workbook]\ntitle = "t"\n\n[[metric.m.versions]]  # first\nkind = "x"\n'
    assert header_locations_plain(usual) == split_units(usual)[2]
    for text in (
        '[workbook]\nx = [\n  [1, 2],\n  [3]\n]\n[metric.m]\ntitle = "m"\n',  # a nested array
        '[workbook]\nnote = """\n[metric.m]\n"""\n',  # a multi-line string
        '[workbook]\n["metric".m]\ntitle = "m"\n',  # a quoted header
        "[workbook]\n[tool.x]\ny = 1\n",  # a table of no workbook kind
    ):
        assert _parses(text)
        assert header_locations_plain(text) is None, text
