"""Quoting the team's own words inside a message, kept short enough to read on a projector."""

from __future__ import annotations

MAX_QUOTE = 70


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    """`"text"` on one line, shortened with an ellipsis when longer than `limit` characters."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f'"{flat}"'


def because(phrase: str, reason: str, text: str) -> str:
    """Why a heuristic matched: its reason, with the matched phrase unless it is the whole text."""
    if " ".join(phrase.split()).casefold() == " ".join(text.split()).casefold():
        return reason
    return f"{quote(phrase)}: {reason}"
