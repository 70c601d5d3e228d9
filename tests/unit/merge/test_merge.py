"""The keyed three-way merge: clean where edits do not overlap, explicit where they do."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcome_workbook.merge.files import (
    merge_texts,
    merge_workbooks,
)
from outcome_workbook.model import Workbook, WorkbookError
from outcome_workbook.model import operations as op
from outcome_workbook.store import parse
from outcome_workbook.store.file_text import CONFLICT_NOTE, merge_conflict_problems

from ..diff.edits import edited_from
from ..diff.helpers import PET_FOOD, edited, model, small_workbook, text_of

BASE_WB = small_workbook()


def _ours(wb: Workbook) -> Workbook:
    wb, _ = op.create(wb, "product_outcome", "Alpha outcome", "alpha", drives=("reduce-churn",))
    wb = op.add_metric_version(
        wb, "reorder-rate", "Reorders in 14 days", "behaviour", "faster signal", date(2026, 2, 1)
    )
    wb = op.add_negotiation_entry(
        wb, "more-reorders", "team", "insight", "Owners forget", date(2026, 2, 3), "Cy"
    )
    return op.set_field(wb, "more-reorders", "target", 45)


def _theirs(wb: Workbook) -> Workbook:
    wb, _ = op.create(wb, "product_outcome", "Beta outcome", "beta")
    wb = op.add_metric_version(
        wb, "csat", "CSAT a week after delivery", "sentiment", "closer to use", date(2026, 2, 2)
    )
    wb = op.add_negotiation_entry(
        wb, "more-reorders", "leadership", "concern", "Too slow", date(2026, 2, 2), "Ann"
    )
    return op.set_field(wb, "more-reorders", "unit", "% of subscribers")


@pytest.fixture
def base(tmp_path: Path) -> bytes:
    text = text_of(BASE_WB, tmp_path).decode()
    text = text.replace(
        "[metric.csat]", "# Sentiment is only ever a guardrail here.\n[metric.csat]"
    )
    return text.encode()


def test_different_outcomes_versions_and_entries_merge_cleanly(base: bytes, tmp_path: Path) -> None:
    ours = edited(base, tmp_path, _ours).replace(
        b"[product_outcome.alpha]", b"# Added by the team.\n[product_outcome.alpha]"
    )
    theirs = edited(base, tmp_path, _theirs).replace(
        b"[product_outcome.beta]", b"# Added by leadership.\n[product_outcome.beta]"
    )
    result = merge_texts(base, ours, theirs)
    assert result.clean, result.conflicts
    wb = result.workbook
    assert {"alpha", "beta", "more-reorders"} <= set(wb.product_outcomes)
    outcome = wb.product_outcomes["more-reorders"]
    assert (outcome.target, outcome.unit) == (45, "% of subscribers")
    assert [e.text for e in outcome.negotiation] == ["Churn is up", "Too slow", "Owners forget"]
    assert [v.status for v in wb.metrics["reorder-rate"].versions] == ["superseded", "current"]
    assert [v.status for v in wb.metrics["csat"].versions] == ["superseded", "current"]
    for comment in ("# Sentiment is only", "# Added by the team.", "# Added by leadership."):
        assert comment.encode() in result.data
    assert CONFLICT_NOTE.encode() not in result.data
    # Symmetric: merging the other way round keeps the same things.
    other = merge_texts(base, theirs, ours)
    assert other.clean and other.workbook == wb


def test_same_field_changed_differently_is_a_conflict_and_ours_is_kept(
    base: bytes, tmp_path: Path
) -> None:
    ours = edited(base, tmp_path, lambda wb: op.set_field(wb, "more-reorders", "target", 45))
    theirs = edited(base, tmp_path, lambda wb: op.set_field(wb, "more-reorders", "target", 50))
    result = merge_texts(base, ours, theirs, "team.toml")
    assert [c.where for c in result.conflicts] == ["product_outcome.more-reorders.target"]
    assert result.workbook.product_outcomes["more-reorders"].target == 45
    lines = result.text.splitlines()
    marker = next(i for i, line in enumerate(lines) if line.startswith(CONFLICT_NOTE))
    assert lines[marker] == f"{CONFLICT_NOTE} target: kept ours 45; theirs has 50; base had 40"
    assert lines[marker + 1] == "[product_outcome.more-reorders]"
    # The file stays loadable, and validation points at the conflict until it is settled.
    problems = merge_conflict_problems(parse(result.data, "team.toml").text, "team.toml")
    assert len(problems) == 1 and problems[0].line == marker + 1
    assert "unresolved merge conflict" in problems[0].message


def test_two_new_versions_of_one_metric_are_both_kept(base: bytes, tmp_path: Path) -> None:
    def add(definition: str) -> Callable[[Workbook], Workbook]:
        return lambda wb: op.add_metric_version(wb, "reorder-rate", definition, "behaviour", "why")

    result = merge_texts(
        base, edited(base, tmp_path, add("ours 14 days")), edited(base, tmp_path, add("theirs 7"))
    )
    assert [c.field for c in result.conflicts] == ["versions"]
    versions = result.workbook.metrics["reorder-rate"].versions
    assert [(v.definition, v.status) for v in versions] == [
        ("Share reordering within 30 days", "superseded"),
        ("ours 14 days", "current"),
        ("theirs 7", "proposed"),
    ]
    assert "proposed version 3" in result.conflicts[0].message


def test_deleted_on_one_side_changed_on_the_other_is_kept(base: bytes, tmp_path: Path) -> None:
    ours = edited(base, tmp_path, lambda wb: op.delete(wb, "test-reminder"))
    theirs = edited(base, tmp_path, lambda wb: op.score_experiment(wb, "test-reminder", 9, 9, 9))
    result = merge_texts(base, ours, theirs)
    assert [c.id for c in result.conflicts] == ["test-reminder"]
    assert result.workbook.experiments["test-reminder"].impact == 9
    assert "test-reminder" not in result.workbook.meta.retired


def test_deleted_on_one_side_untouched_on_the_other_is_deleted(base: bytes, tmp_path: Path) -> None:
    ours = edited(base, tmp_path, lambda wb: op.delete(wb, "test-reminder"))
    theirs = edited(base, tmp_path, lambda wb: op.set_meta(wb, "team", "Retention"))
    result = merge_texts(base, ours, theirs)
    assert result.clean
    assert "test-reminder" not in result.workbook.experiments
    assert result.workbook.meta.team == "Retention"


def test_rename_on_one_side_edit_on_the_other(base: bytes, tmp_path: Path) -> None:
    ours = edited(base, tmp_path, lambda wb: op.set_field(wb, "forget", "description", "d"))
    theirs = edited(base, tmp_path, lambda wb: op.rename(wb, "forget", "forgetting"))
    for a, b in ((ours, theirs), (theirs, ours)):
        result = merge_texts(base, a, b)
        assert result.clean, result.conflicts
        assert "forget" not in result.workbook.opportunities
        assert result.workbook.opportunities["forgetting"].description == "d"
        assert result.workbook.solutions["reminder"].opportunity == "forgetting"
        assert b"[opportunity.forget]" not in result.data


def test_child_added_under_a_deleted_parent_is_reported(base: bytes, tmp_path: Path) -> None:
    ours = edited(base, tmp_path, lambda wb: op.delete(wb, "forget"))
    theirs = edited(
        base,
        tmp_path,
        lambda wb: op.create(wb, "solution", "Auto-reorder", "auto", opportunity="forget")[0],
    )
    result = merge_texts(base, ours, theirs)
    assert [c.where for c in result.conflicts] == ["solution.auto.opportunity"]
    assert parse(result.data, "x").problems  # the dangling reference is visible


def test_both_sides_added_the_file(tmp_path: Path) -> None:
    ours = text_of(op.new_workbook("Ours"), tmp_path)
    theirs = text_of(op.new_workbook("Theirs"), tmp_path)
    result = merge_texts(b"", ours, theirs)
    assert [c.where for c in result.conflicts] == ["workbook.title"]
    assert result.workbook.meta.title == "Ours"


def test_an_unreadable_side_is_refused_with_the_reason(base: bytes) -> None:
    with pytest.raises(WorkbookError) as raised:
        merge_texts(base, base, b"<<<<<<< HEAD\n", "team.toml")
    assert raised.value.problems[0].format().startswith("team.toml:1:")
    assert "(in the theirs version)" in raised.value.problems[0].format()


def test_sample_with_comments_merges_onto_ours_text(tmp_path: Path) -> None:
    base = PET_FOOD.read_bytes()
    ours = edited(base, tmp_path, lambda wb: op.set_field(wb, "picky-eaters", "title", "Picky"))
    theirs = edited(base, tmp_path, lambda wb: op.set_meta(wb, "team", "Retention"))
    result = merge_texts(base, ours, theirs)
    assert result.clean
    assert result.data.startswith(b"# Pawpantry: fresh pet food by subscription.")
    expected = model(ours)
    expected = op.set_meta(expected, "team", "Retention")
    assert result.workbook == expected


# --- properties ---------------------------------------------------------------------------

PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _render(wb: Workbook, folder: Path) -> bytes:
    return text_of(wb, folder)


def _normal(wb: Workbook) -> Any:
    """What a merge keeps, regardless of the order of concurrently appended entries."""
    out: dict[str, Any] = {"meta": wb.meta}
    for kind, entity in wb.entities():
        values = {}
        for field in dataclasses.fields(entity):
            value = getattr(entity, field.name)
            values[field.name] = sorted(map(repr, value)) if isinstance(value, tuple) else value
        out[f"{kind}.{entity.id}"] = values
    return out


@PROPERTY
@given(data=st.data())
def test_merge_with_unchanged_ours_gives_theirs(data: st.DataObject, tmp_path: Path) -> None:
    theirs = data.draw(edited_from(BASE_WB, 6))
    base_data = _render(BASE_WB, tmp_path)
    theirs_data = edited(base_data, tmp_path, lambda _: theirs)
    result = merge_texts(base_data, base_data, theirs_data)
    assert result.clean, result.conflicts
    assert result.workbook == model(theirs_data)


@PROPERTY
@given(data=st.data())
def test_merge_with_unchanged_theirs_gives_ours_byte_for_byte(
    data: st.DataObject, tmp_path: Path
) -> None:
    ours = data.draw(edited_from(BASE_WB, 6))
    base_data = _render(BASE_WB, tmp_path)
    ours_data = edited(base_data, tmp_path, lambda _: ours)
    result = merge_texts(base_data, ours_data, base_data)
    assert result.clean, result.conflicts
    assert result.data == ours_data


@PROPERTY
@given(data=st.data())
def test_merge_keeps_the_same_things_either_way_round(data: st.DataObject, tmp_path: Path) -> None:
    ours = data.draw(edited_from(BASE_WB))
    theirs = data.draw(edited_from(BASE_WB))
    merged, conflicts = merge_workbooks(BASE_WB, ours, theirs)
    swapped, swapped_conflicts = merge_workbooks(BASE_WB, theirs, ours)
    if conflicts:
        assert swapped_conflicts, "a conflict one way is a conflict the other way"
        return
    assert not swapped_conflicts
    assert _normal(merged) == _normal(swapped)
    base_data = _render(BASE_WB, tmp_path)
    ours_data = edited(base_data, tmp_path, lambda _: ours)
    theirs_data = edited(base_data, tmp_path, lambda _: theirs)
    assert merge_texts(base_data, ours_data, theirs_data).workbook == merged


def test_two_sides_parking_points_in_a_session_keep_both_and_a_removal_holds() -> None:
    from outcome_workbook.merge.model import merge_workbooks

    base = op.park(op.start_session(small_workbook()), "shared point")
    ours = op.park(base, "ours")
    theirs = op.go_to_step(op.record_decision(op.park(base, "theirs"), "ship it"), "translate")
    merged, conflicts = merge_workbooks(base, ours, theirs)
    assert not conflicts and merged.session is not None
    assert [p.text for p in merged.session.parking_lot] == ["shared point", "theirs", "ours"]
    assert [d.text for d in merged.session.decisions] == ["ship it"]
    assert merged.session.step == "translate"
    assert base.session is not None
    taken_out = dataclasses.replace(base, session=dataclasses.replace(base.session, parking_lot=()))
    merged, conflicts = merge_workbooks(base, taken_out, theirs)
    assert not conflicts and merged.session is not None
    assert [p.text for p in merged.session.parking_lot] == ["theirs"]
