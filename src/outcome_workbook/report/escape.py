"""User text made inert in Markdown: it can never open a heading, table, fence, link or HTML.

Every user string goes through `inline()`: one line (newlines would end a table
row or a list item), control characters made visible, HTML metacharacters
written as entities and Markdown punctuation backslash-escaped, which
CommonMark and GitHub Flavored Markdown both honour.
"""

from __future__ import annotations

import re

from ..safety import BIDI, inert

_WHITESPACE = re.compile(r"[ \t\n\r\f\v\u0085\u2028\u2029]+")
# Punctuation that can open or close Markdown structure anywhere in a line: code, emphasis,
# links and images, headings (a trailing '#' closes one), table cells, strikethrough, math.
_PUNCTUATION = re.compile(r"([\\`*_\[\]#|~$])")
# ...and what only matters at the start of a line: list items, numbered lists, setext rules.
_LEADING = re.compile(r"^([-+=]|\d+(?=[.)]))")
_SLUG = re.compile(r"^[A-Za-z0-9@._-]+$")


# Text without any of what `inline` changes (controls, line breaks and runs of white space,
# HTML and Markdown punctuation): most titles, returned as they are (a report at N=1,000
# makes 32,000 of these calls, each four substitutions).
_PLAIN_RUN = f"[^\\x00-\\x1f\\x7f-\\x9f{BIDI}\\u2028\\u2029&<>\\\\`*_\\[\\]#|~$ ]+"
_NOTHING_TO_DO = re.compile(f"{_PLAIN_RUN}(?: {_PLAIN_RUN})*")


def inline(text: str) -> str:
    """One line of inert Markdown showing `text` as typed."""
    if _nothing_to_do(text):
        return text
    return _escaped(text)


def _nothing_to_do(text: str) -> bool:
    """Whether `_escaped(text)` is `text` itself, known at C speed."""
    return bool(
        _NOTHING_TO_DO.fullmatch(text)
        and not text[0].isspace()
        and not text[-1].isspace()
        and text[0] not in "-+=0123456789"
    )


def _escaped(text: str) -> str:
    flat = inert(_WHITESPACE.sub(" ", text).strip())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _PUNCTUATION.sub(r"\\\1", flat)
    return _LEADING.sub(lambda match: _lead(match.group()), escaped)


def _lead(prefix: str) -> str:
    """'-' -> '\\-', '12' (before '.' or ')') -> '12\\' so the dot is escaped by position."""
    return "\\" + prefix if not prefix[0].isdigit() else prefix + "\\"


def code(identifier: str) -> str:
    """An id as inline code (ids are slugs); anything else falls back to `inline`."""
    if _SLUG.match(identifier):
        return f"`{identifier}`"
    return inline(identifier)


def cell(text: str) -> str:
    """Table cell content: inline text, and never empty (an empty cell reads as missing)."""
    return inline(text) or "\u2014"
