"""The stored form of measured values: one line per value, read back exactly."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

from outcome_workbook.model import operations as op
from outcome_workbook.store import WorkbookFile

from ...conftest import DATA

GOLDEN = DATA / "golden"


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_recording_one_more_value_adds_one_line(tmp_path: Path) -> None:
    path = tmp_path / "wb.toml"
    path.write_text((GOLDEN / "record_values.toml").read_text("utf-8"), "utf-8")
    before = path.read_text("utf-8")
    file = WorkbookFile.open(path)
    file.save(op.record_value(file.workbook, "confirmed-hires", date(2026, 4, 20), 3.1))
    after = path.read_text("utf-8")
    assert _changed_lines(before, after) == ["+    {date = 2026-04-20, value = 3.1},"]
    values = WorkbookFile.open(path).workbook.metrics["confirmed-hires"].versions[1].values
    assert [v.value for v in values] == [2.4, 2.5, 2.9, 3.1]


def test_values_written_as_tables_by_hand_are_read_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "wb.toml"
    path.write_text(
        '[workbook]\ntitle = "T"\nformat = 1\n\n[metric.m]\ntitle = "M"\n\n'
        '[[metric.m.versions]]\ndefinition = "d"\nstatus = "current"\n\n'
        "[[metric.m.versions.values]]\ndate = 2026-03-30\nvalue = 23\n",
        "utf-8",
    )
    file = WorkbookFile.open(path)
    assert file.workbook.metrics["m"].versions[0].values[0].value == 23
    file.save(op.record_value(file.workbook, "m", date(2026, 4, 6), 25, note="a \u202e b"))
    text = path.read_text("utf-8")
    assert "\u202e" not in text  # escaped, so it cannot reorder a reviewed line
    values = WorkbookFile.open(path).workbook.metrics["m"].versions[0].values
    assert [(v.value, v.note) for v in values] == [(23, ""), (25, "a \u202e b")]
