"""The negotiation of one product outcome: the terms, leadership and team side by side, sign-offs.

The heading shows the state of the agreement, the terms a signature would cover
now, the path of targets asked for, and what changed since anyone signed.

Each column lists its side's entries; the highlighted entry of the focused
column can be corrected or removed. Left and right (or tab) move between columns.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...model.agreement import agreement_of
from ...model.entities import NegotiationEntry, ProductOutcome
from ...safety import inert
from .. import editing, entries
from ..agreement_view import agreement_text, side_signature
from .part_screen import PartScreen

SIDES = ("leadership", "team")


def heading(side: str) -> Text:
    text = Text("Leadership" if side == "leadership" else "Team", style="bold underline")
    text.append(
        "\ncompany context, strategy, constraints"
        if side == "leadership"
        else "\ncustomer insight, technical reality",
        style="dim",
    )
    return text


def entry_text(entry: NegotiationEntry) -> Text:
    text = Text(entry.kind, style="bold")
    if entry.date:
        text.append(f"  {entry.date.isoformat()}", style="dim")
    if entry.author:
        text.append(f"  {inert(entry.author)}", style="dim")
    if entry.target is not None:
        text.append(f"  asks {entry.target:g}", style="bold cyan")
    if entry.deadline is not None:
        text.append(f"  by {entry.deadline.isoformat()}", style="bold cyan")
    text.append("\n")
    text.append(inert(entry.text))
    return text


class NegotiationScreen(PartScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "L",
            "entry('leadership')",
            "Leadership says",
            id="negotiation.leadership",
            tooltip="Record what leadership brings: context, an ask, a proposal",
        ),
        Binding(
            "T",
            "entry('team')",
            "Team says",
            id="negotiation.team",
            tooltip="Record what the team brings: evidence, a counter-proposal",
        ),
        Binding(
            "e", "edit_entry", "Edit", id="negotiation.edit", tooltip="Change the highlighted entry"
        ),
        Binding(
            "d,delete",
            "remove_entry",
            "Remove",
            id="negotiation.remove",
            tooltip="Remove the highlighted entry",
        ),
        Binding(
            "s",
            "sign('leadership')",
            "Leadership signs",
            id="negotiation.sign_leadership",
            tooltip="Leadership signs the terms as they stand now",
        ),
        Binding(
            "S",
            "sign('team')",
            "Team signs",
            id="negotiation.sign_team",
            tooltip="The team signs the terms as they stand now",
        ),
        Binding(
            "w",
            "withdraw",
            "Withdraw sign-off",
            id="negotiation.withdraw",
            tooltip="Take back a sign-off (it stays in the record as withdrawn)",
        ),
        Binding("left", "side('leadership')", "Leadership side", show=False, id="negotiation.left"),
        Binding("right", "side('team')", "Team side", show=False, id="negotiation.right"),
    ]

    def __init__(self, outcome_id: str) -> None:
        super().__init__()
        self.outcome_id = outcome_id
        # For each side, the position in outcome.negotiation of each listed entry.
        self._positions: dict[str, list[int]] = {side: [] for side in SIDES}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="negotiation-heading")
        with Horizontal(id="negotiation-columns"):
            for side in SIDES:
                with Vertical(id=f"{side}-column", classes="negotiation-column"):
                    yield Static(heading(side), classes="column-heading")
                    yield OptionList(id=side, classes="negotiation-entries")
                    yield Static("", id=f"{side}-signoff", classes="column-signoff")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#leadership", OptionList).focus()

    def refresh_view(self) -> None:
        outcome = self.host.workbook.product_outcomes.get(self.outcome_id)
        title_line = self.query_one("#negotiation-heading", Static)
        if outcome is None:
            title_line.update(Text(f"{self.outcome_id} is no longer in the workbook."))
            for side in SIDES:
                self._positions[side] = []
                self.query_one(f"#{side}", OptionList).clear_options()
            return
        self.sub_title = f"negotiation: {outcome.id}"
        wb = self.host.workbook
        agreement = agreement_of(wb, outcome)
        title = Text(inert(outcome.title, keep_newlines=False), style="bold")
        title.append("\n")
        title.append_text(agreement_text(wb, outcome))
        title_line.update(title)
        for side in SIDES:
            self._fill(outcome, side)
            self.query_one(f"#{side}-signoff", Static).update(side_signature(agreement, side))

    def _fill(self, outcome: ProductOutcome, side: str) -> None:
        listing = self.query_one(f"#{side}", OptionList)
        positions = [i for i, e in enumerate(outcome.negotiation) if e.side == side]
        options: list[Option | None] = []
        for number, position in enumerate(positions):
            if number:
                options.append(None)  # a separator line between entries
            options.append(Option(entry_text(outcome.negotiation[position])))
        if not positions:
            key = "L" if side == "leadership" else "T"
            options.append(
                Option(Text(f"nothing yet: press {key} to add", "italic"), disabled=True)
            )
        highlighted = listing.highlighted
        self._positions[side] = positions
        listing.set_options(options)
        if positions:
            option_count = listing.option_count
            keep = highlighted if highlighted is not None else 0
            listing.highlighted = min(keep, option_count - 1)

    # --- which entry is selected ----------------------------------------------------

    def _focused_side(self) -> str:
        focused = self.focused
        return focused.id if isinstance(focused, OptionList) and focused.id in SIDES else ""

    def selected_entry(self) -> int | None:
        """The position in the negotiation of the highlighted entry of the focused column."""
        side = self._focused_side()
        if not side:
            return None
        index = self.query_one(f"#{side}", OptionList).highlighted
        if index is None:
            return None
        # Entries alternate with separators, which are not options: option n is entry n.
        positions = self._positions[side]
        return positions[index] if index < len(positions) else None

    def jump_target(self) -> str:
        return self.outcome_id

    # --- actions -------------------------------------------------------------------------

    def action_side(self, side: str) -> None:
        self.query_one(f"#{side}", OptionList).focus()

    def action_entry(self, side: str) -> None:
        if not self.host.read_only:
            editing.negotiation_form(self.app, self.outcome_id, side)

    def action_edit_entry(self) -> None:
        position = self.selected_entry()
        if position is None:
            self.notify("Highlight an entry in one of the columns first.")
        elif not self.host.read_only:
            entries.edit_entry_form(self.app, self.outcome_id, position)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit_entry()

    def action_remove_entry(self) -> None:
        position = self.selected_entry()
        if position is None:
            self.notify("Highlight an entry in one of the columns first.")
        elif not self.host.read_only:
            entries.confirm_remove_entry(self.app, self.outcome_id, position)

    def action_sign(self, side: str) -> None:
        if not self.host.read_only:
            editing.signoff_form(self.app, self.outcome_id, side)

    def action_withdraw(self) -> None:
        if not self.host.read_only:
            entries.withdraw_sign_off(self.app, self.outcome_id)
