"""Every change to a workbook goes through these functions.

Each takes a Workbook and returns a new one; nothing is mutated, so callers
keep the previous value for undo. Misuse raises WorkbookError with a message
a person can act on. The CLI and the TUI call exactly these.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, cast

from .agreement import current_terms, migrate_signoffs, signature_on, standing_signatures
from .entities import (
    ENTITY_CLASSES,
    ICE_MAX,
    ICE_MIN,
    KINDS,
    SIDES,
    Entity,
    Experiment,
    MeasuredValue,
    Metric,
    MetricKind,
    MetricVersion,
    NegotiationEntry,
    Note,
    Opportunity,
    ProductOutcome,
    SelfCheck,
    Signature,
    VersionStatus,
    WorkbookMeta,
    a_kind,
)
from .errors import WorkbookError
from .fields import coerce, spec_map
from .ids import check_id, slugify, unique_id
from .measures import check_measured, format_number, unit_of
from .relations import PARENT_FIELDS, REFERENCE_FIELDS, placing, references
from .session import Decision, ParkedItem, SessionState, SkippedStep, check_step, with_step
from .workbook import Workbook

# Fields changed only through their own operation, never through set_field.
_SPECIAL_FIELDS = {"id", "versions", "values", "negotiation", "notes", "signoff", "signoffs"}


def new_workbook(title: str, team: str = "") -> Workbook:
    if not title.strip():
        raise WorkbookError("a workbook needs a title")
    return Workbook(meta=WorkbookMeta(title=title, team=team))


# --- internal helpers ----------------------------------------------------------


def _with_entities(
    wb: Workbook,
    changed: Iterable[Entity] = (),
    removed: Iterable[str] = (),
    meta: WorkbookMeta | None = None,
    renamed: Mapping[str, str] | None = None,
) -> Workbook:
    """A new workbook with some entities replaced/added/removed; unchanged sections are shared."""
    removed = list(removed)
    sections = dict(wb.sections)
    copied: set[str] = set()
    edited: dict[str, str] = {}

    def section_for(kind: str) -> dict[str, Entity]:
        if kind not in copied:
            sections[kind] = dict(sections.get(kind, {}))
            copied.add(kind)
        return sections[kind]  # type: ignore[return-value]

    for entity_id in removed:
        kind = wb.kind_of(entity_id)
        if kind is not None:
            section_for(kind).pop(entity_id, None)
            edited[entity_id] = kind
    for entity in changed:
        kind = next(k for k, c in ENTITY_CLASSES.items() if c is type(entity))
        section_for(kind)[entity.id] = entity
        edited[entity.id] = kind
    result = dataclasses.replace(
        wb,
        meta=meta or wb.meta,
        sections=sections,
        renamed=wb.renamed if renamed is None else renamed,
        session=_session_without(wb, removed),
    )
    result.note_edit(wb, edited)
    return result


def _session_without(wb: Workbook, removed: Iterable[str]) -> SessionState | None:
    """The session state with references to deleted entities dropped."""
    state = wb.session
    gone = set(removed)
    if state is None or not gone:
        return state
    return dataclasses.replace(
        state,
        business_outcome="" if state.business_outcome in gone else state.business_outcome,
        outcomes=tuple(o for o in state.outcomes if o not in gone),
    )


def _check_reference(
    wb: Workbook, kind: str, field_name: str, value: str, pending: Mapping[str, str] | None = None
) -> None:
    allowed = REFERENCE_FIELDS.get(kind, {}).get(field_name)
    if not allowed or not value:
        return
    target_kind = wb.kind_of(value) or (pending or {}).get(value)
    if target_kind is None:
        raise WorkbookError(f"{field_name}: there is no entity with id {value!r}")
    if target_kind not in allowed:
        names = " or ".join(a_kind(k) for k in allowed)
        raise WorkbookError(f"{field_name}: {value!r} is {a_kind(target_kind)}; it must be {names}")


def _validate_entity(wb: Workbook, kind: str, entity: Entity) -> None:
    for relation, target in references(kind, entity):
        _check_reference(wb, kind, relation.field, target)
    if not entity.title.strip():
        raise WorkbookError(f"{a_kind(kind)} needs a title")
    if isinstance(entity, ProductOutcome):
        _check_goal(entity)
    if isinstance(entity, Experiment):
        _check_ice(entity)
    if isinstance(entity, Opportunity):
        if entity.outcome and entity.parent:
            raise WorkbookError(
                "an opportunity sits under a product outcome or under another opportunity, not both"
            )
        if not entity.outcome and not entity.parent:
            raise WorkbookError("an opportunity needs a product outcome or a parent opportunity")
        if entity.parent and _opportunity_ancestors(wb, entity.parent, entity.id):
            raise WorkbookError(f"moving {entity.id!r} under {entity.parent!r} would make a loop")


def _opportunity_ancestors(wb: Workbook, start: str, looking_for: str) -> bool:
    """True when `looking_for` is `start` or one of its ancestors (a loop would form)."""
    seen: set[str] = set()
    current: str = start
    while current and current not in seen:
        if current == looking_for:
            return True
        seen.add(current)
        parent = wb.opportunities.get(current)
        current = parent.parent if parent else ""
    return False


def _check_goal(outcome: ProductOutcome) -> None:
    if outcome.stage == "performance":
        missing = [
            name for name in ("baseline", "target", "deadline") if getattr(outcome, name) is None
        ]
        if missing:
            raise WorkbookError(
                "a performance goal needs a baseline, a target and a deadline; missing: "
                + ", ".join(missing)
            )


def _check_ice(experiment: Experiment) -> None:
    """The experiment's own score and every person's score, each part from 1 to 10."""
    for record in (experiment, *experiment.scores):
        for name in ("impact", "confidence", "ease"):
            value = getattr(record, name)
            if value is not None and not ICE_MIN <= value <= ICE_MAX:
                raise WorkbookError(f"{name} must be between {ICE_MIN} and {ICE_MAX}, got {value}")
    names = [score.by for score in experiment.scores]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise WorkbookError(f"one score per person; scored twice by {', '.join(twice)}")


def _coerce_fields(cls: type, fields: Mapping[str, Any], where: str) -> dict[str, Any]:
    specs = spec_map(cls)
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in specs:
            raise WorkbookError(f"{where}: unknown field {name!r}")
        out[name] = coerce(specs[name], value, f"{where}.{name}")
    return out


# --- create ---------------------------------------------------------------------


def create(
    wb: Workbook, kind: str, title: str, entity_id: str | None = None, **fields: Any
) -> tuple[Workbook, str]:
    """Add a new entity of `kind`; returns the new workbook and the new entity's id."""
    if kind not in ENTITY_CLASSES:
        raise WorkbookError(f"unknown kind {kind!r}; one of: {', '.join(KINDS)}")
    cls = ENTITY_CLASSES[kind]
    taken = wb.taken_ids()
    if entity_id is None:
        entity_id = unique_id(title, taken)
    else:
        check_id(entity_id)
        if entity_id in taken:
            why = "was used before and is retired" if entity_id in wb.meta.retired else "is taken"
            raise WorkbookError(f"the id {entity_id!r} {why}; choose another")
    values = _coerce_fields(cls, fields, f"{kind}.{entity_id}")
    try:
        entity = cls(id=entity_id, title=title, **values)
    except TypeError as error:
        raise WorkbookError(f"{kind}.{entity_id}: {error}") from None
    _validate_entity(wb, kind, entity)
    meta = wb.meta
    if kind == "north_star" and not meta.north_star:
        meta = dataclasses.replace(meta, north_star=entity_id)
    return _with_entities(wb, changed=[entity], meta=meta), entity_id


def add_metric(
    wb: Workbook,
    title: str,
    definition: str,
    kind: str = "other",
    rationale: str = "",
    when: date | None = None,
    author: str = "",
    entity_id: str | None = None,
) -> tuple[Workbook, str]:
    """A new metric with its first version, current from the start."""
    version = MetricVersion(
        definition=definition,
        kind=cast(MetricKind, kind),
        status="current",
        date=when,
        author=author,
        rationale=rationale,
    )
    _check_version(version)
    return create(wb, "metric", title, entity_id, versions=(version,))


# --- edit ---------------------------------------------------------------------------


def set_field(wb: Workbook, entity_id: str, field_name: str, value: Any) -> Workbook:
    """Change one field of one entity, with the same validation as creating it."""
    entity = wb.get(entity_id)
    kind = wb.kind_of(entity_id)
    assert kind is not None
    if field_name in _SPECIAL_FIELDS:
        raise WorkbookError(f"{field_name} is changed through its own operation, not set directly")
    specs = spec_map(cast(type, type(entity)))
    if field_name not in specs:
        raise WorkbookError(f"{a_kind(kind)} has no field {field_name!r}")
    value = coerce(specs[field_name], value, f"{kind}.{entity_id}.{field_name}")
    if field_name == "title" and not str(value).strip():
        raise WorkbookError("the title cannot be empty")
    if getattr(entity, field_name) == value:
        return wb
    if isinstance(entity, ProductOutcome) and field_name == "status" and value == "agreed":
        raise WorkbookError(
            "an outcome is agreed only while both sides' sign-offs hold on its terms; "
            "record the leadership and team sign-offs instead"
        )
    updated = dataclasses.replace(entity, **{field_name: value})
    _validate_entity(wb, kind, updated)
    return _with_entities(wb, changed=[updated])


def set_meta(wb: Workbook, field_name: str, value: Any) -> Workbook:
    specs = spec_map(WorkbookMeta)
    if field_name not in specs or field_name in ("format", "retired"):
        raise WorkbookError(f"the workbook has no editable field {field_name!r}")
    value = coerce(specs[field_name], value, f"workbook.{field_name}")
    if field_name == "north_star" and value:
        wb.get(value, "north_star")
    if field_name == "title" and not str(value).strip():
        raise WorkbookError("the workbook title cannot be empty")
    return _with_entities(wb, meta=dataclasses.replace(wb.meta, **{field_name: value}))


def set_self_check(wb: Workbook, outcome_id: str, question: str, answer: str) -> Workbook:
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    specs = spec_map(SelfCheck)
    if question not in specs:
        raise WorkbookError(f"unknown self-check question {question!r}")
    value = coerce(specs[question], answer, f"self_check.{question}")
    check = dataclasses.replace(outcome.self_check, **{question: value})
    return _with_entities(wb, changed=[dataclasses.replace(outcome, self_check=check)])


def set_goal(
    wb: Workbook,
    outcome_id: str,
    *,
    stage: str,
    learning_goal: str | None = None,
    baseline: float | None = None,
    target: float | None = None,
    deadline: date | None = None,
    unit: str | None = None,
) -> Workbook:
    """Set the goal in one step (a performance goal needs baseline, target and deadline)."""
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    changes: dict[str, Any] = {
        "stage": stage,
        "baseline": baseline,
        "target": target,
        "deadline": deadline,
    }
    if learning_goal is not None:
        changes["learning_goal"] = learning_goal
    if unit is not None:
        changes["unit"] = unit
    values = _coerce_fields(ProductOutcome, changes, f"product_outcome.{outcome_id}")
    updated = dataclasses.replace(outcome, **values)
    _check_goal(updated)
    return _with_entities(wb, changed=[updated])


# --- metric versions ------------------------------------------------------------------


def _check_version(version: MetricVersion) -> None:
    if not version.definition.strip():
        raise WorkbookError("a metric version needs a definition")
    coerce(spec_map(MetricVersion)["kind"], version.kind, "kind")


def add_metric_version(
    wb: Workbook,
    metric_id: str,
    definition: str,
    kind: str,
    rationale: str,
    when: date | None = None,
    author: str = "",
    make_current: bool = True,
    title: str = "",
) -> Workbook:
    """Append a version; when it becomes current, the old current one is superseded.

    Earlier versions are never edited except for that status change: the list
    is the record of what the team learned. A version may rename the metric
    (`title`): the metric takes the title when the version becomes current.
    """
    metric = wb.get_typed(metric_id, Metric)
    if metric.versions and not rationale.strip():
        raise WorkbookError("say why the metric changed: a new version needs a rationale")
    status = "current" if make_current else "proposed"
    new_title = title.strip()
    version = MetricVersion(
        title=new_title if new_title and new_title != metric.title else "",
        definition=definition,
        kind=cast(MetricKind, kind),
        status=cast(VersionStatus, status),
        date=when,
        author=author,
        rationale=rationale,
    )
    _check_version(version)
    versions = list(metric.versions)
    if make_current:
        versions = [
            dataclasses.replace(v, status="superseded") if v.status == "current" else v
            for v in versions
        ]
    versions.append(version)
    return _with_entities(wb, changed=[_titled(metric, tuple(versions))])


def _titled(metric: Metric, versions: tuple[MetricVersion, ...]) -> Metric:
    """The metric with these versions, named as its current version names it."""
    changed = dataclasses.replace(metric, versions=versions)
    current = changed.current()
    if current is not None and current.title:
        changed = dataclasses.replace(changed, title=current.title)
    return changed


def make_version_current(wb: Workbook, metric_id: str, index: int) -> Workbook:
    """Adopt a proposed version (by 0-based position): the current one is superseded."""
    metric = wb.get_typed(metric_id, Metric)
    if not 0 <= index < len(metric.versions):
        raise WorkbookError(f"metric {metric_id!r} has no version {index + 1}")
    if metric.versions[index].status == "superseded":
        raise WorkbookError("a superseded version stays superseded; add a new version instead")
    versions = tuple(
        dataclasses.replace(v, status="current")
        if i == index
        else dataclasses.replace(v, status="superseded")
        if v.status == "current"
        else v
        for i, v in enumerate(metric.versions)
    )
    return _with_entities(wb, changed=[_titled(metric, versions)])


# --- measured values ---------------------------------------------------------------------


class DuplicateValueError(WorkbookError):
    """The version already holds a value for that date; `existing` is that value."""

    def __init__(self, message: str, existing: MeasuredValue) -> None:
        super().__init__(message)
        self.existing = existing


def record_value(
    wb: Workbook,
    metric_id: str,
    when: date,
    value: float,
    note: str = "",
    source: str = "",
    version: int | None = None,
) -> Workbook:
    """Record what the metric measured on a day, under a version (default: current, else newest).

    Values stay in date order, one per date: a second value for the same date
    raises DuplicateValueError (reported, never duplicated). The value must fit the
    unit of the outcome the metric measures and the version's kind.
    """
    # (the section first: the id index of a workbook is built on first use, and an import
    # records a value into a new workbook a thousand times)
    found = wb.metrics.get(metric_id)
    metric = found if found is not None else wb.get_typed(metric_id, Metric)
    if not metric.versions:
        raise WorkbookError(
            f"metric {metric_id!r} has no definition yet; add a version before recording values"
        )
    if version is None:
        latest = metric.latest()
        assert latest is not None
        index = metric.versions.index(latest)
    else:
        _record_index(metric.versions, version, "version", metric_id)
        index = version
    target = metric.versions[index]
    fields = _coerce_fields(
        MeasuredValue,
        {"date": when, "value": value, "note": note, "source": source},
        f"{metric_id} value",
    )
    check_measured(fields["value"], unit_of(wb, metric_id), target.kind, f"{metric_id} value")
    for existing in target.values:
        if existing.date == when:
            raise DuplicateValueError(
                f"{metric_id} already has a value for {when}: {format_number(existing.value)}",
                existing,
            )
    measured = MeasuredValue(**fields)
    values = sorted((*target.values, measured), key=lambda v: v.date)
    versions = list(metric.versions)
    versions[index] = dataclasses.replace(target, values=tuple(values))
    return _with_entities(wb, changed=[dataclasses.replace(metric, versions=tuple(versions))])


# --- guardrails, links, moves -----------------------------------------------------------------


def attach_guardrail(
    wb: Workbook,
    outcome_id: str,
    metric_id: str,
    rule: str = "not-below",
    value: float | None = None,
    why: str = "",
    title: str | None = None,
    entity_id: str | None = None,
) -> tuple[Workbook, str]:
    wb.get(outcome_id, "product_outcome")
    metric = wb.get_typed(metric_id, Metric)
    outcome = wb.product_outcomes[outcome_id]
    if outcome.metric == metric_id:
        raise WorkbookError("a guardrail must be a different metric from the one the outcome moves")
    if any(g.metric == metric_id for g in wb.guardrails_of(outcome_id)):
        raise WorkbookError(f"{metric_id!r} already guards {outcome_id!r}")
    return create(
        wb,
        "guardrail",
        title or metric.title,
        entity_id or unique_id(f"{metric_id} guard", wb.taken_ids()),
        outcome=outcome_id,
        metric=metric_id,
        rule=rule,
        value=value,
        why=why,
    )


def define_metric(
    wb: Workbook,
    outcome_id: str,
    title: str,
    definition: str,
    kind: str = "other",
    rationale: str = "",
    when: date | None = None,
) -> tuple[Workbook, str]:
    """A new metric that becomes the one a product outcome moves (one edit, one undo)."""
    wb.get(outcome_id, "product_outcome")
    wb, metric_id = add_metric(wb, title, definition, kind, rationale, when=when)
    return set_field(wb, outcome_id, "metric", metric_id), metric_id


def guard_with_new_metric(
    wb: Workbook,
    outcome_id: str,
    title: str,
    definition: str,
    kind: str = "sentiment",
    rule: str = "not-below",
    value: float | None = None,
    why: str = "",
    when: date | None = None,
) -> tuple[Workbook, str]:
    """A new counter-metric and the guardrail that makes it guard a product outcome."""
    wb.get(outcome_id, "product_outcome")
    wb, metric_id = add_metric(wb, title, definition, kind, when=when)
    return attach_guardrail(wb, outcome_id, metric_id, rule, value, why)


def detach_guardrail(wb: Workbook, guardrail_id: str) -> Workbook:
    wb.get(guardrail_id, "guardrail")
    return delete(wb, guardrail_id)


def link(wb: Workbook, outcome_id: str, target_id: str) -> Workbook:
    """Record that a product outcome drives a business outcome (or the NSM directly)."""
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    _check_reference(wb, "product_outcome", "drives", target_id)
    if target_id in outcome.drives:
        return wb
    return _with_entities(
        wb, changed=[dataclasses.replace(outcome, drives=(*outcome.drives, target_id))]
    )


def unlink(wb: Workbook, outcome_id: str, target_id: str) -> Workbook:
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    if target_id not in outcome.drives:
        raise WorkbookError(f"{outcome_id!r} does not drive {target_id!r}")
    drives = tuple(d for d in outcome.drives if d != target_id)
    return _with_entities(wb, changed=[dataclasses.replace(outcome, drives=drives)])


def relink(wb: Workbook, outcome_id: str, old_target: str, new_target: str) -> Workbook:
    """Drive `new_target` instead of `old_target`, in the same place in the list.

    The first target a product outcome drives is where it is listed first, so
    moving a link keeps that order rather than unlinking and appending.
    """
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    if old_target not in outcome.drives:
        raise WorkbookError(f"{outcome_id!r} does not drive {old_target!r}")
    _check_reference(wb, "product_outcome", "drives", new_target)
    if new_target == old_target:
        return wb
    if new_target in outcome.drives:
        raise WorkbookError(f"{outcome_id!r} already drives {new_target!r}")
    drives = tuple(new_target if d == old_target else d for d in outcome.drives)
    return _with_entities(wb, changed=[dataclasses.replace(outcome, drives=drives)])


def parent_kinds(kind: str) -> tuple[str, ...]:
    """The kinds an entity of `kind` can be moved under; empty when it has no single parent."""
    return tuple(PARENT_FIELDS.get(kind, {}))


def parent_of(wb: Workbook, entity_id: str) -> str:
    """The id of the entity this one sits under ("" when it has none or is not movable)."""
    entity = wb.get(entity_id)
    kind = wb.kind_of(entity_id)
    assert kind is not None
    relation = placing(kind, entity)
    return "" if relation is None else str(getattr(entity, relation.field))


def move(wb: Workbook, entity_id: str, new_parent_id: str) -> Workbook:
    """Put an entity under another parent (an opportunity under another one, and so on)."""
    entity = wb.get(entity_id)
    kind = wb.kind_of(entity_id)
    assert kind is not None
    fields = PARENT_FIELDS.get(kind)
    if fields is None:
        hint = "; link it to what it drives instead" if kind == "product_outcome" else ""
        raise WorkbookError(
            f"{a_kind(kind)} does not sit under a parent, so it cannot be moved{hint}"
        )
    wb.get(new_parent_id)
    parent_kind = wb.kind_of(new_parent_id) or ""
    if parent_kind not in fields:
        allowed = " or ".join(a_kind(k) for k in fields)
        raise WorkbookError(f"{a_kind(kind)} goes under {allowed}")
    changes: dict[str, Any] = {name: "" for name in fields.values()}
    changes[fields[parent_kind]] = new_parent_id
    updated = dataclasses.replace(entity, **changes)
    _validate_entity(wb, kind, updated)
    return _with_entities(wb, changed=[updated])


# --- negotiation and evidence --------------------------------------------------------


def add_negotiation_entry(
    wb: Workbook,
    outcome_id: str,
    side: str,
    kind: str,
    text: str,
    when: date | None = None,
    author: str = "",
    target: float | None = None,
    deadline: date | None = None,
) -> Workbook:
    """Append what one side said; a proposal may carry the target or deadline it asks for."""
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    if not text.strip():
        raise WorkbookError("a negotiation entry needs some text")
    values = _coerce_fields(
        NegotiationEntry,
        {
            "side": side,
            "kind": kind,
            "text": text,
            "date": when,
            "author": author,
            "target": target,
            "deadline": deadline,
        },
        "negotiation",
    )
    entry = NegotiationEntry(**values)
    status = outcome.status if outcome.status != "draft" else "negotiating"
    updated = dataclasses.replace(outcome, negotiation=(*outcome.negotiation, entry), status=status)
    return _with_entities(wb, changed=[updated])


def _record_index(records: tuple[Any, ...], index: int, what: str, owner: str) -> None:
    if not 0 <= index < len(records):
        raise WorkbookError(f"{owner!r} has no {what} {index + 1} (it has {len(records)})")


def edit_negotiation_entry(wb: Workbook, outcome_id: str, index: int, **changes: Any) -> Workbook:
    """Change one entry (by 0-based position): its side, kind, text, author or date.

    Entries are the record of how the agreement came about, so they keep
    their place; only what was said (or who said it) is corrected.
    """
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    _record_index(outcome.negotiation, index, "negotiation entry", outcome_id)
    values = _coerce_fields(NegotiationEntry, changes, f"{outcome_id}.negotiation.{index + 1}")
    entry = dataclasses.replace(outcome.negotiation[index], **values)
    if not entry.text.strip():
        raise WorkbookError("a negotiation entry needs some text")
    if entry == outcome.negotiation[index]:
        return wb
    entries = (*outcome.negotiation[:index], entry, *outcome.negotiation[index + 1 :])
    return _with_entities(wb, changed=[dataclasses.replace(outcome, negotiation=entries)])


def remove_negotiation_entry(wb: Workbook, outcome_id: str, index: int) -> Workbook:
    """Take one entry (by 0-based position) out of the negotiation; sign-offs stay."""
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    _record_index(outcome.negotiation, index, "negotiation entry", outcome_id)
    entries = (*outcome.negotiation[:index], *outcome.negotiation[index + 1 :])
    return _with_entities(wb, changed=[dataclasses.replace(outcome, negotiation=entries)])


def sign_off(
    wb: Workbook, outcome_id: str, side: str, name: str, when: date | None = None, note: str = ""
) -> Workbook:
    """Append one side's signature on the outcome's terms as they stand now.

    A later signature by the same side supersedes its earlier one; both stay in
    the file. With both sides standing on today's terms the outcome is agreed.
    """
    outcome = migrate_signoffs(wb, wb.get_typed(outcome_id, ProductOutcome))
    _check_side(side)
    if not name.strip():
        raise WorkbookError("a sign-off needs the name of who signs")
    signature = signature_on(current_terms(wb, outcome), side, name.strip(), when, note)
    status = "negotiating" if outcome.status == "draft" else outcome.status
    updated = dataclasses.replace(outcome, signoffs=(*outcome.signoffs, signature), status=status)
    return _with_entities(wb, changed=[updated])


def withdraw_sign_off(
    wb: Workbook, outcome_id: str, side: str, name: str = "", when: date | None = None
) -> Workbook:
    """Append a withdrawal: the side's signature no longer stands, and stays in the record."""
    outcome = migrate_signoffs(wb, wb.get_typed(outcome_id, ProductOutcome))
    _check_side(side)
    standing = standing_signatures(outcome)
    if side not in standing:
        raise WorkbookError(
            f"{side} has not signed {outcome_id!r}, so there is nothing to withdraw"
        )
    withdrawal = Signature(
        side=side,  # type: ignore[arg-type]
        action="withdrawn",
        name=name.strip() or standing[side].name,
        date=when,
    )
    updated = dataclasses.replace(outcome, signoffs=(*outcome.signoffs, withdrawal))
    return _with_entities(wb, changed=[updated])


def upgrade_signoffs(wb: Workbook) -> Workbook:
    """Every format 1 sign-off table turned into signatures that record their terms."""
    changed = [
        upgraded
        for outcome in wb.product_outcomes.values()
        if (upgraded := migrate_signoffs(wb, outcome)) != outcome
    ]
    return _with_entities(wb, changed=changed) if changed else wb


def _check_side(side: str) -> None:
    if side not in SIDES:
        raise WorkbookError(f"side must be 'leadership' or 'team', got {side!r}")


def add_note(
    wb: Workbook,
    entity_id: str,
    text: str,
    kind: str = "note",
    url: str = "",
    when: date | None = None,
    author: str = "",
) -> Workbook:
    entity = wb.get(entity_id)
    if not text.strip():
        raise WorkbookError("a note needs some text")
    values = _coerce_fields(
        Note, {"kind": kind, "text": text, "url": url, "date": when, "author": author}, "note"
    )
    updated = dataclasses.replace(entity, notes=(*entity.notes, Note(**values)))
    return _with_entities(wb, changed=[updated])


def edit_note(wb: Workbook, entity_id: str, index: int, **changes: Any) -> Workbook:
    """Change one note (by 0-based position): its kind, text, link, author or date."""
    entity = wb.get(entity_id)
    _record_index(entity.notes, index, "note", entity_id)
    values = _coerce_fields(Note, changes, f"{entity_id}.notes.{index + 1}")
    note = dataclasses.replace(entity.notes[index], **values)
    if not note.text.strip():
        raise WorkbookError("a note needs some text")
    if note == entity.notes[index]:
        return wb
    notes = (*entity.notes[:index], note, *entity.notes[index + 1 :])
    return _with_entities(wb, changed=[dataclasses.replace(entity, notes=notes)])


def remove_note(wb: Workbook, entity_id: str, index: int) -> Workbook:
    entity = wb.get(entity_id)
    _record_index(entity.notes, index, "note", entity_id)
    notes = (*entity.notes[:index], *entity.notes[index + 1 :])
    return _with_entities(wb, changed=[dataclasses.replace(entity, notes=notes)])


def score_experiment(
    wb: Workbook, experiment_id: str, impact: int | None, confidence: int | None, ease: int | None
) -> Workbook:
    experiment = wb.get_typed(experiment_id, Experiment)
    values = _coerce_fields(
        Experiment,
        {"impact": impact, "confidence": confidence, "ease": ease},
        f"experiment.{experiment_id}",
    )
    updated = dataclasses.replace(experiment, **values)
    _check_ice(updated)
    return _with_entities(wb, changed=[updated])


# --- delete and rename ----------------------------------------------------------------


def delete_plan(wb: Workbook, entity_id: str) -> list[str]:
    """The ids `delete` would remove, the entity first, in the order they cascade.

    Deleting a product outcome takes its guardrails, its opportunity tree and its
    metric when nothing else uses that metric; deleting an opportunity takes its
    sub-opportunities, solutions and experiments. Links to the deleted entity
    from elsewhere are removed, never the entities that hold them.
    """
    kind = wb.kind_of(entity_id)
    if kind is None:
        raise WorkbookError(f"no entity with id {entity_id!r} in this workbook")
    plan: list[str] = [entity_id]

    def add_opportunity_tree(opportunity_id: str) -> None:
        for solution in wb.solutions_of(opportunity_id):
            plan.append(solution.id)
            plan.extend(e.id for e in wb.experiments_of(solution.id))
        for child in wb.child_opportunities(opportunity_id):
            if child.id not in plan:
                plan.append(child.id)
                add_opportunity_tree(child.id)

    if kind == "product_outcome":
        outcome = wb.product_outcomes[entity_id]
        plan.extend(g.id for g in wb.guardrails_of(entity_id))
        for opportunity in wb.opportunities_of(entity_id):
            plan.append(opportunity.id)
            add_opportunity_tree(opportunity.id)
        if outcome.metric and set(wb.metric_users(outcome.metric)) <= set(plan):
            plan.append(outcome.metric)
    elif kind == "opportunity":
        add_opportunity_tree(entity_id)
    elif kind == "solution":
        plan.extend(e.id for e in wb.experiments_of(entity_id))
    elif kind == "metric":
        users = wb.metric_users(entity_id)
        if users:
            raise WorkbookError(
                f"metric {entity_id!r} is in use by {', '.join(users)}; detach it there first"
            )
    return plan


def delete(wb: Workbook, entity_id: str) -> Workbook:
    plan = delete_plan(wb, entity_id)
    gone = set(plan)
    changed: dict[str, Entity] = {}
    for target in plan:
        for referrer_id, field_name in wb.referrers(target):
            if referrer_id in gone:
                continue
            current = changed.get(referrer_id) or wb.get(referrer_id)
            value = getattr(current, field_name)
            new_value: Any = (
                tuple(v for v in value if v != target) if isinstance(value, tuple) else ""
            )
            changed[referrer_id] = dataclasses.replace(current, **{field_name: new_value})
    meta = wb.meta
    if meta.north_star in gone:
        meta = dataclasses.replace(meta, north_star="")
    meta = dataclasses.replace(meta, retired=tuple(sorted({*meta.retired, *plan})))
    return _with_entities(wb, changed=changed.values(), removed=plan, meta=meta)


def retitle(wb: Workbook, entity_id: str, title: str) -> tuple[Workbook, str]:
    """Change a title; an id that was made from the old title follows the new one.

    A reframed outcome should not keep an id that spells out the output it
    replaced ('launch-an-android-app'). Ids chosen by hand are kept.
    """
    entity = wb.get(entity_id)
    wb = set_field(wb, entity_id, "title", title)
    base = slugify(entity.title)
    derived = entity_id == base or (
        entity_id.startswith(f"{base}-") and entity_id[len(base) + 1 :].isdigit()
    )
    if not derived or slugify(title) == base:
        return wb, entity_id
    new_id = unique_id(title, wb.taken_ids())
    return rename(wb, entity_id, new_id), new_id


def rename(wb: Workbook, old_id: str, new_id: str) -> Workbook:
    """Give an entity a new id and update every reference; the old id is retired."""
    entity = wb.get(old_id)
    check_id(new_id)
    if new_id in wb.taken_ids():
        raise WorkbookError(f"the id {new_id!r} is taken or retired; choose another")
    changed: dict[str, Entity] = {new_id: dataclasses.replace(entity, id=new_id)}
    for referrer_id, field_name in wb.referrers(old_id):
        key = new_id if referrer_id == old_id else referrer_id
        current = changed.get(key) or wb.get(referrer_id)
        value = getattr(current, field_name)
        new_value: Any = (
            tuple(new_id if v == old_id else v for v in value)
            if isinstance(value, tuple)
            else new_id
        )
        changed[key] = dataclasses.replace(current, **{field_name: new_value})
    meta = wb.meta
    if meta.north_star == old_id:
        meta = dataclasses.replace(meta, north_star=new_id)
    meta = dataclasses.replace(meta, retired=tuple(sorted({*meta.retired, old_id})))
    renamed = {k: v for k, v in wb.renamed.items() if k != old_id}
    renamed[new_id] = wb.renamed.get(old_id, old_id)
    result = _with_entities(
        wb, changed=changed.values(), removed=[old_id], meta=meta, renamed=renamed
    )
    state = wb.session
    if state is not None and (old_id == state.business_outcome or old_id in state.outcomes):
        state = dataclasses.replace(
            state,
            business_outcome=new_id if state.business_outcome == old_id else state.business_outcome,
            outcomes=tuple(new_id if o == old_id else o for o in state.outcomes),
        )
        result = dataclasses.replace(result, session=state)
    return result


# --- guided session ---------------------------------------------------------------------


def _session(wb: Workbook) -> SessionState:
    if wb.session is None:
        raise WorkbookError("no guided session has been started in this workbook")
    return wb.session


def start_session(wb: Workbook, facilitator: str = "", when: date | None = None) -> Workbook:
    """Start a guided session, or keep the one in progress (sessions resume, never reset)."""
    if wb.session is not None:
        return wb
    return dataclasses.replace(wb, session=SessionState(facilitator=facilitator, started=when))


def go_to_step(wb: Workbook, step: str, completed: bool = True) -> Workbook:
    return dataclasses.replace(wb, session=with_step(_session(wb), step, completed))


def skip_step(wb: Workbook, step: str, reason: str, next_step: str) -> Workbook:
    """Skip a step; the reason is required so the record says why it was left out."""
    state = _session(wb)
    if not reason.strip():
        raise WorkbookError("say why this step is skipped")
    skipped = SkippedStep(step=check_step(step), reason=reason)
    state = dataclasses.replace(state, skipped=(*state.skipped, skipped))
    return dataclasses.replace(wb, session=with_step(state, next_step, completed=False))


def set_session_focus(
    wb: Workbook, business_outcome: str | None = None, outcomes: tuple[str, ...] | None = None
) -> Workbook:
    state = _session(wb)
    if business_outcome:
        wb.get(business_outcome, "business_outcome")
    for outcome_id in outcomes or ():
        wb.get(outcome_id, "product_outcome")
    state = dataclasses.replace(
        state,
        business_outcome=state.business_outcome if business_outcome is None else business_outcome,
        outcomes=state.outcomes if outcomes is None else tuple(outcomes),
    )
    return dataclasses.replace(wb, session=state)


def add_session_business_outcome(wb: Workbook, title: str, **fields: Any) -> tuple[Workbook, str]:
    """The business outcome leadership brings: under the workbook's North Star Metric, and
    the one the session works on from now."""
    north_star = wb.meta.north_star
    wb, new_id = create(wb, "business_outcome", title, north_star=north_star, **fields)
    return set_session_focus(wb, business_outcome=new_id), new_id


def propose_outcome(wb: Workbook, title: str) -> tuple[Workbook, str]:
    """A proposed product outcome, driving the session's business outcome (when one is
    chosen), added to the outcomes the session works through."""
    state = _session(wb)
    drives = (state.business_outcome,) if state.business_outcome else ()
    wb, new_id = create(wb, "product_outcome", title, drives=drives)
    return set_session_focus(wb, outcomes=(*state.outcomes, new_id)), new_id


def choose_scope(
    wb: Workbook,
    outcome_id: str,
    scope: str,
    why: str,
    considered: Iterable[tuple[str, str]] = (),
    when: date | None = None,
) -> Workbook:
    """Record the scope chosen and why, with the options weighed as a decision note.

    `considered` is (name, scope) for each option written down ("wider", "narrower").
    """
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    if not scope.strip():
        raise WorkbookError("write the scope chosen")
    if not why.strip():
        raise WorkbookError("say why this scope was chosen")
    wb = set_field(wb, outcome.id, "scope", scope)
    wb = set_field(wb, outcome.id, "scope_why", why)
    options = "; ".join(f"{name}: {text}" for name, text in considered if text)
    if not options:
        return wb
    note = f"Scope options considered: {options}"
    return add_note(wb, outcome_id, note, kind="decision", when=when)


def set_timebox(wb: Workbook, minutes: int) -> Workbook:
    if minutes < 1 or minutes > 240:
        raise WorkbookError("a timebox is between 1 and 240 minutes")
    return dataclasses.replace(
        wb, session=dataclasses.replace(_session(wb), timebox_minutes=minutes)
    )


def park(wb: Workbook, text: str, when: date | None = None) -> Workbook:
    """Put an off-topic point in the parking lot."""
    state = _session(wb)
    if not text.strip():
        raise WorkbookError("a parked point needs some text")
    item = ParkedItem(text=text, step=state.step, date=when)
    return dataclasses.replace(
        wb, session=dataclasses.replace(state, parking_lot=(*state.parking_lot, item))
    )


def record_decision(wb: Workbook, text: str, when: date | None = None) -> Workbook:
    state = _session(wb)
    if not text.strip():
        raise WorkbookError("a decision needs some text")
    decision = Decision(text=text, step=state.step, date=when)
    return dataclasses.replace(
        wb, session=dataclasses.replace(state, decisions=(*state.decisions, decision))
    )
