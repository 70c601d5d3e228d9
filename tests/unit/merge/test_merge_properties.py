"""Properties of the merge over edits to the text itself, not only the model.

Each side makes random edits a person makes by hand: comments above a key or a
header, comments after a value, unknown keys (plain, dotted, inline tables),
unknown tables, requoted strings, changed titles, two keys swapped. Then:
merge(base, x, base) == x and merge(base, base, y) == y byte for byte, edits
on different lines all survive verbatim, and edits to the same line clash.
`benchmarks/merge_properties.py` runs the same with many more examples.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcome_workbook.merge.files import merge_texts
from outcome_workbook.store import parse
from outcome_workbook.store.statements import parse_key

from ..diff.helpers import small_workbook, text_of

EXAMPLES = int(os.environ.get("MERGE_PROPERTY_EXAMPLES", "30"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _base() -> str:
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"merge-props-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    return text_of(small_workbook(), folder).decode()


BASE = _base()
LINES = BASE.split("\n")
KEY_LINES = [i for i, line in enumerate(LINES) if line and parse_key(line) is not None]
HEADER_LINES = [i for i, line in enumerate(LINES) if line.startswith("[")]
STATEMENTS = sorted(KEY_LINES + HEADER_LINES)


@dataclass(frozen=True)
class Edit:
    line: int  # the base line it is made at
    kind: str
    token: str

    def apply(self, lines: list[str]) -> None:
        """Edit `lines` (a copy of the base's, edited from the bottom up)."""
        i, tok = self.line, self.token
        if self.kind == "comment-above":
            lines.insert(i, f"# note {tok}")
        elif self.kind == "comment-after":
            lines[i] = f"{lines[i]}  # why {tok}"
        elif self.kind == "unknown-key":
            lines.insert(i + 1, f"x-{tok} = {len(tok)}")
        elif self.kind == "dotted-key":
            lines.insert(i + 1, f"x-tool.k{tok} = true")
        elif self.kind == "inline-table":
            lines.insert(i + 1, f'x-{tok} = {{ by = "{tok}", n = 1 }}')
        elif self.kind == "unknown-table":
            lines.insert(i, f"[x-{tok}]\nsynced = 1\n")
        elif self.kind == "requote":
            key, _, value = lines[i].partition(" = ")
            lines[i] = f"{key} = '{value[1:-1]}'"
        elif self.kind == "title":
            lines[i] = f'title = "Title {tok}"'
        elif self.kind == "swap":
            lines[i], lines[i + 1] = lines[i + 1], lines[i]

    def evidence(self, side: list[str]) -> list[str]:
        """Lines that must appear, verbatim and in this order, in a merge that kept it."""
        tok = self.token
        if self.kind == "comment-above":
            return [f"# note {tok}"]
        if self.kind == "comment-after":
            return [f"{LINES[self.line]}  # why {tok}"]
        if self.kind == "unknown-key":
            return [f"x-{tok} = {len(tok)}"]
        if self.kind == "dotted-key":
            return [f"x-tool.k{tok} = true"]
        if self.kind == "inline-table":
            return [f'x-{tok} = {{ by = "{tok}", n = 1 }}']
        if self.kind == "unknown-table":
            return [f"[x-{tok}]", "synced = 1"]
        if self.kind == "requote":
            key, _, value = LINES[self.line].partition(" = ")
            return [f"{key} = '{value[1:-1]}'"]
        if self.kind == "title":
            return [f'title = "Title {tok}"']
        return [LINES[self.line + 1], LINES[self.line]]

    @property
    def touches(self) -> set[int]:
        """Base lines whose statement this edit changes (a swap moves two)."""
        return {self.line, self.line + 1} if self.kind == "swap" else {self.line}


def _kinds_at(line: int) -> list[str]:
    text = LINES[line]
    if line in HEADER_LINES:
        kinds = ["comment-above", "comment-after"]
        if text.startswith("[") and not text.startswith("[["):
            kinds.append("unknown-table")
        return kinds
    kinds = ["comment-above", "comment-after", "unknown-key", "dotted-key", "inline-table"]
    key, _, value = text.partition(" = ")
    if value.startswith('"') and value.endswith('"') and "'" not in value and "\\" not in value:
        kinds.append("requote")
    if key == "title":
        kinds.append("title")
    if line + 1 in KEY_LINES and text.count(" = ") == 1 and BASE.count(f"\n{text}\n") == 1:
        following = LINES[line + 1]
        if BASE.count(f"\n{following}\n") == 1 and not following.startswith(key):
            kinds.append("swap")
    return kinds


tokens = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=6)


@st.composite
def edit_at(draw: Callable[..., object], line: int, tag: str) -> Edit:
    kind = draw(st.sampled_from(_kinds_at(line)))
    token = draw(tokens)
    assert isinstance(kind, str) and isinstance(token, str)
    return Edit(line, kind, f"{tag}{token}{line}")


@st.composite
def disjoint_edits(draw: Callable[..., object]) -> tuple[list[Edit], list[Edit]]:
    """Edits for each side on lines the other side does not touch."""
    chosen = draw(st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=8, unique=True))
    assert isinstance(chosen, list)
    sides: tuple[list[Edit], list[Edit]] = ([], [])
    used: set[int] = set()
    for line in chosen:
        edit = draw(edit_at(line, "o" if len(sides[0]) <= len(sides[1]) else "t"))
        assert isinstance(edit, Edit)
        near = edit.touches | {n - 1 for n in edit.touches} | {n + 1 for n in edit.touches}
        if near & used:
            continue  # next to another edit: the lines' neighbours are no longer disjoint
        used |= edit.touches
        sides[0 if edit.token.startswith("o") else 1].append(edit)
    return sides


def _edited(edits: list[Edit]) -> str:
    lines = list(LINES)
    for edit in sorted(edits, key=lambda e: e.line, reverse=True):
        edit.apply(lines)
    return "\n".join(lines)


def _merge(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    result = merge_texts(base.encode(), ours.encode(), theirs.encode(), "team.toml")
    return result.text, result.clean


def _in_order(text: str, lines: list[str]) -> bool:
    at = 0
    for line in lines:
        found = re.search(rf"^{re.escape(line)}$", text[at:], re.MULTILINE)
        if found is None:
            return False
        at += found.end()
    return True


@PROPERTY
@given(sides=disjoint_edits())
def test_one_sided_edits_come_through_byte_for_byte(sides: tuple[list[Edit], list[Edit]]) -> None:
    x = _edited(sides[0] + sides[1])
    parse(x.encode(), "team.toml")  # the edits make a readable workbook
    assert _merge(BASE, x, BASE) == (x, True)
    assert _merge(BASE, BASE, x) == (x, True)


@PROPERTY
@given(sides=disjoint_edits())
def test_disjoint_edits_both_survive_verbatim(sides: tuple[list[Edit], list[Edit]]) -> None:
    ours, theirs = _edited(sides[0]), _edited(sides[1])
    for a, b in ((ours, theirs), (theirs, ours)):
        merged, clean = _merge(BASE, a, b)
        assert clean, merged
        for edit in sides[0] + sides[1]:
            side = (ours if edit in sides[0] else theirs).split("\n")
            assert _in_order(merged, edit.evidence(side)), (edit, merged)
        parse(merged.encode(), "team.toml")


@PROPERTY
@given(data=st.data(), sides=disjoint_edits())
def test_edits_to_the_same_line_clash(
    data: st.DataObject, sides: tuple[list[Edit], list[Edit]]
) -> None:
    used = {n for edit in sides[0] + sides[1] for n in edit.touches}
    free = [n for n in STATEMENTS if not {n - 1, n, n + 1} & used]
    if not free:
        return
    line = data.draw(st.sampled_from(free))
    kind = data.draw(
        st.sampled_from([k for k in _kinds_at(line) if k in ("comment-after", "title")])
    )
    ours = _edited([*sides[0], Edit(line, kind, "oursclash")])
    theirs = _edited([*sides[1], Edit(line, kind, "theirsclash")])
    merged, clean = _merge(BASE, ours, theirs)
    assert not clean
    assert "oursclash" in merged  # ours is kept where they clash


@PROPERTY
@given(data=st.data(), sides=disjoint_edits())
def test_the_quick_and_the_full_path_give_the_same_bytes(
    data: st.DataObject, sides: tuple[list[Edit], list[Edit]]
) -> None:
    from outcome_workbook.merge.files import merge_texts_fully

    extra: list[Edit] = []
    used = {n for edit in sides[0] + sides[1] for n in edit.touches}
    free = [n for n in STATEMENTS if not {n - 1, n, n + 1} & used]
    if len(free) > 0 and data.draw(st.booleans()):  # sometimes a clash too
        line = data.draw(st.sampled_from(free))
        extra = [Edit(line, "comment-after", "oursclash")]
        sides[1].append(Edit(line, "comment-after", "theirsclash"))
    ours, theirs = _edited(sides[0] + extra), _edited(sides[1])
    quick = merge_texts(BASE.encode(), ours.encode(), theirs.encode(), "team.toml")
    full = merge_texts_fully(BASE.encode(), ours.encode(), theirs.encode(), "team.toml")
    assert quick.data == full.data
    assert quick.conflicts == full.conflicts


# --- random line edits: what a clean merge was given, it keeps --------------------------

SNIPPETS = st.sampled_from(
    [
        "# c",
        "x = 1",
        "x.y = 2",
        'title = "T"',
        "[x-t]",
        "[[product_outcome.more-reorders.negotiation]]",
        'text = "t"',
        "date = 2026-01-01",
        'k = """\na\n"""',
        'drives = ["reduce-churn", "x"]',
        "",
        "target = 50",
        'unit = "%"  # c',
        "[product_outcome.more-reorders.self_check]",
        "y = {a = 1}",
        '"q" = 1',
    ]
)
LINE_EDITS = st.lists(st.tuples(st.integers(0, len(LINES)), SNIPPETS, st.booleans()), max_size=4)


def _line_edited(edits: list[tuple[int, str, bool]]) -> str:
    lines = list(LINES)
    for at, snippet, replace in sorted(edits, reverse=True):
        if replace and at < len(lines):
            lines[at] = snippet
        else:
            lines.insert(at, snippet)
    return "\n".join(lines)


@PROPERTY
@given(ours_edits=LINE_EDITS, theirs_edits=LINE_EDITS)
def test_a_clean_merge_keeps_every_line_either_side_added(
    ours_edits: list[tuple[int, str, bool]], theirs_edits: list[tuple[int, str, bool]]
) -> None:
    """Random line edits (many make a side unreadable, which is refused with a reason):
    a merge that reports nothing holds every line a side wrote, and both paths agree."""
    from outcome_workbook.merge.files import merge_texts_fully
    from outcome_workbook.model import WorkbookError

    ours, theirs = _line_edited(ours_edits), _line_edited(theirs_edits)
    try:
        result = merge_texts(BASE.encode(), ours.encode(), theirs.encode(), "team.toml")
    except WorkbookError as error:
        assert "internal error" not in error.message
        return
    parse(result.data, "team.toml")
    full = merge_texts_fully(BASE.encode(), ours.encode(), theirs.encode(), "team.toml")
    assert full.data == result.data
    if not result.clean:
        return
    base_lines = set(LINES)
    for side in (ours, theirs):
        for line in set(side.split("\n")) - base_lines - {'"""', "a", ""}:
            assert line in result.text, (line, result.text)
