"""The Markdown summary a guided session ends with, ready to paste into chat or a wiki.

It records what the room agreed: decisions, the outcomes with their metrics,
guardrails, goals (with a chart of the values measured so far) and sign-offs,
what is still open, and the parking lot.
"""

from __future__ import annotations

from datetime import date

from ..model import scores
from ..model.agreement import agreement_of, ask_path
from ..model.entities import SELF_CHECK_QUESTIONS, ProductOutcome
from ..model.measures import describe_progress
from ..model.session_state import SESSION_STEPS, STEP_TITLES, SessionState
from ..model.workbook import Workbook
from .escape import cell
from .escape import inline as md
from .xychart import metric_chart


def session_outcomes(wb: Workbook) -> list[ProductOutcome]:
    """The product outcomes the session worked on, in the order they were added."""
    state = wb.session
    if state is not None and state.outcomes:
        return [wb.product_outcomes[o] for o in state.outcomes if o in wb.product_outcomes]
    if state is not None and state.business_outcome:
        return wb.outcomes_driving(state.business_outcome)
    return [wb.product_outcomes[i] for i in sorted(wb.product_outcomes)]


def _goal(outcome: ProductOutcome) -> str:
    if outcome.stage == "performance":
        unit = outcome.unit
        return (
            f"performance goal: from {outcome.baseline:g}{md(unit)} to "
            f"{outcome.target:g}{md(unit)} by {outcome.deadline}"
            if outcome.baseline is not None
            and outcome.target is not None
            and outcome.deadline is not None
            else "performance goal (incomplete)"
        )
    if outcome.learning_goal:
        return f"learning goal: {md(outcome.learning_goal)}"
    return "no goal set yet"


def _outcome_section(wb: Workbook, outcome: ProductOutcome) -> list[str]:
    lines = [f"### {md(outcome.title)}", ""]
    agreement = agreement_of(wb, outcome)
    lines.append(f"- Status: {md(agreement.summary())}")
    path = ask_path(outcome, agreement)
    if path:
        lines.append(f"- Targets asked: {md(' → '.join(path))}")
    if outcome.scope:
        why = f" (why: {md(outcome.scope_why)})" if outcome.scope_why else ""
        lines.append(f"- Scope: {md(outcome.scope)}{why}")
    metric = wb.metrics.get(outcome.metric)
    if metric is not None:
        version = metric.latest()
        versions = len(metric.versions)
        history = f", version {versions} after {versions - 1} change(s)" if versions > 1 else ""
        if version is not None:
            lines.append(
                f"- Metric: {md(metric.title)}: {md(version.definition)} ({version.kind}{history})"
            )
            if version.rationale:
                lines.append(f"  - Why this version: {md(version.rationale)}")
    else:
        lines.append("- Metric: not defined yet")
    lines.append(f"- Goal: {_goal(outcome)}")
    standing = describe_progress(wb, outcome.id)
    if standing:
        label = "Progress" if outcome.stage == "performance" else "Values so far"
        lines.append(f"- {label}: {md(standing)}")
    guardrails = wb.guardrails_of(outcome.id)
    for guardrail in guardrails:
        guard_metric = wb.metrics.get(guardrail.metric)
        name = guard_metric.title if guard_metric else guardrail.metric
        why = f" (why: {md(guardrail.why)})" if guardrail.why else ""
        lines.append(f"- Guardrail: {md(name)} {guardrail.describe_rule()}{why}")
    if not guardrails:
        lines.append("- Guardrail: none yet")
    signoff = outcome.signoff
    for side in ("leadership", "team"):
        name = getattr(signoff, side)
        when = getattr(signoff, f"{side}_date")
        if name:
            lines.append(f"- Signed by {side}: {md(name)}" + (f" on {when}" if when else ""))
        else:
            lines.append(f"- Signed by {side}: not yet")
    lines.append("")
    chart = metric_chart(wb, metric) if metric is not None else None
    if chart is not None:
        lines += ["```mermaid", chart.rstrip("\n"), "```", ""]
    return lines


def _open_questions(wb: Workbook, outcomes: list[ProductOutcome]) -> list[str]:
    questions: list[str] = []
    for outcome in outcomes:
        for name in outcome.self_check.unanswered():
            questions.append(f"{md(outcome.title)}: {SELF_CHECK_QUESTIONS[name]}")
        for entry in outcome.negotiation:
            if entry.kind == "concern":
                questions.append(
                    f"{md(outcome.title)}: concern from {entry.side}: {md(entry.text)}"
                )
        if not outcome.signoff.is_complete():
            missing = [s for s in ("leadership", "team") if not getattr(outcome.signoff, s)]
            questions.append(
                f"{md(outcome.title)}: waiting for sign-off from {' and '.join(missing)}"
            )
    return questions


def _steps(state: SessionState) -> list[str]:
    lines: list[str] = []
    for step in SESSION_STEPS:
        reason = state.skip_reason(step)
        if reason is not None:
            mark = f"skipped: {md(reason)}"
        elif step in state.done:
            mark = "done"
        elif step == state.step:
            mark = "in progress"
        else:
            mark = "not reached"
        lines.append(f"| {STEP_TITLES[step]} | {mark} |")
    return lines


def session_summary(wb: Workbook, today: date | None = None) -> str:
    """The whole summary as Markdown text."""
    state = wb.session or SessionState()
    outcomes = session_outcomes(wb)
    lines = [f"# Session summary: {md(wb.meta.title)}", ""]
    facts = []
    if state.started:
        facts.append(f"started {state.started}")
    if today:
        facts.append(f"summary written {today}")
    if state.facilitator:
        facts.append(f"facilitated by {md(state.facilitator)}")
    if wb.meta.team:
        facts.append(f"team: {md(wb.meta.team)}")
    if facts:
        sentence = "; ".join(facts)
        lines += [sentence[0].upper() + sentence[1:], ""]
    north_star = wb.north_stars.get(wb.meta.north_star)
    if north_star is not None:
        lines += [f"North Star Metric: **{md(north_star.title)}**", ""]
    business = wb.business_outcomes.get(state.business_outcome)
    if business is not None:
        lines += ["## Business outcome", "", f"**{md(business.title)}**", ""]
        for label, value in (
            ("Measure", business.measure),
            ("Why now", business.why_now),
            ("Constraints", business.constraints),
            ("Owner", business.owner),
        ):
            if value:
                lines.append(f"- {label}: {md(value)}")
        lines.append("")
    lines += ["## Decisions", ""]
    lines += [f"- {md(d.text)}" + (f" ({d.step})" if d.step else "") for d in state.decisions]
    if not state.decisions:
        lines.append("- none recorded")
    lines += ["", "## Product outcomes", ""]
    for outcome in outcomes:
        lines += _outcome_section(wb, outcome)
    if not outcomes:
        lines += ["No product outcomes yet.", ""]
    experiments = sorted(
        (
            e
            for e in wb.experiments.values()
            if wb.outcome_of_opportunity(
                wb.solutions[e.solution].opportunity if e.solution in wb.solutions else ""
            )
            in {o.id for o in outcomes}
        ),
        key=lambda e: scores.rank_key(e, wb.meta.ice),
    )
    if experiments:
        lines += [f"## First experiments (ICE, {wb.meta.ice} of impact, confidence, ease)", ""]
        lines += [
            "| Experiment | I | C | E | ICE | Votes |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for experiment in experiments[:10]:
            i, c, e = scores.parts_text(experiment)
            shown = scores.describe(experiment, wb.meta.ice)
            votes = len(experiment.votes)
            lines.append(f"| {cell(experiment.title)} | {i} | {c} | {e} | {shown} | {votes} |")
        lines.append("")
    questions = _open_questions(wb, outcomes)
    lines += ["## Open questions", ""]
    lines += [f"- {q}" for q in questions] or ["- none"]
    lines += ["", "## Parking lot", ""]
    lines += [f"- {md(item.text)}" for item in state.parking_lot] or ["- empty"]
    lines += ["", "## Steps", "", "| Step | Status |", "| --- | --- |", *_steps(state), ""]
    return "\n".join(lines)
