"""The one error type the whole product raises for user-facing problems."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located problem with a workbook, printed as one line by the CLI.

    `line`/`column` locate syntax problems; `table_path` locates semantic ones
    (a dangling reference, a duplicate id) when no line is known.
    """

    message: str
    file: str = ""
    line: int | None = None
    column: int | None = None
    table_path: str = ""

    def format(self) -> str:
        where = self.file or "<workbook>"
        if self.line is not None:
            col = f":{self.column}" if self.column is not None else ""
            where = f"{where}:{self.line}{col}"
            if self.table_path:
                return f"{where}: {self.table_path}: {self.message}"
            return f"{where}: {self.message}"
        if self.table_path:
            return f"{where}: {self.table_path}: {self.message}"
        return f"{where}: {self.message}"


class WorkbookError(Exception):
    """A problem the user can act on: misuse of an operation, a bad file, a refused save.

    It carries one or more `Problem`s so callers can print every located line.
    """

    def __init__(self, message: str, problems: tuple[Problem, ...] | list[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems: tuple[Problem, ...] = tuple(problems) or (Problem(message),)

    def __str__(self) -> str:
        return self.message
