"""Self-check rules (OW2xx): the four questions every product outcome should pass.

The answers are the team's own, recorded in `[product_outcome.ID.self_check]`.
An answer that fails is reported under that question's code; questions left
blank or "unsure" are reported together, more gently.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.entities import SELF_CHECK_FAILS, SELF_CHECK_QUESTIONS
from .finding import Finding
from .quote import quote
from .registry import CheckContext, rule

OUTCOME = ("product_outcome",)  # each finding reads its outcome alone

# question -> (what its failing answer means, the coaching question)
_FAILING: dict[str, tuple[str, str]] = {
    "behaviour": (
        "the team says it measures neither a change in behaviour nor a sentiment tied to value",
        "What would customers do differently if this went well? Measure that change.",
    ),
    "without_helping": (
        "the team says it could be hit without helping customers, which makes it an output",
        "How could it be met without anyone being better off? Change the measure until "
        "that is no longer possible.",
    ),
    "single_feature": (
        "the team says it is the adoption of a single feature",
        "What result do customers and the business care about that this feature serves? "
        "Measure that, whichever feature gets them there.",
    ),
    "guarded": (
        "the team says no counter-metric protects against unintended harm",
        "What could this metric push the team to break? Add a guardrail for it.",
    ),
}


def _failures(ctx: CheckContext, question: str) -> Iterator[Finding]:
    meaning, coaching = _FAILING[question]
    bad = SELF_CHECK_FAILS[question]
    for outcome_id, outcome in ctx.subjects(ctx.workbook.product_outcomes):
        if getattr(outcome.self_check, question) == bad:
            yield ctx.finding(
                outcome_id,
                "product_outcome",
                f'the self-check question "{SELF_CHECK_QUESTIONS[question]}" is answered '
                f'"{bad}": {meaning}',
                coaching,
                path=f"product_outcome.{outcome_id}.self_check",
            )


@rule(
    "OW201",
    "self-check-behaviour",
    "warning",
    "self-check: not a behaviour or sentiment",
    about=OUTCOME,
)
def self_check_behaviour(ctx: CheckContext) -> Iterator[Finding]:
    return _failures(ctx, "behaviour")


@rule(
    "OW202",
    "self-check-without-helping",
    "warning",
    "self-check: met without helping",
    about=OUTCOME,
)
def self_check_without_helping(ctx: CheckContext) -> Iterator[Finding]:
    return _failures(ctx, "without_helping")


@rule(
    "OW203",
    "self-check-single-feature",
    "warning",
    "self-check: one feature's adoption",
    about=OUTCOME,
)
def self_check_single_feature(ctx: CheckContext) -> Iterator[Finding]:
    return _failures(ctx, "single_feature")


@rule(
    "OW204", "self-check-guarded", "warning", "self-check: no protection from harm", about=OUTCOME
)
def self_check_guarded(ctx: CheckContext) -> Iterator[Finding]:
    return _failures(ctx, "guarded")


@rule("OW205", "self-check-incomplete", "hint", "self-check questions left open", about=OUTCOME)
def self_check_incomplete(ctx: CheckContext) -> Iterator[Finding]:
    for outcome_id, outcome in ctx.subjects(ctx.workbook.product_outcomes):
        open_questions = outcome.self_check.unanswered()
        if not open_questions:
            continue
        count = len(open_questions)
        named = ", ".join(question.replace("_", " ") for question in open_questions)
        yield ctx.finding(
            outcome_id,
            "product_outcome",
            f"{quote(outcome.title)} has {count} self-check question"
            f"{'s' if count > 1 else ''} still open ({named})",
            "Answer it together: " + SELF_CHECK_QUESTIONS[open_questions[0]],
            path=f"product_outcome.{outcome_id}.self_check",
        )
