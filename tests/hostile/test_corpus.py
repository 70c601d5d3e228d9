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
    GOOD,
    ROLES,
    Case,
    Snapshot,
    assert_no_crash,
    cases,
    fill,
    invocations,
    run_cli,
    run_subprocess,
)

CASES = cases()
INVOKED = invocations()
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


def _expected_codes(role: str, argv: list[str], expect: str, name: str = "") -> set[int]:
    if role == "merge" and name == "empty.toml" and argv[1] == "{file}":
        return {0}  # a zero-byte ancestor is how git says both sides added the file
    if "--textconv" in argv:
        return {0}  # git's textconv shows something for any file, the reason first
    if role == "create":
        return {2}
    if expect == "error":
        return {2}
    if role == "validate":
        return {0} if expect == "ok" else {2}
    if role == "record":
        return {0, 2} if expect == "ok" else {2}  # 2: no such metric, or it must not write
    if role == "write":
        if expect in ("read-only", "problems"):
            return {2}  # a file that does not validate is never rewritten
        return {0, 1} if "--check" in argv else {0}
    if role == "merge":
        return {0, 1, 2} if expect == "read-only" else {0, 1}
    return {0, 1} if expect == "ok" else {0, 1, 2}


def _may_write(role: str, argv: list[str], expect: str) -> bool:
    if role == "record":
        return expect == "ok"
    if expect in ("error", "read-only") or role not in ("write", "merge"):
        return False
    if role == "write" and expect == "problems":
        return False
    return "--check" not in argv


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_command_on_every_bad_file(case: Case, tmp_path: Path) -> None:
    """Each invocation in a folder of its own; every failing one is reported together.

    One test per file rather than per file and command: the walk is the same, at
    a fraction of the cost (pytest's own overhead per test was half the time).
    """
    failures: list[str] = []
    for index, (command, argv) in enumerate(INVOKED):
        folder = tmp_path / str(index)
        folder.mkdir()
        try:
            _one_command_on_one_file(case, command, argv, folder)
        except AssertionError as failure:
            failures.append(f"outcomes {' '.join(argv)}: {str(failure)[:3000]}")
    assert not failures, f"{len(failures)} of {len(INVOKED)} invocations failed:\n" + (
        "\n\n".join(failures)
    )


def _one_command_on_one_file(case: Case, command: str, argv: list[str], tmp_path: Path) -> None:
    shutil.copyfile(case.path, tmp_path / case.name)
    shutil.copyfile(GOOD, tmp_path / "good.toml")
    before = Snapshot.take(tmp_path)
    filled = fill(argv, file=case.name, good="good.toml", out="out.txt")
    run = run_cli(filled, tmp_path)
    role = ROLES.get(command, "read")

    assert_no_crash(run.text)
    expected = _expected_codes(role, argv, case.expect, case.name)
    assert run.code in expected, (filled, run.code, run.text)
    if run.code == 2 and role != "create":
        assert case.name in run.err, f"the message must name the file: {run.err!r}"
    if case.expect == "error" and role != "create" and expected != {0}:
        assert case.says in run.err, run.err
        if case.name not in UNLOCATED:
            assert f"{case.name}:" in run.err and any(
                part.split(":")[0].isdigit() for part in run.err.split(f"{case.name}:")[1:]
            ), f"the message must give a line: {run.err!r}"
        if case.line is not None:
            assert f"{case.name}:{case.line}" in run.err, run.err

    after = Snapshot.take(tmp_path)
    created = set(after.files) - set(before.files)
    if "{out}" in argv and case.expect != "error" and run.code != 2:
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
    if not _may_write(role, argv, case.expect):
        assert after == before, "the file must not be written"
    else:
        # A rewrite keeps every entity and value.
        for name in after.files:
            if after.files[name][0] != before.files[name][0]:
                old = parse(before.files[name][0], name, allow_newer=True).workbook
                new = parse(after.files[name][0], name, allow_newer=True).workbook
                if role == "record":  # one value more; every entity is still there
                    assert set(new.entities()) != set() and len(new) == len(old)
                    continue
                # fmt records the terms of format 1 sign-offs; nothing else moves.
                kept = upgrade_signoffs(old) if argv[0] == "fmt" else old
                assert new == kept, f"{name}: the rewrite changed the data"


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


@pytest.mark.parametrize(("command", "argv"), INVOKED, ids=[" ".join(a) for _, a in INVOKED])
def test_a_50_mb_file_is_refused_by_every_command(
    huge_file: Path, command: str, argv: list[str]
) -> None:
    folder = huge_file.parent
    shutil.copyfile(GOOD, folder / "good.toml")
    before = huge_file.stat().st_mtime_ns, huge_file.stat().st_size
    run = run_cli(fill(argv, file=huge_file.name, good="good.toml", out="out.txt"), folder)
    assert_no_crash(run.text)
    assert run.code == 2, run.text
    if ROLES.get(command) != "create":
        assert "larger than a workbook can be" in run.err
    assert (huge_file.stat().st_mtime_ns, huge_file.stat().st_size) == before
    assert sorted(p.name for p in folder.iterdir()) == ["good.toml", "huge.toml"]


@pytest.mark.parametrize("name", ["missing.toml", "folder"])
@pytest.mark.parametrize(("command", "argv"), INVOKED, ids=[" ".join(a) for _, a in INVOKED])
def test_a_missing_file_or_a_folder_is_a_clear_message(
    name: str, command: str, argv: list[str], tmp_path: Path
) -> None:
    (tmp_path / "folder").mkdir()
    shutil.copyfile(GOOD, tmp_path / "good.toml")
    if ROLES.get(command) == "create" and name == "missing.toml":
        pytest.skip("creating a missing file is what `new` is for")
    before = Snapshot.take(tmp_path)
    run = run_cli(fill(argv, file=name, good="good.toml", out="out.txt"), tmp_path)
    assert_no_crash(run.text)
    assert run.code == 2, run.text
    assert name in run.err
    assert Snapshot.take(tmp_path) == before


SUBPROCESS_FILES = ["deep-inline-tables.toml", "conflict-markers.toml", "hostile-text.toml"]


@pytest.mark.parametrize("name", SUBPROCESS_FILES)
def test_the_real_command_prints_no_traceback(name: str, tmp_path: Path) -> None:
    """As a real process (its own recursion limit and streams), each command stays calm."""
    shutil.copyfile(BAD / name, tmp_path / name)
    shutil.copyfile(GOOD, tmp_path / "good.toml")
    before = Snapshot.take(tmp_path)
    seen: set[str] = set()
    for command, argv in INVOKED:
        if command in seen or ROLES.get(command) in ("write", "merge", "record"):
            continue
        seen.add(command)
        result = run_subprocess(fill(argv, file=name, good="good.toml", out="out.txt"), tmp_path)
        err = result.stderr.decode("utf-8", "replace")
        assert_no_crash(err + result.stdout.decode("utf-8", "replace"))
        assert result.returncode in (0, 1, 2), (argv, result.returncode, err)
    assert Snapshot.take(tmp_path) == before


def test_every_registered_command_is_walked() -> None:
    walked = {command for command, _ in INVOKED}
    for name in COMMANDS:
        if name in ("schema", "open", "git", "serve", "import"):  # no workbook read, or a server
            continue
        assert name in walked
