"""A revision is never handed to git as an option, whatever it looks like."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .corpus import GOOD, Snapshot, assert_no_crash, run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copyfile(GOOD, tmp_path / "team.toml")
    for args in (["init", "-q"], ["add", "team.toml"], ["commit", "-qm", "first"]):
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
            cwd=tmp_path,
            check=True,
        )
    return tmp_path


@pytest.mark.parametrize(
    "spec", ["--output=x:team.toml", "-o:team.toml", "--no-index:team.toml", "-p:team.toml"]
)
@pytest.mark.parametrize("side", ["old", "new"])
def test_a_revision_that_looks_like_an_option_is_refused(repo: Path, spec: str, side: str) -> None:
    before = Snapshot.take(repo)
    argv = ["diff", "--", spec, "team.toml"] if side == "old" else ["diff", "--", "team.toml", spec]
    run = run_cli(argv, repo)
    assert_no_crash(run.text)
    assert run.code == 2, run.text
    assert "is not a revision" in run.err and spec in run.err
    assert Snapshot.take(repo) == before, "git must not have written anything"


def test_an_ordinary_revision_still_reads(repo: Path) -> None:
    run = run_cli(["diff", "HEAD:team.toml", "team.toml"], repo)
    assert run.code == 0, run.text
