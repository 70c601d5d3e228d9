"""The Markdown one-pager a team pastes into its wiki: how the work ladders up, and why.

North Star Metric, business outcomes with the product outcomes that drive them,
each product outcome as an OKR-style key result with its progress, open
coaching findings, the metric history with its rationales and a Mermaid chart
of each metric's measured values, the top experiments by ICE and the graph
as Mermaid. The page depends only on the workbook (no date of generation), so
the same workbook always gives the same bytes. User text goes through
`escape.inline`: it cannot break a heading, list, table, fence or add HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ..model import scores
from ..model.agreement import agreement_of, ask_path
from ..model.entities import (
    KINDS,
    SELF_CHECK_QUESTIONS,
    SEVERITIES,
    Experiment,
    Metric,
    NegotiationEntry,
    ProductOutcome,
)
from ..model.measures import describe_progress, guardrail_reading
from ..model.workbook import Workbook
from .escape import cell, code, inline
from .xychart import SHOWN, metric_chart

TOP_EXPERIMENTS = 10
# GitHub stops rendering Mermaid charts above roughly this much text or this many edges.
MERMAID_MAX_CHARS = 40_000
MERMAID_MAX_EDGES = 400
TOP_OF_LADDER = ("north_star", "business_outcome", "product_outcome", "metric", "guardrail")


class FindingLike(Protocol):
    """What the report needs from a coaching finding (see `checks.finding.Finding`)."""

    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def entity(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def is_suppressed(self) -> bool: ...


def _number(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _title(wb: Workbook, entity_id: str) -> str:
    entity = wb.find(entity_id)
    return f"{inline(entity.title)} ({code(entity_id)})" if entity else code(entity_id)


def _goal(outcome: ProductOutcome) -> str:
    if outcome.stage == "performance":
        unit = f" {inline(outcome.unit)}" if outcome.unit else ""
        when = f" by {outcome.deadline.isoformat()}" if outcome.deadline else ""
        return f"from {_number(outcome.baseline)} to **{_number(outcome.target)}**{unit}{when}"
    if outcome.learning_goal:
        return inline(outcome.learning_goal)
    return "not written yet"


def _agreement(wb: Workbook, outcome: ProductOutcome) -> list[str]:
    """'agreed on D by A and B; terms unchanged since', what changed since, and the asks."""
    agreement = agreement_of(wb, outcome)
    lines = [f"- **Agreement:** {inline(agreement.summary())}"]
    path = ask_path(outcome, agreement)
    if path:
        lines.append(f"- **Targets asked:** {inline(' → '.join(path))}")
    return lines


def _entry(entry: NegotiationEntry) -> str:
    who = f"{inline(entry.author)}, " if entry.author else ""
    when = entry.date.isoformat() if entry.date else "undated"
    return f"{entry.side} {entry.kind} ({who}{when}): {inline(entry.text)}"


def _metric_line(wb: Workbook, metric_id: str) -> str:
    metric = wb.metrics.get(metric_id)
    if metric is None:
        return "no metric chosen yet" if not metric_id else f"{code(metric_id)} (missing)"
    shown = metric.latest()
    if shown is None:
        return f"**{inline(metric.title)}** (no definition yet)"
    number = metric.versions.index(shown) + 1
    status = "" if shown.status == "current" else f", {shown.status}"
    return (
        f"**{inline(metric.title)}**, version {number} of {len(metric.versions)} "
        f"({shown.kind}{status}): {inline(shown.definition)}"
    )


def _key_result(wb: Workbook, outcome: ProductOutcome) -> list[str]:
    lines = [f"### {inline(outcome.title)} ({code(outcome.id)})", ""]
    if outcome.description:
        lines += [inline(outcome.description), ""]
    metric = wb.metrics.get(outcome.metric)
    if outcome.stage == "performance":
        name = f"*{inline(metric.title)}*" if metric else "the metric"
        lines.append(f"- **Key result:** move {name} {_goal(outcome)}")
    else:
        lines.append(
            f"- **Learning goal:** {_goal(outcome)} (no numeric target until the team "
            "knows what moves the metric)"
        )
    lines.append(f"- **Metric:** {_metric_line(wb, outcome.metric)}")
    standing = describe_progress(wb, outcome.id)
    if standing:
        label = "Progress" if outcome.stage == "performance" else "Values so far"
        lines.append(f"- **{label}:** {inline(standing)}")
    drives = [_title(wb, target) for target in outcome.drives]
    lines.append(f"- **Drives:** {', '.join(drives) if drives else 'nothing yet'}")
    guardrails = wb.guardrails_of(outcome.id)
    if guardrails:
        lines.append("- **Guardrails:**")
        for guardrail in guardrails:
            metric = wb.metrics.get(guardrail.metric)
            name = inline(metric.title) if metric else code(guardrail.metric)
            why = f" ({inline(guardrail.why)})" if guardrail.why else ""
            reading = guardrail_reading(wb, guardrail.id)
            state = {True: "holds", False: "**breached**", None: ""}[reading.holds]
            latest = f"; latest {inline(reading.detail)}: {state}" if state else ""
            lines.append(f"  - {name} {guardrail.describe_rule()}{why}{latest}")
    else:
        lines.append("- **Guardrails:** none: nothing stops this metric being hit at any cost")
    lines += _agreement(wb, outcome)
    if outcome.negotiation:
        last = outcome.negotiation[-1]
        count = len(outcome.negotiation)
        plural = "entry" if count == 1 else "entries"
        lines.append(f"- **Negotiation:** {count} {plural}; latest: {_entry(last)}")
    failing = outcome.self_check.failing()
    unanswered = outcome.self_check.unanswered()
    if failing:
        questions = "; ".join(SELF_CHECK_QUESTIONS[name] for name in failing)
        lines.append(f"- **Self-check:** answered the wrong way: {questions}")
    elif unanswered:
        lines.append(f"- **Self-check:** {len(unanswered)} of 4 questions still open")
    else:
        lines.append("- **Self-check:** passes all four questions")
    lines.append("")
    return lines


def _business_outcomes(wb: Workbook) -> list[str]:
    lines = ["## Business outcomes", ""]
    if not wb.business_outcomes:
        return [*lines, "No business outcome yet.", ""]
    for outcome_id in sorted(wb.business_outcomes):
        outcome = wb.business_outcomes[outcome_id]
        lines += [f"### {inline(outcome.title)} ({code(outcome_id)})", ""]
        if outcome.description:
            lines += [inline(outcome.description), ""]
        for label, value in (
            ("Measure", outcome.measure),
            ("Owner", outcome.owner),
            ("Why now", outcome.why_now),
            ("Constraints", outcome.constraints),
        ):
            if value:
                lines.append(f"- **{label}:** {inline(value)}")
        driving = wb.outcomes_driving(outcome_id)
        names = ", ".join(_title(wb, o.id) for o in driving) if driving else "none yet"
        lines += [f"- **Driven by:** {names}", ""]
    return lines


def _findings(findings: Sequence[FindingLike]) -> list[str]:
    open_findings = [f for f in findings if not f.is_suppressed]
    lines = ["## Open findings", ""]
    if not open_findings:
        return [*lines, "The coaching checks found nothing open.", ""]
    open_findings.sort(key=lambda f: (SEVERITIES.index(f.severity), f.entity, f.code))
    lines += ["| Severity | Entity | Finding | Question to ask |", "| --- | --- | --- | --- |"]
    for finding in open_findings:
        lines.append(
            f"| {finding.severity} | {code(finding.entity) if finding.entity else 'workbook'} "
            f"| {cell(finding.message)} ({code(finding.code)}) | {cell(finding.question)} |"
        )
    return [*lines, ""]


def _history(wb: Workbook, metric: Metric) -> list[str]:
    users = ", ".join(_title(wb, user) for user in wb.metric_users(metric.id)) or "nothing yet"
    lines = [
        f"### {inline(metric.title)} ({code(metric.id)})",
        "",
        f"Used by: {users}",
        "",
        "| Version | Status | Date | Kind | Definition | Why it changed |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for number, version in enumerate(metric.versions, start=1):
        when = version.date.isoformat() if version.date else "\u2014"
        lines.append(
            f"| {number} | {version.status} | {when} | {version.kind} "
            f"| {cell(version.definition)} | {cell(version.rationale)} |"
        )
    lines.append("")
    chart = metric_chart(wb, metric)
    measured = metric.latest()
    if chart is not None and measured is not None:
        count = len(measured.values)
        shown = f"the latest {SHOWN} of {count}" if count > SHOWN else f"{count}"
        lines += [
            f"Measured values ({shown}, version {metric.versions.index(measured) + 1}):",
            "",
            "```mermaid",
            chart.rstrip("\n"),
            "```",
            "",
        ]
    return lines


def _experiments(wb: Workbook) -> list[str]:
    mode = wb.meta.ice
    how = (
        "the **product** of impact, confidence and ease (each 1-10, so 1 to 1000)"
        if mode == "product"
        else "the **mean** of impact, confidence and ease (each 1-10)"
    )
    lines = ["## Top experiments by ICE", "", f"ICE here is {how}.", ""]
    scored: list[tuple[float, Experiment]] = []
    for experiment_id in sorted(wb.experiments):
        experiment = wb.experiments[experiment_id]
        score = scores.ranking_score(experiment, mode)
        if score is not None:
            scored.append((score, experiment))
    unscored = len(wb.experiments) - len(scored)
    if not scored:
        return [*lines, "No experiment is scored yet.", ""]
    scored.sort(key=lambda pair: scores.rank_key(pair[1], mode))
    room = any(experiment.scores or experiment.votes for _, experiment in scored)
    if room:
        lines += [
            "Where several people scored, the parts are the room's means and ICE is the mean of "
            "their scores with (how many: lowest-highest).",
            "",
        ]
    votes_head = " Votes |" if room else ""
    lines += [
        f"| # | Experiment | Solution | Status | Impact | Confidence | Ease | ICE |{votes_head}",
        "| --- | --- | --- | --- | --- | --- | --- | --- |" + (" --- |" if room else ""),
    ]
    for rank, (_score, experiment) in enumerate(scored[:TOP_EXPERIMENTS], start=1):
        solution = wb.solutions.get(experiment.solution)
        solution_name = cell(solution.title) if solution else code(experiment.solution)
        impact, confidence, ease = scores.parts_text(experiment)
        votes = f" {len(experiment.votes)} |" if room else ""
        lines.append(
            f"| {rank} | {cell(experiment.title)} | {solution_name} | {experiment.status} "
            f"| {impact} | {confidence} | {ease} | {scores.describe(experiment, mode)} |{votes}"
        )
    notes = []
    if len(scored) > TOP_EXPERIMENTS:
        notes.append(f"{len(scored) - TOP_EXPERIMENTS} more scored experiments not shown")
    if unscored:
        notes.append(f"{unscored} not scored yet")
    if notes:
        lines += ["", "; ".join(notes).capitalize() + "."]
    return [*lines, ""]


def _mermaid(wb: Workbook, errors: frozenset[str]) -> list[str]:
    from ..graph.build import build_graph

    lines = ["## Graph", ""]
    graph = None
    chart = None
    if _may_fit(wb, None):
        graph = build_graph(wb)
        chart = _chart_within_limits(graph, errors)
    if chart is None:
        left_out = sum(len(wb.section(kind)) for kind in KINDS if kind not in TOP_OF_LADDER)
        lines += [
            f"The opportunity solution trees ({left_out} entities) are left out to keep the chart "
            "small enough to render; `outcomes graph FILE --format mermaid --focus ID` draws one.",
            "",
        ]
        if _may_fit(wb, TOP_OF_LADDER):
            from ..graph.queries import of_kinds

            top = of_kinds(graph if graph is not None else build_graph(wb), TOP_OF_LADDER)
            chart = _chart_within_limits(top, errors)
        if chart is None:
            return [
                *lines[:2],
                "The workbook is too large for one chart; "
                "`outcomes graph FILE --format mermaid --focus ID` draws part of it.",
                "",
            ]
    return [*lines, "```mermaid", chart.rstrip("\n"), "```", ""]


def _may_fit(wb: Workbook, kinds: tuple[str, ...] | None) -> bool:
    """False when the chart of these kinds' entities (all, for None) is surely over the
    limits, known from the model: more edges than allowed, or ids alone (each node's line
    names its id) longer than the whole chart may be. A large workbook's chart is then
    never built or drawn (a fifth of the report at N=1,000)."""
    from ..graph.build import edges

    ids = {entity_id for kind in kinds or KINDS for entity_id in wb.section(kind)}
    if sum(len(entity_id) + 1 for entity_id in ids) > MERMAID_MAX_CHARS:
        return False
    pairs = {(source, target) for source, target, _ in edges(wb) if {source, target} <= ids}
    return len(pairs) <= MERMAID_MAX_EDGES


def _chart_within_limits(graph: Any, errors: frozenset[str]) -> str | None:
    """The Mermaid chart of `graph`, or None when it is over the limits (too many edges
    is known before drawing)."""
    from ..graph.mermaid import to_mermaid

    if graph.number_of_edges() > MERMAID_MAX_EDGES:
        return None
    chart: str = to_mermaid(graph, errors=errors)
    return None if len(chart) > MERMAID_MAX_CHARS else chart


def render_report(
    wb: Workbook,
    findings: Sequence[FindingLike] | None = None,
    errors: frozenset[str] = frozenset(),
) -> str:
    """The whole page. `findings` None means the checks were not run (the section is left out)."""
    lines = [f"# {inline(wb.meta.title)}", ""]
    if wb.meta.team:
        lines += [f"**Team:** {inline(wb.meta.team)}", ""]
    lines += ["## North Star Metric", ""]
    north_star = wb.north_stars.get(wb.meta.north_star) if wb.meta.north_star else None
    if north_star is None and wb.north_stars:
        north_star = wb.north_stars[sorted(wb.north_stars)[0]]
    if north_star is None:
        lines += ["No North Star Metric yet: every outcome should ladder up to one.", ""]
    else:
        definition = f": {inline(north_star.definition)}" if north_star.definition else ""
        lines += [f"**{inline(north_star.title)}** ({code(north_star.id)}){definition}", ""]
    lines += _business_outcomes(wb)
    lines += ["## Key results", ""]
    if not wb.product_outcomes:
        lines += ["No product outcome yet.", ""]
    for outcome_id in sorted(wb.product_outcomes):
        lines += _key_result(wb, wb.product_outcomes[outcome_id])
    if findings is not None:
        lines += _findings(findings)
    lines += ["## Metric history", ""]
    if not wb.metrics:
        lines += ["No metric yet.", ""]
    for metric_id in sorted(wb.metrics):
        lines += _history(wb, wb.metrics[metric_id])
    lines += _experiments(wb)
    lines += _mermaid(wb, errors)
    return "\n".join(lines).rstrip("\n") + "\n"
