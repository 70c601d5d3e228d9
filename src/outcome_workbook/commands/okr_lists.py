"""Reading the OKR lists teams already keep (a CSV, a Markdown list) for `outcomes import`.

Only reading: every problem is a located `FILE:LINE: message` (raised as `Located`),
and what comes back is plain objectives with their key results, each with its line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..safety import one_line
from .common import Located, read_text

OBJECTIVE_HEADERS = ("objective", "okr", "goal")
KEY_RESULT_HEADERS = ("key result", "kr")


@dataclass(frozen=True)
class KeyResult:
    """A key result as the list states it, and the line it is on (for located messages)."""

    text: str
    line: int


@dataclass
class Objective:
    text: str
    line: int
    key_results: list[KeyResult] = field(default_factory=list)


def read_list(path: str) -> list[Objective]:
    """The objectives in a `.csv` or `.md` file, in order, or Located saying why not."""
    shown = one_line(path)
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".md", ".markdown"):
        raise Located([f"{shown}: give a .csv or .md file (this is {suffix or 'no suffix'})"])
    text = read_text(path)
    if not text.strip():
        raise Located([f"{shown}:1: the file is empty; nothing to import"])
    objectives = _read_csv(shown, text) if suffix == ".csv" else _read_markdown(shown, text)
    if not objectives:
        raise Located([f"{shown}:1: no objectives found; nothing to import"])
    return objectives


def _header_name(cell: str) -> str:
    """`Key_Result`, `key-results`, ` KRs ` all read as `key result` / `kr`."""
    name = " ".join(cell.replace("_", " ").replace("-", " ").lower().split())
    return name[:-1] if name.endswith("s") else name


def _read_csv(shown: str, text: str) -> list[Objective]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    objectives: dict[str, Objective] = {}
    problems: list[str] = []
    columns: tuple[int, int] | None = None
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            cells = [" ".join(cell.split()) for cell in record]
            if not any(cells):
                continue
            if columns is None:
                columns = _columns(shown, line, cells)
                continue
            objective_col, kr_col = columns
            objective = cells[objective_col] if objective_col < len(cells) else ""
            key_result = cells[kr_col] if kr_col < len(cells) else ""
            if not objective:
                problems.append(f"{shown}:{line}: this row has no objective")
                continue
            entry = objectives.setdefault(objective, Objective(objective, line))
            if key_result:
                entry.key_results.append(KeyResult(key_result, line))
    except csv.Error as error:
        problems.append(f"{shown}:{reader.line_num}: {one_line(str(error))}")
    if problems:
        raise Located(problems)
    return list(objectives.values())


def _columns(shown: str, line: int, cells: list[str]) -> tuple[int, int]:
    names = [_header_name(cell) for cell in cells]
    found = []
    for wanted in (OBJECTIVE_HEADERS, KEY_RESULT_HEADERS):
        index = next((i for i, name in enumerate(names) if name in wanted), None)
        if index is None:
            raise Located(
                [
                    f"{shown}:{line}: the header row has no {wanted[0]} column "
                    f"(name one {' or '.join(repr(w) for w in wanted)})"
                ]
            )
        found.append(index)
    return found[0], found[1]


_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
# "Objective 1:", "O2 -", "KR1.", "Key result 3:" before the statement itself.
_LABEL = re.compile(
    r"^(?:objective|goal|okr|o|key\s*results?|krs?)\s*\d*\s*[:.)\-–—]\s*", re.IGNORECASE
)


def _clean(text: str) -> str:
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text.strip())
    return " ".join(_LABEL.sub("", text, count=1).split())


def _read_markdown(shown: str, text: str) -> list[Objective]:
    """Headings or top-level items are objectives; the items under them are key results.

    A top-level item is an objective when items are nested under it; under a heading,
    a top-level item with nothing nested is one of the heading's key results. A heading
    with no key results under it (a document title) is not an objective.
    """
    items: list[tuple[str, int, str]] = []  # (kind, line, text); kind: heading, top, nested
    fenced = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if _FENCE.match(raw):
            fenced = not fenced
            continue
        if fenced:
            continue
        title = _HEADING.match(raw)
        item = _ITEM.match(raw.expandtabs(4))
        if title:
            items.append(("heading", number, _clean(title.group(2))))
        elif item and _clean(item.group(2)):
            kind = "top" if len(item.group(1)) < 2 else "nested"
            items.append((kind, number, _clean(item.group(2))))
    objectives: list[Objective] = []
    heading: Objective | None = None
    current: Objective | None = None
    for index, (kind, number, statement) in enumerate(items):
        following = items[index + 1][0] if index + 1 < len(items) else ""
        if kind == "heading":
            heading = Objective(statement, number) if statement else None
            current = None
        elif kind == "top" and (following == "nested" or heading is None):
            current = Objective(statement, number)
            objectives.append(current)
        elif kind == "nested" and current is not None:
            current.key_results.append(KeyResult(statement, number))
        elif heading is not None:
            if all(o is not heading for o in objectives):
                objectives.append(heading)
            heading.key_results.append(KeyResult(statement, number))
        else:
            raise Located([f"{shown}:{number}: a nested item with no objective above it"])
    return objectives
