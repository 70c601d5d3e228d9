"""A whole guided session driven through the real screens, ending in a clean workbook."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, ListView, Select

from outcome_workbook.model import operations as op
from outcome_workbook.model.agreement import agreement_of
from outcome_workbook.model.scores import rank_key
from outcome_workbook.store import WorkbookFile
from outcome_workbook.tui.session.screen import SessionScreen
from outcome_workbook.tui.session.session_app import SessionApp
from outcome_workbook.tui.widgets.answer import LongAnswer

from ...conftest import DATA

EXPECTED = DATA / "session" / "expected.toml"
TODAY = date(2026, 11, 23)


def new_app(path: Path) -> SessionApp:
    WorkbookFile.create(path, op.new_workbook("Remote access growth", team="Mobile squad"))
    return SessionApp(WorkbookFile.open(path), today=lambda: TODAY, timebox_running=False)


async def enter(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus a field, type into it and submit it, as a person would: Enter in a one-line
    field, ctrl+j in a long answer (where Enter starts a new line)."""
    field = pilot.app.screen.query_one(selector)
    field.focus()
    await pilot.pause()
    if isinstance(field, LongAnswer):
        field.value = text
        await pilot.press("ctrl+j")
    else:
        assert isinstance(field, Input)
        field.value = ""
        field.insert_text_at_cursor(text)
        await pilot.press("enter")
    await pilot.pause()


async def next_step(pilot: Pilot[None], expected: str) -> None:
    await pilot.press("ctrl+n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    assert screen.step == expected


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the step's panel has been swapped (the old one is gone)."""
    await pilot.pause()
    for _ in range(500):  # a bound for a broken test, not a clock: a busy machine just waits longer
        if len(pilot.app.screen.query(".step-panel")) == 1:
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError("the step panel did not settle")


async def use_outcome(pilot: Pilot[None], outcome_id: str) -> None:
    """Pick the product outcome the step works on, through the outcome selector."""
    select = pilot.app.screen.query_one("#outcome-select", Select)
    if select.value != outcome_id:
        select.value = outcome_id
    # Wait for the panel of this outcome itself: the old one may still be up for a
    # moment after the choice, and typing into it would answer for the other outcome.
    for _ in range(500):
        panels = pilot.app.screen.query(".step-panel")
        if len(panels) == 1 and getattr(panels.first(), "outcome_id", None) == outcome_id:
            break
        await pilot.pause(0.01)
    else:
        raise AssertionError(f"the step did not switch to {outcome_id}")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen) and screen.outcome_id == outcome_id


async def answer_self_check(pilot: Pilot[None]) -> None:
    questions = pilot.app.screen.query_one("#questions", ListView)
    questions.focus()
    questions.index = 0
    await pilot.pause()
    for key in ("y", "n", "n", "y"):
        await pilot.press(key)
        await pilot.pause()


PROTOTYPE = "prototype-test-with-ten-trial-users"


async def score_in_the_room(pilot: Pilot[None]) -> None:
    """Raj scores the prototype test from his own screen (saved to the file meanwhile);
    the facilitator then scores it too and votes for it, from the ranking."""
    app = pilot.app
    assert isinstance(app, SessionApp)
    raj = WorkbookFile.open(app.file.path)
    raj.save(
        op.vote(
            op.score_as(raj.workbook, PROTOTYPE, "Raj Patel", 5, 6, 7, TODAY),
            PROTOTYPE,
            "Raj Patel",
        )
    )
    ranking = app.screen.query_one("#ranking", DataTable)
    ranking.focus()
    ranking.move_cursor(row=ranking.get_row_index(PROTOTYPE))
    await pilot.press("enter")
    await pilot.pause()
    for name, value in (("impact", "8"), ("confidence", "7"), ("ease", "6")):
        app.screen.query_one(f"#form-{name}", Input).value = value
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("v")
    await pilot.pause()


async def drive_session(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, SessionApp)
    # 1. Context
    await enter(pilot, "#nsm-title", "Weekly active remote sessions")
    await enter(pilot, "#bo-title", "Grow paid conversions from free trials")
    await enter(pilot, "#bo-measure", "Trial-to-paid conversion rate")
    await enter(pilot, "#bo-why", "Trial volume is flat and the board wants growth this year")
    await enter(pilot, "#bo-constraints", "No new sales hires before Q3")
    # 2. Translate: the first proposal is an output, then reframed
    await next_step(pilot, "translate")
    await enter(pilot, "#proposal", "Launch an Android app")
    first = app.workbook.session.outcomes[0]  # type: ignore[union-attr]
    proposals = app.screen.query_one("#proposals", ListView)
    proposals.focus()
    proposals.index = 0
    await pilot.press("enter")
    await pilot.pause()
    await enter(pilot, "#proposal", "More people reach their computer from their phone each week")
    # Reframing renamed the id that spelled out the output.
    assert first not in app.workbook.product_outcomes
    first = app.workbook.session.outcomes[0]  # type: ignore[union-attr]
    assert app.workbook.product_outcomes[first].title.startswith("More people reach")
    assert "android" not in first
    await enter(pilot, "#proposal", "New sign-ups finish a first remote session within a day")
    second = app.workbook.session.outcomes[1]  # type: ignore[union-attr]
    # 3. Scope for the first outcome
    await next_step(pilot, "scope")
    await use_outcome(pilot, first)
    for key, text in (
        ("wide", "Any device"),
        ("mid", "Phones and tablets"),
        ("narrow", "Android phones only"),
    ):
        app.screen.query_one(f"#scope-{key}", Input).value = text
    app.screen.query_one("#scope-why", Input).value = "Half of trial users sign up on iOS"
    await pilot.click("#choose-mid")
    await pilot.pause()
    assert app.workbook.product_outcomes[first].scope == "Phones and tablets"
    # 4. Self-check for both outcomes
    await next_step(pilot, "self-check")
    await use_outcome(pilot, first)
    await answer_self_check(pilot)
    await pilot.press("ctrl+f")  # the key that moves to the next outcome
    await settle(pilot)
    assert app.screen.outcome_id == second  # type: ignore[attr-defined]
    await answer_self_check(pilot)
    # 5. Metric: two versions for the first outcome, one for the second
    await next_step(pilot, "metric")
    await use_outcome(pilot, first)
    await enter(pilot, "#metric-title", "Mobile reach")
    await enter(
        pilot, "#metric-definition", "People with at least one remote session from a phone per week"
    )
    app.screen.query_one(
        "#metric-definition", LongAnswer
    ).value = "People who reach their computer from a phone in 2 of the last 4 weeks"
    await enter(pilot, "#metric-rationale", "One session a week counted curious one-off visits")
    await use_outcome(pilot, second)
    await enter(pilot, "#metric-title", "Sign-up to usage")
    await enter(
        pilot,
        "#metric-definition",
        "Share of new sign-ups who finish a remote session within 24 hours",
    )
    # 6. Counter-metric for both outcomes
    await next_step(pilot, "guardrail")
    for outcome_index in range(2):
        await use_outcome(pilot, (first, second)[outcome_index])
        app.screen.query_one("#guard-title", Input).value = (
            "Support satisfaction" if outcome_index == 0 else "Session drop rate"
        )
        app.screen.query_one("#guard-definition", Input).value = (
            "CSAT on support tickets, 1 to 5"
            if outcome_index == 0
            else "Share of sessions that drop in the first minute"
        )
        app.screen.query_one("#guard-value", Input).value = "4.2" if outcome_index == 0 else "5"
        if outcome_index == 1:
            app.screen.query_one("#guard-kind").value = "behaviour"  # type: ignore[attr-defined]
            app.screen.query_one("#guard-rule").value = "not-above"  # type: ignore[attr-defined]
        await enter(pilot, "#guard-why", "Growth must not come from frustrated users")
        outcome = (first, second)[outcome_index]
        assert len(app.workbook.guardrails_of(outcome)) == 1
    # 7. Goal: learning first, then performance for the first outcome
    await next_step(pilot, "goal")
    await use_outcome(pilot, second)
    await enter(pilot, "#learning-goal", "Learn which first-day steps lead to a finished session")
    await use_outcome(pilot, first)
    await enter(pilot, "#learning-goal", "Learn what makes people reach for the phone app")
    assert app.workbook.product_outcomes[first].stage == "learning"
    for name, value in (("baseline", "5"), ("target", "50"), ("unit", "%")):
        app.screen.query_one(f"#goal-{name}", Input).value = value
    await enter(pilot, "#goal-deadline", "2027-03-31")
    assert app.workbook.product_outcomes[first].stage == "performance"
    # 8. Negotiate the first outcome: both sides, both sign-offs
    await next_step(pilot, "negotiate")
    await use_outcome(pilot, first)
    await enter(pilot, "#entry-leadership", "Mobile growth is the board's priority this year")
    await enter(pilot, "#entry-team", "Most sessions start on laptops; phones are quick checks")
    app.screen.query_one("#kind-team").value = "proposal"  # type: ignore[attr-defined]
    await enter(pilot, "#entry-team", "Aim for 50% mobile reach by March, then review")
    await enter(pilot, "#sign-leadership", "Dana Ruiz")
    await enter(pilot, "#sign-team", "Raj Patel")
    agreed = app.workbook.product_outcomes[first]
    assert agreement_of(app.workbook, agreed).state == "agreed"
    assert "AGREED" in str(app.screen.query_one("#agreement").render())
    # 9. Explore: an opportunity, a solution, three experiments ranked by ICE
    await next_step(pilot, "explore")
    await use_outcome(pilot, first)
    await enter(pilot, "#opportunity", "Reconnecting from my phone takes too many taps")
    await enter(pilot, "#solution", "One-tap reconnect to the last computer")
    for title, scores in (
        ("Fake-door button on the phone home screen", ("6", "5", "9")),
        ("Five customer interviews about phone use", ("4", "7", "8")),
        ("Prototype test with ten trial users", ("7", "6", "5")),
    ):
        app.screen.query_one("#experiment", Input).value = title
        for name, value in zip(("impact", "confidence", "ease"), scores, strict=True):
            app.screen.query_one(f"#ice-{name}", Input).value = value
        await enter(pilot, "#ice-ease", scores[2])
    await score_in_the_room(pilot)
    # 10. Review: write the summary
    await next_step(pilot, "review")
    await pilot.press("ctrl+l")
    await pilot.pause()
    await enter(pilot, "#prompt-input", "Pricing page questions from sales")
    await pilot.press("ctrl+d")
    await pilot.pause()
    await enter(pilot, "#prompt-input", "Start with mobile reach; revisit sign-up flow in April")
    app.screen.query_one("#write-summary", Button).focus()
    await pilot.press("w")
    await pilot.pause()
    assert second in app.workbook.product_outcomes


async def test_a_whole_session_fills_a_clean_workbook(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    app = new_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await drive_session(pilot)
    saved = path.read_text(encoding="utf-8")
    if not EXPECTED.exists():  # first run writes the fixture for review
        EXPECTED.parent.mkdir(parents=True, exist_ok=True)
        EXPECTED.write_text(saved, encoding="utf-8")
    assert saved == EXPECTED.read_text(encoding="utf-8")
    # Ranked by ICE as a product of the parts: 6*5*9=270, 4*7*8=224, 7*6*5=210; the room
    # scored the prototype test 5*6*7=210 and 8*7*6=336, a mean of 273: it ranks first.
    ranked = sorted(app.workbook.experiments.values(), key=lambda e: rank_key(e, "product"))
    assert [e.title for e in ranked] == [
        "Prototype test with ten trial users",
        "Fake-door button on the phone home screen",
        "Five customer interviews about phone use",
    ]
    prototype = app.workbook.experiments[PROTOTYPE]
    assert [(s.by, s.ice_parts()) for s in prototype.scores] == [
        ("Raj Patel", (5, 6, 7)),
        ("Facilitator", (8, 7, 6)),
    ]
    assert prototype.votes == ("Raj Patel", "Facilitator")
    summary = app.last_summary
    assert summary is not None and summary.exists()
    text = summary.read_text(encoding="utf-8")
    assert "Start with mobile reach" in text and "Pricing page questions" in text
    result = subprocess.run(
        [sys.executable, "-m", "outcome_workbook", "check", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


async def test_a_session_resumes_where_it_stopped(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    app = new_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await enter(pilot, "#nsm-title", "Weekly active teams")
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
    resumed = SessionApp(WorkbookFile.open(path), today=lambda: TODAY, timebox_running=False)
    async with resumed.run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.step == "scope"


async def test_skipping_a_step_needs_and_keeps_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    app = new_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+k")
        await pilot.pause()
        await pilot.press("enter")  # empty reason is refused
        await pilot.pause()
        await enter(pilot, "#prompt-input", "Leadership context was agreed last week")
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen) and screen.step == "translate"
    state = WorkbookFile.open(path).workbook.session
    assert state is not None
    assert state.skip_reason("context") == "Leadership context was agreed last week"


async def test_changing_a_signed_target_in_the_session_asks_then_reopens(tmp_path: Path) -> None:
    from outcome_workbook.tui.screens.form_dialogs import ConfirmDialog

    from .test_session_snapshots import app_at

    app = app_at(tmp_path, "goal")
    first = "more-people-reach-their-computer-from"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await use_outcome(pilot, first)
        assert agreement_of(app.workbook, app.workbook.product_outcomes[first]).is_agreed
        app.screen.query_one("#goal-target", Input).value = "40"
        await enter(pilot, "#goal-deadline", "2027-03-31")
        assert isinstance(app.screen, ConfirmDialog), "the room is asked before it reopens"
        assert "target lowered from 50 to 40 %" in str(app.screen.body)
        await pilot.click("#yes")
        await pilot.pause()
        outcome = app.workbook.product_outcomes[first]
        assert outcome.target == 40
        assert agreement_of(app.workbook, outcome).state == "reopened"
    saved = WorkbookFile.open(app.file.path).workbook
    assert agreement_of(saved, saved.product_outcomes[first]).state == "reopened"


async def test_a_guardrail_that_would_reopen_keeps_what_was_typed_until_the_answer(
    tmp_path: Path,
) -> None:
    from outcome_workbook.tui.screens.form_dialogs import ConfirmDialog

    from .test_session_snapshots import app_at

    app = app_at(tmp_path, "guardrail")
    first = "more-people-reach-their-computer-from"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await use_outcome(pilot, first)
        guarded = len(app.workbook.guardrails_of(first))
        app.screen.query_one("#guard-title", Input).value = "Support tickets per session"
        app.screen.query_one("#guard-value", Input).value = "0.2"
        await enter(pilot, "#guard-why", "Reach must not come from confused users")
        assert isinstance(app.screen, ConfirmDialog), "the room is asked before it reopens"
        shown = [n.message for n in app._notifications]
        assert "Guardrail attached" not in shown, "nothing is attached yet"
        await pilot.click("#no")
        await pilot.pause()
        # Kept the agreement: nothing attached, and what was typed is still there.
        assert len(app.workbook.guardrails_of(first)) == guarded
        assert app.screen.query_one("#guard-title", Input).value == "Support tickets per session"
        await pilot.press("enter")  # still on 'why': ask again, and go ahead this time
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#yes")
        await pilot.pause()
        assert len(app.workbook.guardrails_of(first)) == guarded + 1
        assert agreement_of(app.workbook, app.workbook.product_outcomes[first]).state == "reopened"
        assert app.screen.query_one("#guard-title", Input).value == ""
        assert "Guardrail attached" in [n.message for n in app._notifications]
