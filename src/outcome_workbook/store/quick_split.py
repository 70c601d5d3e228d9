"""`split_units` at C speed for the usual layout, or None to use the exact scanner.

`blocks.split_units` walks every line that holds a bracket or a triple quote in
Python, which costs about a quarter of a TOML parse on a large workbook. Here one
regular expression matches a whole block at a time: a plain `[a.b]` or `[[a.b]]`
header line, then every line up to the next line that starts with `[`, where the
lines are tokenised as the scanner does (strings, literal strings, multi-line
strings, comments, brackets nested up to three deep, which may span lines). Text
the expression does not cover (an unusual header, an unclosed string, deeper
nesting, brackets the scanner would pair differently) gives None, so the result,
when there is one, is exactly what `split_units` returns.
"""

from __future__ import annotations

import re
from functools import cached_property
from itertools import accumulate

from ..model.entities import KINDS
from .blocks import SplitWithHeaders, Unit, UnitHeaders, _by_text, _locate, unit_key

_BASIC = r'"(?:[^"\\\n]++|\\.)*+"(?!")'
_LITERAL = r"'[^'\n]*+'(?!')"
_ML_BASIC = r'"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"""(?!")'
_ML_LITERAL = r"'''(?:[^']++|'(?!''))*+'''(?!')"
_PLAIN = r"""[^\n\[\]{}"'#]++"""
_COMMENT = r"\#[^\n]*+"
_ATOM = f"{_PLAIN}|{_BASIC}|{_ML_BASIC}|{_LITERAL}|{_ML_LITERAL}"
# Inside brackets, lines may break and carry comments.
_INSIDE = f"{_ATOM}|\\n|{_COMMENT}"


def _group(inner: str) -> str:
    return rf"\[(?:{inner})*+\]|\{{(?:{inner})*+\}}"


_G1 = _group(_INSIDE)
_G2 = _group(f"{_INSIDE}|{_G1}")
_G3 = _group(f"{_INSIDE}|{_G2}")
_LINE = f"(?:{_ATOM}|{_G3})*+(?:{_COMMENT})?"
# A line that does not start (after white space) with `[`: not a header candidate.
_NOT_HEADER = r"(?![^\S\n]*\[)"
# The usual line, `key = "text"` or `key = 12` (a comment after it): matched the same as by
# `_LINE`, only faster.
_SIMPLE = (
    r"""[A-Za-z0-9_-]++[ \t]*+=[ \t]*+(?:"[^"\\\n]*+"(?!")|[^\n\[\]{}"'#]*+)"""
    r"[ \t]*+(?:\#[^\n]*+)?"
)
_BODY = f"(?:\\n|{_SIMPLE}\\n|{_NOT_HEADER}{_LINE}\\n)*+(?:{_NOT_HEADER}{_LINE}\\Z)?"

_NAME = r"[A-Za-z0-9_-]+"
_HEAD = rf"[ \t]*\[(\[)?({_NAME})(?:\.({_NAME}))?((?:\.{_NAME})*)\](?(1)\])[ \t]*(?:#[^\n]*+)?"


class _Large:
    """The two large expressions, compiled when first used: compiling them takes about
    a sixtieth of a second, which a command that prints no line numbers (graph, report,
    validate of a good file) would pay at every start for nothing."""

    @cached_property
    def preamble(self) -> re.Pattern[str]:
        return re.compile(_BODY)

    @cached_property
    def block(self) -> re.Pattern[str]:
        return re.compile(rf"{_HEAD}(?:\n{_BODY}|\Z)")


_LARGE = _Large()


_HEADER = re.compile(rf"{_HEAD}(?:\n|\Z)")
# Comment lines, then a header (group 1), as a unit that follows another one starts.
_NEXT = re.compile(r"(?:[^\S\n]*#[^\n]*\n)*+(?=" + _HEADER.pattern + ")")


def split_units_quick(text: str) -> tuple[str, list[Unit]] | None:
    """The preamble and units `split_units(text)` gives, or None for text it cannot vouch for."""
    split = _split(text, with_headers=False)
    return None if split is None else (split[0], split[1])


def split_units_with_headers_quick(text: str) -> SplitWithHeaders | None:
    """What `split_units_with_headers(text)` gives (the header locations and each unit's
    headers too), or None for text it cannot vouch for."""
    return _split(text, with_headers=True)


def _split(text: str, with_headers: bool) -> SplitWithHeaders | None:
    first = _LARGE.preamble.match(text)
    if first is None:
        return None
    position = first.end()
    end = len(text)
    locations: dict[str, int] = {}
    if position == end:
        return text, [], locations, {}
    units: list[Unit] = []
    unit_headers: list[UnitHeaders] = []
    counts: dict[str, int] = {}
    starts: list[int] = []
    previous_end = 0
    line = 0
    counted = 0
    last_key: tuple[str, ...] = ()
    first_line = 0  # of the current unit (its comment lines included), 0-based
    match_block = _LARGE.block.match
    while position < end:
        block = match_block(text, position)
        if block is None:
            return None
        is_array, kind, entity_id, rest = block.groups()
        key = _key(kind, entity_id, rest)
        new_unit = not (units and last_key == key and (key[0] != "other" or is_array))
        if new_unit or with_headers:
            line += text.count("\n", counted, position)
            counted = position
        if new_unit:
            units.append(Unit(key, "", line))
            starts.append(_walk(text, position, previous_end))
            last_key = key
            if with_headers:
                unit_headers.append([])
                first_line = line - text.count("\n", starts[-1], position)
        if with_headers:
            dotted = kind if entity_id is None else f"{kind}.{entity_id}{rest}"
            _locate(locations, counts, dotted, bool(is_array), line + 1)
            unit_headers[-1].append((line - first_line, dotted, bool(is_array)))
        previous_end = text.find("\n", position) + 1 or end
        position = block.end()
    bounds = [*starts[1:], end]
    for unit, start, stop in zip(units, starts, bounds, strict=True):
        unit.text = text[start:stop]
    by_text = _by_text(units, unit_headers) if with_headers else {}
    return text[: starts[0]], units, locations, by_text


def header_locations_quick(text: str) -> dict[str, int] | None:
    """The header locations `split_units(text)` gives (its third part), or None for text
    it cannot vouch for: the same expression, without building the units (half the cost),
    for readers that only need line numbers."""
    first = _LARGE.preamble.match(text)
    if first is None:
        return None
    position = first.end()
    locations: dict[str, int] = {}
    counts: dict[str, int] = {}
    line = 1 + text.count("\n", 0, position)
    counted = position
    for block in _LARGE.block.finditer(text, position):
        start = block.start()
        if start != position:
            return None  # text between blocks that the expression does not cover
        is_array, kind, entity_id, rest = block.groups()
        line += text.count("\n", counted, start)
        counted = start
        dotted = kind if entity_id is None else f"{kind}.{entity_id}{rest}"
        _locate(locations, counts, dotted, bool(is_array), line)
        position = block.end()
    return locations if position == len(text) else None


_HEADER_LINE = re.compile(_HEAD)
_BRACKET_LINES = re.compile(r"^[ \t]*\[[^\n]*", re.MULTILINE)
# The names a workbook's tables start with: none is a value TOML allows bare.
_TOP_NAMES = frozenset({"workbook", "session", *KINDS})


def header_locations_plain(text: str) -> dict[str, int] | None:
    """`header_locations_quick(text)` for text that parsed as TOML, by looking only at the
    lines that start with `[`, or None when that cannot be vouched for.

    Where the text has no multi-line string, a line can start with `[` only as a header
    or inside a multi-line array, where a line like `[workbook]` or `[metric.m]` would be
    a bare word, which TOML does not allow as a value: so when every such line is a plain
    header of a workbook table, those lines are the headers. Anything else (a multi-line
    string, a quoted or unusual header, a nested array on its own line) gives None.
    A third of the quick expression's time, and nothing to compile."""
    if '"""' in text or "'''" in text:
        return None
    locations: dict[str, int] = {}
    counts: dict[str, int] = {}
    line, counted = 1, 0
    match_header = _HEADER_LINE.fullmatch
    for found in _BRACKET_LINES.finditer(text):
        header = match_header(found.group())
        if header is None:
            return None
        is_array, kind, entity_id, rest = header.groups()
        if kind not in _TOP_NAMES:
            return None
        start = found.start()
        line += text.count("\n", counted, start)
        counted = start
        dotted = kind if entity_id is None else f"{kind}.{entity_id}{rest}"
        _locate(locations, counts, dotted, bool(is_array), line)
    return locations


class Template:
    """Another version of the text, split, ready for `split_units_like`."""

    def __init__(self, text: str, preamble: str, units: list[Unit]) -> None:
        self.text = text
        self.units = units
        seen: dict[tuple[str, ...], int] = {}
        for unit in units:
            seen[unit.key] = seen.get(unit.key, 0) + 1
        self.index = {unit.key: i for i, unit in enumerate(units) if seen[unit.key] == 1}
        # Where each unit starts in `text` (and, last, where the text ends).
        self.starts = list(accumulate((len(unit.text) for unit in units), initial=len(preamble)))


def split_units_like(
    text: str, like: Template, lines: bool = True
) -> tuple[str, list[Unit]] | None:
    """`split_units_quick(text)`, faster when `text` shares most tables with `like` (another
    version of the file): where a unit of `like` starts a unit here, the longest run of
    `like`'s units that follows verbatim is taken whole, once the unit after the run is
    seen to start where the run ends. Without `lines`, those units are `like`'s own Unit
    objects, their `line` the one they have in `like` (quicker, for callers that only
    compare and edit text: units are never changed in place)."""
    first = _LARGE.preamble.match(text)
    if first is None:
        return None
    at = first.end()  # the current unit's header line
    end = len(text)
    if at == end:
        return text, []
    start = _walk(text, at, 0)  # the current unit's first line
    preamble = text[:start]
    header = _HEADER.match(text, at)
    if header is None:
        return None
    key = _key(*header.group(2, 3, 4))
    units: list[Unit] = []
    line = 0
    counted = 0
    while True:
        line += text.count("\n", counted, at)
        counted = at
        run = _verbatim_run(text, start, like, like.index.get(key))
        if run is not None:
            first_unit, after, stop, following = run
            if lines:
                shift = line - like.units[first_unit].line
                run_units = like.units[first_unit:after]
                units.extend(Unit(u.key, u.text, u.line + shift) for u in run_units)
            else:
                units.extend(like.units[first_unit:after])
            if following is None:
                return preamble, units
            start, at, key = stop, following[0], following[1]
            continue
        # Not a table of `like`: read its blocks with the expression.
        found = _read_unit(text, at, key)
        if found is None:
            return None
        stop, at, following_key = found
        units.append(Unit(key, text[start:stop], line))
        if following_key is None:
            return preamble, units
        start, key = stop, following_key


def _verbatim_run(
    text: str, start: int, like: Template, first: int | None
) -> tuple[int, int, int, tuple[int, tuple[str, ...]] | None] | None:
    """`like`'s units first..after-1, found verbatim at `start` and ending where the next
    unit starts: (first, after, where the run ends, the next unit's header and key)."""
    if first is None:
        return None
    starts, source = like.starts, like.text
    base = starts[first]
    count = len(like.units)

    def matches(after: int) -> bool:
        return text.startswith(source[base : starts[after]], start)

    if not matches(first + 1):
        return None
    good, step = first + 1, 1
    while good < count:  # gallop, then halve: the longest run that matches
        probe = min(count, good + step)
        if matches(probe):
            good, step = probe, step * 2
        elif step == 1:
            break
        else:
            step //= 2
    while good > first:
        stop = start + starts[good] - base
        if stop == len(text):
            return first, good, stop, None
        last = like.units[good - 1]
        following = _NEXT.match(text, stop) if _may_be_followed(last.text) else None
        if following is not None:
            is_array, kind, entity_id, rest = following.groups()
            other = _key(kind, entity_id, rest)
            if not (other == last.key and (last.key[0] != "other" or is_array)):
                return first, good, stop, (following.end(), other)
        good -= 1  # the run's last unit runs on here: read it with the expression
    return None


def _read_unit(
    text: str, at: int, key: tuple[str, ...]
) -> tuple[int, int, tuple[str, ...] | None] | None:
    """Where the unit whose first header is at `at` ends, and the next unit's header and key."""
    end = len(text)
    position = at
    while True:
        block = _LARGE.block.match(text, position)
        if block is None:
            return None
        previous_end = text.find("\n", position) + 1 or end
        position = block.end()
        if position == end:
            return end, end, None
        following = _HEADER.match(text, position)
        if following is None:
            return None
        is_array, kind, entity_id, rest = following.groups()
        other = _key(kind, entity_id, rest)
        if not (other == key and (key[0] != "other" or is_array)):
            return _walk(text, position, previous_end), position, other


def _may_be_followed(text: str) -> bool:
    """Whether the next unit can start right after `text`: it ends a line that is not a
    comment (a comment line would belong to the next unit's block)."""
    if text.endswith("\n\n"):
        return True
    last = text[text.rfind("\n", 0, len(text) - 1) + 1 : -1]
    return text.endswith("\n") and not last.strip().startswith("#")


def _walk(text: str, position: int, previous_end: int) -> int:
    """Where a header's block starts: the comment lines directly above it belong to it."""
    start = position
    while start > previous_end and text[start - 2 : start - 1] != "\n":
        line_start = text.rfind("\n", 0, start - 1) + 1
        if not text[line_start : start - 1].strip().startswith("#"):
            break
        start = line_start
    return start


def _key(kind: str, entity_id: str | None, rest: str | None) -> tuple[str, ...]:
    """`unit_key` of the header's path, from the pieces the expression captured."""
    if entity_id is not None and kind in KINDS:
        return (kind, entity_id)
    if entity_id is None:
        return unit_key((kind,))
    return unit_key((kind, entity_id, *(rest or "").split(".")[1:]))
