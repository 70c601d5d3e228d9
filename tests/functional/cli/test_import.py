"""`outcomes import`: OKR lists (CSV, Markdown) become a draft workbook; bad lists are located."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from outcome_workbook.cli import main

from ...conftest import DATA

IMPORT = DATA / "import"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("suffix", ["csv", "md"])
def test_import_matches_golden_workbook(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regenerate with OUTCOMES_UPDATE_GOLDEN=1 after an intended change, and review the diff."""
    target = tmp_path / "okrs.toml"
    code, out, _ = run(capsys, "import", str(IMPORT / f"okrs.{suffix}"), "-o", str(target))
    assert code == 0
    assert "3 objectives" in out
    produced = target.read_text("utf-8")
    golden = IMPORT / f"okrs.{suffix}.golden.toml"
    if os.environ.get("OUTCOMES_UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8", newline="\n")
    assert produced == golden.read_text("utf-8"), (
        f"{golden.name} differs; if the change is intended, rerun with "
        "OUTCOMES_UPDATE_GOLDEN=1 and review `git diff tests/data/import`"
    )


def test_check_on_the_draft_says_what_to_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "okrs.toml"
    assert run(capsys, "import", str(IMPORT / "okrs.md"), "-o", str(target))[0] == 0
    code, out, _ = run(capsys, "check", str(target))
    assert code == 1  # an objective worded as a launch is an error
    assert "OW101" in out and "Successfully launch our new product" in out
    assert "OW304" in out  # the financial key results still need a product outcome


def test_outputs_are_solutions_with_the_coaching_question(tmp_path: Path) -> None:
    from outcome_workbook.checks.traps import OUTPUT_QUESTION
    from outcome_workbook.store import WorkbookFile

    target = tmp_path / "okrs.toml"
    assert main(["import", str(IMPORT / "okrs.csv"), "-o", str(target)]) == 0
    wb = WorkbookFile.open(target).workbook
    assert {s.title for s in wb.solutions.values()} == {
        "Launch video calling",
        "Ship the new onboarding flow",
    }
    assert all(OUTPUT_QUESTION in s.description for s in wb.solutions.values())
    assert "Increase annual recurring revenue by 20%" in {
        b.title for b in wb.business_outcomes.values()
    }
    # only a hint (OW110): the key result stays a product outcome, with the hint's question
    unsure = [p for p in wb.product_outcomes.values() if "unit test coverage" in p.title]
    assert len(unsure) == 1 and unsure[0].drives
    assert 'Is "unit test coverage" something the team does' in unsure[0].description


def test_an_existing_workbook_is_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "okrs.toml"
    target.write_text("keep me", "utf-8")
    code, _, err = run(capsys, "import", str(IMPORT / "okrs.csv"), "-o", str(target))
    assert code == 2
    assert "exists; not overwriting it" in err
    assert target.read_text("utf-8") == "keep me"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("missing.csv", None, "missing.csv"),
        ("empty.md", "\n  \n", "empty.md:1: the file is empty"),
        ("cols.csv", "Goal,Owner\nGrow,Ann\n", "cols.csv:1: the header row has no key result"),
        (
            "rows.csv",
            "OKR,KR\nGrow,Add SSO\n,Raise revenue\n",
            "rows.csv:3: this row has no objective",
        ),
        ("orphan.md", "  - Raise revenue by 5%\n", "orphan.md:1: a nested item with no objective"),
    ],
)
def test_bad_lists_are_located_and_nothing_is_written(
    name: str,
    text: str | None,
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / name
    if text is not None:
        source.write_text(text, "utf-8")
    target = tmp_path / "out.toml"
    code, _, err = run(capsys, "import", str(source), "-o", str(target))
    assert code == 2
    assert expected in err
    assert not target.exists()
