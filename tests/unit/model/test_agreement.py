"""An agreement holds only while both signatures carry today's terms."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from outcome_workbook.model import operations as op
from outcome_workbook.model.agreement import agreement_of, current_terms
from outcome_workbook.model.entities import SignOff
from outcome_workbook.model.workbook import Workbook

from .builders import TODAY, small_workbook

OUTCOME = "employers-hire"


def signed() -> Workbook:
    wb = small_workbook()
    wb = op.set_field(wb, OUTCOME, "baseline", 20)
    wb = op.set_field(wb, OUTCOME, "target", 35)
    wb = op.sign_off(wb, OUTCOME, "leadership", "Priya", date(2026, 6, 3))
    return op.sign_off(wb, OUTCOME, "team", "Tomasz", date(2026, 6, 3))


def state(wb: Workbook) -> str:
    return agreement_of(wb, wb.product_outcomes[OUTCOME]).state


def test_both_signatures_on_todays_terms_agree_and_a_changed_target_reopens() -> None:
    wb = signed()
    agreement = agreement_of(wb, wb.product_outcomes[OUTCOME])
    assert agreement.state == "agreed"
    assert agreement.summary() == (
        "agreed on 2026-06-03 by Priya (leadership) and Tomasz (team); terms unchanged since"
    )
    wb = op.set_field(wb, OUTCOME, "target", 30)
    agreement = agreement_of(wb, wb.product_outcomes[OUTCOME])
    assert agreement.state == "reopened"
    assert agreement.change_sentences() == [
        "target lowered from 35 to 30 after both signed on 2026-06-03"
    ]
    wb = op.sign_off(wb, OUTCOME, "leadership", "Priya", TODAY)
    assert state(wb) == "reopened", "the team's signature still stands under 35"
    wb = op.sign_off(wb, OUTCOME, "team", "Tomasz", TODAY)
    assert state(wb) == "agreed"
    assert len(wb.product_outcomes[OUTCOME].signoffs) == 4, "earlier signatures stay as history"


def test_a_metric_version_or_an_in_place_definition_edit_reopens() -> None:
    wb = signed()
    versioned = op.add_metric_version(
        wb, "confirmed-hires", "Hires within 30 days", "behaviour", "learnt"
    )
    assert state(versioned) == "reopened"
    metric = wb.metrics["confirmed-hires"]
    edited = dataclasses.replace(metric.versions[0], definition="Hires per 50 postings")
    hand_edited = _replace(wb, dataclasses.replace(metric, versions=(edited,)))
    assert state(hand_edited) == "reopened"
    sentences = agreement_of(hand_edited, hand_edited.product_outcomes[OUTCOME]).change_sentences()
    assert sentences == ["metric definition edited after both signed on 2026-06-03"]


def _replace(wb: Workbook, entity: Any) -> Workbook:
    kind = wb.kind_of(entity.id)
    assert kind is not None
    sections = {k: dict(v) for k, v in wb.sections.items()}
    sections[kind][entity.id] = entity
    return dataclasses.replace(wb, sections=sections)


def test_withdrawal_ends_the_agreement_and_keeps_the_record() -> None:
    wb = op.withdraw_sign_off(signed(), OUTCOME, "team", when=TODAY)
    agreement = agreement_of(wb, wb.product_outcomes[OUTCOME])
    assert agreement.state == "negotiating"
    assert set(agreement.signed) == {"leadership"}
    assert [s.action for s in wb.product_outcomes[OUTCOME].signoffs][-1] == "withdrawn"


def test_a_format_1_signoff_reads_as_signed_on_the_terms_in_the_file() -> None:
    wb = small_workbook()
    legacy = SignOff(leadership="Priya", leadership_date=TODAY, team="Tomasz", team_date=TODAY)
    outcome = dataclasses.replace(wb.product_outcomes[OUTCOME], signoff=legacy, status="agreed")
    wb = _replace(wb, outcome)
    agreement = agreement_of(wb, outcome)
    assert agreement.state == "agreed" and agreement.legacy
    upgraded = op.upgrade_signoffs(wb)
    outcome = upgraded.product_outcomes[OUTCOME]
    assert outcome.signoff == SignOff() and outcome.status == "draft"
    assert [s.name for s in outcome.signoffs] == ["Priya", "Tomasz"]
    assert state(op.set_field(upgraded, OUTCOME, "target", 50)) == "reopened"


# Every term, and a value that differs from the one signed; and fields that are not terms.
TERM_EDITS: dict[str, Any] = {
    "baseline": lambda wb, v: op.set_field(wb, OUTCOME, "baseline", v),
    "target": lambda wb, v: op.set_field(wb, OUTCOME, "target", v),
    "unit": lambda wb, v: op.set_field(wb, OUTCOME, "unit", f"u{v}"),
    "deadline": lambda wb, v: op.set_field(wb, OUTCOME, "deadline", date(2027, 1, 1 + int(v) % 28)),
    "scope": lambda wb, v: op.set_field(wb, OUTCOME, "scope", f"scope {v}"),
    "metric": lambda wb, v: op.set_field(wb, OUTCOME, "metric", "csat"),
    "guardrail value": lambda wb, v: (
        (op.set_field(wb, "guard", "value", 4.5 + v)) if "guard" in wb.guardrails else wb
    ),
    "guardrail rule": lambda wb, v: (
        (op.set_field(wb, "guard", "rule", "not-above")) if "guard" in wb.guardrails else wb
    ),
    "guardrail removed": lambda wb, v: (op.delete(wb, "guard")) if "guard" in wb.guardrails else wb,
    "new version": lambda wb, v: op.add_metric_version(
        wb, "confirmed-hires", f"d{v}", "behaviour", "why"
    ),
}
OTHER_EDITS: dict[str, Any] = {
    "title": lambda wb, v: op.set_field(wb, OUTCOME, "title", f"Employers hire {v}"),
    "description": lambda wb, v: op.set_field(wb, OUTCOME, "description", f"d {v}"),
    "learning goal": lambda wb, v: op.set_field(wb, OUTCOME, "learning_goal", f"g {v}"),
    "note": lambda wb, v: op.add_note(wb, OUTCOME, f"note {v}"),
    "negotiation": lambda wb, v: op.add_negotiation_entry(wb, OUTCOME, "team", "insight", f"x {v}"),
    "metric title": lambda wb, v: op.set_field(wb, "confirmed-hires", "title", f"Hires {v}"),
    "guardrail why": lambda wb, v: op.set_field(wb, "guard", "why", f"why {v}"),
    "opportunity": lambda wb, v: op.set_field(wb, "unsure", "title", f"Unsure {v}"),
}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(TERM_EDITS)), min_size=1, max_size=3, unique=True),
    st.lists(st.sampled_from(sorted(OTHER_EDITS)), max_size=3),
    st.integers(min_value=1, max_value=9),
)
def test_any_change_to_a_signed_term_breaks_the_agreement_and_nothing_else_does(
    terms: list[str], others: list[str], value: int
) -> None:
    wb = signed()
    for name in others:
        wb = OTHER_EDITS[name](wb, value)
    assert state(wb) == "agreed", f"{others} are not terms"
    before = current_terms(wb, wb.product_outcomes[OUTCOME])
    for name in terms:
        wb = TERM_EDITS[name](wb, value)
    after = current_terms(wb, wb.product_outcomes[OUTCOME])
    assert before != after
    assert state(wb) == "reopened", f"{terms} changed signed terms"


def test_a_proposal_carries_the_target_it_asks_for() -> None:
    wb = op.add_negotiation_entry(
        small_workbook(), OUTCOME, "leadership", "proposal", "We need 40", target=40
    )
    (entry,) = wb.product_outcomes[OUTCOME].negotiation
    assert entry.target == 40
    assert isinstance(entry.target, int | float)
