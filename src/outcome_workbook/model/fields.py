"""What each entity field holds, derived once from the dataclasses.

The store's codec, the JSON Schema, the operations' validation and the TUI's
forms all read these specs, so a field is declared in exactly one place.
"""

from __future__ import annotations

import builtins
import dataclasses
import math
import types
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from .errors import WorkbookError

FieldType = Literal["str", "int", "number", "date", "choice", "strings", "record", "records", "map"]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    optional: bool = False
    required: bool = False
    choices: tuple[str, ...] = ()
    record: builtins.type | None = None
    default: Any = None

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")


def _spec_for(name: str, hint: Any, field: dataclasses.Field[Any]) -> FieldSpec:
    optional = False
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        optional = len(args) < len(get_args(hint))
        hint = float if set(args) == {float, int} or args == [float] else args[0]
        origin = get_origin(hint)
    required = field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
    if field.default is not dataclasses.MISSING:
        default: Any = field.default
    elif field.default_factory is not dataclasses.MISSING:
        default = field.default_factory()
    else:
        default = None
    common: dict[str, Any] = {"optional": optional, "required": required, "default": default}
    if origin is Literal:
        return FieldSpec(name, "choice", choices=tuple(get_args(hint)), **common)
    if hint is str:
        return FieldSpec(name, "str", **common)
    if hint is int:
        return FieldSpec(name, "int", **common)
    if hint is float:
        return FieldSpec(name, "number", **common)
    if hint is date:
        return FieldSpec(name, "date", **common)
    if origin is tuple:
        item = get_args(hint)[0]
        if item is str:
            return FieldSpec(name, "strings", **common)
        return FieldSpec(name, "records", record=item, **common)
    if origin is dict:
        return FieldSpec(name, "map", **common)
    if dataclasses.is_dataclass(hint):
        return FieldSpec(name, "record", record=hint if isinstance(hint, type) else None, **common)
    raise TypeError(f"unsupported field type for {name}: {hint!r}")


@cache
def field_specs(cls: type) -> tuple[FieldSpec, ...]:
    """Specs for every field of a dataclass, in declaration order."""
    hints = get_type_hints(cls)
    return tuple(_spec_for(f.name, hints[f.name], f) for f in dataclasses.fields(cls))


@cache
def spec_map(cls: type) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in field_specs(cls)}


def coerce(spec: FieldSpec, value: Any, where: str = "") -> Any:
    """Check a Python value against its spec; return the normalised value or raise."""
    label = where or spec.name

    def fail(expected: str) -> WorkbookError:
        return WorkbookError(f"{label}: expected {expected}, got {value!r}")

    if value is None:
        if spec.optional:
            return None
        if spec.type in ("str",):
            return ""
        raise fail("a value")
    if spec.type == "str":
        if not isinstance(value, str):
            raise fail("text")
        return value
    if spec.type == "choice":
        if value not in spec.choices:
            allowed = ", ".join(repr(c) for c in spec.choices if c)
            raise WorkbookError(f"{label}: {value!r} is not one of {allowed}")
        return value
    if spec.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail("a whole number")
        return value
    if spec.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail("a number")
        if isinstance(value, float) and not math.isfinite(value):
            raise fail("a finite number")
        return value
    if spec.type == "date":
        if not isinstance(value, date) or hasattr(value, "hour"):
            raise fail("a date (YYYY-MM-DD)")
        return value
    if spec.type == "strings":
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise fail("a list of text")
        return tuple(value)
    if spec.type == "map":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise fail("a table of text values")
        return dict(value)
    if spec.type == "record":
        if spec.record is None or not isinstance(value, spec.record):
            raise fail("a record")
        return value
    if spec.type == "records":
        if not isinstance(value, tuple) or (
            spec.record is not None and not all(isinstance(v, spec.record) for v in value)
        ):
            raise fail("a list of records")
        return value
    raise fail("a known type")  # pragma: no cover


def parse_text(spec: FieldSpec, text: str, where: str = "") -> Any:
    """Turn what a person typed into a field value (used by forms and the CLI)."""
    label = where or spec.name
    stripped = text.strip()
    if spec.type == "str":
        return text
    if spec.type == "choice":
        return coerce(spec, stripped, where)
    if stripped == "":
        if spec.optional:
            return None
        if spec.type == "strings":
            return ()
        raise WorkbookError(f"{label}: a value is required")
    try:
        if spec.type == "int":
            return coerce(spec, int(stripped), where)
        if spec.type == "number":
            number = float(stripped.rstrip("%").replace(",", ""))
            if number.is_integer() and "." not in stripped:
                return coerce(spec, int(number), where)
            return coerce(spec, number, where)
        if spec.type == "date":
            return date.fromisoformat(stripped)
    except ValueError:
        expected = {"int": "a whole number", "number": "a number", "date": "a date (YYYY-MM-DD)"}
        raise WorkbookError(f"{label}: expected {expected[spec.type]}, got {text!r}") from None
    if spec.type == "strings":
        return tuple(part.strip() for part in stripped.split(",") if part.strip())
    raise WorkbookError(f"{label}: this field cannot be typed in as text")


def format_value(value: Any) -> str:
    """The text a form shows for a field value (inverse of `parse_text`)."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)
