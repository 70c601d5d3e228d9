"""The semantic diff says what changed in the domain's words, grouped by entity."""

from __future__ import annotations

import json
from datetime import date

from outcome_workbook.diff.render import render_json, render_markdown, render_text
from outcome_workbook.diff.semantic import EntityDiff, WorkbookDiff, diff_workbooks
from outcome_workbook.model import operations as op
from outcome_workbook.model.operations.support import _with_entities

from .helpers import small_workbook


def _entity(diff: WorkbookDiff, entity_id: str) -> EntityDiff:
    entity = diff.entity(entity_id)
    assert entity is not None, f"{entity_id} not in the diff"
    return entity


def _texts(diff: WorkbookDiff, entity_id: str) -> list[str]:
    return [change.text for change in _entity(diff, entity_id).changes]


def test_identical_workbooks_have_no_changes() -> None:
    wb = small_workbook()
    diff = diff_workbooks(wb, wb)
    assert diff.identical
    assert render_text(diff) == "changes: no changes\n"


def test_goal_changes_read_as_sentences_with_the_unit() -> None:
    wb = small_workbook()
    after = op.set_field(wb, "more-reorders", "target", 45)
    after = op.set_field(after, "more-reorders", "baseline", 25)
    texts = _texts(diff_workbooks(wb, after), "more-reorders")
    assert "target raised from 40 to 45 %" in texts
    assert "baseline lowered from 30 to 25 %" in texts


def test_field_set_cleared_and_changed() -> None:
    wb = small_workbook()
    after = op.set_field(wb, "more-reorders", "scope", "Dog owners")
    after = op.set_field(after, "more-reorders", "unit", "")
    after = op.set_field(after, "more-reorders", "status", "proposed")
    texts = _texts(diff_workbooks(wb, after), "more-reorders")
    assert "scope set to Dog owners" in texts
    assert "unit cleared (was %)" in texts
    assert "status changed from negotiating to proposed" in texts


def test_metric_version_added_with_rationale_and_which_became_current() -> None:
    wb = small_workbook()
    after = op.add_metric_version(
        wb,
        "reorder-rate",
        "Reorders within 14 days",
        "behaviour",
        "30 days is too slow",
        date(2026, 2, 1),
        "Bo",
    )
    entity = diff_workbooks(wb, after).entity("reorder-rate")
    assert entity is not None and entity.status == "changed"
    added = [c for c in entity.changes if c.type == "version-added"]
    assert added[0].text == (
        "version 2 added (behaviour, current) by Bo on 2026-02-01: Reorders within 14 days"
    )
    assert added[0].details == (("why", "30 days is too slow"),)
    current = [c for c in entity.changes if c.type == "version-current"]
    assert current[0].text == "version 2 is now the current version (was version 1)"
    assert (current[0].old, current[0].new) == (0, 1)
    assert diff_workbooks(wb, after).versions_added()[0][:2] == ("reorder-rate", 1)


def test_adopting_a_proposed_version() -> None:
    wb = op.add_metric_version(
        small_workbook(), "reorder-rate", "14 days", "behaviour", "faster", make_current=False
    )
    after = op.make_version_current(wb, "reorder-rate", 1)
    texts = _texts(diff_workbooks(wb, after), "reorder-rate")
    assert texts == ["version 2 is now the current version (was version 1)"]


def test_guardrail_attached_and_detached_show_under_the_outcome() -> None:
    wb = small_workbook()
    after, guard = op.attach_guardrail(wb, "more-reorders", "csat", "not-below", 4.2, "keep trust")
    diff = diff_workbooks(wb, after)
    assert diff.entity(guard) is None
    attached = diff.entity("more-reorders")
    assert attached is not None
    assert attached.changes[0].type == "guardrail-attached"
    assert attached.changes[0].text == "guardrail attached: csat (CSAT) must not fall below 4.2"
    assert attached.changes[0].details == (("why", "keep trust"),)
    back = diff_workbooks(after, op.detach_guardrail(after, guard))
    assert _texts(back, "more-reorders") == [
        "guardrail detached: csat (CSAT) must not fall below 4.2"
    ]
    assert not back.workbook, "the retired guardrail id is explained by the detach"


def test_negotiation_entries_and_sign_offs() -> None:
    wb = small_workbook()
    after = op.add_negotiation_entry(
        wb, "more-reorders", "team", "counter-proposal", "45 is too high", date(2026, 2, 3), "Cy"
    )
    after = op.sign_off(after, "more-reorders", "leadership", "Ann", date(2026, 3, 1))
    texts = _texts(diff_workbooks(wb, after), "more-reorders")
    assert (
        "negotiation entry added: team counter proposal by Cy on 2026-02-03: 45 is too high"
        in texts
    )
    assert (
        "signed off by leadership: Ann on 2026-03-01, on reorder-rate v1, target 40 %, "
        "by 2026-12-01" in texts
    )
    withdrawn = op.withdraw_sign_off(after, "more-reorders", "leadership", when=date(2026, 3, 2))
    assert "leadership sign-off withdrawn by Ann on 2026-03-02" in _texts(
        diff_workbooks(after, withdrawn), "more-reorders"
    )


def test_a_change_to_a_signed_term_says_it_reopens_the_agreement() -> None:
    wb = op.sign_off(small_workbook(), "more-reorders", "leadership", "Ann", date(2026, 3, 1))
    agreed = op.sign_off(wb, "more-reorders", "team", "Cy", date(2026, 3, 1))
    assert "agreed: both sides signed these terms" in _texts(
        diff_workbooks(wb, agreed), "more-reorders"
    )
    lowered = op.set_field(agreed, "more-reorders", "target", 30)
    assert _texts(diff_workbooks(agreed, lowered), "more-reorders")[-1] == (
        "reopens the agreement signed by Ann (leadership) and Cy (team): "
        "target lowered from 40 to 30 %; both sides must sign again"
    )


def test_entry_inserted_in_the_middle_reads_as_one_addition() -> None:
    wb = op.add_negotiation_entry(
        small_workbook(), "more-reorders", "team", "insight", "later", date(2026, 5, 1)
    )
    outcome = wb.product_outcomes["more-reorders"]
    from dataclasses import replace

    from outcome_workbook.model import NegotiationEntry

    middle = NegotiationEntry(
        side="leadership", kind="concern", text="middle", date=date(2026, 3, 1)
    )
    entries = (outcome.negotiation[0], middle, outcome.negotiation[1])
    after = _with_entities(wb, changed=[replace(outcome, negotiation=entries)])
    changes = _entity(diff_workbooks(wb, after), "more-reorders").changes
    assert [c.type for c in changes] == ["negotiation-added"]
    assert changes[0].index == 1


def test_experiment_rescored_shows_ice_before_and_after() -> None:
    wb = small_workbook()
    after = op.score_experiment(wb, "test-reminder", 6, 4, 8)
    assert _texts(diff_workbooks(wb, after), "test-reminder") == [
        "rescored: ICE 160 → 192 (impact 5 → 6, confidence 4, ease 8)"
    ]


def test_rename_is_detected_through_retired_and_references_are_quiet() -> None:
    wb = small_workbook()
    after = op.rename(wb, "forget", "forgetting")
    diff = diff_workbooks(wb, after)
    renamed = diff.entity("forgetting")
    assert renamed is not None and renamed.status == "renamed" and renamed.old_id == "forget"
    assert renamed.changes == ()
    # The solution's reference followed the rename: that is not a change worth reading.
    assert diff.entity("reminder") is None
    assert diff.workbook == ()
    assert diff.summary() == {"added": 0, "removed": 0, "renamed": 1, "changed": 0}


def test_rename_with_a_title_change_by_content() -> None:
    wb = small_workbook()
    after = op.rename(wb, "forget", "forgetting")
    after = op.set_field(after, "forgetting", "title", "Owners forget to reorder")
    renamed = diff_workbooks(wb, after).entity("forgetting")
    assert renamed is not None and renamed.status == "renamed"
    assert [c.text for c in renamed.changes] == [
        "title changed from Forget to reorder to Owners forget to reorder"
    ]


def test_added_and_removed_entities() -> None:
    wb = small_workbook()
    after, new_id = op.create(wb, "product_outcome", "Faster first order", description="x")
    after = op.delete(after, "reminder")
    diff = diff_workbooks(wb, after)
    added = diff.entity(new_id)
    assert added is not None and added.status == "added"
    assert [c.text for c in added.changes] == ["description: x"]
    assert _entity(diff, "reminder").status == "removed"
    assert _entity(diff, "test-reminder").status == "removed"


def test_workbook_metadata_changes() -> None:
    wb = small_workbook()
    after = op.set_meta(wb, "ice", "mean")
    after = op.set_meta(after, "team", "Retention")
    texts = [c.text for c in diff_workbooks(wb, after).workbook]
    assert "ICE scores are now the mean of the parts (were the product)" in texts
    assert "team changed from Growth to Retention" in texts


def test_long_text_is_shown_on_its_own_lines() -> None:
    wb = small_workbook()
    long = "A long description " * 5
    after = op.set_field(wb, "more-reorders", "description", long)
    change = _entity(diff_workbooks(wb, after), "more-reorders").changes[0]
    assert change.text == "description set"
    assert change.details == (("now", long),)


def test_markdown_escapes_user_text() -> None:
    wb = small_workbook()
    hostile = "[click](http://x) *bold* <b>@here</b> `code` # head\nline"
    after = op.set_field(wb, "more-reorders", "title", hostile)
    markdown = render_markdown(diff_workbooks(wb, after))
    assert "[click](http://x)" not in markdown
    assert "<b>" not in markdown and "@here" not in markdown
    assert r"\[click\]\(http://x\)" in markdown
    assert r"\*bold\*" in markdown
    assert "\nline" not in markdown


def test_text_output_makes_control_characters_inert() -> None:
    wb = small_workbook()
    after = op.set_field(wb, "more-reorders", "scope", "evil\x1b[31mred\x07")
    text = render_text(diff_workbooks(wb, after))
    assert "\x1b" not in text and "\x07" not in text
    assert "␛[31mred␇" in text


def test_json_is_stable_and_complete() -> None:
    wb = small_workbook()
    after = op.set_field(wb, "more-reorders", "target", 45)
    after = op.add_metric_version(after, "csat", "CSAT 7 days after", "sentiment", "closer")
    data = json.loads(render_json(diff_workbooks(wb, after), "a.toml", "b.toml"))
    assert data["format"] == 1
    assert data["old"] == {"label": "a.toml", "title": "Pet food"}
    assert data["identical"] is False
    assert data["summary"] == {"added": 0, "removed": 0, "renamed": 0, "changed": 2}
    outcome = next(e for e in data["entities"] if e["id"] == "more-reorders")
    assert outcome["changes"][0] == {
        "type": "field",
        "text": "target raised from 40 to 45 %",
        "field": "target",
        "old": 40,
        "new": 45,
    }
    metric = next(e for e in data["entities"] if e["id"] == "csat")
    added = next(c for c in metric["changes"] if c["type"] == "version-added")
    assert added["new"]["rationale"] == "closer"
    assert added["index"] == 1
    assert render_json(diff_workbooks(wb, after)) == render_json(diff_workbooks(wb, after))
