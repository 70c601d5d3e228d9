"""Every experiment in one table, sortable by ICE score or by any of its parts.

The table and its edits are the experiments part (`tui/parts/experiments/`); this
screen adds the workbench's keys.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header

from ..parts.experiments import ExperimentTable
from .part_screen import PartScreen


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

    def compose(self) -> ComposeResult:
        yield Header()
        yield ExperimentTable(id="experiment-table")
        yield Footer()

    @property
    def table(self) -> ExperimentTable:
        return self.query_one(ExperimentTable)

    def refresh_view(self) -> None:
        self.table.show(self.changed_focus)
        self.sub_title = f"experiments, by {self.table.sort_by}"

    def jump_target(self) -> str:
        return self.table.selected()

    def action_sort(self, by: str) -> None:
        self.table.order_by(by)

    def action_cycle_sort(self) -> None:
        self.table.cycle_sort()

    @on(ExperimentTable.Sorted)
    def _sorted(self, event: ExperimentTable.Sorted) -> None:
        self.sub_title = f"experiments, by {event.by}"

    def action_score(self) -> None:
        self.table.score()

    def action_add(self) -> None:
        self.table.add()

    def action_edit(self) -> None:
        self.table.edit()
