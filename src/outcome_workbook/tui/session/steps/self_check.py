"""The self-check step of the guided session."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label, ListItem, ListView

from ....model import operations as op
from ....model.entities import SELF_CHECK_QUESTIONS
from .step_panel import StepPanel

_ANSWER_MARKS = {"open": ("?", "yellow"), "pass": ("✓", "green"), "fail": ("✗", "red")}


class SelfCheckStep(StepPanel):
    STEP = "self-check"
    PER_OUTCOME = True
    QUESTION = "Does this outcome pass the four questions?"
    HINT = "Highlight a question and answer with y (yes), n (no) or u (unsure)."
    # Not in the footer, which has no room for them at 80 columns: the hint says them.
    BINDINGS: ClassVar = [
        Binding("y", "answer('yes')", "Yes", show=False),
        Binding("n", "answer('no')", "No", show=False),
        Binding("u", "answer('unsure')", "Unsure", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield ListView(id="questions")

    def on_mount(self) -> None:
        self.refresh_state()
        questions = self.query_one("#questions", ListView)
        outcome = self.outcome
        if outcome is not None:
            unanswered = outcome.self_check.unanswered()
            names = list(SELF_CHECK_QUESTIONS)
            questions.index = names.index(unanswered[0]) if unanswered else 0
        questions.focus()

    def refresh_state(self) -> None:
        outcome = self.outcome
        questions = self.query_one("#questions", ListView)
        index = questions.index
        questions.clear()
        for name, question in SELF_CHECK_QUESTIONS.items():
            answer = getattr(outcome.self_check, name) if outcome else ""
            state = outcome.self_check.answer_state(name) if outcome else "open"
            mark, style = _ANSWER_MARKS[state]
            text = Text(f"{mark} ", style=f"bold {style}")
            text.append(question)
            text.append(f"   {answer or 'not answered'}", style="bold")
            questions.append(ListItem(Label(text), name=name))
        questions.index = index

    def action_answer(self, answer: str) -> None:
        outcome = self.outcome
        questions = self.query_one("#questions", ListView)
        if outcome is None or questions.index is None:
            return
        name = list(SELF_CHECK_QUESTIONS)[questions.index]
        if self.apply(lambda wb: op.set_self_check(wb, outcome.id, name, answer)):
            self.refresh_state()
            questions.index = min(questions.index + 1, len(SELF_CHECK_QUESTIONS) - 1)
            self.coach(outcome.id)
