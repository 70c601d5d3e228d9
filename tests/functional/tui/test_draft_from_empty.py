"""A product manager drafts a whole workbook from an empty file in the workbench alone.

Every step goes through keys, forms and screens as a user meets them; the saved
file is then read back, and the coaching checks find nothing left to coach.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from outcome_workbook.checks import run_checks
from outcome_workbook.model.agreement import agreement_of
from outcome_workbook.store import WorkbookFile, parse
from outcome_workbook.tui.screens.experiments import ExperimentsScreen
from outcome_workbook.tui.screens.form_dialogs import ChoiceDialog, FormDialog
from outcome_workbook.tui.screens.guardrails import GuardrailsScreen
from outcome_workbook.tui.screens.metric_history import MetricHistoryScreen
from outcome_workbook.tui.screens.negotiation import NegotiationScreen
from outcome_workbook.tui.screens.workbench import WorkbenchScreen
from outcome_workbook.tui.widgets.outline_tree import OutlineTree
from outcome_workbook.tui.workbench_app import WorkbenchApp

from .conftest import make_app
from .helpers import choose, select, type_into, wait_until


async def _add(pilot: Pilot[None], under: str, kind: str | None, fields: dict[str, str]) -> str:
    """Select `under` (or the workbook row), press `a`, pick `kind`, fill the form, OK."""
    app = pilot.app
    assert isinstance(app, WorkbenchApp)
    if under:
        await select(pilot, under)
    else:
        app.screen.query_one(OutlineTree).move_cursor_to_line(0)
        await pilot.pause()
    app.screen.query_one(OutlineTree).focus()
    await pilot.press("a")
    await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog | FormDialog), "a form")
    if isinstance(app.screen, ChoiceDialog):
        assert kind is not None
        await pilot.click(f"#choice-{kind}")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog), "the add form")
    before = {entity.id for _, entity in app.workbook.entities()}
    for name, value in fields.items():
        await type_into(pilot, f"#form-{name}", value, submit=False)
    await pilot.click("#ok")
    await wait_until(pilot, lambda: isinstance(app.screen, WorkbenchScreen), "the workbench")
    (new_id,) = {entity.id for _, entity in app.workbook.entities()} - before
    return new_id


async def _set(pilot: Pilot[None], field: str, value: str) -> None:
    widget = pilot.app.screen.query_one(f"#field-{field}")
    if isinstance(widget, Input):
        await type_into(pilot, f"#field-{field}", value)
    elif isinstance(widget, TextArea):
        # A long text is taken when the writer leaves it.
        await type_into(pilot, f"#field-{field}", value, submit=False)
        pilot.app.screen.query_one(OutlineTree).focus()
        await pilot.pause()
    else:
        choose(pilot, f"#field-{field}", value)
        await pilot.pause()


async def _form_ok(
    pilot: Pilot[None], values: dict[str, str], choices: dict[str, str] | None = None
) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, FormDialog), "a form")
    for name, value in (choices or {}).items():
        choose(pilot, f"#form-{name}", value)
    for name, value in values.items():
        await type_into(pilot, f"#form-{name}", value, submit=False)
    await pilot.click("#ok")
    await wait_until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form to close")


async def _open_part(
    pilot: Pilot[None], key: str, screen: type[Screen[Any]], entity_id: str = ""
) -> None:
    """From the outline (on `entity_id` if given), open a part screen by its key."""
    app = pilot.app
    if entity_id:
        await select(pilot, entity_id)
    app.screen.query_one(OutlineTree).focus()
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, screen), screen.__name__)


async def _back(pilot: Pilot[None]) -> None:
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WorkbenchScreen), "the workbench")


async def test_a_complete_workbook_is_drafted_from_empty_without_touching_the_toml(
    tmp_path: Path,
) -> None:
    path = tmp_path / "remote-access.toml"
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the create offer")
        await pilot.click("#choice-create")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkbenchScreen), "the workbench")

        star = await _add(
            pilot,
            "",
            "north_star",
            {
                "title": "Weekly active remote sessions",
                "definition": "Remote sessions of two minutes or more, per week",
            },
        )
        business = await _add(
            pilot, star, "business_outcome", {"title": "Grow paid conversions from free trials"}
        )
        outcome = await _add(
            pilot,
            business,
            None,
            {"title": "New sign-ups finish a first remote session within a day"},
        )
        metric = await _add(
            pilot,
            outcome,
            "metric",
            {
                "title": "Sign-up to usage",
                "definition": "Share of new sign-ups who start a remote session within 7 days",
            },
        )
        assert app.workbook.product_outcomes[outcome].metric == metric

        # The goal, through the detail form.
        await select(pilot, outcome)
        # Learning first, then a performance goal once there is a baseline.
        await _set(pilot, "entity-learning-goal", "Learn which first-day steps finish a session")
        await _set(pilot, "entity-baseline", "20")
        await _set(pilot, "entity-target", "35")
        await _set(pilot, "entity-unit", "%")
        await _set(pilot, "entity-deadline", "2027-03-31")
        await _set(pilot, "entity-stage", "performance")
        assert app.workbook.product_outcomes[outcome].stage == "performance"
        for question, answer in {
            "behaviour": "yes",
            "without-helping": "no",
            "single-feature": "no",
            "guarded": "yes",
        }.items():
            await _set(pilot, f"self-check-{question}", answer)

        # A second version of the metric, with the reason for the change.
        await _open_part(pilot, "h", MetricHistoryScreen)
        await pilot.press("v")
        await _form_ok(
            pilot,
            {
                "definition": "Share of new sign-ups who finish a remote session within 24 hours",
                "rationale": "Seven days was too slow to act on",
            },
        )
        await _back(pilot)

        # A counter-metric with a new metric of its own.
        await _open_part(pilot, "g", GuardrailsScreen, outcome)
        await pilot.press("a")
        await _form_ok(
            pilot,
            {
                "new_title": "Support satisfaction",
                "new_definition": "CSAT on support tickets, 1 to 5",
                "value": "4.2",
                "why": "Faster setup must not cost support quality",
            },
            {"new_kind": "sentiment"},
        )
        await _back(pilot)

        # Both sides speak, then both sign.
        await _open_part(pilot, "n", NegotiationScreen, outcome)
        await pilot.press("L")
        await _form_ok(
            pilot, {"text": "Paid growth stalls when trials never connect"}, {"kind": "context"}
        )
        await pilot.press("T")
        await _form_ok(pilot, {"text": "Aim for 35% within a day by March, then review"})
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog), "a form")
        await type_into(pilot, "#form-name", "Dana Ruiz")
        await wait_until(pilot, lambda: isinstance(app.screen, NegotiationScreen), "negotiation")
        await pilot.press("S")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog), "a form")
        await type_into(pilot, "#form-name", "Raj Patel")
        await wait_until(pilot, lambda: isinstance(app.screen, NegotiationScreen), "negotiation")
        await _back(pilot)

        # The opportunity solution tree.
        opportunity = await _add(
            pilot,
            outcome,
            "opportunity",
            {"title": "Setting up a computer for remote access is confusing"},
        )
        solution = await _add(pilot, opportunity, "solution", {"title": "A guided setup checklist"})
        experiment = await _add(
            pilot,
            solution,
            None,
            {"title": "Prototype test with ten trial users"},
        )
        await _open_part(pilot, "e", ExperimentsScreen)
        await pilot.press("enter")
        await _form_ok(pilot, {"impact": "7", "confidence": "6", "ease": "5"})
        await _back(pilot)

        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: app.document is not None and not app.document.dirty, "the save"
        )

    loaded = parse(path.read_bytes(), str(path))
    wb = loaded.workbook
    assert loaded.problems == []
    assert wb.meta.north_star == star
    assert wb.business_outcomes[business].north_star == star
    drafted = wb.product_outcomes[outcome]
    assert drafted.drives == (business,)
    assert (drafted.stage, drafted.baseline, drafted.target, drafted.unit) == (
        "performance",
        20,
        35,
        "%",
    )
    assert str(drafted.deadline) == "2027-03-31"
    check = drafted.self_check
    answers = (check.behaviour, check.without_helping, check.single_feature, check.guarded)
    assert answers == ("yes", "no", "no", "yes")
    assert [v.status for v in wb.metrics[metric].versions] == ["superseded", "current"]
    assert wb.metrics[metric].versions[1].rationale == "Seven days was too slow to act on"
    (guard,) = wb.guardrails_of(outcome)
    assert (guard.value, wb.metrics[guard.metric].title) == (4.2, "Support satisfaction")
    assert [entry.side for entry in drafted.negotiation] == ["leadership", "team"]
    assert [(s.side, s.name) for s in drafted.signoffs] == [
        ("leadership", "Dana Ruiz"),
        ("team", "Raj Patel"),
    ]
    assert agreement_of(wb, drafted).state == "agreed"
    assert drafted.signoffs[1].target == 35 and drafted.signoffs[1].guardrails
    assert wb.experiments[experiment].solution == solution
    assert wb.solutions[solution].opportunity == opportunity
    assert wb.experiments[experiment].ice_score(wb.meta.ice) == 7 * 6 * 5
    # Reopening gives the same model, and the checks have nothing left to coach.
    assert WorkbookFile.open(path).workbook == wb
    findings = run_checks(wb, loaded.locations, str(path), loaded.text)
    assert [(f.code, f.entity) for f in findings if not f.suppressed] == []
