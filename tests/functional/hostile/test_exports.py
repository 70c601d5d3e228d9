"""Exports and reports write exactly the path given, and never over a file without --force."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .corpus import GOOD, Snapshot, assert_no_crash, exports, fill, run_cli

EXPORTED = exports()
IDS = [" ".join(argv) for _, argv in EXPORTED]
if not EXPORTED:  # pragma: no cover - until an exporting command exists
    pytestmark = pytest.mark.skip("no command writes exports yet")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copyfile(GOOD, tmp_path / "team.toml")
    (tmp_path / "old.txt").write_text("keep me\n", encoding="utf-8")
    return tmp_path


def _run(argv: list[str], folder: Path, out: str, *extra: str) -> tuple[int, str]:
    run = run_cli([*fill(argv, file="team.toml", out=out), *extra], folder)
    assert_no_crash(run.text)
    return run.code, run.err


@pytest.mark.parametrize(("command", "argv"), EXPORTED, ids=IDS)
def test_an_export_writes_only_the_path_given(command: str, argv: list[str], folder: Path) -> None:
    before = Snapshot.take(folder)
    code, err = _run(argv, folder, "new.txt")
    assert code == 0, err
    after = Snapshot.take(folder)
    assert set(after.files) - set(before.files) == {"new.txt"}
    del after.files["new.txt"]
    assert after == before
    assert (folder / "new.txt").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize(("command", "argv"), EXPORTED, ids=IDS)
def test_an_existing_file_is_overwritten_only_with_force(
    command: str, argv: list[str], folder: Path
) -> None:
    before = Snapshot.take(folder)
    code, err = _run(argv, folder, "old.txt")
    assert code == 2
    assert "old.txt" in err and "--force" in err
    assert Snapshot.take(folder) == before
    code, err = _run(argv, folder, "old.txt", "--force")
    assert code == 0, err
    assert (folder / "old.txt").read_text(encoding="utf-8") != "keep me\n"
    assert (folder / "team.toml").read_bytes() == GOOD.read_bytes()


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["", "force"])
@pytest.mark.parametrize(("command", "argv"), EXPORTED, ids=IDS)
def test_an_export_never_replaces_the_workbook(
    command: str, argv: list[str], force: list[str], folder: Path
) -> None:
    (folder / "link.toml").symlink_to(folder / "team.toml")
    before = Snapshot.take(folder)
    for target in ("team.toml", "link.toml", "./team.toml"):
        code, _ = _run(argv, folder, target, *force)
        assert code == 2
    assert Snapshot.take(folder) == before


@pytest.mark.parametrize(("command", "argv"), EXPORTED, ids=IDS)
def test_an_export_does_not_follow_a_link_out_of_the_path_given(
    command: str, argv: list[str], folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (folder / "dangling.txt").symlink_to(elsewhere / "planted.txt")
    (folder / "pointing.txt").symlink_to(folder / "old.txt")
    before = Snapshot.take(folder)
    for target in ("dangling.txt", "pointing.txt"):
        code, _ = _run(argv, folder, target)
        assert code == 2
    assert list(elsewhere.iterdir()) == []
    assert Snapshot.take(folder) == before


@pytest.mark.parametrize(("command", "argv"), EXPORTED, ids=IDS)
def test_an_export_into_a_missing_folder_or_onto_a_folder_is_refused(
    command: str, argv: list[str], folder: Path
) -> None:
    (folder / "sub").mkdir()
    before = Snapshot.take(folder)
    for target in ("missing/out.txt", "sub"):
        code, err = _run(argv, folder, target)
        assert code == 2
        assert err.strip()
    assert Snapshot.take(folder) == before
    assert not (folder / "missing").exists()
