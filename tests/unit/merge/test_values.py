"""Measured values in the diff and the merge: read as sentences, merged like any append."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from outcome_workbook.diff.render import render_markdown
from outcome_workbook.diff.semantic import diff_workbooks
from outcome_workbook.merge.files import merge_texts
from outcome_workbook.model import MeasuredValue, Workbook
from outcome_workbook.model import operations as op
from outcome_workbook.store.file_text import CONFLICT_NOTE

from ..diff.helpers import edited, model, small_workbook, text_of

D1, D2, D3 = date(2026, 3, 23), date(2026, 3, 30), date(2026, 4, 6)


def _recorded(wb: Workbook, *values: tuple[str, date, float]) -> Workbook:
    for metric, when, value in values:
        wb = op.record_value(wb, metric, when, value)
    return wb


def test_a_recorded_value_reads_with_the_value_before_it() -> None:
    before = op.set_field(
        _recorded(small_workbook(), ("reorder-rate", D1, 17)),
        "reorder-rate",
        "title",
        "Sign-up to usage rate",
    )
    after = op.record_value(before, "reorder-rate", D2, 23, note="*checklist* live")
    after = op.record_value(after, "csat", D3, 4.5)
    diff = diff_workbooks(before, after)
    metric = diff.entity("reorder-rate")
    assert metric is not None
    assert [c.text for c in metric.changes] == [
        "sign-up to usage rate measured 23 on 2026-03-30 (was 17): *checklist* live"
    ]
    assert metric.changes[0].type == "value-recorded"
    csat = diff.entity("csat")
    assert csat is not None and [c.text for c in csat.changes] == [
        "CSAT measured 4.5 on 2026-04-06"
    ]
    # The note is the user's text: Markdown shows it, never interprets it.
    assert "\\*checklist\\* live" in render_markdown(diff)


def test_corrected_and_removed_values_are_named() -> None:
    wb = _recorded(small_workbook(), ("reorder-rate", D1, 17), ("reorder-rate", D2, 22))
    metric = wb.metrics["reorder-rate"]
    corrected = dataclasses.replace(metric.versions[0], values=(MeasuredValue(date=D2, value=23),))
    changed = dataclasses.replace(metric, versions=(corrected,))
    sections = {**wb.sections, "metric": {**wb.metrics, "reorder-rate": changed}}
    entity = diff_workbooks(wb, Workbook(meta=wb.meta, sections=sections)).entity("reorder-rate")
    assert entity is not None
    assert [c.text for c in entity.changes] == [
        "reorder rate on 2026-03-30 corrected from 22 to 23",
        "reorder rate value of 2026-03-23 removed (was 17)",
    ]


def test_two_peoples_recorded_values_merge_cleanly(tmp_path: Path) -> None:
    base = text_of(_recorded(small_workbook(), ("reorder-rate", D1, 17)), tmp_path)
    ours = edited(base, tmp_path, lambda wb: _recorded(wb, ("reorder-rate", D2, 23)))
    theirs = edited(
        base, tmp_path, lambda wb: _recorded(wb, ("reorder-rate", D3, 26), ("csat", D3, 4.5))
    )
    for first, second in ((ours, theirs), (theirs, ours)):
        result = merge_texts(base, first, second)
        assert result.clean, result.conflicts
        values = result.workbook.metrics["reorder-rate"].versions[0].values
        assert [(v.date, v.value) for v in values] == [(D1, 17), (D2, 23), (D3, 26)]
        assert result.workbook.metrics["csat"].versions[0].values[0].value == 4.5
        assert model(result.data) == result.workbook
        assert b"    {date = 2026-03-30, value = 23},\n" in result.data


def test_values_merge_beside_a_new_version_and_a_clash_is_explicit(tmp_path: Path) -> None:
    base = text_of(_recorded(small_workbook(), ("reorder-rate", D1, 17)), tmp_path)
    ours = edited(base, tmp_path, lambda wb: _recorded(wb, ("reorder-rate", D2, 23)))

    def add_version(wb: Workbook) -> Workbook:
        return op.add_metric_version(wb, "reorder-rate", "In 14 days", "behaviour", "faster", D3)

    new_version = edited(base, tmp_path, add_version)
    result = merge_texts(base, ours, new_version)
    assert result.clean, result.conflicts
    versions = result.workbook.metrics["reorder-rate"].versions
    assert [len(v.values) for v in versions] == [2, 0]
    assert [v.status for v in versions] == ["superseded", "current"]
    # The same date measured differently on each side: ours kept, and the merge says so.
    clash = edited(base, tmp_path, lambda wb: _recorded(wb, ("reorder-rate", D2, 25)))
    result = merge_texts(base, ours, clash)
    assert not result.clean
    assert [c.field for c in result.conflicts] == ["versions.0.values.2026-03-30"]
    assert CONFLICT_NOTE.encode() in result.data
    assert result.workbook.metrics["reorder-rate"].versions[0].values[1].value == 23
