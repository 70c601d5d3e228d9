"""A large workbook's objects are left out of later collections; a small one's are not."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from outcome_workbook.store import collector
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
    monkeypatch.setattr(collector, "FREEZE_BYTES", len(SMALL))
    loaded = parse(SMALL, "large.toml")
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()
    assert not any(obj is loaded.workbook for obj in gc.get_objects())  # out of its sight


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_freezing_collects_the_young_garbage_first(
    thawed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not collector.freeze(100)  # a small workbook is left as it is
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(collector, "FREEZE_BYTES", 100)
    cycle = _Cycle()
    alive = weakref.ref(cycle)
    del cycle  # garbage, in the young generation
    assert collector.freeze(100)
    assert alive() is None  # collected, not frozen for good
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()
