"""The outline's shape, without any widget."""

from __future__ import annotations

from outcome_workbook.model import operations
from outcome_workbook.tui import outline_shape as outline
from outcome_workbook.tui.outline_shape import WORKBOOK, Item

from .builders import small_workbook


def test_top_level_is_the_north_star_then_unplaced_entries() -> None:
    wb = small_workbook()
    assert outline.children(wb, WORKBOOK) == [
        Item("north_star", "weekly-sessions"),
        outline.UNPLACED_GROUP,
    ]
    assert outline.unplaced(wb) == [Item("metric", "csat")]


def test_a_product_outcome_is_listed_under_each_parent_once_as_home() -> None:
    wb = small_workbook()
    under_grow = outline.children(wb, Item("business_outcome", "grow-paid"))
    under_churn = outline.children(wb, Item("business_outcome", "reduce-churn"))
    assert Item("product_outcome", "first-session") in under_grow
    assert Item("product_outcome", "first-session", link=True) in under_churn
    assert outline.children(wb, Item("product_outcome", "first-session", link=True)) == []


def test_product_outcome_children_are_metric_guardrails_then_opportunities() -> None:
    wb = small_workbook()
    wb, guard = operations.attach_guardrail(wb, "first-session", "csat")
    assert outline.children(wb, Item("product_outcome", "first-session")) == [
        Item("metric", "signup-usage"),
        Item("guardrail", guard),
        Item("opportunity", "setup-confusing"),
    ]


def test_home_path_leads_from_the_top_to_the_entity() -> None:
    wb = small_workbook()
    assert outline.home_path(wb, "wizard-test") == [
        "weekly-sessions",
        "grow-paid",
        "first-session",
        "setup-confusing",
        "guided-connection",
        "wizard-test",
    ]
    assert outline.home_path(wb, "csat") is None
    assert outline.home_path(wb, "nope") is None


def test_opportunities_in_a_loop_are_unplaced_not_infinite() -> None:
    from dataclasses import replace

    from outcome_workbook.model.workbook import Workbook

    wb = small_workbook()
    wb, a = operations.create(wb, "opportunity", "A", "opp-a", outcome="first-session")
    wb, b = operations.create(wb, "opportunity", "B", "opp-b", parent=a)
    sections = {k: dict(v) for k, v in wb.sections.items()}
    sections["opportunity"][a] = replace(wb.opportunities[a], outcome="", parent=b)
    looped = Workbook(meta=wb.meta, sections=sections)
    assert outline.home_path(looped, a) is None
    assert Item("opportunity", a) in outline.unplaced(looped)
