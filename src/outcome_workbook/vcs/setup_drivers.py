"""What `outcomes git setup` writes: attributes that route workbooks to our drivers, and
the drivers themselves in git's config.

Which files are workbooks? `*.toml` would also catch pyproject.toml and other
tools' files, so the attributes name `*.workbook.toml` plus every workbook file
found in the repository (any `.toml` file with a `[workbook]` table), each by
its path. Running setup again after adding a workbook covers it too; `--check`
reports workbooks that nothing covers.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from ..diff.readable import HUNK_HEADER_REGEX
from .plumbing import (
    GitError,
    check_attributes,
    config_get,
    config_set,
    list_files,
    relative_to_repo,
    run_git,
)

DEFAULT_PATTERN = "*.workbook.toml"
ATTRIBUTES = "diff=outcomes merge=outcomes text eol=lf"
BLOCK_COMMENT = "# outcome-workbook: readable diffs and keyed merges for workbook files"
_WORKBOOK_TABLE = re.compile(r"^\s*\[\s*workbook\s*\]\s*(#.*)?$", re.MULTILINE)


def default_command() -> str:
    """How git should run this program: this very interpreter, so a venv need not be active."""
    return f"{shlex.quote(sys.executable)} -m outcome_workbook"


def driver_config(command: str) -> dict[str, str]:
    return {
        "diff.outcomes.textconv": f"{command} diff --textconv",
        "diff.outcomes.xfuncname": HUNK_HEADER_REGEX,
        # git keeps each blob's conversion (in refs/notes/textconv/outcomes), so
        # `git log -p` converts a version once, not on every run.
        "diff.outcomes.cachetextconv": "true",
        "merge.outcomes.name": "outcome-workbook keyed three-way merge",
        "merge.outcomes.driver": f"{command} merge-driver %O %A %B %L %P",
        # `git mergetool --tool outcomes`: the keyed merge for a file git left conflicted
        # (merged before setup, or with the driver off); exit 1 leaves its notes to settle.
        "mergetool.outcomes.cmd": (
            f'{command} merge-driver --merged "$MERGED" "$BASE" "$LOCAL" "$REMOTE"'
        ),
        "mergetool.outcomes.trustExitCode": "true",
    }


def is_workbook_file(path: Path) -> bool:
    """A `.toml` file with a `[workbook]` table (read cheaply, never fully parsed)."""
    try:
        if path.stat().st_size > 20 * 1024 * 1024:
            return False
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return False
    return bool(_WORKBOOK_TABLE.search(text))


def attribute_line(pattern: str) -> str:
    if any(c in pattern for c in ' \t"\\'):
        escaped = pattern.replace("\\", "\\\\").replace('"', '\\"')
        pattern = f'"{escaped}"'
    return f"{pattern} {ATTRIBUTES}"


def global_attributes_file() -> Path:
    configured = config_get("core.attributesFile", None, "--global")
    if configured:
        return Path(os.path.expanduser(configured))
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "git" / "attributes"


@dataclass
class SetupState:
    """What is in place and what is missing, for one repository (or the user's global config)."""

    scope: str  # "--local" or "--global"
    root: Path | None
    attributes_file: Path
    wanted_lines: list[str]
    missing_lines: list[str]
    config_missing: dict[str, str]
    covered: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing_lines and not self.config_missing and not self.uncovered


_EXACT_KEYS = frozenset(
    {"diff.outcomes.xfuncname", "diff.outcomes.cachetextconv", "mergetool.outcomes.trustExitCode"}
)


def _plausible(key: str, value: str | None, wanted: str, exact: bool) -> bool:
    """Is a configured value good enough? Any command that ends like ours runs our code."""
    if value is None:
        return False
    if key == "merge.outcomes.name":
        return True
    if exact or key in _EXACT_KEYS:
        return value == wanted
    suffix = wanted.split(" -m outcome_workbook", 1)[-1]
    if not value.endswith(suffix):
        return False
    try:
        program = shlex.split(value)[0]
    except (ValueError, IndexError):
        return False
    return shutil.which(program) is not None  # a moved or deleted environment needs setup again


def _existing_lines(path: Path) -> set[str]:
    try:
        return {line.strip() for line in path.read_text("utf-8").splitlines()}
    except OSError:
        return set()


def inspect(
    root: Path | None, use_global: bool, files: list[str], command: str | None
) -> SetupState:
    """Look at the attributes and config; change nothing."""
    scope = "--global" if use_global else "--local"
    wanted_config = driver_config(command or default_command())
    config_missing = {
        key: value
        for key, value in wanted_config.items()
        if not _plausible(key, config_get(key, root, scope), value, command is not None)
    }
    if use_global:
        attributes = global_attributes_file()
        wanted = [attribute_line(DEFAULT_PATTERN)]
        existing = _existing_lines(attributes)
        missing = [line for line in wanted if line not in existing]
        return SetupState(scope, root, attributes, wanted, missing, config_missing)
    if root is None:
        raise GitError("not in a git repository: run 'git init' first, or use --global")
    attributes = root / ".gitattributes"
    found = [p for p in list_files(root) if is_workbook_file(root / p)]
    explicit: list[str] = []
    for name in files:
        try:
            explicit.append(relative_to_repo(name, root))
        except ValueError:
            raise GitError(f"{name} is not inside the repository at {root}") from None
    workbooks = sorted(set(found) | set(explicit))
    wanted = [attribute_line(DEFAULT_PATTERN)]
    for name in workbooks:
        if not fnmatch(Path(name).name, DEFAULT_PATTERN):
            wanted.append(attribute_line(f"/{name}"))
    existing = _existing_lines(attributes)
    missing = [line for line in wanted if line not in existing]
    attrs = check_attributes(root, workbooks) if workbooks else {}
    covered: list[str] = []
    uncovered: list[str] = []
    for name in workbooks:
        values = attrs.get(name, {})
        if values.get("diff") == "outcomes" and values.get("merge") == "outcomes":
            covered.append(name)
        else:
            uncovered.append(name)
    return SetupState(scope, root, attributes, wanted, missing, config_missing, covered, uncovered)


def apply_setup(state: SetupState) -> None:
    """Append the missing attribute lines and set the missing config (idempotent)."""
    if state.missing_lines:
        path = state.attributes_file
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            text = ""
        if text and not text.endswith("\n"):
            text += "\n"
        block = [] if BLOCK_COMMENT in text else [BLOCK_COMMENT]
        if text and block:
            text += "\n"
        text += "".join(line + "\n" for line in [*block, *state.missing_lines])
        path.write_text(text, "utf-8")
    for key, value in state.config_missing.items():
        config_set(key, value, state.root, state.scope)
    state.missing_lines = []
    state.config_missing = {}
    if state.root is not None and state.scope == "--local":
        refreshed = check_attributes(state.root, state.covered + state.uncovered)
        paths = state.covered + state.uncovered
        state.covered = [p for p in paths if refreshed.get(p, {}).get("merge") == "outcomes"]
        state.uncovered = [p for p in paths if p not in state.covered]


def git_available() -> bool:
    try:
        run_git(["--version"])
    except GitError:
        return False
    return True
