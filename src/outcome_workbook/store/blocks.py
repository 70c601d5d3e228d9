"""Split a workbook's text into table blocks without a full TOML parse.

Each block is one `[header]` (or `[[header]]`) with the comment lines directly
above it and everything up to the next block. Blocks are grouped into units:
an entity's table with its sub-tables (versions, negotiation entries, notes).
The writer edits, inserts and removes whole units, so text it does not touch
stays byte-identical, and the comment above a table travels with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.entities import KINDS

# Tables that appear once, each with its sub-tables: the workbook metadata and the session.
SINGLETONS = ("workbook", "session")

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_MAYBE_MULTILINE = re.compile(r"\"\"\"|'''|[\[\]{}]")
# The usual header, `[a.b]` or `[[a.b]]` with bare keys: read without the general parser.
_SIMPLE_TABLE = re.compile(r"[ \t]*\[([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\][ \t]*(?:#.*)?")
_SIMPLE_ARRAY = re.compile(r"[ \t]*\[\[([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\]\][ \t]*(?:#.*)?")


@dataclass(frozen=True)
class Header:
    path: tuple[str, ...]
    is_array: bool
    line: int  # 0-based line index


def read_dotted_key(s: str, i: int, unicode_escapes: bool = True) -> tuple[list[str], int] | None:
    """The dotted key (`a."b c".d`) starting at `s[i]`, and the index just after it.

    The table headers here and the key lines of the table merge read keys this one
    way. `unicode_escapes=False` gives up (None) on a `\\u` escape in a quoted part.
    """
    n = len(s)
    keys: list[str] = []
    while True:
        while i < n and s[i] in " \t":
            i += 1
        if i >= n:
            return None
        c = s[i]
        if c == '"':
            j = i + 1
            buf: list[str] = []
            while j < n and s[j] != '"':
                if s[j] == "\\" and j + 1 < n:
                    esc = s[j + 1]
                    if esc in "uU" and not unicode_escapes:
                        return None
                    buf.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(esc, esc))
                    j += 2
                    continue
                buf.append(s[j])
                j += 1
            if j >= n:
                return None
            keys.append("".join(buf))
            i = j + 1
        elif c == "'":
            j = s.find("'", i + 1)
            if j < 0:
                return None
            keys.append(s[i + 1 : j])
            i = j + 1
        else:
            m = _BARE.match(s, i)
            if not m:
                return None
            keys.append(m.group())
            i = m.end()
        while i < n and s[i] in " \t":
            i += 1
        if i < n and s[i] == ".":
            i += 1
            continue
        return keys, i


def parse_header(line: str) -> tuple[tuple[str, ...], bool] | None:
    """The key path of a `[a.b]` or `[[a.b]]` header line, or None if it is not one."""
    simple = _SIMPLE_TABLE.fullmatch(line)
    if simple:
        return tuple(simple.group(1).split(".")), False
    simple = _SIMPLE_ARRAY.fullmatch(line)
    if simple:
        return tuple(simple.group(1).split(".")), True
    s = line.strip()
    if not s.startswith("["):
        return None
    is_array = s.startswith("[[")
    i = 2 if is_array else 1
    found = read_dotted_key(s, i)
    if found is None:
        return None
    keys, i = found
    close = "]]" if is_array else "]"
    if not s.startswith(close, i):
        return None
    rest = s[i + len(close) :].strip()
    if rest and not rest.startswith("#"):
        return None
    return tuple(keys), is_array


def scan_line(line: str, state: list[int]) -> None:
    """Advance the multi-line state over one line: [in_ml_basic, in_ml_literal, depth]."""
    i, n = 0, len(line)
    while i < n:
        if state[0]:
            j = line.find('"""', i)
            while j > 0 and _escaped(line, j):
                j = line.find('"""', j + 1)
            if j < 0:
                return
            i = j + 3
            while i < n and line[i] == '"':
                i += 1
            state[0] = 0
            continue
        if state[1]:
            j = line.find("'''", i)
            if j < 0:
                return
            i = j + 3
            while i < n and line[i] == "'":
                i += 1
            state[1] = 0
            continue
        c = line[i]
        if c == "#":
            return
        if c == '"':
            if line.startswith('"""', i):
                state[0] = 1
                i += 3
                continue
            i += 1
            while i < n and line[i] != '"':
                i += 2 if line[i] == "\\" else 1
            i += 1
            continue
        if c == "'":
            if line.startswith("'''", i):
                state[1] = 1
                i += 3
                continue
            j = line.find("'", i + 1)
            i = n if j < 0 else j + 1
            continue
        if c in "[{":
            state[2] += 1
        elif c in "]}":
            state[2] = max(0, state[2] - 1)
        i += 1


def _escaped(line: str, j: int) -> bool:
    backslashes = 0
    k = j - 1
    while k >= 0 and line[k] == "\\":
        backslashes += 1
        k -= 1
    return backslashes % 2 == 1


def find_headers(lines: list[str]) -> list[Header]:
    """Every table header line, skipping look-alikes inside arrays and multi-line strings."""
    headers: list[Header] = []
    state = [0, 0, 0]
    for index in _candidate_lines(lines):
        line = lines[index]
        if not (state[0] or state[1] or state[2]):
            stripped = line.lstrip()
            if stripped.startswith("["):
                parsed = parse_header(line)
                if parsed is not None:
                    headers.append(Header(parsed[0], parsed[1], index))
                    continue
            if not _MAYBE_MULTILINE.search(line):
                continue
        scan_line(line, state)
    return headers


def _candidate_lines(lines: list[str]) -> list[int]:
    """Indices of the lines with a bracket or a triple quote.

    Other lines are never headers and never open or close a multi-line string
    or array, so skipping them leaves the scan's result unchanged; substring
    tests run at C speed, where the full scan paid for every line.
    """
    return [
        index
        for index, line in enumerate(lines)
        if "[" in line
        or "]" in line
        or "{" in line
        or "}" in line
        or '"""' in line
        or "'''" in line
    ]


def _is_trivia(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


def unit_key(path: tuple[str, ...]) -> tuple[str, ...]:
    """Which unit a header belongs to: (kind, id) for entities, ('workbook',), or the path."""
    if path and path[0] in KINDS and len(path) >= 2:
        return (path[0], path[1])
    if path and path[0] in SINGLETONS:
        return (path[0],)
    return ("other", *path)


@dataclass
class Unit:
    """A run of blocks that belong together, as text. `key` says what it holds."""

    key: tuple[str, ...]
    text: str
    line: int = -1  # 0-based line of its first header in the file it was read from

    @property
    def entity_id(self) -> str | None:
        return self.key[1] if self.key[0] in KINDS else None


# A unit's headers: (0-based line within the unit's text, dotted path, is an array entry).
UnitHeaders = list[tuple[int, str, bool]]
# A text split into units: (preamble, units, header locations, each unit's headers by its text).
SplitWithHeaders = tuple[str, list[Unit], dict[str, int], dict[str, UnitHeaders]]


def split_units(text: str) -> tuple[str, list[Unit], dict[str, int]]:
    """The preamble (text before the first block), the units in file order, and the
    1-based line of every header path ('metric.m', 'metric.m.versions.0', ...)."""
    preamble, units, locations, _ = split_units_with_headers(text)
    return preamble, units, locations


def split_units_with_headers(
    text: str,
) -> tuple[str, list[Unit], dict[str, int], dict[str, UnitHeaders]]:
    """`split_units`, plus each unit's headers keyed by the unit's text (see `locations_of`)."""
    lines = text.split("\n")
    headers = find_headers(lines)
    locations: dict[str, int] = {}
    array_counts: dict[str, int] = {}
    if not headers:
        return text, [], locations, {}
    # Each header's block starts at the comment lines directly above it.
    starts: list[int] = []
    previous_end = 0
    for header in headers:
        start = header.line
        while start - 1 >= previous_end and lines[start - 1].strip().startswith("#"):
            start -= 1
        starts.append(start)
        previous_end = header.line + 1
        _locate(locations, array_counts, ".".join(header.path), header.is_array, header.line + 1)
    preamble = "\n".join(lines[: starts[0]])
    if starts[0] > 0:
        preamble += "\n"
    units: list[Unit] = []
    unit_headers: list[UnitHeaders] = []
    unit_start = 0
    for i, header in enumerate(headers):
        end = starts[i + 1] if i + 1 < len(headers) else len(lines)
        chunk = lines[starts[i] : end]
        block = "\n".join(chunk) + ("\n" if i + 1 < len(headers) else "")
        key = unit_key(header.path)
        if units and units[-1].key == key and (key[0] != "other" or header.is_array):
            units[-1].text += block
        else:
            units.append(Unit(key, block, header.line))
            unit_headers.append([])
            unit_start = starts[i]
        unit_headers[-1].append((header.line - unit_start, ".".join(header.path), header.is_array))
    return preamble, units, locations, _by_text(units, unit_headers)


def _by_text(units: list[Unit], unit_headers: list[UnitHeaders]) -> dict[str, UnitHeaders]:
    return {unit.text: found for unit, found in zip(units, unit_headers, strict=True)}


def _locate(
    locations: dict[str, int], counts: dict[str, int], dotted: str, is_array: bool, line: int
) -> None:
    """Record one header: array entries by index, a table at its first appearance."""
    if is_array:
        index = counts.get(dotted, 0)
        counts[dotted] = index + 1
        locations[f"{dotted}.{index}"] = line
    else:
        locations.setdefault(dotted, line)


def locations_of(
    preamble: str, units: list[Unit], known: dict[str, UnitHeaders]
) -> tuple[dict[str, int], dict[str, UnitHeaders]]:
    """The locations `split_units` would give for preamble + units, without rescanning.

    A unit always starts outside any multi-line value, so its headers depend on
    its own text only: units whose text is in `known` are not scanned again.
    Returns the locations and the headers of the units given, for next time.
    """
    locations: dict[str, int] = {}
    counts: dict[str, int] = {}
    seen: dict[str, UnitHeaders] = {}
    offset = preamble.count("\n")
    for unit in units:
        found = known.get(unit.text)
        if found is None:
            found = [
                (h.line, ".".join(h.path), h.is_array) for h in find_headers(unit.text.split("\n"))
            ]
        seen[unit.text] = found
        for line, dotted, is_array in found:
            _locate(locations, counts, dotted, is_array, offset + line + 1)
        offset += unit.text.count("\n")
    return locations, seen


def main_table_first(text: str, key: tuple[str, ...]) -> str:
    """A unit's text with the entity's own `[kind.id]` block moved before its sub-tables.

    TOML allows `[kind.id.signoff]` above `[kind.id]`, but such a table cannot be
    edited in place; moving the whole block (with the comments above it) fixes
    that and changes nothing else. Text that already starts right is returned as is.
    """
    lines = text.split("\n")
    headers = find_headers(lines)
    main = next((i for i, h in enumerate(headers) if h.path == key and not h.is_array), None)
    if not main:
        return text
    starts: list[int] = []
    previous_end = 0
    for header in headers:
        start = header.line
        while start - 1 >= previous_end and lines[start - 1].strip().startswith("#"):
            start -= 1
        starts.append(start)
        previous_end = header.line + 1
    ends = [*starts[1:], len(lines)]
    blocks = ["\n".join(lines[a:b]).rstrip("\n") for a, b in zip(starts, ends, strict=True)]
    head = "\n".join(lines[: starts[0]])
    ordered = [blocks[main], *blocks[:main], *blocks[main + 1 :]]
    body = "\n\n".join(block for block in ordered if block.strip())
    return head + body + text[len(text.rstrip("\n")) :]


def split_trivia(text: str) -> tuple[str, str, str]:
    """lead (comments above the first header), core, tail (trailing blank/comment lines)."""
    lines = text.split("\n")
    trailing_newline = text.endswith("\n")
    if trailing_newline:
        lines = lines[:-1]
    first = 0
    while first < len(lines) and lines[first].strip().startswith("#"):
        first += 1
    last = len(lines)
    while last > first + 1 and _is_trivia(lines[last - 1]):
        last -= 1
    lead = "".join(line + "\n" for line in lines[:first])
    core = "".join(line + "\n" for line in lines[first:last])
    tail_lines = lines[last:]
    tail = "".join(line + "\n" for line in tail_lines)
    if not trailing_newline:
        if tail:
            tail = tail[:-1]
        else:
            core = core[:-1]
    return lead, core, tail
