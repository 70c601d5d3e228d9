"""What `graph` and `report` share: where the output goes, and which entities have errors."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ..checks import Finding, run_checks
from ..checks.registry import rules_reaching
from ..exit_codes import EXIT_BAD_INPUT, EXIT_OK
from ..safety import one_line
from ..store import Loaded
from .common import refuse_overwrite


def findings(loaded: Loaded, file: str) -> list[Finding]:
    """The coaching findings that count (suppressed ones are left out).

    Neither the graph nor the report prints a finding's line, so the findings are not
    located: that would split the whole text into tables, a third of a TOML parse.
    """
    return run_checks(loaded.workbook, None, file)


def error_findings(loaded: Loaded, file: str) -> list[Finding]:
    """The error-level findings that count, from only the rules that can make one here:
    the graph marks errors and prints nothing else of the checks (a sixth of its work
    at N=1,000 was running the other rules)."""
    rules = rules_reaching(loaded.workbook, "error")
    if not rules:
        return []
    found = run_checks(loaded.workbook, None, file, select=[r.code for r in rules])
    return [f for f in found if f.reaches("error")]


def error_ids(loaded: Loaded, found: Sequence[Finding] = ()) -> frozenset[str]:
    """Ids of the entities with an error: broken references and loops found when reading,
    and error-level coaching findings."""
    ids: set[str] = set()
    for problem in loaded.problems:
        parts = problem.table_path.split(".")
        if len(parts) >= 2 and parts[0] != "workbook":
            ids.add(parts[1])
    ids.update(f.entity for f in found if f.entity and f.reaches("error"))
    return frozenset(ids)


def write_output(content: str, output: str | None, force: bool, prog: str, source: str = "") -> int:
    """Print `content`, or write it to exactly `output` (never over the workbook read, and
    never over an existing file without --force)."""
    if output is None:
        sys.stdout.write(content)
        return EXIT_OK
    path = Path(output)
    if source and path.exists() and path.resolve() == Path(source).resolve():
        print(f"{prog}: refusing to write over the workbook {one_line(output)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if path.is_dir():
        print(f"{prog}: {one_line(output)} is a folder; give a file name", file=sys.stderr)
        return EXIT_BAD_INPUT
    if refuse_overwrite(path, force):
        return EXIT_BAD_INPUT
    try:
        with path.open("w" if force else "x", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
    except FileExistsError:
        refuse_overwrite(path, False)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"{prog}: cannot write {one_line(output)}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK
