"""A metric's versions as a timeline: definition, reason for the change, date, status.

Above the versions, the measured values of the current version (else the newest)
as a sparkline with a one-line summary: the latest value, baseline and target,
and where the outcome stands. Each version says how many values it holds, so a
value measured before a definition changed is read against its own version.

When the workbook is in a git repository, each version also names the commit
that added it (read in a worker); enter on a version opens that commit in the
history screen, so "why did we change this metric?" has a who and a when.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, OptionList, Sparkline, Static

from ...model.entities import Metric
from ...model.measures import measured_version
from ...safety import inert
from ...vcs.file_history import HistoryEntry, file_history, version_origins
from ...vcs.plumbing import GitError, git_installed, repo_root, run_git
from ..parts.metric_versions import NOT_COMMITTED, VersionTimeline, values_text
from .part_screen import PartScreen

ORIGIN_LIMIT = 200  # commits searched for the one that added each version


_cache: dict[tuple[str, str, int, int], tuple[list[HistoryEntry], bool]] = {}


def read_history(path: Path) -> tuple[list[HistoryEntry], bool]:
    """The file's history and whether it is complete (every commit read, none unreadable).

    Kept while neither HEAD nor the file changes, so opening the next metric's history
    does not read and compare every commit again.
    """
    stat = path.stat()
    try:
        head = run_git(["rev-parse", "--verify", "-q", "HEAD"], cwd=path.parent).decode()
    except GitError:
        head = ""  # no commit yet
    key = (str(path.resolve()), head, stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        entries = file_history(path, ORIGIN_LIMIT)
        commits = sum(1 for e in entries if e.commit is not None)
        complete = commits < ORIGIN_LIMIT and all(e.diff is not None for e in entries)
        _cache.clear()
        _cache[key] = (entries, complete)
    return _cache[key]


def heading(metric: Metric, users: list[str]) -> Text:
    text = Text()
    text.append(inert(metric.title), style="bold")
    text.append(f"  ({metric.id})", style="dim")
    if users:
        text.append("\nused by: ", style="dim")
        text.append(", ".join(users))
    if not metric.versions:
        text.append("\n\nNo versions yet: press v to add the first definition.", style="italic")
    return text


class MetricHistoryScreen(PartScreen):
    """Read the history; `v` adds a version (a rationale is required), `c` adopts a proposal.

    Versions are listed oldest first, so the story of what the team learned reads top to
    bottom; the newest is highlighted.
    """

    DEFAULT_CSS = """
    MetricHistoryScreen #timeline {
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
    }
    MetricHistoryScreen #values-summary {
        height: auto;
        padding: 0 1;
    }
    MetricHistoryScreen #values-spark {
        height: 3;
        margin: 0 1 1 1;
    }
    MetricHistoryScreen #versions {
        height: 1fr;
        max-height: 100%;
        border: none;
        padding: 0 1;
        background: transparent;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "v",
            "new_version",
            "New version",
            id="history.new_version",
            tooltip="A new definition, with the reason for the change",
        ),
        Binding(
            "c",
            "adopt",
            "Adopt proposed",
            id="history.adopt",
            tooltip="Make the proposed version current (the current one is superseded)",
        ),
        Binding(
            "enter",
            "open_commit",
            "Open commit",
            show=False,
            id="history.commit",
            tooltip="Show the commit that added the highlighted version, with its changes",
        ),
    ]

    def __init__(self, metric_id: str) -> None:
        super().__init__()
        self.metric_id = metric_id
        self._entries: Sequence[HistoryEntry] | None = None
        self._origins: dict[int, HistoryEntry] | None = None
        self._complete = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="timeline")
        yield Static("", id="values-summary")
        yield Sparkline([], id="values-spark")
        yield VersionTimeline(self.metric_id, id="versions")
        yield Footer()

    @property
    def path(self) -> Path | None:
        path = getattr(self.app, "path", None)
        return path if isinstance(path, Path) else None

    def on_mount(self) -> None:
        super().on_mount()
        if self.path is not None:
            self._load_origins(self.path)

    def refresh_view(self) -> None:
        metric = self.host.workbook.metrics.get(self.metric_id)
        view = self.query_one("#timeline", Static)
        if metric is not None and self._entries is not None:
            origins = version_origins(self._entries, self.host.workbook)
            self._origins = {i: e for (m, i), e in origins.items() if m == self.metric_id}
        self.timeline.show(self._origins, self._complete)
        if metric is None:
            view.update(Text(f"{self.metric_id} is no longer in the workbook."))
            self._show_values(None)
            return
        self.sub_title = f"metric history: {metric.id}"
        view.update(heading(metric, self.host.workbook.metric_users(metric.id)))
        self._show_values(metric)

    @property
    def timeline(self) -> VersionTimeline:
        return self.query_one(VersionTimeline)

    def _show_values(self, metric: Metric | None) -> None:
        summary = self.query_one("#values-summary", Static)
        spark = self.query_one("#values-spark", Sparkline)
        text = values_text(self.host.workbook, metric) if metric is not None else None
        version = measured_version(metric) if metric is not None else None
        summary.display = spark.display = text is not None
        if text is None or version is None:
            return
        summary.update(text)
        spark.data = [float(v.value) for v in version.values]

    # --- the commit behind each version ------------------------------------------------

    @work(thread=True, exclusive=True, group="metric-origins")
    def _load_origins(self, path: Path) -> None:
        """The file's history, newest first, read once (the version matching is cheap)."""
        if not git_installed() or repo_root(path) is None:
            return
        try:
            entries, complete = read_history(path)
        except (GitError, OSError):
            return
        self.app.call_from_thread(self._origins_ready, entries, complete)

    def _origins_ready(self, entries: Sequence[HistoryEntry], complete: bool) -> None:
        self._entries = entries
        self._complete = complete
        self.refresh_view()

    def highlighted_version(self) -> int | None:
        return self.timeline.highlighted_version()

    @on(OptionList.OptionSelected, "#versions")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_commit()

    def action_open_commit(self) -> None:
        from .history import HistoryScreen

        index = self.highlighted_version()
        if index is None or self.path is None:
            return
        if self._origins is None:
            self.notify("The history comes from git: this workbook is not in a repository.")
            return
        origin = self._origins.get(index)
        if origin is None or origin.commit is None:
            self.notify(f"v{index + 1} is {NOT_COMMITTED}.")
            return
        self.app.push_screen(HistoryScreen(self.path, select=origin.commit.sha))

    # --- editing -----------------------------------------------------------------------

    def jump_target(self) -> str:
        return self.metric_id

    def action_new_version(self) -> None:
        self.timeline.new_version()

    def action_adopt(self) -> None:
        self.timeline.adopt()
