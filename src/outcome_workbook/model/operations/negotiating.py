"""Negotiation and evidence: the negotiation log, sign-offs (an agreement is derived
from them, `model/agreement.py`) and notes.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from ..agreement import current_terms, migrate_signoffs, signature_on, standing_signatures
from ..entities import (
    SIDES,
    NegotiationEntry,
    Note,
    ProductOutcome,
    Signature,
)
from ..errors import WorkbookError
from ..workbook import Workbook
from .support import _coerce_fields, _record_index, _with_entities


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
