"""How long the coaching checks take on a workbook (rule time, parse excluded).

Usage: python -m benchmarks.check_speed PATH [--repeats N] [--process]

`measure(path)` is what the benchmark suite calls: it parses the file once,
warms up (the first run imports the rule modules), then times `run_checks`
`repeats` times and reports the median as `check_s`, with the slowest rules.
`measure_process(path)` times the whole `outcomes check PATH` process.
Targets (docs/performance.md): a 1,000-outcome workbook under 0.3 s of
check time; the whole process on a sample under 0.4 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from outcome_workbook.checks import all_rules, run_checks
from outcome_workbook.checks.registry import CheckContext
from outcome_workbook.store import parse

CHECK_TARGET_S = 0.3
PROCESS_TARGET_S = 0.4


def measure(path: str | Path, repeats: int = 5) -> dict[str, Any]:
    """Median rule time over `repeats` runs, plus the parse time and the three slowest rules."""
    path = Path(path)
    data = path.read_bytes()
    start = time.perf_counter()
    loaded = parse(data, str(path), allow_newer=True)
    parse_s = time.perf_counter() - start
    findings = run_checks(loaded.workbook, loaded.locations, str(path), loaded.text)  # warm-up
    runs, cpu = [], []
    for _ in range(max(1, repeats)):
        start, start_cpu = time.perf_counter(), time.process_time()
        run_checks(loaded.workbook, loaded.locations, str(path), loaded.text)
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    context = CheckContext(loaded.workbook, loaded.locations, str(path), loaded.text)
    per_rule = []
    for rule in all_rules():
        start = time.perf_counter()
        for _ in rule.func(context.for_rule(rule)):
            pass
        per_rule.append((time.perf_counter() - start, rule.code, rule.name))
    per_rule.sort(reverse=True)
    return {
        "file": str(path),
        "entities": len(loaded.workbook),
        "product_outcomes": len(loaded.workbook.product_outcomes),
        "findings": len(findings),
        "parse_s": parse_s,
        "check_s": statistics.median(runs),
        "check_runs_s": runs,
        "check_cpu_s": statistics.median(cpu),  # what the machine's load does not inflate
        "slowest_rules": [
            {"code": code, "rule": name, "seconds": seconds} for seconds, code, name in per_rule[:3]
        ],
        "target_s": CHECK_TARGET_S,
    }


def measure_process(path: str | Path, repeats: int = 5) -> dict[str, Any]:
    """Median wall time of `outcomes check PATH` as a fresh process (start-up included)."""
    command = [sys.executable, "-m", "outcome_workbook", "check", str(path)]
    runs = []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, check=False)
        runs.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise RuntimeError(f"outcomes check exited {result.returncode}: {result.stderr!r}")
    return {"file": str(path), "process_s": statistics.median(runs), "target_s": PROCESS_TARGET_S}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check_speed")
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--process", action="store_true", help="also time the whole command")
    args = parser.parse_args(argv)
    result = measure(args.path, args.repeats)
    if args.process:
        result.update(measure_process(args.path, args.repeats))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
