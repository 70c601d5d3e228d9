"""Several participants' processes writing one workbook at the same moments lose nothing.

Each `outcomes serve` browser client runs its own SessionApp over the same file;
these tests race real processes (forked, each with its own app and its own stale
view of the file) through `SessionApp.apply`, the path every session change takes.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from outcome_workbook.merge.save import save_merged
from outcome_workbook.model import operations as op
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.store import WorkbookFile, shared
from outcome_workbook.tui.session.session_app import SessionApp

CLIENTS = 3
EACH = 4
FORK = multiprocessing.get_context("fork")


def _participant(path: str, who: int, start: object, results: object) -> None:
    """One browser client: its own app over the file, contributing when the room does."""

    async def run() -> None:
        app = SessionApp(WorkbookFile.open(path), today=lambda: date(2026, 12, 3))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            start.wait()  # type: ignore[attr-defined]
            for n in range(EACH):
                assert app.apply(partial(op.park, text=f"point {who}.{n}"))
                assert app.apply(partial(op.record_decision, text=f"decision {who}.{n}"))
                await asyncio.sleep(0)

    try:
        asyncio.run(run())
        results.put((who, "ok"))  # type: ignore[attr-defined]
    except BaseException as error:
        results.put((who, repr(error)))  # type: ignore[attr-defined]


def _race(path: Path) -> None:
    start = FORK.Barrier(CLIENTS)
    results = FORK.Queue()
    workers = [
        FORK.Process(target=_participant, args=(str(path), who, start, results))
        for who in range(CLIENTS)
    ]
    for worker in workers:
        worker.start()
    outcomes = sorted(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=10)
    assert outcomes == [(who, "ok") for who in range(CLIENTS)]


def test_every_participants_points_and_decisions_end_up_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    WorkbookFile.create(path, op.start_session(op.new_workbook("Team")))
    _race(path)
    state = WorkbookFile.open(path).workbook.session
    assert state is not None
    expected = {f"{who}.{n}" for who in range(CLIENTS) for n in range(EACH)}
    assert sorted(p.text for p in state.parking_lot) == sorted(f"point {e}" for e in expected)
    assert sorted(d.text for d in state.decisions) == sorted(f"decision {e}" for e in expected)


def test_a_change_runs_on_what_another_process_saved_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    WorkbookFile.create(path, op.start_session(op.new_workbook("Team")))
    mine = WorkbookFile.open(path)
    theirs = WorkbookFile.open(path)
    shared.update(theirs, lambda wb: op.park(wb, "theirs"))
    # A writer that ignores the lock (an editor) too.
    outside = WorkbookFile.open(path)
    outside.save(op.record_decision(outside.workbook, "outside"))
    result = shared.update(mine, lambda wb: op.park(wb, "mine"))
    assert result.saved and result.file is not mine
    state = WorkbookFile.open(path).workbook.session
    assert state is not None
    assert [p.text for p in state.parking_lot] == ["theirs", "mine"]
    assert [d.text for d in state.decisions] == ["outside"]


def _hold_lock(path: str, held: object, release: object) -> None:
    with shared.exclusive(Path(path)):
        held.set()  # type: ignore[attr-defined]
        release.wait(10)  # type: ignore[attr-defined]


def test_a_writer_waits_for_the_lock_and_gives_up_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    WorkbookFile.create(path, op.start_session(op.new_workbook("Team")))
    before = path.read_bytes()
    held, release = FORK.Event(), FORK.Event()
    holder = FORK.Process(target=_hold_lock, args=(str(path), held, release))
    holder.start()
    try:
        assert held.wait(10)
        busy = pytest.raises(WorkbookError, match="being saved by another process")
        with busy, shared.exclusive(path, timeout=0.2):
            pass
    finally:
        release.set()
        holder.join(10)
    assert path.read_bytes() == before
    assert shared.lock_path(path) == tmp_path / ".team.toml.lock"
    with shared.exclusive(path, timeout=1):  # released when its holder let go
        pass


def _edit_and_save(path: str, who: int, start: object, results: object) -> None:
    """A workbench-like writer: edits in memory from what it read, then saves merged."""
    try:
        file = WorkbookFile.open(path)
        workbook, _ = op.create(file.workbook, "business_outcome", f"Grow market {who}")
        start.wait()  # type: ignore[attr-defined]
        save_merged(file, workbook)
        results.put((who, "ok"))  # type: ignore[attr-defined]
    except BaseException as error:
        results.put((who, repr(error)))  # type: ignore[attr-defined]


def test_edits_that_cannot_be_rerun_are_merged_three_ways(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    WorkbookFile.create(path, op.new_workbook("Team"))
    start = FORK.Barrier(CLIENTS)
    results = FORK.Queue()
    workers = [
        FORK.Process(target=_edit_and_save, args=(str(path), who, start, results))
        for who in range(CLIENTS)
    ]
    for worker in workers:
        worker.start()
    outcomes = sorted(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=10)
    assert outcomes == [(who, "ok") for who in range(CLIENTS)]
    titles = sorted(b.title for b in WorkbookFile.open(path).workbook.business_outcomes.values())
    assert titles == [f"Grow market {who}" for who in range(CLIENTS)]


def test_a_clash_writes_nothing_and_names_it(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    WorkbookFile.create(path, op.new_workbook("Team"))
    mine, theirs = WorkbookFile.open(path), WorkbookFile.open(path)
    save_merged(theirs, op.set_meta(theirs.workbook, "title", "Theirs"))
    after_theirs = path.read_bytes()
    with pytest.raises(WorkbookError, match="changed meanwhile in the same places"):
        save_merged(mine, op.set_meta(mine.workbook, "title", "Mine"))
    assert path.read_bytes() == after_theirs
