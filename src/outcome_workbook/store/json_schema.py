"""The JSON Schema of the workbook format, generated from the model's field specs.

The generated schema is shipped as `workbook.schema.json`; a test keeps the two equal.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..model.entities import ENTITY_CLASSES, FORMAT_VERSION, KIND_LABELS, WorkbookMeta
from ..model.fields import FieldSpec, field_specs
from ..model.ids import ID_PATTERN
from ..model.session_state import SessionState

SCHEMA_FILE = "workbook.schema.json"


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    if spec.type == "str":
        return {"type": "string"}
    if spec.type == "int":
        return {"type": "integer"}
    if spec.type == "number":
        return {"type": "number"}
    if spec.type == "date":
        return {
            "type": "string",
            "format": "date",
            "description": "a TOML local date (YYYY-MM-DD, no quotes)",
        }
    if spec.type == "choice":
        return {"enum": [c for c in spec.choices]}
    if spec.type == "strings":
        return {"type": "array", "items": {"type": "string"}}
    if spec.type == "map":
        return {"type": "object", "additionalProperties": {"type": "string"}}
    assert spec.record is not None
    record = _record_schema(spec.record)
    if spec.type == "record":
        return record
    return {"type": "array", "items": record}


def _record_schema(cls: type) -> dict[str, Any]:
    specs = [s for s in field_specs(cls) if s.name != "id"]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {s.name: _field_schema(s) for s in specs},
        "additionalProperties": True,
    }
    required = [s.name for s in specs if s.required]
    if required:
        schema["required"] = required
    return schema


def _with_article(label: str) -> str:
    return f"{'an' if label[0].lower() in 'aeiou' else 'a'} {label}"


def build_schema() -> dict[str, Any]:
    workbook = _record_schema(WorkbookMeta)
    workbook["properties"]["format"] = {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION}
    properties: dict[str, Any] = {"workbook": workbook}
    for kind, cls in ENTITY_CLASSES.items():
        entity = _record_schema(cls)
        entity["description"] = _with_article(KIND_LABELS[kind])
        properties[kind] = {
            "type": "object",
            "description": f"every {KIND_LABELS[kind]}, keyed by its id",
            "propertyNames": {"pattern": ID_PATTERN.pattern},
            "additionalProperties": entity,
        }
    session = _record_schema(SessionState)
    session["description"] = "the guided session's progress, parking lot and decision log"
    properties["session"] = session
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "outcome-workbook",
        "description": f"An outcome-workbook file, format {FORMAT_VERSION}, as TOML data.",
        "type": "object",
        "required": ["workbook"],
        "properties": properties,
        "additionalProperties": True,
    }


def render_schema() -> str:
    return json.dumps(build_schema(), indent=2, sort_keys=False) + "\n"


def shipped_schema() -> str:
    return resources.files("outcome_workbook.store").joinpath(SCHEMA_FILE).read_text("utf-8")
