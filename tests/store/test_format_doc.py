"""docs/format.md describes the format the code reads and writes: no field goes undocumented."""

from __future__ import annotations

import dataclasses
import re

import pytest

from outcome_workbook.model.entities import ENTITY_CLASSES, FORMAT_VERSION, KINDS, WorkbookMeta
from outcome_workbook.model.fields import field_specs
from outcome_workbook.model.session import SessionState

from ..conftest import ROOT

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
