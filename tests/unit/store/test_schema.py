"""The shipped JSON Schema is the one generated from the model, and describes the samples."""

from __future__ import annotations

import datetime
import functools
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from outcome_workbook.model.entities import ENTITY_CLASSES, FORMAT_VERSION
from outcome_workbook.store.json_schema import build_schema, render_schema, shipped_schema

from ...conftest import ROOT, sample_paths


def test_shipped_schema_is_generated_from_the_model() -> None:
    shipped = (ROOT / "src/outcome_workbook/store/workbook.schema.json").read_text("utf-8")
    assert shipped == render_schema(), (
        'regenerate with: python -c "from outcome_workbook.store.json_schema import render_schema; '
        "open('src/outcome_workbook/store/workbook.schema.json','w').write(render_schema())\""
    )
    assert shipped_schema() == shipped


def test_schema_covers_every_kind_and_the_format() -> None:
    schema = build_schema()
    assert set(ENTITY_CLASSES) <= set(schema["properties"])
    assert schema["properties"]["workbook"]["properties"]["format"]["maximum"] == FORMAT_VERSION
    assert schema["required"] == ["workbook"]
    json.loads(render_schema())


def _as_json(value: object) -> object:
    """TOML data as JSON sees it: dates become ISO strings."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@functools.cache
def _validator() -> Any:
    # In the test extra; skipped only in an environment installed before it was added.
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(shipped_schema())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.name)
def test_every_sample_satisfies_the_schema(path: Path) -> None:
    errors = list(_validator().iter_errors(_as_json(tomllib.loads(path.read_text("utf-8")))))
    assert errors == []


@pytest.mark.parametrize(
    ("toml", "where"),
    [
        ("[workbook]\ntitle = 3\n", ["workbook", "title"]),
        ('[workbook]\ntitle = "T"\nice = "sum"\n', ["workbook", "ice"]),
        ('[workbook]\ntitle = "T"\nformat = 99\n', ["workbook", "format"]),
        ('[workbook]\ntitle = "T"\n[north_star.Bad_Id]\ntitle = "N"\n', ["north_star"]),
        ('[workbook]\ntitle = "T"\n[experiment.e]\ntitle = "E"\n', ["experiment", "e"]),
        (
            '[workbook]\ntitle = "T"\n[metric.m]\ntitle = "M"\n'
            '[[metric.m.versions]]\ndefinition = "D"\nkind = "vibes"\n',
            ["metric", "m", "versions", 0, "kind"],
        ),
        ("[north_star.n]\ntitle = 'N'\n", []),
    ],
)
def test_the_schema_rejects_what_the_program_rejects(toml: str, where: list[object]) -> None:
    errors = list(_validator().iter_errors(_as_json(tomllib.loads(toml))))
    assert errors
    assert any(list(error.absolute_path) == where for error in errors), [
        (list(e.absolute_path), e.message) for e in errors
    ]
