"""Property tests: what the store promises must hold for any workbook and any input."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.store import WorkbookFile, parse, render_new
from outcome_workbook.store.blocks import split_units
from outcome_workbook.store.layout import canonical

from ...conftest import sample_paths
from ..model.strategies import apply_random_edits, workbooks

# Modest by default so the suite stays fast; HYPOTHESIS_PROFILE=long for a fuzz session.
EXAMPLES = max(50, settings().max_examples)  # settings(): the loaded profile's
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SAMPLES = {path.name: path.read_bytes() for path in sample_paths()}


def _touched(old: Workbook, new: Workbook) -> set[tuple[str, ...]]:
    """The units an edit may change: changed, added or removed entities, and the metadata."""
    keys: set[tuple[str, ...]] = set()
    if old.meta != new.meta:
        keys.add(("workbook",))
    ids = {e.id for _, e in old.entities()} | {e.id for _, e in new.entities()}
    for entity_id in ids:
        kind = new.kind_of(entity_id) or old.kind_of(entity_id)
        assert kind is not None
        if old.find(entity_id) != new.find(entity_id):
            keys.add((kind, entity_id))
    return keys


@SETTINGS
@given(workbooks())
def test_any_valid_workbook_saves_and_loads_back_equal(wb: Workbook) -> None:
    data = render_new(wb)
    loaded = parse(data, "generated.toml")
    assert loaded.workbook == wb
    assert loaded.problems == []
    # What the program writes is already in the canonical layout.
    assert canonical(loaded.text) == loaded.text


@SETTINGS
@given(workbooks(max_actions=15), st.data())
def test_edits_save_and_load_back_equal(wb: Workbook, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.toml"
        opened = WorkbookFile.create(path, wb)
        edited = apply_random_edits(data.draw, opened.workbook, data.draw(st.integers(1, 4)))
        opened.save(edited)
        assert parse(path.read_bytes(), str(path)).workbook == edited
        # A second edit through the same file object, without re-reading.
        again = apply_random_edits(data.draw, opened.workbook, 2)
        opened.save(again)
        assert parse(path.read_bytes(), str(path)).workbook == again


@SETTINGS
@given(st.sampled_from(sorted(SAMPLES)), st.data())
def test_random_edits_keep_unrelated_lines_identical(name: str, data: st.DataObject) -> None:
    original = SAMPLES[name]
    loaded = parse(original, name)
    edited = apply_random_edits(data.draw, loaded.workbook, data.draw(st.integers(1, 3)))
    opened = WorkbookFile.from_loaded(Path(name), loaded, original)
    rendered = opened.render(edited).decode("utf-8")
    assert parse(rendered.encode(), name).workbook == edited
    touched = _touched(loaded.workbook, edited)
    before_pre, before_units, _ = split_units(loaded.text)
    after_pre, after_units, _ = split_units(rendered)
    assert after_pre == before_pre
    after = {unit.key: unit.text for unit in after_units}
    for unit in before_units:
        if unit.key in touched:  # a renamed entity's unit too: its old id is gone
            continue
        assert unit.key in after, f"{unit.key} disappeared"
        # Byte-identical apart from the blank line that separates it from a new neighbour.
        assert after[unit.key].rstrip("\n") == unit.text.rstrip("\n"), unit.key
    # A renamed entity's unit is written under its new id, and its old id's unit is gone.
    for new_id, old_id in edited.renamed.items():
        kind = edited.kind_of(new_id)
        if kind is None:  # renamed, then deleted
            continue
        assert (kind, new_id) in after, f"{old_id} renamed to {new_id}: no unit"
        if edited.find(old_id) is None:
            assert (kind, old_id) not in after, f"{old_id} renamed to {new_id}: still there"


@SETTINGS
@given(workbooks(max_actions=20), st.randoms(use_true_random=False))
def test_canonical_is_idempotent_and_keeps_the_data(wb: Workbook, rnd: random.Random) -> None:
    text = render_new(wb).decode("utf-8")
    preamble, units, _ = split_units(text)
    shuffled_units = [unit.text.rstrip("\n") + "\n" for unit in units]
    rnd.shuffle(shuffled_units)
    shuffled = preamble + "\n".join(shuffled_units)
    once = canonical(shuffled)
    assert canonical(once) == once
    assert parse(once.encode(), "x").workbook == parse(shuffled.encode(), "x").workbook
    assert once == text, "shuffling a canonical file and formatting it gives it back"


def _mutations(original: bytes) -> st.SearchStrategy[bytes]:
    lines = original.split(b"\n")

    def drop_line(i: int) -> bytes:
        return b"\n".join(lines[: i % len(lines)] + lines[i % len(lines) + 1 :])

    def flip(i: int, byte: int) -> bytes:
        i %= len(original)
        return original[:i] + bytes([byte]) + original[i + 1 :]

    def insert(i: int, chunk: bytes) -> bytes:
        i %= len(original)
        return original[:i] + chunk + original[i:]

    return st.one_of(
        st.integers(0, 10**6).map(lambda i: original[: i % len(original)]),
        st.integers(0, 10**6).map(drop_line),
        st.builds(flip, st.integers(0, 10**6), st.integers(0, 255)),
        st.builds(
            insert,
            st.integers(0, 10**6),
            st.sampled_from(
                [b"[", b"]", b'"', b"'''", b"\n[workbook]\n", b"=", b"\x00", b"\xff", b"\r"]
            ),
        ),
    )


ANY_BYTES = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.sampled_from(sorted(SAMPLES)).flatmap(lambda n: _mutations(SAMPLES[n])),
)


@settings(max_examples=EXAMPLES * 4, deadline=None)
@given(ANY_BYTES)
def test_loading_any_bytes_raises_only_workbook_error(data: bytes) -> None:
    try:
        loaded = parse(data, "fuzz.toml")
    except WorkbookError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.format().startswith("fuzz.toml")
        return
    # Whatever loads also saves back unchanged.
    opened = WorkbookFile.from_loaded(Path("fuzz.toml"), loaded, data)
    assert opened.render(loaded.workbook) == data
