"""A scored experiment typed in one row: title, then impact, confidence and ease.

Enter moves along the row; Enter on ease adds the experiment under the solution its
owner names (`solution`), as one edit. What the session's explore step types into.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input

from ....model import operations as op
from ....model.entities import Experiment
from ....model.errors import WorkbookError
from ....model.fields import parse_text, spec_map
from ...host import Host

SCORES = ("impact", "confidence", "ease")


class ExperimentEntry(Horizontal):
    class Added(Message):
        """An experiment was added from the row (its id)."""

        def __init__(self, experiment_id: str) -> None:
            self.experiment_id = experiment_id
            super().__init__()

    def __init__(self, solution: Callable[[], str]) -> None:
        super().__init__(classes="row")
        self.solution = solution

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Experiment (assumption test)", id="experiment")
        for name in SCORES:
            yield Input(placeholder=name[0].upper(), id=f"ice-{name}", classes="ice")

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    @on(Input.Submitted, "#experiment, #ice-impact, #ice-confidence")
    def _advance(self) -> None:
        self.screen.focus_next()

    @on(Input.Submitted, "#ice-ease")
    def _add(self) -> None:
        self.add()

    def _field(self, name: str) -> Input:
        return self.query_one(f"#{name}", Input)

    def add(self) -> None:
        title = self._field("experiment").value.strip()
        solution = self.solution()
        if not title or not solution:
            self.notify("Name the experiment and pick a solution first", severity="warning")
            return
        try:
            scores = {
                name: parse_text(spec_map(Experiment)[name], self._field(f"ice-{name}").value, name)
                for name in SCORES
            }
        except WorkbookError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        made = self.host.attempt(
            "add experiment",
            op.create,
            "experiment",
            title,
            done="Experiment added",
            solution=solution,
            **scores,
        )
        if not made.made:
            return
        for name in ("experiment", *(f"ice-{n}" for n in SCORES)):
            self._field(name).value = ""
        self._field("experiment").focus()
        if isinstance(made.extra, str):
            self.post_message(self.Added(made.extra))
