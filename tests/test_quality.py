"""Lint, format and type checks run as part of the test command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_ruff_lint_is_clean() -> None:
    result = _run("ruff", "check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run("ruff", "format", "--check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    """Strict over src, tests and benchmarks (pyproject.toml [tool.mypy])."""
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_are_kept() -> None:
    """The layer rules in pyproject.toml ([tool.importlinter]): every import, lazy ones too."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.exists(), "import-linter is missing: pip install -e '.[test]'"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_never_imports_textual() -> None:
    """The domain core works without a terminal: importing it must not load textual."""
    code = (
        "import sys\n"
        "import outcome_workbook.model, outcome_workbook.store, outcome_workbook.checks\n"
        "import outcome_workbook.graph, outcome_workbook.diff, outcome_workbook.report\n"
        "import outcome_workbook.merge.files, outcome_workbook.vcs.file_history\n"
        "import outcome_workbook.store.layout, outcome_workbook.store.json_schema\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
