"""The bad-file corpus, how each command is invoked on a file, and a way to run the CLI.

The corpus is described by tests/data/bad/README.md: one table row per file saying
what must happen when a command reads it. Commands are invoked in-process (fast
enough to walk every file through every command) and, for a few cases, as a real
subprocess so a traceback printed by the interpreter would be seen.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from outcome_workbook.cli import COMMANDS, main

from ..conftest import DATA

BAD = DATA / "bad"
GOOD = DATA / "hostile" / "base.toml"


@dataclass(frozen=True)
class Case:
    """One corpus file and what must happen when it is read."""

    name: str
    expect: str  # error | problems | read-only | ok
    says: str
    line: int | None
    what: str

    @property
    def path(self) -> Path:
        return BAD / self.name


def cases() -> list[Case]:
    found: list[Case] = []
    for row in (BAD / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].endswith(".toml"):
            continue
        name, expect, says, line, what = cells
        found.append(Case(name, expect, says, int(line) if line else None, what))
    return found


# How each command is pointed at a workbook. `{file}` is the file under test, `{good}`
# a valid workbook beside it, `{out}` an output path that does not exist yet.
# A command missing here is still walked, as `outcomes NAME FILE`.
INVOCATIONS: dict[str, list[list[str]]] = {
    "validate": [["validate", "{file}"]],
    "fmt": [["fmt", "--check", "{file}"], ["fmt", "{file}"]],
    "new": [["new", "{file}"]],
    "schema": [],  # reads no workbook
    "check": [
        ["check", "{file}"],
        ["check", "--format", "json", "{file}"],
        ["check", "--format", "github", "{file}"],
    ],
    "graph": [
        ["graph", "{file}"],
        ["graph", "--ascii", "{file}"],
        ["graph", "--format", "mermaid", "{file}"],
        ["graph", "--format", "dot", "{file}"],
        ["graph", "--format", "json", "{file}"],
        ["graph", "--format", "mermaid", "{file}", "-o", "{out}"],
    ],
    "report": [["report", "{file}"], ["report", "{file}", "-o", "{out}"]],
    "diff": [
        ["diff", "{good}", "{file}"],
        ["diff", "{file}", "{good}"],
        ["diff", "--format", "markdown", "{good}", "{file}"],
        ["diff", "--format", "json", "{good}", "{file}"],
        ["diff", "--textconv", "{file}"],
    ],
    "merge-driver": [
        ["merge-driver", "{good}", "{file}", "{good}", "7", "{file}"],
        ["merge-driver", "{file}", "{good}", "{good}", "7", "{file}"],
    ],
    "log": [["log", "{file}"], ["log", "--format", "json", "{file}"]],
    # A metric of tests/data/hostile/base.toml (most corpus files are made from it).
    "record": [["record", "{file}", "sign-up-to-usage-rate", "0.4", "--date", "2026-03-01"]],
    # The session itself is a full-screen app (walked with App.run_test); its summary is not.
    "session": [["session", "--summary", "{file}"]],
    "serve": [],  # a long-running server: tests/session/test_serve.py runs it on loopback
    "git": [],  # `git setup` writes git's config; it never reads a workbook's content
    "import": [],  # reads an OKR list, not a workbook: tests/cli/test_import.py
}

# What a command does with the file it is given.
#   validate: reports problems, so a loadable file with problems exits 2
#   write:    rewrites the file (refuses unloadable or read-only files)
#   create:   must refuse: the file exists
#   merge:    a git merge driver, writing its result over the second file
#   record:   adds a measured value and saves (a file without that metric: exit 2)
#   read:     shows or exports the file; exits 2 only when it cannot read it
ROLES: dict[str, str] = {
    "validate": "validate",
    "fmt": "write",
    "new": "create",
    "merge-driver": "merge",
    "record": "record",
}


# Commands that write an export or a report when given `-o PATH`.
EXPORTS: dict[str, list[list[str]]] = {
    "graph": [
        ["graph", "{file}", "-o", "{out}"],
        ["graph", "--format", "mermaid", "{file}", "-o", "{out}"],
        ["graph", "--format", "dot", "{file}", "-o", "{out}"],
        ["graph", "--format", "json", "{file}", "-o", "{out}"],
    ],
    "report": [["report", "{file}", "-o", "{out}"]],
    "session": [["session", "--summary", "{file}", "-o", "{out}"]],
}


def exports() -> list[tuple[str, list[str]]]:
    return [(name, argv) for name in COMMANDS for argv in EXPORTS.get(name, [])]


def invocations() -> list[tuple[str, list[str]]]:
    """(command, argv template) for every registered command that reads a workbook."""
    found: list[tuple[str, list[str]]] = []
    for name in COMMANDS:
        if name == "open":
            continue  # the TUI is walked through App.run_test
        for argv in INVOCATIONS.get(name, [[name, "{file}"]]):
            found.append((name, argv))
    return found


def fill(argv: list[str], **values: str) -> list[str]:
    return [part.format(**values) for part in argv]


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_cli(argv: list[str], cwd: Path) -> Run:
    """Run `outcomes ARGV` in this process, capturing what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with _cwd(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse usage errors
            code = exit_.code if isinstance(exit_.code, int) else 2
    return Run(code, out.getvalue(), err.getvalue())


def run_subprocess(
    argv: list[str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "outcome_workbook", *argv],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        env=env,
    )


# A Python exception's class name in output means an error escaped as an exception.
EXCEPTION_NAME = re.compile(
    r"\b(?:[A-Z][A-Za-z]*(?:Error|Exception)|Traceback|KeyboardInterrupt|StopIteration)\b"
)


def assert_no_crash(text: str) -> None:
    leaked = EXCEPTION_NAME.findall(text)
    assert not leaked, f"an exception escaped: {leaked}\n{text[-2000:]}"


@dataclass(frozen=True)
class Snapshot:
    """A folder's files with their bytes and modification times."""

    files: dict[str, tuple[bytes, int]]

    @classmethod
    def take(cls, folder: Path) -> Snapshot:
        files: dict[str, tuple[bytes, int]] = {}
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files[str(path.relative_to(folder))] = (path.read_bytes(), path.stat().st_mtime_ns)
        return cls(files)
