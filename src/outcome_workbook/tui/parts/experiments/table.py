"""Experiments ranked by ICE score (or by any of its parts), with their edits.

The workbench's experiments screen shows every experiment in it; the session's explore
step shows those of the outcome in focus (`scope`). Enter scores the highlighted
experiment; `add` and `edit` open the experiment's form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import cast

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from ....model.entities import Experiment
from ....model.workbook import Workbook
from ... import editing
from ...host import Host
from ...widgets.entity_labels import clip

SORTS = ("ice", "impact", "confidence", "ease", "title")
HEADERS = ("#", "ICE", "I", "C", "E", "experiment", "solution", "status")
# The column a click on a header sorts by.
HEADER_SORTS = {1: "ice", 2: "impact", 3: "confidence", 4: "ease", 5: "title"}
CUT = (5, 6)  # the experiment and its solution: cut to the room left by the others

Scope = Callable[[Workbook], Iterable[Experiment]]


def every_experiment(wb: Workbook) -> Iterable[Experiment]:
    return wb.experiments.values()


def _part(value: int | None) -> Text:
    return Text("–" if value is None else str(value), justify="right")


def _widths(headers: list[str], rows: list[list[Text]]) -> list[int]:
    return [
        max([len(header), *(cells[index].cell_len for cells in rows)])
        for index, header in enumerate(headers)
    ]


class ExperimentTable(DataTable[Text]):
    """The one view of experiments: rank, ICE and its parts first (never cut), then the
    experiment, its solution and its status, cut to the width there is."""

    class Sorted(Message):
        """The order changed (a key, a click on a header): what it is now."""

        def __init__(self, by: str) -> None:
            self.by = by
            super().__init__()

    def __init__(self, scope: Scope = every_experiment, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.scope = scope
        self.sort_by = "ice"
        self._laid_out_for = 0  # the width the titles were last cut for

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    def _key(self, wb: Workbook, experiment: Experiment) -> tuple[float, str]:
        if self.sort_by == "title":
            return (0.0, experiment.title.lower())
        if self.sort_by == "ice":
            value = experiment.ice_score(wb.meta.ice)
        else:
            value = getattr(experiment, self.sort_by)
        return (-(value if value is not None else -1.0), experiment.id)

    def show(self, focus: str = "") -> None:
        """Rebuild from the host's workbook; the cursor stays on its experiment, or goes to
        `focus` (the one just added)."""
        wb = self.host.workbook
        current = focus if focus in wb.experiments else self.selected()
        self.clear(columns=True)
        mode = wb.meta.ice
        headers = [f"ICE ({mode})" if h == "ICE" else h for h in HEADERS]
        ranked = sorted(self.scope(wb), key=lambda e: self._key(wb, e))
        rows = [self._cells(wb, rank, e) for rank, e in enumerate(ranked, start=1)]
        widths = _widths(headers, rows)
        # The title and the solution share what the other columns (never cut) leave.
        self._laid_out_for = self.container_size.width or self.app.size.width
        room = self._laid_out_for - 2 * len(headers) - 2
        room -= sum(w for i, w in enumerate(widths) if i not in CUT)
        title_width = max(12, min(50, room * 3 // 5))
        solution_width = max(8, min(30, room - title_width))
        for cells in rows:
            for index, width in zip(CUT, (title_width, solution_width), strict=True):
                cells[index] = Text(clip(cells[index].plain, width))
        # Widths from the content: a table rebuilt in place would otherwise keep only
        # its headers' widths and cut every cell.
        for header, width in zip(headers, _widths(headers, rows), strict=True):
            self.add_column(Text(header), width=width)
        for experiment, cells in zip(ranked, rows, strict=True):
            self.add_row(*cells, key=experiment.id)
        if current and current in {e.id for e in ranked}:
            self.move_cursor(row=self.get_row_index(current))

    def _cells(self, wb: Workbook, rank: int, experiment: Experiment) -> list[Text]:
        solution = wb.solutions.get(experiment.solution)
        score = experiment.ice_score(wb.meta.ice)
        return [
            Text(str(rank), justify="right"),
            Text("–" if score is None else f"{score:g}", justify="right", style="bold"),
            _part(experiment.impact),
            _part(experiment.confidence),
            _part(experiment.ease),
            Text(experiment.title),
            Text(solution.title if solution else experiment.solution),
            Text(experiment.status),
        ]

    def on_resize(self) -> None:
        # Cut again only for a new width: a rebuild that changes nothing would still
        # move the cursor's row into view and repaint.
        if (
            self.columns
            and (self.container_size.width or self.app.size.width) != self._laid_out_for
        ):
            self.show()

    def selected(self) -> str:
        """The highlighted experiment's id, or ''."""
        if not self.row_count:
            return ""
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return ""
        return str(key.value or "")

    # --- order ----------------------------------------------------------------------------

    def order_by(self, by: str) -> None:
        self.sort_by = by
        self.show()
        self.post_message(self.Sorted(by))

    def cycle_sort(self) -> None:
        self.order_by(SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)])

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        by = HEADER_SORTS.get(event.column_index)
        if by:
            self.order_by(by)

    # --- edits ----------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.score()

    def score(self) -> None:
        """Impact, confidence and ease of the highlighted experiment, in a form."""
        experiment_id = self.selected()
        if experiment_id and not self.host.read_only:
            editing.score_form(self.app, experiment_id)

    def add(self) -> None:
        """A new experiment, under the highlighted one's solution."""
        if self.host.read_only:
            return
        selected = self.host.workbook.experiments.get(self.selected())
        editing.experiment_form(self.app, selected.solution if selected else "")

    def edit(self) -> None:
        """The highlighted experiment's title, hypothesis, status and result."""
        experiment_id = self.selected()
        if not experiment_id:
            self.notify("Highlight an experiment first.")
        elif not self.host.read_only:
            editing.experiment_form(self.app, experiment_id=experiment_id)
