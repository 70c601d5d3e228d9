"""After a save the file object knows the new layout exactly as a fresh read would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from benchmarks.generate import generate

from outcome_workbook.model import operations as ops
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.store import WorkbookFile, parse
from outcome_workbook.store.blocks import split_units


def _assert_matches_a_fresh_read(opened: WorkbookFile) -> None:
    text = opened.path.read_text(encoding="utf-8")
    preamble, units, locations = split_units(text)
    assert opened.loaded.locations == locations
    assert opened.loaded.locations == parse(text.encode(), "x").locations
    assert opened.document.preamble == preamble
    assert [(u.key, u.text) for u in opened.document.units] == [(u.key, u.text) for u in units]


def test_locations_and_units_after_each_kind_of_save(tmp_path: Path) -> None:
    opened = WorkbookFile.open(generate(12, tmp_path / "wb.toml"))
    wb = opened.workbook
    first, second = sorted(wb.product_outcomes)[:2]
    steps: list[Callable[[Workbook], Workbook]] = [
        lambda w: ops.set_field(w, first, "title", "Retitled outcome"),
        lambda w: ops.add_metric_version(
            w, w.product_outcomes[first].metric, "a sharper definition", "behaviour", "why not"
        ),
        lambda w: ops.create(w, "opportunity", "A new need", "o-new", outcome=second)[0],
        lambda w: ops.add_negotiation_entry(w, second, "team", "concern", "too early"),
        lambda w: ops.delete(w, sorted(w.opportunities_of(first), key=lambda o: o.id)[0].id),
        lambda w: ops.rename(w, second, "renamed-outcome"),
        lambda w: ops.delete(w, first),
    ]
    for step in steps:
        wb = step(opened.workbook)
        assert opened.save(wb)
        _assert_matches_a_fresh_read(opened)
    reopened = WorkbookFile.open(opened.path)
    assert reopened.workbook == opened.workbook
