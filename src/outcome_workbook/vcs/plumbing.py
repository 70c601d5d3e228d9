"""Git plumbing through `git` itself (subprocess): file versions, history, config.

Every failure becomes a GitError with a message a person can act on: git not
installed, not a repository, no such revision, the file not in that revision.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model.errors import Problem, WorkbookError

GIT_TIMEOUT = 60


class GitError(WorkbookError):
    """Git could not do what was asked; the message says why."""


def _clean_message(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    lines = [line.removeprefix("fatal: ").removeprefix("error: ") for line in text.splitlines()]
    return "; ".join(line for line in lines if line and not line.startswith("hint:")) or "failed"


def run_git(
    args: Sequence[str], cwd: Path | str | None = None, input_data: bytes | None = None
) -> bytes:
    """Run git and return its stdout; raise GitError with git's own reason on failure."""
    env = dict(os.environ)
    env.setdefault("GIT_TERMINAL_PROMPT", "0")
    env["LC_ALL"] = "C"
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=input_data,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args[:2])} took longer than {GIT_TIMEOUT} s") from None
    if result.returncode != 0:
        raise GitError(f"git {args[0]}: {_clean_message(result.stderr)}")
    return result.stdout


def git_installed() -> bool:
    """Whether a `git` program is on PATH (without it, no file has a history to show)."""
    return shutil.which("git") is not None


def repo_root(path: Path | str) -> Path | None:
    """The top folder of the repository holding `path`, or None outside any repository."""
    start = Path(path)
    folder = start if start.is_dir() else start.parent
    if not folder.exists():
        return None
    try:
        out = run_git(["rev-parse", "--show-toplevel"], cwd=folder)
    except GitError:
        return None
    return Path(out.decode().strip())


def relative_to_repo(path: Path | str, root: Path) -> str:
    """`path` as git names it: relative to the repository's top folder, with '/'."""
    resolved = Path(os.path.realpath(path))
    return resolved.relative_to(Path(os.path.realpath(root))).as_posix()


def split_spec(spec: str) -> tuple[str | None, str]:
    """'REV:PATH' -> (REV, PATH); an existing file, or text without ':', is a plain path."""
    if os.path.exists(spec) or ":" not in spec:
        return None, spec
    rev, _, path = spec.partition(":")
    return (rev or "HEAD"), path


def show_file(rev: str, path: str, cwd: Path | str | None = None) -> bytes:
    """The bytes of `path` at revision `rev` (`git show REV:PATH`).

    PATH is relative to the repository's top folder, as in git; when that finds
    nothing, PATH relative to the current folder is tried too.
    """
    if rev.startswith("-"):
        # `--output=x:team.toml` must never reach git as an option (it would write a file).
        raise GitError(f"{rev[:40]!r} is not a revision: a revision never starts with '-'")
    try:
        return run_git(["show", "--end-of-options", f"{rev}:{path}"], cwd=cwd)
    except GitError as first:
        if path.startswith(("./", "../", "/")):
            raise
        try:
            return run_git(["show", "--end-of-options", f"{rev}:./{path}"], cwd=cwd)
        except GitError:
            raise first from None


def read_spec(spec: str, cwd: Path | str | None = None) -> bytes:
    """The bytes of a path or a 'REV:PATH'; raises WorkbookError (or GitError) with the reason."""
    rev, path = split_spec(spec)
    if rev is None:
        from ..store import read_bytes

        base = Path(cwd) if cwd is not None else Path.cwd()
        return read_bytes(base / path)
    try:
        return show_file(rev, path, cwd)
    except GitError as error:
        raise GitError(error.message, [Problem(error.message, spec)]) from None


@dataclass(frozen=True)
class Commit:
    """One commit that touched a file, and the file's path in it and in its first parent."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str  # ISO 8601, the author date
    subject: str
    path: str
    parent_path: str  # the path in the first parent ('' when the commit added the file)

    @property
    def short(self) -> str:
        return self.sha[:10]


def file_log(path: Path | str, limit: int | None = None) -> list[Commit]:
    """Commits that touched the file, newest first, following renames (`git log --follow`)."""
    root = repo_root(path)
    if root is None:
        raise GitError(f"{path} is not in a git repository")
    name = relative_to_repo(path, root)
    args = [
        "-c",
        "core.quotepath=off",
        "log",
        "--follow",
        "-m",
        "--diff-merges=first-parent",
        "--name-status",
        "-z",
        "--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s",
    ]
    if limit is not None:
        args.append(f"--max-count={limit}")
    args += ["--", name]
    try:
        out = run_git(args, cwd=root)
    except GitError as error:
        if "does not have any commits" in error.message:
            return []
        raise
    return _parse_log(out.decode("utf-8", "replace"), name)


def _parse_log(output: str, current: str) -> list[Commit]:
    commits: list[Commit] = []
    path = current
    for record in output.split("\x1e"):
        if not record.strip():
            continue
        tokens = record.split("\0")
        fields = tokens[0].split("\x1f")
        if len(fields) < 6:
            continue
        sha, parents, author, email, when, subject = fields[:6]
        status = [t.lstrip("\n") for t in tokens[1:]]
        status = [t for t in status if t]
        parent_path = path
        if status:
            code = status[0]
            if code.startswith(("R", "C")) and len(status) >= 3:
                parent_path, path = status[1], status[2]
            elif code.startswith("A"):
                path = status[1] if len(status) > 1 else path
                parent_path = ""
            elif len(status) > 1:
                path = parent_path = status[1]
        if not parents.strip():
            parent_path = ""
        commits.append(
            Commit(sha, tuple(parents.split()), author, email, when, subject, path, parent_path)
        )
        path = parent_path or path
    return commits


def read_blobs(root: Path, specs: Sequence[str]) -> list[bytes | None]:
    """Many `REV:PATH` contents in one git process (`git cat-file --batch`); None if missing."""
    if not specs:
        return []
    out = run_git(
        ["cat-file", "--batch"], cwd=root, input_data="".join(s + "\n" for s in specs).encode()
    )
    results: list[bytes | None] = []
    position = 0
    for _ in specs:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) >= 3 and header[1] == b"blob":
            size = int(header[2])
            results.append(out[position : position + size])
            position += size + 1
        else:
            results.append(None)
    return results


def config_get(key: str, cwd: Path | str | None, scope: str) -> str | None:
    """One git config value in `scope` ('--local' or '--global'), or None when unset."""
    try:
        return run_git(["config", scope, "--get", key], cwd=cwd).decode().strip()
    except GitError:
        return None


def config_set(key: str, value: str, cwd: Path | str | None, scope: str) -> None:
    run_git(["config", scope, key, value], cwd=cwd)


def check_attributes(root: Path, paths: Sequence[str]) -> dict[str, dict[str, str]]:
    """What git's attributes say for each path: {path: {attribute: value}}."""
    if not paths:
        return {}
    out = run_git(["check-attr", "-z", "diff", "merge", "text", "eol", "--", *paths], cwd=root)
    parts = out.decode("utf-8", "replace").split("\0")
    found: dict[str, dict[str, str]] = {}
    for i in range(0, len(parts) - 2, 3):
        found.setdefault(parts[i], {})[parts[i + 1]] = parts[i + 2]
    return found


def list_files(root: Path, pattern: str = "*.toml") -> list[str]:
    """Tracked and untracked (not ignored) files matching `pattern`, relative to the root."""
    out = run_git(["ls-files", "-z", "-co", "--exclude-standard", "--", pattern], cwd=root)
    return sorted({p for p in out.decode("utf-8", "replace").split("\0") if p})
