"""The graph drawing (NSM down to experiments) in a scrollable list; select a line to jump there.

The networkx graph is built and drawn in a worker thread, so a large workbook
never blocks typing; the drawing is redone after each edit.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, OptionList
from textual.widgets.option_list import Option

from ...model.workbook import Workbook
from ...styling import styled_line
from .part_screen import PartScreen


class GraphScreen(PartScreen):
    """How the work ladders up to the North Star Metric."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "jump", "Show in outline", show=False, id="graph.jump"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._line_nodes: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(Option(Text("drawing…", style="dim"), disabled=True), id="graph-lines")
        yield Footer()

    def refresh_view(self) -> None:
        width = max(40, self.size.width - 4) if self.size.width else 100
        self._draw(self.host.workbook, width)

    @work(thread=True, exclusive=True, group="graph", description="graph")
    def _draw(self, workbook: Workbook, width: int) -> None:
        from ...graph.build import build_graph
        from ...graph.drawing import draw

        errors = {f.entity for f in self.host.findings.items if f.severity == "error"}
        lines = draw(build_graph(workbook), width=width, errors=errors)
        options = [Option(styled_line(line), disabled=line.node is None) for line in lines]
        nodes = [line.node for line in lines]
        self.app.call_from_thread(self._show, options, nodes)

    def _show(self, options: list[Option], nodes: list[str | None]) -> None:
        listing = self.query_one("#graph-lines", OptionList)
        highlighted = listing.highlighted
        self._line_nodes = nodes
        listing.set_options(options)
        if highlighted is not None and highlighted < len(options):
            listing.highlighted = highlighted
        self.sub_title = "graph"

    def jump_target(self) -> str:
        index = self.query_one("#graph-lines", OptionList).highlighted
        node = (
            self._line_nodes[index] if index is not None and index < len(self._line_nodes) else None
        )
        if node and self.host.workbook.find(node) is None and "@" in node:
            node = node.split("@")[0]  # a metric version: show its metric
        return node or ""

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_jump()
