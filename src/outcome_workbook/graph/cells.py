"""Text helpers shared by every renderer: one clean line, and its width in terminal cells."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..safety import inert

_WHITESPACE = re.compile(r"[ \t\n\r\f\v\u0085\u2028\u2029]+")


def clean(text: str) -> str:
    """One line: runs of whitespace (newlines included) become one space, controls made visible."""
    if text.isprintable() and "  " not in text:
        # The usual title: no control, no white space but single spaces (a printable
        # string holds no other), so there is nothing to replace (a tenth of the drawing).
        return text.strip(" ")
    return inert(_WHITESPACE.sub(" ", text).strip())


@lru_cache(maxsize=8192)
def char_width(char: str) -> int:
    """Terminal cells taken by one character (wide East Asian = 2, combining/format = 0)."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Cf", "Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return _wide_width(text)


@lru_cache(maxsize=8192)
def _wide_width(text: str) -> int:
    """Non-ASCII text repeats (the tree's guides, the separator), so its width is kept."""
    return sum(char_width(char) for char in text)


def split_cells(text: str, width: int) -> list[str]:
    """Cut text into pieces of at most `width` cells (at least one character each)."""
    width = max(width, 1)
    if text.isascii():
        return [text[start : start + width] for start in range(0, len(text), width)] or [""]
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for char in text:
        size = char_width(char)
        if current and used + size > width:
            pieces.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += size
    if current:
        pieces.append("".join(current))
    return pieces


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """At most `width` cells, ending with `ellipsis` when something was cut."""
    if cell_width(text) <= width:
        return text
    room = max(width - cell_width(ellipsis), 1)
    return split_cells(text, room)[0] + ellipsis
