"""Workbooks written by hand in every style TOML allows: each edit saves the right data."""

from __future__ import annotations

from pathlib import Path

import pytest

from outcome_workbook.store import WorkbookFile, parse
from outcome_workbook.store.layout import canonical

from ...conftest import DATA
from .golden_ops import OPS

BASE = (DATA / "golden" / "base.toml").read_text("utf-8")
SELF_CHECK = """# Answered in the March session.
[product_outcome.employers-hire.self_check]
behaviour = "yes"
without_helping = "no"
"""
CSAT_VERSIONS = """[[metric.employer-csat.versions]]
definition = "CSAT 1-5 when a posting closes"
kind = "sentiment"
status = "current"
"""

VARIANTS: dict[str, str] = {
    "inline records": BASE.replace(SELF_CHECK, "").replace(
        'owner_slack = "#matching"  # unknown key, kept\n',
        'owner_slack = "#matching"  # unknown key, kept\n'
        'self_check = {behaviour = "yes", without_helping = "no"}  # March\n',
    ),
    "inline list of versions": BASE.replace(
        CSAT_VERSIONS,
        'versions = [{definition = "CSAT 1-5", kind = "sentiment", status = "current"}]\n',
    ),
    "quoted and spaced headers": BASE.replace(
        "[product_outcome.employers-hire]", '[product_outcome."employers-hire"]'
    ).replace("[opportunity.unsure-they-qualify]", "[ opportunity . 'unsure-they-qualify' ]"),
    "indented": BASE.replace("\ntitle", "\n  title").replace("\n[", "\n  ["),
    "sub-table above its table": BASE.replace(
        "[product_outcome.employers-hire]\n",
        "[product_outcome.employers-hire.signoff]\nteam = 'Old'\n\n"
        "[product_outcome.employers-hire]\n",
    ),
    "no final newline": BASE.rstrip("\n"),
    "comments between keys": BASE.replace(
        'stage = "learning"\n', '# Why learning:\nstage = "learning"\n\n# The goal\n'
    ),
    "literal strings": BASE.replace(
        'title = "Employers hire graduates they met here"',
        "title = 'Employers hire graduates they met here'",
    ),
    "multi-line array": BASE.replace(
        'drives = ["employer-renewals"]\nstage',
        'drives = [\n  "employer-renewals",  # main\n]\nstage',
    ),
    "tables split across the file": BASE.replace(SELF_CHECK, "") + "\n" + SELF_CHECK,
    "windows line endings": BASE.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", sorted(OPS))
def test_every_edit_on_every_style(variant: str, name: str, tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_bytes(VARIANTS[variant].encode("utf-8"))
    opened = WorkbookFile.open(path)
    edited = OPS[name](opened.workbook)
    opened.save(edited)
    saved = path.read_bytes()
    assert parse(saved, str(path)).workbook == edited
    text = saved.decode("utf-8")
    for comment in ("# Hand-written workbook", "# Trailing comment at the end of the file."):
        assert comment in text
    if "\r\n" in VARIANTS[variant]:
        assert b"\n" not in saved.replace(b"\r\n", b"")


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_fmt_handles_every_style(variant: str) -> None:
    text = VARIANTS[variant].replace("\r\n", "\n")
    once = canonical(text)
    assert canonical(once) == once
    assert parse(once.encode(), "x").workbook == parse(text.encode(), "x").workbook
    # After fmt, the entity's own table comes first, before its sub-tables.
    headers = [line.strip() for line in once.splitlines() if "employers-hire" in line]
    headers = [h for h in headers if h.startswith("[")]
    assert headers[0] in ("[product_outcome.employers-hire]", '[product_outcome."employers-hire"]')
