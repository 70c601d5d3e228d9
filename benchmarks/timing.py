"""Repeat a measurement and keep the median: one figure per timing, with its spread."""

from __future__ import annotations

import gc
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Timing:
    """The median of `runs` (wall seconds), and every run so the spread can be reported.

    `cpu` holds the CPU seconds of the same runs (subprocesses included): on a
    shared machine the wall figure includes waiting for a core, the CPU one does not.
    """

    runs: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def describe(self) -> str:
        cpu = f", cpu median {statistics.median(self.cpu):.4f} s" if self.cpu else ""
        if len(self.runs) == 1:
            return f"1 run{cpu}"
        return f"{len(self.runs)} runs, {min(self.runs):.4f}-{max(self.runs):.4f} s{cpu}"


def _cpu() -> float:
    """CPU seconds of this process and of the subprocesses it has waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def repeat(work: Callable[[], Any], repeats: int, setup: Callable[[], Any] | None = None) -> Timing:
    """Time `work()` `repeats` times; `setup()` runs untimed before each run.

    The garbage collector runs before each run (not during it), so one run
    does not pay for the garbage of the one before; within a run it works as
    it would for a user.
    """
    timing = Timing()
    for _ in range(repeats):
        if setup is not None:
            setup()
        gc.collect()
        cpu_start = _cpu()
        start = time.perf_counter()
        work()
        timing.runs.append(time.perf_counter() - start)
        timing.cpu.append(_cpu() - cpu_start)
    return timing
