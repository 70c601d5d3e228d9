"""The goal step of the guided session."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Static

from ....model import operations as op
from ....model.entities import ProductOutcome
from ....model.errors import WorkbookError
from ....model.fields import parse_text, spec_map
from ...widgets.answer import LongAnswer
from ...widgets.entity_labels import line
from .step_panel import StepPanel


class GoalStep(StepPanel):
    STEP = "goal"
    PER_OUTCOME = True
    QUESTION = "Do we know what moves this metric yet?"
    HINT = (
        "If not, set a learning goal. Only once you know what moves it, set a performance "
        "goal with baseline, target and deadline."
    )

    def compose(self) -> ComposeResult:
        yield Static(id="goal-current")
        yield Label("Learning goal", classes="field-label")
        yield LongAnswer(
            "e.g. Learn which onboarding steps predict a second session", id="learning-goal"
        )
        yield Label("Performance goal", classes="field-label")
        with Horizontal(classes="row"):
            yield Input(placeholder="Baseline", id="goal-baseline")
            yield Input(placeholder="Target", id="goal-target")
            yield Input(placeholder="Unit (%, per week...)", id="goal-unit")
            yield Input(placeholder="Deadline YYYY-MM-DD", id="goal-deadline")
        yield Button("Set performance goal", id="set-performance")

    def on_mount(self) -> None:
        outcome = self.outcome
        if outcome is not None:
            self.field("learning-goal").value = outcome.learning_goal
            for name in ("baseline", "target", "unit", "deadline"):
                value = getattr(outcome, name)
                self.query_one(f"#goal-{name}", Input).value = (
                    ""
                    if value is None
                    else (f"{value:g}" if isinstance(value, float) else str(value))
                )
        self.refresh_state()
        self.query_one("#learning-goal").focus()

    def refresh_state(self) -> None:
        outcome = self.outcome
        current = self.query_one("#goal-current", Static)
        if outcome is None:
            current.update("")
            return
        if outcome.stage == "performance":
            current.update(
                Text.assemble(
                    ("Performance goal: ", "bold"),
                    f"{outcome.baseline:g} → {outcome.target:g}"
                    if outcome.baseline is not None and outcome.target is not None
                    else "",
                    line(f" {outcome.unit}"),
                    f" by {outcome.deadline}",
                )
            )
        elif outcome.learning_goal:
            current.update(Text.assemble(("Learning goal: ", "bold"), line(outcome.learning_goal)))
        else:
            current.update(Text("No goal yet.", "italic"))

    @on(LongAnswer.Submitted, "#learning-goal")
    def set_learning(self, event: LongAnswer.Submitted) -> None:
        outcome = self.outcome
        goal = event.value.strip()
        if outcome is None or not goal:
            return
        if self.apply(
            lambda wb: op.set_goal(
                wb, outcome.id, stage="learning", learning_goal=goal, unit=outcome.unit
            ),
            "Learning goal set",
        ):
            self.refresh_state()
            self.coach(outcome.id)

    @on(Input.Submitted, "#goal-baseline, #goal-target, #goal-unit")
    def advance(self) -> None:
        self.screen.focus_next()

    @on(Input.Submitted, "#goal-deadline")
    @on(Button.Pressed, "#set-performance")
    def set_performance(self) -> None:
        outcome = self.outcome
        if outcome is None:
            return
        specs = spec_map(ProductOutcome)
        try:
            baseline = parse_text(specs["baseline"], self.value("goal-baseline"), "baseline")
            target = parse_text(specs["target"], self.value("goal-target"), "target")
            deadline = parse_text(specs["deadline"], self.value("goal-deadline"), "deadline")
        except WorkbookError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        unit = self.value("goal-unit").strip()
        if self.apply(
            lambda wb: op.set_goal(
                wb,
                outcome.id,
                stage="performance",
                baseline=baseline,
                target=target,
                deadline=deadline,
                unit=unit,
            ),
            "Performance goal set",
        ):
            self.refresh_state()
            self.coach(outcome.id)
