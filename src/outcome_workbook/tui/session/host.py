"""What the session screens need from the app that shows them.

Both the standalone `outcomes session` app and the workbench provide this, so
the same screens run in either.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from rich.text import Text

from ...model.workbook import Workbook
from ...safety import inert, one_line


class SessionHost(Protocol):
    @property
    def workbook(self) -> Workbook: ...

    def apply(self, change: Callable[[Workbook], Workbook], done: str = "") -> bool:
        """Run a model operation; on success keep and save the result, else say why."""
        ...

    def today(self) -> date: ...


def plain(text: str, style: str = "") -> Text:
    """User text for a widget: control characters visible, never read as markup."""
    return Text(inert(text), style=style)


def line(text: str, style: str = "") -> Text:
    return Text(one_line(text), style=style)
