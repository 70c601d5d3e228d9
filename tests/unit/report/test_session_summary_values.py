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


def test_the_summary_shows_the_signatures_what_they_cover_and_what_changed_since() -> None:
    wb = parse(FIXTURE.read_bytes(), str(FIXTURE)).workbook
    assert wb.session is not None
    outcome = wb.product_outcomes[wb.session.outcomes[0]]
    text = session_summary(wb)
    # Signed on terms (not "not yet" under an agreed status), goals side by side.
    assert "- Signed by leadership: Dana Ruiz on 2026-11-23 (target 50% from 5% by" in text
    assert "Signed by team: not yet" not in text.split("### ")[1]
    assert "performance goal: from 5% to 50% by 2027-03-31; learning goal: " in text
    # A signed term changed: the summary says what, and the room owes new signatures.
    wb = op.set_field(wb, outcome.id, "unit", "graduate hires")
    text = session_summary(wb)
    assert "from 5 graduate hires to 50 graduate hires" in text
    assert "  - Changed since: unit" in text
    assert "reopened since signing; both sides sign the new terms" in text
