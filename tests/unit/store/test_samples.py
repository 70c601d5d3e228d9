"""Every sample workbook validates, is in the canonical layout and round-trips byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from outcome_workbook.model.entities import SELF_CHECK_QUESTIONS
from outcome_workbook.store import WorkbookFile, parse
from outcome_workbook.store.file_text import BOM
from outcome_workbook.store.layout import canonical

from ...conftest import ROOT, SAMPLES, sample_paths

PACKAGED = ROOT / "src" / "outcome_workbook" / "samples"
EXPECTED = {
    "android-engagement.toml",
    "b2b-integrations.toml",
    "course-reviews.toml",
    "job-board.toml",
    "performance-report.toml",
    "pet-food-retention.toml",
    "remote-access.toml",
}

each_sample = pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.name)
# traps.toml teaches the coaching checks by breaking them on purpose
# (tests/unit/checks/test_samples.py).
TEACHING = {"traps.toml"}
each_good_sample = pytest.mark.parametrize(
    "path", [p for p in sample_paths() if p.name not in TEACHING], ids=lambda p: p.name
)


def _roundtrip(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    opened = WorkbookFile.open(path)
    assert opened.render(opened.workbook) == data
    # A workbook loaded separately (equal, not the same object) renders the same bytes.
    assert opened.render(parse(data, str(path)).workbook) == data
    assert opened.save(opened.workbook) is False
    assert path.read_bytes() == data


@each_sample
def test_sample_is_clean(path: Path) -> None:
    loaded = parse(path.read_bytes(), str(path))
    assert loaded.problems == []
    assert loaded.read_only_reason == ""
    assert canonical(loaded.text) == loaded.text


@each_sample
def test_sample_round_trips_byte_identical(path: Path, tmp_path: Path) -> None:
    _roundtrip(tmp_path / path.name, path.read_bytes())


@each_sample
def test_sample_round_trips_with_crlf(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes().replace(b"\n", b"\r\n")
    _roundtrip(tmp_path / path.name, data)


@each_sample
def test_sample_round_trips_with_bom(path: Path, tmp_path: Path) -> None:
    _roundtrip(tmp_path / path.name, BOM + path.read_bytes())


@each_sample
def test_sample_round_trips_with_non_ascii(path: Path, tmp_path: Path) -> None:
    text = path.read_text("utf-8")
    text = text.replace('title = "', 'title = "Ünïcødé ✓ 日本語 — ', 1)
    text = "# Überblick: ein Arbeitsbuch 📘\n" + text
    _roundtrip(tmp_path / path.name, text.encode("utf-8"))


@each_good_sample
def test_sample_is_a_good_workbook(path: Path) -> None:
    """The samples teach good practice: every product outcome guarded, laddered and checked."""
    wb = parse(path.read_bytes(), str(path)).workbook
    assert wb.meta.north_star in wb.north_stars
    assert wb.product_outcomes, "a sample needs at least one product outcome"
    for outcome in wb.product_outcomes.values():
        assert outcome.drives and all(d in wb.business_outcomes for d in outcome.drives)
        assert wb.guardrails_of(outcome.id), f"{outcome.id} has no guardrail"
        assert outcome.learning_goal, f"{outcome.id} has no learning goal"
        metric = wb.metrics[outcome.metric]
        current = metric.current()
        assert current is not None and current.kind == "behaviour"
        assert len(metric.versions) >= 2, "each sample shows the metric's history"
        assert all(v.rationale for v in metric.versions)
        answers = {q: getattr(outcome.self_check, q) for q in SELF_CHECK_QUESTIONS}
        assert answers == {
            "behaviour": "yes",
            "without_helping": "no",
            "single_feature": "no",
            "guarded": "yes",
        }
        sides = {entry.side for entry in outcome.negotiation}
        assert sides == {"leadership", "team"}
        if outcome.status == "agreed":
            assert outcome.signoff.is_complete()
        assert wb.opportunities_of(outcome.id)
    for business in wb.business_outcomes.values():
        assert business.north_star == wb.meta.north_star
        assert wb.outcomes_driving(business.id), f"nothing drives {business.id}"
    assert wb.experiments
    for experiment in wb.experiments.values():
        assert experiment.ice_parts() is not None
    assert "#" in path.read_text("utf-8"), "samples carry hand-written comments"


def test_all_stories_are_present() -> None:
    assert {p.name for p in sample_paths()} >= EXPECTED


def test_packaged_sample_matches() -> None:
    """The sample shipped inside the package is the same file as the one in sample_workbooks/."""
    for packaged in PACKAGED.glob("*.toml"):
        assert packaged.read_bytes() == (SAMPLES / packaged.name).read_bytes()
    assert (PACKAGED / "remote-access.toml").exists()
