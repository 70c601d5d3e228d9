"""The one open-document controller, under both save policies, without any widget."""

from __future__ import annotations

from pathlib import Path

import pytest

from outcome_workbook.model import operations
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.store import WorkbookFile
from outcome_workbook.tui.document import Document, SavePolicy

from .builders import small_workbook, write


def test_on_request_edits_stay_in_memory_until_saved(tmp_path: Path) -> None:
    path = write(tmp_path / "w.toml", small_workbook())
    doc = Document(WorkbookFile.open(path))
    assert not doc.dirty
    assert doc.apply("unit", operations.set_field, "first-session", "unit", "pts").changed
    assert doc.dirty and b"pts" not in path.read_bytes()
    with pytest.raises(WorkbookError):
        doc.apply("bad", operations.set_field, "first-session", "baseline", "x")
    assert not doc.apply("same", operations.set_field, "first-session", "unit", "pts").changed
    assert [s.label for s in doc.undo_stack] == ["unit"]  # neither a refusal nor a no-op
    step = doc.undo()
    assert step is not None and step.label == "unit" and not doc.dirty
    doc.redo()
    assert doc.workbook.product_outcomes["first-session"].unit == "pts"
    assert doc.save() and not doc.dirty
    assert WorkbookFile.open(path).workbook == doc.workbook


def _two_participants(tmp_path: Path) -> tuple[Path, Document, Document]:
    path = write(tmp_path / "w.toml", operations.start_session(small_workbook()))
    ana = Document(WorkbookFile.open(path), SavePolicy.EACH_EDIT)
    ben = Document(WorkbookFile.open(path), SavePolicy.EACH_EDIT)
    return path, ana, ben


def test_each_edit_is_saved_at_once_on_top_of_what_others_saved(tmp_path: Path) -> None:
    path, ana, ben = _two_participants(tmp_path)
    ana.apply("park", operations.park, "ana's point")
    ben.apply("decide", operations.record_decision, "ben's decision")  # ben never reloaded
    saved = WorkbookFile.open(path).workbook.session
    assert saved is not None
    assert [p.text for p in saved.parking_lot] == ["ana's point"]
    assert [d.text for d in saved.decisions] == ["ben's decision"]


def test_an_edit_that_changes_nothing_still_brings_in_what_others_saved(tmp_path: Path) -> None:
    path, ana, ben = _two_participants(tmp_path)
    ana.apply("unit", operations.set_field, "first-session", "unit", "pts")
    before = ben.generation
    outcome = ben.apply("same unit", operations.set_field, "first-session", "unit", "pts")
    assert not outcome.changed and ben.undo_stack == []
    assert ben.generation != before  # so the app redraws ben's screen with ana's change
    assert ben.workbook == WorkbookFile.open(path).workbook


def test_undo_takes_back_ones_own_edit_and_keeps_the_others(tmp_path: Path) -> None:
    path, ana, ben = _two_participants(tmp_path)
    ana.apply("unit", operations.set_field, "first-session", "unit", "pts")
    ben.apply("title", operations.set_field, "grow-paid", "title", "Grow paid teams")
    step = ana.undo()  # ana's file is stale: ben's save is on disk only
    assert step is not None and step.label == "unit"
    saved = WorkbookFile.open(path).workbook
    assert saved.product_outcomes["first-session"].unit != "pts"
    assert saved.business_outcomes["grow-paid"].title == "Grow paid teams"
    assert ana.workbook == saved  # what ana's screen shows is the file
    ana.redo()
    saved = WorkbookFile.open(path).workbook
    assert saved.product_outcomes["first-session"].unit == "pts"
    assert saved.business_outcomes["grow-paid"].title == "Grow paid teams"


def test_undo_refuses_when_someone_changed_the_same_thing_since(tmp_path: Path) -> None:
    path, ana, ben = _two_participants(tmp_path)
    ana.apply("unit", operations.set_field, "first-session", "unit", "pts")
    assert ben.follow()  # ben's screen takes ana's save, then builds on it
    ben.apply("unit again", operations.set_field, "first-session", "unit", "teams")
    with pytest.raises(WorkbookError, match="Not undone: “unit” was changed by someone"):
        ana.undo()
    assert WorkbookFile.open(path).workbook.product_outcomes["first-session"].unit == "teams"
    assert [s.label for s in ana.undo_stack] == ["unit"]  # still there to try again


def test_a_read_only_session_keeps_its_changes_for_the_screen_alone(tmp_path: Path) -> None:
    path = write(tmp_path / "w.toml", operations.start_session(small_workbook()))
    text = path.read_text(encoding="utf-8").replace("format = 1", "format = 99", 1)
    path.write_text(text, encoding="utf-8")
    doc = Document(WorkbookFile.open(path, allow_newer=True), SavePolicy.EACH_EDIT)
    assert doc.read_only
    doc.apply("park", operations.park, "a point")
    assert doc.workbook.session is not None and path.read_text(encoding="utf-8") == text
    with pytest.raises(WorkbookError, match="read-only"):
        Document(doc.file).apply("park", operations.park, "in the workbench")
