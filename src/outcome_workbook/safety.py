"""Keep workbook text inert on a terminal: control characters become visible, never active.

Titles come from anyone who can push to the repository. An ESC, CSI or OSC
sequence (hyperlinks, clipboard writes), a BEL, a backspace, a C1 control or a
bidirectional override must never reach the terminal raw.
"""

from __future__ import annotations

import re

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI}]")
_CONTROL_WITH_NEWLINES = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI}]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control picture, e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def inert(text: str, keep_newlines: bool = True) -> str:
    """The text with every control character replaced by a visible stand-in."""
    pattern = _CONTROL if keep_newlines else _CONTROL_WITH_NEWLINES
    return pattern.sub(_visible, text)


def one_line(text: str) -> str:
    """Inert and on one line (newlines and tabs shown as control pictures)."""
    return inert(text, keep_newlines=False)


def has_control(text: str) -> bool:
    return bool(_CONTROL_WITH_NEWLINES.search(text))


# Characters that JSON (and TOML) allow raw in strings but a terminal may act on or that
# reorder a line: written as \u escapes, which mean the same character to a parser.
_INVISIBLE = re.compile(f"[\x7f-\x9f{BIDI}\u2028\u2029]")


def escape_invisible(serialized: str) -> str:
    """JSON text with C1 controls, DEL and bidi controls spelled as \\u escapes.

    Only valid for JSON produced by `json.dumps`: there, these characters can only
    occur inside strings, where the escape is the same character.
    """
    return _INVISIBLE.sub(lambda match: f"\\u{ord(match.group()):04x}", serialized)


# What an ESC inside a paste is read as (a Unicode noncharacter, for internal use only),
# so that the terminal parser passes it through as text (see tui/paste_guard.py).
PASTED_ESC = "\ufdd0"

# A terminal sequence (CSI, OSC up to its terminator, or any other ESC pair) inside pasted text.
_E = f"[\x1b{PASTED_ESC}]"
_SEQUENCE = re.compile(
    f"{_E}(?:\\[[0-?]*[ -/]*[@-~]|\\][^\x07\x1b{PASTED_ESC}]*(?:\x07|{_E}\\\\)?|.)?", re.S
)


def pasted_text(text: str, single_line: bool = False) -> str:
    """What a paste means as text: its characters, never a key or a terminal sequence.

    Line ends become newlines (spaces for a one-line field), tabs stay in a text box;
    every other control character, escape sequence and bidi control is dropped.
    """
    text = _SEQUENCE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    if single_line:
        text = " ".join(text.replace("\t", " ").splitlines())
    return text
