"""The guided session's operations: its step, skips, focus, scope, timebox, parking
lot and decision log (the `[session]` table), and the outcomes it proposes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from typing import Any

from ..entities import (
    ProductOutcome,
)
from ..errors import WorkbookError
from ..session_record import REFRAMED_FROM, scope_options_text
from ..session_state import Decision, ParkedItem, SessionState, SkippedStep, check_step, with_step
from ..workbook import Workbook
from .basics import create, set_field
from .delete_rename import retitle
from .negotiating import add_note


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


def reframe_outcome(
    wb: Workbook, outcome_id: str, title: str, when: date | None = None
) -> tuple[Workbook, str]:
    """Reword a proposal (an output, often) as an outcome, keeping what it said before.

    The old wording goes into a decision note (`session_record`), so the summary
    can show what the room started from; returns the outcome's id, which follows a
    title it was made from (`retitle`).
    """
    outcome = wb.get_typed(outcome_id, ProductOutcome)
    if not title.strip():
        raise WorkbookError("write the reframed outcome")
    if title.strip() == outcome.title.strip():
        return wb, outcome_id
    wb, new_id = retitle(wb, outcome_id, title)
    return add_note(wb, new_id, REFRAMED_FROM + outcome.title, kind="decision", when=when), new_id


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
    note = scope_options_text(list(considered))
    if not note:
        return wb
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
