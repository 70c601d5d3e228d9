"""Experiments scored by a room: each person's ICE score by name, votes, and the aggregate.

A room ranks experiments together. Each person's Impact, Confidence and Ease are
kept under their name (`Experiment.scores`, one entry per name, replaced when they
score again) and each vote is a name (`Experiment.votes`). The room's score is
derived, never stored: the mean of the people's ICE scores, with the lowest and
highest beside it, so a room sees at once whether it agrees (7 to 8) or not (2 to
9). An experiment nobody in the room scored keeps its own single score (the
workbench's I/C/E), so every workbook ranks the way it did before.

The operations (`operations.scoring`: score_as, withdraw_score, vote) change one
person's entry only, so run again on the file as it is (the session's shared lock)
two people scoring the same experiment at the same moment are both kept; the git
merge keeps both too (scores merge by name, votes as a set, `merge.model`).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from .entities import Experiment, IceMode, PersonScore, ice_of


@dataclass(frozen=True)
class RoomScore:
    """What the room's scores of one experiment add up to."""

    people: int  # how many gave all three parts
    ice: float | None  # the mean of their ICE scores
    low: float | None
    high: float | None
    parts: tuple[float, float, float] | None  # the mean impact, confidence and ease
    votes: int

    @property
    def spread(self) -> float:
        """How far apart the room is: highest minus lowest ICE (0 when one person scored)."""
        return 0.0 if self.low is None or self.high is None else self.high - self.low


def room_score(experiment: Experiment, mode: IceMode) -> RoomScore:
    complete = [parts for s in experiment.scores if (parts := s.ice_parts()) is not None]
    votes = len(experiment.votes)
    if not complete:
        return RoomScore(0, None, None, None, None, votes)
    ices = [ice_of(parts, mode) for parts in complete]
    means = tuple(round(statistics.fmean(column), 2) for column in zip(*complete, strict=True))
    return RoomScore(
        people=len(complete),
        ice=round(statistics.fmean(ices), 2),
        low=min(ices),
        high=max(ices),
        parts=(means[0], means[1], means[2]),
        votes=votes,
    )


def ranking_score(experiment: Experiment, mode: IceMode) -> float | None:
    """The score an experiment ranks by: the room's mean when people scored it, else its own."""
    room = room_score(experiment, mode)
    return room.ice if room.ice is not None else experiment.ice_score(mode)


def rank_key(experiment: Experiment, mode: IceMode) -> tuple[float, int, str]:
    """Best first: by score, then by votes, then by id (so the order is stable)."""
    score = ranking_score(experiment, mode)
    return (-(score if score is not None else -1.0), -len(experiment.votes), experiment.id)


def describe(experiment: Experiment, mode: IceMode) -> str:
    """The score as a table cell says it: '336' alone, or the room's '336 (4: 210-448)'."""
    room = room_score(experiment, mode)
    if room.ice is None:
        own = experiment.ice_score(mode)
        return "-" if own is None else f"{own:g}"
    if room.people == 1:
        return f"{room.ice:g} (1)"
    return f"{room.ice:g} ({room.people}: {room.low:g}-{room.high:g})"


def score_of(experiment: Experiment, by: str) -> PersonScore | None:
    """`by`'s own score of the experiment, if they gave one."""
    return next((s for s in experiment.scores if s.by == by), None)


def parts_text(experiment: Experiment) -> tuple[str, str, str]:
    """Impact, confidence and ease as shown: the room's means when people scored, else its own."""
    room = room_score(experiment, "product")
    if room.parts is not None:
        return (f"{room.parts[0]:g}", f"{room.parts[1]:g}", f"{room.parts[2]:g}")
    parts = experiment.ice_parts()
    return ("-", "-", "-") if parts is None else (str(parts[0]), str(parts[1]), str(parts[2]))
