"""A Select that keeps typed keys to itself.

A closed Select ignores letters, so Textual passes them on to the screen's
bindings: typing "d" on a choice would open the delete dialog. Keys a person
types at a field never run workbench actions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import RenderableType
from textual.widgets import Select

# Editing keys that would otherwise reach screen bindings such as "delete".
_HELD_KEYS = {"delete", "backspace"}


class Choice(Select[Any]):
    """A Select that consumes printable and editing keys instead of passing them up."""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if key in _HELD_KEYS:
            return True
        return character is not None and character.isprintable()


class LazyChoice(Choice):
    """A choice among every entity a reference may point at: thousands in a large
    workbook, so the full list is built only when it opens (or a value not yet listed is
    set), not each time the cursor lands on a form that holds one.

    Until then it lists only `current` (the value shown); `load` gives the whole list.
    """

    def __init__(
        self,
        load: Callable[[], Sequence[tuple[RenderableType, Any]]],
        current: Sequence[tuple[RenderableType, Any]],
        **options: Any,
    ) -> None:
        super().__init__(current, **options)
        self._load = load
        self.loaded = False

    def reset(
        self,
        load: Callable[[], Sequence[tuple[RenderableType, Any]]],
        current: Sequence[tuple[RenderableType, Any]],
    ) -> None:
        """Point at another entry's reference (the form is reused): only `current` listed."""
        self._load = load
        self.loaded = False
        self._setup_variables_for_options(current)
        if self.is_mounted:
            self._setup_options_renderables()

    def load_all(self) -> None:
        """Build the whole list now (when it opens: the person is about to pick)."""
        if self.loaded:
            return
        self.loaded = True
        self._setup_variables_for_options(self._load())
        if self.is_mounted:
            self._setup_options_renderables()

    def _validate_value(self, value: Any) -> Any:
        if value not in self._legal_values:
            self.load_all()
        return super()._validate_value(value)

    def _watch_expanded(self, expanded: bool) -> None:
        if expanded:
            self.load_all()
        super()._watch_expanded(expanded)
