"""Where a key is inside its table's text.

A problem or a finding about one value (a severity, a reference, a number out of range)
points at the line that sets it, not at its table's header: `checks = {severity = ...}`
on line 4 of `[workbook]` is line 4, and so is `checks.severity.OW2 = "x"`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_PART = re.compile(r"""\s*(?:([A-Za-z0-9_-]+)|"([^"\\]*)"|'([^']*)')\s*""")


def table_keys(lines: Sequence[str], table_line: int) -> dict[str, int]:
    """Each key set in one table, dotted as written (`checks.severity.OW2`, quotes and
    spaces taken away), with its 1-based line: the lines after the header on `table_line`
    (0: the top of the file) up to the next header; the first line of each key."""
    keys: dict[str, int] = {}
    for index in range(table_line, len(lines)):
        stripped = lines[index].lstrip()
        if stripped.startswith("["):
            break
        name, equals, _ = stripped.partition("=")
        if equals and not name.startswith("#"):
            dotted = _dotted(name)
            if dotted:
                keys.setdefault(dotted, index + 1)
    return keys


def key_line(keys: Mapping[str, int], key: str) -> int | None:
    """The line that sets `key` (dotted) among a table's `table_keys`, else the first line
    that sets a key under it, else the line of the inline table that holds it."""
    if key in keys:
        return keys[key]
    below, holding = f"{key}.", [line for name, line in keys.items() if key.startswith(f"{name}.")]
    under = [line for name, line in keys.items() if name.startswith(below)]
    found = under or holding
    return min(found) if found else None


def _dotted(name: str) -> str:
    """`a . "b"` -> `a.b`; "" for anything that is not a key."""
    parts: list[str] = []
    for piece in name.split("."):
        match = _PART.fullmatch(piece)
        if match is None:
            return ""
        parts.append(next(group for group in match.groups() if group is not None))
    return ".".join(parts)
