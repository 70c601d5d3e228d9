"""The header scan finds exactly what a line-by-line scan finds, only faster."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from outcome_workbook.store.blocks import (
    _MAYBE_MULTILINE,
    Header,
    find_headers,
    parse_header,
    scan_line,
    split_units,
)


def reference_find_headers(lines: list[str]) -> list[Header]:
    """The plain scan: every line visited in order (the behaviour to keep)."""
    headers: list[Header] = []
    state = [0, 0, 0]
    for index, line in enumerate(lines):
        if not (state[0] or state[1] or state[2]):
            if line.lstrip().startswith("["):
                parsed = parse_header(line)
                if parsed is not None:
                    headers.append(Header(parsed[0], parsed[1], index))
                    continue
            if not _MAYBE_MULTILINE.search(line):
                continue
        scan_line(line, state)
    return headers


FRAGMENTS = [
    "[a]",
    "[[a.b]]",
    "[a.b] # c",
    "[ a . b ]",
    '["q.x".y]',
    "[a]]",
    "[[a]",
    "x = [",
    "]",
    "1,",
    '"[a]",',
    'x = """',
    '"""',
    "x = '''",
    "'''",
    "y = {a = 1}",
    "# [not]",
    '\\"""',
    "\t[t]",
    "[a]\r",
    "",
    "k = 'v'",
    'k = "a # b"',
]

lines_strategy = st.lists(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=3).map(" ".join), max_size=40
)


@settings(max_examples=400, deadline=None)
@given(lines_strategy)
def test_fast_scan_matches_the_line_by_line_scan(lines: list[str]) -> None:
    assert find_headers(lines) == reference_find_headers(lines)


def test_headers_inside_multiline_values_are_not_headers() -> None:
    text = 'x = """\n[not.a.header]\n"""\ny = [\n  "[no]",\n]\n[real]\nz = 1\n'
    _, units, locations = split_units(text)
    assert [u.key for u in units] == [("other", "real")]
    assert locations == {"real": 7}


def test_simple_and_general_header_readings_agree() -> None:
    assert parse_header("[metric.m-1]") == (("metric", "m-1"), False)
    assert parse_header("  [[metric.m.versions]]  # v2") == (("metric", "m", "versions"), True)
    assert parse_header("[ metric . m ]") == (("metric", "m"), False)
    assert parse_header("[a]]") is None
    assert parse_header("[a] b") is None
