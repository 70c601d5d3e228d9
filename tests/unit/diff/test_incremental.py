"""Reading a version by reusing a known version's tables gives what the full loader gives."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcome_workbook.store import parse
from outcome_workbook.store.versions import load, read_like

from .edits import edited_from
from .helpers import PET_FOOD, edited, small_workbook, text_of

BASE = small_workbook()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_read_like_equals_a_full_parse(data: st.DataObject, tmp_path: Path) -> None:
    base_data = text_of(BASE, tmp_path)
    changed = data.draw(edited_from(BASE, 6))
    other = edited(base_data, tmp_path, lambda _: changed)
    reference = load(base_data, "base")
    quick = read_like(reference, other, "other")
    assert quick is not None
    assert quick.workbook == parse(other, "other").workbook


def test_unusual_layouts_fall_back_to_the_full_loader() -> None:
    base = PET_FOOD.read_bytes()
    reference = load(base, "base")
    split = base + b"\n[product_outcome.pets-switch-foods.extra]\nnote = 1\n"
    assert read_like(reference, split, "x") is None  # one entity written in two places
    top_level = b"stray = 1\n" + base
    assert read_like(reference, top_level, "x") is None
    broken = base.replace(b'title = "Some dogs', b"title = Some dogs")
    assert read_like(reference, broken, "x") is None
    assert load(split, "x", reference).workbook == parse(split, "x").workbook
