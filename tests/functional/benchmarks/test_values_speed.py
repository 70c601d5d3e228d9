"""The measured-values benchmark runs end to end at a small size (speed is not judged here)."""

from __future__ import annotations

from benchmarks.values_speed import measure


def test_values_benchmark_at_n10_records_every_value_and_one_more_in_one_line() -> None:
    row = measure(10, 40, repeats=1)
    assert row["record_one_changed_lines"] == 1
    assert row["file_bytes"] > 10_000
    for key in ("record_csv_s", "record_one_s", "load_with_values_s", "floor_tomllib_s"):
        assert isinstance(row[key], float) and row[key] > 0, key
