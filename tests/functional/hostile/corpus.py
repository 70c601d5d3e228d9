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

from ...conftest import DATA

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


# What an invocation must answer for a file of each class (the `expect` column of
# tests/data/bad/README.md): (exit code, may it write the file).
Answers = dict[str, tuple[int, bool]]
# Shows or exports the file: refuses only a file it cannot read.
READS: Answers = {
    "error": (2, False),
    "problems": (0, False),
    "read-only": (0, False),
    "ok": (0, False),
}
# Compares the file with the good workbook beside it: they differ.
DIFFERS: Answers = {
    "error": (2, False),
    "problems": (1, False),
    "read-only": (1, False),
    "ok": (1, False),
}
# Changes the file: only a valid, writable one.
WRITES: Answers = {
    "error": (2, False),
    "problems": (2, False),
    "read-only": (2, False),
    "ok": (0, True),
}
# A merge that cannot read a side refuses (2) with a note over ours, and writes nothing else.
MERGES: Answers = {
    "error": (2, False),
    "problems": (0, False),
    "read-only": (2, False),
    "ok": (0, False),
}


@dataclass(frozen=True)
class Invocation:
    """How a command is pointed at a workbook, and what it must answer for each class.

    `{file}` is the file under test, `{good}` a valid workbook beside it, `{out}` an
    output path that does not exist yet.
    """

    argv: tuple[str, ...]
    answers: Answers

    @property
    def key(self) -> str:
        return " ".join(self.argv)


def _on(*argv: str, answers: Answers) -> Invocation:
    return Invocation(argv, answers)


# Every command of `outcomes`, pinned (test_corpus checks this is exactly cli.COMMANDS, in
# order): a command removed or added fails the suite until this table says how it reads a
# workbook. A command's first invocation walks every bad file; the others (another output
# format or target of the same reading) walk one file of each class.
INVOCATIONS: dict[str, list[Invocation]] = {
    "new": [_on("new", "{file}", answers=dict.fromkeys(READS, (2, False)))],  # the file exists
    "import": [],  # reads an OKR list, not a workbook: tests/functional/cli/test_import.py
    "validate": [
        _on("validate", "{file}", answers={**WRITES, "ok": (0, False)}),
    ],
    "fmt": [
        _on("fmt", "{file}", answers=WRITES),
        _on("fmt", "--check", "{file}", answers={**WRITES, "ok": (1, False)}),
    ],
    # A metric of tests/data/hostile/base.toml (most corpus files are made from it).
    "record": [
        _on(
            "record",
            "{file}",
            "sign-up-to-usage-rate",
            "0.4",
            "--date",
            "2026-03-01",
            answers=WRITES,
        )
    ],
    "schema": [],  # reads no workbook
    "check": [
        _on("check", "{file}", answers={**READS, "problems": (1, False)}),
        _on("check", "--format", "json", "{file}", answers={**READS, "problems": (1, False)}),
        _on("check", "--format", "github", "{file}", answers={**READS, "problems": (1, False)}),
    ],
    "graph": [
        _on("graph", "{file}", answers=READS),
        _on("graph", "--ascii", "{file}", answers=READS),
        _on("graph", "--format", "mermaid", "{file}", answers=READS),
        _on("graph", "--format", "dot", "{file}", answers=READS),
        _on("graph", "--format", "json", "{file}", answers=READS),
        _on("graph", "--format", "mermaid", "{file}", "-o", "{out}", answers=READS),
    ],
    "report": [
        _on("report", "{file}", answers=READS),
        _on("report", "{file}", "-o", "{out}", answers=READS),
    ],
    "diff": [
        _on("diff", "{good}", "{file}", answers=DIFFERS),
        _on("diff", "{file}", "{good}", answers=DIFFERS),
        _on("diff", "--format", "markdown", "{good}", "{file}", answers=DIFFERS),
        _on("diff", "--format", "json", "{good}", "{file}", answers=DIFFERS),
        # git's textconv shows something for any file, the reason first.
        _on("diff", "--textconv", "{file}", answers=dict.fromkeys(READS, (0, False))),
    ],
    "log": [
        _on("log", "{file}", answers=READS),
        _on("log", "--format", "json", "{file}", answers=READS),
    ],
    "merge-driver": [
        _on("merge-driver", "{good}", "{file}", "{good}", "7", "{file}", answers=MERGES),
        _on("merge-driver", "{file}", "{good}", "{good}", "7", "{file}", answers=MERGES),
    ],
    "git": [],  # `git setup` writes git's config; it never reads a workbook's content
    # the workbench: tests/functional/hostile/test_tui_hostile.py walks it with App.run_test
    "open": [],
    # The session itself is a full-screen app (walked with App.run_test); its summary is not.
    "session": [_on("session", "--summary", "{file}", answers=READS)],
    "serve": [],  # a long-running server: tests/functional/web/test_serve.py runs it on loopback
}

# Where one file answers otherwise than its class, and why: (file, invocation) -> answer.
EXCEPTIONS: dict[tuple[str, str], tuple[int, bool]] = {
    # A zero-byte ancestor is how git says both sides added the file.
    ("empty.toml", "merge-driver {file} {good} {good} 7 {file}"): (0, False),
    # 2,000 entities as one inline table: fmt keeps it as it is (already canonical to fmt).
    ("many-entities-one-line.toml", "fmt {file}"): (0, False),
    ("many-entities-one-line.toml", "fmt --check {file}"): (0, False),
    # It has no metric sign-up-to-usage-rate: nothing to record against.
    (
        "many-entities-one-line.toml",
        "record {file} sign-up-to-usage-rate 0.4 --date 2026-03-01",
    ): (2, False),
    # Problems that validate reports, but no finding at error severity for check to fail on.
    ("severity-unknown.toml", "check {file}"): (0, False),
    ("severity-unknown-dotted.toml", "check {file}"): (0, False),
    ("severity-unknown.toml", "check --format json {file}"): (0, False),
    ("severity-unknown-dotted.toml", "check --format json {file}"): (0, False),
    ("severity-unknown.toml", "check --format github {file}"): (0, False),
    ("severity-unknown-dotted.toml", "check --format github {file}"): (0, False),
    # Settings directly under [workbook]: a warning (OW314), not an error.
    ("severity-under-workbook.toml", "check {file}"): (0, False),
    ("severity-under-workbook.toml", "check --format json {file}"): (0, False),
    ("severity-under-workbook.toml", "check --format github {file}"): (0, False),
}


def answer(case_name: str, expect: str, invocation: Invocation) -> tuple[int, bool]:
    """The exit code and whether the file may be written, for this file and invocation."""
    return EXCEPTIONS.get((case_name, invocation.key), invocation.answers[expect])


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
    """(command, argv template) for every invocation that reads a workbook."""
    return [(name, list(i.argv)) for name, found in INVOCATIONS.items() for i in found]


def first_invocations() -> list[tuple[str, Invocation]]:
    """Each command's first invocation: the one every bad file is walked through."""
    return [(name, found[0]) for name, found in INVOCATIONS.items() if found]


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
