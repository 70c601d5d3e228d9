"""A screen about one part of the workbook that redraws itself after every edit."""

from __future__ import annotations

from typing import ClassVar, cast

from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..host import Change, Host


class PartScreen(Screen[None]):
    """Subclasses implement `refresh_view()`; escape goes back to where you were."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="part.back", tooltip="Back to where you were"),
        Binding(
            "j",
            "jump",
            "Show in outline",
            id="part.jump",
            tooltip="Close this screen with the outline cursor on the entry shown here",
        ),
    ]

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    def on_mount(self) -> None:
        self.host.workbook_changed.subscribe(self, self._changed)
        self.refresh_view()

    # The entity the last edit was about (a new experiment, say): views put their cursor on it.
    changed_focus: str = ""

    def _changed(self, change: Change) -> None:
        self.changed_focus = change.focus
        try:
            self.refresh_view()
        finally:
            self.changed_focus = ""

    def refresh_view(self) -> None:
        raise NotImplementedError

    def jump_target(self) -> str:
        return ""

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_jump(self) -> None:
        """Close this screen and put the outline cursor on the entity shown here."""
        target = self.jump_target()
        self.app.pop_screen()
        screen = self.app.screen
        select = getattr(screen, "select_entity", None)
        if target and select is not None:
            select(target)
