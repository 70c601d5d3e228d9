"""Typing arrives where it was meant: keys typed ahead of a screen change, and pastes.

A paste is text only: control characters and terminal sequences in it are dropped
before any widget sees it, so a pasted BEL is not ctrl+g and a pasted ESC sequence
cannot move the cursor and reorder the text (see safety.pasted_text).

Keys typed ahead of a screen change go to the screen that is there when they are read.

A fast typist presses `a` and goes straight on with the title. Textual routes each
key to the widget focused when the key arrives, and checks bindings as the key comes
back up to the app; if `a` opened a dialog meanwhile, the letters that followed
arrive at the app with the dialog on top, match no binding there, and are dropped.
The app hands such a key to the screen now showing, so it lands in the dialog's
field (see FormDialog.on_key); it never runs as a command of the screen it was
typed on, because that screen's bindings are no longer in force.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input

from ..safety import pasted_text
from . import paste_guard, timer_guard


class KeyboardApp(App[Any]):
    """An app whose pastes are text and whose typed-ahead keys follow a screen change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        paste_guard.install()
        timer_guard.install()
        # Each key read, with the screen it was read on, until it comes back up (a key a
        # widget consumes never does: the oldest are let go).
        self._typed_on: OrderedDict[int, tuple[events.Key, Screen[Any]]] = OrderedDict()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded:
            event.text = pasted_text(event.text, single_line=isinstance(self.focused, Input))
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._typed_on[id(event)] = (event, self.screen)
            while len(self._typed_on) > _REMEMBERED:
                self._typed_on.popitem(last=False)
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        entry = self._typed_on.pop(id(event), None)
        typed_on = entry[1] if entry and entry[0] is event else None
        if typed_on is None or typed_on is self.screen or not event.is_printable:
            return
        if event.key in self.active_bindings:
            return  # the new screen had a binding for it, and it ran
        target = self.screen.focused or self.screen
        # Forwarded, as the app forwards a key it reads, so it does not come round again.
        target._forward_event(events.Key(event.key, event.character))


_REMEMBERED = 64
