"""Nothing lost: a save that fails at any step leaves the previous file whole and no debris."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from outcome_workbook.model import operations
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.store import WorkbookFile, atomic

from .corpus import GOOD, Snapshot, assert_no_crash, run_cli


class Boom(OSError):
    """A disk that fails on cue."""


def _fail(*_: object) -> None:
    raise Boom(28, "No space left on device")


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def _half_then_fail(handle: object, data: bytes) -> None:
    handle.write(data[: len(data) // 2])  # type: ignore[attr-defined]
    raise Boom(5, "Input/output error")


SEAMS = {
    "write": ("_write", _fail),
    "partial write": ("_write", _half_then_fail),
    "fsync": ("_fsync", _fail),
    "replace": ("_replace", _fail),
    "interrupted write": ("_write", _interrupt),
    "interrupted replace": ("_replace", _interrupt),
}


@pytest.fixture
def workbook_file(tmp_path: Path) -> Path:
    path = tmp_path / "team.toml"
    shutil.copyfile(GOOD, path)
    return path


def _edited(opened: WorkbookFile) -> object:
    wb = opened.workbook
    wb = operations.set_field(wb, "support-csat", "title", "Support satisfaction")
    wb, _ = operations.create(wb, "north_star", "Completed sessions", "completed-sessions")
    return wb


@pytest.mark.parametrize("seam", SEAMS, ids=str)
def test_a_failed_save_leaves_the_file_whole_and_no_temp_files(
    seam: str, workbook_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = Snapshot.take(workbook_file.parent)
    opened = WorkbookFile.open(workbook_file)
    edited = _edited(opened)
    name, failure = SEAMS[seam]
    monkeypatch.setattr(atomic, name, failure)
    with pytest.raises((OSError, KeyboardInterrupt)):
        opened.save(edited)  # type: ignore[arg-type]
    assert Snapshot.take(workbook_file.parent) == before
    # The edit is still in hand, and a save once the disk recovers writes all of it.
    assert opened.workbook == WorkbookFile.open(workbook_file).workbook
    monkeypatch.undo()
    assert opened.save(edited) is True  # type: ignore[arg-type]
    assert WorkbookFile.open(workbook_file).workbook == edited
    assert sorted(p.name for p in workbook_file.parent.iterdir()) == ["team.toml"]


def test_fsync_failing_everywhere_keeps_the_old_file(
    workbook_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = WorkbookFile.open(workbook_file)
    edited = _edited(opened)
    monkeypatch.setattr(os, "fsync", _fail)
    with pytest.raises(OSError):
        opened.save(edited)  # type: ignore[arg-type]
    assert workbook_file.read_bytes() == GOOD.read_bytes()


@pytest.mark.parametrize("seam", ["write", "fsync", "replace"])
def test_fmt_reports_a_failed_write_and_keeps_the_file(
    seam: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "team.toml"
    # Out of canonical order, so fmt has something to write.
    text = GOOD.read_text(encoding="utf-8")
    head, rest = text.split("\n\n", 1)
    path.write_text(rest + "\n" + head + "\n", encoding="utf-8")
    before = Snapshot.take(tmp_path)
    name, failure = SEAMS[seam]
    monkeypatch.setattr(atomic, name, failure)
    run = run_cli(["fmt", "team.toml"], tmp_path)
    assert_no_crash(run.text)
    assert run.code == 2
    assert "team.toml" in run.err and "cannot write" in run.err
    assert Snapshot.take(tmp_path) == before


def test_new_with_a_failing_disk_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "_replace", _fail)
    run = run_cli(["new", "team.toml"], tmp_path)
    assert_no_crash(run.text)
    assert run.code == 2
    assert list(tmp_path.iterdir()) == []


def test_a_save_over_a_file_changed_on_disk_is_refused(workbook_file: Path) -> None:
    opened = WorkbookFile.open(workbook_file)
    edited = _edited(opened)
    theirs = workbook_file.read_bytes() + b'\n[north_star.theirs]\ntitle = "Theirs"\n'
    workbook_file.write_bytes(theirs)
    with pytest.raises(WorkbookError, match="changed on disk"):
        opened.save(edited)  # type: ignore[arg-type]
    assert workbook_file.read_bytes() == theirs


def test_a_save_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    shutil.copyfile(GOOD, real)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    opened = WorkbookFile.open(link)
    edited = _edited(opened)
    opened.save(edited)  # type: ignore[arg-type]
    assert link.is_symlink()
    assert WorkbookFile.open(real).workbook == edited
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.toml", "real.toml"]


def test_a_folder_that_refuses_the_temporary_file_is_reported_not_lost(
    workbook_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = WorkbookFile.open(workbook_file)
    edited = _edited(opened)

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # the module atomic_write calls
    with pytest.raises(PermissionError):
        opened.save(edited)  # type: ignore[arg-type]
    assert workbook_file.read_bytes() == GOOD.read_bytes()
