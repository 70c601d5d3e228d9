"""Structure rules (OW3xx): the links and records that make a workbook trustworthy."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.agreement import Agreement, agreement_of, claims_agreement
from ..model.entities import (
    ICE_MAX,
    ICE_MIN,
    KIND_LABELS,
    KINDS,
    SEVERITIES,
    SIDES,
    Entity,
    ProductOutcome,
)
from ..model.workbook import ring_text
from ..store.codec import CHECK_SETTINGS
from ..store.key_lines import table_keys
from .finding import WORKBOOK_KIND, Finding
from .heuristics import solution_phrased
from .quote import because, quote
from .registry import CheckContext, known_token, rule


def _entities(ctx: CheckContext) -> Iterator[tuple[str, Entity]]:
    """Every entity this run reports on, in canonical order (kind, then id)."""
    for kind in KINDS:
        for _, entity in ctx.subjects(ctx.workbook.section(kind)):
            yield kind, entity


@rule(
    "OW301",
    "dangling-reference",
    "error",
    "a reference to an id that does not exist",
    about=(WORKBOOK_KIND, *KINDS),
    reach=1,  # whether what it names exists
)
def dangling_reference(ctx: CheckContext) -> Iterator[Finding]:
    wb = ctx.workbook
    if ctx.covers("") and wb.meta.north_star and wb.kind_of(wb.meta.north_star) != "north_star":
        yield ctx.finding(
            "",
            WORKBOOK_KIND,
            f"the workbook's North Star is {quote(wb.meta.north_star)}, "
            "which is not a North Star Metric in this workbook",
            "Which North Star Metric does this product serve? Point north_star at its id.",
            path="workbook.north_star",
        )
    # A full run takes the references the workbook kept from reading (a walk over all).
    among = None if ctx.only is None else ctx.subjects
    for kind, entity_id, relation, target, found_kind in wb.wrong_references(among):
        name = relation.field
        wanted = " or ".join(KIND_LABELS[k] for k in relation.targets)
        if found_kind is None:
            problem = f"{name} refers to {quote(target)}, which does not exist"
        else:
            problem = (
                f"{name} refers to {quote(target)}, a {KIND_LABELS[found_kind]}; "
                f"it should be a {wanted}"
            )
        yield ctx.finding(
            entity_id,
            kind,
            problem,
            f"Was it renamed or deleted? Point {name} at an existing {wanted}.",
            path=f"{kind}.{entity_id}.{name}",
        )


@rule(
    "OW302", "cycle", "error", "opportunities that are their own ancestors", reads=("opportunity",)
)
def cycle(ctx: CheckContext) -> Iterator[Finding]:
    for loop in ctx.workbook.opportunity_loops():  # each from its smallest id
        first = loop[0]
        yield ctx.finding(
            first,
            "opportunity",
            "these opportunities are each other's parents: " + ring_text(loop),
            "Which of them is the broader need? Make it the parent and give it a product "
            "outcome at the root.",
            path=f"opportunity.{first}.parent",
        )


@rule(
    "OW303",
    "outcome-drives-nothing",
    "warning",
    "a product outcome linked to no result",
    about=("product_outcome",),
)
def outcome_drives_nothing(ctx: CheckContext) -> Iterator[Finding]:
    for outcome_id, outcome in ctx.subjects(ctx.workbook.product_outcomes):
        if not outcome.drives:
            yield ctx.finding(
                outcome_id,
                "product_outcome",
                f"{quote(outcome.title)} is not linked to any business outcome or to the "
                "North Star Metric",
                "If this behaviour changed, which business result would move? Link it with "
                "drives, or ask whether the team should work on it at all.",
            )


@rule(
    "OW304",
    "business-outcome-undriven",
    "warning",
    "a business outcome no team can move",
    about=("business_outcome",),
    reach=1,  # the outcomes that drive it
)
def business_outcome_undriven(ctx: CheckContext) -> Iterator[Finding]:
    wb = ctx.workbook
    for outcome_id, outcome in ctx.subjects(wb.business_outcomes):
        if not wb.outcomes_driving(outcome_id):
            yield ctx.finding(
                outcome_id,
                "business_outcome",
                f"no product outcome drives {quote(outcome.title)}",
                "What would customers do differently in the product if this result were "
                "to move? That behaviour is the product outcome a team can own.",
            )


@rule(
    "OW305",
    "not-laddering-to-north-star",
    "warning",
    "a result not linked to the NSM",
    reads=("business_outcome", "north_star"),  # whether there is any North Star at all
)
def not_laddering(ctx: CheckContext) -> Iterator[Finding]:
    wb = ctx.workbook
    if not wb.north_stars:
        return  # OW306 says so once
    for outcome_id, outcome in ctx.subjects(wb.business_outcomes):
        if not outcome.north_star:
            yield ctx.finding(
                outcome_id,
                "business_outcome",
                f"{quote(outcome.title)} does not ladder up to the North Star Metric",
                "How does this result serve the value customers get? Link it to the North "
                "Star Metric, or question whether it belongs in this workbook.",
            )


@rule(
    "OW306",
    "no-north-star",
    "warning",
    "the workbook has no North Star Metric",
    reads=("north_star",),
)
def no_north_star(ctx: CheckContext) -> Iterator[Finding]:
    if not ctx.workbook.north_stars:
        yield ctx.finding(
            "",
            WORKBOOK_KIND,
            "the workbook has no North Star Metric for its outcomes to ladder up to",
            "What single measure best captures the value customers get from the product "
            "(completed orders, active teams)? Add it to the workbook as its North Star Metric.",
            path="workbook",
        )


@rule(
    "OW307",
    "version-without-rationale",
    "warning",
    "a metric change with no reason",
    about=("metric",),
)
def version_without_rationale(ctx: CheckContext) -> Iterator[Finding]:
    for metric_id, metric in ctx.subjects(ctx.workbook.metrics):
        for index, version in enumerate(metric.versions[1:], start=1):
            if not version.rationale.strip():
                yield ctx.finding(
                    metric_id,
                    "metric",
                    f"version {index + 1} of {quote(metric.title)} "
                    f"({quote(version.definition)}) does not say why the metric changed",
                    "What did the team learn from the previous version that made it change? "
                    "Write it in rationale: the history is the record of your learning.",
                    path=f"metric.{metric_id}.versions.{index}",
                )


@rule(
    "OW308",
    "several-current-versions",
    "error",
    "more than one current metric version",
    about=("metric",),
)
def several_current_versions(ctx: CheckContext) -> Iterator[Finding]:
    for metric_id, metric in ctx.subjects(ctx.workbook.metrics):
        current = [i + 1 for i, v in enumerate(metric.versions) if v.status == "current"]
        if len(current) > 1:
            numbers = ", ".join(str(n) for n in current)
            yield ctx.finding(
                metric_id,
                "metric",
                f"versions {numbers} of {quote(metric.title)} are all marked current",
                "Which definition does the team measure today? Keep that one current and "
                "mark the others superseded.",
                path=f"metric.{metric_id}.versions",
            )


@rule(
    "OW309",
    "experiment-without-ice",
    "warning",
    "an experiment not fully ICE-scored",
    about=("experiment",),
)
def experiment_without_ice(ctx: CheckContext) -> Iterator[Finding]:
    for experiment_id, experiment in ctx.subjects(ctx.workbook.experiments):
        parts = {"impact": experiment.impact, "confidence": experiment.confidence}
        parts["ease"] = experiment.ease
        missing = [name for name, value in parts.items() if value is None]
        if missing:
            yield ctx.finding(
                experiment_id,
                "experiment",
                f"{quote(experiment.title)} has no {', '.join(missing)} score, so it cannot "
                "be ranked",
                "How much would it move the outcome, how sure are you, and how cheap is it "
                f"to run? Score each from {ICE_MIN} to {ICE_MAX}.",
            )


@rule("OW310", "ice-out-of-range", "error", "an ICE part outside 1-10", about=("experiment",))
def ice_out_of_range(ctx: CheckContext) -> Iterator[Finding]:
    for experiment_id, experiment in ctx.subjects(ctx.workbook.experiments):
        parts = {
            "impact": experiment.impact,
            "confidence": experiment.confidence,
            "ease": experiment.ease,
        }
        wrong = [
            f"an {name} of {value}" if name == "impact" else f"a {name} of {value}"
            for name, value in parts.items()
            if value is not None and not ICE_MIN <= value <= ICE_MAX
        ]
        if wrong:
            yield ctx.finding(
                experiment_id,
                "experiment",
                f"{quote(experiment.title)} has {', '.join(wrong)}; every ICE part is scored "
                f"from {ICE_MIN} to {ICE_MAX}",
                f"Rescore it on the {ICE_MIN}-{ICE_MAX} scale so it ranks fairly against the "
                "other experiments.",
            )


# The agreement rules read an outcome's metric and its guardrails: one reference away.
AGREEMENT = ("product_outcome",)


def _agreement(ctx: CheckContext, outcome: ProductOutcome) -> Agreement:
    """An outcome's agreement, worked out once per run for the four rules that read it."""
    found: dict[str, Agreement] = ctx.cached("agreements", dict)
    if outcome.id not in found:
        found[outcome.id] = agreement_of(ctx.workbook, outcome)
    return found[outcome.id]


@rule(
    "OW311",
    "agreed-without-signoff",
    "error",
    "an agreement missing a side's sign-off",
    about=AGREEMENT,
    reach=1,
)
def agreed_without_signoff(ctx: CheckContext) -> Iterator[Finding]:
    for outcome_id, outcome in ctx.subjects(ctx.workbook.product_outcomes):
        if not claims_agreement(outcome):
            continue
        agreement = _agreement(ctx, outcome)
        missing = [side for side in SIDES if side not in agreement.signed]
        if missing:
            yield ctx.finding(
                outcome_id,
                "product_outcome",
                f"{quote(outcome.title)} is marked agreed but has no sign-off from "
                + " or ".join(missing),
                "An outcome is agreed when both sides sign its terms: has "
                + " and ".join(missing)
                + " signed off? If not, it is still being negotiated.",
                path=f"product_outcome.{outcome_id}.status",
            )


@rule(
    "OW315",
    "agreement-reopened",
    "error",
    "a sign-off under terms that changed since",
    about=AGREEMENT,
    reach=1,
)
def agreement_reopened(ctx: CheckContext) -> Iterator[Finding]:
    for outcome_id, outcome in ctx.subjects(ctx.workbook.product_outcomes):
        agreement = _agreement(ctx, outcome)
        if agreement.state != "reopened":
            continue
        changed = "; ".join(agreement.change_sentences())
        yield ctx.finding(
            outcome_id,
            "product_outcome",
            f"{quote(outcome.title)} was signed on other terms: {changed}",
            "Nobody's name may stand under terms they did not see: do both sides agree "
            "to the terms as they are now? Then both sign again; if not, withdraw.",
            path=f"product_outcome.{outcome_id}"
            + (".signoffs" if outcome.signoffs else ".signoff"),
        )


@rule(
    "OW316",
    "signed-with-open-self-check",
    "warning",
    "an agreement signed with self-check questions open",
    about=AGREEMENT,
    reach=1,
)
def signed_with_open_self_check(ctx: CheckContext) -> Iterator[Finding]:
    for outcome_id, outcome in ctx.subjects(ctx.workbook.product_outcomes):
        if not _agreement(ctx, outcome).signed:
            continue
        open_questions = [
            name.replace("_", " ")
            for name in (*outcome.self_check.failing(), *outcome.self_check.unanswered())
        ]
        if open_questions:
            yield ctx.finding(
                outcome_id,
                "product_outcome",
                f"{quote(outcome.title)} is signed with self-check questions open: "
                + ", ".join(open_questions),
                "Did both sides see these answers before signing? Settle them, or record "
                "why the outcome holds anyway.",
                path=f"product_outcome.{outcome_id}.self_check",
            )


@rule(
    "OW317",
    "guardrail-without-threshold",
    "warning",
    "a guardrail with no threshold",
    about=("guardrail",),
)
def guardrail_without_threshold(ctx: CheckContext) -> Iterator[Finding]:
    for guardrail_id, guardrail in ctx.subjects(ctx.workbook.guardrails):
        if guardrail.value is None:
            yield ctx.finding(
                guardrail_id,
                "guardrail",
                f"the guardrail {quote(guardrail.title)} says the metric "
                f"{guardrail.describe_rule()}, with no threshold",
                "How far may it move before the team stops and looks? Give the rule a value, "
                "so both sides sign the same limit.",
                path=f"guardrail.{guardrail_id}.value",
            )


@rule(
    "OW318",
    "signoff-terms-not-recorded",
    "warning",
    "a sign-off from an older file that does not record its terms",
    about=AGREEMENT,
    reach=1,
)
def signoff_terms_not_recorded(ctx: CheckContext) -> Iterator[Finding]:
    for outcome_id, outcome in ctx.subjects(ctx.workbook.product_outcomes):
        if _agreement(ctx, outcome).legacy:
            yield ctx.finding(
                outcome_id,
                "product_outcome",
                f"the sign-off of {quote(outcome.title)} does not record the terms it signed "
                "(written before sign-offs did)",
                "It is read as signed on the terms in the file today: are they the terms both "
                "sides signed? Run outcomes fmt to record them, so a later change shows.",
                path=f"product_outcome.{outcome_id}.signoff",
            )


@rule(
    "OW312",
    "opportunity-phrased-as-solution",
    "warning",
    "an opportunity that names a build",
    about=("opportunity",),
)
def opportunity_phrased_as_solution(ctx: CheckContext) -> Iterator[Finding]:
    for opportunity_id, opportunity in ctx.subjects(ctx.workbook.opportunities):
        match = solution_phrased(opportunity.title)
        if match is not None:
            yield ctx.finding(
                opportunity_id,
                "opportunity",
                f"{quote(opportunity.title)} names something to build"
                f"{because(match.phrase, opportunity.title)}, not a customer need",
                "What need, pain point or desire would this solve? Put that here and move "
                "the idea to a solution under it, next to other ways to meet the same need.",
            )


@rule(
    "OW313",
    "ignore-without-reason",
    "hint",
    "a suppressed check with no reason recorded",
    about=KINDS,
)
def ignore_without_reason(ctx: CheckContext) -> Iterator[Finding]:
    for kind, entity in _entities(ctx):
        if entity.ignore and not entity.ignore_reason.strip():
            yield ctx.finding(
                entity.id,
                kind,
                f"{quote(entity.title)} ignores {', '.join(entity.ignore)} without saying why",
                "Why does this check not apply here? Write the reason for ignoring it, so the next "
                "reader can judge it too.",
            )


def _misplaced_settings(ctx: CheckContext) -> list[str]:
    """The check settings (`severity`, `disable`) set directly in [workbook]'s own text,
    where nothing reads them (the model keeps only [workbook.checks])."""
    line = ctx.locations.get("workbook")
    if line is None or not ctx.text:
        return []
    lines: list[str] = ctx.cached("lines", lambda: ctx.text.split("\n"))
    keys = table_keys(lines, line)
    return [key for key in CHECK_SETTINGS if any(k.split(".")[0] == key for k in keys)]


@rule(
    "OW314",
    "unknown-check",
    "warning",
    "a suppression or setting naming no check",
    about=(WORKBOOK_KIND, *KINDS),  # the workbook's settings change only with the workbook
)
def unknown_check(ctx: CheckContext) -> Iterator[Finding]:
    settings = ctx.workbook.meta.checks
    unknown = [t for t in (*settings.disable, *settings.severity) if not known_token(t)]
    bad_levels = [
        f"{quote(value)} for {key}"
        for key, value in settings.severity.items()
        if value not in SEVERITIES
    ]
    if ctx.covers("") and (unknown or bad_levels):
        parts = []
        if unknown:
            parts.append("names no check: " + ", ".join(quote(t) for t in unknown))
        if bad_levels:
            parts.append("has severities that do not exist: " + ", ".join(bad_levels))
        yield ctx.finding(
            "",
            WORKBOOK_KIND,
            "the workbook's check settings " + "; ".join(parts),
            "Use a code (OW107), a family prefix (OW1) or a rule name (no-counter-metric), "
            "and a severity of error, warning or hint.",
            path="workbook.checks",
        )
    if ctx.covers(""):
        for key in _misplaced_settings(ctx):
            yield ctx.finding(
                "",
                WORKBOOK_KIND,
                f"{key} directly under [workbook] is not read, so it changes nothing",
                f"Move it into [workbook.checks] (or write checks = {{{key} = ...}}).",
                path=f"workbook.{key}",
            )
    for kind, entity in _entities(ctx):
        unknown = [t for t in entity.ignore if not known_token(t)]
        if unknown:
            yield ctx.finding(
                entity.id,
                kind,
                f"ignore names no check: {', '.join(quote(t) for t in unknown)}",
                "Was it mistyped? Use a code such as OW103 or a rule name; "
                "outcomes check --format json lists the codes of what it finds.",
            )
