"""The teaching workbook shows every trap; every other sample passes the checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from outcome_workbook.checks import all_rules, run_checks
from outcome_workbook.cli import main
from outcome_workbook.store import parse
from outcome_workbook.store.layout import canonical

from ...conftest import SAMPLES, sample_paths

TRAPS = SAMPLES / "traps.toml"
TAUGHT = [r.code for r in all_rules() if r.family == "trap"] + ["OW312"]


def test_every_trap_fires_on_the_teaching_workbook_under_a_comment_naming_it() -> None:
    text = TRAPS.read_text(encoding="utf-8")
    loaded = parse(text.encode(), str(TRAPS))
    findings = run_checks(loaded.workbook, loaded.locations, str(TRAPS))
    lines = text.split("\n")
    for code in TAUGHT:
        fired = [f for f in findings if f.code == code]
        assert fired, f"{code} does not fire on traps.toml"
        commented = False
        for finding in fired:
            row = loaded.locations[f"{finding.kind}.{finding.entity}"] - 2
            while row >= 0 and lines[row].startswith("#"):
                commented = commented or f"{code} {finding.rule}" in lines[row]
                row -= 1
        assert commented, f"no comment names {code} above the table it fires on"


def test_the_teaching_workbook_is_valid_and_canonical() -> None:
    text = TRAPS.read_text(encoding="utf-8")
    assert parse(text.encode(), str(TRAPS)).problems == []
    assert canonical(text) == text


@pytest.mark.parametrize(
    "path", [p for p in sample_paths() if p != TRAPS], ids=lambda p: Path(p).name
)
def test_other_samples_pass_the_checks(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", str(path)])
    assert status == 0, capsys.readouterr().out
