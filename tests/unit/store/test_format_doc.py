"""docs/format.md describes the format the code reads and writes: no field goes undocumented."""

from __future__ import annotations

import dataclasses
import re

import pytest

from outcome_workbook.model.entities import ENTITY_CLASSES, FORMAT_VERSION, KINDS, WorkbookMeta
from outcome_workbook.model.fields import field_specs
from outcome_workbook.model.session_state import SessionState
from outcome_workbook.store import parse
from outcome_workbook.store.layout import canonical

from ...conftest import ROOT

DOC = (ROOT / "docs" / "format.md").read_text("utf-8")


def _record_classes() -> list[type]:
    """Every dataclass stored in the file, found by walking the field specs."""
    found: list[type] = []
    todo: list[type] = [WorkbookMeta, SessionState, *ENTITY_CLASSES.values()]
    while todo:
        cls = todo.pop(0)
        if cls in found:
            continue
        found.append(cls)
        todo.extend(spec.record for spec in field_specs(cls) if spec.record is not None)
    return found


CLASSES = _record_classes()


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_field_is_documented(cls: type) -> None:
    for spec in field_specs(cls):
        if spec.name == "id":
            continue
        assert f"`{spec.name}`" in DOC, f"{cls.__name__}.{spec.name} is not in docs/format.md"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_choice_is_documented(cls: type) -> None:
    for spec in field_specs(cls):
        for choice in spec.choices:
            if choice:
                assert f"`{choice}`" in DOC, f"{cls.__name__}.{spec.name}: {choice!r} undocumented"


def test_every_kind_has_a_section_and_the_format_version_is_current() -> None:
    for kind in KINDS:
        assert f"[{kind}.ID]" in DOC or f"`{kind}`" in DOC
    assert f"Format version: **{FORMAT_VERSION}**" in DOC
    assert "[[metric.ID.versions]]" in DOC
    assert "outcomes schema" in DOC


def test_documented_defaults_match_the_code() -> None:
    for cls in CLASSES:
        for spec in field_specs(cls):
            if spec.type == "choice" and spec.default and dataclasses.is_dataclass(cls):
                pattern = rf"`{re.escape(spec.name)}`[^\n]*Default `{re.escape(spec.default)}`"
                assert re.search(pattern, DOC), f"default of {cls.__name__}.{spec.name}"


def _toml_blocks() -> list[str]:
    return re.findall(r"```toml\n(.*?)```", DOC, flags=re.S)


def test_the_examples_in_the_doc_are_valid_workbooks() -> None:
    blocks = _toml_blocks()
    assert len(blocks) >= 2
    full = parse(blocks[0].encode(), "example.toml")
    assert full.problems == []
    assert canonical(full.text) == full.text
    assert full.workbook.product_outcomes["first-session"].stage == "performance"
    for fragment in blocks[1:]:
        loaded = parse(('[workbook]\ntitle = "T"\n\n' + fragment).encode(), "fragment.toml")
        assert loaded.problems == []


def test_a_file_without_format_is_format_one() -> None:
    assert parse(b'[workbook]\ntitle = "T"\n', "x").workbook.meta.format == 1 == FORMAT_VERSION
