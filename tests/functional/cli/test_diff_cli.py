"""`outcomes diff` on plain files: exit codes, formats, and the textconv rendering."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outcome_workbook.cli import main
from outcome_workbook.model import operations as op

from ...unit.diff.helpers import edited, small_workbook, text_of


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "old.toml"
    old.write_bytes(text_of(small_workbook(), tmp_path, "first.toml"))
    new = tmp_path / "new.toml"
    new.write_bytes(
        edited(
            old.read_bytes(), tmp_path, lambda wb: op.set_field(wb, "more-reorders", "target", 45)
        )
    )
    return old, new


def test_exit_codes(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = pair
    assert main(["diff", str(old), str(old)]) == 0
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "* product outcome more-reorders: More reorders" in out
    assert "    target raised from 40 to 45 %" in out
    broken = tmp_path / "broken.toml"
    broken.write_text("[workbook\n")
    assert main(["diff", str(old), str(broken)]) == 2
    err = capsys.readouterr().err
    assert "broken.toml:1" in err
    assert main(["diff", str(old), str(tmp_path / "missing.toml")]) == 2
    assert main(["diff", str(old)]) == 2


def test_markdown_and_json(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair
    main(["diff", str(old), str(new), "--format", "markdown"])
    markdown = capsys.readouterr().out
    assert markdown.startswith("### ")
    assert "**product outcome `more-reorders`: More reorders**" in markdown
    assert "- target raised from 40 to 45 %" in markdown
    main(["diff", str(old), str(new), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["entities"][0]["changes"][0]["new"] == 45


def test_textconv_renders_readable_lines(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = pair
    assert main(["diff", "--textconv", str(old)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "workbook: Pet food"
    assert "product outcome more-reorders: More reorders" in out
    assert "  target: 40 %" in out
    assert "  version 1 (behaviour, current): Share reordering within 30 days" in out
    # Every entity starts a line at column 0; every fact is indented under it.
    assert all(line == "" or line.startswith("  ") or line[0].isalpha() for line in out)


def test_textconv_of_a_broken_file_shows_the_reason_and_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("<<<<<<< HEAD\n[workbook]\n")
    assert main(["diff", "--textconv", str(broken)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("(not a readable workbook: unresolved merge conflict")
    assert "[workbook]" in out


def test_comment_and_unknown_key_changes_are_shown_and_make_a_difference(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = pair
    new = tmp_path / "commented.toml"
    header = "[product_outcome.more-reorders]"
    new.write_text(
        old.read_text().replace(header, f"# agreed on Monday\n{header}\nx-tool.score = 3")
    )
    capsys.readouterr()
    assert main(["diff", str(old), str(new)]) == 1  # the bytes differ: not "identical"
    out = capsys.readouterr().out
    assert "no changes to what the workbook holds; its text changed" in out
    assert "added: product outcome more-reorders: comment: # agreed on Monday" in out
    assert "added: product outcome more-reorders: unknown key: x-tool.score = 3" in out
    assert main(["diff", "--format", "json", str(old), str(new)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["identical"] is False and data["entities"] == []
    assert [f["what"] for f in data["text"]["added"]] == ["comment", "unknown key"]
    spaced = tmp_path / "spaced.toml"
    spaced.write_text(old.read_text().replace("target = 40", "target =  40"))
    assert main(["diff", str(old), str(spaced)]) == 1
    assert "layout or spelling" in capsys.readouterr().out


def test_textconv_and_diff_show_a_merge_conflict_note(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = pair
    noted = tmp_path / "noted.toml"
    header = "[product_outcome.more-reorders]"
    noted.write_text(
        old.read_text().replace(header, f"# MERGE CONFLICT: target: kept ours 45\n{header}")
    )
    capsys.readouterr()
    assert main(["diff", "--textconv", str(noted)]) == 0
    out = capsys.readouterr().out
    assert "unresolved merge conflicts:\n  line " in out and "target: kept ours 45" in out
    assert main(["diff", str(old), str(noted)]) == 1
    out = capsys.readouterr().out
    assert "unresolved merge conflicts" in out and "target: kept ours 45" in out


def test_the_quick_comment_scan_gives_what_cutting_into_statements_gives() -> None:
    from outcome_workbook.diff.textfacts import statement_facts, unit_facts
    from outcome_workbook.store.blocks import split_units

    from ...conftest import SAMPLES

    checked = 0
    for sample in sorted(SAMPLES.glob("*.toml")):
        for unit in split_units(sample.read_text("utf-8"))[1]:
            assert unit_facts(unit) == statement_facts(unit), (sample.name, unit.key)
            checked += bool(unit_facts(unit))
    assert checked > 5  # the samples carry comments
