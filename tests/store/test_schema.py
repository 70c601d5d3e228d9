"""The shipped JSON Schema is the one generated from the model, and describes the samples."""

from __future__ import annotations

import json

from outcome_workbook.model.entities import ENTITY_CLASSES, FORMAT_VERSION
from outcome_workbook.store.schema import build_schema, render_schema, shipped_schema

from ..conftest import ROOT


def test_shipped_schema_is_generated_from_the_model() -> None:
    shipped = (ROOT / "src/outcome_workbook/store/workbook.schema.json").read_text("utf-8")
    assert shipped == render_schema(), (
        'regenerate with: python -c "from outcome_workbook.store.schema import render_schema; '
        "open('src/outcome_workbook/store/workbook.schema.json','w').write(render_schema())\""
    )
    assert shipped_schema() == shipped


def test_schema_covers_every_kind_and_the_format() -> None:
    schema = build_schema()
    assert set(ENTITY_CLASSES) <= set(schema["properties"])
    assert schema["properties"]["workbook"]["properties"]["format"]["maximum"] == FORMAT_VERSION
    assert schema["required"] == ["workbook"]
    json.loads(render_schema())
