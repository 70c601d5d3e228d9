"""Workbooks for the workbench tests, built through the model's operations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from outcome_workbook.model import Workbook, operations
from outcome_workbook.store import WorkbookFile

HOSTILE = "[Server] [[a]] [/ [TODO] [bold]x[/bold]"


def small_workbook(hostile: bool = False) -> Workbook:
    """A remote-access story: one NSM, two business outcomes, a full opportunity tree."""
    wb = operations.new_workbook("Remote access", team="Growth")
    wb, ns = operations.create(
        wb,
        "north_star",
        "Weekly active remote sessions",
        "weekly-sessions",
        definition="Sessions lasting over a minute, per week",
    )
    wb, bo = operations.create(
        wb,
        "business_outcome",
        HOSTILE if hostile else "Grow paid subscriptions",
        "grow-paid",
        north_star=ns,
        description="More paying teams this year",
    )
    wb, bo2 = operations.create(
        wb, "business_outcome", "Reduce churn", "reduce-churn", north_star=ns
    )
    wb, metric = operations.add_metric(
        wb,
        "Sign-up to usage rate",
        "Share of sign-ups who start a session within 7 days",
        "behaviour",
        entity_id="signup-usage",
    )
    wb, po = operations.create(
        wb,
        "product_outcome",
        "More sign-ups start a first session",
        "first-session",
        drives=(bo, bo2),
        metric=metric,
        baseline=5,
        target=50,
        unit="%",
    )
    wb, csat = operations.add_metric(
        wb, "Support satisfaction", "CSAT of support tickets", "sentiment", entity_id="csat"
    )
    wb, _ = operations.create(
        wb, "product_outcome", "Teams invite a colleague", "invite-colleague", drives=(bo,)
    )
    wb, opp = operations.create(
        wb, "opportunity", "Setup is confusing", "setup-confusing", outcome=po
    )
    wb, sol = operations.create(
        wb, "solution", "Guided first connection", "guided-connection", opportunity=opp
    )
    wb, _ = operations.create(
        wb,
        "experiment",
        "Wizard prototype test",
        "wizard-test",
        solution=sol,
        hypothesis="A wizard doubles first sessions",
        impact=8,
        confidence=5,
        ease=6,
    )
    wb, _ = operations.create(
        wb, "experiment", "Email nudge", "email-nudge", solution=sol, impact=4, confidence=7, ease=9
    )
    del csat
    return wb


def write(path: Path, wb: Workbook) -> Path:
    WorkbookFile.create(path, wb)
    return path


def big_workbook(outcomes: int = 1000) -> Workbook:
    """Many outcomes under a few business outcomes, each with a metric and a small tree."""
    wb = operations.new_workbook("Large workbook")
    wb, ns = operations.create(wb, "north_star", "North star", "ns")
    bos = []
    for b in range(20):
        wb, bo = operations.create(
            wb, "business_outcome", f"Business {b}", f"bo-{b}", north_star=ns
        )
        bos.append(bo)
    for i in range(outcomes):
        wb, metric = operations.add_metric(
            wb, f"Metric {i}", f"Definition {i}", "behaviour", entity_id=f"m-{i}"
        )
        wb, po = operations.create(
            wb, "product_outcome", f"Outcome {i}", f"po-{i}", drives=(bos[i % 20],), metric=metric
        )
        wb, opp = operations.create(wb, "opportunity", f"Need {i}", f"opp-{i}", outcome=po)
        wb, _ = operations.create(wb, "solution", f"Idea {i}", f"sol-{i}", opportunity=opp)
    return wb


TODAY = date(2026, 1, 15)
