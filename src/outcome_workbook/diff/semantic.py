"""What changed between two workbooks, in the domain's words, grouped by entity.

A reviewer reads "target raised from 30 to 40 %", "guardrail attached: CSAT must
not fall below 4.2", "version 3 added: ... because ...", never a wall of TOML.
The result is plain data (`WorkbookDiff`); `render` turns it into text, Markdown
or JSON, and the TUI's history screen shows the same objects.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any, Literal, cast

from ..model.agreement import LEGACY_NOTE, agreement_of
from ..model.entities import (
    KIND_LABELS,
    KINDS,
    SELF_CHECK_QUESTIONS,
    CheckSettings,
    Entity,
    Experiment,
    Guardrail,
    MetricVersion,
    NegotiationEntry,
    Note,
    PersonScore,
    ProductOutcome,
    SelfCheck,
    Signature,
    SignOff,
    WorkbookMeta,
    ice_of,
)
from ..model.fields import field_specs
from ..model.relations import REFERENCE_FIELDS
from ..model.workbook import Workbook
from ..store.codec import encode_record
from .phrases import Phrase, Segment, ident, new, old, plain_text, show_value, user, words
from .remap import detect_renames, remap_entity

EntityStatus = Literal["added", "removed", "renamed", "changed"]

# Long or multi-line text is shown on lines of its own ("was" / "now") instead of inline.
INLINE_LIMIT = 60

_LABELS = {
    "ignore_reason": "reason for ignoring checks",
    "why_now": "why now",
    "scope_why": "why this scope",
    "learning_goal": "learning goal",
    "north_star": "North Star Metric",
}
_ICE_FIELDS = ("impact", "confidence", "ease")
_SPECIAL = {
    "id",
    "title",
    "versions",
    "negotiation",
    "notes",
    "signoff",
    "signoffs",
    "self_check",
    "ignore",
}


@dataclass(frozen=True)
class Change:
    """One change, as a sentence plus the data behind it.

    `type` is stable (documented in docs/git.md): field, link, unlink, ignore,
    unignore, version-added, version-removed, version-edited, version-current,
    version-status, negotiation-added, negotiation-edited, negotiation-removed,
    note-added, note-edited, note-removed, signoff, signoff-withdrawn,
    self-check, rescored, scored-by, guardrail-attached, guardrail-detached, retired,
    value-recorded, value-edited, value-removed, values-added.
    """

    type: str
    phrase: Phrase
    field: str = ""
    old: Any = None
    new: Any = None
    index: int | None = None
    data: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    details: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        return plain_text(self.phrase)


@dataclass(frozen=True)
class EntityDiff:
    """Every change to one entity. `id` is the id in the newer workbook (the old one if removed)."""

    kind: str
    id: str
    title: str
    status: EntityStatus
    old_id: str = ""
    changes: tuple[Change, ...] = ()

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class WorkbookDiff:
    workbook: tuple[Change, ...] = ()
    entities: tuple[EntityDiff, ...] = ()
    renames: Mapping[str, str] = dataclasses.field(default_factory=dict)
    old_title: str = ""
    new_title: str = ""

    @property
    def identical(self) -> bool:
        return not self.workbook and not self.entities

    def __bool__(self) -> bool:
        return not self.identical

    def entity(self, entity_id: str) -> EntityDiff | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def summary(self) -> dict[str, int]:
        """How many entities were added, removed, renamed and changed."""
        counts = {"added": 0, "removed": 0, "renamed": 0, "changed": 0}
        for entity in self.entities:
            counts[entity.status] += 1
        return counts

    def changes(self) -> Iterator[tuple[EntityDiff | None, Change]]:
        for change in self.workbook:
            yield None, change
        for entity in self.entities:
            for change in entity.changes:
                yield entity, change

    def versions_added(self) -> list[tuple[str, int, MetricVersion]]:
        """(metric id, 0-based index, version) for every metric version this change added."""
        found: list[tuple[str, int, MetricVersion]] = []
        for entity, change in self.changes():
            if entity is not None and change.type == "version-added" and change.index is not None:
                version = change.data.get("version")
                if isinstance(version, MetricVersion):
                    found.append((entity.id, change.index, version))
        return found


# --- values as words ------------------------------------------------------------------------


def _label(name: str) -> str:
    return _LABELS.get(name, name.replace("_", " "))


def _is_long(value: object) -> bool:
    return isinstance(value, str) and (len(value) > INLINE_LIMIT or "\n" in value)


def _ref(wb: Workbook, entity_id: str, role: Literal["id", "old", "new"] = "id") -> list[Segment]:
    """An id, with the entity's title when the workbook knows it."""
    found = wb.find(entity_id)
    segments = [Segment(entity_id, role)]
    if found is not None and found.title and found.title != entity_id:
        segments += [words(" ("), user(found.title), words(")")]
    return segments


def _unit_for(entity: Entity, name: str) -> str:
    if isinstance(entity, ProductOutcome) and name in ("baseline", "target"):
        return entity.unit
    if isinstance(entity, Guardrail) and name == "value" and entity.rule == "max-worsen-pct":
        return "%"
    return ""


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == ()


def _scalar_change(
    kind: str,
    name: str,
    before: Any,
    after: Any,
    unit: str,
    added: bool,
    old_wb: Workbook,
    new_wb: Workbook,
) -> Change:
    label = _label(name)
    is_ref = name in REFERENCE_FIELDS.get(kind, {})
    if is_ref:
        was: list[Segment] = _ref(old_wb, before, "old") if before else []
        now: list[Segment] = _ref(new_wb, after, "new") if after else []
    else:
        was = [old(show_value(before, unit))]
        now = [new(show_value(after, unit))]
    if _is_long(before) or _is_long(after):
        details: list[tuple[str, str]] = []
        if not _is_empty(before) and not added:
            details.append(("was", str(before)))
        if not _is_empty(after):
            details.append(("" if added else "now", str(after)))
        if added:
            verb = ""
        elif _is_empty(after):
            verb = " cleared"
        else:
            verb = " set" if _is_empty(before) else " changed"
        phrase: Phrase = (words(f"{label}{verb}"),)
        return Change("field", phrase, name, before, after, details=tuple(details))
    if added:
        phrase = (words(f"{label}: "), *now)
    elif _is_empty(before):
        phrase = (words(f"{label} set to "), *now)
    elif _is_empty(after):
        phrase = (words(f"{label} cleared (was "), *was, words(")"))
    elif _is_number(before) and _is_number(after):
        verb = "raised" if after > before else "lowered"
        phrase = (
            words(f"{label} {verb} from "),
            old(show_value(before)),
            words(" to "),
            *now,
        )
    else:
        phrase = (words(f"{label} changed from "), *was, words(" to "), *now)
    return Change("field", phrase, name, before, after)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- lists inside an entity -------------------------------------------------------------------


def _by_on(author: str, when: date | None) -> list[Segment]:
    out: list[Segment] = []
    if author:
        out += [words(" by "), user(author)]
    if when is not None:
        out += [words(" on "), words(when.isoformat())]
    return out


def _current_index(versions: tuple[MetricVersion, ...]) -> int | None:
    for index in range(len(versions) - 1, -1, -1):
        if versions[index].status == "current":
            return index
    return None


def _version_changes(
    before: tuple[MetricVersion, ...], after: tuple[MetricVersion, ...], added_entity: bool
) -> list[Change]:
    changes: list[Change] = []
    common = min(len(before), len(after))
    for index in range(common):
        was, now = before[index], after[index]
        if was == now:
            continue
        for spec in field_specs(MetricVersion):
            a, b = getattr(was, spec.name), getattr(now, spec.name)
            if a == b or spec.name in ("status", "values"):
                continue
            label = f"version {index + 1} {_label(spec.name)}"
            inner = _scalar_change("metric", spec.name, a, b, "", False, _EMPTY, _EMPTY)
            changes.append(
                dataclasses.replace(
                    inner,
                    type="version-edited",
                    phrase=(words(label), *_drop_label(inner.phrase, _label(spec.name))),
                    index=index,
                )
            )
    verb = "" if added_entity else " added"
    for index in range(common, len(after)):
        version = after[index]
        phrase: Phrase = (
            words(f"version {index + 1}{verb} ({version.kind}, {version.status})"),
            *_by_on(version.author, version.date),
            words(": "),
            user(version.definition),
        )
        details = (("why", version.rationale),) if version.rationale else ()
        changes.append(
            Change(
                "version-added",
                phrase,
                "versions",
                None,
                encode_record(version),
                index,
                {"version": version},
                details,
            )
        )
    for index in range(common, len(before)):
        changes.append(
            Change(
                "version-removed",
                (words(f"version {index + 1} removed: "), old(before[index].definition)),
                "versions",
                encode_record(before[index]),
                None,
                index,
            )
        )
    was_current, now_current = _current_index(before), _current_index(after)
    if now_current != was_current and not added_entity:
        if now_current is None:
            phrase = (words(f"no version is current any more (was version {_n(was_current)})"),)
        elif was_current is None:
            phrase = (words(f"version {now_current + 1} is now the current version"),)
        else:
            phrase = (
                words(
                    f"version {now_current + 1} is now the current version "
                    f"(was version {was_current + 1})"
                ),
            )
        changes.append(
            Change(
                "version-current",
                phrase,
                "versions",
                was_current,
                now_current,
                now_current,
            )
        )
    for index in range(common):
        a, b = before[index].status, after[index].status
        if a != b and index not in (was_current, now_current):
            changes.append(
                Change(
                    "version-status",
                    (words(f"version {index + 1} changed from {a} to {b}"),),
                    "versions",
                    a,
                    b,
                    index,
                )
            )
    return changes


def _as_subject(title: str) -> str:
    """'Sign-up to usage rate' -> 'sign-up to usage rate' (an acronym like 'NPS' stays)."""
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title


def _values_changes(
    title: str, before: tuple[MetricVersion, ...], after: tuple[MetricVersion, ...]
) -> list[Change]:
    """'sign-up to usage rate measured 23 on 2026-03-30 (was 17)', one per value recorded.

    A version the change added says how many values it came with, in one line.
    """
    changes: list[Change] = []
    subject = _as_subject(title)
    latest = _current_index(after)
    latest = len(after) - 1 if latest is None else latest
    for index, version in enumerate(after):
        under = f" (version {index + 1})" if index != latest else ""
        old_values = before[index].values if index < len(before) else None
        if old_values is None or old_values == version.values:
            if old_values is None and version.values:
                first, last = version.values[0], version.values[-1]
                count = len(version.values)
                phrase: Phrase = (
                    words(f"{count} measured value{'s' if count > 1 else ''}{under}, "),
                    words(f"{first.date.isoformat()} to {last.date.isoformat()}: "),
                    words("latest "),
                    new(show_value(last.value)),
                )
                changes.append(Change("values-added", phrase, "values", None, count, index))
            continue
        was = {v.date: v for v in old_values}
        now = {v.date: v for v in version.values}
        previous: float | None = None
        for value in version.values:
            prior = was.get(value.date)
            if prior is None:
                phrase = (
                    user(subject),
                    words(" measured "),
                    new(show_value(value.value)),
                    words(f" on {value.date.isoformat()}{under}"),
                )
                if previous is not None:
                    phrase += (words(" (was "), old(show_value(previous)), words(")"))
                if value.note:
                    phrase += (words(": "), user(value.note))
                data = {"date": value.date, "value": value.value}
                changes.append(
                    Change("value-recorded", phrase, "values", None, value.value, index, data)
                )
            elif prior != value:
                if prior.value != value.value:
                    phrase = (
                        user(subject),
                        words(f" on {value.date.isoformat()}{under} corrected from "),
                        old(show_value(prior.value)),
                        words(" to "),
                        new(show_value(value.value)),
                    )
                else:
                    phrase = (
                        user(subject),
                        words(f" on {value.date.isoformat()}{under}: note or source changed"),
                    )
                data = {"date": value.date}
                changes.append(
                    Change("value-edited", phrase, "values", prior.value, value.value, index, data)
                )
            previous = value.value
        for day, prior in was.items():
            if day not in now:
                phrase = (
                    user(subject),
                    words(f" value of {day.isoformat()}{under} removed (was "),
                    old(show_value(prior.value)),
                    words(")"),
                )
                data = {"date": day}
                changes.append(
                    Change("value-removed", phrase, "values", prior.value, None, index, data)
                )
    return changes


def _n(index: int | None) -> int:
    return 0 if index is None else index + 1


def _drop_label(phrase: Phrase, label: str) -> Phrase:
    """'definition changed from a to b' -> ' changed from a to b' (to prefix 'version 2 ...')."""
    if phrase and phrase[0].role == "plain" and phrase[0].text.startswith(label):
        return (words(phrase[0].text[len(label) :]), *phrase[1:])
    return phrase


_NO_META = WorkbookMeta(title="")
_EMPTY = Workbook(_NO_META)


def _entry_phrase(entry: NegotiationEntry) -> Phrase:
    kind = entry.kind.replace("-", " ")
    return (
        words(f"{entry.side} {kind}"),
        *_by_on(entry.author, entry.date),
        words(": "),
        user(entry.text),
    )


def _signature_phrase(signature: Signature) -> Phrase:
    """'signed off by leadership: Ann on 2026-03-01, on reorder-rate v1, target 40 %'."""
    if signature.action == "withdrawn":
        out: list[Segment] = [words(f"{signature.side} sign-off withdrawn")]
        out += _by_on(signature.name, signature.date)
    else:
        out = [words(f"signed off by {signature.side}: "), user(signature.name)]
        out += _by_on("", signature.date)
        terms = [f"target {show_value(signature.target, signature.unit)}"]
        if signature.metric:
            version = f" v{signature.metric_version}" if signature.metric_version else ""
            terms.insert(0, f"{signature.metric}{version}")
        if signature.deadline is not None:
            terms.append(f"by {signature.deadline.isoformat()}")
        out += [words(", on "), user(", ".join(terms))]
    if signature.note and signature.note != LEGACY_NOTE:
        out += [words(": "), user(signature.note)]
    return tuple(out)


def _signatures_changes(
    before: tuple[Signature, ...], after: tuple[Signature, ...], added: bool
) -> list[Change]:
    """Signatures are appended; a signature appended reads as 'signed', anything else as history."""
    if after[: len(before)] != before:
        return _record_list_changes(
            "signoff", "signoffs", "sign-off", before, after, _signature_phrase, added
        )
    changes: list[Change] = []
    for index in range(len(before), len(after)):
        signature = after[index]
        if signature.note == LEGACY_NOTE:
            phrase: Phrase = (
                words(f"{signature.side} sign-off now records the terms it was read as signing"),
            )
            type_ = "signoff-upgraded"
        else:
            phrase = _signature_phrase(signature)
            type_ = "signoff" if signature.action == "signed" else "signoff-withdrawn"
        data = {"side": signature.side}
        changes.append(
            Change(type_, phrase, "signoffs", None, encode_record(signature), index, data=data)
        )
    return changes


def _agreement_change_between(
    old_id: str, new_id: str, old_wb: Workbook, new_wb: Workbook
) -> Change | None:
    """'reopens the agreement signed by ...' when the terms moved from under the signatures."""
    before, after = old_wb.product_outcomes[old_id], new_wb.product_outcomes[new_id]
    was, now = agreement_of(old_wb, before), agreement_of(new_wb, after)
    if was.state == now.state:
        return None
    if was.is_agreed and now.state == "reopened":
        changed = "; ".join(c.text for c in now.changed_terms())
        phrase: Phrase = (
            words("reopens the agreement signed by "),
            user(was.signers()),
            words(f": {changed}; both sides must sign again"),
        )
        return Change("agreement-reopened", phrase, "signoffs", "agreed", "reopened")
    if now.is_agreed:
        phrase = (words("agreed: both sides signed these terms"),)
        return Change("agreement-reached", phrase, "signoffs", was.state, "agreed")
    if was.is_agreed:
        phrase = (words(f"the agreement no longer stands ({now.label})"),)
        return Change("agreement-ended", phrase, "signoffs", "agreed", now.state)
    return None


def _note_phrase(note: Note) -> Phrase:
    out: list[Segment] = [words(f"({note.kind})"), *_by_on(note.author, note.date)]
    out += [words(": "), user(note.text)]
    if note.url:
        out += [words(" "), user(note.url)]
    return tuple(out)


def _record_list_changes(
    name: str,
    field_name: str,
    noun: str,
    before: tuple[Any, ...],
    after: tuple[Any, ...],
    describe: Any,
    added_entity: bool,
) -> list[Change]:
    """Appended or inserted entries (the usual case), and edits or removals (history rewritten).

    Entries are matched as a sequence, so an entry merged in between two others
    reads as one addition, not as every later entry edited.
    """
    changes: list[Change] = []
    verb = "" if added_entity else " added"

    def add(index: int) -> None:
        changes.append(
            Change(
                f"{name}-added",
                (words(f"{noun}{verb}: "), *describe(after[index])),
                field_name,
                None,
                encode_record(after[index]),
                index,
            )
        )

    def remove(index: int) -> None:
        changes.append(
            Change(
                f"{name}-removed",
                (words(f"{noun} {index + 1} removed: "), *describe(before[index])),
                field_name,
                encode_record(before[index]),
                None,
                index,
            )
        )

    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            i, j = i1 + k, j1 + k
            changes.append(
                Change(
                    f"{name}-edited",
                    (words(f"{noun} {i + 1} edited: "), *describe(after[j])),
                    field_name,
                    encode_record(before[i]),
                    encode_record(after[j]),
                    j,
                    details=(("was", plain_text(describe(before[i]))),),
                )
            )
        for i in range(i1 + paired, i2):
            remove(i)
        for j in range(j1 + paired, j2):
            add(j)
    return changes


def _signoff_changes(before: SignOff, after: SignOff) -> list[Change]:
    changes: list[Change] = []
    for side in ("leadership", "team"):
        name_a, name_b = getattr(before, side), getattr(after, side)
        date_a, date_b = getattr(before, f"{side}_date"), getattr(after, f"{side}_date")
        if (name_a, date_a) == (name_b, date_b):
            continue
        data = {"side": side}
        values_a = {"name": name_a, "date": date_a}
        values_b = {"name": name_b, "date": date_b}
        if name_b and not name_a:
            phrase: Phrase = (words(f"signed off by {side}: "), user(name_b), *_by_on("", date_b))
            changes.append(Change("signoff", phrase, "signoff", values_a, values_b, data=data))
        elif name_a and not name_b:
            phrase = (words(f"{side} sign-off withdrawn (was "), old(name_a), words(")"))
            changes.append(
                Change("signoff-withdrawn", phrase, "signoff", values_a, values_b, data=data)
            )
        else:
            phrase = (
                words(f"{side} sign-off changed from "),
                old(f"{name_a} {show_value(date_a)}".strip()),
                words(" to "),
                new(f"{name_b} {show_value(date_b)}".strip()),
            )
            changes.append(Change("signoff", phrase, "signoff", values_a, values_b, data=data))
    return changes


def _upgraded_from(legacy: SignOff | None, after: ProductOutcome) -> bool:
    """The format 1 sign-off table went because `fmt` turned it into signatures."""
    return after.signoff.is_empty() and any(s.note == LEGACY_NOTE for s in after.signoffs)


def _self_check_changes(before: SelfCheck, after: SelfCheck) -> list[Change]:
    changes: list[Change] = []
    for spec in field_specs(SelfCheck):
        a, b = getattr(before, spec.name), getattr(after, spec.name)
        if a == b:
            continue
        if spec.name == "notes":
            inner = _scalar_change("", "notes", a, b, "", False, _EMPTY, _EMPTY)
            changes.append(
                dataclasses.replace(
                    inner,
                    type="self-check",
                    phrase=(words("self-check "), *inner.phrase),
                    field="notes",
                )
            )
            continue
        question = SELF_CHECK_QUESTIONS[spec.name]
        phrase: Phrase = (
            words(f'self-check "{question}" answered {b or "(no answer)"}'),
            words(f" (was {a or 'unanswered'})"),
        )
        changes.append(Change("self-check", phrase, spec.name, a, b))
    return changes


def _ice_change(before: Experiment | None, after: Experiment, mode: str) -> Change | None:
    parts = [(name, getattr(before, name, None), getattr(after, name)) for name in _ICE_FIELDS]
    if all(a == b for _, a, b in parts):
        return None
    mode_literal: Any = mode
    score_a = before.ice_score(mode_literal) if before is not None else None
    score_b = after.ice_score(mode_literal)
    pieces = []
    for name, a, b in parts:
        if before is None or a == b:
            pieces.append(f"{name} {show_value(b) or '-'}")
        else:
            pieces.append(f"{name} {show_value(a) or '-'} → {show_value(b) or '-'}")
    if before is None:
        head = f"ICE {show_value(score_b) or 'not scored'}"
    else:
        head = f"rescored: ICE {show_value(score_a) or 'not scored'} → "
        head += show_value(score_b) or "not scored"
    phrase: Phrase = (words(f"{head} ({', '.join(pieces)})"),)
    old_value = None
    if before is not None:
        old_value = {**{n: a for n, a, _ in parts}, "score": score_a}
    new_value = {**{n: b for n, _, b in parts}, "score": score_b}
    return Change("rescored", phrase, "ice", old_value, new_value, data={"mode": mode})


def _person_score_changes(
    before: tuple[PersonScore, ...], after: tuple[PersonScore, ...], mode: str
) -> list[Change]:
    """A room's scores by name: who scored, who rescored (before and after), who took it back."""
    mode_literal: Any = mode
    was = {s.by: s for s in before}
    now = {s.by: s for s in after}

    def said(score: PersonScore) -> str:
        parts = score.ice_parts()
        ice = "not scored" if parts is None else show_value(ice_of(parts, mode_literal))
        values = (show_value(getattr(score, n)) or "-" for n in _ICE_FIELDS)
        return (
            f"ICE {ice} ({', '.join(f'{n} {v}' for n, v in zip(_ICE_FIELDS, values, strict=True))})"
        )

    changes: list[Change] = []
    for name in [*now, *(n for n in was if n not in now)]:
        a, b = was.get(name), now.get(name)
        if a == b:
            continue
        if b is None:
            assert a is not None
            phrase: Phrase = (user(name), words(f" took back their score ({said(a)})"))
        elif a is None:
            phrase = (user(name), words(f" scored {said(b)}"))
        else:
            phrase = (user(name), words(f" rescored: {said(a)} → {said(b)}"))
        changes.append(
            Change(
                "scored-by",
                phrase,
                "scores",
                encode_record(a) if a else None,
                encode_record(b) if b else None,
                data={"by": name, "mode": mode},
            )
        )
    return changes


def _strings_changes(
    kind: str,
    name: str,
    before: tuple[str, ...],
    after: tuple[str, ...],
    wb_a: Workbook,
    wb_b: Workbook,
    added: bool,
) -> list[Change]:
    changes: list[Change] = []
    is_ref = name in REFERENCE_FIELDS.get(kind, {})
    if added:
        segments: list[Segment] = [words(f"{_label(name)}: ")]
        for position, value in enumerate(after):
            if position:
                segments.append(words(", "))
            segments += _ref(wb_b, value, "new") if is_ref else [new(value)]
        return [Change("field", tuple(segments), name, None, after)]
    verbs = {"drives": ("now drives ", "no longer drives ")}
    add_verb, remove_verb = verbs.get(
        name, (f"{_label(name)}: added ", f"{_label(name)}: removed ")
    )
    if name == "ignore":
        add_verb, remove_verb = "check ignored here: ", "check no longer ignored here: "
    change_types = ("ignore", "unignore") if name == "ignore" else ("link", "unlink")
    for value in after:
        if value not in before:
            segments = _ref(wb_b, value, "new") if is_ref else [new(value)]
            phrase: Phrase = (words(add_verb), *segments)
            changes.append(Change(change_types[0], phrase, name, None, value))
    for value in before:
        if value not in after:
            segments = _ref(wb_a, value, "old") if is_ref else [old(value)]
            phrase = (words(remove_verb), *segments)
            changes.append(Change(change_types[1], phrase, name, value, None))
    return changes


# --- one entity -------------------------------------------------------------------------------


def entity_changes(
    kind: str, before: Entity | None, after: Entity, old_wb: Workbook, new_wb: Workbook
) -> list[Change]:
    """The changes from `before` to `after` (or everything `after` holds, when it is new)."""
    added = before is None
    changes: list[Change] = []
    for spec in field_specs(cast(type, type(after))):
        name = spec.name
        if name == "id" or name in _ICE_FIELDS or (added and name == "title"):
            continue
        a = getattr(before, name) if before is not None else spec.default
        b = getattr(after, name)
        if a == b:
            continue
        if name == "status" and isinstance(after, ProductOutcome) and _upgraded_from(None, after):
            continue  # the signatures now claim the agreement (see _upgraded_from)
        if name == "versions":
            changes += _version_changes(a, b, added)
            changes += _values_changes(after.title, a, b)
        elif name == "negotiation":
            changes += _record_list_changes(
                "negotiation", "negotiation", "negotiation entry", a, b, _entry_phrase, added
            )
        elif name == "notes":
            changes += _record_list_changes("note", "notes", "note", a, b, _note_phrase, added)
        elif name == "signoff":
            if not (isinstance(after, ProductOutcome) and _upgraded_from(a, after)):
                changes += _signoff_changes(a, b)
        elif name == "signoffs":
            changes += _signatures_changes(a, b, added)
        elif name == "self_check":
            changes += _self_check_changes(a, b)
        elif name == "scores":
            changes += _person_score_changes(a, b, new_wb.meta.ice)
        elif spec.type == "strings":
            changes += _strings_changes(kind, name, a, b, old_wb, new_wb, added)
        else:
            unit = _unit_for(after, name)
            changes.append(_scalar_change(kind, name, a, b, unit, added, old_wb, new_wb))
    if isinstance(after, Experiment):
        ice = _ice_change(
            before if isinstance(before, Experiment) else None, after, new_wb.meta.ice
        )
        if ice is not None:
            changes.append(ice)
    return changes


def _guardrail_change(g: Guardrail, wb: Workbook, attached: bool) -> Change:
    verb = "guardrail attached: " if attached else "guardrail detached: "
    phrase: Phrase = (
        words(verb),
        *_ref(wb, g.metric, "new" if attached else "old"),
        words(f" {g.describe_rule()}"),
    )
    data = {"guardrail": g.id, "metric": g.metric, "rule": g.rule, "value": g.value, "why": g.why}
    details = (("why", g.why),) if g.why else ()
    return Change(
        "guardrail-attached" if attached else "guardrail-detached",
        phrase,
        "guardrails",
        None if attached else g.id,
        g.id if attached else None,
        data=data,
        details=details,
    )


# --- workbook metadata ------------------------------------------------------------------------


def _meta_changes(
    before: WorkbookMeta,
    after: WorkbookMeta,
    explained: set[str],
    old_wb: Workbook,
    new_wb: Workbook,
) -> list[Change]:
    changes: list[Change] = []
    for spec in field_specs(WorkbookMeta):
        a, b = getattr(before, spec.name), getattr(after, spec.name)
        if a == b:
            continue
        if spec.name == "retired":
            for value in b:
                if value not in a and value not in explained:
                    changes.append(
                        Change(
                            "retired", (words("id retired: "), ident(value)), "retired", None, value
                        )
                    )
        elif spec.name == "checks":
            changes += _checks_changes(a, b)
        elif spec.name == "ice":
            phrase: Phrase = (
                words(
                    f"ICE scores are now the {'mean' if b == 'mean' else 'product'} of the parts"
                ),
                words(f" (were the {a})"),
            )
            changes.append(Change("field", phrase, "ice", a, b))
        elif spec.name == "north_star":
            changes.append(
                _scalar_change("workbook", "north_star", a, b, "", False, old_wb, new_wb)
            )
        else:
            changes.append(_scalar_change("workbook", spec.name, a, b, "", False, old_wb, new_wb))
    return changes


def _checks_changes(before: CheckSettings, after: CheckSettings) -> list[Change]:
    changes: list[Change] = []
    for code in after.disable:
        if code not in before.disable:
            phrase: Phrase = (words("check turned off: "), ident(code))
            changes.append(Change("field", phrase, "checks.disable", None, code))
    for code in before.disable:
        if code not in after.disable:
            phrase = (words("check turned back on: "), ident(code))
            changes.append(Change("field", phrase, "checks.disable", code, None))
    for code in sorted(set(before.severity) | set(after.severity)):
        a, b = before.severity.get(code), after.severity.get(code)
        if a != b:
            phrase = (words("severity of check "), ident(code), words(" now "), new(b or "default"))
            changes.append(Change("field", phrase, f"checks.severity.{code}", a, b))
    return changes


# --- the whole workbook -----------------------------------------------------------------------


def diff_workbooks(old_wb: Workbook, new_wb: Workbook) -> WorkbookDiff:
    """Every change from `old_wb` to `new_wb`, grouped by entity in canonical order."""
    renames = detect_renames(old_wb, new_wb)
    renamed_to = {v: k for k, v in renames.items()}
    found: dict[tuple[str, str], EntityDiff] = {}
    attach: list[tuple[str, Change]] = []  # (outcome id in the new workbook, change)
    detach: list[tuple[str, Change]] = []
    for kind in KINDS:
        before_section, after_section = old_wb.section(kind), new_wb.section(kind)
        for entity_id in after_section:
            after = after_section[entity_id]
            before = before_section.get(entity_id)
            if before is not None:
                if before is after:
                    continue
                mapped = remap_entity(kind, before, renames)
                if mapped == after:
                    continue
                changes = entity_changes(kind, mapped, after, old_wb, new_wb)
                if changes:
                    found[(kind, entity_id)] = EntityDiff(
                        kind, entity_id, after.title, "changed", changes=tuple(changes)
                    )
            elif entity_id in renamed_to:
                origin = renamed_to[entity_id]
                mapped = remap_entity(kind, before_section[origin], renames)
                changes = entity_changes(kind, mapped, after, old_wb, new_wb)
                found[(kind, entity_id)] = EntityDiff(
                    kind, entity_id, after.title, "renamed", origin, tuple(changes)
                )
            elif (
                isinstance(after, Guardrail) and new_wb.kind_of(after.outcome) == "product_outcome"
            ):
                attach.append((after.outcome, _guardrail_change(after, new_wb, True)))
            else:
                changes = entity_changes(kind, None, after, old_wb, new_wb)
                found[(kind, entity_id)] = EntityDiff(
                    kind, entity_id, after.title, "added", changes=tuple(changes)
                )
        for entity_id in before_section:
            if entity_id in after_section or entity_id in renames:
                continue
            before = before_section[entity_id]
            if (
                isinstance(before, Guardrail)
                and old_wb.kind_of(before.outcome) == "product_outcome"
            ):
                detach.append((before.outcome, _guardrail_change(before, old_wb, False)))
                continue
            found[(kind, entity_id)] = EntityDiff(kind, entity_id, before.title, "removed")
    for outcome_id, change in attach:
        _add_change(found, new_wb, outcome_id, change)
    for outcome_id, change in detach:
        new_id = renames.get(outcome_id, outcome_id)
        key = ("product_outcome", new_id)
        if key not in found and ("product_outcome", outcome_id) in found:
            key = ("product_outcome", outcome_id)
        _add_change(found, new_wb if key[1] == new_id else old_wb, key[1], change)
    for outcome_id in sorted(_touched_outcomes(found, attach, detach, renames, new_wb)):
        origin = renamed_to.get(outcome_id, outcome_id)
        if origin not in old_wb.product_outcomes or outcome_id not in new_wb.product_outcomes:
            continue
        agreement = _agreement_change_between(origin, outcome_id, old_wb, new_wb)
        if agreement is not None:
            _add_change(found, new_wb, outcome_id, agreement)
    explained = set(renames) | {
        entity_id for (_, entity_id), e in found.items() if e.status == "removed"
    }
    explained |= {str(c.old) for _, c in detach if isinstance(c.old, str)}
    meta = _meta_changes(old_wb.meta, new_wb.meta, explained, old_wb, new_wb)
    ordered = sorted(found.values(), key=lambda e: (KINDS.index(e.kind), e.id))
    return WorkbookDiff(
        tuple(meta), tuple(ordered), dict(renames), old_wb.meta.title, new_wb.meta.title
    )


def _touched_outcomes(
    found: Mapping[tuple[str, str], EntityDiff],
    attach: list[tuple[str, Change]],
    detach: list[tuple[str, Change]],
    renames: Mapping[str, str],
    new_wb: Workbook,
) -> set[str]:
    """The outcomes whose terms a change can reach: their own, their metric's, their guardrails'."""
    touched = {outcome for outcome, _ in attach}
    touched |= {renames.get(outcome, outcome) for outcome, _ in detach}
    for kind, entity_id in found:
        if kind == "product_outcome":
            touched.add(entity_id)
        elif kind == "metric":
            outcomes = new_wb.mentioning("product_outcome", entity_id)
            touched |= {
                o.id for o in outcomes if isinstance(o, ProductOutcome) and o.metric == entity_id
            }
        elif kind == "guardrail" and (g := new_wb.guardrails.get(entity_id)) is not None:
            touched.add(g.outcome)
    return touched


def _add_change(
    found: dict[tuple[str, str], EntityDiff], wb: Workbook, outcome_id: str, change: Change
) -> None:
    key = ("product_outcome", outcome_id)
    existing = found.get(key)
    if existing is None:
        entity = wb.find(outcome_id)
        title = entity.title if entity is not None else outcome_id
        found[key] = EntityDiff("product_outcome", outcome_id, title, "changed", changes=(change,))
    else:
        found[key] = dataclasses.replace(existing, changes=(*existing.changes, change))
