"""Once the workbench has settled after opening (first findings, the split for saving),
a large workbook's objects are left out of later collections; a small one's are not."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from outcome_workbook.store import collector

from .conftest import make_app
from .helpers import checked


@pytest.fixture
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.parametrize("large", [False, True])
async def test_the_settled_workbench_is_frozen_only_when_large(
    workbook_path: Path, thawed: None, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    if large:  # the small test workbook counts as large
        monkeypatch.setattr(collector, "FREEZE_BYTES", 1)
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await checked(pilot)
        assert app.findings.checked is not None
        outline_rows = list(app.screen.query("OutlineTree"))
        assert outline_rows
        frozen = gc.get_freeze_count()
        assert (frozen > 0) is large
        if large:  # the findings and the outline, built after the read, are out of sight
            tracked = {id(obj) for obj in gc.get_objects()}
            assert id(app.findings) not in tracked
            assert id(outline_rows[0]) not in tracked
        assert gc.isenabled()
