"""One coaching finding: what a rule noticed, where, and the question that helps reframe it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..model.entities import SEVERITIES, Severity

# Higher is more serious; `--fail-on` compares against this.
SEVERITY_RANK: dict[str, int] = {s: len(SEVERITIES) - i for i, s in enumerate(SEVERITIES)}

# Findings about the workbook as a whole (no North Star Metric) use this kind and an empty id.
WORKBOOK_KIND = "workbook"


@dataclass(frozen=True)
class Finding:
    """A finding is data, so the CLI, CI annotations and the TUI all show the same thing.

    `entity` is the id of the entity it is about ("" for the workbook), `path`
    the table path in the file ("metric.m.versions.1"), `line` its 1-based line
    when the workbook was read from a file. `suppressed` is "" when the finding
    counts, otherwise why it is hidden (an entity's `ignore`, or the workbook's
    `[workbook.checks]`).
    """

    code: str
    rule: str
    severity: Severity
    entity: str
    kind: str
    message: str
    question: str
    file: str = ""
    line: int | None = None
    path: str = ""
    suppressed: str = ""

    @property
    def is_suppressed(self) -> bool:
        return bool(self.suppressed)

    def reaches(self, level: str) -> bool:
        """True when this finding is at least as serious as `level` and not suppressed."""
        return not self.suppressed and SEVERITY_RANK[self.severity] >= SEVERITY_RANK[level]

    def location(self) -> str:
        """`FILE:LINE` (or as much of it as is known), the way editors and terminals link it."""
        where = self.file or "<workbook>"
        return f"{where}:{self.line}" if self.line is not None else where

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (docs/checks.md); keys never change meaning."""
        data = asdict(self)
        data["suppressed"] = bool(self.suppressed)
        data["suppressed_reason"] = self.suppressed
        return {key: data[key] for key in JSON_KEYS}


JSON_KEYS: tuple[str, ...] = (
    "code",
    "rule",
    "severity",
    "entity",
    "kind",
    "file",
    "line",
    "path",
    "message",
    "question",
    "suppressed",
    "suppressed_reason",
)
