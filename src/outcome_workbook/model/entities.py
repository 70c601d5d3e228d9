"""The entities of a workbook, as immutable values.

Every edit produces new values (see `operations`), so a workbook before and
after an edit can be compared, diffed or restored (undo) without copying.
Field order here is the key order used when a new table is written.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, Literal, get_args

FORMAT_VERSION = 1

MetricKind = Literal["behaviour", "sentiment", "financial", "adoption", "content-count", "other"]
VersionStatus = Literal["proposed", "current", "superseded"]
Stage = Literal["learning", "performance"]
AgreementStatus = Literal["draft", "proposed", "negotiating", "agreed"]
SignAction = Literal["signed", "withdrawn"]
TermStage = Literal["", "learning", "performance"]
Side = Literal["leadership", "team"]
EntryKind = Literal["context", "insight", "proposal", "counter-proposal", "concern", "agreement"]
Answer = Literal["", "yes", "no", "unsure"]
GuardrailRule = Literal["not-below", "not-above", "max-worsen-pct"]
AssumptionType = Literal["desirability", "usability", "feasibility", "viability", "ethics", "other"]
ExperimentStatus = Literal[
    "planned", "running", "validated", "invalidated", "inconclusive", "abandoned"
]
NoteKind = Literal["note", "assumption", "research", "evidence", "link", "decision"]
IceMode = Literal["product", "mean"]
Severity = Literal["error", "warning", "hint"]

METRIC_KINDS: tuple[str, ...] = get_args(MetricKind)
VERSION_STATUSES: tuple[str, ...] = get_args(VersionStatus)
STAGES: tuple[str, ...] = get_args(Stage)
AGREEMENT_STATUSES: tuple[str, ...] = get_args(AgreementStatus)
SIDES: tuple[str, ...] = get_args(Side)
ENTRY_KINDS: tuple[str, ...] = get_args(EntryKind)
GUARDRAIL_RULES: tuple[str, ...] = get_args(GuardrailRule)
ASSUMPTION_TYPES: tuple[str, ...] = get_args(AssumptionType)
EXPERIMENT_STATUSES: tuple[str, ...] = get_args(ExperimentStatus)
NOTE_KINDS: tuple[str, ...] = get_args(NoteKind)
SEVERITIES: tuple[str, ...] = get_args(Severity)  # a check's, as `[workbook.checks]` sets them

ICE_MIN = 1
ICE_MAX = 10


@dataclass(frozen=True, kw_only=True)
class Note:
    """Evidence behind a choice: an assumption, research, a link. Showing the work builds trust."""

    kind: NoteKind = "note"
    text: str
    url: str = ""
    date: date | None = None
    author: str = ""


@dataclass(frozen=True, kw_only=True)
class Entity:
    id: str
    title: str
    ignore: tuple[str, ...] = ()
    ignore_reason: str = ""
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, kw_only=True)
class NorthStar(Entity):
    """The one metric that captures the product's core value to customers."""

    definition: str = ""


@dataclass(frozen=True, kw_only=True)
class BusinessOutcome(Entity):
    """A lagging, financial or business-health result that leadership brings."""

    description: str = ""
    measure: str = ""
    owner: str = ""
    why_now: str = ""
    constraints: str = ""
    north_star: str = ""


@dataclass(frozen=True, kw_only=True)
class SelfCheck:
    """The four questions every product outcome should pass, answered explicitly."""

    behaviour: Answer = ""
    without_helping: Answer = ""
    single_feature: Answer = ""
    guarded: Answer = ""
    notes: str = ""

    def answer_state(self, name: str) -> Literal["open", "pass", "fail"]:
        """Whether a question is answered the right way, the wrong way, or not yet."""
        answer = getattr(self, name)
        if answer in ("", "unsure"):
            return "open"
        return "fail" if answer == SELF_CHECK_FAILS[name] else "pass"

    def failing(self) -> tuple[str, ...]:
        """Names of the questions answered the wrong way."""
        return tuple(name for name in SELF_CHECK_QUESTIONS if self.answer_state(name) == "fail")

    def unanswered(self) -> tuple[str, ...]:
        return tuple(name for name in SELF_CHECK_QUESTIONS if self.answer_state(name) == "open")


SELF_CHECK_QUESTIONS: dict[str, str] = {
    "behaviour": "Does it measure a change in behaviour, or a sentiment tied to value creation?",
    "without_helping": "Could we hit it without helping customers?",
    "single_feature": "Is it adoption of a single feature, not a result people care about?",
    "guarded": "Is there a counter-metric that prevents unintended harm?",
}
# The answer that fails each question (the other of yes and no passes it).
SELF_CHECK_FAILS: dict[str, Answer] = {
    "behaviour": "no",
    "without_helping": "yes",
    "single_feature": "yes",
    "guarded": "no",
}


@dataclass(frozen=True, kw_only=True)
class SignOff:
    """The sign-off table of format 1 files: names and dates, without the terms signed.

    Read so that older workbooks keep opening; `migrate_signoffs` turns it into
    `Signature` entries that record their terms, and nothing writes it anew.
    """

    leadership: str = ""
    leadership_date: date | None = None
    team: str = ""
    team_date: date | None = None

    def is_complete(self) -> bool:
        return bool(self.leadership and self.team)

    def is_empty(self) -> bool:
        return not (self.leadership or self.team)


@dataclass(frozen=True, kw_only=True)
class Terms:
    """What a signature covers: an outcome's terms as they stood when a side signed.

    Each term is written out (the metric version's definition too), so a diff of
    the file shows what was signed and an in-place edit of a definition is seen.
    """

    metric: str = ""
    metric_version: int | None = None
    definition: str = ""
    baseline: float | None = None
    target: float | None = None
    unit: str = ""
    deadline: date | None = None
    stage: TermStage = ""
    scope: str = ""
    guardrails: tuple[str, ...] = ()

    def terms(self) -> Terms:
        """The terms alone (a `Signature` is terms plus who signed)."""
        names = [f.name for f in dataclasses.fields(Terms)]
        return Terms(**{name: getattr(self, name) for name in names})


@dataclass(frozen=True, kw_only=True)
class Signature(Terms):
    """One side signing (or withdrawing) on the terms it saw; appended, never rewritten."""

    WRITE_FIRST: ClassVar[tuple[str, ...]] = ("side", "action", "name", "date", "note")

    side: Side
    action: SignAction = "signed"
    name: str
    date: date | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class NegotiationEntry:
    """What one side said; a proposal can carry the target (or deadline) it asks for, as data."""

    side: Side
    kind: EntryKind = "proposal"
    text: str
    date: date | None = None
    author: str = ""
    target: float | None = None
    deadline: datetime.date | None = None  # (`date` is the field above)


@dataclass(frozen=True, kw_only=True)
class ProductOutcome(Entity):
    """A customer behaviour (or sentiment) in the product that a team can move."""

    description: str = ""
    drives: tuple[str, ...] = ()
    scope: str = ""
    scope_why: str = ""
    stage: Stage = "learning"
    learning_goal: str = ""
    metric: str = ""
    baseline: float | None = None
    target: float | None = None
    unit: str = ""
    deadline: date | None = None
    status: AgreementStatus = "draft"
    self_check: SelfCheck = field(default_factory=SelfCheck)
    signoff: SignOff = field(default_factory=SignOff)
    negotiation: tuple[NegotiationEntry, ...] = ()
    signoffs: tuple[Signature, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MeasuredValue:
    """What the metric measured on a day, under the definition of the version it belongs to."""

    WRITE_FIRST: ClassVar[tuple[str, ...]] = ("date", "value")

    date: date
    value: float
    note: str = ""
    source: str = ""


@dataclass(frozen=True, kw_only=True)
class MetricVersion:
    """One definition of a metric; the list of versions is the team's learning record.

    `title` is what the metric was called under this version (blank: unchanged);
    the metric's own title is always its current version's.
    """

    title: str = ""
    definition: str
    kind: MetricKind = "other"
    status: VersionStatus = "proposed"
    date: date | None = None
    author: str = ""
    rationale: str = ""
    values: tuple[MeasuredValue, ...] = ()  # by date; at most one per date


@dataclass(frozen=True, kw_only=True)
class Metric(Entity):
    versions: tuple[MetricVersion, ...] = ()

    def current(self) -> MetricVersion | None:
        for version in reversed(self.versions):
            if version.status == "current":
                return version
        return None

    def latest(self) -> MetricVersion | None:
        """The version to show: the current one, else the newest."""
        return self.current() or (self.versions[-1] if self.versions else None)


@dataclass(frozen=True, kw_only=True)
class Guardrail(Entity):
    """A counter-metric: a second metric that must not get worse while the outcome improves."""

    outcome: str
    metric: str
    rule: GuardrailRule = "not-below"
    value: float | None = None
    why: str = ""

    def describe_rule(self) -> str:
        if self.value is None:
            return {
                "not-below": "must not fall",
                "not-above": "must not rise",
                "max-worsen-pct": "must not worsen",
            }[self.rule]
        value = f"{self.value:g}"
        return {
            "not-below": f"must not fall below {value}",
            "not-above": f"must not rise above {value}",
            "max-worsen-pct": f"must not worsen by more than {value}%",
        }[self.rule]


@dataclass(frozen=True, kw_only=True)
class Opportunity(Entity):
    """A customer need or pain point, under a product outcome or a broader opportunity."""

    outcome: str = ""
    parent: str = ""
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class Solution(Entity):
    opportunity: str
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class PersonScore:
    """One person's Impact, Confidence and Ease for an experiment, by their name.

    A room scores an experiment together: each person's score is kept (one per
    name, replaced when they score again), and the room's aggregate is derived
    (`model.scores`), never stored.
    """

    WRITE_FIRST: ClassVar[tuple[str, ...]] = ("by", "impact", "confidence", "ease")

    by: str
    impact: int | None = None
    confidence: int | None = None
    ease: int | None = None
    date: date | None = None

    def ice_parts(self) -> tuple[int, int, int] | None:
        if self.impact is None or self.confidence is None or self.ease is None:
            return None
        return (self.impact, self.confidence, self.ease)


def ice_of(parts: tuple[float, float, float], mode: IceMode) -> float:
    """The ICE score of three parts: their product, or their mean (the workbook says which)."""
    if mode == "mean":
        return round(sum(parts) / 3, 2)
    return float(parts[0] * parts[1] * parts[2])


@dataclass(frozen=True, kw_only=True)
class Experiment(Entity):
    """An assumption test under a solution, ranked by its ICE score."""

    solution: str
    hypothesis: str = ""
    assumption: AssumptionType = "desirability"
    status: ExperimentStatus = "planned"
    owner: str = ""  # who runs it: the session summary's next steps name them
    result: str = ""
    impact: int | None = None
    confidence: int | None = None
    ease: int | None = None
    # The room's scores, one per person (by name), and the names of those who voted for it.
    votes: tuple[str, ...] = ()
    scores: tuple[PersonScore, ...] = ()

    def ice_parts(self) -> tuple[int, int, int] | None:
        if self.impact is None or self.confidence is None or self.ease is None:
            return None
        return (self.impact, self.confidence, self.ease)

    def ice_score(self, mode: IceMode) -> float | None:
        parts = self.ice_parts()
        return None if parts is None else ice_of(parts, mode)


@dataclass(frozen=True, kw_only=True)
class CheckSettings:
    """Workbook-wide switches for the coaching checks."""

    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class WorkbookMeta:
    title: str
    format: int = FORMAT_VERSION
    team: str = ""
    north_star: str = ""
    ice: IceMode = "product"
    retired: tuple[str, ...] = ()
    checks: CheckSettings = field(default_factory=CheckSettings)


# The sections of a workbook file, in canonical order, with the class each holds.
ENTITY_CLASSES: dict[str, type[Entity]] = {
    "north_star": NorthStar,
    "business_outcome": BusinessOutcome,
    "product_outcome": ProductOutcome,
    "metric": Metric,
    "guardrail": Guardrail,
    "opportunity": Opportunity,
    "solution": Solution,
    "experiment": Experiment,
}
KINDS: tuple[str, ...] = tuple(ENTITY_CLASSES)
KIND_OF_CLASS: dict[type[Entity], str] = {cls: kind for kind, cls in ENTITY_CLASSES.items()}

KIND_LABELS: dict[str, str] = {
    "north_star": "North Star Metric",
    "business_outcome": "business outcome",
    "product_outcome": "product outcome",
    "metric": "metric",
    "guardrail": "guardrail",
    "opportunity": "opportunity",
    "solution": "solution",
    "experiment": "experiment",
}


def a_kind(kind: str) -> str:
    """The kind's label with its article, for messages: 'an opportunity', 'a metric'."""
    label = KIND_LABELS[kind]
    return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"


def kind_of(entity: Entity) -> str:
    return KIND_OF_CLASS[type(entity)]
