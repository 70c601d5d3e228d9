"""Opening a workbook, moving around the outline, editing fields, undo, save."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from textual.widgets.tree import TreeNode

from outcome_workbook.model import operations
from outcome_workbook.store import WorkbookFile
from outcome_workbook.tui.outline_shape import Item
from outcome_workbook.tui.screens.error import ErrorScreen
from outcome_workbook.tui.screens.form_dialogs import ChoiceDialog, FormDialog
from outcome_workbook.tui.screens.workbench import WorkbenchScreen
from outcome_workbook.tui.widgets.outline_tree import OutlineTree

from .builders import HOSTILE
from .conftest import make_app
from .helpers import select, type_into


def labels(tree: OutlineTree) -> list[str]:
    found: list[str] = []

    def walk(node: TreeNode[Item]) -> None:
        found.append(str(node.label.plain if hasattr(node.label, "plain") else node.label))
        for child in node.children:
            walk(child)

    walk(tree.root)
    return found


async def test_open_shows_the_outline_top_down(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)
        tree = app.screen.query_one(OutlineTree)
        shown = labels(tree)
        assert shown[0].startswith("Remote access")
        assert any("Weekly active remote sessions" in s for s in shown)
        # Built lazily: nothing below the North Star's children exists yet.
        assert not any("Wizard prototype test" in s for s in shown)
        await select(pilot, "wizard-test")
        shown = labels(tree)
        assert any("Wizard prototype test" in s and "ICE 240" in s for s in shown)
        assert tree.current_item is not None and tree.current_item.entity_id == "wizard-test"


async def test_outcome_with_two_parents_is_listed_under_each_once_as_a_link(
    workbook_path: Path,
) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.screen.query_one(OutlineTree)
        await select(pilot, "grow-paid")
        await pilot.press("right")
        await select(pilot, "reduce-churn")
        await pilot.press("right")
        await pilot.pause()
        rows = [s for s in labels(tree) if "More sign-ups start a first session" in s]
        assert len(rows) == 2
        assert sum("(link)" in s for s in rows) == 1


async def test_hostile_titles_render_literally(hostile_path: Path) -> None:
    app = make_app(hostile_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "grow-paid")
        tree = screen.query_one(OutlineTree)
        assert any(HOSTILE in s for s in labels(tree))
        title = screen.query_one("#field-entity-title", Input)
        assert title.value == HOSTILE


async def test_selecting_an_entity_shows_its_form(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "first-session")
        assert screen.query_one("#field-entity-title", Input).value == (
            "More sign-ups start a first session"
        )
        assert screen.query_one("#field-entity-baseline", Input).value == "5"


async def test_editing_a_field_applies_it_and_marks_the_title(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        await type_into(pilot, "#field-entity-title", "Sign-ups reach a first session")
        outcome = app.workbook.product_outcomes["first-session"]
        assert outcome.title == "Sign-ups reach a first session"
        assert app.title.startswith("● ")
        assert "unsaved" in app.sub_title
        tree = app.screen.query_one(OutlineTree)
        assert any("Sign-ups reach a first session" in s for s in labels(tree))


async def test_invalid_text_is_flagged_as_typed_and_not_applied(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "first-session")
        before = app.workbook
        await type_into(pilot, "#field-entity-baseline", "lots", submit=False)
        row = screen.query_one("#field-entity-baseline").parent
        assert row is not None and row.has_class("-invalid")
        error = row.query_one(".field-error", Static)
        assert "expected a number" in str(error.render())
        await pilot.press("enter")
        assert app.workbook is before
        await type_into(pilot, "#field-entity-baseline", "7.5")
        assert not row.has_class("-invalid")
        assert app.workbook.product_outcomes["first-session"].baseline == 7.5


async def test_undo_and_redo_every_edit(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        original = app.workbook
        await select(pilot, "first-session")
        await type_into(pilot, "#field-entity-unit", "percent")
        edited = app.workbook
        assert edited.product_outcomes["first-session"].unit == "percent"
        app.screen.query_one(OutlineTree).focus()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.workbook is original
        assert app.screen.query_one("#field-entity-unit", Input).value == "%"
        assert not app.title.startswith("●")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.workbook is edited


async def test_add_a_product_outcome_under_a_business_outcome(workbook_path: Path) -> None:
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "reduce-churn")
        screen.query_one(OutlineTree).focus()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await type_into(pilot, "#form-title", "Teams keep using it after a month")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)
        new = app.workbook.product_outcomes["teams-keep-using-it-after-a"]
        assert new.drives == ("reduce-churn",)
        current = app.screen.query_one(OutlineTree).current_item
        assert current is not None and current.entity_id == new.id


async def test_the_add_form_takes_typing_at_once(workbook_path: Path) -> None:
    """`a`, the title, enter: no reaching for the mouse or tab to find the first field."""
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await select(pilot, "reduce-churn")
        screen.query_one(OutlineTree).focus()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Churn", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)
        assert app.workbook.product_outcomes["churn"].drives == ("reduce-churn",)


async def test_save_writes_a_minimal_edit_and_reloads_the_same(workbook_path: Path) -> None:
    original = workbook_path.read_text(encoding="utf-8")
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        await type_into(pilot, "#field-entity-unit", "percent")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.title.startswith("●")
        assert "saved" in app.sub_title
    expected = original.replace('unit = "%"', 'unit = "percent"')
    assert expected != original
    assert workbook_path.read_text(encoding="utf-8") == expected
    reopened = WorkbookFile.open(workbook_path).workbook
    assert reopened.product_outcomes["first-session"].unit == "percent"


async def test_quitting_with_unsaved_changes_asks(workbook_path: Path) -> None:
    before = workbook_path.read_bytes()
    app = make_app(workbook_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "first-session")
        await type_into(pilot, "#field-entity-unit", "percent")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#choice-cancel")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)
        assert app.is_running
    assert workbook_path.read_bytes() == before


async def test_unreadable_file_shows_located_problems_and_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[workbook]\ntitle = "x"\nformat = 1\n\n[product_outcome.a\n', "utf-8")
    before = broken.read_bytes()
    app = make_app(broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        text = str(app.screen.query_one("#error-problems", Static).render())
        assert "broken.toml:5" in text
        await pilot.press("q")
    assert app.return_code == 2
    assert broken.read_bytes() == before


async def test_newer_format_opens_read_only_with_a_banner(tmp_path: Path) -> None:
    path = tmp_path / "future.toml"
    path.write_text('[workbook]\ntitle = "Future"\nformat = 99\n', "utf-8")
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.read_only
        banner = app.screen.query_one("#banner", Static)
        assert banner.display and "Read-only" in str(banner.render())
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)


async def test_missing_file_is_created_after_asking(tmp_path: Path) -> None:
    path = tmp_path / "new-team.toml"
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#choice-create")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)
        assert app.workbook.meta.title == "New team"
    assert path.exists()


async def test_a_workbook_from_operations_round_trips(tmp_path: Path) -> None:
    wb = operations.new_workbook("Empty")
    path = tmp_path / "empty.toml"
    WorkbookFile.create(path, wb)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)
