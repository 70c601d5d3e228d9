"""One panel per session step. Each asks one thing and writes the answer through the model."""

from __future__ import annotations

from .context import ContextStep
from .explore import ExploreStep
from .goal import GoalStep
from .guardrail import GuardrailStep
from .metric import MetricStep
from .negotiate import NegotiateStep
from .review import ReviewStep
from .scope import ScopeStep
from .self_check import SelfCheckStep
from .step_panel import StepPanel
from .translate import TranslateStep

STEP_PANELS: dict[str, type[StepPanel]] = {
    panel.STEP: panel
    for panel in (
        ContextStep,
        TranslateStep,
        ScopeStep,
        SelfCheckStep,
        MetricStep,
        GuardrailStep,
        GoalStep,
        NegotiateStep,
        ExploreStep,
        ReviewStep,
    )
}

__all__ = ["STEP_PANELS", "StepPanel"]
