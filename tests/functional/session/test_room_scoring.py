"""The room scores experiments together in the explore step: each person as themselves.

Two participants' processes (two browser clients of `outcomes serve`) score and vote
for the same experiment at the same moment, through the ranking's keys and the score
form; both scores and both votes end up in the file, and the ranking shows the room's
mean with its lowest and highest. A viewer scores nothing.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from outcome_workbook.model import operations as op
from outcome_workbook.store import WorkbookFile, parse
from outcome_workbook.tui.parts.experiments import ExperimentTable
from outcome_workbook.tui.screens.form_dialogs import FormDialog
from outcome_workbook.tui.session.session_app import SessionApp

from ...conftest import DATA

FORK = multiprocessing.get_context("fork")
TODAY = date(2026, 11, 23)
FAKE_DOOR = "fake-door-button-on-the-phone"  # its own score: 6, 5, 9 (270)


def _at_explore(tmp_path: Path) -> Path:
    """The scripted session's workbook at the explore step, before anyone scored in it."""
    fixture = DATA / "session" / "expected.toml"
    workbook = parse(fixture.read_bytes(), str(fixture)).workbook
    state = workbook.session
    assert state is not None
    for experiment in workbook.experiments.values():
        for score in experiment.scores:
            workbook = op.withdraw_score(workbook, experiment.id, score.by)
        for name in experiment.votes:
            workbook = op.vote(workbook, experiment.id, name, voting=False)
    workbook = dataclasses.replace(workbook, session=dataclasses.replace(state, step="explore"))
    path = tmp_path / "team.toml"
    WorkbookFile.create(path, workbook)
    return path


def _app(path: Path, role: str, name: str) -> SessionApp:
    return SessionApp(
        WorkbookFile.open(path), today=lambda: TODAY, timebox_running=False, role=role, name=name
    )


async def _on_ranking(pilot: Pilot[None], experiment_id: str) -> DataTable[object]:
    await pilot.pause()
    ranking = pilot.app.screen.query_one("#ranking", DataTable)
    ranking.focus()
    ranking.move_cursor(row=ranking.get_row_index(experiment_id))
    await pilot.pause()
    return ranking


async def _fill_score_form(pilot: Pilot[None], parts: tuple[str, str, str]) -> dict[str, str]:
    """Open the score form with Enter, note what it was prefilled with, type `parts`."""
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormDialog)
    fields = {
        n: pilot.app.screen.query_one(f"#form-{n}", Input) for n in ("impact", "confidence", "ease")
    }
    before = {name: field.value for name, field in fields.items()}
    for field, value in zip(fields.values(), parts, strict=True):
        field.value = value
    return before


def _participant(
    path: str, name: str, parts: tuple[str, str, str], start: object, results: object
) -> None:
    """One browser client: scores the fake-door test and votes for it when the room does."""

    async def run() -> None:
        app = _app(Path(path), "participant", name)
        async with app.run_test(size=(100, 30)) as pilot:
            await _on_ranking(pilot, FAKE_DOOR)
            await _fill_score_form(pilot, parts)
            start.wait()  # type: ignore[attr-defined]
            await pilot.press("enter")  # submit the form, both at once
            await pilot.pause()
            await pilot.press("v")
            await pilot.pause()
            assert app.last_error == "", app.last_error

    try:
        import asyncio

        asyncio.run(run())
        results.put((name, "ok"))  # type: ignore[attr-defined]
    except BaseException as error:
        results.put((name, repr(error)))  # type: ignore[attr-defined]


def _cells(ranking: DataTable[object], experiment_id: str) -> dict[str, str]:
    labels = [str(column.label) for column in ranking.ordered_columns]
    return dict(zip(labels, map(str, ranking.get_row(experiment_id)), strict=True))


async def test_two_people_score_the_same_experiment_at_once_and_the_room_sees_their_mean(
    tmp_path: Path,
) -> None:
    path = _at_explore(tmp_path)
    people = {"Ana": ("2", "3", "4"), "Ben": ("7", "6", "8")}  # ICE 24 and 336
    start, results = FORK.Barrier(len(people)), FORK.Queue()
    workers = [
        FORK.Process(target=_participant, args=(str(path), name, parts, start, results))
        for name, parts in people.items()
    ]
    for worker in workers:
        worker.start()
    outcomes = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=10)
    assert outcomes == [("Ana", "ok"), ("Ben", "ok")]

    saved = WorkbookFile.open(path).workbook.experiments[FAKE_DOOR]
    assert sorted((s.by, s.ice_parts()) for s in saved.scores) == [
        ("Ana", (2, 3, 4)),
        ("Ben", (7, 6, 8)),
    ]
    assert sorted(saved.votes) == ["Ana", "Ben"]
    assert (saved.impact, saved.confidence, saved.ease) == (6, 5, 9)  # its own, untouched

    # The facilitator's screen ranks it by the room's mean, 180: last, below 224 and 210.
    facilitator = _app(path, "facilitator", "")
    async with facilitator.run_test(size=(80, 24)) as pilot:
        ranking = await _on_ranking(pilot, FAKE_DOOR)
        assert ranking.get_row_index(FAKE_DOOR) == 2
        cells = _cells(ranking, FAKE_DOOR)
        assert {k: cells[k] for k in ("ICE", "low–high", "by", "votes")} == {
            "ICE": "180",
            "low–high": "24–336",
            "by": "2",
            "votes": "2",
        }
        assert (cells["I"], cells["C"], cells["E"]) == ("4.5", "4.5", "6")
        # Every column is on the 80-column screen, the last one whole.
        assert ranking.virtual_size.width <= ranking.size.width


async def test_a_person_rescores_from_their_earlier_score_votes_and_takes_both_back(
    tmp_path: Path,
) -> None:
    path = _at_explore(tmp_path)
    app = _app(path, "participant", "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        ranking = await _on_ranking(pilot, FAKE_DOOR)
        assert await _fill_score_form(pilot, ("2", "3", "4")) == {
            "impact": "",
            "confidence": "",
            "ease": "",
        }
        await pilot.press("enter")
        await pilot.press("v")
        await pilot.pause()
        mine = str(app.screen.query_one("#my-score", Static).render())
        assert "As Ana" in mine and "yours 2/3/4" in mine and "voted" in mine
        assert _cells(ranking, FAKE_DOOR)["by"] == "1✓"  # Ana is the one who scored
        # Her earlier score is in the form; the new one replaces it.
        assert await _fill_score_form(pilot, ("5", "3", "4")) == {
            "impact": "2",
            "confidence": "3",
            "ease": "4",
        }
        await pilot.press("enter")
        await pilot.pause()
        saved = WorkbookFile.open(path).workbook.experiments[FAKE_DOOR]
        assert [(s.by, s.ice_parts()) for s in saved.scores] == [("Ana", (5, 3, 4))]
        assert saved.votes == ("Ana",)
        await pilot.press("delete", "v")  # withdraw the score, take the vote back
        await pilot.pause()
    saved = WorkbookFile.open(path).workbook.experiments[FAKE_DOOR]
    assert saved.scores == () and saved.votes == ()


async def test_a_viewer_cannot_score_or_vote_and_is_told_why(tmp_path: Path) -> None:
    path = _at_explore(tmp_path)
    before = path.read_bytes()
    viewer = _app(path, "viewer", "")
    async with viewer.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = viewer.screen.query_one(".step-panel")
        assert panel.disabled
        line = str(viewer.screen.query_one("#my-score", Static).render())
        assert "viewer" in line
        await pilot.press("enter", "v", "delete")  # the ranking cannot take the focus
        await pilot.pause()
        assert not viewer._notifications
        # Asked anyway (as a key would), the ranking says why and changes nothing.
        ranking = viewer.screen.query_one(ExperimentTable)
        ranking.move_cursor(row=0)
        ranking.score()
        ranking.vote()
        ranking.withdraw()
        await pilot.pause()
        assert not isinstance(viewer.screen, FormDialog)  # no form to fill in
        said = [n.message for n in viewer._notifications]
        assert said and all("Viewers watch" in message for message in said), said
    assert path.read_bytes() == before
