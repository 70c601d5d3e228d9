"""The command palette: every workbench action of the current screen, with its key.

Built from the screen's and app's bindings, so a remapped key shows here too
and a new binding needs no extra palette code.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

PALETTE_GROUPS = {
    "app",
    "workbench",
    "history",
    "guardrails",
    "negotiation",
    "notes",
    "experiments",
    "part",
    "graph",
    "log",
}


class WorkbenchCommands(Provider):
    """Actions of the active screen (add, delete, history, ...) and of the app (save, undo)."""

    def _bindings(self) -> list[tuple[Any, Binding]]:
        """(node, binding) for the active bindings, then the screen's and the app's own.

        With focus in a text field Textual leaves out the keys the field would type
        (`a`, `n`, ...); the palette runs actions by name, so it lists them anyway.
        """
        found = [(active.node, active.binding) for active in self.screen.active_bindings.values()]
        for node in (self.screen, self.app):
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    if self.app._check_action_state(binding.action, node) is not False:
                        found.append((node, binding))
        return found

    def _commands(self) -> list[tuple[str, str, Any]]:
        found: list[tuple[str, str, Any]] = []
        seen: set[str] = set()
        for node, binding in self._bindings():
            # A screen may show an app key in its own footer ("app.help"): one command.
            action = binding.action.removeprefix("app.")
            if not binding.description or binding.system or action in seen:
                continue
            if binding.id is None or binding.id.split(".")[0] not in PALETTE_GROUPS:
                continue
            seen.add(action)
            key = self.app.get_key_display(binding)
            help_text = f"{binding.tooltip} ({key})" if binding.tooltip else f"key: {key}"
            found.append((binding.description, help_text, partial(self._run, node, binding.action)))
        return found

    async def _run(self, node: Any, action: str) -> None:
        await self.app.run_action(action, node)

    async def discover(self) -> Hits:
        for name, help_text, run in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
