"""The session's coaching strip: the first findings about what was just typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from .text import finding_text

if TYPE_CHECKING:
    from ....checks import Finding

SHOWN = 3  # a room reads three at most before the next question


class CoachingStrip(Static):
    def show(self, findings: Sequence[Finding]) -> None:
        """The first findings drawn as the pane draws them (the entry is the one just
        typed, so it is not named), or that there is nothing to flag."""
        if not findings:
            self.update(Text("No coaching flags here.", style="green"))
            self.set_class(False, "flagged")
            return
        text = Text("\n").join(finding_text(f, with_entity=False) for f in findings[:SHOWN])
        self.update(text)
        self.set_class(True, "flagged")

    def clear(self) -> None:
        """Nothing shown (a new step)."""
        self.update("")
        self.set_class(False, "flagged")
