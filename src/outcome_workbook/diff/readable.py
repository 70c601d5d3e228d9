"""One workbook as readable lines, for git's textconv: `git diff` then compares facts.

Each entity starts with an unindented line ("product outcome more-reorders:
More reorders") that git's hunk header finds, and every fact sits on its own
indented line, so a line diff of two renderings reads like a change log:
"-  target: 40 %" / "+  target: 45 %". The wording is the semantic diff's own
(an entity described as if it had just been added), so the two never disagree.
"""

from __future__ import annotations

from ..model.entities import KIND_LABELS
from ..model.workbook import Workbook
from ..safety import one_line
from .phrases import Phrase, ident, user, words
from .render import plain_segments
from .semantic import entity_changes

# Matches the first line of every entity block (and only those); for diff.outcomes.xfuncname.
HUNK_HEADER_REGEX = "^[a-zA-Z].*$"


def _meta_lines(wb: Workbook) -> list[str]:
    meta = wb.meta
    lines = [plain_segments((words("workbook: "), user(meta.title)))]
    facts: list[Phrase] = []
    if meta.team:
        facts.append((words("team: "), user(meta.team)))
    if meta.north_star:
        facts.append((words("North Star Metric: "), ident(meta.north_star)))
    facts.append((words(f"ICE scores: the {meta.ice} of impact, confidence and ease"),))
    for code in meta.checks.disable:
        facts.append((words("check turned off: "), ident(code)))
    for code, level in sorted(meta.checks.severity.items()):
        facts.append((words("severity of check "), ident(code), words(": "), user(level)))
    if meta.retired:
        facts.append((words("retired ids: "), user(", ".join(meta.retired))))
    if meta.format != 1:
        facts.append((words(f"format: {meta.format}"),))
    lines += ["  " + plain_segments(fact) for fact in facts]
    return lines


def render_readable(wb: Workbook) -> str:
    """The whole workbook, one fact per line, entities in canonical order."""
    lines = _meta_lines(wb)
    # References are shown as bare ids: a renamed title must not touch every line that points at it.
    bare = Workbook(meta=wb.meta)
    for kind, entity in wb.entities():
        lines.append("")
        head: Phrase = (words(f"{KIND_LABELS[kind]} "), ident(entity.id), words(": "))
        lines.append(plain_segments((*head, user(entity.title))))
        for change in entity_changes(kind, None, entity, bare, bare):
            lines.append("  " + plain_segments(change.phrase))
            for label, value in change.details:
                prefix = f"{label}: " if label else ""
                lines.append("    " + prefix + one_line(value))
    return "\n".join(lines) + "\n"


def render_text_facts(text: str) -> str:
    """The short section after the facts: every comment and key the model does not hold,
    and any merge-conflict note, one a line, so `git diff` shows a change to them too."""
    from ..store.file_text import conflict_notes
    from .textfacts import text_facts

    lines: list[str] = []
    notes = conflict_notes(text)
    if notes:
        lines += ["", "unresolved merge conflicts:"]
        lines += [f"  line {line}: {one_line(message)}" for line, message in notes]
    facts = text_facts(text)
    if facts:
        lines += ["", "text only (comments, keys the model does not hold):"]
        lines += [f"  {one_line(fact.where)}: {fact.what}: {one_line(fact.text)}" for fact in facts]
    return "".join(line + "\n" for line in lines)
