"""Measured values at scale: importing 1,000 values into a generated workbook, then opening it.

Usage: python -m benchmarks.values_speed [--n 1000] [--values 1000] [--repeats 3]

`measure(n, values)` generates the N-outcome benchmark workbook, writes a CSV of
`values` rows (weekly values spread over the outcomes' metrics) and times, each
on a fresh copy:

- `record_csv_s`: what `outcomes record FILE --csv PATH` does in process
  (open, read the CSV, record every row, save once);
- `record_one_s`: recording one more value into the opened file that already
  holds those values and saving it (the suite's `save_one_edit_s`, target
  <= 0.3 s), and the lines that save changed; `open_for_writing_s` is the open
  that `outcomes record` adds;
- `load_with_values_s`: `store.parse` of the file holding the values, beside
  `floor_tomllib_s`, tomllib on the same bytes (target: load <= 3 x floor, the
  suite's target for every file).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from outcome_workbook.commands.record import read_csv, record_rows
from outcome_workbook.model import operations as op
from outcome_workbook.store import WorkbookFile, parse

from .core import changed_lines
from .generate import generate
from .timing import repeat

LOAD_FLOOR_FACTOR = 3.0
START = date(2024, 1, 1)


def write_csv(workbook_path: Path, path: Path, count: int) -> Path:
    """`count` rows: one weekly value per metric in turn, all before today."""
    wb = parse(workbook_path.read_bytes(), str(workbook_path)).workbook
    metrics = sorted(o.metric for o in wb.product_outcomes.values() if o.metric)
    rows = ["metric,date,value,note"]
    for i in range(count):
        metric = metrics[i % len(metrics)]
        week = i // len(metrics)
        rows.append(f"{metric},{START + timedelta(weeks=week)},{10 + (i % 37) * 0.5},")
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


def _record_csv(path: Path, csv: Path) -> None:
    opened = WorkbookFile.open(path)
    workbook, recorded, _ = record_rows(opened.workbook, read_csv(str(csv)))
    assert recorded
    opened.save(workbook)


def measure(
    n: int = 1000, values: int = 1000, repeats: int = 3, generated: Path | None = None
) -> dict[str, Any]:
    """`generated`: the N-outcome workbook already generated (seed 1), to start from a copy
    of it (generating N=10,000 takes minutes)."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "base.toml"
        if generated is None:
            generate(n, base)
        else:
            shutil.copyfile(generated, base)
        csv = write_csv(base, Path(folder) / "values.csv", values)
        work = Path(folder) / "work.toml"

        def fresh() -> None:
            shutil.copyfile(base, work)

        record_csv = repeat(lambda: _record_csv(work, csv), repeats, setup=fresh)
        with_values = Path(folder) / "with-values.toml"
        fresh()
        _record_csv(work, csv)
        shutil.copyfile(work, with_values)
        data = with_values.read_bytes()
        load = repeat(lambda: parse(data, str(with_values)), repeats)
        floor = repeat(lambda: tomllib.loads(data.decode("utf-8")), repeats)
        metric = csv.read_text("utf-8").splitlines()[1].split(",")[0]  # one that has values

        held: list[WorkbookFile] = []

        def open_with_values() -> None:
            shutil.copyfile(with_values, work)
            held[:] = [WorkbookFile.open(work)]
            held[0].prepare_for_writing()  # as the workbench does after opening

        def record_one() -> None:
            opened = held[0]
            opened.save(op.record_value(opened.workbook, metric, date(2026, 11, 30), 12.5))

        one = repeat(record_one, repeats, setup=open_with_values)
        opened_once = repeat(lambda: WorkbookFile.open(with_values), repeats)
        # The common head and tail are skipped before difflib compares the rest: a whole
        # diff of two 52 MB texts (N=10,000) ran for many minutes.
        changed = changed_lines(data, work.read_bytes())
    return {
        "n": n,
        "values": values,
        "file_bytes": len(data),
        "record_csv_s": record_csv.median,
        "record_csv_cpu_s": statistics.median(record_csv.cpu),
        "record_one_s": one.median,
        "open_for_writing_s": opened_once.median,
        "record_one_changed_lines": changed,
        "load_with_values_s": load.median,
        "floor_tomllib_s": floor.median,
        "load_x_floor": load.median / floor.median,
        "load_target": f"<= {LOAD_FLOOR_FACTOR:g} x floor_tomllib_s",
        "load_pass": load.median <= LOAD_FLOOR_FACTOR * floor.median,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--values", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.n, args.values, args.repeats), indent=2))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
