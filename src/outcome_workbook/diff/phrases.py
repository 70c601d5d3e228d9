"""Sentences made of segments, so user text is never mistaken for markup or control codes.

A change reads "target raised from 30 to 40 %". Which parts came from the file
(and so from anyone who can push) is kept apart from the product's own words:
each renderer escapes the data parts in its own way (made inert on a terminal,
escaped in Markdown, left raw in JSON).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Role = Literal["plain", "user", "id", "old", "new"]


@dataclass(frozen=True)
class Segment:
    text: str
    role: Role = "plain"

    @property
    def is_data(self) -> bool:
        """True when the text came from the workbook, not from the product."""
        return self.role != "plain"


Phrase = tuple[Segment, ...]


def words(text: str) -> Segment:
    """The product's own words."""
    return Segment(text, "plain")


def user(text: str) -> Segment:
    return Segment(text, "user")


def ident(text: str) -> Segment:
    return Segment(text, "id")


def old(text: str) -> Segment:
    return Segment(text, "old")


def new(text: str) -> Segment:
    return Segment(text, "new")


def plain_text(phrase: Phrase) -> str:
    """The phrase as one raw string (for JSON and comparisons)."""
    return "".join(segment.text for segment in phrase)


def show_value(value: object, unit: str = "") -> str:
    """A field value as a person would write it: 40, 4.5, 2026-03-01, a, b."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        text = f"{value:g}" if abs(value) < 1e15 else repr(value)
    elif isinstance(value, int | str):
        text = str(value)
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, tuple | list):
        text = ", ".join(show_value(v) for v in value)
    else:
        text = str(value)
    return f"{text} {unit}" if unit and text else text
