"""A Select that keeps typed keys to itself.

A closed Select ignores letters, so Textual passes them on to the screen's
bindings: typing "d" on a choice would open the delete dialog. Keys a person
types at a field never run workbench actions.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Select

# Editing keys that would otherwise reach screen bindings such as "delete".
_HELD_KEYS = {"delete", "backspace"}


class Choice(Select[Any]):
    """A Select that consumes printable and editing keys instead of passing them up."""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if key in _HELD_KEYS:
            return True
        return character is not None and character.isprintable()
