"""The part screens: metric history, guardrails, negotiation, experiments, graph; add/delete."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList, Static

from outcome_workbook.model.agreement import agreement_of
from outcome_workbook.tui.parts.experiments.table import ROOM
from outcome_workbook.tui.screens.experiments import ExperimentsScreen
from outcome_workbook.tui.screens.form_dialogs import ChoiceDialog, ConfirmDialog, FormDialog
from outcome_workbook.tui.screens.graph_screen import GraphScreen
from outcome_workbook.tui.screens.guardrails import GuardrailsScreen
from outcome_workbook.tui.screens.metric_history import MetricHistoryScreen
from outcome_workbook.tui.screens.negotiation import NegotiationScreen
from outcome_workbook.tui.screens.workbench import WorkbenchScreen
from outcome_workbook.tui.widgets.outline_tree import OutlineTree

from .conftest import make_app
from .helpers import choose, select, type_into


async def test_new_metric_version_needs_a_rationale_and_supersedes(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "first-session")
        screen.query_one(OutlineTree).focus()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, MetricHistoryScreen)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await type_into(
            pilot, "#form-definition", "Sign-ups who connect to a device in 24 h", False
        )
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog), "a version without a rationale is refused"
        assert "rationale" in str(app.screen.query_one("#dialog-error", Static).render())
        await type_into(pilot, "#form-rationale", "Seven days was too slow to act on", False)
        await type_into(pilot, "#form-title", "Sign-ups connected within a day", False)
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, MetricHistoryScreen)
        metric = app.workbook.metrics["signup-usage"]
        versions = metric.versions
        assert [v.status for v in versions] == ["superseded", "current"]
        assert versions[1].rationale == "Seven days was too slow to act on"
        assert metric.title == "Sign-ups connected within a day", "named after what it measures"
        assert versions[1].date is not None, "a version made here is dated"
        versions_list = app.screen.query_one("#versions", OptionList)
        newest = versions_list.get_option_at_index(versions_list.option_count - 1)
        assert versions_list.highlighted == versions_list.option_count - 1
        assert "v2 current" in str(newest.prompt)
        assert "Seven days was too slow" in str(newest.prompt)


async def test_attach_edit_and_detach_a_guardrail(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "first-session")
        screen.query_one(OutlineTree).focus()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GuardrailsScreen)
        await pilot.press("a")
        await pilot.pause()
        choose(pilot, "#form-metric", "csat")
        await type_into(pilot, "#form-value", "4.2", submit=False)
        await type_into(pilot, "#form-why", "Faster setup must not cost support quality", False)
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, GuardrailsScreen)
        guards = app.workbook.guardrails_of("first-session")
        assert [(g.metric, g.value) for g in guards] == [("csat", 4.2)]
        await pilot.press("d")
        await pilot.pause()
        assert app.workbook.guardrails_of("first-session") == []
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(app.workbook.guardrails_of("first-session")) == 1


async def test_negotiation_entries_and_both_sign_offs_agree_the_outcome(
    workbook_path: Path,
) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "first-session")
        screen.query_one(OutlineTree).focus()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NegotiationScreen)
        await pilot.press("L")
        await pilot.pause()
        choose(pilot, "#form-kind", "context")
        await type_into(pilot, "#form-text", "Paid growth stalls when trials never connect", False)
        await pilot.click("#ok")
        await pilot.pause()
        await pilot.press("T")
        await pilot.pause()
        await type_into(pilot, "#form-text", "Half of trials fail at the firewall step", False)
        await pilot.click("#ok")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await type_into(pilot, "#form-name", "Dana (VP)")
        await pilot.press("S")
        await pilot.pause()
        await type_into(pilot, "#form-name", "Growth team")
        outcome = app.workbook.product_outcomes["first-session"]
        assert [(e.side, e.kind) for e in outcome.negotiation] == [
            ("leadership", "context"),
            ("team", "proposal"),
        ]
        agreement = agreement_of(app.workbook, outcome)
        assert agreement.state == "agreed"
        assert [(s.side, s.name) for s in outcome.signoffs] == [
            ("leadership", "Dana (VP)"),
            ("team", "Growth team"),
        ]
        assert outcome.signoffs[0].metric == outcome.metric
        heading = str(app.screen.query_one("#negotiation-heading", Static).render())
        assert "AGREED" in heading and "terms unchanged since" in heading
        listing = app.screen.query_one("#team", OptionList)
        team = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert len(team) == 1 and "firewall" in team[0]
        assert "Growth team" in str(app.screen.query_one("#team-signoff", Static).render())


async def test_experiments_table_orders_and_scores(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one(OutlineTree).focus()
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExperimentsScreen)
        table = screen.query_one(DataTable)

        labels = [str(column.label) for column in table.ordered_columns]
        assert not set(ROOM) & set(labels)  # nobody scored as themselves: no room columns
        title = labels.index("experiment")

        def order() -> list[str]:
            return [str(table.get_row_at(i)[title]) for i in range(table.row_count)]

        assert order() == ["Email nudge", "Wizard prototype test"]  # ICE 252 > 240
        screen.action_sort("impact")
        await pilot.pause()
        assert order() == ["Wizard prototype test", "Email nudge"]  # impact 8 > 4
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await type_into(pilot, "#form-impact", "2", submit=False)
        await type_into(pilot, "#form-ease", "11", submit=False)
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog), "ease 11 is out of range"
        await type_into(pilot, "#form-ease", "3")
        assert isinstance(app.screen, ExperimentsScreen)
        wizard = app.workbook.experiments["wizard-test"]
        assert (wizard.impact, wizard.confidence, wizard.ease) == (2, 5, 3)
        assert order() == ["Email nudge", "Wizard prototype test"]


async def test_delete_shows_what_goes_and_undo_brings_it_back(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "setup-confusing")
        screen.query_one(OutlineTree).focus()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        body = str(app.screen.body)
        for gone in ("setup-confusing", "guided-connection", "wizard-test", "email-nudge"):
            assert gone in body
        await pilot.click("#yes")
        await pilot.pause()
        assert "wizard-test" not in app.workbook.experiments
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "wizard-test" in app.workbook.experiments


async def test_rename_updates_references(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "grow-paid")
        screen.query_one(OutlineTree).focus()
        await pilot.press("r")
        await pilot.pause()
        await type_into(pilot, "#form-id", "more-paying-teams")
        assert "more-paying-teams" in app.workbook.business_outcomes
        drives = app.workbook.product_outcomes["first-session"].drives
        assert drives == ("more-paying-teams", "reduce-churn")


async def test_graph_lists_the_work_and_jumps_to_the_outline(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one(OutlineTree).focus()
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, GraphScreen)
        listing = app.screen.query_one(OptionList)
        nodes = app.screen._line_nodes
        index = nodes.index("wizard-test")
        listing.focus()
        listing.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)
        item = app.screen.query_one(OutlineTree).current_item
        assert item is not None and item.entity_id == "wizard-test"


async def test_add_under_a_product_outcome_offers_its_children(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "invite-colleague")
        screen.query_one(OutlineTree).focus()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#choice-metric")
        await pilot.pause()
        await type_into(pilot, "#form-title", "Invites sent", submit=False)
        await type_into(pilot, "#form-definition", "Invitations accepted per new team", False)
        await pilot.click("#ok")
        await pilot.pause()
        outcome = app.workbook.product_outcomes["invite-colleague"]
        assert outcome.metric == "invites-sent"
        assert app.workbook.metrics["invites-sent"].current() is not None
        # One edit, one undo: the metric and its attachment go together.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "invites-sent" not in app.workbook.metrics
