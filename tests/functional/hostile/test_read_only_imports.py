"""Read-only commands never import the writer's TOML library (tomlkit)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .corpus import GOOD

PROGRAM = """
import contextlib, io, sys
from outcome_workbook.cli import main
for argv in {commands!r}:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(argv)
print("tomlkit" in sys.modules)
"""


def test_validate_check_graph_and_report_never_import_tomlkit(tmp_path: Path) -> None:
    # No sign-off for fmt to upgrade: fmt --check has nothing to write either.
    text = GOOD.read_text(encoding="utf-8")
    path = tmp_path / "team.toml"
    path.write_text("".join(x for x in text.splitlines(True) if "signoff" not in x), "utf-8")
    file = str(path)
    commands = [
        ["validate", file],
        ["check", file],
        ["graph", file],
        ["graph", "--format", "json", file],
        ["report", file],
        ["log", file],
        ["fmt", "--check", file],
        ["diff", str(GOOD), file],
    ]
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(commands=commands)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", "a read-only command imported tomlkit"
