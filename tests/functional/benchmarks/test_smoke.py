"""The speed suite still runs end to end (at N=10, once per figure); speed is not judged here."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.__main__ import run
from benchmarks.generate import build, generate
from benchmarks.report import table
from benchmarks.suite import KEYS

from outcome_workbook.store import parse


def test_suite_at_n10_gives_every_key_and_a_one_line_edit() -> None:
    rows = run([10], quiet=True, repeats=1, use_cache=False)
    assert len(rows) == 1
    row = rows[0]
    assert tuple(row) == KEYS
    assert row["n"] == 10
    assert row["save_one_edit_changed_lines"] == 1
    size = row["file_bytes"]
    assert isinstance(size, int) and size > 10_000
    for key in ("floor_tomllib_s", "floor_textual_start_s", "load_s", "save_one_edit_s"):
        seconds = row[key]
        assert isinstance(seconds, float) and seconds > 0, key
    notes = row["notes"]
    assert isinstance(notes, list) and all(isinstance(n, str) for n in notes)
    for key in KEYS[2:-1]:
        if row[key] is None:
            assert any(note.startswith(key) or f", {key}" in note for note in notes), key
    json.dumps(rows)
    assert "load_s" in table(rows)


def test_generator_is_deterministic_and_has_the_asked_shape() -> None:
    first, second = build(20, seed=3), build(20, seed=3)
    assert first == second
    assert len(first.product_outcomes) == 20
    assert len(first.business_outcomes) == 2
    for outcome in first.product_outcomes.values():
        metric = first.metrics[outcome.metric]
        assert 3 <= len(metric.versions) <= 6
        assert all(v.rationale for v in metric.versions)
        assert 1 <= len(first.guardrails_of(outcome.id)) <= 2
        assert {e.side for e in outcome.negotiation} == {"leadership", "team"}
        opportunities = first.opportunities_of(outcome.id)
        assert 2 <= len(opportunities) <= 3
        for opportunity in opportunities:
            solutions = first.solutions_of(opportunity.id)
            assert 1 <= len(solutions) <= 2
            for solution in solutions:
                experiments = first.experiments_of(solution.id)
                assert 1 <= len(experiments) <= 3
                assert all(e.ice_parts() is not None for e in experiments)


def test_generated_file_keeps_comments_and_reads_back_without_problems(tmp_path: Path) -> None:
    path = generate(30, tmp_path / "wb.toml")
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    above = [i for i, line in enumerate(lines) if line.startswith("# ")]
    assert above and all(lines[i + 1].startswith("[") for i in above)
    assert any("  # " in line and not line.startswith("#") for line in lines)
    loaded = parse(path.read_bytes(), str(path))
    assert loaded.problems == []
    assert loaded.workbook == build(30)
