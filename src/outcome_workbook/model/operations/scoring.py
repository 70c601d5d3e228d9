"""Scoring an experiment (ICE)."""

from __future__ import annotations

import dataclasses

from ..entities import (
    Experiment,
)
from ..workbook import Workbook
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
