"""The workbench app: opens one workbook file and owns its edit state, saving and safety nets.

Screens never change the workbook themselves: they call `edit`/`apply_edit`
with a model operation, and redraw when `workbook_changed` is published.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from ..exit_codes import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK
from ..model import operations
from ..model.errors import Problem, WorkbookError
from ..model.workbook import Workbook
from ..safety import one_line
from ..store import WorkbookFile, collector, parse, read_bytes
from ..store.workbook_file import Signature, digest
from . import config as user_config
from . import findings as findings_module
from . import recovery
from .document import Document
from .document_app import DocumentApp
from .findings import FindingSet
from .palette import WorkbenchCommands
from .screens.disk_diff import DiffScreen, disk_difference
from .screens.error import ErrorScreen
from .screens.form_dialogs import ChoiceDialog
from .screens.workbench import WorkbenchScreen
from .session.screen import SessionScreen
from .themes import register_themes

AUTOSAVE_DELAY = 2.0
# About 200 outcomes: a save of a smaller file takes a few milliseconds.
SAVE_IN_WORKER_CHARS = 1_000_000
WATCH_INTERVAL = 1.0


# A worker's description, given so Textual does not build one from `repr` of its
# arguments: a whole workbook's repr takes seconds at N=10,000, on the event loop.
_NAMED = "workbench"

# Seconds after the first paint before checks and the split for saving start.
BACKGROUND_DELAY_S = 0.3


class WorkbenchApp(DocumentApp):
    """One workbook, edited safely: undo, atomic save, recovery copies, outside-change watch."""

    CSS_PATH = "workbench.tcss"
    TITLE = "outcomes"
    COMMANDS: ClassVar = App.COMMANDS | {WorkbenchCommands}
    BINDINGS: ClassVar = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="app.save",
            priority=True,
            tooltip="Write the workbook to its file (only the changed tables)",
        ),
        Binding(
            "ctrl+z",
            "undo",
            "Undo",
            id="app.undo",
            tooltip="Take back the last edit (a toast names it)",
        ),
        Binding(
            "ctrl+y",
            "redo",
            "Redo",
            show=False,
            id="app.redo",
            tooltip="Make the edit undone last again",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            priority=True,
            tooltip="Leave; asks first if there are unsaved changes",
        ),
        Binding(
            "ctrl+t",
            "change_theme",
            "Theme",
            show=False,
            id="app.theme",
            tooltip="Switch the colour theme (high contrast for a projector)",
        ),
        Binding(
            "question_mark,f1",
            "help",
            "Keys",
            id="app.help",
            tooltip="The keys that work here, with what each does",
        ),
        Binding(
            "ctrl+o",
            "outside_editor",
            "Editor",
            show=False,
            id="app.editor",
            priority=True,  # also in dialogs, where only the app's priority keys reach it
            tooltip="Write the long text you are in with your own editor ($VISUAL or $EDITOR)",
        ),
        Binding(
            "ctrl+g",
            "session",
            "Guided session",
            show=False,
            id="app.session",
            tooltip="Walk the team through a guided session on this workbook",
        ),
        Binding(
            "H",
            "git_history",
            "File history",
            show=False,
            id="app.git_history",
            tooltip="The commits that changed this workbook, each with what it changed",
        ),
    ]

    def __init__(
        self,
        path: str | Path,
        *,
        temporary: bool = False,
        watch_interval: float = WATCH_INTERVAL,
        autosave_delay: float = AUTOSAVE_DELAY,
        theme: str | None = None,
        create_missing: bool | None = None,
        save_in_worker_chars: int = SAVE_IN_WORKER_CHARS,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(today)
        self.path = Path(path)
        self.temporary = temporary
        self.watch_interval = watch_interval
        self.autosave_delay = autosave_delay
        self.create_missing = create_missing
        # True from opening until the first checks and the split for saving have started.
        self.background_pending = False
        # The background parts after opening not yet done; when the last is, what the
        # workbench has built is frozen (see `_settled`).
        self._settling: set[str] = set()
        self.showed_error = False
        self.config = user_config.load()
        self._fixed_theme = theme
        self._autosave_timer: Timer | None = None
        # Recovery writes run in threads: one at a time, never an older copy over a newer one.
        self._recovery_lock = threading.Lock()
        self._recovery_generation = -1
        # This instance's own copies (another window on the same file has its own), and
        # a copy left by a session that ended without saving, once restored here: it
        # goes when this instance's copy holds that work, or on a save or discard.
        self.recovery = recovery.Recovery(self.path)
        self._adopted: list[Path] = []
        self._outside_digest = ""
        self._watched_signature: Signature | None = None
        # A save of a file this large (in characters) runs in a worker; a smaller one
        # takes less than a frame and is done at once.
        self.save_in_worker_chars = save_in_worker_chars
        self._saving = False
        self._save_again = False
        # Held while the file object is written (a save) or rendered (a recovery copy).
        self._file_busy = threading.Lock()
        self._asking_outside = False
        register_themes(self)

    # --- the model ------------------------------------------------------------------

    @property
    def read_only_reason(self) -> str:
        return self.document.file.read_only_reason if self.document is not None else ""

    def declined(self) -> None:
        """Forms show the workbook again, not what was typed into a field (see `edit`)."""
        from .widgets.detail import DetailForm

        for screen in self.screen_stack:
            for form in screen.query(DetailForm):
                form.workbook = self.workbook
                form.show_stored_values()

    def action_outside_editor(self) -> None:
        from .editor import edit_focused

        edit_focused(self)

    def action_session(self) -> None:
        if self.read_only:
            self.notify("This workbook is read-only", severity="warning")
            return
        if self.apply_edit("Start a guided session", operations.start_session, when=self.today()):
            self.push_screen(SessionScreen())

    def action_git_history(self) -> None:
        from textual.screen import ModalScreen

        from .screens.history import HistoryScreen

        if self.document is not None and not isinstance(self.screen, ModalScreen | HistoryScreen):
            self.push_screen(HistoryScreen(self.path))

    def leave_session(self) -> None:
        self.pop_screen()
        self.changed()

    def changed(self, focus: str = "") -> None:
        self.update_title()
        super().changed(focus)
        self.refresh_findings()
        self._schedule_autosave()

    def update_title(self) -> None:
        if self.document is None:
            return
        mark = "● " if self.document.dirty else ""
        name = self.path.name if not self.temporary else f"{self.path.name} (a sample copy)"
        self.title = one_line(f"{mark}{self.workbook.meta.title}")
        status = "read-only" if self.read_only else ("unsaved" if self.document.dirty else "saved")
        if self._saving:
            status = "saving…"
        self.sub_title = one_line(f"{name} · {status}")

    # --- starting -------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        wanted = self._fixed_theme or self.config.theme
        if wanted in self.available_themes:
            self.theme = wanted
        if self.config.problem:
            self.notify(self.config.problem, severity="warning")
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        try:
            os.stat(self.path)
            missing = False
        except FileNotFoundError:
            missing = True
        except OSError:  # a link loop, a name too long: opening it explains the problem
            missing = False
        if missing:
            self._offer_create()
            return
        self._open()

    def _offer_create(self) -> None:
        def answered(choice: str | None) -> None:
            if choice != "create":
                self.exit(return_code=EXIT_FINDINGS)
                return
            title = self.path.stem.replace("-", " ").replace("_", " ").strip().capitalize()
            try:
                WorkbookFile.create(self.path, operations.new_workbook(title or "Untitled"))
            except (WorkbookError, OSError) as error:
                self._show_error(
                    f"Cannot create {self.path}", [Problem(str(error), str(self.path))]
                )
                return
            self._open()

        if self.create_missing is True:
            answered("create")
            return
        body = Text(f"{self.path} does not exist. Create a new, empty workbook there?")
        self.push_screen(
            ChoiceDialog("New workbook", body, [("create", "Create it"), ("quit", "Quit")]),
            answered,
        )

    def _open(self) -> None:
        try:
            file = WorkbookFile.open(self.path, allow_newer=True)
        except WorkbookError as error:
            self._show_error(f"{self.path} cannot be opened", error.problems)
            return
        self.document = Document(file)
        self.update_title()
        self.push_screen(WorkbenchScreen())
        # The outline shows first; checking and readying the file for saving follow.
        self.background_pending = True
        self.call_after_refresh(self._after_open, file)
        if file.loaded.problems:
            self.notify(
                f"{len(file.loaded.problems)} structural problems: see the findings pane.",
                severity="warning",
            )
        if not self.temporary and not self.read_only:
            self._offer_recovery()
        self._outside_digest = file.digest
        self._watched_signature = file.stat_signature
        self.set_interval(self.watch_interval, self._watch_file)

    def _after_open(self, file: WorkbookFile) -> None:
        # The outline is on screen. The checks and the split for saving start a moment
        # later, so their threads do not take the interpreter from the first frames.
        self.set_timer(BACKGROUND_DELAY_S, partial(self._start_background, file))

    def _start_background(self, file: WorkbookFile) -> None:
        self._settling = {"findings", "writing"}
        self.refresh_findings()
        self._prepare_for_writing(file)
        self.background_pending = False

    @work(thread=True, group="prepare", description=_NAMED)
    def _prepare_for_writing(self, file: WorkbookFile) -> None:
        file.prepare_for_writing()
        self.call_from_thread(self._settled, "writing")

    def _settled(self, part: str) -> None:
        """Once the first findings and the split for saving are done, freeze what is alive.

        Reading froze the model, but the workbench then builds as much again that lives
        as long: the first full findings, the indexes, the split for saving, the outline's
        rows (about 600,000 objects at N=10,000). Each full collection walked all of them,
        a fifth of a second landing on whatever key came next (about 0.2 s of an Enter's
        0.34 s). Frozen, a collection walks only what was made since. The cost is the
        garbage cycles already in the old generation (widgets of the first frames), never
        freed: bounded, and paid once per open (see `collector.freeze`).
        """
        if part not in self._settling:
            return
        self._settling.discard(part)
        if not self._settling and self.document is not None:
            collector.freeze(len(self.document.file.loaded.text))

    def _show_error(self, heading: str, problems: Any) -> None:
        self.showed_error = True
        self.push_screen(ErrorScreen(heading, list(problems)))

    # --- findings -------------------------------------------------------------------------

    def refresh_findings(self) -> None:
        if self.document is not None:
            self._compute_findings(self.findings, self.document.workbook, self.document.generation)

    @work(thread=True, exclusive=True, group="findings", description=_NAMED)
    def _compute_findings(self, previous: FindingSet, workbook: Workbook, generation: int) -> None:
        # After the first full check, an edit rechecks only what it can affect. The full
        # one builds as much as the read did: frozen like it (see collector.building).
        document = self.document
        first = previous.checked is None and document is not None
        size = len(document.file.loaded.text) if document is not None else 0
        with collector.building(size) if first else nullcontext():
            result = findings_module.update(previous, workbook)
        self.call_from_thread(self._findings_ready, result, generation)

    def _findings_ready(self, result: FindingSet, generation: int) -> None:
        if self.document is None or generation != self.document.generation:
            return  # a newer edit is already being checked
        self.findings = result
        self.findings_changed.publish(result)
        self._settled("findings")

    # --- undo, redo, save, quit -----------------------------------------------------------

    def action_help(self) -> None:
        from textual.screen import ModalScreen

        from .screens.help import HelpScreen

        if not isinstance(self.screen, ModalScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_save(self) -> None:
        if self.document is None:
            return
        if self.read_only:
            self.notify(f"Read-only: {self.read_only_reason}", severity="warning")
            return
        self._commit_focused_field()
        if self._saving:
            self._save_again = True  # what was edited meanwhile is written next
            return
        file = self.document.file
        if len(file.loaded.text) < self.save_in_worker_chars:
            self._save_now()
            return
        self._saving = True
        self.update_title()
        self._save_in_worker(
            file, self.document.workbook, self.document.overwrite_digest, self.document.generation
        )

    def _save_now(self) -> bool:
        """Save on the event loop (a small file, or quitting): True when the file holds
        the workbook now."""
        assert self.document is not None
        with self._file_busy:
            try:
                written = self.document.save()
            except (WorkbookError, OSError) as error:
                self._save_failed(error)
                return False
        self._save_done(self.document.workbook, written)
        return True

    @work(thread=True, exclusive=True, group="save", description=_NAMED)
    def _save_in_worker(
        self, file: WorkbookFile, workbook: Workbook, overwrite: str, generation: int
    ) -> None:
        """Write `workbook`, the value ctrl+s was pressed on; edits made meanwhile stay
        in the document (unsaved) and are written by the next save."""
        try:
            with self._file_busy:
                written = file.save(workbook, overwrite=overwrite)
        except (WorkbookError, OSError) as error:
            self.call_from_thread(self._save_failed, error)
        else:
            self.call_from_thread(self._save_done, workbook, written)

    def _save_failed(self, error: WorkbookError | OSError) -> None:
        self._saving = self._save_again = False
        self.update_title()
        if isinstance(error, WorkbookError):
            self.notify(one_line(error.message), severity="error", title="Not saved")
            self._watched_signature = None  # read the file now, whatever its stat says
            self._watch_file()
        else:
            self.notify(f"Cannot write {self.path}: {error.strerror}", severity="error")

    def _save_done(self, workbook: Workbook, written: bool) -> None:
        self._saving = False
        if self.document is None:
            return
        self.document.saved(workbook)
        self._outside_digest = self.document.file.digest
        self._watched_signature = self.document.file.stat_signature
        if self.document.dirty:
            self._schedule_autosave()  # edited while it was written: the copy stays
        else:
            self._discard_recovery()
        self.update_title()
        self.notify("Saved." if written else "Nothing to save.", timeout=2)
        if self._save_again:
            self._save_again = False
            self.action_save()

    def _commit_focused_field(self) -> None:
        """Apply what is typed in the focused field before saving or quitting."""
        focused = self.focused
        if focused is None:
            return
        from textual.widgets import Input

        from .widgets.detail import DetailForm, LongText

        form = next((a for a in focused.ancestors if isinstance(a, DetailForm)), None)
        if form is None:
            return
        if isinstance(focused, Input):
            row = form._row_of(focused)
            if row is not None:
                form._commit(row, focused.value)
        elif isinstance(focused, LongText):
            row = form._row_of(focused)
            if row is not None:
                form._commit(row, focused.text)

    async def action_quit(self) -> None:
        self._commit_focused_field()
        if self.document is None or not self.document.dirty or self.read_only:
            self._quit_clean()
            return

        def answered(choice: str | None) -> None:
            if choice == "save":
                if self._save_now() and self.document is not None and not self.document.dirty:
                    self._quit_clean()
            elif choice == "discard":
                self._quit_clean()

        self.push_screen(
            ChoiceDialog(
                "Unsaved changes",
                Text(f"Save the changes to {self.path.name} before quitting?"),
                [
                    ("save", "Save and quit"),
                    ("discard", "Quit without saving"),
                    ("cancel", "Keep editing"),
                ],
            ),
            answered,
        )

    def _quit_clean(self) -> None:
        if self.document is not None and not self.document.dirty:
            self._discard_recovery()
        # Quitting before a workbook was ever opened (its error screen, or the offer
        # to create it) is not success: the caller's exit status must say so.
        if self.document is not None:
            self.exit(return_code=EXIT_OK)
        else:
            self.exit(return_code=EXIT_BAD_INPUT if self.showed_error else EXIT_FINDINGS)

    def on_unmount(self) -> None:
        # A copy still here (quit without saving) is offered by the next workbench.
        self.recovery.close()

    # --- recovery -------------------------------------------------------------------------

    def _schedule_autosave(self) -> None:
        """Copy unsaved work at most `autosave_delay` after the first edit not yet copied.

        A pending copy is not put off by further edits (it takes them all when it
        runs), so steady typing still reaches the recovery file every interval.
        """
        if self.temporary or self.document is None or self._autosave_timer is not None:
            return
        self._autosave_timer = self.set_timer(self.autosave_delay, self._autosave)

    def _autosave(self) -> None:
        self._autosave_timer = None
        if self.document is None:
            return
        if not self.document.dirty:
            self._discard_recovery()
            return
        self._write_recovery(self.document.file, self.document.workbook, self.document.generation)

    @work(thread=True, group="recovery", description=_NAMED)
    def _write_recovery(self, file: WorkbookFile, workbook: Workbook, generation: int) -> None:
        try:
            with self._file_busy:
                data = file.render(workbook)
            with self._recovery_lock:
                if generation <= self._recovery_generation:
                    return  # a newer copy, a save or a discard came first
                self.recovery.write(data)
                self._recovery_generation = generation
                self._drop_adopted()
        except (OSError, WorkbookError) as error:
            self.call_from_thread(
                self.notify, f"Could not write the recovery copy: {error}", severity="warning"
            )

    def _discard_recovery(self) -> None:
        """Remove the copy; a copy of an older state still being written is dropped too."""
        with self._recovery_lock:
            if self.document is not None:
                self._recovery_generation = self.document.generation
            self.recovery.discard()
            self._drop_adopted()

    def _drop_adopted(self) -> None:
        for copy in self._adopted:
            self.recovery.remove(copy)
        self._adopted.clear()

    def _offer_recovery(self) -> None:
        found = self.recovery.pending()
        if found is None:
            return
        try:
            restored = parse(found.read_bytes(), str(found)).workbook
        except (OSError, WorkbookError):
            self.notify(f"A recovery copy at {found} could not be read; left in place.")
            return

        def answered(choice: str | None) -> None:
            if self.document is None:
                return
            if choice == "restore":
                self.document.replace(restored, "restore unsaved work")
                self._adopted.append(found)
                self.changed()
                self.notify("Unsaved work restored. Save with ctrl+s to keep it.")
            elif choice == "discard":
                self.recovery.remove(found)

        self.push_screen(
            ChoiceDialog(
                "Unsaved work found",
                Text(
                    f"{self.path.name} has unsaved changes from an earlier session that ended "
                    "without saving. Restore them?"
                ),
                [("restore", "Restore"), ("discard", "Discard"), ("later", "Decide later")],
            ),
            answered,
        )

    # --- changes on disk ------------------------------------------------------------------

    def _watch_file(self) -> None:
        """Every `watch_interval`: has the file changed on disk? A `stat` answers almost
        every time; the file is read and hashed only when its stat moved."""
        if self.document is None or self._asking_outside or self._saving:
            return  # (a save in progress changes the file itself)
        file = self.document.file
        now_signature = file.disk_signature()
        if now_signature is not None and now_signature == self._watched_signature:
            return
        self._watched_signature = now_signature
        try:
            disk = read_bytes(self.path)
        except WorkbookError:
            disk = b""  # gone, or no longer a workbook file: shown as a change
        now = digest(disk)
        if now == file.digest:
            self._outside_digest = now  # touched, or put back as it was: nothing to ask
            return
        if now == self._outside_digest:
            return  # already answered for this version of the file
        self._outside_digest = now
        self._ask_outside_change(disk)

    def _ask_outside_change(self, disk: bytes) -> None:
        assert self.document is not None
        dirty = self.document.dirty
        body = Text(f"{self.path.name} changed on disk (a git pull or another editor?). ")
        body.append(
            "You have unsaved changes: reloading would drop them."
            if dirty
            else "You have no unsaved changes."
        )
        self._asking_outside = True

        def answered(choice: str | None) -> None:
            self._asking_outside = False
            if self.document is None:
                return
            if choice == "reload":
                try:
                    self.document.reload()
                except WorkbookError as error:
                    self._show_error(f"{self.path} cannot be reloaded", error.problems)
                    return
                self._outside_digest = self.document.file.digest
                self._watched_signature = self.document.file.stat_signature
                self.changed()
                self.notify("Reloaded from disk.")
            elif choice == "diff":
                self.push_screen(DiffScreen(self._difference(disk)), lambda _: self._reask(disk))
            else:
                # Only this version may be replaced: a later outside change is shown too.
                self.document.overwrite_digest = digest(disk)
                self.notify("Keeping your version; saving will replace the file on disk.")

        self.push_screen(
            ChoiceDialog(
                "Changed on disk",
                body,
                [("reload", "Reload"), ("keep", "Keep mine"), ("diff", "Review the difference")],
                disabled=("reload",) if dirty else (),
            ),
            answered,
        )

    def _reask(self, disk: bytes) -> None:
        self._ask_outside_change(disk)

    def _difference(self, disk: bytes) -> list[Text]:
        assert self.document is not None
        return disk_difference(
            self.document.file, self.document.workbook, disk, color=not self.no_color
        )

    # --- themes and palette -------------------------------------------------------------

    def _remember_theme(self, theme: Any) -> None:
        if self._fixed_theme is None:
            user_config.save_theme(theme.name)

    def get_system_commands(self, screen: Screen[Any]) -> Any:
        """Textual's own commands, less those the workbench palette lists from its bindings
        (quit, theme, keys): each command appears once."""
        listed = {"Quit", "Theme", "Keys"}
        for command in super().get_system_commands(screen):
            if command.title not in listed:
                yield command


def create_app(path: str | Path, **options: Any) -> WorkbenchApp:
    """The app for one file; tests and benchmarks use this with their own options."""
    return WorkbenchApp(path, **options)
