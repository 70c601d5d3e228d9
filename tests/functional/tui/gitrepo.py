"""A small git repository whose workbook has a known history, the same on every run.

Commit hashes depend on the content, the names and the dates, so every commit
gets a fixed author, committer and date, and the history's four versions of the
file are fixed files (tests/data/history), not written by the store: snapshots
can then show real hashes that only change when these files do.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from outcome_workbook.model import Workbook
from outcome_workbook.store import WorkbookFile

from ...conftest import DATA
from .builders import HOSTILE

HISTORY = DATA / "history"

# A title that tries markup, a closing tag and terminal escapes (colour, hyperlink, bell).
HOSTILE_TITLE = HOSTILE + " \x1b[31mred \x1b]8;;http://x\x07link"


def git(repo: Path, *args: str, when: str = "2026-03-01T10:00:00+00:00", **who: str) -> str:
    env = dict(os.environ)
    env.update(
        {
            "HOME": str(repo.parent),
            "GIT_CONFIG_GLOBAL": str(repo.parent / ".gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": who.get("author", "Ann Example"),
            "GIT_AUTHOR_EMAIL": who.get("author", "Ann").split()[0].lower() + "@example.org",
            "GIT_COMMITTER_NAME": "Ann Example",
            "GIT_COMMITTER_EMAIL": "ann@example.org",
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
        }
    )
    result = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def new_repo(folder: Path) -> Path:
    repo = folder / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "commit.gpgsign", "false")
    return repo


def commit_change(
    repo: Path,
    change: Callable[[Workbook], Workbook],
    message: str,
    when: str,
    author: str = "Ann Example",
    name: str = "team.toml",
) -> None:
    """Edit the workbook as the app would (through the store) and commit it."""
    path = repo / name
    opened = WorkbookFile.open(path)
    opened.save(change(opened.workbook))
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message, when=when, author=author)


def history_repo(folder: Path) -> Path:
    """Four commits, oldest first: created, version 2 of signup-usage added (by Luca
    Bianchi), a hostile title, the first-session target raised from 50 to 60 %.

    Returns the workbook's path.
    """
    repo = new_repo(folder)
    steps = [
        ("Start the remote-access workbook", "2026-03-01T10:00:00Z", "Ann Example"),
        ("Count connections within a day", "2026-03-02T11:00:00Z", "Luca Bianchi"),
        (HOSTILE_TITLE, "2026-03-03T12:00:00Z", "Ann Example"),
        ("Raise the first-session target", "2026-03-04T13:00:00Z", "Ann Example"),
    ]
    for number, (message, when, author) in enumerate(steps, start=1):
        (repo / "team.toml").write_bytes((HISTORY / f"team-{number}.toml").read_bytes())
        git(repo, "add", "team.toml")
        git(repo, "commit", "-q", "-m", message, when=when, author=author)
    return repo / "team.toml"
