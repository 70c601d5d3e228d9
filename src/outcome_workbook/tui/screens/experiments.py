"""Every experiment in one table, sortable by ICE score or by any of its parts."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header

from ...model.entities import Experiment
from .. import editing
from ..widgets.entity_labels import clip
from .part_screen import PartScreen

SORTS = ("ice", "impact", "confidence", "ease", "title")
# What the status, I, C, E and ICE columns take at most, before cell padding.
_FIXED_WIDTH = 12 + 3 * 2 + 14


class ExperimentsScreen(PartScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "cycle_sort",
            "Sort",
            id="experiments.sort",
            tooltip="Sort by the next column: ICE, impact, confidence, ease, title",
        ),
        Binding(
            "i",
            "sort('ice')",
            "By ICE",
            show=False,
            id="experiments.sort_ice",
            tooltip="Sort by ICE score, best first",
        ),
        Binding(
            "enter,x",
            "score",
            "Score",
            id="experiments.score",
            tooltip="Score impact, confidence and ease of the highlighted experiment",
        ),
        Binding("a", "add", "Add", id="experiments.add", tooltip="A new experiment"),
        Binding(
            "e",
            "edit",
            "Edit",
            id="experiments.edit",
            tooltip="Its title, hypothesis, status and result",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_by = "ice"

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[Text] = DataTable(id="experiment-table", cursor_type="row")
        yield table
        yield Footer()

    def _key(self, experiment: Experiment) -> tuple[float, str]:
        if self.sort_by == "title":
            return (0.0, experiment.title.lower())
        if self.sort_by == "ice":
            value = experiment.ice_score(self.host.workbook.meta.ice)
        else:
            value = getattr(experiment, self.sort_by)
        return (-(value if value is not None else -1.0), experiment.id)

    def refresh_view(self) -> None:
        wb = self.host.workbook
        table = self.query_one("#experiment-table", DataTable)
        current = self.changed_focus if self.changed_focus in wb.experiments else self._selected()
        table.clear(columns=True)
        mode = wb.meta.ice
        headers = ["experiment", "solution", "status", "I", "C", "E", f"ICE ({mode})"]
        rows: list[tuple[str, list[Text]]] = []
        # The title and the solution share what the other columns leave of the screen.
        room = max(24, self.app.size.width - 2 * len(headers) - _FIXED_WIDTH)
        title_width, solution_width = min(50, room * 3 // 5), min(30, room - room * 3 // 5)
        for experiment in sorted(wb.experiments.values(), key=self._key):
            solution = wb.solutions.get(experiment.solution)
            score = experiment.ice_score(mode)

            def part(value: int | None) -> Text:
                return Text("–" if value is None else str(value), justify="right")

            cells = [
                Text(clip(experiment.title, title_width)),
                Text(clip(solution.title if solution else experiment.solution, solution_width)),
                Text(experiment.status),
                part(experiment.impact),
                part(experiment.confidence),
                part(experiment.ease),
                Text("–" if score is None else f"{score:g}", justify="right", style="bold"),
            ]
            rows.append((experiment.id, cells))
        # Widths from the content: a table rebuilt in place would otherwise keep only
        # its headers' widths and cut every cell.
        for index, header in enumerate(headers):
            width = max([len(header), *(cells[index].cell_len for _, cells in rows)])
            table.add_column(Text(header), width=width)
        for experiment_id, cells in rows:
            table.add_row(*cells, key=experiment_id)
        self.sub_title = f"experiments, by {self.sort_by}"
        if current and current in wb.experiments:
            table.move_cursor(row=table.get_row_index(current))

    def on_resize(self) -> None:
        self.refresh_view()

    def _selected(self) -> str:
        table = self.query_one("#experiment-table", DataTable)
        if not table.row_count:
            return ""
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return ""
        return str(key.value or "")

    def jump_target(self) -> str:
        return self._selected()

    def action_sort(self, by: str) -> None:
        self.sort_by = by
        self.refresh_view()

    def action_cycle_sort(self) -> None:
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]
        self.refresh_view()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        by = {3: "impact", 4: "confidence", 5: "ease", 6: "ice", 0: "title"}.get(event.column_index)
        if by:
            self.action_sort(by)

    def action_score(self) -> None:
        experiment_id = self._selected()
        if experiment_id and not self.host.read_only:
            editing.score_form(self.app, experiment_id)

    @on(DataTable.RowSelected)
    def _row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_score()

    def action_add(self) -> None:
        if self.host.read_only:
            return
        selected = self.host.workbook.experiments.get(self._selected())
        editing.experiment_form(self.app, selected.solution if selected else "")

    def action_edit(self) -> None:
        experiment_id = self._selected()
        if not experiment_id:
            self.notify("Highlight an experiment first.")
        elif not self.host.read_only:
            editing.experiment_form(self.app, experiment_id=experiment_id)
