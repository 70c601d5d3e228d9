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
from textual.widgets.option_list import Option

from ...model import operations
from ...model.entities import Metric, MetricVersion
from ...model.measures import describe_progress, format_number, measured_version
from ...model.workbook import Workbook
from ...safety import inert, one_line
from ...vcs.file_history import HistoryEntry, file_history, version_origins
from ...vcs.plumbing import GitError, git_installed, repo_root, run_git
from .. import editing
from .part_screen import PartScreen

STATUS_STYLE = {"current": "bold green", "proposed": "bold yellow", "superseded": "dim"}
ORIGIN_LIMIT = 200  # commits searched for the one that added each version
NOT_COMMITTED = "not committed yet"


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


def origin_text(origin: HistoryEntry | None, complete: bool) -> Text:
    """The commit that added a version: short hash, date and subject."""
    if origin is None and not complete:
        return Text("commit not found in the history read", style="dim italic")
    if origin is None or origin.commit is None:
        return Text(NOT_COMMITTED, style="dim italic")
    commit = origin.commit
    text = Text("commit ", style="dim")
    text.append(commit.short, style="yellow")
    text.append(f" {commit.date[:10]} ", style="dim")
    text.append(one_line(commit.subject))
    return text


def version_text(number: int, version: MetricVersion, origin: Text | None = None) -> Text:
    text = Text()
    text.append(f"v{number} ", style="bold")
    text.append(version.status, style=STATUS_STYLE.get(version.status, ""))
    text.append(f"  {version.kind}", style="dim")
    if version.date:
        text.append(f"  {version.date.isoformat()}", style="dim")
    if version.author:
        text.append(f"  by {inert(version.author)}", style="dim")
    text.append("\n  ")
    if version.title:
        text.append("renamed to ", style="dim")
        text.append(inert(version.title), style="bold")
        text.append("\n  ")
    text.append(inert(version.definition))
    if version.rationale:
        text.append("\n  why: ", style="italic dim")
        text.append(inert(version.rationale), style="italic")
    if version.values:
        count = len(version.values)
        first, last = version.values[0], version.values[-1]
        span = f", {first.date} to {last.date}" if count > 1 else f", {first.date}"
        text.append(f"\n  {count} measured value{'s' if count > 1 else ''}{span}", style="dim")
        text.append(f"; latest {format_number(last.value)}", style="dim")
    if origin is not None:
        text.append("\n  ")
        text.append_text(origin)
    return text


def values_text(wb: Workbook, metric: Metric) -> Text | None:
    """The line above the sparkline: what it shows and where the outcome stands."""
    version = measured_version(metric)
    if version is None or not version.values:
        return None
    values = [v.value for v in version.values]
    number = metric.versions.index(version) + 1
    text = Text()
    text.append(f"Measured values (v{number}, {len(values)})", style="bold")
    text.append(
        f"  low {format_number(min(values))}  high {format_number(max(values))}", style="dim"
    )
    for outcome_id in sorted(wb.product_outcomes):
        outcome = wb.product_outcomes[outcome_id]
        if outcome.metric != metric.id:
            continue
        marks = []
        if outcome.baseline is not None:
            marks.append(f"baseline {format_number(outcome.baseline)}")
        if outcome.target is not None and outcome.stage == "performance":
            marks.append(f"target {format_number(outcome.target)}")
        if marks:
            text.append("  " + "  ".join(marks), style="dim")
        standing = describe_progress(wb, outcome_id)
        if standing:
            text.append("\n")
            text.append(inert(outcome.title), style="italic")
            text.append(f": {standing}")
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
        yield OptionList(id="versions")
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
        listing = self.query_one("#versions", OptionList)
        if metric is None:
            view.update(Text(f"{self.metric_id} is no longer in the workbook."))
            self._show_values(None)
            listing.clear_options()
            return
        self.sub_title = f"metric history: {metric.id}"
        view.update(heading(metric, self.host.workbook.metric_users(metric.id)))
        self._show_values(metric)
        if self._entries is not None:
            origins = version_origins(self._entries, self.host.workbook)
            self._origins = {i: e for (m, i), e in origins.items() if m == self.metric_id}
        highlighted = listing.highlighted
        # Whoever looks at the newest version keeps looking at the newest (after adding one).
        at_newest = highlighted is None or highlighted >= listing.option_count - 1
        options: list[Option | None] = []
        for index, version in enumerate(metric.versions):
            origin = None
            if self._origins is not None:
                origin = origin_text(self._origins.get(index), self._complete)
            if options:
                options.append(None)
            options.append(Option(version_text(index + 1, version, origin), id=str(index)))
        listing.set_options(options)
        if listing.option_count:
            newest = listing.option_count - 1
            listing.highlighted = newest if at_newest or highlighted is None else highlighted

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
        listing = self.query_one("#versions", OptionList)
        index = listing.highlighted
        if index is None:
            return None
        option_id = listing.get_option_at_index(index).id
        return int(option_id) if option_id is not None else None

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
        if not self.host.read_only:
            editing.new_version_form(self.app, self.metric_id)

    def action_adopt(self) -> None:
        metric = self.host.workbook.metrics.get(self.metric_id)
        if metric is None:
            return
        proposed = [i for i, v in enumerate(metric.versions) if v.status == "proposed"]
        if not proposed:
            self.notify("No proposed version to adopt.")
            return
        index = proposed[-1]
        self.host.apply_edit(
            f"adopt v{index + 1}",
            operations.make_version_current,
            self.metric_id,
            index,
            focus=self.metric_id,
        )
