"""What the outline looked like when a workbook was last closed: open rows and the cursor.

Kept per workbook in the state folder (beside the recovery copies, never next to
the workbook), so reopening a file puts a person back where they were. A memory
that cannot be read is ignored: it is a convenience, never a reason not to open.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .recovery import APP_DIR, _base

OutlinePath = tuple[str, ...]


def memory_path(workbook_path: Path) -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / APP_DIR / "outline" / f"{_base(workbook_path)}.json"


def load(workbook_path: Path) -> tuple[set[OutlinePath], OutlinePath] | None:
    try:
        data = json.loads(memory_path(workbook_path).read_text("utf-8"))
        expanded = {tuple(str(k) for k in path) for path in data["expanded"]}
        cursor = tuple(str(k) for k in data["cursor"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return expanded, cursor


def save(workbook_path: Path, expanded: set[OutlinePath], cursor: OutlinePath) -> None:
    target = memory_path(workbook_path)
    data = {"expanded": sorted(list(p) for p in expanded), "cursor": list(cursor)}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(data), "utf-8")
        temporary.replace(target)
    except OSError:
        pass  # best effort: the outline simply opens as new next time
