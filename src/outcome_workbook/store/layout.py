"""The canonical layout: [workbook] first, then each kind in a fixed order, ids sorted.

Putting every entity in a predictable place means two people adding different
entities touch different lines, so git merges them without a conflict.
"""

from __future__ import annotations

import tomllib

from ..model.entities import KINDS
from ..model.errors import WorkbookError
from .blocks import (
    SplitWithHeaders,
    Unit,
    UnitHeaders,
    main_table_first,
    split_trivia,
    split_units_with_headers,
)

_RANK = {kind: i for i, kind in enumerate(("workbook", *KINDS, "session"))}


def _sort_key(index_and_unit: tuple[int, Unit]) -> tuple[int, str, int]:
    index, unit = index_and_unit
    kind = unit.key[0]
    if kind in _RANK:
        return (_RANK[kind], unit.key[1] if len(unit.key) > 1 else "", index)
    return (len(_RANK), "", index)


def _normalised(text: str) -> str:
    """One unit's text: its comments kept, trailing blank lines reduced to none."""
    body = text.rstrip("\n")
    last = body[body.rfind("\n") + 1 :].strip()
    if last and not last.startswith("#"):
        # The usual unit, ending in a key line and empty lines: no trailing comments to
        # keep, so the split below would give the text up to that line (17,000 units at
        # N=1,000, a tenth of `fmt --check`).
        return body + "\n"
    lead, core, tail = split_trivia(text)
    kept = [line for line in tail.split("\n") if line.strip()]
    body = lead + core.rstrip("\n") + "\n"
    if kept:
        body += "\n" + "\n".join(kept) + "\n"
    return body


def _starts_with_main_table(found: UnitHeaders | None, key: tuple[str, ...]) -> bool:
    """Whether the unit's first header, as the split found it, is its own `[kind.id]`
    (then `main_table_first` has nothing to move and need not scan the unit again)."""
    if not found:
        return False
    _, dotted, is_array = found[0]
    return dotted == ".".join(key) and not is_array


def canonical(text: str, verify: bool = True, split: SplitWithHeaders | None = None) -> str:
    """The canonical form of a workbook's text (idempotent; the data is unchanged).

    With `verify`, a result that differs from `text` is parsed to prove it holds the
    same data (an unchanged text needs no proof). `split` is `text` already split
    (`TextSplit.get()` of the file as read), so it is not split twice.
    """
    preamble, units, _, headers = split or split_units_with_headers(text)
    merged: dict[tuple[str, ...], Unit] = {}
    order: list[tuple[int, Unit]] = []
    for index, unit in enumerate(units):
        if unit.key[0] != "other" and unit.key in merged:
            merged[unit.key].text = _normalised(merged[unit.key].text) + _normalised(unit.text)
            continue
        copy = Unit(unit.key, unit.text, unit.line)
        merged[unit.key] = copy
        order.append((index, copy))
    for _, unit in order:
        if unit.key[0] != "other" and not _starts_with_main_table(headers.get(unit.text), unit.key):
            unit.text = main_table_first(unit.text, unit.key)
    order.sort(key=_sort_key)
    pieces = [_normalised(unit.text) for _, unit in order]
    head = preamble.rstrip("\n")
    result = (head + "\n\n" if head else "") + "\n".join(pieces)
    if verify and result != text and tomllib.loads(result) != tomllib.loads(text):
        raise WorkbookError(
            "internal error: the canonical layout would change the data; the file was left as it is"
        )
    return result
