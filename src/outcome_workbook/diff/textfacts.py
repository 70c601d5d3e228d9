"""What a workbook's text holds beyond its model: comments, unknown keys and tables, and
`# MERGE CONFLICT:` notes. The semantic diff compares models, so a commit that only
changes a comment or adds an unknown key would look empty; these facts are shown
beside it (`outcomes diff`, the textconv view) in a short section of their own.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..model.entities import KIND_LABELS
from ..model.fields import field_specs
from ..store.blocks import Unit, parse_header
from ..store.file_text import CONFLICT_NOTE, conflict_notes
from ..store.statements import (
    Statement,
    TableId,
    UnusualText,
    known_in,
    parse,
    table_id_of,
    unit_class,
)
from ..store.versions import Key, Tables, cut, differing_keys, units_of


@dataclass(frozen=True)
class TextFact:
    where: str  # "product outcome more-reorders", "file", "table [x-tool]"
    what: str  # "comment", "unknown key", "unknown table"
    text: str  # one line

    def line(self) -> str:
        return f"{self.where}: {self.what}: {self.text}"


@dataclass(frozen=True)
class TextChanges:
    """How two versions' texts differ beyond their models."""

    removed: tuple[TextFact, ...] = ()
    added: tuple[TextFact, ...] = ()
    layout: bool = False  # the bytes differ where nothing else explains it
    notes: tuple[tuple[int, str], ...] = ()  # merge-conflict notes left in the new version

    @property
    def empty(self) -> bool:
        return not (self.removed or self.added or self.layout or self.notes)


def _label(key: tuple[str, ...]) -> str:
    if key[0] in KIND_LABELS and len(key) == 2:
        return f"{KIND_LABELS[key[0]]} {key[1]}"
    if key[0] == "other":
        return f"table [{'.'.join(key[1:])}]"
    return key[0]


def _names() -> frozenset[str]:
    from ..model.entities import ENTITY_CLASSES, WorkbookMeta
    from ..model.session_state import SessionState

    found: set[str] = set()
    todo: list[type] = [WorkbookMeta, SessionState, *ENTITY_CLASSES.values()]
    while todo:
        cls = todo.pop()
        for spec in field_specs(cls):
            found.add(spec.name)
            if spec.record is not None:
                todo.append(spec.record)
    return frozenset(found)


_KNOWN_NAMES = _names()
_KEY_NAMES = re.compile(r"^[ \t]*([^\s\[#=]+)[ \t]*=", re.MULTILINE)
_HEADER_NAMES = re.compile(r"^[ \t]*\[\[?[ \t]*([^\]]*?)[ \t]*\]", re.MULTILINE)


def _plain(unit: Unit) -> bool:
    """Whether a unit certainly holds no comment and no key the model does not know
    (checked without cutting it into statements: most tables are like that)."""
    return "#" not in unit.text and _names_known(unit)


def _names_known(unit: Unit) -> bool:
    """Every key and sub-table name in the unit is one the model holds."""
    text = unit.text
    if unit.key[0] == "other":
        return False
    if not all(name in _KNOWN_NAMES for name in _KEY_NAMES.findall(text)):
        return False
    for header in _HEADER_NAMES.findall(text):
        parts = header.split(".")
        if len(parts) > len(unit.key) and parts[-1] not in _KNOWN_NAMES:
            return False
    return True


def _comments(text: str) -> list[str]:
    return [
        line.strip()
        for line in text.split("\n")
        if line.strip().startswith("#") and not line.strip().startswith(CONFLICT_NOTE)
    ]


def _sub(table_id: TableId, skip: int) -> str:
    """Where a table sits inside its unit, for a fact: 'negotiation #2 ', or ''."""
    if not table_id:
        return ""
    parts: list[str] = []
    depth = 0
    for path, index in table_id:
        parts += list(path[max(depth, skip) :])
        depth = len(path)
        if index >= 0:
            parts[-1] = f"{parts[-1] if parts else ''} #{index + 1}"
    return ".".join(parts) + ": " if parts else ""


def _known_keys_only(unit: Unit) -> bool:
    """Every key and sub-table of the unit is one the model knows, no value can hold a
    line that looks like a comment or a header, and every '#' starts a comment line."""
    text = unit.text
    if '"""' in text or "'''" in text or not _names_known(unit):
        return False
    lines = text.split("\n")
    return text.count("#") == sum(
        line.count("#") for line in lines if line.lstrip().startswith("#")
    )


def _comment_lines_facts(unit: Unit, where: str, skip: int) -> list[TextFact] | None:
    """`unit_facts` for a unit whose only text beyond the model is whole comment lines,
    with a scan of its lines instead of cutting it into statements (None: not such)."""
    facts: list[TextFact] = []
    pending: list[str] = []
    counts: dict[tuple[TableId, tuple[str, ...]], int] = {}
    label = ""
    for line in unit.text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("#"):
            if not stripped.startswith(CONFLICT_NOTE):
                pending.append(stripped)
            continue
        if not stripped:
            continue
        if stripped.startswith("["):
            header = parse_header(line)
            if header is None:
                return None
            label = _sub(table_id_of({}, header[0], header[1], counts), skip)
        facts += [TextFact(where, "comment", f"{label}{c}".strip()) for c in pending]
        pending = []
    facts += [TextFact(where, "comment", c) for c in pending]
    return facts


def unit_facts(unit: Unit) -> list[TextFact]:
    """The comments and unknown keys of one unit."""
    if _plain(unit):
        return []
    where = _label(unit.key)
    cls = unit_class(unit.key)
    skip = 0 if cls is None else len(unit.key)
    if cls is not None and _known_keys_only(unit):
        quick = _comment_lines_facts(unit, where, skip)
        if quick is not None:
            return quick
    return statement_facts(unit)


def statement_facts(unit: Unit) -> list[TextFact]:
    """`unit_facts`, always by cutting the unit into statements."""
    where = _label(unit.key)
    cls = unit_class(unit.key)
    skip = 0 if cls is None else len(unit.key)
    known = known_in(cls, skip)
    try:
        parsed = parse(unit.text)
    except UnusualText:
        return [TextFact(where, "comment", c) for c in _comments(unit.text)]
    facts: list[TextFact] = []

    def trivia(stmt: Statement, inside: str) -> None:
        for comment in _comments(stmt.lead):
            facts.append(TextFact(where, "comment", f"{inside}{comment}".strip()))
        if stmt.comment.strip():
            label = f"{inside}after {'.'.join(stmt.key)}: " if stmt.key else inside
            facts.append(TextFact(where, "comment", f"{label}{stmt.comment.strip()}"))

    for table in parsed.tables.values():
        inside = _sub(table.id, skip)
        if table.header is not None:
            trivia(table.header, inside)
            if cls is None or not known(table.id, ()):
                facts.append(TextFact(where, "unknown table", " ".join(table.header.core.split())))
        for key, stmt in table.keys.items():
            trivia(stmt, inside)
            if not known(table.id, key):
                value = " ".join(stmt.core.split())
                facts.append(TextFact(where, "unknown key", f"{inside}{value}"))
    for comment in _comments(parsed.tail):
        facts.append(TextFact(where, "comment", comment))
    return facts


def _units_by_key(text: str) -> tuple[str, dict[tuple[str, ...], list[Unit]]]:
    preamble, units = units_of(text)
    found: dict[tuple[str, ...], list[Unit]] = {}
    for unit in units:
        found.setdefault(unit.key, []).append(unit)
    return preamble, found


def text_facts(text: str) -> list[TextFact]:
    """Every comment and unknown key of a workbook's text, in file order."""
    preamble, units = _units_by_key(text)
    facts = [TextFact("file", "comment", c) for c in _comments(preamble)]
    for pieces in units.values():
        for unit in pieces:
            facts += unit_facts(unit)
    return facts


def text_changes(old: str, new: str, old_data: bytes, new_data: bytes) -> TextChanges:
    """What differs between two versions' texts beyond their models; only tables whose
    text differs are looked at."""
    if old_data == new_data:
        return TextChanges()
    old_tables = cut(old_data, "old")
    new_tables = cut(new_data, "new", old_tables) if old_tables is not None else None
    if old_tables is not None and new_tables is not None:
        return text_changes_of_tables(old_tables, new_tables)
    old_pre, old_units = _units_by_key(old)
    new_pre, new_units = _units_by_key(new)
    keys = [k for k in {**old_units, **new_units} if _texts(old_units, k) != _texts(new_units, k)]
    return _changes(old_pre, old_units, new_pre, new_units, keys, new)


def text_changes_of_tables(old: Tables, new: Tables, differ: set[Key] | None = None) -> TextChanges:
    """`text_changes` of two versions already cut into tables (`differ`: the keys of the
    tables whose text differs, when known)."""
    if differ is None:
        differ = differing_keys((old, new))
    keys = [key for key in {**old.by_key, **new.by_key} if key in differ]

    def units(by_key: dict[Key, str]) -> Units:
        return {key: [Unit(key, by_key[key])] for key in keys if key in by_key}

    return _changes(
        old.preamble, units(old.by_key), new.preamble, units(new.by_key), keys, new.text
    )


Units = dict[Key, list[Unit]]


def _texts(units: Units, key: Key) -> list[str]:
    return [unit.text for unit in units.get(key, [])]


def _changes(
    old_pre: str, old_units: Units, new_pre: str, new_units: Units, keys: list[Key], new: str
) -> TextChanges:
    before = [TextFact("file", "comment", c) for c in _comments(old_pre)]
    after = [TextFact("file", "comment", c) for c in _comments(new_pre)]
    for key in keys:
        before += [fact for unit in old_units.get(key, []) for fact in unit_facts(unit)]
        after += [fact for unit in new_units.get(key, []) for fact in unit_facts(unit)]
    removed: list[TextFact] = []
    added: list[TextFact] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += before[i1:i2]
            added += after[j1:j2]
    notes = tuple(conflict_notes(new))
    return TextChanges(tuple(removed), tuple(added), False, notes)
