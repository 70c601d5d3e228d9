"""Scoring an experiment (ICE): its own score, and a room's, person by person (`model.scores`)."""

from __future__ import annotations

import dataclasses
from datetime import date

from ..entities import ICE_MAX, ICE_MIN, Experiment, PersonScore
from ..errors import WorkbookError
from ..live_room import person_name
from ..workbook import Workbook
from .basics import set_field
from .support import _check_ice, _coerce_fields, _with_entities


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


def _scorer(name: str) -> str:
    """The name a score or vote is stored under (as the room shows it); never empty."""
    cleaned = person_name(name)
    if not cleaned:
        raise WorkbookError("a score or a vote needs the name of who gives it")
    return cleaned


def score_as(
    wb: Workbook,
    experiment_id: str,
    by: str,
    impact: int | None,
    confidence: int | None,
    ease: int | None,
    when: date | None = None,
) -> Workbook:
    """Record (or replace) `by`'s score of the experiment; the others' scores are untouched."""
    experiment = wb.get_typed(experiment_id, Experiment)
    name = _scorer(by)
    for part, value in (("impact", impact), ("confidence", confidence), ("ease", ease)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not ICE_MIN <= value <= ICE_MAX
        ):
            raise WorkbookError(f"{part} must be a whole number from {ICE_MIN} to {ICE_MAX}")
    mine = PersonScore(by=name, impact=impact, confidence=confidence, ease=ease, date=when)
    scores = _without(experiment.scores, name)
    index = next((i for i, s in enumerate(experiment.scores) if s.by == name), len(scores))
    return set_field(wb, experiment_id, "scores", (*scores[:index], mine, *scores[index:]))


def withdraw_score(wb: Workbook, experiment_id: str, by: str) -> Workbook:
    """Take `by`'s score back (nothing to take back is not an error: nothing changes)."""
    experiment = wb.get_typed(experiment_id, Experiment)
    kept = _without(experiment.scores, _scorer(by))
    return wb if kept == experiment.scores else set_field(wb, experiment_id, "scores", kept)


def vote(wb: Workbook, experiment_id: str, by: str, voting: bool = True) -> Workbook:
    """Give (or take back) `by`'s vote for the experiment: one vote per person and experiment."""
    experiment = wb.get_typed(experiment_id, Experiment)
    name = _scorer(by)
    has = name in experiment.votes
    if has == voting:
        return wb
    votes = (*experiment.votes, name) if voting else tuple(v for v in experiment.votes if v != name)
    return set_field(wb, experiment_id, "votes", votes)


def _without(scores: tuple[PersonScore, ...], name: str) -> tuple[PersonScore, ...]:
    return tuple(s for s in scores if s.by != name)
