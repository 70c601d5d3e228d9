"""The keyed three-way merge of workbook models: by entity and field, never by line.

Two people who add different outcomes, edit different fields of one outcome,
append negotiation entries, or add versions to different metrics get a clean
merge. Only the same field changed to two different values, or two different
new versions of one metric (and the few other cases docs/git.md lists), is a
conflict: ours is kept (theirs' version of a metric is kept too, as a proposed
version) and the conflict becomes a `# MERGE CONFLICT:` comment above the
entity, which keeps the file loadable and which `outcomes validate` reports
until someone deletes it.

`merge_models` is the model step of the text merge (`merge.merge_texts`); a
check that runs after it on the merged model (a sign-off and a changed signed
term, say) can add its own `Conflict`s to `ModelMerge.conflicts`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from ..diff.remap import detect_renames, remap_workbook
from ..model.agreement import agreement_of
from ..model.entities import (
    ENTITY_CLASSES,
    KIND_LABELS,
    KINDS,
    CheckSettings,
    Entity,
    MeasuredValue,
    MetricVersion,
    WorkbookMeta,
)
from ..model.errors import Problem
from ..model.fields import field_specs
from ..model.relations import PARENT_FIELDS, SEVERAL_PARENTS
from ..model.session_state import SessionState
from ..model.workbook import Workbook
from ..safety import has_control
from ..store.codec import semantic_problems
from .tables import merge_lines

# Lists of entries that are logs: both sides' additions are kept, in date order.
LOGS = frozenset({"negotiation", "notes"})
# Lists of entries with one entry per key (a person's score of an experiment, by name):
# merged key by key, so two people scoring on two sides are both kept.
KEYED = {"scores": "by"}

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
        if (
            isinstance(base, str)
            and isinstance(ours, str)
            and isinstance(theirs, str)
            and "\n" in base + ours + theirs
        ):
            lines = merge_lines(base, ours, theirs)  # different lines of a text: as git would
            if lines is not None:
                return lines
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


def _merge_keyed(
    c: _Collector, prefix: str, key: str, base: Any, ours: tuple[T, ...], theirs: tuple[T, ...]
) -> tuple[T, ...]:
    """One entry per key: each key merged on its own (added, changed or removed on either
    side); the same entry changed two ways on the two sides is a conflict, ours kept."""
    was = {getattr(x, key): x for x in (() if base is MISSING else base)}
    mine = {getattr(x, key): x for x in ours}
    other = {getattr(x, key): x for x in theirs}
    merged: list[T] = []
    for name in [*mine, *(k for k in other if k not in mine)]:
        b, o, t = was.get(name, MISSING), mine.get(name, MISSING), other.get(name, MISSING)
        if o is not MISSING and t is not MISSING:
            value = _merge_record(c, f"{prefix}.{name}.", b, o, t)
        else:
            value = c.scalar(f"{prefix}.{name}", b, o, t)
        if value is not MISSING:
            merged.append(value)
    return tuple(merged)


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
    """The side kept every earlier version (only statuses and measured values may differ)."""
    if len(side) < len(base):
        return False
    return all(
        dataclasses.replace(side[i], status=base[i].status, values=base[i].values) == base[i]
        for i in range(len(base))
    )


def _merge_values(
    c: _Collector, index: int, base: MetricVersion, ours: MetricVersion, theirs: MetricVersion
) -> tuple[MeasuredValue, ...]:
    """Measured values of a version both sides kept, by date: each side's recorded values
    are kept like any other append; one date given two different values is a conflict."""
    if ours.values == base.values:
        return theirs.values
    if theirs.values == base.values:
        return ours.values
    was, o, t = ({v.date: v for v in x.values} for x in (base, ours, theirs))
    merged = {
        day: c.scalar(
            f"versions.{index}.values.{day.isoformat()}",
            was.get(day, MISSING),
            o.get(day, MISSING),
            t.get(day, MISSING),
        )
        for day in sorted({*was, *o, *t})
    }
    return tuple(v for v in merged.values() if v is not MISSING)


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
            values=_merge_values(c, i, base[i], ours[i], theirs[i]),
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

# Fields that only make sense together, merged as one value: a kind's parent fields, where it
# has several (an opportunity sits under an outcome or under another opportunity, not both).
_FIELD_GROUPS: dict[type, tuple[tuple[str, ...], ...]] = {
    ENTITY_CLASSES[kind]: (tuple(PARENT_FIELDS[kind].values()),) for kind in SEVERAL_PARENTS
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
        elif name in KEYED:
            values[name] = _merge_keyed(c, prefix + name, KEYED[name], b, o, t)
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
            name in LOGS
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
    for check in POST_MERGE_CHECKS:
        conflicts += check(base, ours, theirs, result)
    return ModelMerge(result, conflicts, semantic_problems(result, "", {}), ours)


# A check on the merged model that can find conflicts no single field shows (one side
# signing an outcome while the other changed a term it signed, say). It gets base, ours,
# theirs and the result in one id space (base None when both sides added the file);
# their sections list the entities that differ between the versions (on the quick path,
# only those: lookups by id still see every entity). Conflicts it returns are marked
# and reported like any other, on either path.
PostMergeCheck = Callable[[Workbook | None, Workbook, Workbook, Workbook], list[Conflict]]


def signed_on_changed_terms(
    base: Workbook | None, ours: Workbook, theirs: Workbook, result: Workbook
) -> list[Conflict]:
    """One side signed an outcome while the other changed a term that signature covers.

    Each side is consistent alone; merged, a name would stand under terms its signer
    never saw. The result keeps both (the agreement reads as reopened) and says so.
    """
    found: list[Conflict] = []
    for outcome_id in sorted(result.product_outcomes):
        agreement = agreement_of(result, result.product_outcomes[outcome_id])
        if agreement.state != "reopened":
            continue
        before = base.product_outcomes.get(outcome_id) if base is not None else None
        signed_before = len(before.signoffs) if before is not None else 0
        for side_name, side in (("ours", ours), ("theirs", theirs)):
            outcome = side.product_outcomes.get(outcome_id)
            if outcome is None or len(outcome.signoffs) <= signed_before:
                continue
            own = agreement_of(side, outcome)
            if own.state == "reopened":
                continue  # that side signed under terms already moved: not the merge's doing
            other = "theirs" if side_name == "ours" else "ours"
            changed = "; ".join(change.text for change in agreement.changed_terms())
            found.append(
                Conflict(
                    "product_outcome",
                    outcome_id,
                    "signoffs",
                    f"{side_name} signed while {other} changed the signed terms ({changed}); "
                    "the agreement is reopened: both sides must sign the merged terms",
                )
            )
    return found


POST_MERGE_CHECKS: list[PostMergeCheck] = [signed_on_changed_terms]


def _merge_session(
    conflicts: list[Conflict], base: Workbook | None, ours: Workbook, theirs: Workbook
) -> SessionState | None:
    """A guided session's progress, field by field: its logs (parking lot, decisions, steps
    done or skipped) keep what either side added and drop what one side took out, so two
    people parking points meanwhile (or one undoing their own) never clash."""
    c = _Collector("session", "")
    if base is None or base.session is None or ours.session is None or theirs.session is None:
        base_session = MISSING if base is None else base.session
        whole: SessionState | None = c.scalar("", base_session, ours.session, theirs.session)
        conflicts += c.found
        return whole
    b, o, t = base.session, ours.session, theirs.session
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(SessionState):
        name = spec.name
        was, mine, other = getattr(b, name), getattr(o, name), getattr(t, name)
        if name in _SESSION_LOGS:
            values[name] = _merge_log(was, mine, other)
        else:
            values[name] = c.scalar(name, was, mine, other)
    conflicts += c.found
    return SessionState(**values)


_SESSION_LOGS = ("done", "skipped", "parking_lot", "decisions")


def _merge_log(base: Sequence[T], ours: Sequence[T], theirs: Sequence[T]) -> tuple[T, ...]:
    """Theirs in its order, less what ours took out of base, then what ours added."""
    kept = [item for item in theirs if item in ours or item not in base]
    return (*kept, *(item for item in ours if item not in base and item not in theirs))


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


def describe_conflicts(conflicts: Sequence[Conflict], file: str) -> list[str]:
    return [f"{file}: {conflict.describe()}" for conflict in conflicts]
