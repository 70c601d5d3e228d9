"""Keyed three-way merge of workbooks: by entity and field, never by line.

Two people who add different outcomes, edit different fields of one outcome,
append negotiation entries, or add versions to different metrics get a clean
merge. Only the same field changed to two different values, or two different
new versions of one metric, is a conflict: ours is kept (theirs' version of a
metric is kept too, as a proposed version) and the conflict is written as a
`# MERGE CONFLICT:` comment above the entity, which keeps the file loadable
and which `outcomes validate` reports until someone deletes it.

`merge_workbooks` works on models; `merge_texts` applies the merged model to
ours' text with the store's writer, so ours' comments, formatting and unknown
keys survive, and theirs' new or theirs-only-changed tables come in as theirs
wrote them.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from ..model.entities import (
    ENTITY_CLASSES,
    KIND_LABELS,
    KINDS,
    CheckSettings,
    Entity,
    MetricVersion,
    WorkbookMeta,
)
from ..model.errors import Problem, WorkbookError
from ..model.fields import field_specs
from ..model.session import SessionState
from ..model.workbook import Workbook
from ..safety import has_control
from ..store.blocks import Unit, split_units
from ..store.codec import DecodeContext, decode_record, semantic_problems
from ..store.writer import Document, apply
from .incremental import Version, decode_unit, load
from .remap import detect_renames, remap_workbook
from .tablemerge import CannotMerge, known_in, merge_lines, merge_unit, unit_class

MARKER = "# MERGE CONFLICT:"

T = TypeVar("T")


class _Missing:
    """The base value of something both sides added: equal to nothing."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Conflict:
    """A change both sides made differently. `kind` is an entity kind or 'workbook'."""

    kind: str
    id: str
    field: str
    message: str
    ours: Any = None
    theirs: Any = None
    base: Any = None
    unit: tuple[str, ...] = ()  # the table the note goes above, when not the entity's

    @property
    def where(self) -> str:
        parts = [self.kind] + ([self.id] if self.id else []) + ([self.field] if self.field else [])
        return ".".join(parts)

    def describe(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class MergeResult:
    workbook: Workbook
    text: str
    data: bytes
    conflicts: tuple[Conflict, ...]

    @property
    def clean(self) -> bool:
        return not self.conflicts


# --- values ---------------------------------------------------------------------------------


def _comment_safe(text: str) -> str:
    """Text that may sit in a TOML comment: no control characters, one line."""
    return "".join("?" if c != "\t" and has_control(c) else c for c in text)


def show(value: Any) -> str:
    """A value for a one-line conflict note: strings quoted, control characters escaped."""
    if value is MISSING:
        return "nothing"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, date):
        text = value.isoformat()
    elif value is None:
        text = "(empty)"
    elif isinstance(value, tuple | list):
        text = "[" + ", ".join(show(v) for v in value) + "]"
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        text = "{" + ", ".join(f"{f.name}={show(getattr(value, f.name))}" for f in fields) + "}"
    else:
        text = str(value)
    return _comment_safe(text)


class _Collector:
    """Gathers the conflicts found while merging one entity (or the metadata)."""

    def __init__(self, kind: str, entity_id: str) -> None:
        self.kind = kind
        self.id = entity_id
        self.found: list[Conflict] = []

    def add(self, field_name: str, message: str, ours: Any, theirs: Any, base: Any) -> None:
        self.found.append(Conflict(self.kind, self.id, field_name, message, ours, theirs, base))

    def scalar(self, field_name: str, base: Any, ours: Any, theirs: Any) -> Any:
        if ours == theirs:
            return ours
        if ours == base:
            return theirs
        if theirs == base:
            return ours
        was = "" if base is MISSING else f"; base had {show(base)}"
        self.add(
            field_name,
            f"kept ours {show(ours)}; theirs has {show(theirs)}{was}",
            ours,
            theirs,
            base,
        )
        return ours


# --- lists --------------------------------------------------------------------------------


def _interleave(first: Sequence[T], second: Sequence[T]) -> list[T]:
    """Two runs of appended entries in date order; on a tie (or no dates) ours come first."""
    out: list[T] = []
    i = j = 0
    while i < len(first) and j < len(second):
        a, b = getattr(first[i], "date", None), getattr(second[j], "date", None)
        if a is not None and b is not None and b < a:
            out.append(second[j])
            j += 1
        else:
            out.append(first[i])
            i += 1
    return out + list(first[i:]) + list(second[j:])


def _merge_records(
    c: _Collector, name: str, base: tuple[T, ...], ours: tuple[T, ...], theirs: tuple[T, ...]
) -> tuple[T, ...]:
    """A log (negotiation entries, notes): both sides' appended entries are kept."""
    n = len(base)
    if len(ours) >= n and len(theirs) >= n:
        if ours[:n] == base and theirs[:n] == base:
            prefix = list(base)
        else:
            prefix = [
                c.scalar(f"{name}.{index}", base[index], ours[index], theirs[index])
                for index in range(n)
            ]
        extra = list(theirs[n:])
        twins = [x for x in extra if x in ours[n:]]
        if twins:
            c.add(
                name,
                f"both sides added the same entry ({len(twins)}); both copies were kept: "
                "delete one if they are one",
                ours,
                theirs,
                base,
            )
        return (*prefix, *_interleave(ours[n:], extra))
    kept = [x for x in theirs if x not in ours and x not in base]
    c.add(
        name,
        f"entries were removed on one side and changed on the other; kept ours and added "
        f"{len(kept)} new from theirs",
        ours,
        theirs,
        base,
    )
    return (*ours, *kept)


def _merge_strings(
    base: tuple[str, ...], ours: tuple[str, ...], theirs: tuple[str, ...]
) -> tuple[str, ...]:
    """A set of ids or codes: additions from both sides, removals from both sides.

    When only one side changed it is taken as it is, in its own order.
    """
    if theirs == base:
        return ours
    if ours == base:
        return theirs
    kept = [x for x in ours if x in theirs or x not in base]
    return (*kept, *[x for x in theirs if x not in ours and x not in base])


def _same_lineage(base: tuple[MetricVersion, ...], side: tuple[MetricVersion, ...]) -> bool:
    """The side kept every earlier version (only statuses may differ)."""
    if len(side) < len(base):
        return False
    return all(
        dataclasses.replace(side[i], status=base[i].status) == base[i] for i in range(len(base))
    )


def _merge_versions(
    c: _Collector,
    base: tuple[MetricVersion, ...],
    ours: tuple[MetricVersion, ...],
    theirs: tuple[MetricVersion, ...],
) -> tuple[MetricVersion, ...]:
    """Metric versions: a different new version on each side is a conflict (both kept)."""
    if not (_same_lineage(base, ours) and _same_lineage(base, theirs)):
        kept = [dataclasses.replace(v, status="proposed") for v in theirs if v not in ours]
        kept = [v for v in kept if v not in ours]
        c.add(
            "versions",
            "earlier versions were changed on one side; kept ours, theirs' other versions "
            "added as proposed",
            ours,
            theirs,
            base,
        )
        return (*ours, *kept)
    n = len(base)
    prefix = [
        dataclasses.replace(
            base[i],
            status=c.scalar(f"versions.{i}.status", *(v[i].status for v in (base, ours, theirs))),
        )
        for i in range(n)
    ]
    added_ours, added_theirs = list(ours[n:]), list(theirs[n:])
    appended: list[MetricVersion]
    if not added_ours or not added_theirs or added_ours == added_theirs:
        appended = added_ours or added_theirs
    elif added_ours[: len(added_theirs)] == added_theirs:
        appended = added_ours
    elif added_theirs[: len(added_ours)] == added_ours:
        appended = added_theirs
    else:
        demoted = [
            dataclasses.replace(v, status="proposed" if v.status == "current" else v.status)
            for v in added_theirs
            if v not in added_ours
        ]
        first = n + len(added_ours) + 1
        numbers = ", ".join(str(first + i) for i in range(len(demoted)))
        c.add(
            "versions",
            f"both sides added a new version; theirs is kept as proposed version {numbers} "
            "beside ours: make one current",
            tuple(added_ours),
            tuple(added_theirs),
            None,
        )
        appended = added_ours + demoted
    versions = [*prefix, *appended]
    current = [i for i, v in enumerate(versions) if v.status == "current"]
    if len(current) > 1:
        ours_current = {i for i, v in enumerate(ours) if v.status == "current"}
        keep = max((i for i in current if i in ours_current), default=current[-1])
        for i in current:
            if i != keep:
                versions[i] = dataclasses.replace(
                    versions[i], status="superseded" if i < n else "proposed"
                )
        c.add(
            "versions",
            f"each side made a different version current; kept version {keep + 1} current",
            None,
            None,
            None,
        )
    return tuple(versions)


# --- one record ----------------------------------------------------------------------------

# Fields that only make sense together: merged as one value.
_FIELD_GROUPS: dict[type, tuple[tuple[str, ...], ...]] = {
    ENTITY_CLASSES["opportunity"]: (("outcome", "parent"),),
}


def _merge_record(c: _Collector, prefix: str, base: Any, ours: Any, theirs: Any) -> Any:
    """Field by field; `base` may be MISSING (both sides added it)."""
    if ours == theirs and not _appended_alike(base, ours):
        return ours
    if base is not MISSING:
        if ours == base:
            return theirs
        if theirs == base:
            return ours
    cls: type = type(ours)
    values: dict[str, Any] = {}
    grouped = {name for group in _FIELD_GROUPS.get(cls, ()) for name in group}
    for group in _FIELD_GROUPS.get(cls, ()):
        b = MISSING if base is MISSING else tuple(getattr(base, n) for n in group)
        merged = c.scalar(
            prefix + "/".join(group),
            b,
            *(tuple(getattr(x, n) for n in group) for x in (ours, theirs)),
        )
        values.update(zip(group, merged, strict=True))
    for spec in field_specs(cls):
        name = spec.name
        if name in grouped or name == "id":
            continue
        o, t = getattr(ours, name), getattr(theirs, name)
        b = (
            spec.default
            if base is MISSING and spec.type in ("records", "strings")
            else (MISSING if base is MISSING else getattr(base, name))
        )
        if o == t and not (spec.type == "records" and _appended_alike(b, o, name)):
            values[name] = o
        elif o == b:
            values[name] = t
        elif t == b:
            values[name] = o
        elif name == "versions":
            values[name] = _merge_versions(c, b, o, t)
        elif spec.type == "records":
            values[name] = _merge_records(c, prefix + name, b, o, t)
        elif spec.type == "strings":
            values[name] = _merge_strings(b, o, t)
        elif spec.type == "record":
            values[name] = _merge_record(c, f"{prefix}{name}.", b, o, t)
        elif spec.type == "map":
            values[name] = _merge_map(c, prefix + name, b, o, t)
        else:
            values[name] = c.scalar(prefix + name, b, o, t)
    return dataclasses.replace(ours, **values)


def _appended_alike(base: Any, side: Any, name: str = "") -> bool:
    """Whether both sides (equal to `side`) appended the same entries to a log: two
    people wrote them, so both copies are kept and the merge says so."""
    if base is MISSING or base is None:
        return False
    if name:
        return (
            name in _LOGS
            and isinstance(side, tuple)
            and isinstance(base, tuple)
            and len(side) > len(base)
            and side[: len(base)] == base
        )
    if not dataclasses.is_dataclass(side) or isinstance(side, type):
        return False
    return any(
        _appended_alike(getattr(base, spec.name), getattr(side, spec.name), spec.name)
        for spec in field_specs(type(side))
        if spec.type == "records"
    )


def _merge_map(
    c: _Collector, name: str, base: Any, ours: dict[str, str], theirs: dict[str, str]
) -> dict[str, str]:
    base_map: dict[str, str] = {} if base is MISSING else base
    out: dict[str, str] = {}
    for key in [*ours, *(k for k in theirs if k not in ours), *(k for k in base_map)]:
        if key in out:
            continue
        value = c.scalar(f"{name}.{key}", base_map.get(key), ours.get(key), theirs.get(key))
        if value is not None:
            out[key] = value
    return out


def _merge_meta(
    conflicts: list[Conflict], base: WorkbookMeta | None, ours: WorkbookMeta, theirs: WorkbookMeta
) -> WorkbookMeta:
    c = _Collector("workbook", "")
    retired = tuple(sorted({*ours.retired, *theirs.retired}))
    checks: CheckSettings
    if ours.checks == theirs.checks:
        checks = ours.checks
    else:
        base_checks = CheckSettings() if base is None else base.checks
        checks = CheckSettings(
            disable=_merge_strings(base_checks.disable, ours.checks.disable, theirs.checks.disable),
            severity=_merge_map(
                c,
                "checks.severity",
                base_checks.severity,
                ours.checks.severity,
                theirs.checks.severity,
            ),
        )
    plain = dataclasses.replace(ours, retired=(), checks=CheckSettings())
    other = dataclasses.replace(theirs, retired=(), checks=CheckSettings())
    plain_base: Any = (
        MISSING if base is None else dataclasses.replace(base, retired=(), checks=CheckSettings())
    )
    merged: WorkbookMeta = _merge_record(c, "", plain_base, plain, other)
    conflicts += c.found
    return dataclasses.replace(merged, retired=retired, checks=checks)


# --- renames ------------------------------------------------------------------------------


def _rename_maps(
    conflicts: list[Conflict], base: Workbook, ours: Workbook, theirs: Workbook
) -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """Maps that bring base, ours and theirs into one id space (ours' names win on a tie).

    Also returns theirs-only renames as {new id: ours' id} for the writer.
    """
    ours_renames = detect_renames(base, ours)
    theirs_renames = detect_renames(base, theirs)
    base_map: dict[str, str] = {}
    ours_map: dict[str, str] = {}
    theirs_map: dict[str, str] = {}
    moved_in_ours: dict[str, str] = {}
    for old_id, new_id in ours_renames.items():
        base_map[old_id] = new_id
        if old_id in theirs_renames and theirs_renames[old_id] != new_id:
            other = theirs_renames[old_id]
            if other in ours.taken_ids() or new_id in theirs.taken_ids():
                continue
            theirs_map[other] = new_id
            conflicts.append(
                Conflict(
                    base.kind_of(old_id) or "",
                    new_id,
                    "id",
                    f"renamed from {show(old_id)} on both sides: kept ours {show(new_id)}; "
                    f"theirs is {show(other)}",
                    new_id,
                    other,
                    old_id,
                )
            )
        elif old_id not in theirs_renames and new_id not in theirs.taken_ids():
            theirs_map[old_id] = new_id
    for old_id, new_id in theirs_renames.items():
        if old_id in ours_renames or new_id in ours.taken_ids():
            continue
        base_map[old_id] = new_id
        ours_map[old_id] = new_id
        moved_in_ours[new_id] = old_id
    return base_map, ours_map, theirs_map, moved_in_ours


# --- workbooks ----------------------------------------------------------------------------


def merge_workbooks(
    base: Workbook | None, ours: Workbook, theirs: Workbook
) -> tuple[Workbook, list[Conflict]]:
    """The merged model and its conflicts. `base` is None when both sides added the file.

    The result's `renamed` maps theirs' new ids to the ids ours' text uses, so
    the writer moves those tables instead of rewriting them.
    """
    merged = merge_models(base, ours, theirs)
    return merged.workbook, merged.all_conflicts()


Build = Callable[[WorkbookMeta, dict[str, dict[str, Entity]], dict[str, str]], Workbook]


def _plain(
    meta: WorkbookMeta, sections: dict[str, dict[str, Entity]], moved: dict[str, str]
) -> Workbook:
    return Workbook(meta=meta, sections=sections, renamed=moved)


@dataclass(frozen=True)
class ModelMerge:
    """A merge of models: the result, the conflicts met while merging, and the structural
    problems (dangling references, loops) of the result, told apart from ours' own."""

    workbook: Workbook
    conflicts: list[Conflict]
    problems: list[Problem]
    ours: Workbook  # ours in the result's id space

    def new_problems(self) -> list[Problem]:
        """The result's problems that ours did not have already: those the merge made."""
        if not self.problems:
            return []
        had = {(p.table_path, p.message) for p in semantic_problems(self.ours, "", {})}
        return [p for p in self.problems if (p.table_path, p.message) not in had]

    def all_conflicts(self) -> list[Conflict]:
        found = list(self.conflicts)
        for problem in self.new_problems():
            kind, _, rest = problem.table_path.partition(".")
            entity_id, _, field_name = rest.partition(".")
            if kind == "workbook":
                entity_id, field_name = "", rest
            found.append(
                Conflict(kind, entity_id, field_name, f"{problem.message} after merging both sides")
            )
        return found


def merge_models(
    base: Workbook | None, ours: Workbook, theirs: Workbook, build: Build = _plain
) -> ModelMerge:
    """`merge_workbooks`, in parts; `build` makes the result from its meta, sections and
    renames (a partial workbook for a merge that decodes only the tables that differ)."""
    conflicts: list[Conflict] = []
    moved: dict[str, str] = {}
    if base is not None:
        base_map, ours_map, theirs_map, moved = _rename_maps(conflicts, base, ours, theirs)
        base = remap_workbook(base, base_map)
        ours = remap_workbook(ours, ours_map)
        theirs = remap_workbook(theirs, theirs_map)
    meta = _merge_meta(conflicts, base.meta if base is not None else None, ours.meta, theirs.meta)
    sections: dict[str, dict[str, Entity]] = {}
    for kind in KINDS:
        b_section = base.section(kind) if base is not None else {}
        o_section, t_section = ours.section(kind), theirs.section(kind)
        merged: dict[str, Entity] = {}
        for entity_id in [*o_section, *(i for i in t_section if i not in o_section)]:
            entity = _merge_entity(
                conflicts,
                kind,
                b_section.get(entity_id),
                o_section.get(entity_id),
                t_section.get(entity_id),
            )
            if entity is not None:
                merged[entity_id] = entity
        sections[kind] = merged
    _resolve_duplicate_ids(conflicts, sections)
    result = build(meta, sections, moved)
    retired = tuple(r for r in meta.retired if result.kind_of(r) is None)
    session = _merge_session(conflicts, base, ours, theirs)
    result = dataclasses.replace(
        result, meta=dataclasses.replace(meta, retired=retired), session=session
    )
    return ModelMerge(result, conflicts, semantic_problems(result, "", {}), ours)


def _merge_session(
    conflicts: list[Conflict], base: Workbook | None, ours: Workbook, theirs: Workbook
) -> SessionState | None:
    """A guided session's progress, as one value."""
    c = _Collector("session", "")
    base_session = MISSING if base is None else base.session
    session: SessionState | None = c.scalar("", base_session, ours.session, theirs.session)
    conflicts += c.found
    return session


def _merge_entity(
    conflicts: list[Conflict],
    kind: str,
    base: Entity | None,
    ours: Entity | None,
    theirs: Entity | None,
) -> Entity | None:
    label = KIND_LABELS[kind]
    if ours is None and theirs is None:
        return None
    if ours is None or theirs is None:
        present = ours if ours is not None else theirs
        assert present is not None
        if base is None:
            return present  # added on one side
        if base == present:
            return None  # deleted on one side, untouched on the other
        # Deleted on one side, changed on the other: keep it, so nothing is lost silently.
        deleted_by = "ours" if ours is None else "theirs"
        conflicts.append(
            Conflict(
                kind,
                present.id,
                "",
                f"this {label} was deleted in {deleted_by} but changed in the other side; "
                "it was kept: delete it if it should go",
            )
        )
        return present
    c = _Collector(kind, ours.id)
    merged: Entity = _merge_record(c, "", MISSING if base is None else base, ours, theirs)
    conflicts += c.found
    return merged


def _resolve_duplicate_ids(
    conflicts: list[Conflict], sections: dict[str, dict[str, Entity]]
) -> None:
    """Two sides adding the same id as different kinds: theirs gets a fresh id."""
    seen: dict[str, str] = {}
    for kind in KINDS:
        for entity_id in list(sections[kind]):
            if entity_id not in seen:
                seen[entity_id] = kind
                continue
            fresh = entity_id
            n = 2
            while any(fresh in s for s in sections.values()):
                fresh = f"{entity_id}-{n}"[:64]
                n += 1
            entity = sections[kind].pop(entity_id)
            sections[kind][fresh] = dataclasses.replace(entity, id=fresh)
            conflicts.append(
                Conflict(
                    kind,
                    fresh,
                    "id",
                    f"both sides added the id {show(entity_id)} for different things; this "
                    f"{KIND_LABELS[kind]} was renamed to {show(fresh)}",
                )
            )


# --- texts --------------------------------------------------------------------------------


def _single_units(units: list[Unit]) -> dict[tuple[str, ...], str]:
    """Unit texts by key, for keys written as one unit only."""
    counts: dict[tuple[str, ...], int] = {}
    for unit in units:
        counts[unit.key] = counts.get(unit.key, 0) + 1
    return {u.key: u.text for u in units if counts[u.key] == 1}


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _entity_key(kind: str, entity_id: str) -> tuple[str, ...]:
    return (kind, entity_id)


def merge_texts(
    base_data: bytes | None, ours_data: bytes, theirs_data: bytes, file: str = "workbook"
) -> MergeResult:
    """Merge three versions of one workbook file; raises WorkbookError if one cannot be read.

    An empty (zero-byte) or missing base means both sides added the file: git
    passes an empty ancestor then. The usual merge of a large file decodes only
    the tables that differ (`quick`); it gives exactly what `merge_texts_fully` gives.
    """
    from .quick import quick_merge  # builds on this module's parts

    quick = quick_merge(base_data, ours_data, theirs_data, file)
    if quick is not None:
        return quick
    return merge_texts_fully(base_data, ours_data, theirs_data, file)


def merge_texts_fully(
    base_data: bytes | None, ours_data: bytes, theirs_data: bytes, file: str = "workbook"
) -> MergeResult:
    """`merge_texts` reading each version in full and the result back in full."""
    base: Version | None = None
    if base_data:
        base = _load_side(base_data, file, "base", None)
    ours = _load_side(ours_data, file, "ours", base)
    theirs = _load_side(theirs_data, file, "theirs", base or ours)
    merged, conflicts = merge_workbooks(
        base.workbook if base else None, ours.workbook, theirs.workbook
    )
    document = _render_onto_ours(base, ours, theirs, merged, conflicts)
    mark_conflicts(document, conflicts)
    text = document.text()
    data = ours.form.encode(text)
    check = load(data, file, ours)
    if check.workbook != merged:
        raise WorkbookError(
            f"internal error: the merged {file} would not read back as merged; nothing was written"
        )
    return MergeResult(check.workbook, text, data, tuple(conflicts))


class SideError(WorkbookError):
    """One version (`side`: base, ours or theirs) cannot be read as a workbook."""

    def __init__(self, message: str, problems: list[Problem], side: str) -> None:
        super().__init__(message, problems)
        self.side = side


def _load_side(data: bytes, file: str, side: str, reference: Version | None) -> Version:
    """Load one version; its problems say which version (base, ours, theirs) they are in."""
    try:
        return load(data, file, reference)
    except WorkbookError as error:
        problems = [
            dataclasses.replace(p, message=f"{p.message} (in the {side} version)")
            for p in error.problems
        ]
        raise SideError(f"{error.message} (in the {side} version)", problems, side) from None


def refusal_note(side: str, reason: str) -> str:
    """The marker comment a refused merge leaves at the top of ours: `validate` reports it
    until someone merges by hand, so a plain `git add` cannot commit ours as the merge."""
    what = f"the {side} version is not a readable workbook" if side else "the merge failed"
    return _comment_safe(
        f"{MARKER} not merged: {what} ({one_line_reason(reason)}); this file is ours as it "
        "was: merge the other side by hand, then delete this comment"
    )


def one_line_reason(text: str) -> str:
    return " ".join(text.split())[:200]


def _render_onto_ours(
    base: Version | None,
    ours: Version,
    theirs: Version,
    merged: Workbook,
    found: list[Conflict],
) -> Document:
    """Ours' text edited to hold `merged`; tables only theirs touched are taken from theirs."""
    preamble, units, _ = split_units(ours.text)
    return render_document(base, ours, theirs, merged, Document(preamble, units), found)


def render_document(
    base: Version | None,
    ours: Version,
    theirs: Version,
    merged: Workbook,
    document: Document,
    found: list[Conflict] | None = None,
) -> Document:
    """`document` (ours' text, split) edited to hold `merged`, as `_render_onto_ours` says.

    A table both sides changed is merged key by key as text first (`tablemerge`), so
    what either side wrote there that the other did not touch (comments, unknown keys,
    spelling) is kept; what clashed in that text is added to `found`.
    """
    found = [] if found is None else found
    units = document.units
    preamble = document.preamble
    ours_units = _single_units(units)
    theirs_units = _units_of(theirs)
    base_units: dict[tuple[str, ...], str] = {}
    if base is not None:
        base_units = _units_of(base)
        document.preamble = _merge_preamble(found, base.preamble, preamble, theirs.preamble)
    holds = ours.workbook  # what `document` holds, as a model
    hint = [0]
    sections = {kind: dict(holds.section(kind)) for kind in KINDS}
    meta = holds.meta
    session = holds.session
    meta_key = ("workbook",)
    if (
        meta_key in ours_units
        and base_units.get(meta_key) == ours_units[meta_key]
        and meta_key in theirs_units
        and merged.meta == theirs.workbook.meta
        and theirs_units[meta_key] != ours_units[meta_key]
    ):
        _replace_unit(document, meta_key, theirs_units[meta_key], hint)
        meta = theirs.workbook.meta
    for kind in KINDS:
        for entity_id, entity in merged.section(kind).items():
            key = _entity_key(kind, entity_id)
            theirs_entity = theirs.workbook.section(kind).get(entity_id)
            if theirs_entity != entity or key not in theirs_units:
                continue
            if entity_id in merged.renamed:
                continue
            if holds.find(entity_id) is None:
                document.insert(key, _with_newline(theirs_units[key]))
                sections[kind][entity_id] = entity
            elif (
                key in ours_units
                and base_units.get(key) == ours_units[key]
                and theirs_units[key] != ours_units[key]
            ):
                _replace_unit(document, key, theirs_units[key], hint)
                sections[kind][entity_id] = entity
    _merge_other_units(found, document, base_units, ours_units, theirs_units)
    hint[0] = 0
    for key, ours_text in ours_units.items():
        theirs_text = theirs_units.get(key)
        base_text = base_units.get(key)
        if (
            theirs_text is None
            or theirs_text in (ours_text, base_text)
            or ours_text == base_text
            or key[0] == "other"
            or (key != meta_key and key != ("session",) and merged.find(key[-1]) is None)
        ):
            continue
        text = _merge_unit_text(found, key, base_text, ours_text, theirs_text)
        if text is None:
            continue
        value = _decode(key, text)
        if value is None:
            _cannot_combine(found, key)
            continue
        _replace_unit(document, key, text, hint)
        if key == meta_key:
            meta = value
        elif key == ("session",):
            session = value
        else:
            sections[key[0]][key[1]] = value
    _report_pieces(found, document.units, base, theirs)
    holding = Workbook(meta=meta, sections=sections, session=session)
    apply(document, holding, merged)
    return document


def _report_pieces(
    found: list[Conflict], units: list[Unit], base: Version | None, theirs: Version
) -> None:
    """A table written in pieces that both sides changed cannot be merged as text: the
    model's values are written onto ours' pieces, and the merge says so."""
    counts: dict[tuple[str, ...], int] = {}
    for unit in units:
        counts[unit.key] = counts.get(unit.key, 0) + 1
    pieces = [key for key, count in counts.items() if count > 1]
    if not pieces:
        return
    ours_text = {key: "".join(u.text for u in units if u.key == key) for key in pieces}
    _, theirs_units, _ = split_units(theirs.text)
    _, base_units, _ = split_units(base.text) if base is not None else ("", [], {})
    for key in pieces:
        b = "".join(u.text for u in base_units if u.key == key)
        t = "".join(u.text for u in theirs_units if u.key == key)
        if len({b, t, ours_text[key]}) == 3:
            _cannot_combine(found, key)


def _units_of(version: Version) -> dict[tuple[str, ...], str]:
    """A version's tables' text by key (split here when the version's layout is unusual)."""
    if version.units:
        return dict(version.units)
    return _single_units(split_units(version.text)[1])


def _unit_conflict(key: tuple[str, ...], where: str, message: str) -> Conflict:
    if key[0] == "other":
        return Conflict(".".join(key[1:]), "", where, message, unit=key)
    if len(key) == 1:
        return Conflict(key[0], "", where, message, unit=key)
    return Conflict(key[0], key[1], where, message, unit=key)


def _cannot_combine(found: list[Conflict], key: tuple[str, ...]) -> None:
    found.append(
        _unit_conflict(
            key,
            "",
            "both sides changed this table and their texts could not be combined key by "
            "key; kept ours' text with the merged values: compare with theirs for its "
            "comments and keys",
        )
    )


def _merge_unit_text(
    found: list[Conflict],
    key: tuple[str, ...],
    base_text: str | None,
    ours_text: str,
    theirs_text: str,
) -> str | None:
    """One table both sides changed, merged key by key as text; None when it cannot be."""
    cls = unit_class(key)
    skip = 0 if key[0] == "other" else len(key)
    try:
        text, clashes = merge_unit(
            base_text,
            ours_text,
            theirs_text,
            known_in(cls, skip),
            lambda path: cls is not None and path[-1] in _LOGS,
            skip,
        )
    except CannotMerge:
        _cannot_combine(found, key)
        return None
    for clash in clashes:
        found.append(_unit_conflict(key, clash.where, clash.message))
    return text


_LOGS = frozenset({"negotiation", "notes"})


def _decode(key: tuple[str, ...], text: str) -> Any:
    """The model value of one table's text, or None when it does not decode cleanly."""
    if key == ("session",):
        try:
            data = tomllib.loads(text).get("session")
        except tomllib.TOMLDecodeError:
            return None
        ctx = DecodeContext("", {})
        value = decode_record(SessionState, data, "session", ctx)
        return None if ctx.problems else value
    return decode_unit(key, text)


def _merge_preamble(found: list[Conflict], base: str, ours: str, theirs: str) -> str:
    """The comments above the first table, merged line by line."""
    if any(
        line.strip() and not line.lstrip().startswith("#")
        for text in (base, ours, theirs)
        for line in text.split("\n")
    ):
        return ours  # not only comments: the model's merge decides what it holds
    merged = merge_lines(base, ours, theirs)
    if merged is not None:
        return merged
    found.append(
        Conflict(
            "workbook",
            "",
            "",
            "both sides changed the comments at the top of the file; kept ours",
            unit=("workbook",),
        )
    )
    return ours


def _insert_after_neighbour(
    document: Document, key: tuple[str, ...], text: str, order: list[tuple[str, ...]]
) -> None:
    """A table the model does not know, put after the table it follows in `order`."""
    at = order.index(key)
    before = next((k for k in reversed(order[:at]) if document.positions(k)), None)
    units = document.units
    index = document.positions(before)[-1] + 1 if before is not None else 0
    if index >= len(units):
        if units:
            units[-1] = Unit(units[-1].key, _blank_after(units[-1].text), units[-1].line)
        units.append(Unit(key, text.rstrip("\n") + "\n", -1))
        return
    if index > 0:
        units[index - 1] = Unit(
            units[index - 1].key, _blank_after(units[index - 1].text), units[index - 1].line
        )
    units.insert(index, Unit(key, _blank_after(text), -1))


def _blank_after(text: str) -> str:
    return text.rstrip("\n") + "\n\n"


def _merge_other_units(
    found: list[Conflict],
    document: Document,
    base_units: dict[tuple[str, ...], str],
    ours_units: dict[tuple[str, ...], str],
    theirs_units: dict[tuple[str, ...], str],
) -> None:
    """Tables the model does not know (`[x-tool]`): merged as text, key by key."""
    keys = [k for k in {**ours_units, **theirs_units, **base_units} if k[0] == "other"]
    for key in keys:
        b, o, t = base_units.get(key), ours_units.get(key), theirs_units.get(key)
        if o == t or t == b:
            continue
        if o == b:
            if t is None:
                document.remove(key)
            elif o is None:
                _insert_after_neighbour(document, key, t, list(theirs_units))
            else:
                _replace_unit(document, key, t, [0])
            continue
        if o is None or t is None:
            removed_by = "ours" if o is None else "theirs"
            found.append(
                _unit_conflict(
                    key,
                    "",
                    f"this table was removed in {removed_by} and changed in the other "
                    "side; kept it",
                )
            )
            if o is None and t is not None:
                _insert_after_neighbour(document, key, t, list(theirs_units))
            continue
        text = _merge_unit_text(found, key, b, o, t)
        if text is not None:
            try:
                tomllib.loads(text)
            except tomllib.TOMLDecodeError:
                _cannot_combine(found, key)
                continue
            _replace_unit(document, key, text, [0])


def _replace_unit(document: Document, key: tuple[str, ...], text: str, hint: list[int]) -> None:
    """Put `text` in place of the unit `key` (written once). The search starts where the
    last one ended (`hint`): replacements come in file order, so a merge scans once."""
    units = document.units
    start = min(hint[0], len(units))
    for index in itertools.chain(range(start, len(units)), range(start)):
        unit = units[index]
        if unit.key == key:
            ends_file = index == len(units) - 1
            text = text if ends_file or text.endswith("\n") else text + "\n"
            if not ends_file and not text.endswith("\n\n"):
                text += "\n"
            # A new Unit: units may be shared with the version they were read from.
            units[index] = Unit(unit.key, text, unit.line)
            hint[0] = index
            return


def mark_conflicts(document: Document, conflicts: Sequence[Conflict]) -> None:
    """Each conflict as a `# MERGE CONFLICT:` comment directly above its entity's table
    (or its `unit`); a note whose table is not in the document goes at the top."""
    if not conflicts:
        return
    notes: dict[tuple[str, ...], list[str]] = {}
    for conflict in conflicts:
        single = conflict.kind in ("workbook", "session")
        key: tuple[str, ...] = (conflict.kind,) if single else (conflict.kind, conflict.id)
        key = conflict.unit or key
        field_part = f"{conflict.field}: " if conflict.field else ""
        notes.setdefault(key, []).append(f"{MARKER} {field_part}{_comment_safe(conflict.message)}")
    placed: set[tuple[str, ...]] = set()
    units = document.units
    for index, unit in enumerate(units):
        if unit.key in notes and unit.key not in placed:
            # A new Unit: units may be shared with the version they were read from.
            head = "".join(line + "\n" for line in notes[unit.key])
            units[index] = Unit(unit.key, head + unit.text, unit.line)
            placed.add(unit.key)
    leftover = [line for key, lines in notes.items() if key not in placed for line in lines]
    document.preamble = "".join(line + "\n" for line in leftover) + document.preamble


def _mark_conflicts(text: str, conflicts: Sequence[Conflict]) -> str:
    """`mark_conflicts` on a text."""
    if not conflicts:
        return text
    preamble, units, _ = split_units(text)
    document = Document(preamble, units)
    mark_conflicts(document, conflicts)
    return document.text()


def conflict_notes(text: str) -> list[tuple[int, str]]:
    """(1-based line, message) for every merge-conflict comment left in a workbook's text."""
    found: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith(MARKER):
            found.append((number, stripped[len(MARKER) :].strip()))
    return found


def merge_conflict_problems(text: str, file: str) -> list[Problem]:
    """The conflict comments a merge left, as problems to report until someone settles them."""
    return [
        Problem(
            f"unresolved merge conflict: {message} (settle it, then delete this comment)",
            file,
            line,
            1,
        )
        for line, message in conflict_notes(text)
    ]


def describe_conflicts(conflicts: Sequence[Conflict], file: str) -> list[str]:
    return [f"{file}: {conflict.describe()}" for conflict in conflicts]
