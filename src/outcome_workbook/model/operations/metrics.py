"""Metrics: a new metric, its versions (definitions over time) and its measured values."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import cast

from ..entities import (
    MeasuredValue,
    Metric,
    MetricKind,
    MetricVersion,
    VersionStatus,
)
from ..errors import WorkbookError
from ..fields import coerce, spec_map
from ..measures import check_measured, format_number, unit_of
from ..workbook import Workbook
from .basics import create
from .support import _coerce_fields, _record_index, _with_entities


def add_metric(
    wb: Workbook,
    title: str,
    definition: str,
    kind: str = "other",
    rationale: str = "",
    when: date | None = None,
    author: str = "",
    entity_id: str | None = None,
) -> tuple[Workbook, str]:
    """A new metric with its first version, current from the start."""
    version = MetricVersion(
        definition=definition,
        kind=cast(MetricKind, kind),
        status="current",
        date=when,
        author=author,
        rationale=rationale,
    )
    _check_version(version)
    return create(wb, "metric", title, entity_id, versions=(version,))


def _check_version(version: MetricVersion) -> None:
    if not version.definition.strip():
        raise WorkbookError("a metric version needs a definition")
    coerce(spec_map(MetricVersion)["kind"], version.kind, "kind")


def add_metric_version(
    wb: Workbook,
    metric_id: str,
    definition: str,
    kind: str,
    rationale: str,
    when: date | None = None,
    author: str = "",
    make_current: bool = True,
    title: str = "",
) -> Workbook:
    """Append a version; when it becomes current, the old current one is superseded.

    Earlier versions are never edited except for that status change: the list
    is the record of what the team learned. A version may rename the metric
    (`title`): the metric takes the title when the version becomes current.
    """
    metric = wb.get_typed(metric_id, Metric)
    if metric.versions and not rationale.strip():
        raise WorkbookError("say why the metric changed: a new version needs a rationale")
    status = "current" if make_current else "proposed"
    new_title = title.strip()
    version = MetricVersion(
        title=new_title if new_title and new_title != metric.title else "",
        definition=definition,
        kind=cast(MetricKind, kind),
        status=cast(VersionStatus, status),
        date=when,
        author=author,
        rationale=rationale,
    )
    _check_version(version)
    versions = list(metric.versions)
    if make_current:
        versions = [
            dataclasses.replace(v, status="superseded") if v.status == "current" else v
            for v in versions
        ]
    versions.append(version)
    return _with_entities(wb, changed=[_titled(metric, tuple(versions))])


def _titled(metric: Metric, versions: tuple[MetricVersion, ...]) -> Metric:
    """The metric with these versions, named as its current version names it."""
    changed = dataclasses.replace(metric, versions=versions)
    current = changed.current()
    if current is not None and current.title:
        changed = dataclasses.replace(changed, title=current.title)
    return changed


def make_version_current(wb: Workbook, metric_id: str, index: int) -> Workbook:
    """Adopt a proposed version (by 0-based position): the current one is superseded."""
    metric = wb.get_typed(metric_id, Metric)
    if not 0 <= index < len(metric.versions):
        raise WorkbookError(f"metric {metric_id!r} has no version {index + 1}")
    if metric.versions[index].status == "superseded":
        raise WorkbookError("a superseded version stays superseded; add a new version instead")
    versions = tuple(
        dataclasses.replace(v, status="current")
        if i == index
        else dataclasses.replace(v, status="superseded")
        if v.status == "current"
        else v
        for i, v in enumerate(metric.versions)
    )
    return _with_entities(wb, changed=[_titled(metric, versions)])


class DuplicateValueError(WorkbookError):
    """The version already holds a value for that date; `existing` is that value."""

    def __init__(self, message: str, existing: MeasuredValue) -> None:
        super().__init__(message)
        self.existing = existing


def record_value(
    wb: Workbook,
    metric_id: str,
    when: date,
    value: float,
    note: str = "",
    source: str = "",
    version: int | None = None,
) -> Workbook:
    """Record what the metric measured on a day, under a version (default: current, else newest).

    Values stay in date order, one per date: a second value for the same date
    raises DuplicateValueError (reported, never duplicated). The value must fit the
    unit of the outcome the metric measures and the version's kind.
    """
    # (the section first: the id index of a workbook is built on first use, and an import
    # records a value into a new workbook a thousand times)
    found = wb.metrics.get(metric_id)
    metric = found if found is not None else wb.get_typed(metric_id, Metric)
    if not metric.versions:
        raise WorkbookError(
            f"metric {metric_id!r} has no definition yet; add a version before recording values"
        )
    if version is None:
        latest = metric.latest()
        assert latest is not None
        index = metric.versions.index(latest)
    else:
        _record_index(metric.versions, version, "version", metric_id)
        index = version
    target = metric.versions[index]
    fields = _coerce_fields(
        MeasuredValue,
        {"date": when, "value": value, "note": note, "source": source},
        f"{metric_id} value",
    )
    check_measured(fields["value"], unit_of(wb, metric_id), target.kind, f"{metric_id} value")
    for existing in target.values:
        if existing.date == when:
            raise DuplicateValueError(
                f"{metric_id} already has a value for {when}: {format_number(existing.value)}",
                existing,
            )
    measured = MeasuredValue(**fields)
    values = sorted((*target.values, measured), key=lambda v: v.date)
    versions = list(metric.versions)
    versions[index] = dataclasses.replace(target, values=tuple(values))
    return _with_entities(wb, changed=[dataclasses.replace(metric, versions=tuple(versions))])
