"""Figures owned by other parts of the product: checks, graph, diff/merge, workbench.

Each figure comes from the capability's own `benchmarks/NAME_speed.py` when it
exists; for the checks and the graph build the suite can also time the core
function itself. When neither exists yet, the figure is None and a note says why.
"""

from __future__ import annotations

import asyncio
import inspect
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .adapters import Inputs, Unavailable, call_with, find_function, optional_module, seconds
from .timing import repeat


@dataclass
class Figures:
    """Some of the JSON keys, and notes about how they were measured or why they are None."""

    values: dict[str, float | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def missing(self, keys: Sequence[str], why: str) -> Figures:
        for key in keys:
            self.values[key] = None
        self.notes.append(f"{', '.join(keys)}: {why}")
        return self


# Other names a capability's result may use for a figure.
ALIASES: dict[str, tuple[str, ...]] = {
    "graph_build_s": ("build_s",),
    "tui_open_s": ("open_s",),
    "keystroke_s": ("key_s", "keypress_s"),
    "check_s": ("rules_s", "checks_s"),
}


def _from_bench_module(
    module_name: str, wanted: Mapping[str, tuple[str, ...]], inputs: Inputs
) -> Figures | None:
    """Call the capability's measurement functions; None when the module does not exist."""
    module = optional_module(f"benchmarks.{module_name}")
    if module is None:
        return None
    figures = Figures()
    results: dict[int, Any] = {}
    for key, names in wanted.items():
        function = find_function(module, names)
        if function is None:
            figures.missing([key], f"benchmarks/{module_name}.py has none of {', '.join(names)}")
            continue
        try:
            if id(function) not in results:
                result = call_with(function, inputs)
                if inspect.isawaitable(result):
                    result = asyncio.run(_await(result))
                results[id(function)] = result
            figures.values[key] = seconds(results[id(function)], key, ALIASES.get(key, ()))
        except Unavailable as error:
            figures.missing([key], str(error))
        except Exception as error:  # a broken capability must not hide every other figure
            figures.missing([key], f"benchmarks/{module_name}.py failed: {error!r}")
    measured = [key for key in wanted if figures.values.get(key) is not None]
    if measured:
        figures.notes.append(f"{', '.join(measured)}: from benchmarks/{module_name}.py")
    shown = [name for key in measured for name in (key, *ALIASES.get(key, ()))]
    extra = _other_seconds(results.values(), shown)
    if extra:
        figures.notes.append(f"also from benchmarks/{module_name}.py: {extra}")
    return figures


def _other_seconds(results: Any, reported: list[str]) -> str:
    """The other figures in seconds a capability's measurement returned, for the notes."""
    seen: dict[str, float] = {}
    for result in results:
        if isinstance(result, dict):
            for key, value in result.items():
                if (
                    key.endswith("_s")
                    and not key.startswith("target")
                    and isinstance(value, float)
                    and key not in reported
                ):
                    seen.setdefault(key, value)
    return ", ".join(f"{key} {value:.4f}" for key, value in seen.items())


async def _await(awaitable: Any) -> Any:
    return await awaitable


def _time_core(key: str, work: Callable[[], Any], repeats: int, how: str, figures: Figures) -> None:
    timing = repeat(work, repeats)
    figures.values[key] = timing.median
    figures.notes.append(f"{key}: {how} ({timing.describe()})")


def checks(inputs: Inputs, loaded: Any) -> Figures:
    wanted = {"check_s": ("measure_check", "check_time", "time_checks", "measure", "run")}
    found = _from_bench_module("check_speed", wanted, inputs)
    if found is not None:
        return found
    package = optional_module("outcome_workbook.checks")
    run_checks = getattr(package, "run_checks", None)
    if run_checks is None:
        return Figures().missing(["check_s"], "the coaching checks are not on main yet")
    figures = Figures()
    _time_core(
        "check_s",
        lambda: run_checks(loaded.workbook, loaded.locations),
        inputs.repeats,
        "timed by the suite: checks.run_checks on the loaded workbook",
        figures,
    )
    return figures


def graph(inputs: Inputs, loaded: Any) -> Figures:
    wanted = {
        "graph_build_s": ("measure_build", "build_time", "graph_build", "measure", "run"),
        "export_mermaid_s": ("measure_mermaid", "mermaid_time", "export_mermaid", "measure", "run"),
    }
    found = _from_bench_module("graph_speed", wanted, inputs)
    if found is not None:
        found.notes.append(
            "graph figures are benchmarks/graph_speed.py's own: the best CPU time of the runs, "
            "where the rest of this table gives the median wall time"
        )
        return found
    figures = Figures()
    build = optional_module("outcome_workbook.graph.build")
    build_graph = getattr(build, "build_graph", None)
    if build_graph is None:
        figures.missing(["graph_build_s"], "the outcome graph is not on main yet")
    else:
        _time_core(
            "graph_build_s",
            lambda: build_graph(loaded.workbook),
            inputs.repeats,
            "timed by the suite: graph.build.build_graph",
            figures,
        )
    mermaid = optional_module("outcome_workbook.graph.mermaid")
    to_mermaid = getattr(mermaid, "to_mermaid", None)
    if build_graph is None or to_mermaid is None:
        figures.missing(["export_mermaid_s"], "the Mermaid export is not on main yet")
    else:
        built = build_graph(loaded.workbook)
        _time_core(
            "export_mermaid_s",
            lambda: to_mermaid(built),
            inputs.repeats,
            "timed by the suite: graph.mermaid.to_mermaid of the built graph",
            figures,
        )
    return figures


def diff(inputs: Inputs) -> Figures:
    wanted = {
        "diff_s": ("measure_diff", "diff_time", "time_diff", "measure", "run"),
        "merge_s": ("measure_merge", "merge_time", "time_merge", "measure", "run"),
    }
    found = _from_bench_module("diff_speed", wanted, inputs)
    if found is not None:
        return found
    return Figures().missing(
        ["diff_s", "merge_s"],
        "semantic diff and merge are not on main yet (benchmarks/diff_speed.py)",
    )


def workbench(inputs: Inputs) -> Figures:
    wanted = {
        "tui_open_s": ("measure_open", "open_time", "time_open", "measure", "run"),
        "keystroke_s": ("measure_keystroke", "keystroke_time", "time_keystroke", "measure", "run"),
        "keystroke_p99_s": ("measure",),
        "floor_keystroke_p99_s": ("measure",),
    }
    found = _from_bench_module("tui_speed", wanted, inputs)
    if found is not None:
        return found
    app = optional_module("outcome_workbook.tui.workbench_app")
    if getattr(app, "create_app", None) is None:
        return Figures().missing(["tui_open_s", "keystroke_s"], "the workbench is not on main yet")
    from . import tui_probe

    figures = Figures()
    try:
        with tempfile.TemporaryDirectory(prefix="outcomes-bench-tui-") as folder:
            copy = Path(folder) / inputs.path.name
            shutil.copyfile(inputs.path, copy)
            result = tui_probe.measure(copy, inputs.repeats)
    except Exception as error:  # the workbench changing shape must not hide the other figures
        why = f"timing the workbench failed: {error!r}"
        return figures.missing(["tui_open_s", "keystroke_s"], why)
    for key in ("tui_open_s", "keystroke_s"):
        figures.values[key] = result[key]
    opens, keys = result["open_runs"], result["keystroke_runs"]
    figures.notes.append(
        f"tui_open_s: timed by the suite (benchmarks/tui_probe.py), app created to outline "
        f"shown, {len(opens)} runs, {min(opens):.4f}-{max(opens):.4f} s, "
        f"cpu median {result['open_cpu_s']:.4f} s"
    )
    if keys:
        figures.notes.append(
            f"keystroke_s: timed by the suite, one key in the title field to screen refreshed, "
            f"{len(keys)} keys, {min(keys):.4f}-{max(keys):.4f} s, "
            f"cpu median {result['keystroke_cpu_s']:.4f} s"
        )
    return figures


def check_process(sample: Path, repeats: int) -> Figures:
    """`outcomes check SAMPLE` as a whole process, from start to exit."""
    from outcome_workbook.cli import COMMANDS

    if "check" not in COMMANDS:
        return Figures().missing(["check_process_s"], "`outcomes check` is not on main yet")
    command = [sys.executable, "-m", "outcome_workbook", "check", str(sample)]

    def work() -> None:
        result = subprocess.run(command, capture_output=True)
        if result.returncode not in (0, 1):
            raise RuntimeError(f"`outcomes check {sample.name}` exited {result.returncode}")

    figures = Figures()
    try:
        _time_core("check_process_s", work, repeats, f"`outcomes check {sample.name}`", figures)
    except RuntimeError as error:
        figures.missing(["check_process_s"], str(error))
    return figures
