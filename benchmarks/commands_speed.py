"""Whole read-only commands against one tomllib parse of the same file, each a fresh process.

Usage: python -m benchmarks.commands_speed PATH [--repeats N] [--json OUT]

A user runs `outcomes check big.toml` as a process: interpreter start, imports,
reading, the work and printing all count. The floor is the same kind of process
doing the least any reader does: `python -c` reading the file and parsing it with
tomllib. Both are timed here, interleaved run by run so a change in the machine's
load falls on both, and reported as medians of wall and of CPU seconds (the
child's user + system time), with each command's CPU over the floor's CPU.
Targets (issue 20): check, graph and report <= 1.5 x, `fmt --check` <= 1.3 x.

Both sides run with compiled bytecode, as an installed program does (pip compiles a
package's modules when it installs it, and the standard library's tomllib comes
compiled): a machine that sets PYTHONDONTWRITEBYTECODE would otherwise compile every
module of ours from source in every run (about 0.06 s) but none of the floor's. The
children write and read their bytecode under a cache folder of their own
(PYTHONPYCACHEPREFIX), and one unmeasured run of each form fills it first.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FLOOR = "import sys, tomllib\nwith open(sys.argv[1], 'rb') as f: tomllib.load(f)\n"

# The command forms timed, by figure name, with the exit codes that mean "it ran".
COMMANDS: dict[str, tuple[list[str], tuple[int, ...]]] = {
    "validate_process_s": (["validate"], (0, 1, 2)),
    "check_process_s": (["check"], (0, 1)),
    "graph_process_s": (["graph"], (0,)),
    "report_process_s": (["report"], (0,)),
    "fmt_check_process_s": (["fmt", "--check"], (0, 1)),
}
TARGETS = {
    "check_process_s": 1.5,
    "graph_process_s": 1.5,
    "report_process_s": 1.5,
    "fmt_check_process_s": 1.3,
}


# Where the children keep their compiled bytecode (see the module docstring).
BYTECODE = Path(tempfile.gettempdir()) / "outcome-workbook-benchmarks-bytecode"


def _environment(path: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(BYTECODE)
    # The generated N=10,000 workbook (about 50 MB) is over the default read cap.
    env["OUTCOMES_MAX_MB"] = str(os.path.getsize(path) // 2**20 + 1)
    return env


def _run(argv: list[str], codes: tuple[int, ...]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process, output discarded."""
    started = time.perf_counter()
    env = _environment(argv[-1])
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert process.stderr is not None
    error = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in codes:
        raise RuntimeError(f"{argv[3:]} exited {process.returncode}: {error[-500:]!r}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(
    path: str | Path, repeats: int = 5, only: tuple[str, ...] = tuple(COMMANDS)
) -> dict[str, Any]:
    """Median wall and CPU per command and for the floor, and CPU ratios to the floor."""
    path = str(path)
    forms: dict[str, tuple[list[str], tuple[int, ...]]] = {
        "floor_tomllib_process_s": ([sys.executable, "-c", FLOOR, path], (0,))
    }
    for key in only:
        args, codes = COMMANDS[key]
        forms[key] = ([sys.executable, "-m", "outcome_workbook", *args, path], codes)
    for argv, codes in forms.values():
        _run([*argv[:-1], _small_copy(path)], codes)  # fills the bytecode cache, unmeasured
    walls: dict[str, list[float]] = {key: [] for key in forms}
    cpus: dict[str, list[float]] = {key: [] for key in forms}
    for _ in range(repeats):
        for key, (argv, codes) in forms.items():
            wall, cpu = _run(argv, codes)
            walls[key].append(wall)
            cpus[key].append(cpu)
    result: dict[str, Any] = {"file": path, "repeats": repeats}
    floor_cpu = statistics.median(cpus["floor_tomllib_process_s"])
    for key in forms:
        result[key] = statistics.median(walls[key])
        result[key.replace("_s", "_cpu_s")] = statistics.median(cpus[key])
        if key in COMMANDS:
            result[key.replace("_process_s", "_x_floor")] = statistics.median(cpus[key]) / floor_cpu
    return result


def _small_copy(path: str) -> str:
    """A workbook that reads in no time, for the warm-up runs: the bundled sample."""
    import outcome_workbook

    del path
    return str(Path(outcome_workbook.__file__).parent / "samples" / "remote-access.toml")


def describe(result: dict[str, Any]) -> str:
    """One line per command: wall and CPU medians, the CPU ratio, the target."""
    floor = (result["floor_tomllib_process_s"], result["floor_tomllib_process_cpu_s"])
    lines = [f"floor (tomllib parse as a process): {floor[0]:.3f} s wall, {floor[1]:.3f} s CPU"]
    for key in (key for key in COMMANDS if key in result):
        ratio = result[key.replace("_process_s", "_x_floor")]
        target = TARGETS.get(key)
        verdict = "" if target is None else f" (target <= {target} x: "
        verdict += "" if target is None else ("pass)" if ratio <= target else "FAIL)")
        lines.append(
            f"{key}: {result[key]:.3f} s wall, {result[key.replace('_s', '_cpu_s')]:.3f} s CPU, "
            f"{ratio:.2f} x floor{verdict}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.commands_speed", description=__doc__
    )
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, metavar="OUT")
    parser.add_argument(
        "--only", nargs="+", choices=[key.removesuffix("_process_s") for key in COMMANDS]
    )
    args = parser.parse_args(argv)
    only = tuple(f"{name}_process_s" for name in args.only) if args.only else tuple(COMMANDS)
    result = measure(args.path, args.repeats, only)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(describe(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
