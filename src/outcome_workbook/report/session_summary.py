"""The Markdown summary a guided session ends with, ready to paste into chat or a wiki.

It records what a facilitator sends afterwards: decisions; each outcome with the
wording it was reframed from, the scope options weighed, its metric, guardrails,
performance and learning goals (with a chart of the values measured so far), what
each side asked for and what each signed; the opportunity solution tree with its
ranked experiments; the next steps with their owners; what is still open, and the
parking lot.
"""

from __future__ import annotations

from datetime import date

from ..model.agreement import Agreement, agreement_of, ask_path
from ..model.entities import SELF_CHECK_QUESTIONS, SIDES, ProductOutcome, Signature
from ..model.measures import describe_progress, is_percentage
from ..model.session_record import reframed_from, scope_options
from ..model.session_state import SESSION_STEPS, STEP_TITLES, SessionState
from ..model.workbook import Workbook
from .escape import inline as md
from .session_experiments import next_step_lines, tree_lines
from .xychart import metric_chart


def session_outcomes(wb: Workbook) -> list[ProductOutcome]:
    """The product outcomes the session worked on, in the order they were added."""
    state = wb.session
    if state is not None and state.outcomes:
        return [wb.product_outcomes[o] for o in state.outcomes if o in wb.product_outcomes]
    if state is not None and state.business_outcome:
        return wb.outcomes_driving(state.business_outcome)
    return [wb.product_outcomes[i] for i in sorted(wb.product_outcomes)]


def _amount(value: float, unit: str) -> str:
    """'20%', '120 graduate hires': a word unit is its own word."""
    if not unit:
        return f"{value:g}"
    return f"{value:g}{md(unit)}" if is_percentage(unit) else f"{value:g} {md(unit)}"


def _goal(outcome: ProductOutcome) -> str:
    """The performance goal with the learning goal beside it: the room sends both."""
    parts: list[str] = []
    if outcome.stage == "performance":
        if (
            outcome.baseline is not None
            and outcome.target is not None
            and outcome.deadline is not None
        ):
            parts.append(
                f"performance goal: from {_amount(outcome.baseline, outcome.unit)} to "
                f"{_amount(outcome.target, outcome.unit)} by {outcome.deadline}"
            )
        else:
            parts.append("performance goal (incomplete)")
    if outcome.learning_goal:
        parts.append(f"learning goal: {md(outcome.learning_goal)}")
    return "; ".join(parts) or "no goal set yet"


def _signed_terms(wb: Workbook, signature: Signature) -> str:
    """What a side put its name under, in a line: the target and the metric version."""
    parts: list[str] = []
    if signature.target is not None:
        goal = f"target {_amount(signature.target, signature.unit)}"
        if signature.baseline is not None:
            goal += f" from {_amount(signature.baseline, signature.unit)}"
        if signature.deadline is not None:
            goal += f" by {signature.deadline}"
        parts.append(goal)
    if signature.metric:
        version = f" version {signature.metric_version}" if signature.metric_version else ""
        metric = wb.metrics.get(signature.metric)
        name = metric.title if metric is not None else signature.metric
        parts.append(f"metric {md(name)}{version}")
    if signature.guardrails:
        parts.append(f"{len(signature.guardrails)} guardrail(s)")
    return ", ".join(parts)


def _asked(outcome: ProductOutcome, agreement: Agreement) -> list[str]:
    """What each side asked for, in its words, and the targets asked on the way to signing."""
    lines: list[str] = []
    for side in SIDES:
        asked = [e.text for e in outcome.negotiation if e.side == side and e.kind in ASKING]
        if asked:
            lines.append(f"- {side.capitalize()} asked: {md('; '.join(asked))}")
    path = ask_path(outcome, agreement)
    if path:
        lines.append(f"- Targets asked: {md(' → '.join(path))}")
    return lines


def _signatures(wb: Workbook, agreement: Agreement) -> list[str]:
    """Each side's standing signature and the terms it covers, and what changed since."""
    lines: list[str] = []
    for side in SIDES:
        signature = agreement.signed.get(side)
        if signature is None:
            lines.append(f"- Signed by {side}: not yet")
            continue
        when = f" on {signature.date}" if signature.date else ""
        terms = _signed_terms(wb, signature)
        lines.append(
            f"- Signed by {side}: {md(signature.name)}{when}" + (f" ({terms})" if terms else "")
        )
        changed = agreement.changes.get(side, ())
        if changed:
            lines.append(f"  - Changed since: {md('; '.join(c.text for c in changed))}")
    return lines


# The negotiation entries in which a side asks for something (the rest inform or object).
ASKING = ("proposal", "counter-proposal")


def _outcome_section(wb: Workbook, outcome: ProductOutcome) -> list[str]:
    lines = [f"### {md(outcome.title)}", ""]
    agreement = agreement_of(wb, outcome)
    lines.append(f"- Status: {md(agreement.summary())}")
    earlier = reframed_from(outcome)
    if earlier:
        lines.append(f"- Reframed from: {md(earlier[0])}")
        if len(earlier) > 1:
            lines.append(f"  - Then worded: {md('; '.join(earlier[1:]))}")
    options = scope_options(outcome)
    if outcome.scope:
        why = f" (why: {md(outcome.scope_why)})" if outcome.scope_why else ""
        lines.append(f"- Scope: {md(outcome.scope)}{why}")
        if options:
            lines.append(f"  - Options considered: {md(options)}")
    elif options:
        lines.append(f"- Scope options considered: {md(options)}")
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
    lines += _asked(outcome, agreement)
    lines += _signatures(wb, agreement)
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
        agreement = agreement_of(wb, outcome)
        missing = [side for side in SIDES if side not in agreement.signed]
        if missing:
            questions.append(
                f"{md(outcome.title)}: waiting for sign-off from {' and '.join(missing)}"
            )
        elif agreement.state == "reopened":
            questions.append(
                f"{md(outcome.title)}: reopened since signing; both sides sign the new terms"
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
    tree = tree_lines(wb, outcomes)
    if tree:
        how = "the product" if wb.meta.ice == "product" else "the mean"
        lines += [
            "## Opportunities, solutions and experiments",
            "",
            f"Experiments are ranked by ICE score ({how} of impact, confidence and ease); "
            "where people in the room scored one, by the mean of their scores.",
            "",
            *tree,
        ]
    lines += ["## Next steps", ""]
    lines += next_step_lines(wb, outcomes) or ["- no experiment to run yet"]
    lines.append("")
    questions = _open_questions(wb, outcomes)
    lines += ["## Open questions", ""]
    lines += [f"- {q}" for q in questions] or ["- none"]
    lines += ["", "## Parking lot", ""]
    lines += [f"- {md(item.text)}" for item in state.parking_lot] or ["- empty"]
    lines += ["", "## Steps", "", "| Step | Status |", "| --- | --- |", *_steps(state), ""]
    return "\n".join(lines)
