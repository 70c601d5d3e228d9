"""The session summary shows where each outcome stands, with a chart of its values."""

from __future__ import annotations

from datetime import date

from outcome_workbook.model import operations as op
from outcome_workbook.report.session_summary import session_summary
from outcome_workbook.store import parse

from ...conftest import DATA
from ..graph.mermaid_check import validate_any

FIXTURE = DATA / "session" / "expected.toml"


def test_the_summary_charts_the_values_measured_since_the_session() -> None:
    wb = parse(FIXTURE.read_bytes(), str(FIXTURE)).workbook
    assert "```mermaid" not in session_summary(wb)
    assert wb.session is not None
    outcome = wb.product_outcomes[wb.session.outcomes[0]]
    for day, value in ((date(2026, 11, 30), 7), (date(2026, 12, 1), 9)):
        wb = op.record_value(wb, outcome.metric, day, value)
    text = session_summary(wb)
    assert "- Progress: 9 on 2026-12-01: " in text
    (chart,) = [block.split("```")[0] for block in text.split("```mermaid\n")[1:]]
    assert validate_any(chart) == []
    assert "  line [7, 9]" in chart.splitlines()
