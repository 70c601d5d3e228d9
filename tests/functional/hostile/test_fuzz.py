"""Fuzzing: any valid model survives a save and a load; any bytes fail only as WorkbookError."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from outcome_workbook.diff.render import render_json, render_markdown, render_text
from outcome_workbook.diff.semantic import diff_workbooks
from outcome_workbook.merge.files import merge_texts
from outcome_workbook.model.entities import CheckSettings
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.store import WorkbookFile, parse
from outcome_workbook.store.codec import semantic_problems
from outcome_workbook.store.layout import canonical

from .corpus import GOOD
from .strategies import HOSTILE_PIECES, workbooks
from .test_terminal_safety import RAW_CONTROL

SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BASE_TEXT = GOOD.read_text(encoding="utf-8")
TOKENS = [*HOSTILE_PIECES, "[", "]", "[[", "]]", "{", "}", "=", ".", ",", '"', "'", "\n", "x", "1"]


@SLOW
@given(workbooks())
def test_a_new_file_loads_back_as_the_same_model(workbook: Workbook) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        WorkbookFile.create(path, workbook)
        assert WorkbookFile.open(path).workbook == workbook
        # Controls are escaped in the file, so `cat` and `git diff` show them inert.
        assert not RAW_CONTROL.search(path.read_text(encoding="utf-8").replace("\n", ""))
        assert sorted(p.name for p in Path(folder).iterdir()) == ["fuzz.toml"]


@SLOW
@given(workbooks(), workbooks())
def test_saving_an_edit_writes_exactly_the_new_model(first: Workbook, second: Workbook) -> None:
    """The minimal-edit writer turns any workbook into any other without losing a value."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        opened = WorkbookFile.create(path, first)
        opened.save(second)
        assert WorkbookFile.open(path).workbook == second
        assert not RAW_CONTROL.search(path.read_text(encoding="utf-8").replace("\n", ""))
        assert opened.save(second) is False  # nothing left to write


@given(st.binary(max_size=4096))
def test_any_bytes_load_or_fail_with_a_workbook_error(data: bytes) -> None:
    try:
        parse(data, "fuzz.toml", allow_newer=True)
    except WorkbookError as error:
        assert all(p.file == "fuzz.toml" for p in error.problems)


@st.composite
def damaged(draw: st.DrawFn) -> str:
    """The good workbook with a few tokens inserted and a few spans cut out."""
    text = BASE_TEXT
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
    return text


@SLOW
@given(damaged(), st.booleans(), st.booleans())
def test_a_damaged_workbook_loads_or_fails_cleanly(text: str, bom: bool, crlf: bool) -> None:
    """Whatever parses can also be formatted and saved without losing data."""
    if crlf:
        text = text.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")
    try:
        loaded = parse(data, "fuzz.toml", allow_newer=True)
    except WorkbookError:
        return
    formatted = canonical(loaded.text)
    assert canonical(formatted) == formatted
    assert parse(formatted.encode(), "fuzz.toml", allow_newer=True).workbook == loaded.workbook
    if loaded.read_only_reason:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_bytes(data)
        opened = WorkbookFile.open(path)
        assert opened.save(opened.workbook) is False
        assert path.read_bytes() == data


def _file_bytes(folder: Path, name: str, first: Workbook, then: Workbook | None = None) -> bytes:
    path = Path(folder) / name
    opened = WorkbookFile.create(path, first)
    if then is not None:
        opened.save(then)
    return path.read_bytes()


def _grows_retired(base: Workbook, side: Workbook) -> Workbook:
    """Retired ids only ever grow (an id once used is never reused), as in real edits."""
    base_sorted = tuple(sorted(base.meta.retired))
    assume(base.meta.retired == base_sorted)
    used = {entity.id for _, entity in side.entities()}
    assume(not used & set(base.meta.retired))
    # Kept sorted: the merge treats retired ids as a set and writes them in order.
    retired = tuple(sorted({*base.meta.retired, *side.meta.retired}))
    meta = dataclasses.replace(side.meta, retired=retired)
    return Workbook(meta=meta, sections=side.sections, session=side.session)


def _sound(workbook: Workbook) -> bool:
    """No structural problems: a merge reports those as conflicts, rightly."""
    return not semantic_problems(workbook, "", {})


@SLOW
@given(workbooks(), workbooks())
def test_a_diff_of_hostile_workbooks_is_inert_in_every_format(old: Workbook, new: Workbook) -> None:
    assert diff_workbooks(old, old).identical
    diff = diff_workbooks(old, new)
    assert diff.identical == (old == new)
    for rendered in (render_text(diff), render_markdown(diff), render_json(diff)):
        assert not RAW_CONTROL.search(rendered.replace("\n", "").replace("\t", ""))


@SLOW
@given(workbooks(), workbooks())
def test_merging_with_one_side_unchanged_gives_the_other_side(
    base: Workbook, side: Workbook
) -> None:
    assume(_sound(base) and _sound(side))
    side = _grows_retired(base, side)
    with tempfile.TemporaryDirectory() as folder:
        base_data = _file_bytes(Path(folder), "base.toml", base)
        side_data = _file_bytes(Path(folder), "side.toml", base, side)
    theirs_merged = merge_texts(base_data, base_data, side_data)
    assert theirs_merged.clean, theirs_merged.conflicts
    assert theirs_merged.workbook == side
    ours_merged = merge_texts(base_data, side_data, base_data)
    assert ours_merged.clean, ours_merged.conflicts
    assert ours_merged.data == side_data


def test_a_set_changed_on_one_side_only_merges_to_that_side_in_its_order(tmp_path: Path) -> None:
    """Found by the property above: a code added before the base's one kept its place, and
    a base with no entities yet was taken for no base at all."""
    from outcome_workbook.model import operations

    base = operations.new_workbook("Book")
    base = dataclasses.replace(
        base, meta=dataclasses.replace(base.meta, checks=CheckSettings(disable=("OW1",)))
    )
    side = dataclasses.replace(
        base, meta=dataclasses.replace(base.meta, checks=CheckSettings(disable=("OW3", "OW1")))
    )
    base_data = _file_bytes(tmp_path, "base.toml", base)
    side_data = _file_bytes(tmp_path, "side.toml", base, side)
    merged = merge_texts(base_data, base_data, side_data)
    assert merged.clean and merged.workbook == side
