"""The diff/merge benchmark runs and reports what it says (its timings are not asserted here)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.diff_speed import measure, synthetic_workbook, two_sides

from outcome_workbook.store import WorkbookFile


def test_measure_reports_diff_and_merge_times_for_two_peoples_edits(tmp_path: Path) -> None:
    base = tmp_path / "base.toml"
    WorkbookFile.create(base, synthetic_workbook(12))
    ours, theirs = two_sides(base, tmp_path)
    figures = measure(ours, theirs, base, repeats=1)
    assert figures["diff_s"] > 0 and figures["merge_s"] > 0
    assert figures["merge_conflicts"] == 0
    assert figures["changed_entities"] > 8  # retitled outcomes, new entries, versions
