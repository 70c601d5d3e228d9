"""Plain TOML data (as tomllib gives it) <-> the model, with located problems.

Decoding is strict about types and lenient about unknown keys: keys this
version does not know are left alone in the file, so a newer version's
additions survive a save.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..model.entities import (
    ENTITY_CLASSES,
    FORMAT_VERSION,
    ICE_MAX,
    ICE_MIN,
    KINDS,
    SEVERITIES,
    CheckSettings,
    Entity,
    WorkbookMeta,
    a_kind,
)
from ..model.errors import Problem, WorkbookError
from ..model.fields import FieldSpec, coerce, field_specs
from ..model.ids import is_valid_id
from ..model.session_state import SessionState
from ..model.workbook import Workbook, ring_text
from .key_lines import key_line, table_keys

ENTRY_LISTS = ("negotiation", "versions", "notes", "signoffs")
# The keys of [workbook.checks]: set directly under [workbook], they would silently do nothing.
CHECK_SETTINGS = tuple(item.name for item in dataclasses.fields(CheckSettings))


def toml_order(cls: type) -> tuple[FieldSpec, ...]:
    """Key order for writing: title, the kind's own fields, suppressions, then lists of tables."""
    specs = [s for s in field_specs(cls) if s.name != "id"]
    leading: tuple[str, ...] = getattr(cls, "WRITE_FIRST", ("title",))
    first = sorted((s for s in specs if s.name in leading), key=lambda s: leading.index(s.name))
    last_scalars = [s for s in specs if s.name in ("ignore", "ignore_reason")]
    records = [s for s in specs if s.type == "record"]
    tables = [s for s in specs if s.type == "records"]
    middle = [s for s in specs if s not in first and s not in last_scalars + records + tables]
    return tuple(first + middle + last_scalars + records + tables)


# Written even at their default value: a reader must see which format a file is in.
ALWAYS_WRITTEN = frozenset({"format"})


def is_default(spec: FieldSpec, value: Any) -> bool:
    if spec.required or spec.name in ALWAYS_WRITTEN:
        return False
    return bool(value == spec.default)


def encode_value(spec: FieldSpec, value: Any) -> Any:
    """A model value as plain TOML data (records become dicts, tuples lists)."""
    if spec.type == "record":
        return encode_record(value)
    if spec.type == "records":
        return [encode_record(item) for item in value]
    if spec.type == "strings":
        return list(value)
    if spec.type == "map":
        return dict(value)
    return value


def encode_record(obj: Any) -> dict[str, Any]:
    """The non-default fields of a dataclass, in writing order."""
    out: dict[str, Any] = {}
    for spec in toml_order(type(obj)):
        value = getattr(obj, spec.name)
        if not is_default(spec, value):
            out[spec.name] = encode_value(spec, value)
    return out


@dataclass
class DecodeContext:
    file: str
    locations: Mapping[str, int]
    problems: list[Problem] = field(default_factory=list)
    # The file's text, to point at a key's own line (without it, at its table's header).
    text: str = ""
    _lines: list[str] | None = field(default=None, repr=False)

    def line_of(self, path: str) -> int | None:
        key = ""
        while path:
            table = self._table_line(path)
            if table is not None:
                return (self._key_line(table, key) if key else None) or table
            path, _, last = path.rpartition(".")
            key = f"{last}.{key}" if key else last
        return None

    def _table_line(self, path: str) -> int | None:
        if path in self.locations:
            return self.locations[path]
        if f"{path}.0" in self.locations:  # the first of an array of tables
            return self.locations[f"{path}.0"]
        return None

    def _key_line(self, table: int, key: str) -> int | None:
        if not self.text:
            return None
        if self._lines is None:
            self._lines = self.text.split("\n")  # only when a problem is found
        return key_line(table_keys(self._lines, table), key)

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(message, self.file, self.line_of(path), None, path))


_ABSENT = object()


@dataclass(frozen=True)
class _Plan:
    """What decoding a class needs, worked out once: its fields by key (the id is the
    table's name, not a key), the keys a table must have, and how to make an instance."""

    specs: dict[str, FieldSpec]
    required: tuple[str, ...]
    # Every field in order with its default (a placeholder for those without one), and
    # the fields whose default is made afresh for each instance.
    template: dict[str, Any]
    factories: tuple[tuple[str, Any], ...]
    # Whether the dataclass's generated __init__ does nothing but assign its fields.
    plain_init: bool


@cache
def _plan(cls: type) -> _Plan:
    specs = {spec.name: spec for spec in field_specs(cls) if spec.name != "id"}
    template: dict[str, Any] = {}
    factories: list[tuple[str, Any]] = []
    for item in dataclasses.fields(cls):
        template[item.name] = None if item.default is dataclasses.MISSING else item.default
        if item.default_factory is not dataclasses.MISSING:
            factories.append((item.name, item.default_factory))
    plain_init = (
        cls.__dataclass_params__.init  # type: ignore[attr-defined]
        and not hasattr(cls, "__post_init__")
        and not hasattr(cls, "__slots__")
        and all(item.init for item in dataclasses.fields(cls))
    )
    required = tuple(name for name, spec in specs.items() if spec.required)
    return _Plan(specs, required, template, tuple(factories), plain_init)


def _instance(cls: type, plan: _Plan, values: dict[str, Any]) -> Any:
    """`cls(**values)`, made without calling the frozen dataclass's __init__ where that only
    assigns the fields (one `object.__setattr__` per field, ten times slower than filling
    the instance's dict: a fifth of decoding a large workbook). Every field is set, in
    declaration order, and a default made by a factory is made afresh, as __init__ would."""
    if not plan.plain_init:
        return cls(**values)
    instance: Any = object.__new__(cls)
    fields = instance.__dict__
    fields.update(plan.template)
    fields.update(values)
    for name, factory in plan.factories:
        if name not in values:
            fields[name] = factory()
    return instance


def decode_record(cls: type, data: Any, path: str, ctx: DecodeContext) -> Any:
    """Build a dataclass from a TOML table; on a bad field, record a problem and return None.

    A table usually holds a few of its class's many fields, all good: it is decoded key
    by key (a fifth quicker than asking for every field). At the first problem that
    work is dropped and the table decoded field by field, so the problems come in the
    fields' order, as they always have."""
    if not isinstance(data, dict):
        ctx.add(path, f"expected a table, got {_type_name(data)}")
        return None
    plan = _plan(cls)
    mark = len(ctx.problems)
    values = _decode_keys(plan, data, path, ctx)
    if values is None:
        del ctx.problems[mark:]
        return _decode_fields(cls, data, path, ctx)
    if cls is WorkbookMeta and values.get("format", FORMAT_VERSION) < 1:
        return _decode_fields(cls, data, path, ctx)
    if _has_id(cls):
        values["id"] = path.rpartition(".")[2]
    return _instance(cls, plan, values)


def _decode_keys(plan: _Plan, data: dict[str, Any], path: str, ctx: DecodeContext) -> Any:
    """The fields' values from a table's keys, or None at the first problem."""
    for name in plan.required:
        if name not in data:
            return None
    specs = plan.specs
    values: dict[str, Any] = {}
    for name, raw in data.items():
        spec = specs.get(name)
        if spec is None:
            continue  # a key this version does not know: left alone in the file
        kind = spec.type
        # Most values are text of a text field or of a choice it allows: `coerce` would
        # accept them as they are, so they skip it (a third of decoding a large file).
        if type(raw) is str and (kind == "str" or (kind == "choice" and raw in spec.choices)):
            values[name] = raw
            continue
        if kind == "record":
            assert spec.record is not None
            value = decode_record(spec.record, raw, f"{path}.{name}", ctx)
            if value is None:
                return None
        elif kind == "records":
            assert spec.record is not None
            if not isinstance(raw, list):
                return None
            record, where = spec.record, f"{path}.{name}"
            items = []
            for i, item in enumerate(raw):
                decoded = decode_record(record, item, f"{where}.{i}", ctx)
                if decoded is None:
                    return None
                items.append(decoded)
            value = tuple(items)
        else:
            try:
                value = coerce(spec, raw)  # (no path: a problem is decoded again, in full)
            except WorkbookError:
                return None
        values[name] = value
    return values


def _decode_fields(cls: type, data: dict[str, Any], path: str, ctx: DecodeContext) -> Any:
    """`decode_record` field by field, every problem recorded in the fields' order."""
    values: dict[str, Any] = {}
    ok = True
    for spec in field_specs(cls):
        name = spec.name
        if name == "id":
            continue
        raw = data.get(name, _ABSENT)
        if raw is _ABSENT:
            if spec.required:
                ctx.add(path, f"missing required key {name!r}")
                ok = False
            continue
        # Most values are text of a text field or of a choice it allows: `coerce` would
        # accept them as they are, so they skip it (a third of decoding a large file).
        if type(raw) is str and (
            spec.type == "str" or (spec.type == "choice" and raw in spec.choices)
        ):
            values[name] = raw
            continue
        where = f"{path}.{name}"
        try:
            if spec.type == "record":
                assert spec.record is not None
                value = decode_record(spec.record, raw, where, ctx)
                if value is None:
                    ok = False
                    continue
            elif spec.type == "records":
                assert spec.record is not None
                if not isinstance(raw, list):
                    ctx.add(
                        where, f"expected a list of tables ([[{where}]]), got {_type_name(raw)}"
                    )
                    ok = False
                    continue
                items = [
                    decode_record(spec.record, item, f"{where}.{i}", ctx)
                    for i, item in enumerate(raw)
                ]
                if any(item is None for item in items):
                    ok = False
                    continue
                value = tuple(items)
            else:
                value = coerce(spec, raw, where)
        except WorkbookError as error:
            ctx.add(where, _strip_where(error.message, where))
            ok = False
            continue
        values[spec.name] = value
    if cls is WorkbookMeta and values.get("format", FORMAT_VERSION) < 1:
        # Checked here, not in decode_workbook, so every reader of a [workbook]
        # table (the quick diff reads it alone) refuses it too.
        ctx.add(
            f"{path}.format",
            f"format must be a whole number from 1 up (this program writes "
            f"{FORMAT_VERSION}), got {values['format']}",
        )
        ok = False
    if not ok:
        return None
    if _has_id(cls):
        values["id"] = path.rpartition(".")[2]
    return cls(**values)


@cache
def _has_id(cls: type) -> bool:
    return any(f.name == "id" for f in dataclasses.fields(cls))


def _strip_where(message: str, where: str) -> str:
    prefix = f"{where}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _type_name(value: Any) -> str:
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def decode_workbook(
    data: Mapping[str, Any],
    file: str,
    locations: Mapping[str, int],
    allow_newer: bool = False,
    text: str = "",
) -> tuple[Workbook, list[Problem]]:
    """The model from parsed TOML data.

    Raises WorkbookError listing every problem that stops the file being used
    (wrong types, a missing or newer-format [workbook], duplicate ids). Returns
    softer problems (dangling references, loops) alongside the workbook, for
    `validate` to report and for the coaching checks to show.
    """
    ctx = DecodeContext(file, locations, text=text)
    raw_meta = data.get("workbook")
    if raw_meta is None:
        ctx.add("workbook", "missing [workbook] table (it holds the title and format version)")
        raise WorkbookError("not a workbook", ctx.problems)
    if isinstance(raw_meta, dict):
        fmt = raw_meta.get("format")
        newer = isinstance(fmt, int) and not isinstance(fmt, bool) and fmt > FORMAT_VERSION
        if newer and not allow_newer:
            message = (
                f"written in format {fmt}, newer than this program understands "
                f"(format {FORMAT_VERSION}); upgrade outcome-workbook to edit it"
            )
            raise NewerFormatError(
                message, [Problem(message, file, ctx.line_of("workbook"), None, "workbook.format")]
            )
    if isinstance(raw_meta, list):
        ctx.add("workbook", "expected one [workbook] table, got [[workbook]] (a list of tables)")
        raise WorkbookError("not a workbook", ctx.problems)
    meta = decode_record(WorkbookMeta, raw_meta, "workbook", ctx)
    sections: dict[str, dict[str, Entity]] = {kind: {} for kind in KINDS}
    seen: dict[str, str] = {}
    for kind in KINDS:
        raw_section = data.get(kind)
        if raw_section is None:
            continue
        if not isinstance(raw_section, dict):
            ctx.add(kind, f"expected tables like [{kind}.some-id], got {_type_name(raw_section)}")
            continue
        cls = ENTITY_CLASSES[kind]
        for entity_id, raw in raw_section.items():
            path = f"{kind}.{entity_id}"
            if not is_valid_id(entity_id):
                ctx.add(
                    path,
                    f"{entity_id!r} is not a valid id: use lowercase letters, digits "
                    "and single hyphens, like 'qualified-applicants'",
                )
                continue
            if entity_id in seen:
                ctx.add(
                    path,
                    f"duplicate id {entity_id!r}: already used by "
                    f"[{seen[entity_id]}.{entity_id}]; ids are unique across the "
                    "workbook",
                )
                continue
            seen[entity_id] = kind
            entity = decode_record(cls, raw, path, ctx)
            if entity is not None:
                sections[kind][entity_id] = entity
    session = None
    if "session" in data:
        session = decode_record(SessionState, data["session"], "session", ctx)
    if ctx.problems or meta is None:
        raise WorkbookError("the workbook has problems", ctx.problems)
    workbook = Workbook(meta=meta, sections=sections, session=session)
    misplaced = DecodeContext(file, locations, text=text)
    for key in CHECK_SETTINGS:
        if isinstance(raw_meta, dict) and key in raw_meta:
            misplaced.add(
                f"workbook.{key}",
                f"{key} directly under [workbook] is not read: check settings go in "
                f"[workbook.checks] (or checks = {{{key} = ...}})",
            )
    return workbook, misplaced.problems + semantic_problems(workbook, file, locations, text)


class NewerFormatError(WorkbookError):
    """The file is from a newer version of the program: readable at best, never written."""


def semantic_problems(
    wb: Workbook, file: str, locations: Mapping[str, int], text: str = ""
) -> list[Problem]:
    """References to missing or wrong-kind entities, loops, and more than one current version
    (each at its key's line when `text`, the file's, is given)."""
    ctx = DecodeContext(file, locations, text=text)
    if wb.meta.north_star and wb.kind_of(wb.meta.north_star) != "north_star":
        ctx.add("workbook.north_star", f"no North Star Metric with id {wb.meta.north_star!r}")
    for kind, entity_id, relation, target, target_kind in wb.wrong_references():
        path = f"{kind}.{entity_id}.{relation.field}"
        if target_kind is None:
            ctx.add(path, f"refers to {target!r}, which does not exist")
        else:
            wanted = " or ".join(a_kind(k) for k in relation.targets)
            ctx.add(path, f"refers to {target!r}, {a_kind(target_kind)}; expected {wanted}")
    for code, level in sorted(wb.meta.checks.severity.items()):
        if level not in SEVERITIES:
            ctx.add(
                "workbook.checks.severity",
                f"{code} = {level!r} is not a severity: use one of {', '.join(SEVERITIES)}",
            )
    for loop in wb.opportunity_loops():  # once per loop, at its smallest id
        ctx.add(
            f"opportunity.{loop[0]}.parent",
            "opportunities form a loop through their parents: " + ring_text(loop),
        )
    for experiment_id in sorted(wb.experiments):
        experiment = wb.experiments[experiment_id]
        for name in ("impact", "confidence", "ease"):
            score = getattr(experiment, name)
            if score is not None and not ICE_MIN <= score <= ICE_MAX:
                ctx.add(
                    f"experiment.{experiment_id}.{name}",
                    f"{name} must be between {ICE_MIN} and {ICE_MAX}, got {score}",
                )
        seen: set[str] = set()
        for index, person in enumerate(experiment.scores):
            where = f"experiment.{experiment_id}.scores.{index}"
            for name in ("impact", "confidence", "ease"):
                score = getattr(person, name)
                if score is not None and not ICE_MIN <= score <= ICE_MAX:
                    ctx.add(
                        f"{where}.{name}",
                        f"{name} must be between {ICE_MIN} and {ICE_MAX}, got {score}",
                    )
            if person.by in seen:
                ctx.add(where, f"a second score by {person.by!r}: one score per person")
            seen.add(person.by)
    for metric_id in sorted(wb.metrics):
        current = [v for v in wb.metrics[metric_id].versions if v.status == "current"]
        if len(current) > 1:
            ctx.add(
                f"metric.{metric_id}.versions",
                f"{len(current)} versions are marked current; at most one may be",
            )
    return ctx.problems


def encode_entity(entity: Entity) -> dict[str, Any]:
    return encode_record(entity)


def entity_path(kind: str, entity_id: str) -> str:
    return f"{kind}.{entity_id}"
