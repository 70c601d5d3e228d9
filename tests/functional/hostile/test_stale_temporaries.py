"""A save killed between writing its temporary file and the rename leaves
`.NAME.XXXXXXXX.tmp` behind; the next save removes it, and nothing else."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path

from outcome_workbook.model import operations
from outcome_workbook.store import WorkbookFile

from .corpus import GOOD

OLD = time.time() - 3600


def left(folder: Path, name: str, age: float = OLD) -> Path:
    path = folder / name
    path.write_bytes(b"half a workbook")
    os.utime(path, (age, age))
    return path


def test_the_next_save_removes_what_a_killed_save_left(tmp_path: Path) -> None:
    workbook = tmp_path / "team.toml"
    shutil.copyfile(GOOD, workbook)
    stale = [left(tmp_path, ".team.toml.k2j_9xq0.tmp"), left(tmp_path, ".team.toml.aaaaaaaa.tmp")]
    kept = [
        left(tmp_path, ".team.toml.abcd1234.tmp", age=time.time()),  # maybe a save under way
        left(tmp_path, ".other.toml.abcd1234.tmp"),  # another workbook's
        left(tmp_path, ".team.toml.notmine.tmp"),  # not a name the program makes
        left(tmp_path, ".team.toml.ABCD1234.tmp"),
        left(tmp_path, "team.toml.abcd1234.tmp"),
        left(tmp_path, ".team.toml.abcd1234.tmp.bak"),
    ]
    link = tmp_path / ".team.toml.zzzzzzzz.tmp"
    link.symlink_to(GOOD)
    locked = left(tmp_path, ".team.toml.lockedxx.tmp")
    holder = os.open(locked, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # a writer in another process, slow but alive
    try:
        opened = WorkbookFile.open(workbook)
        assert opened.save(operations.set_meta(opened.workbook, "title", "Renamed"))
    finally:
        os.close(holder)
    for path in stale:
        assert not path.exists(), path.name
    for path in [*kept, locked]:
        assert path.exists(), path.name
    assert link.is_symlink() and GOOD.exists()
    assert not [
        p
        for p in tmp_path.iterdir()
        if p.name.startswith(".team.toml.") and p not in (*kept, locked, link)
    ], "the save's own temporary file is gone too"
