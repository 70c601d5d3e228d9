"""`outcomes record FILE METRIC VALUE` / `outcomes record FILE --csv PATH`: measured values.

An import is all or nothing: every bad row is reported as `PATH:LINE: message`
and nothing is written. A value already recorded for that date is reported and
not recorded again (the same value is skipped; a different one is an error).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass
from datetime import date

from ..exit_codes import EXIT_BAD_INPUT, EXIT_OK
from ..model import operations as op
from ..model.entities import Metric
from ..model.errors import WorkbookError
from ..model.measures import format_number, latest_value, parse_measured, unit_of
from ..model.workbook import Workbook
from ..safety import one_line
from ..store import WorkbookFile
from .common import Located, print_problems, read_text, refuse_invalid, written

COLUMNS = ("metric", "date", "value", "note", "source")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the workbook to record into")
    parser.add_argument("metric", nargs="?", metavar="METRIC", help="the metric's id")
    parser.add_argument("value", nargs="?", metavar="VALUE", help="what it measured, e.g. 23")
    parser.add_argument("--date", metavar="D", help="when it was measured, YYYY-MM-DD (today)")
    parser.add_argument("--note", default="", metavar="T", help="what happened, in a few words")
    parser.add_argument("--source", default="", metavar="S", help="where the number came from")
    parser.add_argument(
        "--csv",
        metavar="PATH",
        help="import values from a CSV file with columns metric,date,value[,note[,source]]",
    )


@dataclass(frozen=True)
class Row:
    where: str  # PATH:LINE, or the workbook's name for a single value
    metric: str
    when: str
    value: str
    note: str = ""
    source: str = ""


# The import is refused, all of it: the located lines say why.
Refused = Located


def run(args: argparse.Namespace) -> int:
    name = one_line(args.file)
    if args.csv is not None and (args.metric is not None or args.value is not None):
        print("outcomes record: give METRIC VALUE or --csv PATH, not both", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.csv is None and (args.metric is None or args.value is None):
        print("outcomes record: give METRIC VALUE (or --csv PATH)", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        opened = WorkbookFile.open(args.file)
    except WorkbookError as error:
        print_problems(error.problems)
        return EXIT_BAD_INPUT
    if opened.read_only:
        print(f"{name}: read-only here: {opened.read_only_reason}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if refuse_invalid(opened, "nothing was recorded"):
        return EXIT_BAD_INPUT
    try:
        if args.csv is not None:
            rows = read_csv(args.csv)
        else:
            when = args.date if args.date is not None else date.today().isoformat()
            rows = [Row(name, args.metric, when, args.value, args.note, args.source)]
        workbook, recorded, skipped = record_rows(opened.workbook, rows)
    except Refused as refused:
        for line in refused.lines:
            print(line, file=sys.stderr)
        print(f"{name}: nothing was recorded", file=sys.stderr)
        return EXIT_BAD_INPUT
    for line in skipped:
        print(line, file=sys.stderr)
    if recorded and not written(name, lambda: opened.save(workbook)):
        return EXIT_BAD_INPUT
    if args.csv is None:
        for line in recorded:
            print(line)
    else:
        metrics = len({row.metric for row in rows})
        print(
            f"recorded {len(recorded)} value{'s' if len(recorded) != 1 else ''} in {name}"
            + (f" ({metrics} metrics)" if metrics > 1 else "")
            + (f"; {len(skipped)} already recorded" if skipped else "")
        )
    return EXIT_OK


def read_csv(path: str) -> list[Row]:
    shown = one_line(path)
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    problems: list[str] = []
    columns: tuple[str, ...] = COLUMNS[:4]
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if not rows and not problems and cells[0].lower() == "metric":
                header = tuple(cell.lower() for cell in cells)
                unknown = [c for c in header if c not in COLUMNS]
                missing = [c for c in ("metric", "date", "value") if c not in header]
                if unknown or missing:
                    what = (
                        f"unknown column {unknown[0]!r}" if unknown else f"no {missing[0]!r} column"
                    )
                    raise Refused(
                        [f"{shown}:{line}: {one_line(what)}; columns are {', '.join(COLUMNS)}"]
                    )
                columns = header
                continue
            if len(cells) < 3 or len(cells) > len(columns):
                problems.append(
                    f"{shown}:{line}: expected {', '.join(columns[:3])}"
                    f"{'[,' + ','.join(columns[3:]) + ']' if len(columns) > 3 else ''}, "
                    f"got {len(cells)} column{'s' if len(cells) != 1 else ''}"
                )
                continue
            named = dict(zip(columns, cells, strict=False))
            rows.append(
                Row(
                    f"{shown}:{line}",
                    named.get("metric", ""),
                    named.get("date", ""),
                    named.get("value", ""),
                    named.get("note", ""),
                    named.get("source", ""),
                )
            )
    except csv.Error as error:
        problems.append(f"{shown}:{reader.line_num}: {one_line(str(error))}")
    if problems:
        raise Refused(problems)
    if not rows:
        raise Refused([f"{shown}: no values to record"])
    return rows


def record_rows(wb: Workbook, rows: list[Row]) -> tuple[Workbook, list[str], list[str]]:
    """Record every row, or raise Refused listing every bad one."""
    problems: list[str] = []
    recorded: list[str] = []
    skipped: list[str] = []
    today = date.today()
    for row in rows:
        try:
            metric = _metric(wb, row.metric)
            when = _date(row.when, today)
            version = metric.latest()
            kind = version.kind if version else "other"
            value = parse_measured(row.value, unit_of(wb, metric.id), kind, "value")
            before = latest_value(wb, metric.id)
            wb = op.record_value(wb, metric.id, when, value, row.note, row.source)
        except op.DuplicateValueError as duplicate:
            existing = format_number(duplicate.existing.value)
            if duplicate.existing.value == value:
                skipped.append(
                    f"{row.where}: {metric.id} {when}: {existing} is already recorded; "
                    "not recorded again"
                )
            else:
                problems.append(
                    f"{row.where}: {metric.id} already has {existing} for {when}, this says "
                    f"{format_number(value)}; correct the file by hand if the old value is wrong"
                )
            continue
        except WorkbookError as error:
            problems.append(f"{row.where}: {one_line(error.message)}")
            continue
        was = f" (was {format_number(before.value)})" if before and before.date < when else ""
        recorded.append(f"{one_line(metric.title)} measured {format_number(value)} on {when}{was}")
    if problems:
        raise Refused(problems)
    return wb, recorded, skipped


def _metric(wb: Workbook, metric_id: str) -> Metric:
    if not metric_id:
        raise WorkbookError("no metric given (the metric column holds a metric id)")
    metric = wb.metrics.get(metric_id)
    if metric is None:
        kind = wb.kind_of(metric_id)
        if kind is not None:
            raise WorkbookError(f"{metric_id!r} is not a metric")
        known = ", ".join(sorted(wb.metrics)[:8]) or "none yet"
        raise WorkbookError(f"no metric with id {metric_id!r} (metrics: {known})")
    return metric


def _date(text: str, today: date) -> date:
    try:
        when = date.fromisoformat(text)
        if len(text) != 10:
            raise ValueError
    except ValueError:
        raise WorkbookError(f"date: expected YYYY-MM-DD, got {text!r}") from None
    if when > today:
        raise WorkbookError(f"date: {when} is in the future; record a value once it is measured")
    return when
