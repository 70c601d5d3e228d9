"""The canonical layout's promise: two people's edits to different things merge with plain git.

Plain line-based merging still conflicts when the two edits touch neighbouring lines (say,
deleting two entities whose blocks sit next to each other); the workbook merge driver
(`outcomes git setup`) resolves those by entity. These pairs are the everyday case.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from outcome_workbook.model import operations as op
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.store import WorkbookFile, parse

from ...conftest import SAMPLES

Edit = Callable[[Workbook], Workbook]

PAIRS: dict[str, tuple[Edit, Edit]] = {
    "two new opportunities": (
        lambda wb: op.create(wb, "opportunity", "Admins block installs", outcome="first-session")[
            0
        ],
        lambda wb: op.create(wb, "opportunity", "Trials expire unnoticed", outcome="first-session")[
            0
        ],
    ),
    "new version and a title": (
        lambda wb: op.add_metric_version(
            wb, "sign-up-to-usage", "Session within 3 days", "behaviour", "Faster signal."
        ),
        lambda wb: op.set_field(wb, "first-session", "title", "New accounts reach a session"),
    ),
    "two self-check answers": (
        lambda wb: op.set_self_check(wb, "first-session", "behaviour", "unsure"),
        lambda wb: op.set_self_check(wb, "first-session", "guarded", "unsure"),
    ),
    "negotiation entry and a score": (
        lambda wb: op.add_negotiation_entry(wb, "first-session", "team", "insight", "Noted."),
        lambda wb: op.score_experiment(wb, "no-admin-build", 5, 5, 5),
    ),
    "deletes of unrelated entities": (
        lambda wb: op.delete(wb, "admin-rights"),
        lambda wb: op.detach_guardrail(wb, "first-session-rating"),
    ),
    "a new experiment and a note elsewhere": (
        lambda wb: op.create(wb, "experiment", "Zero-config build", solution="no-admin-installer")[
            0
        ],
        lambda wb: op.add_note(wb, "trials-convert", "Board asked again."),
    ),
}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("name", sorted(PAIRS))
def test_edits_to_different_things_merge_cleanly(name: str, tmp_path: Path) -> None:
    base = tmp_path / "base.toml"
    shutil.copyfile(SAMPLES / "remote-access.toml", base)
    # A workbook with some history: retired ids are listed one per line.
    opened = WorkbookFile.open(base)
    start = opened.workbook
    for gone in ("demo-desktop-trial", "landing-page-copy", "qr-code-step"):
        start = op.delete(start, gone)
    opened.save(start)
    edit_a, edit_b = PAIRS[name]
    for label, edit in (("ours", edit_a), ("theirs", edit_b)):
        target = tmp_path / f"{label}.toml"
        shutil.copyfile(base, target)
        opened = WorkbookFile.open(target)
        opened.save(edit(opened.workbook))
    merged = subprocess.run(
        [
            "git",
            "merge-file",
            "-p",
            str(tmp_path / "ours.toml"),
            str(base),
            str(tmp_path / "theirs.toml"),
        ],
        capture_output=True,
        timeout=60,
    )
    assert merged.returncode == 0, merged.stdout.decode()
    merged_workbook = parse(merged.stdout, "merged.toml").workbook
    assert merged_workbook == edit_b(edit_a(start)), "the merge holds both edits"
    assert merged_workbook == edit_a(edit_b(start))
