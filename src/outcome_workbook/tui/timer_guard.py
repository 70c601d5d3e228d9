"""A timer whose delay is already over fires at once, instead of freezing the app.

Textual's one-shot timer (`set_timer`) skips the ticks it is late for: with a
delay below zero it computes the number of ticks it skipped as zero, forever,
in a loop that never yields, so the app stops drawing and reading keys at full
CPU and outlives its terminal. A toast asks for exactly that whenever it is
mounted after its notice expired: the notice's time left is read as the toast
is made, and on a machine busy enough (twelve session screens saving at once on
two cores) that is already negative. The served session froze that way, and
the frozen process kept spinning after `outcomes serve` stopped.

The guard gives every timer a delay of at least `MIN_DELAY_S`, so a late one
fires on the next turn of the event loop. It replaces the class the message pump
makes its timers with (`textual.message_pump.Timer`), once per process.
"""

from __future__ import annotations

from typing import Any

import textual.message_pump
from textual.timer import Timer

MIN_DELAY_S = 0.001  # above zero: a zero delay divides by zero in the same loop


class GuardedTimer(Timer):
    """A Textual timer whose interval is never zero or negative."""

    def __init__(self, event_target: Any, interval: float, **kwargs: Any) -> None:
        super().__init__(event_target, max(interval, MIN_DELAY_S), **kwargs)


def install() -> None:
    """Make every timer the message pump starts from now on a guarded one."""
    setattr(textual.message_pump, "Timer", GuardedTimer)  # noqa: B010 (not re-exported)
