"""Speed of the semantic diff and the three-way merge on large workbooks.

    python -m benchmarks.diff_speed [--n 1000] [--repeats 5]

`measure(path_a, path_b, path_base)` times, on files already on disk:
- diff_s: what `outcomes diff A B` does: read both files, diff, render the text
  (`diff.quick.diff_report`: the files are cut into tables and only the tables whose text
  differs are decoded, and looked at for comments and unknown keys);
- merge_s: what the merge driver does (`merge_texts`): cut the three versions into tables,
  decode and merge the tables that differ, write the result onto A's text and read back
  the tables it rewrote;
- merge_conflict_s: the same merge with one conflict added (both sides retitle the
  workbook), which takes the same path.
Each with its CPU seconds (`*_cpu_s`), beside `floor_tomllib_s` (tomllib reading A, the
floor for anything that parses one version in full) measured in the same run.
Target at 1,000 product outcomes: both under 0.5 s.

Without files, the command line builds a workbook of N outcomes (with the suite's
generator when it is there, else through the model operations here) and two people's
edits of it: each side retitles outcomes, appends negotiation entries, adds a metric
version and a new outcome, the kind of concurrent session the merge exists for.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import tomllib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from outcome_workbook.diff.quick import diff_report
from outcome_workbook.diff.render import diff_lines, lines_to_text
from outcome_workbook.diff.semantic import diff_workbooks
from outcome_workbook.merge.files import merge_texts
from outcome_workbook.model import Workbook
from outcome_workbook.model import operations as op
from outcome_workbook.store import WorkbookFile, parse, read_bytes

TARGETS = {"diff_s": 0.5, "merge_s": 0.5, "merge_conflict_s": 0.5}


def _median_time(action: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    return _median_times(action, repeats)[:2]


def _median_times(action: Callable[[], object], repeats: int) -> tuple[float, list[float], float]:
    """Median wall seconds, every run's wall seconds, and median CPU seconds."""
    times, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(times), times, statistics.median(cpu)


def measure(
    path_a: Path | str, path_b: Path | str, path_base: Path | str, repeats: int = 5
) -> dict[str, Any]:
    """Median seconds for a diff of A and B, and a merge of A and B over the base."""
    a, b, base = Path(path_a), Path(path_b), Path(path_base)

    def diff() -> str:
        diff, text = diff_report(read_bytes(a), read_bytes(b), str(a), str(b))
        return lines_to_text(diff_lines(diff, "", text))

    def merge() -> bytes:
        return merge_texts(read_bytes(base), read_bytes(a), read_bytes(b), str(a)).data

    def floor() -> object:
        return tomllib.loads(read_bytes(a).decode("utf-8"))

    # The same merge where both sides also set one field differently: one conflict.
    clash_a = _retitled(read_bytes(a), "Ours: ")
    clash_b = _retitled(read_bytes(b), "Theirs: ")

    def merge_conflict() -> bytes:
        return merge_texts(read_bytes(base), clash_a, clash_b, str(a)).data

    diff_s, diff_runs, diff_cpu_s = _median_times(diff, repeats)
    merge_s, merge_runs, merge_cpu_s = _median_times(merge, repeats)
    conflict_s, _, conflict_cpu_s = _median_times(merge_conflict, repeats)
    floor_s, _, floor_cpu_s = _median_times(floor, repeats)
    conflicted = merge_texts(read_bytes(base), clash_a, clash_b, str(a))
    old = parse(read_bytes(a), str(a)).workbook
    new = parse(read_bytes(b), str(b)).workbook
    diff_only_s, _ = _median_time(lambda: diff_workbooks(old, new), repeats)
    result = merge_texts(read_bytes(base), read_bytes(a), read_bytes(b), str(a))
    return {
        "diff_s": diff_s,
        "merge_s": merge_s,
        "diff_cpu_s": diff_cpu_s,
        "merge_cpu_s": merge_cpu_s,
        "merge_conflict_s": conflict_s,
        "merge_conflict_cpu_s": conflict_cpu_s,
        "merge_conflict_conflicts": len(conflicted.conflicts),
        "floor_tomllib_s": floor_s,
        "floor_tomllib_cpu_s": floor_cpu_s,
        "diff_only_s": diff_only_s,
        "diff_runs": diff_runs,
        "merge_runs": merge_runs,
        "changed_entities": len(diff_workbooks(old, new).entities),
        "merge_conflicts": len(result.conflicts),
        "file_bytes": a.stat().st_size,
    }


def _retitled(data: bytes, prefix: str) -> bytes:
    """`data` with the workbook's title prefixed (one field both sides then change)."""
    text = data.decode("utf-8")
    at = text.index('title = "', text.index("[workbook]")) + len('title = "')
    return (text[:at] + prefix + text[at:]).encode("utf-8")


def measure_diff(base: Path, ours: Path, theirs: Path, repeats: int = 5) -> dict[str, Any]:
    """The suite's entry point (it passes base/ours/theirs by name): the same figures."""
    return measure(ours, theirs, base, repeats)


measure_merge = measure_diff


# --- inputs when none are given -----------------------------------------------------------


def synthetic_workbook(n: int) -> Workbook:
    """N product outcomes, each with a metric of three versions, a guardrail, a negotiation
    and a small opportunity tree (about 10 entities per outcome)."""
    wb = op.new_workbook(f"Benchmark workbook ({n} outcomes)", team="Bench")
    wb, star = op.create(wb, "north_star", "Weekly active teams", "weekly-active-teams")
    wb, csat = op.add_metric(wb, "CSAT", "Satisfaction survey", "sentiment", entity_id="csat")
    day = date(2025, 1, 1)
    business = ""
    for i in range(n):
        if i % 10 == 0:
            wb, business = op.create(
                wb, "business_outcome", f"Business result {i // 10}", north_star=star
            )
        wb, metric = op.add_metric(
            wb,
            f"Metric {i}",
            f"Share of users doing thing {i} in 30 days",
            "behaviour",
            "first guess",
            day,
            "Ann",
            f"metric-{i}",
        )
        for v in (2, 3):
            wb = op.add_metric_version(
                wb,
                metric,
                f"Users doing thing {i} within {30 // v} days",
                "behaviour",
                f"version {v}: a faster signal",
                day + timedelta(days=v),
                "Bo",
            )
        wb, outcome = op.create(
            wb,
            "product_outcome",
            f"Users do thing {i}",
            f"outcome-{i}",
            drives=(business,),
            metric=metric,
            description=f"People who do thing {i} keep using the product.",
        )
        wb = op.set_goal(
            wb,
            outcome,
            stage="performance",
            baseline=10 + i % 50,
            target=20 + i % 50,
            deadline=day + timedelta(days=200),
            unit="%",
        )
        wb = op.add_negotiation_entry(wb, outcome, "leadership", "context", "Why it matters", day)
        wb = op.add_negotiation_entry(wb, outcome, "team", "proposal", "What we can move", day)
        wb, _ = op.attach_guardrail(wb, outcome, csat, "not-below", 4.0, "keep trust")
        wb, opportunity = op.create(wb, "opportunity", f"Need {i}", f"need-{i}", outcome=outcome)
        wb, solution = op.create(wb, "solution", f"Idea {i}", f"idea-{i}", opportunity=opportunity)
        wb, _ = op.create(
            wb,
            "experiment",
            f"Test {i}",
            f"test-{i}",
            solution=solution,
            impact=1 + i % 10,
            confidence=5,
            ease=7,
        )
    return wb


def two_sides(path: Path, folder: Path) -> tuple[Path, Path]:
    """Ours and theirs: two people's concurrent edits of the workbook at `path`."""
    made = []
    for side, step, offset in (("ours", 3, 0), ("theirs", 3, 1)):
        opened = WorkbookFile.open(path)
        wb = opened.workbook
        outcomes = sorted(wb.product_outcomes)
        for number, outcome_id in enumerate(outcomes[offset::step][:20]):
            wb = op.set_field(wb, outcome_id, "title", f"{side} edit {number}")
            wb = op.add_negotiation_entry(wb, outcome_id, "team", "insight", f"{side} note")
        metric = sorted(wb.metrics)[offset]
        wb = op.add_metric_version(wb, metric, f"{side} definition", "behaviour", f"{side} why")
        wb, _ = op.create(wb, "product_outcome", f"{side} new outcome")
        target = folder / f"{side}.toml"
        target.write_bytes(opened.render(wb))
        made.append(target)
    return made[0], made[1]


def _base_file(n: int, folder: Path) -> Path:
    path = folder / f"workbook-{n}.toml"
    try:
        from benchmarks.generate import generate  # the suite's generator, when present
    except ImportError:
        WorkbookFile.create(path, synthetic_workbook(n))
    else:
        generate(n, path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000], help="outcomes per workbook")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for n in args.n:
            base = _base_file(n, folder)
            ours, theirs = two_sides(base, folder)
            figures = measure(ours, theirs, base, args.repeats)
            verdict = {k: figures[k] <= limit for k, limit in TARGETS.items()}
            short = {k: v for k, v in figures.items() if not k.endswith("_runs")}
            print(json.dumps({"n": n, **short, "within_target": verdict}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
