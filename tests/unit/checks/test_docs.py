"""docs/checks.md lists every rule with its name and severity, and the JSON keys."""

from __future__ import annotations

from outcome_workbook.checks import all_rules
from outcome_workbook.checks.finding import JSON_KEYS

from ...conftest import ROOT

DOC = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")


def test_every_rule_is_in_the_table_with_its_severity() -> None:
    for rule in all_rules():
        row = f"| {rule.code} | {rule.name} | {rule.severity} |"
        assert row in DOC, f"docs/checks.md has no row {row!r}"


def test_every_rule_has_its_own_section() -> None:
    for rule in all_rules():
        assert f"{rule.code} {rule.name} ({rule.severity})" in DOC, rule.code


def test_every_json_key_is_documented() -> None:
    for key in JSON_KEYS:
        assert f"| `{key}` |" in DOC, key


def test_the_accuracy_table_shows_the_current_figures() -> None:
    from .test_corpus import CHECKS, _figures

    for name in CHECKS:
        figures = _figures(name)
        cells = (
            f"| {figures.positives} | {figures.negatives} | "
            f"{figures.precision:.2f} | {figures.recall:.2f} |"
        )
        row = next((line for line in DOC.splitlines() if line.startswith(f"| `{name}` |")), "")
        assert row.endswith(cells), f"docs/checks.md shows {row!r}; the corpus gives {cells}"
