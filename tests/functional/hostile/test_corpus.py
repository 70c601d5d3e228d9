"""Every bad file through every command: a located message, exit 2, no traceback, no write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from outcome_workbook.cli import COMMANDS
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.model.operations import upgrade_signoffs
from outcome_workbook.store import WorkbookFile, parse

from .corpus import (
    BAD,
    EXCEPTIONS,
    GOOD,
    INVOCATIONS,
    ROLES,
    Case,
    Invocation,
    Snapshot,
    answer,
    assert_no_crash,
    cases,
    fill,
    first_invocations,
    run_cli,
    run_subprocess,
)

CASES = cases()
FIRST = first_invocations()
# Files whose trouble has no single line to point at (the message names the file).
UNLOCATED = {
    "id-control-chars.toml",
    "missing-workbook-table.toml",
    "newer-format.toml",
    "not-a-workbook.toml",
    "png-named-toml.toml",
    "type-section-not-table.toml",
    "type-workbook-not-table.toml",
    "zip-named-toml.toml",
}


def test_the_corpus_is_large_and_described() -> None:
    files = sorted(p.name for p in CASES[0].path.parent.glob("*.toml"))
    assert len(CASES) >= 45
    assert sorted(c.name for c in CASES) == files, "every file needs a row in README.md"
    assert {c.expect for c in CASES} == {"error", "problems", "read-only", "ok"}
    for case in CASES:
        assert case.what, case.name


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_store_reads_each_file_as_described(case: Case) -> None:
    """parse() raises only WorkbookError, and the README's expectation holds."""
    data = case.path.read_bytes()
    if case.expect == "error":
        with pytest.raises(WorkbookError) as raised:
            parse(data, case.name)
        lines = [p.format() for p in raised.value.problems]
        assert any(case.says in line for line in lines), lines
        return
    loaded = parse(data, case.name, allow_newer=True)
    messages = [p.format() for p in loaded.problems]
    if case.expect == "ok":
        assert not messages and not loaded.read_only_reason
    elif case.expect == "problems":
        assert any(case.says in m for m in messages), messages
    else:
        assert case.says in loaded.read_only_reason


def _walks(case: Case) -> list[tuple[str, Invocation]]:
    """Each command's first invocation, and its others where `case` stands for its class."""
    return [
        (command, invocation)
        for command, found in INVOCATIONS.items()
        for index, invocation in enumerate(found)
        if index == 0 or REPRESENTATIVES[invocation.key, case.expect] == case.name
    ]


def _representatives() -> dict[tuple[str, str], str]:
    """(invocation, class) -> the first file of that class with no exception for it."""
    found: dict[tuple[str, str], str] = {}
    for invocations_of in INVOCATIONS.values():
        for invocation in invocations_of:
            for case in CASES:
                if (case.name, invocation.key) not in EXCEPTIONS:
                    found.setdefault((invocation.key, case.expect), case.name)
    return found


REPRESENTATIVES = _representatives()


def test_the_command_list_is_pinned() -> None:
    """A command removed from (or added to) `outcomes` fails here, never shrinks the walk."""
    assert tuple(INVOCATIONS) == tuple(COMMANDS)
    for (name, key), _ in EXCEPTIONS.items():
        assert any(c.name == name for c in CASES), name
        assert any(i.key == key for found in INVOCATIONS.values() for i in found), key
    classes = {c.expect for c in CASES}
    for found in INVOCATIONS.values():
        for invocation in found:
            assert set(invocation.answers) == classes, invocation.key
            assert {c for k, c in REPRESENTATIVES if k == invocation.key} == classes


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_command_on_every_bad_file(case: Case, tmp_path: Path) -> None:
    """Each invocation in a folder of its own; every failing one is reported together.

    One test per file rather than per file and command: the walk is the same, at
    a fraction of the cost (pytest's own overhead per test was half the time).
    """
    failures: list[str] = []
    walks = _walks(case)
    for index, (command, invocation) in enumerate(walks):
        folder = tmp_path / str(index)
        folder.mkdir()
        try:
            _one_command_on_one_file(case, command, invocation, folder)
        except AssertionError as failure:
            failures.append(f"outcomes {invocation.key}: {str(failure)[:3000]}")
    assert not failures, f"{len(failures)} of {len(walks)} invocations failed:\n" + (
        "\n\n".join(failures)
    )


def _one_command_on_one_file(
    case: Case, command: str, invocation: Invocation, tmp_path: Path
) -> None:
    shutil.copyfile(case.path, tmp_path / case.name)
    shutil.copyfile(GOOD, tmp_path / "good.toml")
    before = Snapshot.take(tmp_path)
    argv = list(invocation.argv)
    filled = fill(argv, file=case.name, good="good.toml", out="out.txt")
    run = run_cli(filled, tmp_path)
    role = ROLES.get(command, "read")
    code, may_write = answer(case.name, case.expect, invocation)

    assert_no_crash(run.text)
    assert run.code == code, (filled, run.code, run.text)
    if run.code == 2 and role != "create":
        assert case.name in run.err, f"the message must name the file: {run.err!r}"
    if case.expect == "error" and role != "create" and code == 2:
        assert case.says in run.err, run.err
        if case.name not in UNLOCATED:
            assert f"{case.name}:" in run.err and any(
                part.split(":")[0].isdigit() for part in run.err.split(f"{case.name}:")[1:]
            ), f"the message must give a line: {run.err!r}"
        if case.line is not None:
            assert f"{case.name}:{case.line}" in run.err, run.err

    after = Snapshot.take(tmp_path)
    created = set(after.files) - set(before.files)
    if "{out}" in argv and run.code != 2:
        assert created == {"out.txt"}, "an export writes exactly the path given"
        del after.files["out.txt"]
    assert set(after.files) == set(before.files), "no file may be created or removed"
    if role == "merge" and run.code == 2:
        # A refused merge leaves ours as it was under one marker line naming the side.
        ours = filled[2]
        bom = b"\xef\xbb\xbf" if before.files[ours][0].startswith(b"\xef\xbb\xbf") else b""
        note, _, rest = after.files[ours][0].removeprefix(bom).partition(b"\n")
        assert note.startswith(b"# MERGE CONFLICT: not merged:")
        assert bom + rest == before.files[ours][0]
        after.files[ours] = before.files[ours]
    if not may_write:
        assert after == before, "the file must not be written"
        return
    changed = [name for name in after.files if after.files[name][0] != before.files[name][0]]
    assert changed == [case.name], f"it must write the file, and only it: {changed}"
    old = parse(before.files[case.name][0], case.name, allow_newer=True).workbook
    new = parse(after.files[case.name][0], case.name, allow_newer=True).workbook
    if role == "record":  # one value more; every entity is still there
        assert len(new) == len(old) > 0
        return
    # fmt records the terms of format 1 sign-offs; nothing else moves.
    assert new == upgrade_signoffs(old), f"{case.name}: the rewrite changed the data"


@pytest.mark.parametrize("case", [c for c in CASES if c.expect in ("ok", "problems")], ids=str)
def test_a_loadable_file_can_be_opened_for_editing_and_saved_unchanged(
    case: Case, tmp_path: Path
) -> None:
    """Opening and saving without edits writes nothing; an edit keeps the rest intact."""
    path = tmp_path / case.name
    shutil.copyfile(case.path, path)
    opened = WorkbookFile.open(path)
    assert opened.save(opened.workbook) is False
    assert path.read_bytes() == case.path.read_bytes()
    assert opened.render(opened.workbook) == case.path.read_bytes()


@pytest.fixture(scope="module")
def huge_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 50 MB workbook-looking file (generated here; never committed)."""
    folder = tmp_path_factory.mktemp("huge")
    path = folder / "huge.toml"
    block = "".join(f'[north_star.n{i}]\ntitle = "North star {i}"\n\n' for i in range(1000))
    with path.open("w", encoding="utf-8") as handle:
        handle.write('[workbook]\ntitle = "Huge"\n\n')
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(block.replace("[north_star.n", f"[north_star.x{handle.tell()}-"))
    return path


FIRST_IDS = [i.key for _, i in FIRST]


@pytest.mark.parametrize(("command", "invocation"), FIRST, ids=FIRST_IDS)
def test_a_50_mb_file_is_refused_by_every_command(
    huge_file: Path, command: str, invocation: Invocation
) -> None:
    folder = huge_file.parent
    shutil.copyfile(GOOD, folder / "good.toml")
    before = huge_file.stat().st_mtime_ns, huge_file.stat().st_size
    argv = fill(list(invocation.argv), file=huge_file.name, good="good.toml", out="out.txt")
    run = run_cli(argv, folder)
    assert_no_crash(run.text)
    assert run.code == 2, run.text
    if ROLES.get(command) != "create":
        assert "larger than a workbook can be" in run.err
    assert (huge_file.stat().st_mtime_ns, huge_file.stat().st_size) == before
    assert sorted(p.name for p in folder.iterdir()) == ["good.toml", "huge.toml"]


# `new` creates a missing file (that is what it is for): its answer is 0, and the file.
MISSING = [
    (name, command, invocation)
    for name in ("missing.toml", "folder")
    for command, invocation in FIRST
]


@pytest.mark.parametrize(
    ("name", "command", "invocation"), MISSING, ids=[f"{n}-{i.key}" for n, _, i in MISSING]
)
def test_a_missing_file_or_a_folder_is_a_clear_message(
    name: str, command: str, invocation: Invocation, tmp_path: Path
) -> None:
    (tmp_path / "folder").mkdir()
    shutil.copyfile(GOOD, tmp_path / "good.toml")
    before = Snapshot.take(tmp_path)
    argv = fill(list(invocation.argv), file=name, good="good.toml", out="out.txt")
    run = run_cli(argv, tmp_path)
    assert_no_crash(run.text)
    if ROLES.get(command) == "create" and name == "missing.toml":
        assert run.code == 0, run.text
        assert parse((tmp_path / name).read_bytes(), name).problems == []
        return
    assert run.code == 2, run.text
    assert name in run.err
    assert Snapshot.take(tmp_path) == before


SUBPROCESS_FILES = ["deep-inline-tables.toml", "conflict-markers.toml", "hostile-text.toml"]


@pytest.mark.parametrize("name", SUBPROCESS_FILES)
def test_the_real_command_prints_no_traceback(name: str, tmp_path: Path) -> None:
    """As a real process (its own recursion limit and streams), each command stays calm."""
    (case,) = [c for c in CASES if c.name == name]
    shutil.copyfile(BAD / name, tmp_path / name)
    shutil.copyfile(GOOD, tmp_path / "good.toml")
    before = Snapshot.take(tmp_path)
    for command, invocation in FIRST:
        if ROLES.get(command) in ("write", "merge", "record"):
            continue
        argv = fill(list(invocation.argv), file=name, good="good.toml", out="out.txt")
        result = run_subprocess(argv, tmp_path)
        err = result.stderr.decode("utf-8", "replace")
        assert_no_crash(err + result.stdout.decode("utf-8", "replace"))
        assert result.returncode == answer(name, case.expect, invocation)[0], (argv, err)
    assert Snapshot.take(tmp_path) == before
