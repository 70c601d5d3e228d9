"""The explore step of the guided session."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from ....model import operations as op
from ....model import scores
from ....model.entities import Experiment
from ....model.workbook import Workbook
from ...parts.experiments import ExperimentEntry, ExperimentTable
from ...widgets.choice import Choice
from ...widgets.entity_labels import line
from ..room_link import CONTRIBUTE, may
from .step_panel import StepPanel, labelled_options


class ExploreStep(StepPanel):
    STEP = "explore"
    PER_OUTCOME = True
    QUESTION = "Which customer needs could move this outcome, and how will we test our ideas?"
    HINT = (
        "Add opportunities (needs, pains), solutions under them, and experiments with "
        "Impact, Confidence and Ease (1-10). Then each of you scores and votes."
    )
    # On the ranking (a field takes these letters as text): each person scores and votes
    # as themselves; the ranking shows the room's mean, its spread and the votes.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "score", "Score", show=False, id="explore.score"),
        Binding("v", "vote", "Vote", show=False, id="explore.vote"),
        Binding("delete", "withdraw", "Withdraw", show=False, id="explore.withdraw"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Input(
                placeholder="Opportunity: a need or pain, in the customer's words", id="opportunity"
            )
            yield Choice([], prompt="under opportunity", id="opportunity-select")
        with Horizontal(classes="row"):
            yield Input(placeholder="Solution idea", id="solution")
            yield Choice([], prompt="under solution", id="solution-select")
        yield ExperimentEntry(lambda: self.selected("solution-select"))
        yield ExperimentTable(self._branch_experiments, person=self.person, id="ranking")
        yield Static(id="my-score")

    def on_mount(self) -> None:
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

    def _branch_solutions(self) -> list[str]:
        opportunities = set(self._branch_opportunities())
        return sorted(s.id for s in self.wb.solutions.values() if s.opportunity in opportunities)

    def _branch_experiments(self, wb: Workbook) -> list[Experiment]:
        solutions = set(self._branch_solutions())
        return [e for e in wb.experiments.values() if e.solution in solutions]

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
        solutions = self._branch_solutions()
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
        self.query_one(ExperimentTable).show()
        self._show_mine()

    # --- the room's scores ----------------------------------------------------------------

    @property
    def ranking(self) -> ExperimentTable:
        return self.query_one(ExperimentTable)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The ranking's letters act on it only: elsewhere they are the fields' text."""
        if action in ("score", "vote", "withdraw"):
            return self.ranking.has_focus
        return True

    def action_score(self) -> None:
        self.ranking.score()

    def action_vote(self) -> None:
        self.ranking.vote()

    def action_withdraw(self) -> None:
        self.ranking.withdraw()

    @on(DataTable.RowHighlighted, "#ranking")
    def _highlighted(self) -> None:
        self._show_mine()

    def _show_mine(self) -> None:
        """Under the ranking: how to score and vote, and this person's score and vote of
        the highlighted experiment (what the score form is prefilled with)."""
        who = self.person()
        text = Text(style="italic")
        if not may(self.app, CONTRIBUTE):
            text.append("You watch as a viewer: the facilitator and participants score and vote.")
            self.query_one("#my-score", Static).update(text)
            return
        text.append("As ")
        text.append_text(line(who, "bold"))
        text.append(": Enter score · v vote · Del withdraw")
        experiment = self.wb.experiments.get(self.ranking.selected())
        mine = scores.score_of(experiment, who) if experiment is not None else None
        if mine is not None:
            parts = (mine.impact, mine.confidence, mine.ease)
            text.append(" · yours " + "/".join("–" if p is None else str(p) for p in parts))
        if experiment is not None and who in experiment.votes:
            text.append(" · voted")
        self.query_one("#my-score", Static).update(text)

    @on(Input.Submitted, "#opportunity")
    def add_opportunity(self, event: Input.Submitted) -> None:
        if self.outcome_id:
            made = self._add(event, "opportunity", "opportunity-select", outcome=self.outcome_id)
            if made:
                self.coach(made)
                self.query_one("#solution").focus()

    @on(Input.Submitted, "#solution")
    def add_solution(self, event: Input.Submitted) -> None:
        opportunity = self.selected("opportunity-select")
        if event.value.strip() and not opportunity:
            self.notify("Add or pick an opportunity first", severity="warning")
        elif self._add(event, "solution", "solution-select", opportunity=opportunity):
            self.query_one("#experiment").focus()

    def _add(self, event: Input.Submitted, kind: str, select: str, **parent: str) -> str:
        """A new entity of `kind` titled as typed, picked in `select`; its id, or ''."""
        title = event.value.strip()
        if not title:
            return ""
        done = f"{kind.capitalize()} added"
        fields: dict[str, Any] = dict(parent)  # the new entity's parent, for op.create
        made = self.host.attempt(done, op.create, kind, title, done=done, **fields)
        if not made.made or not isinstance(made.extra, str):
            return ""
        event.input.value = ""
        self.refresh_state()
        self.query_one(f"#{select}", Select).value = made.extra
        return made.extra
