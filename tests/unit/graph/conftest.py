"""A small workbook that exercises every node and edge type, built through the model operations."""

from __future__ import annotations

from datetime import date

import pytest

from outcome_workbook.model import Workbook
from outcome_workbook.model import operations as ops


def small_workbook(title_of: dict[str, str] | None = None) -> Workbook:
    """NSM <- 2 business outcomes <- 2 product outcomes (one drives both), metrics, a shared
    guardrail metric, an opportunity tree with experiments. `title_of` overrides titles by id."""
    titles = title_of or {}

    def t(entity_id: str, default: str) -> str:
        return titles.get(entity_id, default)

    wb = ops.new_workbook("Remote access", team="Activation")
    wb, _ = ops.create(wb, "north_star", t("nsm", "Weekly active remote sessions"), "nsm")
    wb, _ = ops.create(wb, "business_outcome", t("revenue", "Grow paid conversions"), "revenue")
    wb, _ = ops.create(wb, "business_outcome", t("retention", "Keep customers longer"), "retention")
    wb, _ = ops.add_metric(
        wb,
        t("usage", "Sign-up to usage rate"),
        "share of sign-ups with a session",
        "adoption",
        entity_id="usage",
    )
    wb = ops.add_metric_version(
        wb,
        "usage",
        "share of sign-ups with a session in 7 days",
        "behaviour",
        "any session was too easy",
        when=date(2025, 1, 10),
    )
    wb, _ = ops.add_metric(
        wb, t("csat", "Support CSAT"), "CSAT after a ticket", "sentiment", entity_id="csat"
    )
    wb, _ = ops.add_metric(
        wb,
        t("repeat", "Repeat sessions"),
        "second session in a week",
        "behaviour",
        entity_id="repeat",
    )
    wb, _ = ops.create(
        wb,
        "product_outcome",
        t("activation", "New sign-ups start a session on day one"),
        "activation",
        drives=["revenue", "retention"],
        metric="usage",
    )
    wb = ops.set_goal(
        wb,
        "activation",
        stage="performance",
        baseline=5,
        target=50,
        unit="%",
        deadline=date(2025, 6, 30),
    )
    wb, _ = ops.create(
        wb,
        "product_outcome",
        t("habit", "Users come back for a second session"),
        "habit",
        drives=["retention"],
        metric="repeat",
    )
    wb, _ = ops.attach_guardrail(wb, "activation", "csat", "not-below", 4.2, entity_id="g-csat-1")
    wb, _ = ops.attach_guardrail(wb, "habit", "csat", "not-below", 4.0, entity_id="g-csat-2")
    wb, _ = ops.create(
        wb, "opportunity", t("setup", "Setup is confusing"), "setup", outcome="activation"
    )
    wb, _ = ops.create(
        wb, "opportunity", t("install", "The agent will not install"), "install", parent="setup"
    )
    wb, _ = ops.create(
        wb, "solution", t("wizard", "Guided setup wizard"), "wizard", opportunity="install"
    )
    wb, _ = ops.create(
        wb,
        "experiment",
        t("fake-door", "Fake door for the wizard"),
        "fake-door",
        solution="wizard",
        impact=7,
        confidence=8,
        ease=5,
    )
    wb, _ = ops.create(
        wb, "experiment", t("interviews", "Five setup interviews"), "interviews", solution="wizard"
    )
    wb, _ = ops.create(
        wb, "product_outcome", t("lonely", "An outcome that drives nothing"), "lonely"
    )
    return wb


@pytest.fixture
def small() -> Workbook:
    return small_workbook()
