"""Quoting the team's own words inside a message, kept short enough to read on a projector.

A quote is shortened only between words, so a number ("10,000", "4.8") or a bracketed part
("(MTTR)") is never cut in two, and a shortened quote never ends inside a bracket it opened.
"""

from __future__ import annotations

MAX_QUOTE = 70
_PAIRS = {"(": ")", "[": "]", "{": "}"}


def _flat(text: str) -> str:
    return " ".join(text.split())


def same_words(first: str, second: str) -> bool:
    """True when two statements are the same words (case and spacing aside): quoting both
    would quote one statement twice."""
    return _flat(first).casefold() == _flat(second).casefold()


def shorten(text: str, limit: int = MAX_QUOTE) -> str:
    """`text` on one line, cut after a whole word with an ellipsis when over `limit`."""
    flat = _flat(text)
    if len(flat) <= limit:
        return flat
    words: list[str] = []
    size = 0
    for word in flat.split(" "):
        if words and size + 1 + len(word) > limit - 1:
            break
        words.append(word)
        size += len(word) + (1 if len(words) > 1 else 0)
    # never end inside a bracket opened in the kept words
    while len(words) > 1 and any(
        " ".join(words).count(opener) > " ".join(words).count(closer)
        for opener, closer in _PAIRS.items()
    ):
        words.pop()
    kept = " ".join(words)
    if len(kept) > limit - 1:  # one word longer than the limit: cut it, nothing else fits
        kept = kept[: limit - 1]
    return kept.rstrip(" ,;:-") + "…"


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    """`"text"` on one line, shortened between words when longer than `limit` characters."""
    return f'"{shorten(text, limit)}"'


def because(phrase: str, text: str) -> str:
    """` ("words")`: the words a heuristic matched, or "" when they are the whole text or the
    words it opens with (the message has just quoted them: they would be read twice)."""
    words, whole = _flat(phrase).casefold(), _flat(text).casefold()
    if not words or whole.startswith(words):
        return ""
    return f" ({quote(phrase)})"
