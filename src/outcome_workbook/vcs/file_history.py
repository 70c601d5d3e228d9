"""A workbook's history from git: each commit that touched it, with its semantic diff.

This answers "why did we change this metric?": the history screen and
`outcomes log` list the commits, and `version_origins` says which commit added
each metric version (so a version's rationale links to who committed it, when).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diff.phrases import Phrase, ident, user, words
from ..diff.quick import diff_versions
from ..diff.render import DiffLine, diff_lines, json_value, to_json
from ..diff.semantic import WorkbookDiff, diff_workbooks
from ..diff.textfacts import TextChanges
from ..model.entities import MetricVersion, WorkbookMeta
from ..model.errors import WorkbookError
from ..model.workbook import Workbook
from ..store import parse, read_bytes
from .plumbing import Commit, GitError, file_log, read_blobs, relative_to_repo, repo_root

_NOTHING = Workbook(WorkbookMeta(title=""))


@dataclass(frozen=True)
class HistoryEntry:
    """One step in a file's history. `commit` is None for uncommitted changes on disk.

    `diff` is None (and `error` says why) when either side could not be read,
    for example a commit that holds unresolved conflict markers.
    """

    commit: Commit | None
    diff: WorkbookDiff | None
    error: str = ""
    created: bool = False  # the commit added the file
    # What changed in the text beyond the model (comments, unknown keys, conflict notes).
    text: TextChanges | None = None

    @property
    def label(self) -> str:
        return self.commit.short if self.commit else "uncommitted"


def _load(data: bytes | None, label: str) -> tuple[Workbook | None, str]:
    if data is None:
        return None, ""
    try:
        return parse(data, label, allow_newer=True).workbook, ""
    except WorkbookError as error:
        return None, error.problems[0].format() if error.problems else error.message


def file_history(
    path: Path | str, limit: int | None = None, include_uncommitted: bool = True
) -> list[HistoryEntry]:
    """Newest first. Raises GitError when the file is not in a repository."""
    root = repo_root(path)
    if root is None:
        raise GitError(f"{path} is not in a git repository, so it has no history")
    commits = file_log(path, limit)
    head = f"HEAD:{relative_to_repo(path, root)}"
    wanted = [s for commit in commits for s in _specs(commit) if s] + [head]
    # One git process reads every version, the newest committed one included.
    lookup = dict(zip(wanted, read_blobs(root, wanted), strict=True))
    entries: list[HistoryEntry] = []
    if include_uncommitted:
        entry = uncommitted_entry(path, lookup[head])
        if entry is not None:
            entries.append(entry)
    return entries + [_commit_entry(commit, lookup) for commit in commits]


def commit_entries(root: Path, commits: Sequence[Commit]) -> list[HistoryEntry]:
    """The semantic diff of each commit against its first parent (for loading a few lazily)."""
    wanted = [s for commit in commits for s in _specs(commit) if s]
    lookup = dict(zip(wanted, read_blobs(root, wanted), strict=True))
    return [_commit_entry(commit, lookup) for commit in commits]


def committed_bytes(path: Path | str) -> bytes | None:
    """The file as HEAD holds it (None when it is not committed, or not in a repository)."""
    root = repo_root(path)
    if root is None:
        return None
    return read_blobs(root, [f"HEAD:{relative_to_repo(path, root)}"])[0]


def _specs(commit: Commit) -> tuple[str, str]:
    """`REV:PATH` of the file in the commit and in its first parent ('' when it was added)."""
    parent = f"{commit.parents[0]}:{commit.parent_path}" if commit.parent_path else ""
    return f"{commit.sha}:{commit.path}", parent


def _commit_entry(commit: Commit, lookup: dict[str, bytes | None]) -> HistoryEntry:
    own_spec, parent_spec = _specs(commit)
    own_label = f"{commit.short}:{commit.path}"
    if parent_spec:
        compared = _compared(lookup.get(parent_spec), lookup.get(own_spec), parent_spec, own_label)
        if compared is not None:
            return HistoryEntry(commit, *compared)
    after, error_after = _load(lookup.get(own_spec), own_label)
    before, error_before = (
        _load(lookup.get(parent_spec), parent_spec) if parent_spec else (None, "")
    )
    created = not parent_spec
    if after is None or (before is None and not created):
        return HistoryEntry(commit, None, error_after or error_before, created)
    return HistoryEntry(commit, diff_workbooks(before or _NOTHING, after), "", created)


def _compared(
    before: bytes | None, after: bytes | None, before_label: str, after_label: str
) -> tuple[WorkbookDiff, str, bool, TextChanges | None] | None:
    """The diff and text-only changes (None when there are none) between two versions,
    read together (`diff.quick`); None when one is missing or cannot be read, for the
    caller to say which."""
    if before is None or after is None:
        return None
    try:
        diff, text = diff_versions(before, after, before_label, after_label)
    except WorkbookError:
        return None
    return diff, "", False, None if before == after or text.empty else text


def uncommitted_entry(path: Path | str, last: bytes | None) -> HistoryEntry | None:
    """The changes on disk that are not in `last`, the committed bytes (None when none)."""
    try:
        data = read_bytes(Path(path))
    except WorkbookError:
        return None
    if last == data:
        return None
    compared = _compared(last, data, "HEAD", str(path))
    if compared is None:
        after, error = _load(data, str(path))
        before, error_before = _load(last, "HEAD") if last is not None else (_NOTHING, "")
        if after is None or before is None:
            return HistoryEntry(None, None, error or error_before, last is None)
        compared = diff_workbooks(before, after), "", last is None, None
    entry = HistoryEntry(None, *compared)
    return None if entry.diff is None or (entry.diff.identical and entry.text is None) else entry


def _unstatused(version: MetricVersion) -> MetricVersion:
    return dataclasses.replace(version, status="proposed")


def version_origins(
    entries: Sequence[HistoryEntry], current: Workbook
) -> dict[tuple[str, int], HistoryEntry]:
    """(metric id, 0-based version index in `current`) -> the entry that added that version.

    Walks from the oldest commit forward, following renames. A version is
    matched by its content (the first commit that added it wins, so a merge
    commit does not take the credit from the commit on the branch), and by its
    position when it was edited later. Versions whose origin cannot be told
    (an unreadable commit in between) are left out.
    """
    by_content: dict[tuple[str, MetricVersion], HistoryEntry] = {}
    by_index: dict[tuple[str, int], HistoryEntry] = {}
    for entry in reversed(entries):
        if entry.diff is None:
            continue
        renames = entry.diff.renames
        if renames:
            by_content = {(renames.get(m, m), v): e for (m, v), e in by_content.items()}
            by_index = {(renames.get(m, m), i): e for (m, i), e in by_index.items()}
        for metric_id, index, version in entry.diff.versions_added():
            by_content.setdefault((metric_id, _unstatused(version)), entry)
            by_index[(metric_id, index)] = entry
    origins: dict[tuple[str, int], HistoryEntry] = {}
    for metric_id, metric in current.metrics.items():
        for index, version in enumerate(metric.versions):
            found = by_content.get((metric_id, _unstatused(version)))
            found = found or by_index.get((metric_id, index))
            if found is not None:
                origins[(metric_id, index)] = found
    return origins


# --- output ---------------------------------------------------------------------------------


def _commit_phrase(entry: HistoryEntry) -> Phrase:
    commit = entry.commit
    if commit is None:
        return (words("uncommitted changes on disk"),)
    return (
        words(f"commit {commit.short} {commit.date[:10]} "),
        user(commit.author),
        words(": "),
        user(commit.subject),
    )


def _origin_phrase(entry: HistoryEntry | None) -> Phrase:
    if entry is None:
        return (words("added in: unknown"),)
    if entry.commit is None:
        return (words("added in: uncommitted changes"),)
    commit = entry.commit
    return (
        words(f"added in {commit.short} on {commit.date[:10]} by "),
        user(commit.author),
        words(": "),
        user(commit.subject),
    )


def entry_lines(entry: HistoryEntry) -> list[DiffLine]:
    """What one commit changed, laid out as `diff_lines` does (the history screen shows these)."""
    if entry.diff is None:
        return [DiffLine(0, "change", (words("could not read this version: "), user(entry.error)))]
    body = diff_lines(entry.diff, "", entry.text)
    if entry.created:
        body[0] = DiffLine(0, "summary", (words("file created"), *body[0].segments[1:]))
    return body


def history_lines(entries: Sequence[HistoryEntry], current: Workbook | None) -> list[DiffLine]:
    """Each commit with its changes, then every metric version with the commit that added it."""
    lines: list[DiffLine] = []
    count = sum(1 for e in entries if e.commit is not None)
    lines.append(DiffLine(0, "summary", (words(f"history: {count} commits"),)))
    for entry in entries:
        lines.append(DiffLine(0, "commit", _commit_phrase(entry)))
        lines += [
            DiffLine(line.depth + 1, line.style, line.segments) for line in entry_lines(entry)
        ]
    if current is not None and current.metrics:
        origins = version_origins(entries, current)
        lines.append(DiffLine(0, "summary", (words("metric versions"),)))
        for metric_id in sorted(current.metrics):
            metric = current.metrics[metric_id]
            head: Phrase = (words("metric "), ident(metric_id), words(": "), user(metric.title))
            lines.append(DiffLine(0, "changed", head))
            for index, version in enumerate(metric.versions):
                lines.append(
                    DiffLine(
                        1,
                        "change",
                        (
                            words(f"version {index + 1} ({version.status}): "),
                            user(version.definition),
                        ),
                    )
                )
                if version.rationale:
                    lines.append(DiffLine(2, "detail", (words("why: "), user(version.rationale))))
                lines.append(DiffLine(2, "detail", _origin_phrase(origins.get((metric_id, index)))))
    return lines


def commit_json(commit: Commit | None) -> dict[str, Any] | None:
    if commit is None:
        return None
    return {
        "sha": commit.sha,
        "author": commit.author,
        "email": commit.email,
        "date": commit.date,
        "subject": commit.subject,
        "path": commit.path,
    }


def history_json(
    entries: Sequence[HistoryEntry], current: Workbook | None, file: str
) -> dict[str, Any]:
    """The stable JSON form of `outcomes log` (format 1; see docs/git.md)."""
    versions = []
    if current is not None:
        origins = version_origins(entries, current)
        for metric_id in sorted(current.metrics):
            for index, version in enumerate(current.metrics[metric_id].versions):
                origin = origins.get((metric_id, index))
                versions.append(
                    {
                        "metric": metric_id,
                        "index": index,
                        "version": json_value(version),
                        "known": origin is not None,
                        "commit": commit_json(origin.commit) if origin else None,
                    }
                )
    return {
        "format": 1,
        "file": file,
        "commits": [
            {
                "commit": commit_json(entry.commit),
                "created": entry.created,
                "error": entry.error or None,
                "diff": to_json(entry.diff) if entry.diff is not None else None,
            }
            for entry in entries
        ],
        "metric_versions": versions,
    }
