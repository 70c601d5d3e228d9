"""A paste stays one piece of text, whatever it holds.

Textual's terminal parser reads an ESC inside a bracketed paste as the start of a
key sequence; when the sequence matches no key it re-sends everything it read as
separate key presses, ahead of the paste itself. Pasting a coloured line or a
hyperlink then typed `^[31m...` before the rest of the text, an Enter in it
submitted the form, and the BEL that ends a hyperlink arrived as ctrl+g. The guard
reads the input before the parser does: inside a paste, every ESC that does not
begin the paste's end marker becomes PASTED_ESC, a character the parser passes
through as text. `safety.pasted_text` then removes the sequence it began.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual._xterm_parser import XTermParser  # the parser the drivers use
from textual.message import Message

from ..safety import PASTED_ESC

_START = "\x1b[200~"
_END = "\x1b[201~"


def _partial_tail(text: str, marker: str) -> int:
    """How many characters at the end of `text` could begin `marker`."""
    for size in range(min(len(marker) - 1, len(text)), 0, -1):
        if marker.startswith(text[-size:]):
            return size
    return 0


class PasteGuard:
    """Tracks bracketed pastes across reads and neutralises the ESCs inside them."""

    def __init__(self) -> None:
        self.in_paste = False
        self._outside_tail = ""  # the end of the last read, if it could begin _START
        self._held = ""  # inside a paste: the end of the last read, if it could begin _END

    def guard(self, data: str) -> str:
        out: list[str] = []
        text = self._held + data
        self._held = ""
        position = 0
        while position < len(text):
            if not self.in_paste:
                joined = self._outside_tail + text[position:]
                start = joined.find(_START)
                if start < 0:
                    out.append(text[position:])
                    self._outside_tail = joined[len(joined) - _partial_tail(joined, _START) :]
                    break
                begins = start + len(_START) - len(self._outside_tail)
                out.append(text[position : position + begins])
                position += begins
                self._outside_tail = ""
                self.in_paste = True
                continue
            end = text.find(_END, position)
            if end < 0:
                keep = _partial_tail(text[position:], _END)
                body = text[position : len(text) - keep]
                out.append(body.replace("\x1b", PASTED_ESC))
                self._held = text[len(text) - keep :] if keep else ""
                break
            out.append(text[position:end].replace("\x1b", PASTED_ESC) + _END)
            position = end + len(_END)
            self.in_paste = False
        return "".join(out)


class PasteGuardParser(XTermParser):
    """Textual's parser, fed through a PasteGuard."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._paste_guard = PasteGuard()

    def feed(self, data: str) -> Iterable[Message]:
        if not data:
            return super().feed(data)  # the end of input
        guarded = self._paste_guard.guard(data)
        return super().feed(guarded) if guarded else ()


def install() -> None:
    """Make the terminal and browser drivers read input through the guard."""
    from textual.drivers import linux_driver, web_driver

    for module in (linux_driver, web_driver):
        if getattr(module, "XTermParser", None) is XTermParser:
            setattr(module, "XTermParser", PasteGuardParser)  # noqa: B010 (the drivers read it at run time)
