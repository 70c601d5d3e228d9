"""The session summary's experiments: in opportunity solution tree order, then as next steps.

A facilitator sends the tree the room built (each experiment under the solution
whose assumption it tests, under the opportunity it serves), so the reader sees
why an experiment is there, and then who runs what next: the experiments still
to run, best first, each with its owner or the fact that nobody owns it yet.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import scores
from ..model.entities import Experiment, Opportunity, ProductOutcome
from ..model.workbook import Workbook
from .escape import inline as md

# Deeper opportunities keep this indentation: a list nested further helps no reader,
# and a hostile 100,000-deep chain would otherwise write gigabytes of spaces.
MAX_DEPTH = 6
# Experiments that are still to be done, so they are next steps.
TO_RUN = ("running", "planned")


def _opportunities(wb: Workbook, outcome: ProductOutcome) -> Iterator[tuple[int, Opportunity]]:
    """The outcome's opportunities depth first, each with its depth (loops walked once)."""
    stack = [(0, o) for o in reversed(wb.opportunities_of(outcome.id))]
    seen: set[str] = set()
    while stack:
        depth, opportunity = stack.pop()
        if opportunity.id in seen:
            continue
        seen.add(opportunity.id)
        yield depth, opportunity
        children = wb.child_opportunities(opportunity.id)
        stack += [(depth + 1, child) for child in reversed(children)]


def ranked(wb: Workbook, experiments: list[Experiment]) -> list[Experiment]:
    """Best first, as the room ranked them (`scores.rank_key`)."""
    return sorted(experiments, key=lambda e: scores.rank_key(e, wb.meta.ice))


def _score(wb: Workbook, experiment: Experiment) -> str:
    """'ICE 270 (impact 6, confidence 5, ease 9)'; where people scored, the room's mean
    and how far apart they were: 'ICE 336, mean of 4 people, 210 to 448 (impact …)'."""
    room = scores.room_score(experiment, wb.meta.ice)
    own = experiment.ice_score(wb.meta.ice)
    if room.ice is None and own is None:
        return "not scored yet"
    impact, confidence, ease = scores.parts_text(experiment)
    parts = f"(impact {impact}, confidence {confidence}, ease {ease})"
    if room.ice is None:
        return f"ICE {own:g} {parts}"
    if room.people == 1:
        return f"ICE {room.ice:g}, from 1 person {parts}"
    return f"ICE {room.ice:g}, mean of {room.people} people, {room.low:g} to {room.high:g} {parts}"


def _experiment(wb: Workbook, experiment: Experiment) -> str:
    parts = [_score(wb, experiment)]
    if experiment.votes:
        votes = len(experiment.votes)
        parts.append(f"{votes} vote{'s' if votes != 1 else ''}")
    parts.append(experiment.status)
    if experiment.owner:
        parts.append(f"owner {md(experiment.owner)}")
    return f"Experiment: {md(experiment.title)}: {', '.join(parts)}"


def tree_lines(wb: Workbook, outcomes: list[ProductOutcome]) -> list[str]:
    """Each outcome's opportunities, their solutions and experiments, as nested lists."""
    lines: list[str] = []
    for outcome in outcomes:
        branch: list[str] = []
        for depth, opportunity in _opportunities(wb, outcome):
            pad = "  " * min(depth, MAX_DEPTH)
            branch.append(f"{pad}- Opportunity: {md(opportunity.title)}")
            for solution in wb.solutions_of(opportunity.id):
                experiments = ranked(wb, wb.experiments_of(solution.id))
                none = "" if experiments else " (no experiment yet)"
                branch.append(f"{pad}  - Solution: {md(solution.title)}{none}")
                branch += [f"{pad}    - {_experiment(wb, e)}" for e in experiments]
        if branch:
            lines += [f"**{md(outcome.title)}**", "", *branch, ""]
    return lines


def to_run(wb: Workbook, outcomes: list[ProductOutcome]) -> list[Experiment]:
    """The experiments under these outcomes still to be run or finished, best first."""
    found = [
        experiment
        for outcome in outcomes
        for _, opportunity in _opportunities(wb, outcome)
        for solution in wb.solutions_of(opportunity.id)
        for experiment in wb.experiments_of(solution.id)
        if experiment.status in TO_RUN
    ]
    best_first = ranked(wb, list({e.id: e for e in found}.values()))
    return sorted(best_first, key=lambda e: TO_RUN.index(e.status))  # running ones first


def next_step_lines(wb: Workbook, outcomes: list[ProductOutcome]) -> list[str]:
    """One line per experiment to run: what, who, and where it stands."""
    lines: list[str] = []
    for experiment in to_run(wb, outcomes):
        owner = f"owner {md(experiment.owner)}" if experiment.owner else "no owner named yet"
        doing = "running" if experiment.status == "running" else "to run"
        lines.append(f"- {doing.capitalize()}: {md(experiment.title)} ({owner})")
    return lines
