"""Every model operation, what it changes, and every misuse it refuses."""

from __future__ import annotations

import dataclasses
from contextlib import AbstractContextManager
from datetime import date

import pytest

from outcome_workbook.model import operations as op
from outcome_workbook.model.entities import (
    ENTITY_CLASSES,
    KINDS,
    SELF_CHECK_QUESTIONS,
    Experiment,
    Guardrail,
    Metric,
    NorthStar,
    ProductOutcome,
)
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.model.workbook import Workbook

from .builders import TODAY, small_workbook


@pytest.fixture
def wb() -> Workbook:
    return small_workbook()


def raises(match: str) -> AbstractContextManager[pytest.ExceptionInfo[WorkbookError]]:
    return pytest.raises(WorkbookError, match=match)


# --- new workbook and create ---------------------------------------------------------------------


def test_new_workbook_needs_a_title() -> None:
    assert op.new_workbook("T", team="X").meta.team == "X"
    with raises("needs a title"):
        op.new_workbook("   ")


@pytest.mark.parametrize("kind", KINDS)
def test_create_each_kind(wb: Workbook, kind: str) -> None:
    required = {
        "guardrail": {"outcome": "employers-hire", "metric": "confirmed-hires"},
        "opportunity": {"outcome": "employers-hire"},
        "solution": {"opportunity": "unsure"},
        "experiment": {"solution": "checklist"},
    }
    new, new_id = op.create(wb, kind, "A brand new thing!", **required.get(kind, {}))
    assert new_id == "a-brand-new-thing"
    assert isinstance(new.get(new_id, kind), ENTITY_CLASSES[kind])
    assert new.kind_of(new_id) == kind
    assert wb.find(new_id) is None, "the original workbook is unchanged"
    assert len(new) == len(wb) + 1


def test_create_makes_unique_ids_from_titles(wb: Workbook) -> None:
    wb, first = op.create(wb, "opportunity", "Slow replies", outcome="employers-hire")
    wb, second = op.create(wb, "opportunity", "Slow replies", outcome="employers-hire")
    assert (first, second) == ("slow-replies", "slow-replies-2")


def test_first_north_star_becomes_the_workbooks() -> None:
    wb = op.new_workbook("T")
    wb, ns = op.create(wb, "north_star", "Weekly planners")
    assert wb.meta.north_star == ns
    wb, _ = op.create(wb, "north_star", "Another")
    assert wb.meta.north_star == ns


def test_create_refuses_misuse(wb: Workbook) -> None:
    with raises("unknown kind"):
        op.create(wb, "feature", "Ship it")
    with raises("not a valid id"):
        op.create(wb, "north_star", "X", "Not An Id")
    with raises("is taken"):
        op.create(wb, "north_star", "X", "renewals")
    with raises("unknown field 'colour'"):
        op.create(wb, "north_star", "X", colour="red")
    with raises("expected text"):
        op.create(wb, "north_star", "X", definition=3)
    with raises("needs a title"):
        op.create(wb, "north_star", "  ")
    with raises("there is no entity with id 'nowhere'"):
        op.create(wb, "solution", "S", opportunity="nowhere")
    with raises("is a business outcome; it must be an opportunity"):
        op.create(wb, "solution", "S", opportunity="renewals")
    with raises("solution"):
        op.create(wb, "solution", "S")  # required reference missing


def test_create_opportunity_needs_exactly_one_parent(wb: Workbook) -> None:
    with raises("needs a product outcome or a parent"):
        op.create(wb, "opportunity", "Floating")
    with raises("not both"):
        op.create(wb, "opportunity", "Both", outcome="employers-hire", parent="unsure")


def test_create_checks_goal_and_ice(wb: Workbook) -> None:
    with raises("performance goal needs a baseline, a target and a deadline"):
        op.create(wb, "product_outcome", "P", stage="performance", baseline=1)
    with raises("impact must be between 1 and 10"):
        op.create(wb, "experiment", "E", solution="checklist", impact=11)


def test_add_metric_starts_current(wb: Workbook) -> None:
    wb, metric_id = op.add_metric(wb, "Reply rate", "Replies in 14 days", "behaviour", when=TODAY)
    metric = wb.get_typed(metric_id, Metric)
    assert [v.status for v in metric.versions] == ["current"]
    assert metric.current() is metric.versions[0]
    with raises("needs a definition"):
        op.add_metric(wb, "Empty", "  ")
    with raises("is not one of"):
        op.add_metric(wb, "Bad kind", "d", kind="vibes")


# --- set_field and set_meta ----------------------------------------------------------------------


def test_set_field_changes_one_field(wb: Workbook) -> None:
    new = op.set_field(wb, "employers-hire", "scope", "UK graduates")
    assert new.product_outcomes["employers-hire"].scope == "UK graduates"
    assert wb.product_outcomes["employers-hire"].scope == ""
    # Unchanged sections are shared, not copied.
    assert new.section("metric") is wb.section("metric")


def test_set_field_same_value_returns_the_same_workbook(wb: Workbook) -> None:
    assert op.set_field(wb, "employers-hire", "scope", "") is wb


def test_set_field_validates(wb: Workbook) -> None:
    with raises("no entity with id 'ghost'"):
        op.set_field(wb, "ghost", "title", "x")
    with raises("has no field 'colour'"):
        op.set_field(wb, "employers-hire", "colour", "red")
    for special in ("id", "versions", "negotiation", "notes", "signoff"):
        with raises("its own operation"):
            op.set_field(wb, "employers-hire" if special != "versions" else "csat", special, ())
    with raises("title cannot be empty"):
        op.set_field(wb, "employers-hire", "title", "  ")
    with raises("is not one of"):
        op.set_field(wb, "employers-hire", "stage", "someday")
    with raises("expected a number"):
        op.set_field(wb, "employers-hire", "baseline", "high")
    with raises("expected a finite number"):
        op.set_field(wb, "employers-hire", "baseline", float("nan"))
    with raises("expected a date"):
        op.set_field(wb, "employers-hire", "deadline", "2026-01-01")
    with raises("expected a whole number"):
        op.set_field(wb, "fake-door", "impact", 2.5)
    with raises("impact must be between"):
        op.set_field(wb, "fake-door", "impact", 0)
    with raises("expected a list of text"):
        op.set_field(wb, "employers-hire", "drives", "renewals")
    with raises("there is no entity"):
        op.set_field(wb, "employers-hire", "metric", "ghost")
    with raises("is a business outcome"):
        op.set_field(wb, "employers-hire", "metric", "renewals")
    wb, deep = op.create(wb, "opportunity", "Deeper", parent="skim")
    with raises("would make a loop"):
        op.set_field(wb, "skim", "parent", deep)


def test_set_field_accepts_bool_never_as_number(wb: Workbook) -> None:
    with raises("expected a number"):
        op.set_field(wb, "employers-hire", "baseline", True)


def test_set_field_cannot_claim_agreement(wb: Workbook) -> None:
    with raises("both sides' sign-offs"):
        op.set_field(wb, "employers-hire", "status", "agreed")
    assert (
        op.set_field(wb, "employers-hire", "status", "proposed")
        .product_outcomes["employers-hire"]
        .status
        == "proposed"
    )


def test_set_meta(wb: Workbook) -> None:
    new = op.set_meta(wb, "team", "Hiring")
    assert new.meta.team == "Hiring"
    assert op.set_meta(new, "ice", "mean").meta.ice == "mean"
    with raises("no editable field 'format'"):
        op.set_meta(wb, "format", 2)
    with raises("no editable field 'retired'"):
        op.set_meta(wb, "retired", ())
    with raises("no editable field 'colour'"):
        op.set_meta(wb, "colour", "red")
    with raises("is not one of"):
        op.set_meta(wb, "ice", "sum")
    with raises("title cannot be empty"):
        op.set_meta(wb, "title", "")
    with raises("is a business outcome, not a North Star Metric"):
        op.set_meta(wb, "north_star", "renewals")
    assert op.set_meta(wb, "north_star", "").meta.north_star == ""


# --- self-check and goals ------------------------------------------------------------------------


def test_set_self_check(wb: Workbook) -> None:
    wb = op.set_self_check(wb, "employers-hire", "behaviour", "yes")
    wb = op.set_self_check(wb, "employers-hire", "without_helping", "yes")
    check = wb.product_outcomes["employers-hire"].self_check
    assert check.behaviour == "yes"
    assert check.failing() == ("without_helping",)
    assert set(check.unanswered()) == {"single_feature", "guarded"}
    assert [check.answer_state(n) for n in SELF_CHECK_QUESTIONS] == ["pass", "fail", "open", "open"]
    with raises("unknown self-check question"):
        op.set_self_check(wb, "employers-hire", "vibes", "yes")
    with raises("is not one of"):
        op.set_self_check(wb, "employers-hire", "behaviour", "maybe")
    with raises("is a guardrail, not a product outcome"):
        op.set_self_check(wb, "guard", "behaviour", "yes")


def test_set_goal(wb: Workbook) -> None:
    with raises("missing: baseline, target, deadline"):
        op.set_goal(wb, "employers-hire", stage="performance")
    with raises("missing: deadline"):
        op.set_goal(wb, "employers-hire", stage="performance", baseline=2, target=4)
    wb = op.set_goal(
        wb, "employers-hire", stage="performance", baseline=2.1, target=4, deadline=TODAY, unit="%"
    )
    outcome = wb.product_outcomes["employers-hire"]
    assert (outcome.stage, outcome.baseline, outcome.target, outcome.deadline, outcome.unit) == (
        "performance",
        2.1,
        4,
        TODAY,
        "%",
    )
    assert outcome.learning_goal == "Learn what predicts a hire", "kept when not given"
    back = op.set_goal(wb, "employers-hire", stage="learning", learning_goal="Learn more")
    assert back.product_outcomes["employers-hire"].target is None
    with raises("is not one of"):
        op.set_goal(wb, "employers-hire", stage="someday")


# --- metric versions -----------------------------------------------------------------------------


def test_add_metric_version_supersedes_current(wb: Workbook) -> None:
    before = wb.get_typed("confirmed-hires", Metric)
    wb = op.add_metric_version(
        wb, "confirmed-hires", "Hires confirmed in 30 days", "behaviour", "Faster", when=TODAY
    )
    metric = wb.get_typed("confirmed-hires", Metric)
    assert [v.status for v in metric.versions] == ["superseded", "current"]
    assert metric.versions[1].rationale == "Faster"
    # The older version is unchanged except for its status.
    assert dataclasses.replace(metric.versions[0], status="current") == before.versions[0]


def test_add_metric_version_proposed_leaves_others_alone(wb: Workbook) -> None:
    before = wb.get_typed("confirmed-hires", Metric).versions
    wb = op.add_metric_version(wb, "confirmed-hires", "D", "behaviour", "Try", make_current=False)
    versions = wb.get_typed("confirmed-hires", Metric).versions
    assert versions[:1] == before
    assert versions[1].status == "proposed"


def test_add_metric_version_refuses_misuse(wb: Workbook) -> None:
    with raises("needs a rationale"):
        op.add_metric_version(wb, "confirmed-hires", "D", "behaviour", "   ")
    with raises("needs a definition"):
        op.add_metric_version(wb, "confirmed-hires", " ", "behaviour", "why")
    with raises("is not one of"):
        op.add_metric_version(wb, "confirmed-hires", "D", "vibes", "why")
    with raises("is a product outcome, not a metric"):
        op.add_metric_version(wb, "employers-hire", "D", "behaviour", "why")


def test_first_version_needs_no_rationale(wb: Workbook) -> None:
    wb, metric_id = op.create(wb, "metric", "Empty metric")
    wb = op.add_metric_version(wb, metric_id, "First", "behaviour", "")
    assert wb.get_typed(metric_id, Metric).versions[0].status == "current"


def test_make_version_current(wb: Workbook) -> None:
    wb = op.add_metric_version(wb, "confirmed-hires", "D2", "behaviour", "why", make_current=False)
    wb = op.make_version_current(wb, "confirmed-hires", 1)
    assert [v.status for v in wb.get_typed("confirmed-hires", Metric).versions] == [
        "superseded",
        "current",
    ]
    with raises("stays superseded"):
        op.make_version_current(wb, "confirmed-hires", 0)
    with raises("has no version 3"):
        op.make_version_current(wb, "confirmed-hires", 2)
    with raises("has no version 0"):
        op.make_version_current(wb, "confirmed-hires", -1)
    assert op.make_version_current(wb, "confirmed-hires", 1).metrics == wb.metrics


def test_a_version_names_the_metric_only_once_it_is_current(wb: Workbook) -> None:
    before = wb.get_typed("confirmed-hires", Metric).title
    wb = op.add_metric_version(
        wb, "confirmed-hires", "D2", "behaviour", "why", make_current=False, title="Hires kept"
    )
    metric = wb.get_typed("confirmed-hires", Metric)
    assert (metric.title, metric.versions[-1].title) == (before, "Hires kept")
    wb = op.make_version_current(wb, "confirmed-hires", 1)
    assert wb.get_typed("confirmed-hires", Metric).title == "Hires kept"
    # Keeping the name records no rename.
    wb = op.add_metric_version(wb, "confirmed-hires", "D3", "behaviour", "why", title="Hires kept")
    assert wb.get_typed("confirmed-hires", Metric).versions[-1].title == ""


# --- guardrails ----------------------------------------------------------------------------------


def test_attach_and_detach_guardrail(wb: Workbook) -> None:
    wb, metric_id = op.add_metric(wb, "Reply rate", "Replies", "behaviour")
    wb, guard_id = op.attach_guardrail(
        wb, "employers-hire", metric_id, "max-worsen-pct", 10, why="silence"
    )
    guard = wb.get_typed(guard_id, Guardrail)
    assert (guard.outcome, guard.metric, guard.rule, guard.value) == (
        "employers-hire",
        metric_id,
        "max-worsen-pct",
        10,
    )
    assert guard.describe_rule() == "must not worsen by more than 10%"
    assert guard in wb.guardrails_of("employers-hire")
    wb = op.detach_guardrail(wb, guard_id)
    assert wb.find(guard_id) is None
    assert wb.find(metric_id) is not None, "detaching keeps the metric"
    assert guard_id in wb.meta.retired


def test_attach_guardrail_refuses_misuse(wb: Workbook) -> None:
    with raises("different metric"):
        op.attach_guardrail(wb, "employers-hire", "confirmed-hires")
    with raises("already guards"):
        op.attach_guardrail(wb, "employers-hire", "csat")
    with raises("not a product outcome"):
        op.attach_guardrail(wb, "renewals", "csat")
    with raises("not a metric"):
        op.attach_guardrail(wb, "employers-hire", "renewals")
    wb, metric_id = op.add_metric(wb, "Reply rate", "Replies", "behaviour")
    with raises("is not one of"):
        op.attach_guardrail(wb, "employers-hire", metric_id, rule="never-worse")
    with raises("not a guardrail"):
        op.detach_guardrail(wb, "csat")


# --- links and moves -----------------------------------------------------------------------------


def test_link_and_unlink(wb: Workbook) -> None:
    wb = op.link(wb, "employers-hire", "hires")
    assert wb.product_outcomes["employers-hire"].drives == ("renewals", "hires")
    assert op.link(wb, "employers-hire", "hires") is wb, "linking twice changes nothing"
    wb = op.unlink(wb, "employers-hire", "renewals")
    assert wb.product_outcomes["employers-hire"].drives == ("hires",)
    with raises("does not drive"):
        op.unlink(wb, "employers-hire", "renewals")
    with raises("there is no entity"):
        op.link(wb, "employers-hire", "ghost")
    with raises("is a metric"):
        op.link(wb, "employers-hire", "csat")


def test_relink_keeps_the_place_in_the_list(wb: Workbook) -> None:
    wb = op.link(wb, "employers-hire", "hires")
    wb, other = op.create(wb, "business_outcome", "Fill roles faster", north_star="hires")
    moved = op.relink(wb, "employers-hire", "renewals", other)
    assert moved.product_outcomes["employers-hire"].drives == (other, "hires")
    assert op.relink(wb, "employers-hire", "renewals", "renewals") is wb
    with raises("already drives 'hires'"):
        op.relink(wb, "employers-hire", "renewals", "hires")
    with raises("does not drive"):
        op.relink(wb, "employers-hire", other, "renewals")
    with raises("is a metric"):
        op.relink(wb, "employers-hire", "renewals", "csat")
    with raises("not a product outcome"):
        op.relink(wb, "renewals", "hires", other)


def test_move(wb: Workbook) -> None:
    wb, other = op.create(wb, "opportunity", "Other need", outcome="employers-hire")
    moved = op.move(wb, "checklist", other)
    assert moved.solutions["checklist"].opportunity == other
    nested = op.move(wb, other, "unsure")
    assert (nested.opportunities[other].parent, nested.opportunities[other].outcome) == (
        "unsure",
        "",
    )
    top = op.move(nested, "skim", "employers-hire")
    assert (top.opportunities["skim"].outcome, top.opportunities["skim"].parent) == (
        "employers-hire",
        "",
    )


def test_parent_kinds_and_parent_of_say_where_an_entity_sits(wb: Workbook) -> None:
    assert op.parent_kinds("opportunity") == ("product_outcome", "opportunity")
    assert op.parent_kinds("experiment") == ("solution",)
    assert op.parent_kinds("product_outcome") == ()
    assert op.parent_of(wb, "unsure") == "employers-hire"
    assert op.parent_of(wb, "skim") == "unsure"
    assert op.parent_of(wb, "fake-door") == "checklist"
    assert op.parent_of(wb, "guard") == "employers-hire"
    assert op.parent_of(wb, "employers-hire") == ""
    for kind in KINDS:
        for parent_kind in op.parent_kinds(kind):
            assert parent_kind in KINDS


def test_move_refuses_loops_and_wrong_parents(wb: Workbook) -> None:
    with raises("would make a loop"):
        op.move(wb, "unsure", "skim")
    with raises("would make a loop"):
        op.move(wb, "unsure", "unsure")
    with raises("a solution goes under an opportunity"):
        op.move(wb, "checklist", "employers-hire")
    with raises("a metric does not sit under a parent"):
        op.move(wb, "csat", "employers-hire")
    with raises("link it to what it drives"):
        op.move(wb, "employers-hire", "renewals")
    with raises("no entity with id 'ghost'"):
        op.move(wb, "checklist", "ghost")
    with raises("no entity with id 'ghost'"):
        op.move(wb, "ghost", "unsure")


# --- negotiation and sign-off --------------------------------------------------------------------


def test_negotiation_entries_append_in_order(wb: Workbook) -> None:
    wb = op.add_negotiation_entry(wb, "employers-hire", "leadership", "context", "Renewals slip")
    outcome = wb.product_outcomes["employers-hire"]
    assert outcome.status == "negotiating", "a first entry opens the negotiation"
    wb = op.add_negotiation_entry(
        wb, "employers-hire", "team", "counter-proposal", "Hires", when=TODAY, author="T"
    )
    entries = wb.product_outcomes["employers-hire"].negotiation
    assert [(e.side, e.kind, e.text) for e in entries] == [
        ("leadership", "context", "Renewals slip"),
        ("team", "counter-proposal", "Hires"),
    ]
    assert entries[1].date == TODAY and entries[1].author == "T"


def test_negotiation_entry_refuses_misuse(wb: Workbook) -> None:
    with raises("needs some text"):
        op.add_negotiation_entry(wb, "employers-hire", "team", "insight", "  ")
    with raises("is not one of"):
        op.add_negotiation_entry(wb, "employers-hire", "board", "insight", "x")
    with raises("is not one of"):
        op.add_negotiation_entry(wb, "employers-hire", "team", "demand", "x")
    with raises("not a product outcome"):
        op.add_negotiation_entry(wb, "csat", "team", "insight", "x")


def test_negotiation_entries_are_edited_and_removed_in_place(wb: Workbook) -> None:
    wb = op.add_negotiation_entry(wb, "employers-hire", "leadership", "context", "Renewals slip")
    wb = op.add_negotiation_entry(wb, "employers-hire", "team", "insight", "Hires lag", when=TODAY)
    wb = op.add_negotiation_entry(wb, "employers-hire", "team", "proposal", "Track hires")
    before = wb
    wb = op.edit_negotiation_entry(
        wb, "employers-hire", 1, side="leadership", kind="concern", text="Budget is fixed"
    )
    entries = wb.product_outcomes["employers-hire"].negotiation
    assert [(e.side, e.kind, e.text) for e in entries] == [
        ("leadership", "context", "Renewals slip"),
        ("leadership", "concern", "Budget is fixed"),
        ("team", "proposal", "Track hires"),
    ]
    assert entries[1].date == TODAY, "fields not given stay as they were"
    assert before.product_outcomes["employers-hire"].negotiation[1].text == "Hires lag"
    assert op.edit_negotiation_entry(wb, "employers-hire", 0, text="Renewals slip") is wb
    wb = op.remove_negotiation_entry(wb, "employers-hire", 0)
    assert [e.text for e in wb.product_outcomes["employers-hire"].negotiation] == [
        "Budget is fixed",
        "Track hires",
    ]


def test_negotiation_entry_edits_refuse_misuse(wb: Workbook) -> None:
    wb = op.add_negotiation_entry(wb, "employers-hire", "team", "insight", "Hires lag")
    with raises("has no negotiation entry 2"):
        op.edit_negotiation_entry(wb, "employers-hire", 1, text="x")
    with raises("has no negotiation entry 0"):
        op.remove_negotiation_entry(wb, "employers-hire", -1)
    with raises("needs some text"):
        op.edit_negotiation_entry(wb, "employers-hire", 0, text="  ")
    with raises("is not one of"):
        op.edit_negotiation_entry(wb, "employers-hire", 0, side="board")
    with raises("unknown field"):
        op.edit_negotiation_entry(wb, "employers-hire", 0, mood="tense")
    with raises("not a product outcome"):
        op.remove_negotiation_entry(wb, "renewals", 0)


def test_sign_off_appends_signatures_and_withdrawals(wb: Workbook) -> None:
    wb = op.sign_off(wb, "employers-hire", "team", "Tomasz", TODAY)
    outcome = wb.product_outcomes["employers-hire"]
    assert outcome.status == "negotiating"
    (signature,) = outcome.signoffs
    assert (signature.side, signature.name, signature.date) == ("team", "Tomasz", TODAY)
    assert signature.metric == "confirmed-hires" and signature.metric_version == 1
    wb = op.sign_off(wb, "employers-hire", "leadership", "Priya", TODAY)
    wb = op.withdraw_sign_off(wb, "employers-hire", "team")
    actions = [(s.side, s.action) for s in wb.product_outcomes["employers-hire"].signoffs]
    assert actions == [("team", "signed"), ("leadership", "signed"), ("team", "withdrawn")]
    with raises("has not signed"):
        op.withdraw_sign_off(wb, "employers-hire", "team")


def test_sign_off_refuses_misuse(wb: Workbook) -> None:
    with raises("side must be"):
        op.sign_off(wb, "employers-hire", "board", "X")
    with raises("needs the name"):
        op.sign_off(wb, "employers-hire", "team", " ")
    with raises("side must be"):
        op.withdraw_sign_off(wb, "employers-hire", "board")
    with raises("not a product outcome"):
        op.sign_off(wb, "renewals", "team", "X")


# --- notes and ICE -------------------------------------------------------------------------------


def test_add_note_to_any_entity(wb: Workbook) -> None:
    for entity_id in ("hires", "renewals", "employers-hire", "csat", "guard", "fake-door"):
        wb = op.add_note(wb, entity_id, "Evidence", "evidence", "https://x", TODAY, "A")
        note = wb.get(entity_id).notes[-1]
        assert (note.kind, note.text, note.url, note.date, note.author) == (
            "evidence",
            "Evidence",
            "https://x",
            TODAY,
            "A",
        )
    with raises("needs some text"):
        op.add_note(wb, "hires", "")
    with raises("is not one of"):
        op.add_note(wb, "hires", "x", kind="gossip")
    with raises("no entity"):
        op.add_note(wb, "ghost", "x")


def test_score_experiment(wb: Workbook) -> None:
    wb = op.score_experiment(wb, "fake-door", 8, 5, 10)
    experiment = wb.get_typed("fake-door", Experiment)
    assert experiment.ice_parts() == (8, 5, 10)
    assert experiment.ice_score("product") == 400
    assert experiment.ice_score("mean") == pytest.approx(7.67)
    cleared = op.score_experiment(wb, "fake-door", None, None, None)
    assert cleared.get_typed("fake-door", Experiment).ice_score("product") is None
    for bad in (0, 11, -3):
        with raises("must be between 1 and 10"):
            op.score_experiment(wb, "fake-door", bad, 5, 5)
    with raises("expected a whole number"):
        op.score_experiment(wb, "fake-door", 5.5, 5, 5)  # type: ignore[arg-type]
    with raises("not an experiment"):
        op.score_experiment(wb, "checklist", 5, 5, 5)


# --- delete --------------------------------------------------------------------------------------


def test_delete_plan_cascades(wb: Workbook) -> None:
    assert op.delete_plan(wb, "employers-hire") == [
        "employers-hire",
        "guard",
        "unsure",
        "checklist",
        "fake-door",
        "skim",
        "confirmed-hires",
    ]
    assert op.delete_plan(wb, "unsure") == ["unsure", "checklist", "fake-door", "skim"]
    assert op.delete_plan(wb, "checklist") == ["checklist", "fake-door"]
    assert op.delete_plan(wb, "renewals") == ["renewals"]
    with raises("in use by employers-hire"):
        op.delete_plan(wb, "confirmed-hires")
    with raises("no entity with id 'ghost'"):
        op.delete_plan(wb, "ghost")


def test_delete_keeps_a_metric_used_elsewhere(wb: Workbook) -> None:
    wb, _ = op.create(wb, "product_outcome", "Other", metric="confirmed-hires")
    assert "confirmed-hires" not in op.delete_plan(wb, "employers-hire")


def test_delete_removes_references_and_retires_ids(wb: Workbook) -> None:
    new = op.delete(wb, "renewals")
    assert new.product_outcomes["employers-hire"].drives == ()
    assert "renewals" in new.meta.retired
    with raises("retired"):
        op.create(new, "business_outcome", "Back again", "renewals")
    # A generated id skips retired ones too.
    _, again = op.create(new, "business_outcome", "Renewals")
    assert again == "renewals-2"


def test_delete_cascade_removes_everything_planned(wb: Workbook) -> None:
    plan = op.delete_plan(wb, "employers-hire")
    new = op.delete(wb, "employers-hire")
    assert all(new.find(i) is None for i in plan)
    assert set(plan) <= set(new.meta.retired)
    assert new.find("csat") is not None
    assert list(new.meta.retired) == sorted(new.meta.retired)


def test_delete_north_star_clears_references(wb: Workbook) -> None:
    new = op.delete(wb, "hires")
    assert new.meta.north_star == ""
    assert new.business_outcomes["renewals"].north_star == ""


# --- rename --------------------------------------------------------------------------------------


def test_rename_updates_every_reference(wb: Workbook) -> None:
    new = op.rename(wb, "employers-hire", "hires-made")
    assert new.find("employers-hire") is None
    assert new.product_outcomes["hires-made"].title == "Employers hire graduates"
    assert new.guardrails["guard"].outcome == "hires-made"
    assert new.opportunities["unsure"].outcome == "hires-made"
    assert "employers-hire" in new.meta.retired
    assert new.renamed == {"hires-made": "employers-hire"}
    again = op.rename(new, "hires-made", "hires-confirmed")
    assert again.renamed == {"hires-confirmed": "employers-hire"}


def test_rename_north_star_and_list_references(wb: Workbook) -> None:
    wb = op.link(wb, "employers-hire", "hires")
    new = op.rename(wb, "hires", "monthly-hires")
    assert new.meta.north_star == "monthly-hires"
    assert new.business_outcomes["renewals"].north_star == "monthly-hires"
    assert new.product_outcomes["employers-hire"].drives == ("renewals", "monthly-hires")
    assert new.get_typed("monthly-hires", NorthStar).definition == "Monthly hires"


def test_rename_refuses_misuse(wb: Workbook) -> None:
    with raises("taken or retired"):
        op.rename(wb, "employers-hire", "renewals")
    with raises("not a valid id"):
        op.rename(wb, "employers-hire", "Bad Id")
    with raises("no entity"):
        op.rename(wb, "ghost", "new")
    renamed = op.rename(wb, "employers-hire", "hires-made")
    with raises("taken or retired"):
        op.rename(renamed, "hires-made", "employers-hire")


def test_operations_never_mutate_their_input(wb: Workbook) -> None:
    snapshot = {kind: dict(wb.section(kind)) for kind in KINDS}
    meta = wb.meta
    op.delete(wb, "employers-hire")
    op.rename(wb, "unsure", "unsure-fit")
    op.add_metric_version(wb, "confirmed-hires", "d", "behaviour", "r")
    assert wb.meta is meta
    assert {kind: dict(wb.section(kind)) for kind in KINDS} == snapshot


def test_ice_scores_use_the_workbook_mode() -> None:
    experiment = Experiment(id="e", title="E", solution="s", impact=2, confidence=3, ease=4)
    assert experiment.ice_score("product") == 24
    assert experiment.ice_score("mean") == 3
    assert Experiment(id="e", title="E", solution="s").ice_parts() is None


def test_metric_current_and_latest() -> None:
    metric = Metric(id="m", title="M")
    assert metric.current() is None and metric.latest() is None
    assert isinstance(ProductOutcome(id="p", title="P").self_check.failing(), tuple)


def test_unused_date_import_guard() -> None:
    assert date(2026, 1, 1) < TODAY


def test_notes_are_edited_and_removed_in_place(wb: Workbook) -> None:
    wb = op.add_note(wb, "renewals", "First", "assumption", when=TODAY, author="A")
    wb = op.add_note(wb, "renewals", "Second", "research", "https://x")
    wb = op.edit_note(wb, "renewals", 0, text="First, reworded", kind="evidence")
    notes = wb.business_outcomes["renewals"].notes
    assert [(n.kind, n.text, n.date, n.author) for n in notes] == [
        ("evidence", "First, reworded", TODAY, "A"),
        ("research", "Second", None, ""),
    ]
    assert op.edit_note(wb, "renewals", 1, url="https://x") is wb
    wb = op.edit_note(wb, "renewals", 1, url="")
    assert wb.business_outcomes["renewals"].notes[1].url == ""
    wb = op.remove_note(wb, "renewals", 0)
    assert [n.text for n in wb.business_outcomes["renewals"].notes] == ["Second"]
    with raises("has no note 2"):
        op.remove_note(wb, "renewals", 1)
    with raises("needs some text"):
        op.edit_note(wb, "renewals", 0, text="")
    with raises("is not one of"):
        op.edit_note(wb, "renewals", 0, kind="gossip")
    with raises("no entity"):
        op.remove_note(wb, "ghost", 0)
