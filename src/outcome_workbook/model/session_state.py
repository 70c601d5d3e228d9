"""The state of a guided session, saved in the workbook so a session can resume next week.

A facilitator walks the team through fixed steps; where they are, what they
skipped and why, the parking lot and the decision log all live in `[session]`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from .errors import WorkbookError

SessionStep = Literal[
    "context",
    "translate",
    "scope",
    "self-check",
    "metric",
    "guardrail",
    "goal",
    "negotiate",
    "explore",
    "review",
]
SESSION_STEPS: tuple[str, ...] = get_args(SessionStep)

STEP_TITLES: dict[str, str] = {
    "context": "Context",
    "translate": "Translate",
    "scope": "Scope",
    "self-check": "Self-check",
    "metric": "Metric",
    "guardrail": "Guardrail",
    "goal": "Goal",
    "negotiate": "Negotiate",
    "explore": "Explore",
    "review": "Review",
}

DEFAULT_TIMEBOX_MINUTES = 10


@dataclass(frozen=True, kw_only=True)
class SkippedStep:
    step: SessionStep
    reason: str


@dataclass(frozen=True, kw_only=True)
class ParkedItem:
    """An off-topic point, kept so it is not lost and not allowed to derail the step."""

    text: str
    step: str = ""
    date: date | None = None


@dataclass(frozen=True, kw_only=True)
class Decision:
    text: str
    step: str = ""
    date: date | None = None


@dataclass(frozen=True, kw_only=True)
class SessionState:
    step: SessionStep = "context"
    business_outcome: str = ""
    outcomes: tuple[str, ...] = ()
    facilitator: str = ""
    started: date | None = None
    timebox_minutes: int = DEFAULT_TIMEBOX_MINUTES
    done: tuple[str, ...] = ()
    skipped: tuple[SkippedStep, ...] = ()
    parking_lot: tuple[ParkedItem, ...] = ()
    decisions: tuple[Decision, ...] = ()

    def step_index(self) -> int:
        return SESSION_STEPS.index(self.step)

    def skip_reason(self, step: str) -> str | None:
        for skipped in reversed(self.skipped):
            if skipped.step == step:
                return skipped.reason
        return None


def check_step(step: str) -> SessionStep:
    if step not in SESSION_STEPS:
        raise WorkbookError(f"unknown session step {step!r}; one of: {', '.join(SESSION_STEPS)}")
    return step  # type: ignore[return-value]


def with_step(state: SessionState, step: str, completed: bool = True) -> SessionState:
    """Move to `step`, marking the step being left as done when `completed`."""
    target = check_step(step)
    done = state.done
    if completed and state.step not in done:
        done = (*done, state.step)
    return dataclasses.replace(state, step=target, done=done)
