"""A table's text cut into statements, for the merge and the diff's text facts.

Each `[header]` or `key = value` line (a value may span lines) is a statement,
with the comment and blank lines directly above it (its *lead*) and the comment
after it on its last line. A statement is known by its table and its key, parsed,
so `"title" = ...` and `title = ...` are one key, and `signoff.team = ...` is the
key `signoff.team` of the outer table. Text in a shape this reader does not
reason about (carriage returns, a table or key written twice, ...) raises
`UnusualText`; callers fall back to whole-file handling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model.entities import ENTITY_CLASSES, WorkbookMeta
from ..model.fields import field_specs
from ..model.session_state import SessionState
from .blocks import parse_header, read_dotted_key, scan_line

Path = tuple[str, ...]
# A table's identity: its header path, and for each array of tables on the way the index
# of the entry it sits in: (("po", "x", "negotiation"), 2) is the third entry.
TableId = tuple[tuple[Path, int], ...]
ROOT: TableId = ()
# Whether a key of a table is one the model holds (see `known_in`).
Known = Callable[[TableId, Path], bool]


class UnusualText(Exception):
    """The text is not in a shape the statement reader can reason about."""


@dataclass
class Statement:
    lead: str  # comment and blank lines directly above
    core: str  # the header or `key = value`, without the trailing comment
    comment: str  # whitespace and `# ...` after the value on its last line, or ""
    nl: str  # "\n", or "" at the very end of the text
    key: Path  # the parsed key (a header's path)

    def text(self) -> str:
        return self.lead + self.core + self.comment + self.nl

    def body(self) -> str:
        return self.core + self.comment + self.nl


@dataclass
class Table:
    id: TableId
    header: Statement | None  # None for keys above the first header (not in a unit)
    is_array: bool
    keys: dict[Path, Statement] = field(default_factory=dict)

    def text(self) -> str:
        head = self.header.text() if self.header is not None else ""
        return head + "".join(s.text() for s in self.keys.values())


@dataclass
class Parsed:
    tables: dict[TableId, Table]
    tail: str  # blank and comment lines after the last statement

    def text(self) -> str:
        return "".join(t.text() for t in self.tables.values()) + self.tail


def parse_key(line: str) -> tuple[Path, int] | None:
    """The dotted key at the start of `line` and the index just after its `=`."""
    found = read_dotted_key(line, 0, unicode_escapes=False)  # \u keys: the caller falls back
    if found is None:
        return None
    keys, i = found
    n = len(line)
    if i >= n or line[i] != "=":
        return None
    return tuple(keys), i + 1


def _comment_start(line: str, start: int) -> int:
    """Where the trailing comment (with the whitespace before it) begins on the last line
    of a statement, or len(line). `start` is past the key (or 0 inside a multi-line value)."""
    i, n = start, len(line)
    in_basic = in_literal = False
    while i < n:
        c = line[i]
        if in_basic:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_basic = False
        elif in_literal:
            if c == "'":
                in_literal = False
        elif c == '"':
            if line.startswith('"""', i):
                end = line.find('"""', i + 3)
                if end < 0:
                    return n
                i = end + 3
                continue
            in_basic = True
        elif c == "'":
            if line.startswith("'''", i):
                end = line.find("'''", i + 3)
                if end < 0:
                    return n
                i = end + 3
                continue
            in_literal = True
        elif c == "#":
            j = i
            while j > start and line[j - 1] in " \t":
                j -= 1
            return j
        i += 1
    return n


def _is_trivia(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


def parse(text: str) -> Parsed:
    """`text` as tables of statements; raises UnusualText for anything unusual."""
    if "\r" in text:
        raise UnusualText("carriage returns")
    lines = text.split("\n")
    last = len(lines) - 1  # index of the last line; it has no "\n" after it
    tables: dict[TableId, Table] = {}
    current = Table(ROOT, None, False)
    aot_counts: dict[tuple[TableId, Path], int] = {}
    lead: list[str] = []
    i = 0

    def nl(index: int) -> str:
        return "" if index == last else "\n"

    while i <= last:
        line = lines[i]
        if i == last and line == "":
            break
        if _is_trivia(line):
            lead.append(line + nl(i))
            i += 1
            continue
        header = parse_header(line) if line.lstrip().startswith("[") else None
        if header is not None:
            path, is_array = header
            table_id = table_id_of(tables, path, is_array, aot_counts)
            if table_id in tables or (table_id == current.id and current.header is not None):
                raise UnusualText("a table written twice")
            if current.header is not None or current.keys:
                tables[current.id] = current
            cut = _comment_start(line, 0)
            stmt = Statement("".join(lead), line[:cut], line[cut:], nl(i), path)
            current = Table(table_id, stmt, is_array)
            lead = []
            i += 1
            continue
        parsed = parse_key(line)
        if parsed is None:
            raise UnusualText(f"line {i + 1} is neither a key nor a header")
        key, after = parsed
        state = [0, 0, 0]
        scan_line(line[after:], state)
        first = i
        while state[0] or state[1] or state[2]:
            i += 1
            if i > last:
                raise UnusualText("a value runs to the end of the text")
            scan_line(lines[i], state)
        last_line = lines[i]
        cut = _comment_start(last_line, after if i == first else 0)
        if i != first and (cut < len(last_line)) and not _closes_cleanly(last_line[:cut]):
            cut = len(last_line)
        core = "\n".join([*lines[first:i], last_line[:cut]])
        if key in current.keys:
            raise UnusualText("a key written twice")
        current.keys[key] = Statement("".join(lead), core, last_line[cut:], nl(i), key)
        lead = []
        i += 1
    if current.header is not None or current.keys:
        tables[current.id] = current
    return Parsed(tables, "".join(lead))


def _closes_cleanly(text: str) -> bool:
    """Whether a multi-line value's last line (before a comment) ends the value."""
    stripped = text.rstrip()
    return stripped.endswith(("]", "}", '"""', "'''"))


def table_id_of(
    tables: dict[TableId, Table],
    path: Path,
    is_array: bool,
    counts: dict[tuple[TableId, Path], int],
) -> TableId:
    """The identity of a header: the array entries it sits in, then itself."""
    steps: list[tuple[Path, int]] = []
    # Every array of tables that is a proper prefix of `path`: the latest entry of each.
    for length in range(1, len(path)):
        prefix = path[:length]
        count = counts.get((tuple(steps), prefix))
        if count is not None:
            steps.append((prefix, count - 1))
    parent = tuple(steps)
    if is_array:
        index = counts.get((parent, path), 0)
        counts[(parent, path)] = index + 1
        return (*parent, (path, index))
    return (*parent, (path, -1))


# --- what the model holds ---------------------------------------------------------------


def unit_class(key: Path) -> type | None:
    """The model class a unit holds: an entity's, the metadata's, the session's, or None
    for a table the program does not know."""
    if key == ("workbook",):
        return WorkbookMeta
    if key == ("session",):
        return SessionState
    if len(key) == 2 and key[0] in ENTITY_CLASSES:
        return ENTITY_CLASSES[key[0]]
    return None


def known_in(cls: type | None, skip: int) -> Known:
    """Whether a key of a table of a unit holding `cls` is one the model holds (`skip`:
    the parts of the unit's own key at the start of its tables' paths)."""

    def known(table_id: TableId, key: Path) -> bool:
        if cls is None:
            return False
        path = table_id[-1][0] if table_id else ()
        node: type = cls
        parts = [*path[skip:], *key]
        for index, part in enumerate(parts):
            spec = next((s for s in field_specs(node) if s.name == part), None)
            if spec is None or spec.name == "id":
                return False
            if spec.type in ("record", "records") and spec.record is not None:
                node = spec.record
            elif spec.type == "map":
                return True
            elif index + 1 < len(parts):
                return False
        return True

    return known
