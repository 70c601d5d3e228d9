"""Golden edit tests: one operation on a hand-written file, compared with the file a person expects.

Each expected file in tests/data/golden/ was reviewed by eye as a pull request diff. The
test also pins the diff itself: the only lines added or removed are the ones listed here, so
a writer change that touches one more line fails loudly. Set GOLDEN_UPDATE=1 to rewrite the
expected files after an intended change, then review `git diff tests/data/golden`.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from outcome_workbook.store import WorkbookFile, parse

from ...conftest import DATA
from .golden_ops import OPS

GOLDEN = DATA / "golden"
BASE = GOLDEN / "base.toml"

CHANGED_LINES: dict[str, list[str]] = {
    "set_title": [
        '-title = "Employers hire graduates they met here"',
        '+title = "Employers hire graduates"',
    ],
    "set_multiline": [
        '-description = """',
        "-An employer who posts a role hires a graduate",
        '-who applied through us."""',
        '+description = "An employer hires a graduate who applied here."',
    ],
    "set_new_key": [
        '+scope = "UK and Ireland"',
    ],
    "clear_key": [
        '-learning_goal = "Learn which signals predict a hire."',
    ],
    "set_meta": [
        '-team = "Matching squad"   # renamed in March',
        '+team = "Hiring squad"   # renamed in March',
    ],
    "set_meta_ice": [
        '+ice = "mean"',
    ],
    "self_check": [
        '+guarded = "yes"',
    ],
    "first_self_check": [
        "+",
        "+[product_outcome.graduates-hear-back.self_check]",
        '+behaviour = "yes"',
    ],
    "set_goal": [
        '-stage = "learning"',
        '+stage = "performance"',
        "+baseline = 2.1",
        "+target = 4",
        '+unit = "%"',
        "+deadline = 2026-04-01",
    ],
    "add_version": [
        '-status = "current"   # adopted 2026-03-12',
        '+status = "superseded"   # adopted 2026-03-12',
        "+",
        "+[[metric.confirmed-hires.versions]]",
        '+definition = "Hires confirmed within 30 days"',
        '+kind = "behaviour"',
        '+status = "current"',
        "+date = 2026-04-01",
        '+rationale = "Faster."',
    ],
    "propose_version": [
        "+[[metric.confirmed-hires.versions]]",
        '+definition = "Hires confirmed within 30 days"',
        '+kind = "behaviour"',
        "+date = 2026-04-01",
        '+rationale = "Faster feedback."',
        "+",
    ],
    "make_current": [
        '-status = "current"   # adopted 2026-03-12',
        '+status = "superseded"   # adopted 2026-03-12',
        "+",
        "+[[metric.confirmed-hires.versions]]",
        '+definition = "Hires confirmed within 30 days"',
        '+kind = "behaviour"',
        '+status = "current"',
        "+date = 2026-04-01",
        '+rationale = "Faster feedback."',
    ],
    "attach_guardrail": [
        "+[metric.graduate-reply-rate]",
        '+title = "Graduate reply rate"',
        "+",
        "+[[metric.graduate-reply-rate.versions]]",
        '+definition = "Share of applications answered in 14 days"',
        '+kind = "behaviour"',
        '+status = "current"',
        "+",
        "+[guardrail.graduate-reply-rate-guard]",
        '+title = "Graduate reply rate"',
        '+outcome = "employers-hire"',
        '+metric = "graduate-reply-rate"',
        '+rule = "max-worsen-pct"',
        "+value = 10",
        '+why = "Silence drives graduates away."',
        "+",
    ],
    "detach_guardrail": [
        "+retired = [",
        '+    "hires-csat",',
        "+]",
        "-[guardrail.hires-csat]",
        '-title = "Employers stay happy"',
        '-outcome = "employers-hire"',
        '-metric = "employer-csat"',
        "-value = 4.0",
        '-why = "Pushy matching would cost renewals."',
        "-",
    ],
    "record_first_value": [
        "+values = [",
        '+    {date = 2026-03-30, value = 2.4, note = "After launch"},',
        "+]",
    ],
    "record_values": [
        "+values = [",
        '+    {date = 2026-03-30, value = 2.4, note = "After launch"},',
        '+    {date = 2026-04-06, value = 2.5, source = "warehouse"},',
        "+    {date = 2026-04-13, value = 2.9},",
        "+]",
    ],
    "link": [
        '-drives = ["employer-renewals"]',
        '+drives = ["employer-renewals", "graduates-hired"]',
    ],
    "unlink": [
        '-drives = ["employer-renewals"]',
    ],
    "move": [
        '-parent = "unsure-they-qualify"',
        '+outcome = "employers-hire"',
    ],
    "negotiate": [
        "+",
        "+[[product_outcome.employers-hire.negotiation]]",
        '+side = "team"',
        '+kind = "insight"',
        '+text = "Employers renew when they hire."',
        "+date = 2026-04-01",
        '+author = "Tomasz"',
    ],
    "sign_off": [
        "+",
        "+[[product_outcome.employers-hire.signoffs]]",
        '+side = "team"',
        '+name = "Tomasz"',
        "+date = 2026-04-01",
        '+metric = "confirmed-hires"',
        "+metric_version = 2",
        '+definition = "Hires per 100 postings"',
        '+stage = "learning"',
        '+guardrails = ["employer-csat must not fall below 4"]',
    ],
    "sign_off_both": [
        "+",
        "+[[product_outcome.employers-hire.signoffs]]",
        '+side = "team"',
        '+name = "Tomasz"',
        "+date = 2026-04-01",
        '+metric = "confirmed-hires"',
        "+metric_version = 2",
        '+definition = "Hires per 100 postings"',
        '+stage = "learning"',
        '+guardrails = ["employer-csat must not fall below 4"]',
        "+",
        "+[[product_outcome.employers-hire.signoffs]]",
        '+side = "leadership"',
        '+name = "Priya"',
        "+date = 2026-04-01",
        '+metric = "confirmed-hires"',
        "+metric_version = 2",
        '+definition = "Hires per 100 postings"',
        '+stage = "learning"',
        '+guardrails = ["employer-csat must not fall below 4"]',
    ],
    "withdraw_sign_off": [
        "+",
        "+[[product_outcome.employers-hire.signoffs]]",
        '+side = "team"',
        '+name = "Tomasz"',
        "+date = 2026-04-01",
        '+metric = "confirmed-hires"',
        "+metric_version = 2",
        '+definition = "Hires per 100 postings"',
        '+stage = "learning"',
        '+guardrails = ["employer-csat must not fall below 4"]',
        "+",
        "+[[product_outcome.employers-hire.signoffs]]",
        '+side = "leadership"',
        '+name = "Priya"',
        "+date = 2026-04-01",
        '+metric = "confirmed-hires"',
        "+metric_version = 2",
        '+definition = "Hires per 100 postings"',
        '+stage = "learning"',
        '+guardrails = ["employer-csat must not fall below 4"]',
        "+",
        "+[[product_outcome.employers-hire.signoffs]]",
        '+side = "team"',
        '+action = "withdrawn"',
        '+name = "Tomasz"',
    ],
    "add_note": [
        "+[[experiment.checklist-fake-door.notes]]",
        '+kind = "evidence"',
        '+text = "Ran on 10% of postings."',
        "+date = 2026-04-01",
        "+",
    ],
    "score": [
        "-impact = 7",
        "+impact = 8",
        "-ease = 8",
        "+ease = 9",
    ],
    "score_as_two": [
        "+[[experiment.checklist-fake-door.scores]]",
        '+by = "Priya"',
        "+impact = 8",
        "+confidence = 6",
        "+ease = 9",
        "+date = 2026-04-01",
        "+",
        "+[[experiment.checklist-fake-door.scores]]",
        '+by = "Tomasz"',
        "+impact = 5",
        "+confidence = 6",
        "+ease = 7",
        "+",
    ],
    "vote": [
        '+votes = ["Priya"]',
    ],
    "create": [
        "+[opportunity.employers-forget-to-report-hires]",
        '+title = "Employers forget to report hires"',
        '+outcome = "employers-hire"',
        "+",
    ],
    "delete_cascade": [
        "+retired = [",
        '+    "checklist-fake-door",',
        '+    "must-have-checklist",',
        '+    "unsure-they-qualify",',
        '+    "vague-postings",',
        "+]",
        "-[opportunity.unsure-they-qualify]",
        '-title = "Graduates can\'t tell which roles they qualify for"',
        '-outcome = "employers-hire"',
        "-",
        "-# Nested under the one above.",
        "-[opportunity.vague-postings]",
        '-title = "Postings list ten requirements"',
        '-parent = "unsure-they-qualify"',
        "-",
        "-[solution.must-have-checklist]",
        '-title = "Must-have checklist"',
        '-opportunity = "unsure-they-qualify"',
        "-",
        "-[experiment.checklist-fake-door]",
        '-title = "Checklist fake door"',
        '-solution = "must-have-checklist"',
        "-impact = 7",
        "-confidence = 6",
        "-ease = 8",
        "-",
    ],
    "delete_referenced": [
        "+retired = [",
        '+    "employer-renewals",',
        "+]",
        "-# Leadership's view of the business.",
        "-[business_outcome.employer-renewals]",
        '-title = "More employers renew"',
        '-measure = "Yearly renewal rate"',
        '-north_star = "graduates-hired"',
        "-",
        '-drives = ["employer-renewals"]',
        '-drives = ["employer-renewals"]',
    ],
    "rename": [
        "+retired = [",
        '+    "unsure-they-qualify",',
        "+]",
        "-[opportunity.unsure-they-qualify]",
        "+[opportunity.qualification-unclear]",
        '-parent = "unsure-they-qualify"',
        '+parent = "qualification-unclear"',
        '-opportunity = "unsure-they-qualify"',
        '+opportunity = "qualification-unclear"',
    ],
    "rename_moves": [
        "+retired = [",
        '+    "vague-postings",',
        "+]",
        "+# Nested under the one above.",
        "+[opportunity.long-requirement-lists]",
        '+title = "Postings list ten requirements"',
        '+parent = "unsure-they-qualify"',
        "+",
        "-",
        "-# Nested under the one above.",
        "-[opportunity.vague-postings]",
        '-title = "Postings list ten requirements"',
        '-parent = "unsure-they-qualify"',
    ],
}


def _changed(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("---", "+++"))]


def test_every_operation_has_a_golden_file() -> None:
    assert set(OPS) == set(CHANGED_LINES)
    expected = {p.stem for p in GOLDEN.glob("*.toml")} - {"base"}
    assert expected == set(OPS)


@pytest.mark.parametrize("name", sorted(OPS))
def test_edit_matches_golden_file(name: str, tmp_path: Path) -> None:
    path = tmp_path / "workbook.toml"
    path.write_bytes(BASE.read_bytes())
    opened = WorkbookFile.open(path)
    edited = OPS[name](opened.workbook)
    assert opened.save(edited) is True
    saved = path.read_text("utf-8")
    expected_path = GOLDEN / f"{name}.toml"
    if os.environ.get("GOLDEN_UPDATE"):
        expected_path.write_text(saved, "utf-8")
    assert saved == expected_path.read_text("utf-8")
    assert _changed(BASE.read_text("utf-8"), saved) == CHANGED_LINES[name]
    # The saved file reads back as exactly the edited model, with no new problems.
    reread = parse(path.read_bytes(), str(path))
    assert reread.workbook == edited
    assert reread.problems == []
    # Saving the same model again changes nothing; the file state was updated in place.
    assert opened.save(edited) is False
    assert opened.render(opened.workbook) == path.read_bytes()


@pytest.mark.parametrize("name", sorted(OPS))
def test_edit_keeps_comments_and_unknown_keys(name: str) -> None:
    opened = WorkbookFile.open(BASE)
    saved = opened.render(OPS[name](opened.workbook)).decode("utf-8")
    base = BASE.read_text("utf-8")
    survivors = [
        line
        for line in base.splitlines()
        if line.lstrip().startswith("#") or "dashboard" in line or "owner_slack" in line
    ]
    removed = "".join(line[1:] + "\n" for line in CHANGED_LINES[name] if line.startswith("-"))
    for line in survivors:
        assert line in saved or line in removed, f"{name} lost {line!r}"


@pytest.mark.parametrize("name", sorted(OPS))
def test_edit_with_crlf_keeps_crlf(name: str, tmp_path: Path) -> None:
    path = tmp_path / "workbook.toml"
    path.write_bytes(BASE.read_bytes().replace(b"\n", b"\r\n"))
    opened = WorkbookFile.open(path)
    opened.save(OPS[name](opened.workbook))
    expected = (GOLDEN / f"{name}.toml").read_bytes().replace(b"\n", b"\r\n")
    assert path.read_bytes() == expected


def test_consecutive_edits_compose(tmp_path: Path) -> None:
    """Several saves through one WorkbookFile give the same text as one save of all edits."""
    path = tmp_path / "workbook.toml"
    path.write_bytes(BASE.read_bytes())
    opened = WorkbookFile.open(path)
    names = ["set_title", "sign_off", "add_version", "create", "rename", "score"]
    wb = opened.workbook
    for name in names:
        wb = OPS[name](wb)
        opened.save(wb)
    once = WorkbookFile.open(BASE)
    all_at_once = once.workbook
    for name in names:
        all_at_once = OPS[name](all_at_once)
    assert path.read_bytes() == once.render(all_at_once)
    assert parse(path.read_bytes(), str(path)).workbook == wb


def test_a_second_delete_adds_one_retired_line(tmp_path: Path) -> None:
    """Retired ids are one per line, so two people's deletions merge without a conflict."""
    path = tmp_path / "workbook.toml"
    path.write_bytes(BASE.read_bytes())
    opened = WorkbookFile.open(path)
    opened.save(OPS["detach_guardrail"](opened.workbook))
    before = path.read_text("utf-8")
    opened.save(OPS["delete_cascade"](opened.workbook))
    changed = _changed(before, path.read_text("utf-8"))
    added = [line for line in changed if line.startswith("+")]
    assert added == [
        '+    "checklist-fake-door",',
        '+    "must-have-checklist",',
        '+    "unsure-they-qualify",',
        '+    "vague-postings",',
    ]
