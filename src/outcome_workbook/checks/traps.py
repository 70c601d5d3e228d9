"""Trap rules (OW1xx): the outputs and vanity measures a facilitator catches in the room."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..model.entities import ProductOutcome
from . import heuristics
from .finding import Finding
from .heuristics import Match
from .measure import Measure, measure_of
from .quote import because, quote, same_words
from .registry import CheckContext, rule

Heuristic = Callable[[str], Match | None]

# The kind most rules here report on; those that judge its measure also read its metric.
OUTCOME = ("product_outcome",)
TITLED = ("business_outcome", "product_outcome")  # whose statements OW101 and OW110 judge

# The questions OW101 asks of an output, a thing delivered or work done; `outcomes import`
# attaches the one that fits to each output it keeps.
OUTPUT_QUESTION = (
    "What would having it give customers, and how would you know it worked? "
    "Name that change in behaviour as the outcome, then decide how wide its scope is."
)
WORK_QUESTION = (
    "What should customers do differently once this work is done, and how would you see it? "
    "Name that change in behaviour as the outcome; the work is one way to get there."
)


def output_question(match: Match) -> str:
    """The question that fits the output found: work done, or a thing delivered."""
    return WORK_QUESTION if match.work else OUTPUT_QUESTION


def unsure_question(phrase: str) -> str:
    """The question OW110 asks when the words only suggest work the team does; `outcomes
    import` attaches it to each key result it keeps in place for that reason."""
    return (
        f"Is {quote(phrase)} something the team does or makes? If so, what should customers "
        "do differently once it is done? Make that the outcome."
    )


def _outcomes(ctx: CheckContext) -> list[ProductOutcome]:
    """The product outcomes this run reports on, in id order."""
    return [outcome for _, outcome in ctx.subjects(ctx.workbook.product_outcomes)]


def _kind_trap(
    ctx: CheckContext, kind: str, heuristic: Heuristic
) -> Iterator[tuple[ProductOutcome, Measure, str, str]]:
    """Outcomes whose measure is of `kind`: chosen by the team, or guessed from the text
    when the team left the kind at "other". Yields the outcome, its measure, why, and the
    words that tripped the guess ("" when the kind was chosen)."""
    for outcome in _outcomes(ctx):
        measure = measure_of(ctx, outcome)
        if measure.kind == kind:
            yield outcome, measure, f" (its kind is {kind})", ""
        elif not measure.explicit:
            match = heuristic(measure.text)
            if match is not None:
                yield outcome, measure, because(match.phrase, measure.text), match.phrase


def _measured(outcome: ProductOutcome, measure: Measure) -> str:
    """How a message opens: the outcome and what measures it, each statement quoted once."""
    if measure.metric and same_words(measure.text, outcome.title):
        return f"{quote(outcome.title)} is measured by a metric of the same words"
    return f"{quote(outcome.title)} is measured by {measure.subject()}"


def _named(phrase: str, measure: Measure, fallback: str) -> str:
    """The matched words for a question, quoted; `fallback` when they are the whole
    statement (already quoted in the message) or nothing matched."""
    if not phrase or same_words(phrase, measure.text):
        return fallback
    return quote(phrase)


def _outputs(ctx: CheckContext) -> Iterator[tuple[str, str, str, Match, str, str]]:
    """Every statement that names an output: outcome titles, and the metric definitions of
    product outcomes (read only when the team left the metric's kind at "other").

    Yields the entity id, its kind, the statement, the match, the path and how the message
    opens ('"Hire 2 salespeople"' or '"Outcome" is measured by the metric "..."').
    """
    wb = ctx.workbook
    for kind, section in (
        ("business_outcome", wb.business_outcomes),
        ("product_outcome", wb.product_outcomes),
    ):
        for outcome_id, outcome in ctx.subjects(section):
            title = outcome.title
            match = heuristics.output_in_disguise(title)
            if match is not None:
                yield outcome_id, kind, title, match, "", quote(title)
    for outcome in _outcomes(ctx):
        measure = measure_of(ctx, outcome)
        if not measure.metric or measure.explicit or same_words(measure.text, outcome.title):
            continue
        match = heuristics.output_in_disguise(measure.text)
        if match is not None:
            opening = f"{quote(outcome.title)} is measured by {measure.subject()}, which"
            yield outcome.id, "product_outcome", measure.text, match, measure.path, opening


@rule(
    "OW101",
    "output-as-outcome",
    "error",
    "an outcome that names something to build",
    about=TITLED,
    reach=1,  # a product outcome's metric
)
def output_as_outcome(ctx: CheckContext) -> Iterator[Finding]:
    for entity, kind, text, match, path, opening in _outputs(ctx):
        if not match.certain:
            continue
        verb = "names" if path else "is"
        yield ctx.finding(
            entity,
            kind,
            f"{opening} {verb} an output{because(match.phrase, text)}: something the team "
            "does or ships, not a change in what people do",
            output_question(match),
            path=path,
        )


@rule(
    "OW110",
    "output-unsure",
    "hint",
    "an outcome that may name work to do",
    about=TITLED,
    reach=1,
)
def output_unsure(ctx: CheckContext) -> Iterator[Finding]:
    for entity, kind, text, match, path, opening in _outputs(ctx):
        if match.certain:
            continue
        yield ctx.finding(
            entity,
            kind,
            f"{opening} may name work the team does or produces{because(match.phrase, text)}"
            ", rather than a change in what people do",
            unsure_question(match.phrase),
            path=path,
        )


@rule(
    "OW102",
    "easy-metric",
    "warning",
    "a metric short of the value-creation moment",
    about=OUTCOME,
    reach=1,  # its metric
)
def easy_metric(ctx: CheckContext) -> Iterator[Finding]:
    for outcome in _outcomes(ctx):
        measure = measure_of(ctx, outcome)
        match = heuristics.easy_metric(measure.text)
        if match is None:
            continue
        step = _named(match.phrase, measure, "this step")
        yield ctx.finding(
            outcome.id,
            "product_outcome",
            f"{_measured(outcome, measure)}, an easy count"
            f"{because(match.phrase, measure.text)} that comes before anyone gets value",
            f"What do people do after {step} that shows they got value? Measure that later "
            "moment, with a proxy if it happens elsewhere.",
            path=measure.path,
        )


@rule(
    "OW103",
    "counts-user-output",
    "warning",
    "a metric that counts what users produce",
    about=OUTCOME,
    reach=1,
)
def counts_user_output(ctx: CheckContext) -> Iterator[Finding]:
    found = _kind_trap(ctx, "content-count", heuristics.counts_user_output)
    for outcome, measure, why, phrase in found:
        content = _named(phrase, measure, "this content")
        yield ctx.finding(
            outcome.id,
            "product_outcome",
            f"{_measured(outcome, measure)}, which counts things users produce{why}; it can "
            "rise without helping anyone",
            f"Who is helped by {content}, and at which moment? Measure that use (a decision "
            "made, a question answered), not how much is produced.",
            path=measure.path,
        )


@rule(
    "OW104",
    "traction-metric",
    "warning",
    "a metric of one feature's adoption",
    about=OUTCOME,
    reach=1,
)
def traction_metric(ctx: CheckContext) -> Iterator[Finding]:
    for outcome, measure, why, phrase in _kind_trap(ctx, "adoption", heuristics.traction_metric):
        looked = _named(phrase, measure, "this")
        yield ctx.finding(
            outcome.id,
            "product_outcome",
            f"{_measured(outcome, measure)}, the uptake of a feature or the attention it "
            f"gets{why}, not the value people get from it",
            f"What should {looked} lead people to do? They can look or try and not find what "
            "they need: measure what they do next, whichever feature gets them there.",
            path=measure.path,
        )


@rule(
    "OW105",
    "sentiment-alone",
    "warning",
    "sentiment as the outcome's only measure",
    about=OUTCOME,
    reach=1,
)
def sentiment_alone(ctx: CheckContext) -> Iterator[Finding]:
    for outcome, measure, why, _phrase in _kind_trap(ctx, "sentiment", heuristics.sentiment_only):
        yield ctx.finding(
            outcome.id,
            "product_outcome",
            f"{_measured(outcome, measure)}, sentiment alone{why}: it says how people feel, "
            "not where to explore",
            "Which behaviour would show customers getting more value? Make that the metric "
            "and keep this score as its guardrail, a counterweight that must not fall.",
            path=measure.path,
        )


@rule(
    "OW106",
    "business-metric-on-product-outcome",
    "warning",
    "a business result handed to a product team",
    about=OUTCOME,
    reach=1,
)
def business_metric_on_product_outcome(ctx: CheckContext) -> Iterator[Finding]:
    for outcome, measure, why, phrase in _kind_trap(ctx, "financial", heuristics.financial_metric):
        result = _named(phrase, measure, "this result")
        yield ctx.finding(
            outcome.id,
            "product_outcome",
            f"{_measured(outcome, measure)}, a business result{why} that lags and that no "
            "single team can move directly",
            f"Which customer behaviour in the product moves {result}? Make that the product "
            "outcome, and link it to a business outcome that holds the result.",
            path=measure.path,
        )


@rule(
    "OW107",
    "no-counter-metric",
    "warning",
    "a product outcome without a guardrail",
    about=OUTCOME,
    reach=1,  # the guardrails that name it
)
def no_counter_metric(ctx: CheckContext) -> Iterator[Finding]:
    for outcome in _outcomes(ctx):
        if not ctx.workbook.guardrails_of(outcome.id):
            yield ctx.finding(
                outcome.id,
                "product_outcome",
                f"nothing stops {quote(outcome.title)} being pushed up at any cost: "
                "it has no counter-metric",
                "What must not get worse while this improves (satisfaction, quality, "
                "support load)? Attach it as a guardrail.",
            )


@rule(
    "OW108",
    "performance-before-learning",
    "warning",
    "a target set before learning",
    about=OUTCOME,
)
def performance_before_learning(ctx: CheckContext) -> Iterator[Finding]:
    for outcome in _outcomes(ctx):
        if outcome.stage == "performance" and not outcome.learning_goal.strip():
            message = (
                f"{quote(outcome.title)} is a performance goal, but no learning goal records "
                "what the team learned moves it"
            )
        elif outcome.stage == "learning" and outcome.target is not None:
            message = (
                f"{quote(outcome.title)} has a target while the team is still learning what "
                "moves it"
            )
        else:
            continue
        yield ctx.finding(
            outcome.id,
            "product_outcome",
            message,
            "Do you know yet what moves this metric? If not, start with a learning goal; "
            "targets set too early get sandbagged.",
        )


@rule(
    "OW109",
    "target-without-baseline",
    "warning",
    "a target with no starting point",
    about=OUTCOME,
)
def target_without_baseline(ctx: CheckContext) -> Iterator[Finding]:
    for outcome in _outcomes(ctx):
        if outcome.target is not None and outcome.baseline is None:
            yield ctx.finding(
                outcome.id,
                "product_outcome",
                f"{quote(outcome.title)} has a target of {outcome.target:g}"
                f"{' ' + outcome.unit if outcome.unit else ''} but no baseline",
                "Where is the metric today? Without a baseline nobody can tell whether the "
                "target is ambitious, timid or already met.",
            )
