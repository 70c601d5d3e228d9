"""Repeat a measurement and keep the median: one figure per timing, with its spread."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Timing:
    """The median of `runs` (seconds), and every run so the spread can be reported."""

    runs: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def describe(self) -> str:
        if len(self.runs) == 1:
            return "1 run"
        return f"{len(self.runs)} runs, {min(self.runs):.4f}-{max(self.runs):.4f} s"


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
        start = time.perf_counter()
        work()
        timing.runs.append(time.perf_counter() - start)
    return timing
