"""`outcomes session FILE`: the guided session as its own full-screen app.

Every change is saved to the workbook at once (atomically), so a laptop that
dies mid-session loses nothing the room already entered.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ...model import operations as op
from ...model.agreement import Reopened, needs_upgrade, reopened_between
from ...model.errors import WorkbookError
from ...model.operations import upgrade_signoffs
from ...model.room import HEARTBEAT_S
from ...model.workbook import Workbook
from ...report.session_summary import session_summary
from ...safety import one_line
from ...store import WorkbookFile, shared
from ..agreement import confirm_reopen
from ..keyboard import KeyboardApp
from ..themes import HIGH_CONTRAST
from .dialogs import TextPrompt
from .room import RoomLink
from .screen import SessionScreen

SYNC_SECONDS = 1.0


def _step(workbook: Workbook) -> str:
    return workbook.session.step if workbook.session else ""


def summary_path(workbook_path: Path, today: date) -> Path:
    """A summary file next to the workbook that does not overwrite an earlier one."""
    base = workbook_path.with_name(f"{workbook_path.stem}-session-{today.isoformat()}")
    candidate = base.with_suffix(".md")
    n = 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{n}").with_suffix(".md")
        n += 1
    return candidate


class SessionApp(KeyboardApp):
    """Hosts the session screen over one workbook file."""

    TITLE = "outcome-workbook · guided session"

    def __init__(
        self,
        file: WorkbookFile,
        today: Callable[[], date] = date.today,
        theme: str = HIGH_CONTRAST.name,
        timebox_running: bool = True,
        role: str = "facilitator",
        name: str = "",
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self.timebox_running = timebox_running
        self.role = role
        self.file = file
        self._workbook = file.workbook
        state = file.workbook.session
        default_name = {
            "facilitator": (state.facilitator if state else "") or "Facilitator",
            "viewer": "Viewer",
        }.get(role, "")
        self._room_trouble = False
        self.room = RoomLink(
            None if file.read_only else file.path, role, name or default_name, clock
        )
        self._today = today
        self.register_theme(HIGH_CONTRAST)
        self.theme = theme
        self.last_summary: Path | None = None

    @property
    def workbook(self) -> Workbook:
        return self._workbook

    def today(self) -> date:
        return self._today()

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
            self._write(lambda wb: op.start_session(wb, when=self.today()))
        self.push_screen(SessionScreen())
        self.set_interval(SYNC_SECONDS, self._sync_from_disk)
        self._say_here()
        self.set_interval(HEARTBEAT_S, self._say_here)
        if not self.room.name:
            self.push_screen(
                TextPrompt("Your name, so the room sees who is here:", placeholder="e.g. Ana"),
                self._named,
            )

    def _named(self, name: str | None) -> None:
        self.room.name = one_line(name or "").strip()[:40] or f"Guest {self.room.client[:4]}"
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

    def _session_screen(self) -> SessionScreen | None:
        """The session screen, also while a prompt is open over it."""
        screens = [s for s in self.screen_stack if isinstance(s, SessionScreen)]
        return screens[-1] if screens else None

    def _room_changed(self) -> None:
        screen = self._session_screen()
        if screen is not None:
            screen.room_changed()

    def _reload(self) -> bool:
        """Take the file's current content (another participant or editor saved it)."""
        try:
            self.file = WorkbookFile.open(self.file.path, allow_newer=True)
        except (WorkbookError, OSError):
            return False
        self._workbook = self.file.workbook
        return True

    def _sync_from_disk(self) -> None:
        """Follow changes saved by others, so every screen shows the same step and time."""
        if self.room.changed():
            self._room_changed()
        if not self.file.changed_on_disk():
            return
        screen = self._session_screen()
        before = self._workbook.session.step if self._workbook.session else ""
        if not self._reload() or screen is None:
            return
        after = self._workbook.session.step if self._workbook.session else ""
        if after != before:
            screen.show_step()
        else:
            screen.workbook_changed()

    def apply(
        self, change: Callable[[Workbook], Workbook], done: str = "", confirmed: bool = False
    ) -> bool:
        """Make one change and save it; a change that reopens an agreement is asked about first.

        The change runs on the file's content at the moment of writing, under the
        workbook's lock (`store.shared.update`), so what other participants saved
        meanwhile is kept and this change is added to it.
        """
        if self.role == "viewer":
            self.notify("Viewers watch the session; nothing is changed.", severity="warning")
            return False
        refused: list[WorkbookError] = []
        reopened: list[Reopened] = []

        def run(fresh: Workbook) -> Workbook | None:
            before = upgrade_signoffs(fresh) if needs_upgrade(fresh) else fresh
            try:
                updated = change(before)
            except WorkbookError as error:
                refused.append(error)
                return None
            if not confirmed:
                reopened.extend(reopened_between(fresh, updated))
                if reopened:
                    return None
            return updated

        written = self._write(run)
        if refused:
            self.notify(one_line(refused[0].message), severity="error", markup=False)
            return False
        if reopened:
            confirm_reopen(self, reopened, lambda: self.apply(change, done, confirmed=True))
            return False
        if written and done:
            self.notify(done, timeout=2)
        return written

    def _write(self, run: Callable[[Workbook], Workbook | None]) -> bool:
        """Run `run` on the current workbook and save its result; refresh the screen."""
        before = _step(self._workbook)
        seen: list[str] = []

        def run_noting_step(fresh: Workbook) -> Workbook | None:
            seen.append(_step(fresh))
            return run(fresh)

        if self.file.read_only:
            # Never written: the change is kept for this screen only.
            updated = run(self._workbook)
            if updated is None:
                return False
            self._workbook = updated
        else:
            try:
                result = shared.update(self.file, run_noting_step)
            except WorkbookError as error:
                return self._not_saved(error.message)
            except OSError as error:
                return self._not_saved(f"cannot save: {error.strerror}")
            self.file = result.file
            if result.workbook is None:
                self._workbook = self.file.workbook
                self._refresh_screen(moved=bool(seen) and seen[-1] != before)
                return False
            self._workbook = result.workbook
        # Someone else moved the room to another step since this screen last looked.
        self._refresh_screen(moved=bool(seen) and seen[-1] != before)
        return True

    def _refresh_screen(self, moved: bool) -> None:
        screen = self._session_screen()
        if screen is None:
            return
        if moved:
            screen.show_step()
        else:
            screen.workbook_changed()

    def _not_saved(self, message: str) -> bool:
        self.notify(
            one_line(message), title="Not saved", severity="error", markup=False, timeout=15
        )
        return False

    def write_summary(self) -> Path | None:
        path = summary_path(self.file.path, self.today())
        try:
            path.write_text(session_summary(self._workbook, self.today()), encoding="utf-8")
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
