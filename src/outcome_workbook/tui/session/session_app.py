"""`outcomes session FILE`: the guided session as its own full-screen app.

Every change is saved to the workbook at once (atomically), so a laptop that
dies mid-session loses nothing the room already entered.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType

from ...model import operations as op
from ...model.live_room import HEARTBEAT_S, person_name
from ...report.session_summary import session_summary
from ...safety import one_line
from ...store import WorkbookFile
from ..document import Document, SavePolicy
from ..document_app import DocumentApp
from ..themes import HIGH_CONTRAST
from .prompts import TextPrompt
from .room_link import RoomLink, facilitator_name
from .screen import BROWSER_KEYS, SessionScreen

SYNC_SECONDS = 1.0


def summary_path(workbook_path: Path, today: date) -> Path:
    """A summary file next to the workbook that does not overwrite an earlier one."""
    base = workbook_path.with_name(f"{workbook_path.stem}-session-{today.isoformat()}")
    candidate = base.with_suffix(".md")
    n = 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{n}").with_suffix(".md")
        n += 1
    return candidate


class SessionApp(DocumentApp):
    """Hosts the session screen over one workbook file, saved on every edit."""

    TITLE = "outcome-workbook · guided session"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+z",
            "undo",
            "Undo",
            show=False,
            id="app.undo",
            tooltip="Take back your last change (others' changes since are kept)",
        ),
        Binding(
            "ctrl+y",
            "redo",
            "Redo",
            show=False,
            id="app.redo",
            tooltip="Make the change you undid last again",
        ),
        Binding(
            "ctrl+o",
            "outside_editor",
            "Editor",
            show=False,
            id="app.editor",
            priority=True,
            tooltip="Write the long answer you are in with your own editor ($VISUAL or $EDITOR)",
        ),
    ]

    def __init__(
        self,
        file: WorkbookFile,
        today: Callable[[], date] = date.today,
        theme: str = HIGH_CONTRAST.name,
        timebox_running: bool = True,
        role: str = "facilitator",
        name: str = "",
        clock: Callable[[], float] = time.time,
        projector: bool = False,
    ) -> None:
        super().__init__(today)
        self.projector = projector
        self.timebox_running = timebox_running
        self.role = role
        self.document = Document(file, SavePolicy.EACH_EDIT)
        default_name = {
            "facilitator": facilitator_name(file.workbook),
            "viewer": "Viewer",
        }.get(role, "")
        self._room_trouble = False
        self.room = RoomLink(
            None if file.read_only else file.path, role, person_name(name) or default_name, clock
        )
        self.register_theme(HIGH_CONTRAST)
        self.theme = theme
        self.last_summary: Path | None = None

    @property
    def file(self) -> WorkbookFile:
        assert self.document is not None
        return self.document.file

    def get_key_display(self, binding: Binding) -> str:
        """In a browser, the key of an action that the browser lets through (BROWSER_KEYS)."""
        if self.is_web and binding.key in BROWSER_KEYS:
            binding = dataclasses.replace(binding, key=BROWSER_KEYS[binding.key])
        return super().get_key_display(binding)

    def refusal(self) -> str:
        return "Viewers watch the session; nothing is changed." if self.role == "viewer" else ""

    def on_mount(self) -> None:
        self.sub_title = one_line(self.file.path.name)
        if self.file.read_only:
            self.notify(
                one_line(self.file.read_only_reason),
                title="Read-only",
                severity="warning",
                markup=False,
                timeout=30,
            )
        if self.role != "viewer":
            # Opening the session is not an edit to take back: the history starts after it.
            self.apply_edit("Start the session", op.start_session, when=self.today())
            assert self.document is not None
            self.document.undo_stack.clear()
        self.push_screen(SessionScreen(projector=self.projector))
        self.set_interval(SYNC_SECONDS, self._sync_from_disk)
        self._say_here()
        self.set_interval(HEARTBEAT_S, self._say_here)
        if not self.room.name:
            self.push_screen(
                TextPrompt("Your name, so the room sees who is here:", placeholder="e.g. Ana"),
                self._named,
            )

    def action_outside_editor(self) -> None:
        from ..editor import edit_focused

        edit_focused(self)

    def _named(self, name: str | None) -> None:
        self.room.name = person_name(name or "") or f"Guest {self.room.client[:4]}"
        self._say_here()
        self.notify(f"You joined as {self.room.name}", timeout=4, markup=False)

    def _say_here(self) -> None:
        """Tell the room this client is (still) connected; say once if that cannot be saved."""
        if not self.room.name:
            return
        problem = self.room.heartbeat()
        if not problem:
            self._room_changed()
        elif not self._room_trouble:
            self._room_trouble = True
            self.notify(
                one_line(f"{problem}; the others may not see you here"),
                title="Room",
                severity="warning",
                markup=False,
                timeout=10,
            )

    def on_unmount(self) -> None:
        self.room.goodbye()

    def _room_changed(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.room_changed()

    def _sync_from_disk(self) -> None:
        """Follow changes saved by others, so every screen shows the same step and time."""
        if self.room.changed():
            self._room_changed()
        assert self.document is not None
        if self.document.follow():
            self.changed()

    def write_summary(self) -> Path | None:
        path = summary_path(self.file.path, self.today())
        try:
            path.write_text(session_summary(self.workbook, self.today()), encoding="utf-8")
        except OSError as error:
            self.notify(
                one_line(f"cannot write the summary: {error.strerror}"),
                severity="error",
                markup=False,
            )
            return None
        self.last_summary = path
        self.notify(
            one_line(f"Summary written to {path}"),
            title="Session summary",
            markup=False,
            timeout=10,
        )
        return path
