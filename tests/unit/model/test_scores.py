"""Experiments scored by a room: each person's score by name, votes, the room's aggregate;
kept through the file, the merge and people scoring at the same moment."""

from __future__ import annotations

import multiprocessing
from datetime import date
from pathlib import Path

import pytest

from outcome_workbook.diff.semantic import entity_changes
from outcome_workbook.merge.files import merge_texts
from outcome_workbook.model import operations as op
from outcome_workbook.model import scores
from outcome_workbook.model.entities import Experiment
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.store import WorkbookFile, parse, render_new, shared

FORK = multiprocessing.get_context("fork")
DAY = date(2026, 12, 3)


def _workbook() -> Workbook:
    wb = op.new_workbook("Team")
    wb, outcome = op.create(wb, "product_outcome", "Graduates hear back")
    wb, opp = op.create(wb, "opportunity", "Silence after applying", outcome=outcome)
    wb, sol = op.create(wb, "solution", "Reply reminders", opportunity=opp)
    wb, _ = op.create(wb, "experiment", "Reminder fake door", solution=sol, impact=5)
    return wb


def _experiment(wb: Workbook) -> Experiment:
    return wb.experiments["reminder-fake-door"]


def test_each_person_keeps_one_score_and_the_room_sees_mean_and_spread() -> None:
    wb = op.score_as(_workbook(), "reminder-fake-door", "Ana", 8, 5, 7, DAY)
    wb = op.score_as(wb, "reminder-fake-door", "Ben", 4, 5, 5)
    wb = op.score_as(wb, "reminder-fake-door", "  Ana ", 8, 6, 7)  # Ana again: replaced
    wb = op.vote(op.vote(wb, "reminder-fake-door", "Ana"), "reminder-fake-door", "Ana")
    experiment = _experiment(wb)
    assert [(s.by, s.confidence) for s in experiment.scores] == [("Ana", 6), ("Ben", 5)]
    assert experiment.votes == ("Ana",)
    room = scores.room_score(experiment, "product")
    assert (room.people, room.ice, room.low, room.high) == (2, 218.0, 100.0, 336.0)
    assert room.parts == (6.0, 5.5, 6.0) and room.votes == 1 and room.spread == 236.0
    assert scores.describe(experiment, "product") == "218 (2: 100-336)"
    assert scores.describe(experiment, "mean") == "5.83 (2: 4.67-7)"
    # The room's mean ranks the experiment; without room scores its own score does.
    assert scores.ranking_score(experiment, "product") == 218.0
    assert scores.ranking_score(_experiment(_workbook()), "product") is None
    wb = op.withdraw_score(
        op.vote(wb, "reminder-fake-door", "Ana", False), "reminder-fake-door", "Ben"
    )
    assert [s.by for s in _experiment(wb).scores] == ["Ana"] and _experiment(wb).votes == ()


@pytest.mark.parametrize(
    ("by", "parts", "message"),
    [
        ("", (5, 5, 5), "needs the name"),
        ("Ana", (0, 5, 5), "impact must be a whole number from 1 to 10"),
        ("Ana", (5, 11, 5), "confidence must be"),
    ],
)
def test_a_score_without_a_name_or_out_of_range_is_refused(
    by: str, parts: tuple[int, int, int], message: str
) -> None:
    with pytest.raises(WorkbookError, match=message):
        op.score_as(_workbook(), "reminder-fake-door", by, *parts)


def test_scores_and_votes_are_stored_by_name_and_read_back() -> None:
    wb = op.score_as(_workbook(), "reminder-fake-door", "Ana", 8, 5, 7, DAY)
    wb = op.vote(op.score_as(wb, "reminder-fake-door", "Ben", 4, 5, 5), "reminder-fake-door", "Ben")
    text = render_new(wb).decode()
    assert 'votes = ["Ben"]' in text
    assert '[[experiment.reminder-fake-door.scores]]\nby = "Ana"\nimpact = 8' in text
    back = parse(text.encode(), "t.toml")
    assert back.problems == [] and back.workbook == wb
    # Hand-edited into nonsense: located problems, not a crash.
    broken = text.replace("impact = 8", "impact = 12").replace('by = "Ben"', 'by = "Ana"')
    problems = [(p.table_path, p.message) for p in parse(broken.encode(), "t.toml").problems]
    assert (
        "experiment.reminder-fake-door.scores.0.impact",
        "impact must be between 1 and 10, got 12",
    ) in problems
    assert any("a second score by 'Ana'" in message for _, message in problems)


def test_the_merge_keeps_both_sides_scores_and_votes_by_name() -> None:
    base_wb = op.score_as(_workbook(), "reminder-fake-door", "Ana", 5, 5, 5)
    base_wb = op.score_as(base_wb, "reminder-fake-door", "Dev", 2, 2, 2)
    base = render_new(base_wb)
    # Ours: Dev takes their score back, Ben votes; theirs: Cleo scores, Ana rescores.
    ours_wb = op.vote(
        op.withdraw_score(base_wb, "reminder-fake-door", "Dev"), "reminder-fake-door", "Ben"
    )
    theirs_wb = op.vote(
        op.score_as(base_wb, "reminder-fake-door", "Cleo", 3, 3, 3),
        "reminder-fake-door",
        "Cleo",
    )
    theirs_wb = op.score_as(theirs_wb, "reminder-fake-door", "Ana", 5, 5, 9)
    merged = merge_texts(base, render_new(ours_wb), render_new(theirs_wb), "t.toml")
    assert merged.conflicts == ()
    experiment = _experiment(merged.workbook)
    assert {s.by: s.ice_parts() for s in experiment.scores} == {
        "Ana": (5, 5, 9),
        "Cleo": (3, 3, 3),
    }
    assert sorted(experiment.votes) == ["Ben", "Cleo"]
    said = [
        c.text
        for c in entity_changes(
            "experiment", _experiment(base_wb), experiment, base_wb, merged.workbook
        )
    ]
    assert said == [
        "votes: added Ben",
        "votes: added Cleo",
        "Ana rescored: ICE 125 (impact 5, confidence 5, ease 5)"
        " → ICE 225 (impact 5, confidence 5, ease 9)",
        "Cleo scored ICE 27 (impact 3, confidence 3, ease 3)",
        "Dev took back their score (ICE 8 (impact 2, confidence 2, ease 2))",
    ]


def _scorer(path: str, name: str, start: object, results: object) -> None:
    """One participant's process, with its own stale view of the file, scoring when told."""
    try:
        file = WorkbookFile.open(path)
        start.wait()  # type: ignore[attr-defined]
        for n in range(3):

            def change(wb: Workbook, impact: int = 1 + n) -> Workbook:
                wb = op.score_as(wb, "reminder-fake-door", name, impact, 5, 5)
                return op.vote(wb, "reminder-fake-door", name)

            file = shared.update(file, change).file
        results.put((name, "ok"))  # type: ignore[attr-defined]
    except BaseException as error:
        results.put((name, repr(error)))  # type: ignore[attr-defined]


def test_people_scoring_the_same_experiment_at_the_same_moment_are_all_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "team.toml"
    WorkbookFile.create(path, _workbook())
    names = ["Ana", "Ben", "Cleo", "Dev"]
    start, results = FORK.Barrier(len(names)), FORK.Queue()
    workers = [FORK.Process(target=_scorer, args=(str(path), n, start, results)) for n in names]
    for worker in workers:
        worker.start()
    outcome = sorted(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=10)
    assert outcome == [(name, "ok") for name in names]
    experiment = _experiment(WorkbookFile.open(path).workbook)
    assert sorted((s.by, s.impact) for s in experiment.scores) == [(n, 3) for n in names]
    assert sorted(experiment.votes) == names
