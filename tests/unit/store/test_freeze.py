"""A large workbook's objects are left out of later collections; a small one's are not."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from outcome_workbook.store import workbook_file
from outcome_workbook.store.workbook_file import parse

SMALL = b'[workbook]\ntitle = "T"\n\n[north_star.n]\ntitle = "N"\n'


@pytest.fixture
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_large_read_is_frozen_and_a_small_one_is_not(
    thawed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    parse(SMALL, "small.toml")
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(workbook_file, "FREEZE_BYTES", len(SMALL))
    loaded = parse(SMALL, "large.toml")
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()
    assert not any(obj is loaded.workbook for obj in gc.get_objects())  # out of its sight
