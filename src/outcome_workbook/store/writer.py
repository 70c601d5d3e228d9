"""Apply the difference between two workbooks to the file's text, unit by unit.

Only units whose entity changed are parsed (with tomlkit, to keep comments and
style) and rewritten, and within them only the keys whose value changed. Every
rewritten unit is read back and compared with the model before the text is
returned, so a writer bug can never reach the disk as silently wrong data.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import Any

import tomlkit
from tomlkit._utils import escape_string
from tomlkit.container import Container
from tomlkit.items import (
    AoT,
    Comment,
    InlineTable,
    Item,
    String,
    StringType,
    Table,
    Trivia,
    Whitespace,
)

from ..model.entities import ENTITY_CLASSES, KINDS, Entity, WorkbookMeta
from ..model.errors import WorkbookError
from ..model.fields import FieldSpec
from ..model.session_state import SessionState
from ..model.workbook import Workbook
from .blocks import Unit, main_table_first, parse_header, split_trivia
from .codec import DecodeContext, decode_record, encode_record, encode_value, is_default, toml_order

# Lists written one item per line: they grow over a workbook's life, and two people
# deleting different entities then add different lines, which git merges. A metric
# version's measured values are an array of one-line inline tables: recording a value
# adds one line (see docs/format.md).
MULTILINE_LISTS = frozenset({"retired", "values"})

UNIT_ORDER = ("workbook", *KINDS, "session")


# --- tomlkit item building --------------------------------------------------------------


def _inline(data: dict[str, Any]) -> InlineTable:
    table = tomlkit.inline_table()
    for key, value in data.items():
        table.append(key, _inline(value) if isinstance(value, dict) else _plain_item(value))
    return table


# TOML allows C1 controls and bidirectional overrides raw in strings; written as \\u
# escapes they cannot act on a terminal (`cat`, `git diff`) or reorder a reviewed line.
_INVISIBLE = frozenset(chr(c) for c in range(0x80, 0xA0)) | frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_STRING_ESCAPES = frozenset(chr(c) for c in range(0x20)) | {"\x7f", '"', "\\"} | _INVISIBLE


def _string_item(value: str) -> Item:
    if _INVISIBLE.isdisjoint(value):
        item: Item = tomlkit.item(value)
        return item
    return String(StringType.SLB, value, escape_string(value, _STRING_ESCAPES), Trivia())


def _plain_item(value: Any) -> Item:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        array = tomlkit.array()
        for entry in value:
            array.append(_inline(entry))
        return array
    if isinstance(value, str):
        return _string_item(value)
    if isinstance(value, list) and any(isinstance(entry, str) for entry in value):
        strings = tomlkit.array()
        for entry in value:
            strings.append(_string_item(entry) if isinstance(entry, str) else entry)
        return strings
    item: Item = tomlkit.item(value)
    return item


def _table_for(data: dict[str, Any]) -> Table:
    table = tomlkit.table()
    for key, value in data.items():
        _add_key(table.value, key, value, list(data))
    return table


def _new_item(spec: FieldSpec, value: Any) -> Item:
    encoded = encode_value(spec, value)
    if spec.type == "record":
        # A sub-table, one key per line: answering one self-check question or
        # adding one sign-off then changes one line, and two people's edits merge.
        record = tomlkit.table()
        reconcile(record.value, value, None)
        return record
    if spec.type == "map":
        return _inline(encoded)
    if spec.name in MULTILINE_LISTS:
        if spec.type == "records":
            return _inline_rows(encoded)
        array = tomlkit.array()
        array.extend(encoded)
        array.multiline(True)
        return array
    if spec.type == "records":
        aot = tomlkit.aot()
        for entry in encoded:
            aot.append(_table_for(entry))
        return aot
    return _plain_item(encoded)


def _add_key(container: Container, key: str, value: Any, order: list[str]) -> None:
    item = (
        _inline(value)
        if isinstance(value, dict)
        else (
            (_inline_rows(value) if key in MULTILINE_LISTS else _aot_of(value))
            if _is_table_list(value)
            else _plain_item(value)
        )
    )
    _insert(container, key, item, order)


def _inline_rows(entries: list[dict[str, Any]]) -> Item:
    """A list of records as an array of inline tables, one per line, each with a comma."""
    array = tomlkit.array()
    for entry in entries:
        array.append(_inline(entry))
    array.multiline(True)
    return array


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _aot_of(entries: list[dict[str, Any]]) -> AoT:
    aot = tomlkit.aot()
    for entry in entries:
        aot.append(_table_for(entry))
    return aot


def _insert(container: Container, key: str, item: Item, order: list[str]) -> None:
    """Put a new key at its canonical place: after the nearest earlier key present."""
    if isinstance(item, AoT):
        container.append(key, item)
        return
    if isinstance(item, Table):
        _insert_table(container, key, item)
        return
    position = order.index(key) if key in order else len(order)
    present = {k.key for k, _ in container.body if k is not None}
    for earlier in reversed(order[:position]):
        if earlier in present and not isinstance(container[earlier], AoT | Table):
            after = next(i for i, (k, _) in enumerate(container.body) if k and k.key == earlier)
            if after + 1 < len(container.body):
                container._insert_at(after + 1, key, item)
            else:
                container.append(key, item)
            return
    first_key = next((i for i, (k, v) in enumerate(container.body) if k is not None), None)
    if first_key is None:
        container.append(key, item)
    else:
        container._insert_at(first_key, key, item)


def _insert_table(container: Container, key: str, table: Table) -> None:
    """A new sub-table goes after the plain keys and before the first list of tables.

    The comment lines directly above that list's header stay with it: they are
    moved below the new table, whether tomlkit filed them in this container or
    at the end of the sub-table before.
    """
    body = container.body
    first_list = next(
        (i for i, (k, v) in enumerate(body) if k is not None and isinstance(v, AoT)), None
    )
    if first_list is None:
        container.append(key, table)
        return
    comments: list[tuple[None, Item]] = []
    position = first_list
    while (
        position > 0
        and body[position - 1][0] is None
        and isinstance(body[position - 1][1], Comment)
    ):
        position -= 1
    if position == first_list and position > 0 and isinstance(body[position - 1][1], Table):
        previous: Table = body[position - 1][1]  # type: ignore[assignment]
        inner = previous.value.body
        while inner and inner[-1][0] is None and isinstance(inner[-1][1], Comment):
            comments.insert(0, inner.pop())  # type: ignore[arg-type]
    table.add(tomlkit.nl())
    for entry in comments:
        table.value.body.append(entry)
    container._insert_at(position, key, table)


def _multiline_like(old: Item, item: Item) -> Item:
    """A new text value written as a multi-line string where the old one was one, so a
    line-wise change stays a line-wise change in the file."""
    if not (
        isinstance(old, String)
        and old.type in (StringType.MLB, StringType.MLL)
        and isinstance(item, String)
        and "\n" in item.value
        and all(c in "\n\t" or not _is_control(c) for c in item.value)
    ):
        return item
    multi: String = tomlkit.string(item.value, multiline=True)
    if old.as_string()[3:4] == "\n":  # the old one started its text on the next line
        multi = String(StringType.MLB, item.value, "\n" + multi._original, Trivia())
    return multi


def _is_control(c: str) -> bool:
    return c in _STRING_ESCAPES and c not in '"\\'


def _replace(container: Container, key: str, item: Item) -> None:
    old = container[key]
    if isinstance(old, Item):
        item = _multiline_like(old, item)
    if isinstance(old, Item) and not isinstance(old, AoT | Table):
        item.trivia.indent = old.trivia.indent
        item.trivia.comment_ws = old.trivia.comment_ws
        item.trivia.comment = old.trivia.comment
        item.trivia.trail = old.trivia.trail
    container[key] = item


# --- reconciling one table with its model object --------------------------------------------


def reconcile(container: Container, new: Any, old: Any | None) -> None:
    """Make a tomlkit table hold `new`, touching only the keys that differ from `old`.

    Keys the program does not know are never touched.
    """
    order = [spec.name for spec in toml_order(type(new))]
    for spec in toml_order(type(new)):
        new_value = getattr(new, spec.name)
        old_value = getattr(old, spec.name) if old is not None else spec.default
        present = spec.name in container
        if old is not None and new_value == old_value and (present or is_default(spec, new_value)):
            continue
        if is_default(spec, new_value):
            if present:
                del container[spec.name]
            continue
        if not present:
            _insert(container, spec.name, _new_item(spec, new_value), order)
            continue
        existing = container[spec.name]
        if spec.type == "record" and isinstance(existing, Table):
            reconcile(existing.value, new_value, old_value)
        elif spec.type == "records" and isinstance(existing, AoT):
            _reconcile_aot(existing, spec, new_value, old_value)
        else:
            _replace(container, spec.name, _new_item(spec, new_value))


def _reconcile_aot(aot: AoT, spec: FieldSpec, new: tuple[Any, ...], old: tuple[Any, ...]) -> None:
    for index, item in enumerate(new):
        if index < len(old) and index < len(aot):
            if item != old[index]:
                reconcile(aot[index].value, item, old[index])
        else:
            table = _table_for(encode_record(item))
            table.trivia.indent = "\n"
            # The blank lines after the last entry separate the list from what follows
            # (another list of tables): they move below the new last entry.
            trailing = _trailing_whitespace(aot[len(aot) - 1]) if len(aot) else []
            aot.append(table)
            table.value.body.extend(trailing)
    while len(aot) > len(new):
        del aot[len(aot) - 1]


def _trailing_whitespace(table: Table) -> list[tuple[None, Item]]:
    """Take the whitespace items off the end of a table's body and return them."""
    body = table.value.body
    taken: list[tuple[None, Item]] = []
    while body and body[-1][0] is None and isinstance(body[-1][1], Whitespace):
        taken.insert(0, body.pop())  # type: ignore[arg-type]
    return taken


# --- units -----------------------------------------------------------------------------------


def _unit_table(doc: tomlkit.TOMLDocument, key: tuple[str, ...]) -> Table:
    node: Any = doc
    for part in key:
        node = node[part]
    if not isinstance(node, Table):
        raise WorkbookError(f"[{'.'.join(key)}] is not written as a table")
    return node


def render_new_unit(key: tuple[str, ...], obj: Any) -> str:
    """The text of a brand-new entity (or workbook) table."""
    doc = tomlkit.document()
    table = tomlkit.table()
    reconcile(table.value, obj, None)
    if len(key) == 1:
        doc.append(key[0], table)
    else:
        outer = tomlkit.table(is_super_table=True)
        outer.append(key[1], table)
        doc.append(key[0], outer)
    return doc.as_string()


def edit_unit_text(text: str, key: tuple[str, ...], new: Any, old: Any) -> str:
    lead, core, tail = split_trivia(text)
    try:
        doc = tomlkit.parse(core)
        table = _unit_table(doc, key)
    except (tomlkit.exceptions.TOMLKitError, KeyError) as error:
        raise WorkbookError(f"cannot edit [{'.'.join(key)}]: {error}") from None
    reconcile(table.value, new, old)
    new_core = doc.as_string()
    if not new_core.endswith("\n") and tail:
        new_core += "\n"
    return lead + new_core + tail


def rename_headers(text: str, kind: str, old_id: str, new_id: str) -> str:
    """Rewrite `[kind.old...]` headers of a unit as `[kind.new...]`, keeping everything else."""
    out: list[str] = []
    for line in text.split("\n"):
        parsed = parse_header(line)
        if parsed and parsed[0][:2] == (kind, old_id):
            path, is_array = parsed
            dotted = ".".join(tomlkit.key(part).as_string() for part in (kind, new_id, *path[2:]))
            comment = ""
            if "#" in line.split("]")[-1]:
                comment = " " + line.split("]")[-1].strip()
            indent = line[: len(line) - len(line.lstrip())]
            line = f"{indent}[[{dotted}]]{comment}" if is_array else f"{indent}[{dotted}]{comment}"
        out.append(line)
    return "\n".join(out)


def _verify(text: str, key: tuple[str, ...], expected: Any) -> None:
    """Read a rewritten unit back; it must decode to exactly the model value."""
    try:
        data: Any = tomllib.loads(text)
        for part in key:
            data = data[part]
    except (tomllib.TOMLDecodeError, KeyError) as error:
        raise WorkbookError(
            f"internal error: writing [{'.'.join(key)}] produced unreadable "
            f"TOML ({error}); nothing was saved"
        ) from None
    singletons: dict[str, type] = {"workbook": WorkbookMeta, "session": SessionState}
    cls = singletons.get(key[0]) or ENTITY_CLASSES[key[0]]
    ctx = DecodeContext("", {})
    decoded = decode_record(cls, data, ".".join(key), ctx)
    if decoded != expected:
        raise WorkbookError(
            f"internal error: [{'.'.join(key)}] would not read back as edited; nothing was saved"
        )


@dataclass
class Document:
    """A workbook file's text as preamble + units, edited in place by `apply`."""

    preamble: str
    units: list[Unit]

    def text(self) -> str:
        return self.preamble + "".join(unit.text for unit in self.units)

    def _set(self, index: int, text: str) -> None:
        """Replace a unit's text with a new Unit: units are shared between documents."""
        unit = self.units[index]
        self.units[index] = Unit(unit.key, text, unit.line)

    def positions(self, key: tuple[str, ...]) -> list[int]:
        return [i for i, unit in enumerate(self.units) if unit.key == key]

    def _merged(self, key: tuple[str, ...]) -> int:
        """Index of the entity's unit, its scattered pieces joined into the first one."""
        found = self.positions(key)
        if not found:
            where = ".".join(key)
            raise WorkbookError(
                f"[{where}] is not written as its own table in the file, so it cannot be edited "
                "in place; rewrite it as a [table] header"
            )
        first = found[0]
        for extra in reversed(found[1:]):
            joined = self.units[first].text
            if not joined.endswith("\n"):
                joined += "\n"
            self._set(first, joined + self.units[extra].text)
            del self.units[extra]
        reordered = main_table_first(self.units[first].text, key)
        if reordered != self.units[first].text:
            self._set(first, reordered)
        return first

    def edit(self, key: tuple[str, ...], new: Any, old: Any) -> None:
        index = self._merged(key)
        self._set(index, edit_unit_text(self.units[index].text, key, new, old))
        _verify(self.units[index].text, key, new)

    def remove(self, key: tuple[str, ...]) -> None:
        for index in reversed(self.positions(key)):
            _, _, tail = split_trivia(self.units[index].text)
            del self.units[index]
            kept_comments = "".join(
                line + "\n" for line in tail.split("\n") if line.strip().startswith("#")
            )
            if kept_comments:
                if index > 0:
                    before = _ensure_blank_line(self.units[index - 1].text)
                    self._set(index - 1, before + kept_comments + "\n")
                else:
                    self.preamble += kept_comments
        if self.units:
            self._set(len(self.units) - 1, self.units[-1].text.rstrip("\n") + "\n")

    def insert(self, key: tuple[str, ...], text: str) -> None:
        index = self._insertion_index(key)
        if index > 0:
            self._set(index - 1, _ensure_blank_line(self.units[index - 1].text))
        elif self.preamble and not self.preamble.endswith("\n\n"):
            self.preamble = _ensure_blank_line(self.preamble)
        if index < len(self.units):
            text = _ensure_blank_line(text)
        self.units.insert(index, Unit(key, text, -1))

    def _insertion_index(self, key: tuple[str, ...]) -> int:
        """After the same-kind entity with the nearest smaller id; else by kind order."""
        kind = key[0]
        last_key = self.units[-1].key if self.units else ()
        if len(key) > 1 and len(last_key) > 1 and last_key[0] == kind and last_key[1] < key[1]:
            # Appending in id order (a new file, many new entities): no scan needed.
            return len(self.units)
        same = [(i, u) for i, u in enumerate(self.units) if u.key[0] == kind]
        if same:
            before = [i for i, u in same if len(key) > 1 and u.key[1] < key[1]]
            if before:
                last = max(before)
                while (
                    last + 1 < len(self.units)
                    and self.units[last + 1].key == self.units[max(before)].key
                ):
                    last += 1
                return last + 1
            return same[0][0]
        rank = UNIT_ORDER.index(kind) if kind in UNIT_ORDER else len(UNIT_ORDER)
        earlier = [
            i
            for i, u in enumerate(self.units)
            if u.key[0] in UNIT_ORDER and UNIT_ORDER.index(u.key[0]) < rank
        ]
        if earlier:
            return max(earlier) + 1
        later = [
            i
            for i, u in enumerate(self.units)
            if u.key[0] in UNIT_ORDER and UNIT_ORDER.index(u.key[0]) > rank
        ]
        return min(later) if later else len(self.units)

    def rename(self, kind: str, old_id: str, new_id: str) -> None:
        index = self._merged((kind, old_id))
        unit = self.units.pop(index)
        text = rename_headers(unit.text, kind, old_id, new_id)
        if self.units:
            self._set(len(self.units) - 1, self.units[-1].text.rstrip("\n") + "\n")
        self.insert((kind, new_id), text if text.endswith("\n") else text + "\n")


def _ensure_blank_line(text: str) -> str:
    if not text:
        return text
    if text.endswith("\n\n"):
        return text
    return text + ("\n" if text.endswith("\n") else "\n\n")


def apply(document: Document, old: Workbook, new: Workbook) -> None:
    """Edit `document` (which holds `old`) so that it holds `new`."""
    if new.meta != old.meta:
        document.edit(("workbook",), new.meta, old.meta)
    if new.session != old.session:
        if new.session is None:
            document.remove(("session",))
        elif old.session is None:
            text = render_new_unit(("session",), new.session)
            _verify(text, ("session",), new.session)
            document.insert(("session",), text)
        else:
            document.edit(("session",), new.session, old.session)
    renames: dict[str, str] = {}
    for new_id, origin in new.renamed.items():
        kind = old.kind_of(origin)
        if (
            kind
            and new.kind_of(new_id) == kind
            and new.find(origin) is None
            and old.find(new_id) is None
        ):
            renames[new_id] = origin
            document.rename(kind, origin, new_id)
    for kind in KINDS:
        old_section = old.section(kind)
        new_section = new.section(kind)
        renamed_from = {origin for new_id, origin in renames.items() if new_id in new_section}
        for entity_id in sorted(old_section):
            if entity_id not in new_section and entity_id not in renamed_from:
                document.remove((kind, entity_id))
        for entity_id in sorted(new_section):
            entity: Entity = new_section[entity_id]
            if entity_id in renames:
                before = old_section[renames[entity_id]]
                document.edit((kind, entity_id), entity, before)
            elif entity_id in old_section:
                before = old_section[entity_id]
                if before is not entity and before != entity:
                    document.edit((kind, entity_id), entity, before)
            else:
                text = render_new_unit((kind, entity_id), entity)
                _verify(text, (kind, entity_id), entity)
                document.insert((kind, entity_id), text)
