"""The read cap: a clear refusal that says how to raise it, and the setting that does."""

from __future__ import annotations

from pathlib import Path

import pytest

from outcome_workbook.store import workbook_file

from .corpus import GOOD, assert_no_crash, run_cli


@pytest.fixture
def padded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid workbook over a cap lowered to 4 KB for the test."""
    monkeypatch.setattr(workbook_file, "MAX_BYTES", 4096)
    monkeypatch.delenv("OUTCOMES_MAX_MB", raising=False)
    path = tmp_path / "big.toml"
    path.write_bytes(GOOD.read_bytes() + b"# padding\n" * 1000)
    return path


@pytest.mark.parametrize("argv", [["validate"], ["check"], ["fmt", "--check"], ["report"]])
def test_a_file_over_the_cap_is_refused_with_the_way_to_raise_it(
    padded: Path, argv: list[str]
) -> None:
    run = run_cli([*argv, padded.name], padded.parent)
    assert_no_crash(run.text)
    assert run.code == 2
    assert "larger than a workbook can be" in run.err and "OUTCOMES_MAX_MB" in run.err


def test_the_setting_raises_the_cap(padded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTCOMES_MAX_MB", "1")
    run = run_cli(["validate", padded.name], padded.parent)
    assert run.code == 0, run.text


@pytest.mark.parametrize("setting", ["lots", "-5", "0", "1.5", "9" * 30])
def test_a_bad_setting_is_a_clear_message(
    padded: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    monkeypatch.setenv("OUTCOMES_MAX_MB", setting)
    run = run_cli(["validate", padded.name], padded.parent)
    assert_no_crash(run.text)
    assert run.code == 2
    assert "OUTCOMES_MAX_MB must be a whole number of megabytes" in run.err
