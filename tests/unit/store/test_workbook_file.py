"""The store's safety promises: atomic saves, kept modes and links, refused overwrites."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
import tomlkit

from outcome_workbook.model import operations as op
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.store import WorkbookFile, atomic, parse

from ...conftest import SAMPLES

SAMPLE = SAMPLES / "remote-access.toml"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "remote-access.toml"
    shutil.copyfile(SAMPLE, target)
    return target


def _edit(opened: WorkbookFile) -> Any:
    return op.set_field(opened.workbook, "first-session", "scope", "Windows first")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_save_writes_the_edit_and_keeps_the_mode(path: Path) -> None:
    os.chmod(path, 0o604)
    opened = WorkbookFile.open(path)
    assert opened.save(_edit(opened)) is True
    assert 'scope = "Windows first"' in path.read_text("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o604
    assert _leftovers(path.parent) == []


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        WorkbookFile.create(tmp_path / "new.toml", op.new_workbook("T"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o640


def test_create_refuses_an_existing_file(path: Path) -> None:
    before = path.read_bytes()
    with pytest.raises(WorkbookError, match="already exists"):
        WorkbookFile.create(path, op.new_workbook("T"))
    assert path.read_bytes() == before


@pytest.mark.parametrize("relative", [True, False])
def test_save_through_a_symlink_replaces_the_target(path: Path, relative: bool) -> None:
    folder = path.parent / "linked"
    folder.mkdir()
    link = folder / "workbook.toml"
    link.symlink_to(os.path.relpath(path, folder) if relative else path)
    chain = path.parent / "chain.toml"
    chain.symlink_to(link)
    opened = WorkbookFile.open(chain)
    opened.save(_edit(opened))
    assert link.is_symlink() and chain.is_symlink()
    assert 'scope = "Windows first"' in path.read_text("utf-8")
    assert _leftovers(path.parent) == [] and _leftovers(folder) == []


def _boom(*args: object, **kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("seam", ["_write", "_fsync", "_replace"])
def test_a_failed_save_leaves_the_old_file_and_no_temp_files(
    path: Path, seam: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = path.read_bytes()
    opened = WorkbookFile.open(path)
    edited = _edit(opened)
    with monkeypatch.context() as patch:
        patch.setattr(atomic, seam, _boom)
        with pytest.raises(OSError, match="No space"):
            opened.save(edited)
    assert path.read_bytes() == before
    assert _leftovers(path.parent) == []
    # Nothing in the file object moved either: the same save works once the disk does.
    assert opened.workbook == parse(before, str(path)).workbook
    assert not opened.changed_on_disk()
    assert opened.save(edited) is True
    assert parse(path.read_bytes(), str(path)).workbook == edited


def test_a_failed_directory_fsync_does_not_fail_the_save(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    calls: list[int] = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) > 1:
            raise OSError(22, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    opened = WorkbookFile.open(path)
    assert opened.save(_edit(opened)) is True
    assert len(calls) == 2, "the file and then its folder are flushed"


def test_interrupting_a_save_removes_the_temp_file(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic, "_fsync", interrupt)
    opened = WorkbookFile.open(path)
    before = path.read_bytes()
    with pytest.raises(KeyboardInterrupt):
        opened.save(_edit(opened))
    assert path.read_bytes() == before
    assert _leftovers(path.parent) == []


def test_saving_over_a_file_changed_on_disk_is_refused_unless_forced(path: Path) -> None:
    opened = WorkbookFile.open(path)
    theirs = path.read_text("utf-8").replace("Beamlink", "Beamlink Pro", 1)
    path.write_text(theirs, "utf-8")
    assert opened.changed_on_disk()
    with pytest.raises(WorkbookError, match="changed on disk since it was opened"):
        opened.save(_edit(opened))
    assert path.read_text("utf-8") == theirs
    # Even an unchanged model is not written over someone else's change silently.
    with pytest.raises(WorkbookError, match="changed on disk"):
        opened.save(opened.workbook)
    assert opened.save(_edit(opened), force=True) is True
    assert "Beamlink Pro" not in path.read_text("utf-8")
    assert not opened.changed_on_disk()


def test_a_deleted_file_counts_as_changed(path: Path) -> None:
    opened = WorkbookFile.open(path)
    path.unlink()
    with pytest.raises(WorkbookError, match="changed on disk"):
        opened.save(_edit(opened))
    assert not path.exists()
    assert opened.save(_edit(opened), force=True) is True
    assert path.exists()


def test_an_unchanged_save_writes_nothing(path: Path) -> None:
    opened = WorkbookFile.open(path)
    mtime = path.stat().st_mtime_ns
    assert opened.save(opened.workbook) is False
    assert opened.save(parse(path.read_bytes(), str(path)).workbook) is False
    assert path.stat().st_mtime_ns == mtime


def test_a_newer_format_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "future.toml"
    text = '[workbook]\ntitle = "Future"\nformat = 99\n'
    path.write_text(text)
    with pytest.raises(WorkbookError, match="newer than this program"):
        WorkbookFile.open(path)
    opened = WorkbookFile.open(path, allow_newer=True)
    assert opened.read_only
    with pytest.raises(WorkbookError, match="read-only"):
        opened.save(op.set_meta(opened.workbook, "team", "X"), force=True)
    assert path.read_text() == text


def test_save_refreshes_the_problems(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text('[workbook]\ntitle = "T"\nnorth_star = "ghost"\n')
    opened = WorkbookFile.open(path)
    assert [p.table_path for p in opened.loaded.problems] == ["workbook.north_star"]
    opened.save(op.set_meta(opened.workbook, "north_star", ""))
    assert opened.loaded.problems == []
    assert opened.loaded.text == path.read_text()


def test_one_edit_parses_only_the_changed_entity(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save costs the size of the edit, not of the file: tomlkit sees one entity's block."""
    parsed: list[str] = []
    real_parse = tomlkit.parse

    def counting_parse(text: str) -> Any:
        parsed.append(text)
        return real_parse(text)

    monkeypatch.setattr(tomlkit, "parse", counting_parse)  # the module the writer calls
    opened = WorkbookFile.open(path)
    assert parsed == [], "opening reads with tomllib only"
    edited = op.score_experiment(opened.workbook, "qr-code-step", 5, 5, 8)
    opened.save(edited)
    assert len(parsed) == 1
    assert parsed[0].startswith("[experiment.qr-code-step]")
    assert len(parsed[0]) < 600 < len(path.read_text("utf-8"))
