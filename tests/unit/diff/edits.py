"""Hypothesis: sequences of real edits (model operations) applied to a workbook."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from outcome_workbook.model import Workbook, WorkbookError
from outcome_workbook.model import operations as op

words = st.sampled_from(["alpha", "beta", "gamma", "delta", "retention", "orders", "é 日本", "[x]"])
titles = st.lists(words, min_size=1, max_size=3).map(" ".join)
texts = st.one_of(titles, st.text(max_size=12))
days = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))


def _pick(draw: Any, wb: Workbook, kind: str) -> str | None:
    ids = sorted(wb.section(kind))
    return draw(st.sampled_from(ids)) if ids else None


def _one_edit(draw: Any, wb: Workbook) -> Workbook:
    action = draw(
        st.sampled_from(
            [
                "outcome",
                "field",
                "target",
                "entry",
                "metric",
                "version",
                "guardrail",
                "note",
                "score",
                "delete",
                "rename",
                "opportunity",
                "signoff",
                "meta",
            ]
        )
    )
    outcome = _pick(draw, wb, "product_outcome")
    metric = _pick(draw, wb, "metric")
    if action == "outcome":
        return op.create(wb, "product_outcome", draw(titles))[0]
    if action == "field" and outcome:
        name = draw(st.sampled_from(["title", "description", "scope", "status", "unit"]))
        value = draw(st.sampled_from(["draft", "proposed"])) if name == "status" else draw(texts)
        return op.set_field(wb, outcome, name, value or "x")
    if action == "target" and outcome:
        return op.set_field(wb, outcome, "target", draw(st.integers(0, 100)))
    if action == "entry" and outcome:
        side = draw(st.sampled_from(["leadership", "team"]))
        return op.add_negotiation_entry(
            wb, outcome, side, "proposal", draw(texts) or "x", draw(days)
        )
    if action == "metric":
        return op.add_metric(wb, draw(titles), draw(texts) or "d", "behaviour")[0]
    if action == "version" and metric:
        return op.add_metric_version(
            wb,
            metric,
            draw(texts) or "d",
            "behaviour",
            draw(texts) or "why",
            draw(days),
            make_current=draw(st.booleans()),
        )
    if action == "guardrail" and outcome and metric:
        return op.attach_guardrail(wb, outcome, metric, value=draw(st.integers(0, 9)))[0]
    if action == "note":
        target = _pick(draw, wb, draw(st.sampled_from(["product_outcome", "metric"])))
        if target:
            return op.add_note(wb, target, draw(texts) or "n", when=draw(days))
    if action == "score":
        experiment = _pick(draw, wb, "experiment")
        if experiment:
            values = [draw(st.integers(1, 10)) for _ in range(3)]
            return op.score_experiment(wb, experiment, *values)
    if action == "delete":
        kind = draw(st.sampled_from(["product_outcome", "guardrail", "opportunity", "experiment"]))
        target = _pick(draw, wb, kind)
        if target:
            return op.delete(wb, target)
    if action == "rename":
        kind = draw(st.sampled_from(["product_outcome", "metric", "opportunity"]))
        target = _pick(draw, wb, kind)
        if target:
            return op.rename(wb, target, f"{target}-{draw(st.integers(2, 99))}")
    if action == "opportunity" and outcome:
        wb, opportunity = op.create(wb, "opportunity", draw(titles), outcome=outcome)
        wb, solution = op.create(wb, "solution", draw(titles), opportunity=opportunity)
        return op.create(wb, "experiment", draw(titles), solution=solution)[0]
    if action == "signoff" and outcome:
        side = draw(st.sampled_from(["leadership", "team"]))
        return op.sign_off(wb, outcome, side, draw(titles), draw(days))
    if action == "meta":
        return op.set_meta(wb, "team", draw(titles))
    return wb


@st.composite
def edited_from(draw: Any, wb: Workbook, max_edits: int = 4) -> Workbook:
    """`wb` after a few edits a person could make (invalid ones are skipped)."""
    for _ in range(draw(st.integers(0, max_edits))):
        try:
            wb = _one_edit(draw, wb)
        except WorkbookError:
            continue
    return wb
