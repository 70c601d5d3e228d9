"""Three-way merge of one table's text (a unit: an entity's table with its sub-tables),
key by key, keeping everything either side wrote that the other did not touch.

The text is cut into statements: each `[header]` or `key = value` line (a value
may span lines) with the comment and blank lines directly above it (its
*lead*) and the comment after it on its last line. A statement is known by
its table and its key, parsed, so `"title" = ...` and `title = ...` are one
key, and `signoff.team = ...` is the key `signoff.team` of the outer table.

For each table and each key: taken from the side that changed it, kept when
neither did, and when both changed it differently, merged part by part: the
lead, the value and the trailing comment. A value both sides changed is the
model's to decide when the key is one the model knows (`known` says so; the
caller then writes the merged value with the store's writer, which keeps the
key's comments); for any other key it is a conflict, and ours is kept. Entries
both sides appended to an array of tables (`[[...negotiation]]`) are all kept,
in date order for logs; an entry both appended the same is kept twice and
reported. Nothing is dropped silently: whatever cannot be combined is a conflict.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from ..store.statements import ROOT, Known, Parsed, Path, Statement, Table, TableId, parse

T = TypeVar("T")


class CannotMerge(Exception):
    """Appended entries this merge cannot line up (the caller falls back)."""


@dataclass(frozen=True)
class TextConflict:
    """Something both sides changed differently in the text; `where` is a dotted key."""

    where: str
    message: str


# --- three-way helpers ----------------------------------------------------------------


def pick(base: object, ours: object, theirs: object) -> tuple[object, bool]:
    """The three-way choice and whether it is clean (ours kept on a clash)."""
    if ours == theirs or theirs == base:
        return ours, True
    if ours == base:
        return theirs, True
    return ours, False


def merge_order(
    base: Sequence[T], ours: Sequence[T], theirs: Sequence[T], keep: set[T]
) -> tuple[list[T], bool]:
    """The order of the merged items `keep`: the side that reordered its common items
    gives it (ours when neither or both did: then the second value is False for both),
    each side's additions placed after the item that precedes them on that side."""
    common = [x for x in base if x in keep]

    def relative(side: Sequence[T]) -> list[T]:
        return [x for x in side if x in keep and x in base]

    o_rel, t_rel, b_rel = relative(ours), relative(theirs), [x for x in common]
    o_moved = o_rel != [x for x in b_rel if x in o_rel]
    t_moved = t_rel != [x for x in b_rel if x in t_rel]
    if o_moved and t_moved and o_rel != t_rel:
        # Both reordered: as a sequence merge, moves of different runs both land.
        merged = merge_sequences(list(base), list(ours), list(theirs))
        if merged is not None and len(set(merged)) == len(merged) and keep <= set(merged):
            return [x for x in merged if x in keep], True
    clean = not (o_moved and t_moved and o_rel != t_rel)
    primary, secondary = (theirs, ours) if t_moved and not o_moved else (ours, theirs)
    out = [x for x in primary if x in keep]
    for side in (secondary, base):
        for index, item in enumerate(side):
            if item in keep and item not in out:
                before = next((x for x in reversed(side[:index]) if x in out), None)
                at = 0 if before is None else out.index(before) + 1
                out.insert(at, item)
    return out, clean


def merge_lines(base: str, ours: str, theirs: str) -> str | None:
    """A line-wise three-way merge (as git's), or None when both changed the same lines
    (or lines next to each other) differently."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    b, o, t = (s.splitlines(keepends=True) for s in (base, ours, theirs))
    merged = merge_sequences(b, o, t)
    return None if merged is None else "".join(merged)


def merge_sequences(b: list[T], o: list[T], t: list[T]) -> list[T] | None:
    """A three-way merge of sequences (lines, keys): None when both changed the same or
    neighbouring items differently."""
    if o == t or t == b:
        return o
    if o == b:
        return t
    changes = sorted(
        [(*c, 0) for c in _changes(b, o)] + [(*c, 1) for c in _changes(b, t)],
        key=lambda c: (c[0], c[1]),
    )
    out: list[T] = []
    position = 0
    i = 0
    while i < len(changes):
        group = [changes[i]]
        end = changes[i][1]
        i += 1
        while i < len(changes) and changes[i][0] <= end:
            group.append(changes[i])
            end = max(end, changes[i][1])
            i += 1
        mine = [c[:3] for c in group if c[3] == 0]
        other = [c[:3] for c in group if c[3] == 1]
        if mine and other:
            if mine != other:
                return None
            group = [(*c, 0) for c in mine]
        for start, stop, replacement, _ in group:
            out.extend(b[position:start])
            out.extend(replacement)
            position = stop
    out.extend(b[position:])
    return out


def _changes(base: list[T], side: list[T]) -> list[tuple[int, int, list[T]]]:
    """(start, end, replacement) for each changed run of `base` lines."""
    matcher = difflib.SequenceMatcher(None, base, side, autojunk=False)
    return [
        (i1, i2, side[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


# --- merging one unit -----------------------------------------------------------------

Dated = Callable[[Path], bool]


def _where(table_id: TableId, key: Path = ()) -> str:
    """A table's (or key's) path for a message: entries by number, from 1."""
    parts: list[str] = []
    for path, index in table_id:
        parts = [*parts, *path[_depth(parts) :]]
        if index >= 0:
            parts.append(f"#{index + 1}")
    return ".".join([*parts, *key])


def _depth(parts: list[str]) -> int:
    return sum(1 for p in parts if not p.startswith("#"))


def _show(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= 60 else one[:57] + "..."


def _value(core: str) -> str:
    """The value part of `key = value` (a header as it is)."""
    if core.lstrip().startswith("["):
        return core
    return core.partition("=")[2].strip()


def _entry_date(table: Table) -> date | None:
    found = table.keys.get(("date",))
    if found is None:
        return None
    _, _, value = found.core.partition("=")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def merge_unit(
    base_text: str | None,
    ours_text: str,
    theirs_text: str,
    known: Known,
    dated: Dated,
    skip: int = 0,
) -> tuple[str, list[TextConflict]]:
    """The merged text of one unit and what clashed; raises UnusualText or CannotMerge to fall back.

    `known(table, key)`: whether the model holds that key (its value is then the
    model's to merge). `dated(path)`: whether entries appended to that array of
    tables are kept in date order (logs), else ours' then theirs'. `skip` is the
    number of path parts of the unit's own key (the unit's id, for messages).
    """
    base = parse(base_text) if base_text else Parsed({}, "")
    ours = parse(ours_text)
    theirs, twins = _reindex_appended(base, ours, parse(theirs_text))
    conflicts: list[TextConflict] = []

    def clash(table_id: TableId, key: Path, message: str) -> None:
        where = _where(table_id, key).split(".")
        conflicts.append(TextConflict(".".join(where[skip:]), message))

    for twin in twins:
        clash(
            (*twin[:-1], (twin[-1][0], -1)),
            (),
            "both sides added the same entry; both were kept: delete one if they are one",
        )

    tables: dict[TableId, Table] = {}
    for table_id in {**ours.tables, **theirs.tables}:
        b, o, t = base.tables.get(table_id), ours.tables.get(table_id), theirs.tables.get(table_id)
        b_text, o_text, t_text = (x.text() if x else None for x in (b, o, t))
        if o_text == t_text or t_text == b_text:
            chosen = o
        elif o_text == b_text:
            chosen = t
        elif o is None or t is None:
            chosen = o or t
            removed_by = "ours" if o is None else "theirs"
            clash(
                table_id,
                (),
                f"this table was removed in {removed_by} and changed in the other side; kept it",
            )
        else:
            chosen = _merge_table(table_id, b, o, t, known, clash)
        if chosen is not None:
            tables[table_id] = chosen
    order, clean = merge_order(
        list(base.tables), list(ours.tables), list(theirs.tables), set(tables)
    )
    if not clean:
        clash(ROOT, (), "both sides reordered the tables; kept ours' order")
    order = _date_order(order, base, ours, theirs, tables, dated)
    tail = merge_lines(base.tail, ours.tail, theirs.tail)
    if tail is None:
        tail = ours.tail
        clash(ROOT, (), f"comments after the table: kept ours; theirs has {_show(theirs.tail)}")
    merged = Parsed({table_id: tables[table_id] for table_id in order}, tail)
    return _joined(merged), conflicts


def _joined(parsed: Parsed) -> str:
    """The text, with a line break wherever a statement that ended the text is followed."""
    out: list[str] = []
    statements = [
        s
        for table in parsed.tables.values()
        for s in ([table.header] if table.header else []) + list(table.keys.values())
    ]
    for index, stmt in enumerate(statements):
        text = stmt.text()
        if not stmt.nl and (index + 1 < len(statements) or parsed.tail):
            text += "\n"
        out.append(text)
    return "".join(out) + parsed.tail


def _merge_table(
    table_id: TableId,
    b: Table | None,
    o: Table,
    t: Table,
    known: Known,
    clash: Callable[[TableId, Path, str], None],
) -> Table:
    header = o.header
    if o.header is not None and t.header is not None:
        bh = b.header if b is not None else None
        header = _merge_statement(table_id, (), bh, o.header, t.header, False, clash)
    keys: dict[Path, Statement] = {}
    b_keys = b.keys if b is not None else {}
    for key in {**o.keys, **t.keys}:
        bs, os_, ts = b_keys.get(key), o.keys.get(key), t.keys.get(key)
        b_text, o_text, t_text = (s.text() if s else None for s in (bs, os_, ts))
        if o_text == t_text or t_text == b_text:
            chosen = os_
        elif o_text == b_text:
            chosen = ts
        elif os_ is None or ts is None:
            present = os_ or ts
            assert present is not None
            chosen = present
            if not (known(table_id, key) and bs is not None and _same_trivia(bs, present)):
                removed_by = "ours" if os_ is None else "theirs"
                clash(
                    table_id,
                    key,
                    f"removed in {removed_by} and changed in the other side; kept "
                    f"{_show(_value(present.core))}",
                )
        else:
            chosen = _merge_statement(table_id, key, bs, os_, ts, known(table_id, key), clash)
        if chosen is not None:
            keys[key] = chosen
    order, clean = merge_order(list(b_keys), list(o.keys), list(t.keys), set(keys))
    if not clean:
        clash(table_id, (), "both sides reordered the keys; kept ours' order")
    return Table(table_id, header, o.is_array, {k: keys[k] for k in order})


def _same_trivia(a: Statement, b: Statement) -> bool:
    return a.lead == b.lead and a.comment == b.comment


def _merge_statement(
    table_id: TableId,
    key: Path,
    b: Statement | None,
    o: Statement,
    t: Statement,
    known: bool,
    clash: Callable[[TableId, Path, str], None],
) -> Statement:
    """A statement both sides changed: its lead, value and comment merged one by one."""
    what = "the header" if not key else ""
    lead = merge_lines(b.lead if b else "", o.lead, t.lead)
    if lead is None:
        lead = o.lead
        clash(table_id, key, f"comment above {what or 'it'}: kept ours; theirs has {_show(t.lead)}")
    comment, ok = pick(b.comment if b else None, o.comment, t.comment)
    if not ok:
        clash(
            table_id,
            key,
            f"comment after {what or 'it'}: kept ours {_show(o.comment)}; "
            f"theirs has {_show(t.comment)}",
        )
    core, ok = pick(b.core if b else None, o.core, t.core)
    if not ok and not known:
        was = f"; base had {_show(_value(b.core))}" if b else ""
        clash(
            table_id,
            key,
            f"kept ours {_show(_value(o.core))}; theirs has {_show(_value(t.core))}{was}",
        )
    assert isinstance(comment, str) and isinstance(core, str)
    return Statement(lead, core, comment, o.nl or t.nl, o.key)


# --- entries appended on both sides ---------------------------------------------------


def _arrays(parsed: Parsed) -> dict[tuple[TableId, Path], list[TableId]]:
    """The entries of each array of tables, by (parent, path)."""
    found: dict[tuple[TableId, Path], list[TableId]] = {}
    for table_id in parsed.tables:
        if not table_id:
            continue  # keys above the first header
        path, index = table_id[-1]
        if index >= 0:
            found.setdefault((table_id[:-1], path), []).append(table_id)
    return found


def _entry_body(table: Table) -> str:
    """An entry's text without the blank and comment lines above it."""
    head = table.header.body() if table.header is not None else ""
    return head + "".join(s.text() for s in table.keys.values())


def _reindex_appended(base: Parsed, ours: Parsed, theirs: Parsed) -> tuple[Parsed, list[TableId]]:
    """Theirs with the entries it appended where ours appended too numbered after ours',
    so both sides' entries are kept (an entry with sub-tables cannot be), and the new
    ids of theirs' entries that are the same as one ours appended."""
    b_arrays, o_arrays = _arrays(base), _arrays(ours)
    renumber: dict[TableId, TableId] = {}
    twins: list[TableId] = []
    for (parent, path), entries in _arrays(theirs).items():
        n_base = len(b_arrays.get((parent, path), []))
        n_ours = len(o_arrays.get((parent, path), []))
        if len(entries) <= n_base or n_ours <= n_base:
            continue
        mine = {_entry_body(ours.tables[e]) for e in o_arrays[(parent, path)][n_base:]}
        for offset, table_id in enumerate(entries[n_base:]):
            renumber[table_id] = (*parent, (path, n_ours + offset))
            if _entry_body(theirs.tables[table_id]) in mine:
                twins.append(renumber[table_id])
    if not renumber:
        return theirs, twins
    every = [*theirs.tables, *ours.tables]
    if any(t[: len(r)] == r and t != r for r in renumber for t in every):
        raise CannotMerge("appended entries with sub-tables")
    tables = {renumber.get(k, k): v for k, v in theirs.tables.items()}
    return Parsed(tables, theirs.tail), twins


def _date_order(
    order: list[TableId],
    base: Parsed,
    ours: Parsed,
    theirs: Parsed,
    tables: dict[TableId, Table],
    dated: Dated,
) -> list[TableId]:
    """Entries both sides appended to a log, interleaved by date (ours first on a tie)."""
    b_arrays, o_arrays = _arrays(base), _arrays(ours)
    for (parent, path), entries in _arrays(theirs).items():
        n_base = len(b_arrays.get((parent, path), []))
        n_ours = len(o_arrays.get((parent, path), []))
        if not dated(path) or n_ours <= n_base or len(entries) <= n_ours:
            continue
        mine = [e for e in o_arrays[(parent, path)][n_base:] if e in tables]
        other = [e for e in entries[n_ours:] if e in tables]
        interleaved: list[TableId] = []
        i = j = 0
        while i < len(mine) and j < len(other):
            a, b = _entry_date(tables[mine[i]]), _entry_date(tables[other[j]])
            if a is not None and b is not None and b < a:
                interleaved.append(other[j])
                j += 1
            else:
                interleaved.append(mine[i])
                i += 1
        interleaved += mine[i:] + other[j:]
        members = set(interleaved)
        slots = [k for k, x in enumerate(order) if x in members]
        for slot, table_id in zip(slots, interleaved, strict=True):
            order[slot] = table_id
    return order
