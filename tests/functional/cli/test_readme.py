"""The README stays true: its set-up commands, every command, every docs page it links."""

from __future__ import annotations

import re

from outcome_workbook.cli import COMMANDS

from ...conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def test_readme_gives_the_two_setup_commands() -> None:
    assert "pip install -e . && outcomes sample_workbooks/remote-access.toml" in README
    command = "pip install -e '.[test]' && pytest -n auto"
    assert command in README
    assert (ROOT / "sample_workbooks" / "remote-access.toml").exists()
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert command in ci, "CI runs exactly the README's test command"


def test_readme_lists_every_command() -> None:
    for name in COMMANDS:
        if name == "open":
            assert "`outcomes [FILE]`" in README
        else:
            assert f"`outcomes {name}" in README, f"README does not mention 'outcomes {name}'"


def test_readme_links_resolve_and_every_doc_is_linked() -> None:
    links = set(re.findall(r"\]\((docs/[^)#]+)\)", README))
    for link in links:
        assert (ROOT / link).exists(), link
    pages = {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}
    assert pages <= links, f"docs pages not linked from the README: {sorted(pages - links)}"
