"""What an outcome's sign-offs agree to, derived from the signatures and today's terms.

An agreement is never stored as a status of its own: it is `agreed` only while
both sides' latest signatures carry exactly the terms the outcome has now. A
changed term reopens it, and the changes are listed in the words `outcomes diff`
uses, so nobody's name stands under terms they did not see.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from .entities import SIDES, Guardrail, ProductOutcome, Signature, Terms
from .workbook import Workbook

AgreementState = Literal["draft", "proposed", "negotiating", "agreed", "reopened"]

STATE_LABELS: dict[str, str] = {
    "draft": "draft",
    "proposed": "proposed",
    "negotiating": "negotiating",
    "agreed": "agreed",
    "reopened": "reopened: changed since agreed",
}

TERM_LABELS: dict[str, str] = {
    "metric": "metric",
    "metric_version": "metric version",
    "definition": "metric definition",
    "baseline": "baseline",
    "target": "target",
    "unit": "unit",
    "deadline": "deadline",
    "stage": "goal stage",
    "scope": "scope",
    "guardrails": "guardrails",
}
TERM_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Terms))

LEGACY_NOTE = "signed before sign-offs recorded terms; terms as the file held them at upgrade"


def describe_guardrail(guardrail: Guardrail) -> str:
    """A guardrail as one signed line: which metric, and its rule."""
    return f"{guardrail.metric} {guardrail.describe_rule()}"


def current_terms(wb: Workbook, outcome: ProductOutcome) -> Terms:
    """The terms a signature on this outcome would cover today."""
    metric = wb.metrics.get(outcome.metric) if outcome.metric else None
    version_number: int | None = None
    definition = ""
    if metric is not None:
        for index in range(len(metric.versions) - 1, -1, -1):
            if metric.versions[index].status == "current":
                version_number = index + 1
                definition = metric.versions[index].definition
                break
    guardrails = tuple(sorted(describe_guardrail(g) for g in wb.guardrails_of(outcome.id)))
    return Terms(
        metric=outcome.metric,
        metric_version=version_number,
        definition=definition,
        baseline=outcome.baseline,
        target=outcome.target,
        unit=outcome.unit,
        deadline=outcome.deadline,
        stage=outcome.stage,
        scope=outcome.scope,
        guardrails=guardrails,
    )


@dataclass(frozen=True)
class TermChange:
    """One term that differs from what was signed."""

    name: str
    signed: Any
    now: Any
    unit: str = ""

    @property
    def text(self) -> str:
        return describe_term_change(self.name, self.signed, self.now, self.unit)


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and (len(value) > 60 or "\n" in value):
        return repr(value[:57] + "...") if len(value) > 60 else repr(value)
    return str(value)


def describe_term_change(name: str, signed: Any, now: Any, unit: str = "") -> str:
    """'target lowered from 35 to 30 %', in the words of `outcomes diff`."""
    label = TERM_LABELS.get(name, name)
    after = f" {unit}" if unit and name in ("baseline", "target") else ""
    if name == "guardrails":
        added = [g for g in now if g not in signed]
        dropped = [g for g in signed if g not in now]
        parts = [f"guardrail added: {g}" for g in added]
        parts += [f"guardrail removed: {g}" for g in dropped]
        return "; ".join(parts) or "guardrails changed"
    if name == "definition":
        return "metric definition edited"
    if signed is None or signed == "":
        return f"{label} set to {_show(now)}"
    if now is None or now == "":
        return f"{label} cleared (was {_show(signed)})"
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (signed, now))
    if numbers and name != "metric_version":
        verb = "raised" if now > signed else "lowered"
        return f"{label} {verb} from {_show(signed)} to {_show(now)}{after}"
    return f"{label} changed from {_show(signed)} to {_show(now)}"


def term_changes(signed: Terms, now: Terms) -> tuple[TermChange, ...]:
    return tuple(
        TermChange(name, getattr(signed, name), getattr(now, name), now.unit)
        for name in TERM_NAMES
        if getattr(signed, name) != getattr(now, name)
    )


@dataclass(frozen=True)
class Agreement:
    """The state of one outcome's agreement, and what it rests on."""

    state: AgreementState
    terms: Terms
    signed: dict[str, Signature]  # side -> that side's standing signature
    changes: dict[str, tuple[TermChange, ...]]  # side -> terms changed since it signed
    legacy: bool = False

    @property
    def is_agreed(self) -> bool:
        return self.state == "agreed"

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    def changed_terms(self) -> tuple[TermChange, ...]:
        """Each changed term once, against the earliest signature that saw it otherwise."""
        seen: dict[str, TermChange] = {}
        for side in SIDES:
            for change in self.changes.get(side, ()):
                seen.setdefault(change.name, change)
        return tuple(seen[name] for name in TERM_NAMES if name in seen)

    def signers(self) -> str:
        """'Helena Sørensen (leadership) and Kwame Mensah (team)'."""
        parts = [f"{self.signed[side].name} ({side})" for side in SIDES if side in self.signed]
        return " and ".join(parts)

    def _when(self, sides: list[str]) -> str:
        dates = sorted({s.date for side in sides if (s := self.signed[side]).date is not None})
        if not dates:
            return ""
        return " on " + " and ".join(d.isoformat() for d in dates)

    def summary(self) -> str:
        """One sentence for reports, checks and screens."""
        if self.state == "agreed":
            return (
                f"agreed{self._when(list(self.signed))} by {self.signers()}; terms unchanged since"
            )
        if self.state == "reopened":
            return "reopened: " + "; ".join(self.change_sentences())
        if self.signed:
            side = next(iter(self.signed))
            other = "team" if side == "leadership" else "leadership"
            return f"signed by {self.signers()}{self._when([side])}; waiting for {other}"
        return self.label

    def stale_signers(self) -> str:
        """'both signed on 2026-06-03' or 'leadership signed on 2026-06-03': whose terms moved."""
        stale = [side for side in SIDES if self.changes.get(side)]
        if len(stale) == 2:
            return f"both signed{self._when(stale)}"
        return " and ".join(f"{side} signed{self._when([side])}" for side in stale)

    def change_sentences(self) -> list[str]:
        """'target lowered from 35 to 30 after both signed on 2026-06-03'."""
        stale = [side for side in SIDES if self.changes.get(side)]
        if not stale:
            return []
        same = len(stale) == 2 and self.changes["leadership"] == self.changes["team"]
        if same:
            who = "both signed" if len(self.signed) == 2 else "they signed"
            return [f"{c.text} after {who}{self._when(stale)}" for c in self.changes["team"]]
        return [
            f"{c.text} after {side} signed{self._when([side])}"
            for side in stale
            for c in self.changes[side]
        ]


def standing_signatures(outcome: ProductOutcome) -> dict[str, Signature]:  # side -> signature
    """Each side's latest signature, unless that side has withdrawn since."""
    standing: dict[str, Signature] = {}
    for signature in outcome.signoffs:
        if signature.action == "signed":
            standing[signature.side] = signature
        else:
            standing.pop(signature.side, None)
    return standing


def legacy_signatures(wb: Workbook, outcome: ProductOutcome) -> tuple[Signature, ...]:
    """A format 1 sign-off table as signatures on the terms in the file now."""
    terms = current_terms(wb, outcome)
    legacy = outcome.signoff
    return tuple(
        signature_on(terms, side, name, getattr(legacy, f"{side}_date"), LEGACY_NOTE)
        for side in SIDES
        if (name := getattr(legacy, side)).strip()
    )


def signature_on(
    terms: Terms, side: str, name: str, when: date | None, note: str = ""
) -> Signature:
    values: dict[str, Any] = {n: getattr(terms, n) for n in TERM_NAMES}
    return Signature(**values, side=side, name=name, date=when, note=note)  # type: ignore[arg-type]


def agreement_of(wb: Workbook, outcome: ProductOutcome) -> Agreement:
    """An outcome's agreement in this workbook, worked out once per workbook value (the
    graph, the report and four checks each ask for it; both are immutable)."""
    key = ("agreement", id(outcome))
    kept = wb.memo.get(key)
    if kept is not None and kept[0] is outcome:
        return kept[1]  # type: ignore[no-any-return]
    agreement = _agreement_of(wb, outcome)
    wb.memo[key] = (outcome, agreement)
    return agreement


def _agreement_of(wb: Workbook, outcome: ProductOutcome) -> Agreement:
    terms = current_terms(wb, outcome)
    legacy = not outcome.signoffs and not outcome.signoff.is_empty()
    standing: dict[str, Signature]
    if legacy:
        standing = {s.side: s for s in legacy_signatures(wb, outcome)}
    else:
        standing = standing_signatures(outcome)
    changes: dict[str, tuple[TermChange, ...]] = {
        side: term_changes(s.terms(), terms) for side, s in standing.items()
    }
    if any(changes.values()):
        state: AgreementState = "reopened"
    elif len(standing) == 2:
        state = "agreed"
    elif standing or outcome.negotiation:
        state = "negotiating"
    elif outcome.status in ("proposed", "negotiating"):
        state = outcome.status
    else:
        state = "draft"
    return Agreement(state, terms, standing, changes, legacy)


def claims_agreement(outcome: ProductOutcome) -> bool:
    """Whether the file says, by its status key, that the outcome is agreed."""
    return outcome.status == "agreed"


def migrate_signoffs(wb: Workbook, outcome: ProductOutcome) -> ProductOutcome:
    """A format 1 outcome with its sign-off table turned into signatures with terms.

    A stored `status = "agreed"` goes: the signatures claim the agreement, for as
    long as the terms hold, and the rest of the state is derived from them.
    """
    status = "draft" if outcome.status == "agreed" else outcome.status
    if outcome.signoffs or outcome.signoff.is_empty():
        return dataclasses.replace(outcome, status=status)
    return dataclasses.replace(
        outcome,
        signoffs=legacy_signatures(wb, outcome),
        signoff=type(outcome.signoff)(),
        status=status,
    )


def needs_upgrade(wb: Workbook) -> bool:
    """Whether any outcome still has a format 1 sign-off table or a stored `agreed`."""
    return any(
        o.status == "agreed" or (not o.signoffs and not o.signoff.is_empty())
        for o in wb.product_outcomes.values()
    )


@dataclass(frozen=True)
class Reopened:
    """An edit that moves terms from under standing signatures."""

    outcome: ProductOutcome
    was: Agreement
    now: Agreement

    def sentence(self) -> str:
        """'target lowered from 35 to 30 after both signed on 2026-06-03'."""
        return "; ".join(self.now.change_sentences())


def reopened_between(
    old_wb: Workbook, new_wb: Workbook, changed: Mapping[str, str] | None = None
) -> list[Reopened]:
    """The outcomes whose signatures held on `old_wb`'s terms and no longer hold on `new_wb`'s.

    `changed` (id -> kind, `model.changes.changed_entities`) limits the look to the
    outcomes whose terms read a changed entity, so an edit costs what it touched.
    """
    found: list[Reopened] = []
    outcomes = new_wb.product_outcomes
    ids = list(outcomes) if changed is None else _terms_reading(old_wb, new_wb, changed)
    for outcome_id in ids:
        after = outcomes.get(outcome_id)
        if after is None:
            continue
        before = old_wb.product_outcomes.get(outcome_id)
        if before is None or (not before.signoffs and before.signoff.is_empty()):
            continue
        was = agreement_of(old_wb, before)
        if not was.signed or was.state == "reopened":
            continue
        now = agreement_of(new_wb, after)
        if now.state == "reopened":
            found.append(Reopened(after, was, now))
    return found


def _terms_reading(old_wb: Workbook, new_wb: Workbook, changed: Mapping[str, str]) -> list[str]:
    """The outcomes whose terms (`current_terms`: the outcome, its metric, its guardrails)
    read one of the `changed` entities, in either version."""
    ids: set[str] = set()
    for entity_id, kind in changed.items():
        if kind == "product_outcome":
            ids.add(entity_id)
        for wb in (old_wb, new_wb):
            if kind == "metric":
                ids.update(wb.metric_users(entity_id))
            guard = wb.guardrails.get(entity_id) if kind == "guardrail" else None
            if guard is not None:
                ids.add(guard.outcome)
    return sorted(ids)


def ask_path(outcome: ProductOutcome, agreement: Agreement) -> list[str]:
    """The targets asked for, in order, then the one signed: 'leadership asked 40 (2026-01-10)'."""
    steps: list[str] = []
    for entry in outcome.negotiation:
        if entry.target is None:
            continue
        when = f" ({entry.date.isoformat()})" if entry.date else ""
        who = f" ({entry.author})" if entry.author and not when else ""
        steps.append(f"{entry.side} asked {_show(float(entry.target))}{when}{who}")
    if steps and agreement.signed:
        targets = {s.target for s in agreement.signed.values()}
        if len(targets) == 1 and (target := targets.pop()) is not None:
            verb = (
                "both signed"
                if len(agreement.signed) == 2
                else f"{next(iter(agreement.signed))} signed"
            )
            steps.append(f"{verb} {_show(float(target))}")
    return steps
