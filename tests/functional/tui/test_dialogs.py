"""Dialogs and keys: the primary action first, Enter submits, nothing typed is lost unasked,
everything fits 80x24, escape steps out, `?` lists the keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button

from outcome_workbook.tui.screens.experiments import ExperimentsScreen
from outcome_workbook.tui.screens.form_dialogs import ConfirmDialog, FormDialog
from outcome_workbook.tui.widgets.outline_tree import OutlineTree
from outcome_workbook.tui.workbench_app import WorkbenchApp

from .conftest import make_app
from .helpers import select, type_into, wait_until


def _top(app: WorkbenchApp) -> Screen[object]:
    """The screen on top now: read through a call, so that an isinstance check before a key
    press does not tell the type checker it is still that screen after."""
    return app.screen


# Keys from the outline of the small workbook to each dialog, and the fields it must show.
DIALOGS = {
    "add": ("first-session", ["a", "#choice-opportunity"], ["#form-title", "#form-description"]),
    "guardrail": ("first-session", ["g", "a"], ["#form-metric", "#form-rule", "#form-value"]),
    "sign-off": ("first-session", ["n", "s"], ["#form-name", "#form-date"]),
    "negotiation entry": ("first-session", ["n", "L"], ["#form-kind", "#form-text"]),
}


async def _open(pilot: Pilot[None], entity: str, keys: list[str]) -> FormDialog:
    screen = await select(pilot, entity)
    screen.query_one(OutlineTree).focus()
    for key in keys:
        if key.startswith("#"):
            await pilot.click(key)
        else:
            await pilot.press(key)
        await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, FormDialog)
    return dialog


def _inside(pilot: Pilot[None], selector: str) -> bool:
    widget = pilot.app.screen.query_one(selector)
    region = widget.region
    screen = pilot.app.screen.region
    return region.height > 0 and screen.contains_region(region)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(DIALOGS))
async def test_every_dialog_shows_its_buttons_and_reaches_every_field(
    workbook_path: Path, name: str, size: tuple[int, int]
) -> None:
    entity, keys, fields = DIALOGS[name]
    app = make_app(workbook_path)
    async with app.run_test(size=size) as pilot:
        dialog = await _open(pilot, entity, keys)
        assert _inside(pilot, "#ok") and _inside(pilot, "#cancel"), "both buttons on screen"
        for selector in fields:
            dialog.query_one(selector).focus()  # focusing scrolls it into view
            await pilot.pause()
            assert _inside(pilot, selector), f"{selector} cannot be reached at {size}"
        chain = [w for w in dialog.focus_chain if isinstance(w, Button)]
        assert [b.id for b in chain] == ["ok", "cancel"], "the primary action comes first"


async def test_enter_submits_and_a_filled_form_is_never_discarded_unasked(
    workbook_path: Path,
) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open(pilot, "first-session", ["a", "#choice-opportunity"])
        await type_into(pilot, "#form-title", "Trials reach a first session", submit=False)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog), "escape asks before dropping the text"
        await pilot.click("#no")  # keep editing
        await pilot.pause()
        assert _top(app) is dialog
        dialog.query_one("#cancel").focus()
        await pilot.press("left")  # arrows move between the buttons
        assert dialog.focused is dialog.query_one("#ok")
        await pilot.press("right", "enter")  # Enter on Cancel: asks too
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#no")
        await pilot.pause()
        dialog.query_one("#form-title").focus()
        await pilot.press("enter")  # Enter in a field submits the form
        await pilot.pause()
        assert _top(app) is not dialog
        titles = [o.title for o in app.workbook.opportunities.values()]
        assert "Trials reach a first session" in titles


async def test_an_untouched_form_closes_on_escape_at_once(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, "first-session", ["a", "#choice-opportunity"])
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog | ConfirmDialog)


async def test_escape_steps_out_of_a_field_to_the_outline_and_applies_it(
    workbook_path: Path,
) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await select(pilot, "first-session")
        await pilot.pause()
        field = app.screen.query_one("#field-entity-title")
        field.focus()
        await pilot.pause()
        field.value = "New accounts start a session"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(OutlineTree).has_focus
        title = app.workbook.product_outcomes["first-session"].title
        assert title == "New accounts start a session"
        await pilot.press("a")  # the next letter is a command again, not typed into the field
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ChoiceDialog"


async def test_question_mark_lists_the_keys_that_work_here(workbook_path: Path) -> None:
    from outcome_workbook.tui.screens.help import HelpScreen

    app = make_app(workbook_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await select(pilot, "first-session")
        app.screen.query_one(OutlineTree).focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = " | ".join(f"{key} {text}" for key, text in app.screen.ours)
        for words in ("a Add: Add an entry under the selection", "n Negotiate", "Undo", "Save"):
            assert words in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_a_refused_choice_does_not_stay_on_show(workbook_path: Path) -> None:
    from textual.widgets import Select

    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        await pilot.pause()
        stage = app.screen.query_one("#field-entity-stage", Select)
        assert app.workbook.product_outcomes["first-session"].stage == "learning"
        stage.value = "performance"  # needs a baseline, a target and a deadline first
        await pilot.pause()
        assert app.workbook.product_outcomes["first-session"].stage == "learning"
        assert stage.value == "learning", "the select shows what the workbook holds"
        row_error = app.screen.query(".field-row.-invalid")
        assert row_error, "and says why it was refused"


async def test_ctrl_f_jumps_to_an_entry_deep_in_the_tree(workbook_path: Path) -> None:
    from outcome_workbook.tui.screens.find import FindScreen

    app = make_app(workbook_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        experiment = next(iter(app.workbook.experiments.values()))
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, FindScreen)
        for key in experiment.id.replace("-", " "):  # words of the id, in any entity
            await pilot.press("space" if key == " " else key)
        await pilot.pause()
        assert app.screen._ids[0] == experiment.id
        await pilot.press("enter")
        await pilot.pause()
        tree = app.screen.query_one(OutlineTree)
        assert tree.has_focus
        assert tree.current_item is not None and tree.current_item.entity_id == experiment.id


async def test_slash_filters_the_outline_to_what_matches_however_deep(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        experiment = next(iter(app.workbook.experiments.values()))
        await pilot.press("slash", *experiment.title.split()[0].lower())
        await pilot.pause()
        tree = app.screen.query_one(OutlineTree)
        nodes = [tree.get_node_at_line(n) for n in range(tree.last_line + 1)]
        shown = [node.data for node in nodes if node is not None]
        assert experiment.id in {item.entity_id for item in shown if item}
        assert len(shown) < 8  # the rest of the workbook is out of sight
        await pilot.press("enter")
        await pilot.pause()
        assert tree.has_focus and tree.current_item is not None
        chosen = tree.current_item.entity_id
        await pilot.press("escape")  # everything again, the cursor where it was
        await pilot.pause()
        assert tree.last_line + 1 > len(shown)
        assert tree.current_item is not None and tree.current_item.entity_id == chosen


async def test_the_palette_lists_each_command_once_with_a_description(workbook_path: Path) -> None:
    from outcome_workbook.tui.palette import WorkbenchCommands

    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        app.screen.query_one(OutlineTree).focus()
        await pilot.pause()
        ours = WorkbenchCommands(app.screen)._commands()
        system = [c.title for c in app.get_system_commands(app.screen)]
        titles = [name for name, _, _ in ours] + system
        assert len(titles) == len(set(titles)), f"listed twice: {sorted(titles)}"
        assert {"Save", "Undo", "Redo", "Quit", "Filter", "Jump to", "Keys", "Negotiate"} <= set(
            titles
        )
        assert all(help_text for _, help_text, _ in ours)


async def test_reframing_a_title_offers_the_id_that_goes_with_it(tmp_path: Path) -> None:
    from outcome_workbook.model import operations

    from .builders import small_workbook, write

    wb, _ = operations.create(
        small_workbook(), "opportunity", "Launch Slack integration", outcome="first-session"
    )
    path = write(tmp_path / "team.toml", wb)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "launch-slack-integration")
        await pilot.pause()
        await type_into(pilot, "#field-entity-title", "Teams miss updates they only see in Slack")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Rename it to teams-miss-updates-they-only-see" in str(app.screen.body)
        await pilot.click("#yes")
        await pilot.pause()
        assert "teams-miss-updates-they-only-see" in app.workbook.opportunities
        assert "launch-slack-integration" in app.workbook.meta.retired


async def test_experiments_are_added_and_edited_on_the_experiments_screen(
    workbook_path: Path,
) -> None:
    from outcome_workbook.tui.screens.experiments import ExperimentsScreen

    from .helpers import choose

    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one(OutlineTree).focus()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExperimentsScreen)
        before = set(app.workbook.experiments)
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, "#form-title", "Five interviews about setup")
        assert isinstance(app.screen, ExperimentsScreen)
        (new_id,) = set(app.workbook.experiments) - before
        table = app.screen.query_one("#experiment-table")
        table.move_cursor(row=table.get_row_index(new_id))  # type: ignore[attr-defined]
        await pilot.press("e")
        await pilot.pause()
        choose(pilot, "#form-status", "running")
        await type_into(pilot, "#form-title", "Five interviews about the setup step")
        experiment = app.workbook.experiments[new_id]
        assert (experiment.title, experiment.status) == (
            "Five interviews about the setup step",
            "running",
        )
        # Rebuilt after each edit, the table keeps its columns as wide as what they hold.
        table = app.screen.query_one("#experiment-table")
        row = table.get_row(new_id)  # type: ignore[attr-defined]
        for column, cell in zip(table.ordered_columns, row, strict=True):  # type: ignore[attr-defined]
            assert column.width >= cell.cell_len


async def test_the_goal_is_set_in_one_form_in_any_order(workbook_path: Path) -> None:
    from .helpers import choose

    app = make_app(workbook_path)
    async with app.run_test(size=(80, 24)) as pilot:
        outcome_id = next(
            o.id for o in app.workbook.product_outcomes.values() if o.stage == "learning"
        )
        screen = await select(pilot, outcome_id)
        screen.query_one(OutlineTree).focus()
        await pilot.press("G")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        choose(pilot, "#form-stage", "performance")  # the stage first: no longer refused
        await type_into(pilot, "#form-deadline", "2027-06-30", submit=False)
        await type_into(pilot, "#form-target", "40", submit=False)
        await type_into(pilot, "#form-baseline", "12")
        outcome = app.workbook.product_outcomes[outcome_id]
        assert (outcome.stage, outcome.baseline, outcome.target) == ("performance", 12, 40)
        assert str(outcome.deadline) == "2027-06-30"


async def test_the_outline_opens_as_it_was_left(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")  # deep: opens the rows above it
        await pilot.pause()
        opened, cursor = app.screen.query_one(OutlineTree).open_rows_and_cursor()
    again = make_app(workbook_path)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tree = again.screen.query_one(OutlineTree)
        assert tree.current_item is not None and tree.current_item.entity_id == "first-session"
        assert tree.open_rows_and_cursor() == (opened, cursor)


async def test_the_palette_finds_single_key_commands_with_focus_in_a_field(
    workbook_path: Path,
) -> None:
    from outcome_workbook.tui.palette import WorkbenchCommands

    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        await pilot.pause()
        app.screen.query_one("#field-entity-title").focus()
        await pilot.pause()
        names = [name for name, _, _ in WorkbenchCommands(app.screen)._commands()]
        assert {"Add", "Negotiate", "Guardrails", "Save"} <= set(names)
        assert len(names) == len(set(names))


async def test_the_detail_form_charts_a_metrics_measured_values(tmp_path: Path) -> None:
    import shutil

    from textual.widgets import Sparkline

    from ...conftest import sample_paths

    sample = next(p for p in sample_paths() if p.name == "remote-access.toml")
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        outcome = app.workbook.product_outcomes["first-session"]
        await select(pilot, "first-session")
        await pilot.pause()
        (chart,) = app.screen.query(".detail-chart").results(Sparkline)
        metric = app.workbook.metrics[outcome.metric]
        version = next(v for v in reversed(metric.versions) if v.values)
        assert list(chart.data or []) == [float(v.value) for v in version.values]


async def test_keys_typed_ahead_of_a_dialog_go_into_it_and_never_run_as_commands(
    workbook_path: Path,
) -> None:
    """`a` and the title typed in one burst, faster than the dialog opens (as under load):
    the letters land in the title; `e` (experiments on the outline) does not run."""
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "reduce-churn")
        screen.query_one(OutlineTree).focus()
        await pilot.pause()
        for key in "aeWe":
            app.post_message(events.Key(key, key))
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog), "the add form")
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        await wait_until(pilot, lambda: dialog.values()["title"] == "eWe", "the typed title")
        assert not isinstance(app.screen_stack[-2], ExperimentsScreen)


async def test_delete_undo_and_save_each_say_what_they_did(
    workbook_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(workbook_path)
    # Each word as said, not what is still on screen: a busy machine can take longer
    # than a toast's life between the delete and the save.
    monkeypatch.setattr(app, "NOTIFICATION_TIMEOUT", 600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "reduce-churn")
        screen.query_one(OutlineTree).focus()
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirm")
        await pilot.click("#yes")
        await pilot.press("ctrl+z", "ctrl+s")

        def said() -> list[str]:
            return [notification.message for notification in app._notifications]

        # The save runs in a worker: on a busy machine it reports a few frames later.
        await wait_until(
            pilot, lambda: "Nothing to save." in said() or "Saved." in said(), "the save's word"
        )
        assert any(m.startswith("Deleted reduce-churn") for m in said()), said()
        assert any(m.startswith("Undid: delete reduce-churn") for m in said()), said()


async def test_undo_and_a_part_screen_leave_the_outline_as_it_was(workbook_path: Path) -> None:
    from outcome_workbook.model import operations

    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "first-session")
        tree = screen.query_one(OutlineTree)
        tree.focus()
        await pilot.press("right")  # open the outcome's row
        await pilot.pause()
        opened = tree.open_rows_and_cursor()
        app.edit("retitle", operations.set_field, "reduce-churn", "title", "Keep more customers")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert tree.open_rows_and_cursor() == opened
        await pilot.press("o")  # the notes screen, and back
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is tree and tree.open_rows_and_cursor() == opened
