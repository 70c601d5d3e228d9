"""A metric's versions, oldest first, so the story of what the team learned reads top to
bottom; the newest is highlighted. `new_version` opens the form for a new definition
(a reason is required), `adopt` makes the newest proposed version current."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ....model import operations
from ....vcs.file_history import HistoryEntry
from ... import editing
from ...host import Host
from .text import origin_text, version_text


class VersionTimeline(OptionList):
    DEFAULT_CSS = """
    VersionTimeline { height: auto; max-height: 12; }
    """

    def __init__(self, metric_id: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.metric_id = metric_id

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    def show(
        self, origins: Mapping[int, HistoryEntry] | None = None, complete: bool = True
    ) -> None:
        """Refill from the host's workbook; `origins` (version index -> the commit that
        added it) when the workbook's git history has been read."""
        metric = self.host.workbook.metrics.get(self.metric_id)
        if metric is None:
            self.set_options([Option(Text("No metric yet.", "italic"), disabled=True)])
            return
        highlighted = self.highlighted
        # Whoever looks at the newest version keeps looking at the newest (after adding one).
        at_newest = highlighted is None or highlighted >= self.option_count - 1
        options: list[Option | None] = []
        for index, version in enumerate(metric.versions):
            origin = None
            if origins is not None:
                origin = origin_text(origins.get(index), complete)
            if options:
                options.append(None)
            options.append(Option(version_text(index + 1, version, origin), id=str(index)))
        self.set_options(options)
        if self.option_count:
            newest = self.option_count - 1
            self.highlighted = newest if at_newest or highlighted is None else highlighted

    def highlighted_version(self) -> int | None:
        """The index in the metric's versions of the highlighted one."""
        index = self.highlighted
        if index is None:
            return None
        option_id = self.get_option_at_index(index).id
        return int(option_id) if option_id is not None else None

    # --- edits ----------------------------------------------------------------------------

    def new_version(self) -> None:
        if self.metric_id and not self.host.read_only:
            editing.new_version_form(self.app, self.metric_id)

    def adopt(self) -> None:
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
