"""The explore step of the guided session."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select

from ....model import operations as op
from ....model.errors import WorkbookError
from ....model.workbook import Workbook
from ...widgets.choice import Choice
from ...widgets.entity_labels import line
from .step_panel import StepPanel, labelled_options


class ExploreStep(StepPanel):
    STEP = "explore"
    PER_OUTCOME = True
    QUESTION = "Which customer needs could move this outcome, and how will we test our ideas?"
    HINT = (
        "Add opportunities (needs, pains), solutions under them, and experiments with "
        "Impact, Confidence and Ease from 1 to 10. The ranking updates as you score."
    )

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Input(
                placeholder="Opportunity: a need or pain, in the customer's words", id="opportunity"
            )
            yield Choice([], prompt="under opportunity", id="opportunity-select")
        with Horizontal(classes="row"):
            yield Input(placeholder="Solution idea", id="solution")
            yield Choice([], prompt="under solution", id="solution-select")
        with Horizontal(classes="row"):
            yield Input(placeholder="Experiment (assumption test)", id="experiment")
            yield Input(placeholder="I", id="ice-impact", classes="ice")
            yield Input(placeholder="C", id="ice-confidence", classes="ice")
            yield Input(placeholder="E", id="ice-ease", classes="ice")
        yield DataTable(id="ranking", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#ranking", DataTable)
        mode = self.wb.meta.ice
        # Scores before titles: a long title may run off the right edge, the scores never do.
        table.add_columns("#", f"ICE ({mode})", "I", "C", "E", "Experiment", "Solution")
        self.refresh_state()
        self.query_one("#opportunity").focus()

    def _branch_opportunities(self) -> list[str]:
        if not self.outcome_id:
            return []
        return sorted(
            o.id
            for o in self.wb.opportunities.values()
            if self.wb.outcome_of_opportunity(o.id) == self.outcome_id
        )

    def refresh_state(self) -> None:
        opportunities = self._branch_opportunities()
        opp_select = self.query_one("#opportunity-select", Select)
        chosen_opp = self.selected("opportunity-select")
        with self.prevent(Select.Changed):
            opp_select.set_options(
                labelled_options([(self.wb.opportunities[o].title, o) for o in opportunities])
            )
            if chosen_opp in opportunities:
                opp_select.value = chosen_opp
            elif opportunities:
                opp_select.value = opportunities[-1]
        solutions = sorted(
            s.id for s in self.wb.solutions.values() if s.opportunity in opportunities
        )
        sol_select = self.query_one("#solution-select", Select)
        chosen_sol = self.selected("solution-select")
        with self.prevent(Select.Changed):
            sol_select.set_options(
                labelled_options([(self.wb.solutions[s].title, s) for s in solutions])
            )
            if chosen_sol in solutions:
                sol_select.value = chosen_sol
            elif solutions:
                sol_select.value = solutions[-1]
        mode = self.wb.meta.ice
        experiments = [e for e in self.wb.experiments.values() if e.solution in solutions]
        experiments.sort(key=lambda e: (-(e.ice_score(mode) or 0), e.id))
        table = self.query_one("#ranking", DataTable)
        table.clear()
        for rank, experiment in enumerate(experiments, start=1):
            parts = experiment.ice_parts()
            score = experiment.ice_score(mode)
            solution = self.wb.solutions[experiment.solution]
            table.add_row(
                str(rank),
                "-" if score is None else f"{score:g}",
                *(str(p) for p in (parts or ("-", "-", "-"))),
                line(experiment.title),
                line(solution.title),
                key=experiment.id,
            )

    @on(Input.Submitted, "#opportunity")
    def add_opportunity(self, event: Input.Submitted) -> None:
        title = event.value.strip()
        outcome_id = self.outcome_id
        if not title or not outcome_id:
            return
        created: list[str] = []

        def add(wb: Workbook) -> Workbook:
            wb, new_id = op.create(wb, "opportunity", title, outcome=outcome_id)
            created.append(new_id)
            return wb

        if self.apply(add, "Opportunity added"):
            event.input.value = ""
            self.refresh_state()
            self.query_one("#opportunity-select", Select).value = created[0]
            self.coach(created[0])
            self.query_one("#solution").focus()

    @on(Input.Submitted, "#solution")
    def add_solution(self, event: Input.Submitted) -> None:
        title = event.value.strip()
        opportunity = self.selected("opportunity-select")
        if not title:
            return
        if not opportunity:
            self.notify("Add or pick an opportunity first", severity="warning")
            return
        created: list[str] = []

        def add(wb: Workbook) -> Workbook:
            wb, new_id = op.create(wb, "solution", title, opportunity=opportunity)
            created.append(new_id)
            return wb

        if self.apply(add, "Solution added"):
            event.input.value = ""
            self.refresh_state()
            self.query_one("#solution-select", Select).value = created[0]
            self.query_one("#experiment").focus()

    @on(Input.Submitted, "#experiment, #ice-impact, #ice-confidence")
    def advance(self) -> None:
        self.screen.focus_next()

    @on(Input.Submitted, "#ice-ease")
    def add_experiment(self) -> None:
        title = self.value("experiment").strip()
        solution = self.selected("solution-select")
        if not title or not solution:
            self.notify("Name the experiment and pick a solution first", severity="warning")
            return
        try:
            scores = [self._score(name) for name in ("impact", "confidence", "ease")]
        except WorkbookError as error:
            self.notify(error.message, severity="error", markup=False)
            return

        def add(wb: Workbook) -> Workbook:
            wb, _ = op.create(
                wb,
                "experiment",
                title,
                solution=solution,
                impact=scores[0],
                confidence=scores[1],
                ease=scores[2],
            )
            return wb

        if self.apply(add, "Experiment added"):
            self.clear("experiment", "ice-impact", "ice-confidence", "ice-ease")
            self.refresh_state()
            self.query_one("#experiment").focus()

    def _score(self, name: str) -> int | None:
        text = self.value(f"ice-{name}").strip()
        if not text:
            return None
        if not text.isdigit() or not 1 <= int(text) <= 10:
            raise WorkbookError(f"{name} is a whole number from 1 to 10, got {text!r}")
        return int(text)
