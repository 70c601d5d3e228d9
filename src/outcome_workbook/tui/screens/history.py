"""The workbook's history from git: the commits that touched the file, each with its changes.

Left, the commits newest first (and, on top, the edits not saved yet and the
saved changes not committed yet); right, what the highlighted one changed, in
the domain's words: the same lines `outcomes log` prints. git runs in worker
threads: the list of commits first (one cheap `git log`), then each commit's
semantic diff only when it is highlighted, so a long history opens at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...diff.semantic import diff_workbooks
from ...diff_styling import line_text
from ...model.workbook import Workbook
from ...safety import one_line
from ...vcs.file_history import (
    HistoryEntry,
    commit_entries,
    committed_bytes,
    entry_lines,
    uncommitted_entry,
)
from ...vcs.plumbing import Commit, GitError, file_log, git_installed, repo_root
from .part_screen import PartScreen

PAGE = 50  # commits listed at first, and added by each "more"
UNSAVED = "unsaved"
UNCOMMITTED = "uncommitted"
MORE = "more"


@dataclass(frozen=True)
class LogView:
    """What the git worker found: the commits to list, or why there are none."""

    commits: tuple[Commit, ...] = ()
    more: bool = False
    root: Path | None = None
    uncommitted: HistoryEntry | None = None
    message: str = ""


def read_log(path: Path, limit: int, select: str = "") -> LogView:
    """The newest `limit` commits that touched `path` (more when needed to reach `select`)."""
    name = one_line(path.name)
    if not git_installed():
        return LogView(message="git is not installed (or not on PATH), so there is no history.")
    root = repo_root(path)
    if root is None:
        return LogView(
            message=f"{name} is not in a git repository, so it has no history yet. "
            "Commit it to a repository to see who changed what, and why."
        )
    try:
        commits = file_log(path, limit + 1)
        if select and not any(c.sha.startswith(select) for c in commits):
            everything = file_log(path)
            found = next((i for i, c in enumerate(everything) if c.sha.startswith(select)), -1)
            if found >= 0:
                limit = (found // PAGE + 1) * PAGE
                commits = everything[: limit + 1]
        uncommitted = uncommitted_entry(path, committed_bytes(path)) if commits else None
    except GitError as error:
        return LogView(root=root, message=f"git could not read the history: {error.message}")
    except OSError as error:
        return LogView(root=root, message=f"The history could not be read: {error}")
    if not commits:
        return LogView(
            root=root,
            message=f"{name} is not committed yet: its history starts with its first commit.",
        )
    shown = tuple(commits[:limit])
    count = f"{len(shown)} commits" + (" (more with m)" if len(commits) > limit else "")
    return LogView(shown, len(commits) > limit, root, uncommitted, f"{name}: {count}")


def commit_prompt(commit: Commit) -> Text:
    """Two lines: short hash, date and author; then the subject."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(commit.short, style="bold yellow")
    text.append(f" {commit.date[:10]} ", style="dim")
    text.append(one_line(commit.author), style="dim")
    text.append("\n")
    text.append(one_line(commit.subject) or "(no message)")
    return text


def _special_prompt(key: str) -> Text:
    if key == UNSAVED:
        text = Text("● unsaved changes", style="bold")
        text.append("\nin the workbench, not saved yet", style="dim")
    elif key == UNCOMMITTED:
        text = Text("uncommitted changes", style="bold")
        text.append("\nsaved to the file, not committed", style="dim")
    else:
        text = Text("more commits…", style="italic")
    return text


def entry_heading(entry: HistoryEntry, key: str) -> Text:
    """Who, when and why, above a commit's changes (or what kind of uncommitted change)."""
    commit = entry.commit
    if commit is None:
        if key == UNSAVED:
            return Text("Edits in the workbench that are not saved yet (ctrl+s saves)", "bold")
        return Text("Changes saved to the file that are not committed yet", style="bold")
    text = Text(one_line(commit.subject) or "(no message)", style="bold")
    text.append(f"\ncommit {commit.short}", style="yellow")
    text.append(" by ", style="dim")
    text.append(one_line(commit.author))
    if commit.email:
        text.append(f" <{one_line(commit.email)}>", style="dim")
    text.append(f"\non {commit.date[:16].replace('T', ' ')}", style="dim")
    return text


def entry_text(entry: HistoryEntry, key: str) -> Text:
    """The heading, then the changes laid out as `outcomes log` lays them out."""
    lines = [line_text(line, indent="  ") for line in entry_lines(entry)]
    return Text("\n").join([entry_heading(entry, key), Text(""), *lines])


class HistoryScreen(PartScreen):
    """Who changed the workbook, when, and what changed; `j` shows a changed entity."""

    DEFAULT_CSS = """
    HistoryScreen #log-status {
        padding: 0 1;
        height: auto;
        color: $text-muted;
    }
    HistoryScreen #log-main {
        height: 1fr;
    }
    HistoryScreen #log-commits {
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        width: 40%;
        min-width: 30;
        border: round $primary 50%;
    }
    HistoryScreen #log-commits:focus {
        border: round $primary;
    }
    HistoryScreen #log-diff-pane {
        width: 1fr;
        border: round $primary 50%;
        padding: 0 1;
    }
    HistoryScreen #log-diff-pane:focus {
        border: round $primary;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload", id="log.reload", tooltip="Read the git history again"),
        Binding("m", "more", "More commits", show=False, id="log.more"),
    ]

    def __init__(self, path: Path, select: str = "") -> None:
        super().__init__()
        self.path = path
        self.select = select
        self.limit = PAGE
        self.view = LogView()
        self.loaded = False
        self._entries: dict[str, HistoryEntry] = {}
        self._commits: dict[str, Commit] = {}
        self._unsaved: HistoryEntry | None = None
        self._saved_state: tuple[bool, str] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"Reading the history of {one_line(self.path.name)}…"), id="log-status")
        with Horizontal(id="log-main"):
            yield OptionList(id="log-commits")
            with VerticalScroll(id="log-diff-pane"):
                yield Static("", id="log-diff")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"history: {one_line(self.path.name)}"
        self.query_one("#log-commits", OptionList).border_title = "Commits"
        self.query_one("#log-diff-pane").border_title = "Changes"
        self.query_one("#log-commits", OptionList).focus()
        super().on_mount()
        self._load_log(self.path, self.limit, self.select)
        self._saved_state = self._save_marker()
        # The app's sub-title says saved/unsaved; a reload after a change on disk is caught
        # by the slower check.
        self.watch(self.app, "sub_title", self._check_saved, init=False)
        self.set_interval(2.0, self._check_saved)

    # --- loading ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="log")
    def _load_log(self, path: Path, limit: int, select: str) -> None:
        view = read_log(path, limit, select)
        self.app.call_from_thread(self._log_ready, view)

    def _log_ready(self, view: LogView) -> None:
        self.view = view
        self.loaded = True
        self.limit = max(self.limit, len(view.commits))
        self._commits = {c.sha: c for c in view.commits}
        if view.uncommitted is not None:
            self._entries[UNCOMMITTED] = view.uncommitted
        else:
            self._entries.pop(UNCOMMITTED, None)
        self.query_one("#log-status", Static).update(Text(one_line(view.message)))
        self._fill_list(self.select)
        self.select = ""

    def refresh_view(self) -> None:
        """After every edit: the difference between the saved file and the workbench."""
        state = getattr(self.app, "document", None)
        baseline = state.file.baseline if state is not None else None
        self._diff_unsaved(baseline, self.host.workbook)

    @work(thread=True, exclusive=True, group="log-unsaved", description="unsaved")
    def _diff_unsaved(self, baseline: Workbook | None, workbook: Workbook) -> None:
        entry = None
        if baseline is not None and baseline is not workbook:
            diff = diff_workbooks(baseline, workbook)
            entry = None if diff.identical else HistoryEntry(None, diff)
        self.app.call_from_thread(self._unsaved_ready, entry, workbook)

    def _unsaved_ready(self, entry: HistoryEntry | None, workbook: Workbook) -> None:
        if workbook is not self.host.workbook:
            return  # a newer edit is being compared
        if entry is None and self._unsaved is None:
            return
        self._unsaved = entry
        if entry is None:
            self._entries.pop(UNSAVED, None)
        else:
            self._entries[UNSAVED] = entry
        self._fill_list()

    def _save_marker(self) -> tuple[bool, str]:
        state = getattr(self.app, "document", None)
        if state is None:
            return (False, "")
        return (bool(state.dirty), str(state.file.digest))

    def _check_saved(self, _: object = None) -> None:
        """A save (ctrl+s here) changes what is unsaved and what is uncommitted."""
        marker = self._save_marker()
        if marker == self._saved_state:
            return
        digest_changed = self._saved_state is None or marker[1] != self._saved_state[1]
        self._saved_state = marker
        if digest_changed:
            self.action_reload()
        else:
            self.refresh_view()

    # --- the list -----------------------------------------------------------------------

    @property
    def commit_list(self) -> OptionList:
        return self.query_one("#log-commits", OptionList)

    def _fill_list(self, select: str = "") -> None:
        listing = self.commit_list
        current = self.highlighted_key()
        at_top = listing.highlighted in (None, 0)
        options: list[Option] = []
        for key in (UNSAVED, UNCOMMITTED):
            if key in self._entries:
                options.append(Option(_special_prompt(key), id=key))
        options += [Option(commit_prompt(c), id=c.sha) for c in self.view.commits]
        if self.view.more:
            options.append(Option(_special_prompt(MORE), id=MORE))
        listing.set_options(options)
        if not options:
            self._show(None)
            return
        # Whoever looks at the newest entry keeps looking at the newest one (after a save,
        # say); otherwise the same commit stays highlighted.
        wanted = select or ("" if at_top else current)
        keys = [o.id for o in options]
        index = next((i for i, k in enumerate(keys) if k and wanted and k.startswith(wanted)), 0)
        listing.highlighted = index
        self._show_key(keys[index] or "")

    def highlighted_key(self) -> str:
        listing = self.commit_list
        index = listing.highlighted
        if index is None or index >= listing.option_count:
            return ""
        return listing.get_option_at_index(index).id or ""

    @on(OptionList.OptionHighlighted, "#log-commits")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_key(event.option.id or "")

    @on(OptionList.OptionSelected, "#log-commits")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == MORE:
            self.action_more()
        else:
            self.query_one("#log-diff-pane").focus()

    def _show_key(self, key: str) -> None:
        if key == MORE:
            self._show(Text(f"Press enter (or m) to list {PAGE} more commits.", style="italic"))
            return
        entry = self._entries.get(key)
        if entry is not None:
            self._show(entry_text(entry, key))
            return
        commit = self._commits.get(key)
        if commit is None or self.view.root is None:
            self._show(None)
            return
        self._show(Text(f"Reading {commit.short}…", style="dim"))
        self._load_commit(self.view.root, commit)

    @work(thread=True, exclusive=True, group="log-commit")
    def _load_commit(self, root: Path, commit: Commit) -> None:
        try:
            entry = commit_entries(root, [commit])[0]
        except GitError as error:
            entry = HistoryEntry(commit, None, error.message)
        except OSError as error:
            entry = HistoryEntry(commit, None, str(error))
        self.app.call_from_thread(self._commit_ready, entry)

    def _commit_ready(self, entry: HistoryEntry) -> None:
        assert entry.commit is not None
        self._entries[entry.commit.sha] = entry
        if self.highlighted_key() == entry.commit.sha:
            self._show(entry_text(entry, entry.commit.sha))

    def _show(self, text: Text | None) -> None:
        if text is None:
            text = Text("Nothing to show.", style="dim") if self.loaded else Text("")
        self.query_one("#log-diff", Static).update(text)
        self.query_one("#log-diff-pane", VerticalScroll).scroll_home(animate=False)

    # --- actions ------------------------------------------------------------------------

    def action_reload(self) -> None:
        self._entries = {k: v for k, v in self._entries.items() if k == UNSAVED}
        self.refresh_view()
        self._load_log(self.path, self.limit, self.highlighted_key())

    def action_more(self) -> None:
        if self.view.more:
            self.limit += PAGE
            self._load_log(self.path, self.limit, self.highlighted_key())

    def jump_target(self) -> str:
        """The first entity the highlighted change touched that is still in the workbook."""
        entry = self._entries.get(self.highlighted_key())
        if entry is None or entry.diff is None:
            return ""
        workbook = self.host.workbook
        return next((e.id for e in entry.diff.entities if workbook.find(e.id) is not None), "")
