"""The whole drafting story with the keyboard alone, counting the command keys.

A product manager builds one outcome from an empty file: a North Star, a business
outcome, a product outcome first drafted as an output and then reframed (its id
follows), a metric and a second version that renames it, a guardrail, the goal,
a negotiation both sides sign, an opportunity, a solution and two scored
experiments, then saves. Text is typed key by key but not counted; every other
key (Tab, Enter, arrows, Escape, command letters) is. The budget is 130.
"""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

from outcome_workbook.model.agreement import agreement_of
from outcome_workbook.store import parse
from outcome_workbook.tui.screens.experiments import ExperimentsScreen
from outcome_workbook.tui.screens.form_dialogs import ChoiceDialog, ConfirmDialog, FormDialog
from outcome_workbook.tui.screens.guardrails import GuardrailsScreen
from outcome_workbook.tui.screens.metric_history import MetricHistoryScreen
from outcome_workbook.tui.screens.negotiation import NegotiationScreen
from outcome_workbook.tui.screens.workbench import WorkbenchScreen
from outcome_workbook.tui.workbench_app import WorkbenchApp

from .conftest import make_app
from .helpers import wait_until

BUDGET = 130


class Keyboard:
    """Presses keys as a user would and counts the ones that are commands, not text."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.commands = 0

    async def press(self, *keys: str) -> None:
        self.commands += len(keys)
        await self.pilot.press(*keys)

    async def type(self, text: str) -> None:
        """The first letter as a key (it would run a command if the focus were wrong), the
        rest as the terminal delivers fast typing or a paste: one event of text."""
        app = self.pilot.app
        await self.pilot.press(text[0])
        if len(text) > 1:
            assert app.focused is not None, f"typing {text!r} with nothing focused"
            app.post_message(events.Paste(text[1:]))  # as the terminal driver does
            await self.pilot.pause()

    async def until(self, screen: builtins.type[Screen[Any]], what: str = "") -> None:
        app = self.pilot.app
        try:
            await wait_until(self.pilot, lambda: isinstance(app.screen, screen), "", deadline=5)
        except AssertionError:
            where = f"{what or screen.__name__} (on {app.screen!r}, focus {app.focused!r})"
            raise AssertionError(f"still waiting for {where}") from None


async def _field(keys: Keyboard, text: str, then: str = "tab") -> None:
    await keys.type(text)
    await keys.press(then)


async def test_the_whole_story_by_keyboard_within_the_key_budget(tmp_path: Path) -> None:
    path = tmp_path / "remote-access.toml"
    app = make_app(path)
    assert isinstance(app, WorkbenchApp)
    async with app.run_test(size=(120, 40)) as pilot:
        keys = Keyboard(pilot)
        await keys.until(ChoiceDialog, "the offer to create the file")
        await keys.press("enter")
        await keys.until(WorkbenchScreen)

        # A North Star under the workbook: the first kind offered.
        await keys.press("a")
        await keys.until(ChoiceDialog)
        await keys.press("enter")
        await keys.until(FormDialog)
        await _field(keys, "Weekly active remote sessions")
        await _field(keys, "Remote sessions of two minutes or more, per week", "ctrl+j")
        await keys.until(WorkbenchScreen)

        # A business outcome under it (the cursor is on the new North Star).
        await keys.press("a")
        await keys.until(ChoiceDialog)
        await keys.press("enter")
        await keys.until(FormDialog)
        await _field(keys, "Grow paid conversions from free trials", "enter")
        await keys.until(WorkbenchScreen)

        # The product outcome, drafted as an output...
        await keys.press("a")
        await keys.until(FormDialog)
        await _field(keys, "Launch Slack integration", "enter")
        await keys.until(WorkbenchScreen)
        assert "launch-slack-integration" in app.workbook.product_outcomes

        # ...and reframed as a change in behaviour: the id follows the new title.
        await keys.press("tab")  # into the form, on the title
        await _field(keys, "New sign-ups finish a first remote session within a day", "enter")
        await keys.until(ConfirmDialog, "the offer to rename the id")
        await keys.press("right", "enter")
        await keys.until(WorkbenchScreen)
        (outcome,) = app.workbook.product_outcomes
        assert outcome.startswith("new-sign-ups-finish")
        await keys.press("escape")  # back to the outline

        # Its metric: the first kind offered under a product outcome.
        await keys.press("a")
        await keys.until(ChoiceDialog)
        await keys.press("enter")
        await keys.until(FormDialog)
        await _field(keys, "Sign-up to usage")
        await _field(
            keys, "Share of new sign-ups who start a remote session within 7 days", "ctrl+j"
        )
        await keys.until(WorkbenchScreen)
        metric = app.workbook.product_outcomes[outcome].metric
        assert metric

        # A second version, renaming the metric, with the reason.
        await keys.press("h")
        await keys.until(MetricHistoryScreen)
        await keys.press("v")
        await keys.until(FormDialog)
        await _field(keys, "Sign-up to first session in a day")
        await _field(keys, "Share of new sign-ups who finish a remote session within 24 hours")
        await keys.press("tab")  # the kind stays
        await _field(keys, "Seven days was too slow to act on", "ctrl+j")
        await keys.until(MetricHistoryScreen)
        await keys.press("escape")
        await keys.until(WorkbenchScreen)

        # A guardrail with a new counter-metric, from the outcome (one row up).
        await keys.press("up", "g")
        await keys.until(GuardrailsScreen)
        await keys.press("a")
        await keys.until(FormDialog)
        await keys.press("tab")  # past "a new metric"
        await _field(keys, "Support satisfaction")
        await _field(keys, "CSAT on support tickets, 1 to 5")
        await keys.press("tab", "tab")  # the kind (sentiment) and the rule (not below) stay
        await _field(keys, "4.2")
        await _field(keys, "Faster setup must not cost support quality", "ctrl+j")
        await keys.until(GuardrailsScreen)
        await keys.press("escape")
        await keys.until(WorkbenchScreen)

        # The goal in one form, the performance stage chosen first.
        await keys.press("G")
        await keys.until(FormDialog)
        await keys.press("enter", "down", "enter", "tab")  # stage: performance
        await _field(keys, "Learn which first-day steps finish a session")
        await _field(keys, "20")
        await _field(keys, "35")
        await _field(keys, "%")
        await _field(keys, "2027-03-31", "enter")
        await keys.until(WorkbenchScreen)

        # Both sides speak, then both sign.
        await keys.press("n")
        await keys.until(NegotiationScreen)
        await keys.press("L")
        await keys.until(FormDialog)
        await _field(keys, "Paid growth stalls when trials never connect", "ctrl+j")
        await keys.until(NegotiationScreen)
        await keys.press("T")
        await keys.until(FormDialog)
        await _field(keys, "Aim for 35% within a day by March, then review", "ctrl+j")
        await keys.until(NegotiationScreen)
        await keys.press("s")
        await keys.until(FormDialog)
        await _field(keys, "Dana Ruiz", "enter")
        await keys.until(NegotiationScreen)
        await keys.press("S")
        await keys.until(FormDialog)
        await _field(keys, "Raj Patel", "enter")
        await keys.until(NegotiationScreen)
        await keys.press("escape")
        await keys.until(WorkbenchScreen)

        # The opportunity solution tree: an opportunity, a solution under it.
        await keys.press("a")
        await keys.until(ChoiceDialog)
        await keys.press("2")  # the second kind offered (after a guardrail): opportunity
        await keys.until(FormDialog)
        await _field(keys, "New users cannot tell whether the remote machine is ready", "enter")
        await keys.until(WorkbenchScreen)
        await keys.press("a")
        await keys.until(ChoiceDialog)
        await keys.press("2")  # solution
        await keys.until(FormDialog)
        await _field(keys, "A readiness check on the first screen", "enter")
        await keys.until(WorkbenchScreen)

        # Two experiments, added and scored on the experiments screen.
        await keys.press("e")
        await keys.until(ExperimentsScreen)
        for title, scores in (
            ("Fake door readiness badge", ("7", "6", "9")),
            ("Concierge first session", ("8", "7", "4")),
        ):
            await keys.press("a")
            await keys.until(FormDialog)
            await _field(keys, title, "ctrl+j")
            await keys.until(ExperimentsScreen)
            await keys.press("enter")
            await keys.until(FormDialog)
            await _field(keys, scores[0])
            await _field(keys, scores[1])
            await _field(keys, scores[2], "enter")
            await keys.until(ExperimentsScreen)
        await keys.press("escape")
        await keys.until(WorkbenchScreen)

        await keys.press("ctrl+s")
        await wait_until(
            pilot, lambda: app.document is not None and not app.document.dirty, "the save"
        )

    print(f"\nthe whole story took {keys.commands} command keys (budget {BUDGET})")
    saved = parse(path.read_bytes(), str(path)).workbook
    assert saved.meta.north_star
    star = saved.north_stars[saved.meta.north_star]
    assert star.title == "Weekly active remote sessions"
    (business,) = saved.business_outcomes.values()
    assert business.north_star == star.id
    product = saved.product_outcomes[outcome]
    assert product.drives == (business.id,)
    assert (product.stage, product.baseline, product.target, product.unit) == (
        "performance",
        20,
        35,
        "%",
    )
    assert str(product.deadline) == "2027-03-31"
    saved_metric = saved.metrics[product.metric]
    assert saved_metric.title == "Sign-up to first session in a day"
    assert [v.status for v in saved_metric.versions] == ["superseded", "current"]
    assert saved_metric.versions[-1].rationale == "Seven days was too slow to act on"
    assert saved_metric.versions[-1].definition == (
        "Share of new sign-ups who finish a remote session within 24 hours"
    )
    (guard,) = saved.guardrails_of(outcome)
    assert (saved.metrics[guard.metric].title, guard.value) == ("Support satisfaction", 4.2)
    assert [e.side for e in product.negotiation] == ["leadership", "team"]
    assert agreement_of(saved, product).state == "agreed"
    (opportunity,) = saved.opportunities.values()
    (solution,) = saved.solutions.values()
    assert (opportunity.outcome, solution.opportunity) == (outcome, opportunity.id)
    scored = sorted((e.title, e.impact, e.confidence, e.ease) for e in saved.experiments.values())
    assert scored == [
        ("Concierge first session", 8, 7, 4),
        ("Fake door readiness badge", 7, 6, 9),
    ]
    assert keys.commands <= BUDGET
