"""The main screen: outline on the left, the selected entry's form and the findings on the right."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, TypeVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Static

from ...model.workbook import Workbook
from .. import editing, links, memory
from ..findings import FindingSet
from ..host import Change, Host
from ..outline_shape import Item
from ..parts.findings import FindingsPane
from ..widgets.detail import DetailForm
from ..widgets.outline_tree import OutlineTree

# At most this many matches are shown while filtering (the first ones, in outline order).
FILTER_LIMIT = 200

# Commands that apply to some rows of the outline only (see check_action).
_ROW_ACTIONS = frozenset(
    ("unlink", "move", "delete", "rename", "notes", "history", "goal", "guardrails", "negotiation")
)

_Part = TypeVar("_Part", OutlineTree, DetailForm, FindingsPane)


class WorkbenchScreen(Screen[None]):
    """Draft, check and agree outcomes; every edit goes through the model's operations."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # First in the footer, so that on a small screen the way to every other key shows.
        Binding(
            "question_mark,f1",
            "app.help",
            "Keys",
            id="workbench.help",
            tooltip="The keys that work here, with what each does",
        ),
        Binding("a", "add", "Add", id="workbench.add", tooltip="Add an entry under the selection"),
        Binding(
            "delete,d",
            "delete",
            "Delete",
            id="workbench.delete",
            tooltip="Delete the entry, after showing everything it takes with it",
        ),
        Binding(
            "u",
            "unlink",
            "Unlink",
            id="workbench.unlink",
            tooltip="Stop the product outcome driving the outcome it is listed under",
        ),
        Binding(
            "m",
            "move",
            "Move",
            id="workbench.move",
            tooltip="Put the selected entry under another parent",
        ),
        Binding(
            "r",
            "rename",
            "Rename id",
            id="workbench.rename",
            tooltip="Give the entry an id that says what it is now; references follow",
        ),
        Binding(
            "l",
            "link",
            "Link",
            show=False,
            id="workbench.link",
            tooltip="Say a product outcome also drives another business outcome",
        ),
        Binding(
            "o",
            "notes",
            "Notes",
            show=False,
            id="workbench.note",
            tooltip="The notes behind the selected entry: add, edit, remove",
        ),
        Binding(
            "h",
            "history",
            "Metric history",
            id="workbench.history",
            tooltip="The metric's versions, each with its reason and measured values",
        ),
        Binding(
            "g",
            "guardrails",
            "Guardrails",
            id="workbench.guardrails",
            tooltip="The counter-metrics that must not get worse while this improves",
        ),
        Binding(
            "G",
            "goal",
            "Goal",
            show=False,
            id="workbench.goal",
            tooltip="Stage, learning goal, baseline, target, unit and deadline in one form",
        ),
        Binding(
            "n",
            "negotiation",
            "Negotiate",
            id="workbench.negotiation",
            tooltip="What each side said, the terms and both sign-offs",
        ),
        Binding(
            "e",
            "experiments",
            "Experiments",
            id="workbench.experiments",
            tooltip="Every experiment with its ICE score: add, edit, score, sort",
        ),
        Binding(
            "v",
            "graph",
            "Graph",
            id="workbench.graph",
            tooltip="The workbook as a graph, from the North Star down",
        ),
        Binding(
            "f",
            "focus_findings",
            "Findings",
            show=False,
            id="workbench.findings",
            tooltip="Move to the findings; Enter jumps to the entry a finding is about",
        ),
        Binding(
            "t",
            "focus_outline",
            "Outline",
            show=False,
            id="workbench.outline",
            tooltip="Move to the outline",
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            id="workbench.filter",
            tooltip="Show only the entries whose title or id holds these words, opened down "
            "to each; Enter goes to the first, Escape shows everything again",
        ),
        Binding(
            "ctrl+f",
            "find",
            "Jump to",
            show=False,
            id="workbench.find",
            tooltip="Jump to an entry by its title or id, however deep",
        ),
        Binding(
            "escape",
            "step_out",
            "Back to the outline",
            show=False,
            id="workbench.step_out",
            tooltip="Leave the form (its field is applied) and go back to the outline",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="banner")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(placeholder="filter: words of a title or id", id="outline-filter")
                yield OutlineTree(id="outline")
            with Vertical(id="side"):
                yield DetailForm(id="detail")
                yield FindingsPane(id="findings")
        yield Footer()

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    # The three parts are composed once; each is found once rather than by walking the
    # screen's widgets on every key (the footer asks check_action about every binding).
    @property
    def outline(self) -> OutlineTree:
        return self._part(OutlineTree)

    @property
    def detail(self) -> DetailForm:
        return self._part(DetailForm)

    @property
    def findings_pane(self) -> FindingsPane:
        return self._part(FindingsPane)

    def _part(self, kind: type[_Part]) -> _Part:
        found = self._parts.get(kind)
        if not isinstance(found, kind) or found.parent is None:
            found = self.query_one(kind)
            self._parts[kind] = found
        return found

    # What the selected row offered when the footer was last rebuilt (see _highlighted).
    _offered: frozenset[str] | None = None

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._parts: dict[type, Widget] = {}

    def on_mount(self) -> None:
        host = self.host
        self.outline.border_title = "Outline"
        self.detail.border_title = "Detail"
        self.host.workbook_changed.subscribe(self, self._on_change)
        self.host.findings_changed.subscribe(self, self._on_findings)
        path = getattr(self.app, "path", None)
        if isinstance(path, Path):
            self.outline.remembered = memory.load(path)
            self.outline.remember_as = path
        self.outline.show_workbook(host.workbook)
        self.outline.focus()
        self._show_item(self.outline.current_item or Item("workbook", ""))
        self.update_banner()

    def update_banner(self, message: Text | str = "") -> None:
        banner = self.query_one("#banner", Static)
        text = message if isinstance(message, Text) else Text(message)
        reason = getattr(self.app, "read_only_reason", "")
        if not text.plain and reason:
            text = Text(f"Read-only: {reason}", style="bold")
        banner.update(text)
        banner.display = bool(text.plain)

    # --- following the model -------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        self.outline.show_workbook(change.workbook)
        # What an edit made or moved stays in sight while filtering.
        if self.outline.filtering and change.focus and not self.outline.select_entity(change.focus):
            self.clear_filter()
        current = self.outline.current_item
        if change.focus and (current is None or current.entity_id != change.focus):
            self.outline.select_entity(change.focus)
        self._show_item(self.outline.current_item)
        self._offered = self._row_actions_offered()
        self.refresh_bindings()

    def _on_findings(self, findings: FindingSet) -> None:
        self.outline.show_findings(findings)
        item = self.outline.current_item
        self.findings_pane.show(findings, item.entity_id if item else "", self.host.workbook)

    def _show_item(self, item: Item | None) -> None:
        wb: Workbook = self.host.workbook
        self.detail.show(wb, item, read_only=self.host.read_only)
        self.findings_pane.show(self.host.findings, item.entity_id if item else "", wb)

    @on(OutlineTree.EntityHighlighted)
    def _highlighted(self, event: OutlineTree.EntityHighlighted) -> None:
        self._show_item(event.item)
        # unlink and move apply to some rows only; the footer is rebuilt (a dozen widgets
        # mounted and styled, about 0.1 s) only when what the row offers changes.
        offered = self._row_actions_offered()
        if offered != self._offered:
            self._offered = offered
            self.refresh_bindings()

    def _row_actions_offered(self) -> frozenset[str]:
        return frozenset(action for action in _ROW_ACTIONS if self.check_action(action, ()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer a command (footer, palette, key) only on the rows it applies to, so the
        footer lists what can be done with the selected entry, and fits a small screen."""
        if action not in _ROW_ACTIONS or not self.is_mounted:
            return True
        try:
            outline = self.outline
        except NoMatches:
            return True
        item = outline.current_item
        wb = self.host.workbook
        if action == "unlink":
            return bool(links.driven_parent(wb, item, outline.parent_item))
        if action == "move":
            return links.can_move(wb, item)
        if action in ("delete", "rename", "notes"):
            return bool(self._selected_entity())
        outcome_id, metric_id = self._outcome_or_metric()
        if action == "history":
            return metric_id in wb.metrics
        return bool(outcome_id)

    @on(FindingsPane.JumpTo)
    def _jump(self, event: FindingsPane.JumpTo) -> None:
        if self.outline.select_entity(event.entity_id):
            self.outline.focus()

    # --- actions ------------------------------------------------------------------------

    def action_filter(self) -> None:
        bar = self.query_one("#outline-filter", Input)
        self.query_one("#left").add_class("-filtering")
        bar.focus()

    @on(Input.Changed, "#outline-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        from .find import matches

        event.stop()
        words = event.value.strip()
        if not words:
            self.outline.show_only(None)
            return
        found = matches(self.host.workbook, words, limit=FILTER_LIMIT)
        self.outline.show_only([entity_id for _, entity_id, _ in found])

    @on(Input.Submitted, "#outline-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        """Enter: into the filtered outline, on the first match."""
        event.stop()
        found = self.outline.first_match()
        if found is not None:
            self.outline.move_to_path(found)
        self.outline.focus()

    def clear_filter(self) -> bool:
        """Show every row again, the cursor staying on the entry it is on. False if not
        filtering."""
        left = self.query_one("#left")
        if not left.has_class("-filtering"):
            return False
        item = self.outline.current_item
        left.remove_class("-filtering")
        self.query_one("#outline-filter", Input).value = ""
        self.outline.show_only(None)
        if item is not None and item.entity_id:
            self.outline.select_entity(item.entity_id)
        self.outline.focus()
        return True

    def action_find(self) -> None:
        from .find import FindScreen

        def jump(entity_id: str | None) -> None:
            if entity_id and self.outline.select_entity(entity_id):
                self.outline.focus()

        self.app.push_screen(FindScreen(self.host.workbook), jump)

    def action_step_out(self) -> None:
        """Escape steps out one level: from a field of the form or the findings to the outline.

        Leaving the field applies what was typed, as moving away with Tab does.
        """
        if self.clear_filter():
            return
        if not self.outline.has_focus:
            self.outline.focus()

    def _selected(self) -> Item | None:
        return self.outline.current_item

    def _selected_entity(self, *kinds: str) -> str:
        item = self._selected()
        if item is None or not item.entity_id or item.kind == "workbook":
            return ""
        if kinds and item.kind not in kinds:
            return ""
        return item.entity_id

    def _writable(self) -> bool:
        if self.host.read_only:
            self.notify("This workbook is read-only.", severity="warning")
            return False
        return True

    def action_add(self) -> None:
        if self._writable():
            editing.add_under(self.app, self._selected())

    def action_delete(self) -> None:
        entity_id = self._selected_entity()
        if entity_id and self._writable():
            editing.confirm_delete(self.app, entity_id)

    def action_rename(self) -> None:
        entity_id = self._selected_entity()
        if entity_id and self._writable():
            editing.rename_form(self.app, entity_id)

    def action_link(self) -> None:
        entity_id = self._selected_entity("product_outcome")
        if not entity_id:
            self.notify("Select a product outcome to link it to another business outcome.")
        elif self._writable():
            editing.link_form(self.app, entity_id)

    def action_unlink(self) -> None:
        item = self._selected()
        target = links.driven_parent(self.host.workbook, item, self.outline.parent_item)
        if item is not None and target and self._writable():
            links.unlink(self.app, item.entity_id, target)

    def action_move(self) -> None:
        item = self._selected()
        if item is not None and links.can_move(self.host.workbook, item) and self._writable():
            links.move(self.app, item, self.outline.parent_item)

    def action_notes(self) -> None:
        from .notes import NotesScreen

        entity_id = self._selected_entity()
        if not entity_id:
            self.notify("Select an entry to see its notes.")
            return
        self.app.push_screen(NotesScreen(entity_id))

    def _outcome_or_metric(self) -> tuple[str, str]:
        item = self._selected()
        wb = self.host.workbook
        if item is None:
            return "", ""
        if item.kind == "product_outcome":
            outcome = wb.product_outcomes.get(item.entity_id)
            return item.entity_id, outcome.metric if outcome else ""
        if item.kind == "metric":
            # Listed under the outcome it measures: the outcome's parts are one key away.
            parent = self.outline.parent_item
            outcome_id = parent.entity_id if parent and parent.kind == "product_outcome" else ""
            return outcome_id, item.entity_id
        if item.kind == "guardrail":
            guard = wb.guardrails.get(item.entity_id)
            return (guard.outcome, guard.metric) if guard else ("", "")
        return "", ""

    def action_history(self) -> None:
        from .metric_history import MetricHistoryScreen

        _, metric_id = self._outcome_or_metric()
        if not metric_id or metric_id not in self.host.workbook.metrics:
            self.notify("Select a metric (or a product outcome with a metric) to see its history.")
            return
        self.app.push_screen(MetricHistoryScreen(metric_id))

    def action_goal(self) -> None:
        outcome_id, _ = self._outcome_or_metric()
        if not outcome_id:
            self.notify("Select a product outcome to set its goal.")
        elif self._writable():
            editing.goal_form(self.app, outcome_id)

    def action_guardrails(self) -> None:
        from .guardrails import GuardrailsScreen

        outcome_id, _ = self._outcome_or_metric()
        if not outcome_id:
            self.notify("Select a product outcome to see its guardrails.")
            return
        self.app.push_screen(GuardrailsScreen(outcome_id))

    def action_negotiation(self) -> None:
        from .negotiation import NegotiationScreen

        outcome_id, _ = self._outcome_or_metric()
        if not outcome_id:
            self.notify("Select a product outcome to negotiate it.")
            return
        self.app.push_screen(NegotiationScreen(outcome_id))

    def action_experiments(self) -> None:
        from .experiments import ExperimentsScreen

        self.app.push_screen(ExperimentsScreen())

    def action_graph(self) -> None:
        from .graph_screen import GraphScreen

        self.app.push_screen(GraphScreen())

    def action_focus_findings(self) -> None:
        self.findings_pane.focus()

    def action_focus_outline(self) -> None:
        self.outline.focus()

    def select_entity(self, entity_id: str) -> None:
        """Put the outline cursor on an entity (used by other screens to jump here)."""
        if self.outline.select_entity(entity_id):
            self.outline.focus()
            self._show_item(self.outline.current_item)
