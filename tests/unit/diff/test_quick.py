"""Diff and merge that decode only the tables that differ give what the full path gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcome_workbook.diff.quick import diff_files, quick_diff
from outcome_workbook.diff.render import render_json
from outcome_workbook.diff.semantic import diff_workbooks
from outcome_workbook.merge.files import merge_texts, merge_texts_fully, quick_merge
from outcome_workbook.model import Workbook, WorkbookError
from outcome_workbook.model import operations as op
from outcome_workbook.store import parse
from outcome_workbook.store.file_text import CONFLICT_NOTE
from outcome_workbook.store.versions import load, version_of

from .edits import edited_from
from .helpers import PET_FOOD, edited, small_workbook, text_of

BASE_WB = small_workbook()
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _full_diff(old: bytes, new: bytes) -> object:
    reference = version_of(parse(old, "old", allow_newer=True))
    return diff_workbooks(reference.workbook, load(new, "new", reference).workbook)


def _bigger(wb: Workbook) -> Workbook:
    """More tables that no edit touches, so most of the file is shared."""
    for number in range(6):
        wb, outcome = op.create(wb, "product_outcome", f"Quiet outcome {number}")
        wb, _ = op.create(wb, "opportunity", f"Quiet need {number}", outcome=outcome)
    return wb


BIG_WB = _bigger(BASE_WB)


@PROPERTY
@given(data=st.data())
def test_the_quick_diff_is_the_full_diff(data: st.DataObject, tmp_path: Path) -> None:
    base = data.draw(st.sampled_from([BASE_WB, BIG_WB]))
    base_data = text_of(base, tmp_path)
    old = edited(base_data, tmp_path, lambda _: data.draw(edited_from(base, 4)))
    new = edited(base_data, tmp_path, lambda _: data.draw(edited_from(base, 4)))
    quick = quick_diff(old, new)
    assert quick is not None
    full = _full_diff(old, new)
    assert quick == full
    assert render_json(quick, "a", "b") == render_json(full, "a", "b")


@PROPERTY
@given(data=st.data())
def test_the_merge_gives_the_full_merge_byte_for_byte(data: st.DataObject, tmp_path: Path) -> None:
    base = data.draw(st.sampled_from([BASE_WB, BIG_WB]))
    base_data = text_of(base, tmp_path)
    ours = edited(base_data, tmp_path, lambda _: data.draw(edited_from(base)))
    theirs = edited(base_data, tmp_path, lambda _: data.draw(edited_from(base)))
    full = merge_texts_fully(base_data, ours, theirs, "team.toml")
    result = merge_texts(base_data, ours, theirs, "team.toml")
    assert result.data == full.data
    assert result.conflicts == full.conflicts
    assert result.workbook == full.workbook
    quick = quick_merge(base_data, ours, theirs, "team.toml")
    if quick is not None:  # conflicts too: it decodes only the tables in conflict
        assert quick.data == full.data and quick.conflicts == full.conflicts


def _two_people(base: bytes, folder: Path) -> tuple[bytes, bytes]:
    ours = edited(
        base,
        folder,
        lambda wb: op.add_negotiation_entry(
            op.set_field(wb, "pets-switch-foods", "title", "Ours"),
            "pets-switch-foods",
            "team",
            "insight",
            "ours note",
        ),
    )
    theirs = edited(base, folder, lambda wb: op.create(wb, "product_outcome", "Theirs new")[0])
    return ours, theirs


def test_two_people_merge_quickly_with_comments_kept(tmp_path: Path) -> None:
    base = PET_FOOD.read_bytes()
    ours, theirs = _two_people(base, tmp_path)
    quick = quick_merge(base, ours, theirs, "team.toml")
    assert quick is not None and quick.clean
    assert quick.data == merge_texts_fully(base, ours, theirs, "team.toml").data
    assert quick.data.startswith(b"# Pawpantry: fresh pet food by subscription.")
    assert b"[product_outcome.theirs-new]" in quick.data
    assert quick.workbook == parse(quick.data, "x").workbook


def test_the_quick_diff_is_taken_for_the_usual_files(tmp_path: Path) -> None:
    base = PET_FOOD.read_bytes()
    ours, theirs = _two_people(base, tmp_path)
    quick = quick_diff(base, ours)
    assert quick is not None and quick == _full_diff(base, ours)
    assert [e.id for e in quick.entities] == ["pets-switch-foods"]
    assert diff_files(ours, theirs, "a", "b") == _full_diff(ours, theirs)


def test_what_the_quick_merge_cannot_vouch_for_takes_the_full_path(tmp_path: Path) -> None:
    base = PET_FOOD.read_bytes()
    renamed = edited(base, tmp_path, lambda wb: op.rename(wb, "picky-eaters", "fussy-eaters"))
    retitled = edited(base, tmp_path, lambda wb: op.set_field(wb, "picky-eaters", "title", "P"))
    assert quick_merge(base, renamed, retitled, "x") is None  # a rename
    target = edited(base, tmp_path, lambda wb: op.set_field(wb, "pets-switch-foods", "target", 1))
    other = edited(base, tmp_path, lambda wb: op.set_field(wb, "pets-switch-foods", "target", 2))
    conflicted = quick_merge(base, target, other, "x")  # a conflict is merged quickly
    assert conflicted is not None and [c.field for c in conflicted.conflicts] == ["target"]
    assert conflicted.data == merge_texts_fully(base, target, other, "x").data
    assert CONFLICT_NOTE.encode() in conflicted.data
    broken = retitled.replace(b'title = "P"', b"title = P")
    assert quick_merge(base, base, broken, "x") is None  # a table that does not read
    with pytest.raises(WorkbookError) as raised:
        merge_texts(base, base, broken, "team.toml")
    assert "(in the theirs version)" in raised.value.problems[0].format()


def test_a_session_table_is_diffed_and_merged(tmp_path: Path) -> None:
    base = PET_FOOD.read_bytes() + b'\n[session]\nstep = "scope"\n'
    ours = base.replace(b"Pawpantry", b"Pawpantry!", 1)
    theirs = base.replace(b'step = "scope"', b'step = "metric"')
    assert diff_files(base, theirs, "a", "b").identical  # a session is not part of the plan
    result = merge_texts(base, ours, theirs, "team.toml")
    assert result.clean
    merged = parse(result.data, "x").workbook
    assert merged.session is not None and merged.session.step == "metric"


def test_a_problem_ours_had_already_is_not_a_merge_conflict(tmp_path: Path) -> None:
    base = text_of(BASE_WB, tmp_path).replace(
        b'opportunity = "forget"', b'opportunity = "gone-away"'
    )
    assert parse(base, "x").problems  # a dangling reference in every version
    ours = edited(base, tmp_path, lambda wb: op.set_field(wb, "more-reorders", "title", "T"))
    theirs = edited(base, tmp_path, lambda wb: op.set_meta(wb, "team", "Retention"))
    result = merge_texts(base, ours, theirs, "team.toml")
    assert result.clean
    assert result.data == merge_texts_fully(base, ours, theirs, "team.toml").data
