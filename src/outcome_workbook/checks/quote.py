"""Quoting the team's own words inside a message, kept short enough to read on a projector."""

from __future__ import annotations

MAX_QUOTE = 70


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    """`"text"` on one line, shortened with an ellipsis when longer than `limit` characters."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f'"{flat}"'


def because(phrase: str, text: str) -> str:
    """` ("words")`: the words a heuristic matched, or "" when they are the whole text."""
    if " ".join(phrase.split()).casefold() == " ".join(text.split()).casefold():
        return ""
    return f" ({quote(phrase)})"
