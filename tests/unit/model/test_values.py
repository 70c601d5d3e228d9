"""Recording measured values, their units, and the progress read from them."""

from __future__ import annotations

from datetime import date

import pytest

from outcome_workbook.model import operations as op
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.model.measures import guardrail_reading, parse_measured, progress
from outcome_workbook.model.workbook import Workbook

from .builders import small_workbook

D1, D2, D3 = date(2026, 3, 16), date(2026, 3, 30), date(2026, 4, 13)


def _performance(unit: str = "%") -> Workbook:
    wb = small_workbook()
    wb = op.add_metric_version(
        wb, "confirmed-hires", "Hires per 100 postings, 30 days", "behaviour", "Faster.", D1
    )
    return op.set_goal(
        wb,
        "employers-hire",
        stage="performance",
        baseline=10,
        target=30,
        deadline=date(2026, 6, 30),
        unit=unit,
    )


def test_values_go_to_the_current_version_in_date_order() -> None:
    wb = op.record_value(_performance(), "confirmed-hires", D3, 17)
    wb = op.record_value(wb, "confirmed-hires", D2, 12, note="after launch")
    versions = wb.metrics["confirmed-hires"].versions
    assert versions[0].values == ()
    assert [(v.date, v.value, v.note) for v in versions[1].values] == [
        (D2, 12, "after launch"),
        (D3, 17, ""),
    ]


def test_a_second_value_for_a_date_is_reported_not_duplicated() -> None:
    wb = op.record_value(_performance(), "confirmed-hires", D2, 12)
    with pytest.raises(op.DuplicateValueError, match="already has a value for 2026-03-30: 12"):
        op.record_value(wb, "confirmed-hires", D2, 13)


def test_a_metric_without_a_definition_takes_no_value() -> None:
    wb, metric = op.add_metric(small_workbook(), "Empty", "x", "other")
    wb = op.create(wb, "metric", "Bare", "bare")[0]
    with pytest.raises(WorkbookError, match="no definition yet"):
        op.record_value(wb, "bare", D1, 1)
    assert op.record_value(wb, metric, D1, 1) != wb


def test_units_and_kinds_are_respected() -> None:
    wb = _performance("%")
    with pytest.raises(WorkbookError, match="not a percentage"):
        op.record_value(wb, "confirmed-hires", D1, 130)
    with pytest.raises(WorkbookError, match="is a percentage, but"):
        parse_measured("23%", "hires per 100 postings", "behaviour", "row")
    assert parse_measured("23%", "% of new accounts", "behaviour", "row") == 23
    assert parse_measured("1,200", "", "content-count", "row") == 1200
    with pytest.raises(WorkbookError, match="a count is a whole number"):
        parse_measured("2.5", "", "content-count", "row")
    with pytest.raises(WorkbookError, match="not a share"):
        parse_measured("31", "share of active learners", "behaviour", "row")
    with pytest.raises(WorkbookError, match="expected a number"):
        parse_measured("lots", "", "behaviour", "row")


def test_progress_is_the_share_of_the_way_and_a_straight_line_projection() -> None:
    wb = _performance()
    assert progress(wb, "employers-hire").share is None
    # Baseline 10 on 2026-03-16 (the version's date); 14 days later, 15: +5 per 14 days.
    wb = op.record_value(wb, "confirmed-hires", D2, 15)
    standing = progress(wb, "employers-hire")
    assert standing.share == pytest.approx(0.25)
    assert standing.projected == pytest.approx(10 + 5 / 14 * 106)
    assert standing.on_track is True
    slow = progress(op.record_value(wb, "confirmed-hires", D3, 12), "employers-hire")
    assert slow.share == pytest.approx(0.1)
    assert slow.on_track is False


def test_a_guardrail_is_read_on_its_latest_value() -> None:
    wb = small_workbook()  # csat must not fall below 4
    assert guardrail_reading(wb, "guard").holds is None
    wb = op.record_value(wb, "csat", D1, 4.2)
    assert guardrail_reading(wb, "guard").holds is True
    wb = op.record_value(wb, "csat", D2, 3.8)
    reading = guardrail_reading(wb, "guard")
    assert reading.holds is False
    assert reading.detail == "3.8 on 2026-03-30"


def test_recording_values_leaves_a_signed_agreement_standing() -> None:
    from outcome_workbook.model.agreement import agreement_of
    from outcome_workbook.store import parse

    from ...conftest import SAMPLES

    path = SAMPLES / "remote-access.toml"
    wb = parse(path.read_bytes(), str(path)).workbook
    outcome = wb.product_outcomes["first-session"]
    assert agreement_of(wb, outcome).state == "agreed"
    after = op.record_value(wb, "sign-up-to-usage", date(2026, 5, 4), 35)
    assert agreement_of(after, after.product_outcomes["first-session"]).state == "agreed"
