"""A WorkbookDiff as lines for a terminal, as Markdown for a pull request, or as JSON.

`diff_lines` is the single layout: the plain renderer and the CLI's colour
renderer both walk the same lines, so they cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model.entities import KIND_LABELS
from ..model.ids import is_valid_id
from ..safety import escape_invisible, one_line
from ..store.codec import encode_record
from .phrases import Phrase, Segment, ident, user, words
from .semantic import Change, EntityDiff, WorkbookDiff
from .textfacts import TextChanges, TextFact

JSON_FORMAT = 1

# Markers in front of an entity line: what happened to it, readable without colour.
MARKERS = {"added": "+", "removed": "-", "renamed": "~", "changed": "*", "workbook": "*"}


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff or a log: `depth` 0 is an entity (or commit), 1 a change, 2 a detail."""

    depth: int
    style: (
        str  # "summary", "added", "removed", "renamed", "changed", "workbook", "change", "detail"
    )
    segments: Phrase


def summary_phrase(diff: WorkbookDiff, text: TextChanges | None = None) -> str:
    if diff.identical:
        if text is not None and (text.removed or text.added or text.layout):
            return "no changes to what the workbook holds; its text changed"
        return "no changes"
    counts = diff.summary()
    parts = [f"{n} {status}" for status, n in counts.items() if n]
    if diff.workbook:
        parts.append("workbook settings changed")
    return ", ".join(parts)


def _entity_heading(entity: EntityDiff) -> Phrase:
    label = KIND_LABELS[entity.kind]
    out: list[Segment] = [words(f"{label} "), ident(entity.id)]
    if entity.title:
        out += [words(": "), user(entity.title)]
    if entity.status == "added":
        out.append(words(" (added)"))
    elif entity.status == "removed":
        out.append(words(" (removed)"))
    elif entity.status == "renamed":
        out += [words(" (renamed from "), ident(entity.old_id), words(")")]
    return tuple(out)


def _change_lines(change: Change) -> list[DiffLine]:
    lines = [DiffLine(1, "change", change.phrase)]
    for label, value in change.details:
        head = words(f"{label}: ") if label else words("")
        lines.append(DiffLine(2, "detail", (head, user(value))))
    return lines


def diff_lines(
    diff: WorkbookDiff, heading: str = "", text: TextChanges | None = None
) -> list[DiffLine]:
    """The diff laid out: a summary, then the workbook's own changes, then each entity,
    then (given `text`) what changed in the text beyond the model, and conflict notes."""
    lines: list[DiffLine] = []
    # A heading names files or revisions, which come from the repository: it is data.
    title = user(heading) if heading else words("changes")
    lines.append(DiffLine(0, "summary", (title, words(f": {summary_phrase(diff, text)}"))))
    if diff.workbook:
        head: Phrase = (words("workbook"),)
        if diff.new_title:
            head = (words("workbook: "), user(diff.new_title))
        lines.append(DiffLine(0, "workbook", head))
        for change in diff.workbook:
            lines += _change_lines(change)
    for entity in diff.entities:
        lines.append(DiffLine(0, entity.status, _entity_heading(entity)))
        for change in entity.changes:
            lines += _change_lines(change)
    if text is not None:
        lines += text_lines(text)
    return lines


def text_lines(text: TextChanges) -> list[DiffLine]:
    """The short section on what changed in the text only, and the conflict notes."""
    lines: list[DiffLine] = []
    if text.removed or text.added or text.layout:
        lines.append(
            DiffLine(0, "text", (words("text only (comments, keys the model does not hold)"),))
        )
        for sign, facts in (("removed", text.removed), ("added", text.added)):
            for fact in facts:
                lines.append(
                    DiffLine(
                        1,
                        "change",
                        (words(f"{sign}: {fact.where}: {fact.what}: "), user(fact.text)),
                    )
                )
        if text.layout:
            lines.append(
                DiffLine(1, "change", (words("layout or spelling (spacing, quotes, order)"),))
            )
    if text.notes:
        lines.append(DiffLine(0, "conflict", (words("unresolved merge conflicts"),)))
        for line, message in text.notes:
            lines.append(DiffLine(1, "change", (words(f"line {line}: "), user(message))))
    return lines


# --- plain text -----------------------------------------------------------------------------


def plain_segments(segments: Phrase) -> str:
    """Segments as terminal-safe text: data made inert and kept on one line."""
    return "".join(one_line(s.text) if s.is_data else s.text for s in segments)


def lines_to_text(lines: list[DiffLine]) -> str:
    """Plain text: four spaces per level, entity lines marked + - ~ *."""
    out: list[str] = []
    for line in lines:
        marker = MARKERS.get(line.style)
        prefix = "    " * line.depth + (f"{marker} " if marker else "")
        out.append(prefix + plain_segments(line.segments))
    return "\n".join(out) + "\n"


def render_text(diff: WorkbookDiff, heading: str = "") -> str:
    """Plain text, for pipes and files."""
    return lines_to_text(diff_lines(diff, heading))


# --- Markdown -------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~>.])")
_MD_ICONS = {"added": "➕ ", "removed": "➖ ", "renamed": "✏️ "}


def escape_markdown(text: str) -> str:
    """User text made literal in GitHub-flavoured Markdown: no markup, links, HTML or mentions."""
    text = _MD_SPECIAL.sub(r"\\\1", one_line(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("@", "&#64;")


def _md(segments: Phrase) -> str:
    out: list[str] = []
    for segment in segments:
        if segment.role == "id" and is_valid_id(segment.text):
            out.append(f"`{segment.text}`")
        elif segment.is_data:
            out.append(escape_markdown(segment.text))
        else:
            out.append(segment.text)
    return "".join(out)


def lines_to_markdown(lines: list[DiffLine]) -> str:
    """Headings for summaries and commits, bold lines for entities, bullets for changes."""
    out: list[str] = []
    level = -1  # depth of the last heading or entity line; bullets nest below it

    def blank() -> None:
        if out and out[-1] != "":
            out.append("")

    for line in lines:
        if line.style in ("summary", "commit", "text", "conflict"):
            blank()
            out.append(("### " if line.style == "summary" else "#### ") + _md(line.segments))
            out.append("")
            level = line.depth
        elif line.style in MARKERS:
            blank()
            out.append(f"**{_MD_ICONS.get(line.style, '')}{_md(line.segments)}**")
            out.append("")
            level = line.depth
        else:
            out.append("  " * max(0, line.depth - level - 1) + f"- {_md(line.segments)}")
    return "\n".join(out).rstrip("\n") + "\n"


def render_markdown(diff: WorkbookDiff, heading: str = "", text: TextChanges | None = None) -> str:
    """Markdown for a pull-request comment: one bullet list per entity."""
    return lines_to_markdown(diff_lines(diff, heading, text))


# --- JSON -----------------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    """A value as plain JSON data: dates as ISO strings, records as objects."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return json_value(encode_record(value))
    return value


def change_json(change: Change) -> dict[str, Any]:
    data: dict[str, Any] = {"type": change.type, "text": change.text}
    if change.field:
        data["field"] = change.field
    data["old"] = json_value(change.old)
    data["new"] = json_value(change.new)
    if change.index is not None:
        data["index"] = change.index
    for key, value in change.data.items():
        if key != "version":
            data[key] = json_value(value)
    if change.details:
        data["details"] = {label or "text": value for label, value in change.details}
    return data


def to_json(diff: WorkbookDiff, old_label: str = "", new_label: str = "") -> dict[str, Any]:
    """The stable JSON form (format 1; see docs/git.md)."""
    return {
        "format": JSON_FORMAT,
        "old": {"label": old_label, "title": diff.old_title},
        "new": {"label": new_label, "title": diff.new_title},
        "identical": diff.identical,
        "summary": diff.summary(),
        "workbook": [change_json(c) for c in diff.workbook],
        "entities": [
            {
                "kind": e.kind,
                "id": e.id,
                "title": e.title,
                "status": e.status,
                "old_id": e.old_id or None,
                "changes": [change_json(c) for c in e.changes],
            }
            for e in diff.entities
        ],
    }


def render_json(
    diff: WorkbookDiff, old_label: str = "", new_label: str = "", text: TextChanges | None = None
) -> str:
    data = to_json(diff, old_label, new_label)
    if text is not None:
        data["identical"] = diff.identical and text.empty
        data["text"] = {
            "removed": [_fact_json(f) for f in text.removed],
            "added": [_fact_json(f) for f in text.added],
            "layout": text.layout,
        }
        data["merge_conflicts"] = [{"line": line, "message": m} for line, m in text.notes]
    dumped = json.dumps(data, indent=2, ensure_ascii=False)
    return escape_invisible(dumped) + "\n"


def _fact_json(fact: TextFact) -> dict[str, str]:
    return {"where": fact.where, "what": fact.what, "text": fact.text}
