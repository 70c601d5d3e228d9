"""Workbooks for the diff and merge tests, edited the way the app edits them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from outcome_workbook.model import Workbook
from outcome_workbook.model import operations as op
from outcome_workbook.store import WorkbookFile, parse

from ...conftest import SAMPLES

PET_FOOD = SAMPLES / "pet-food-retention.toml"


def small_workbook() -> Workbook:
    """A workbook with one of everything, built through the model operations."""
    wb = op.new_workbook("Pet food", team="Growth")
    wb, _ = op.create(wb, "north_star", "Active subscribers", "active-subscribers")
    wb, _ = op.create(wb, "business_outcome", "Reduce churn", "reduce-churn")
    wb, _ = op.add_metric(
        wb, "Reorder rate", "Share reordering within 30 days", "behaviour", entity_id="reorder-rate"
    )
    wb, _ = op.add_metric(wb, "CSAT", "Satisfaction after delivery", "sentiment", entity_id="csat")
    wb, _ = op.create(
        wb, "product_outcome", "More reorders", "more-reorders", drives=("reduce-churn",)
    )
    wb = op.set_field(wb, "more-reorders", "metric", "reorder-rate")
    wb = op.set_goal(
        wb,
        "more-reorders",
        stage="performance",
        baseline=30,
        target=40,
        deadline=date(2026, 12, 1),
        unit="%",
    )
    wb = op.add_negotiation_entry(
        wb, "more-reorders", "leadership", "context", "Churn is up", date(2026, 1, 2), "Ann"
    )
    wb, _ = op.create(wb, "opportunity", "Forget to reorder", "forget", outcome="more-reorders")
    wb, _ = op.create(wb, "solution", "Reminder email", "reminder", opportunity="forget")
    wb, _ = op.create(
        wb,
        "experiment",
        "Test reminder",
        "test-reminder",
        solution="reminder",
        impact=5,
        confidence=4,
        ease=8,
    )
    return wb


def text_of(wb: Workbook, folder: Path, name: str = "team.toml") -> bytes:
    path = folder / name
    if path.exists():
        path.unlink()
    WorkbookFile.create(path, wb)
    return path.read_bytes()


def edited(data: bytes, folder: Path, change: Callable[[Workbook], Workbook]) -> bytes:
    """The bytes the app would save after `change`, starting from `data` (comments kept)."""
    path = folder / "edit.toml"
    path.write_bytes(data)
    opened = WorkbookFile.open(path)
    return opened.render(change(opened.workbook))


def model(data: bytes) -> Workbook:
    return parse(data, "test").workbook


# --- git ---------------------------------------------------------------------------------------


def git_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "HOME": str(home),
            "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_DATE": "2026-03-01T10:00:00+00:00",
            "GIT_COMMITTER_DATE": "2026-03-01T10:00:00+00:00",
        }
    )
    return env


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env=git_env(repo.parent)
    )
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def outcomes(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess, as git would."""
    return subprocess.run(
        [sys.executable, "-m", "outcome_workbook", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=git_env(cwd.parent),
    )


def new_repo(folder: Path) -> Path:
    repo = folder / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Ann Example")
    git(repo, "config", "user.email", "ann@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    return repo


def commit_file(repo: Path, name: str, data: bytes, message: str) -> None:
    (repo / name).write_bytes(data)
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message)
