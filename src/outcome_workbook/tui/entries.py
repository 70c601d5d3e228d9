"""Dialogs that correct or remove one note or one negotiation entry, and withdraw sign-offs.

Each applies exactly one model operation (or one combined edit), so a single
undo takes it back. Entries are addressed by their position in the entity's
list, as the model's operations expect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from rich.text import Text
from textual.app import App

from ..model import operations
from ..model.agreement import agreement_of
from ..model.entities import ENTRY_KINDS, NOTE_KINDS, NegotiationEntry, Note
from ..model.workbook import Workbook
from ..safety import inert
from .editing import _submitter
from .host import Host
from .screens.form_dialogs import ChoiceDialog, ConfirmDialog, FormDialog, FormField
from .widgets.entity_labels import clip

SIDES = ("leadership", "team")


def _host(app: App[Any]) -> Host:
    return cast(Host, app)


def describe_entry(entry: NegotiationEntry) -> Text:
    """`team · proposal: text` for confirmations."""
    text = Text(f"{entry.side} · {entry.kind}: ", style="dim")
    text.append(clip(entry.text, 300))
    return text


def describe_note(note: Note) -> Text:
    text = Text(f"{note.kind}: ", style="dim")
    text.append(clip(note.text, 300))
    return text


# --- negotiation entries ------------------------------------------------------------------


def edit_entry_form(app: App[Any], outcome_id: str, index: int) -> None:
    """Correct what an entry says, its kind, its side or who said it; it keeps its place."""
    outcome = _host(app).workbook.product_outcomes.get(outcome_id)
    if outcome is None or not 0 <= index < len(outcome.negotiation):
        return
    entry = outcome.negotiation[index]

    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        def run(w: Workbook) -> Workbook:
            return operations.edit_negotiation_entry(w, outcome_id, index, **values)

        return run, outcome_id

    app.push_screen(
        FormDialog(
            "Edit the negotiation entry",
            [
                FormField("side", "Side", "select", entry.side, [(s, s) for s in SIDES]),
                FormField("kind", "Kind", "select", entry.kind, [(k, k) for k in ENTRY_KINDS]),
                FormField("text", "What they brought to the table", "text", entry.text),
                FormField("author", "Who (optional)", value=entry.author),
            ],
            _submitter(app, "edit negotiation entry", build),
        )
    )


def confirm_remove_entry(app: App[Any], outcome_id: str, index: int) -> None:
    host = _host(app)
    outcome = host.workbook.product_outcomes.get(outcome_id)
    if outcome is None or not 0 <= index < len(outcome.negotiation):
        return
    body = describe_entry(outcome.negotiation[index])
    body.append("\n\nSign-offs stay as they are. Undo brings the entry back.", style="dim")

    def answered(yes: bool | None) -> None:
        if yes:
            host.apply_edit(
                "remove negotiation entry",
                operations.remove_negotiation_entry,
                outcome_id,
                index,
                focus=outcome_id,
            )

    app.push_screen(ConfirmDialog("Remove this entry?", body, yes="Remove"), answered)


def withdraw_sign_off(app: App[Any], outcome_id: str) -> None:
    """Ask which sign-off to withdraw (when both sides signed), then withdraw it in one edit."""
    host = _host(app)
    outcome = host.workbook.product_outcomes.get(outcome_id)
    if outcome is None:
        return
    agreement = agreement_of(host.workbook, outcome)
    signed = [side for side in SIDES if side in agreement.signed]
    if not signed:
        app.notify("Neither side has signed off yet.")
        return

    def withdraw(sides: tuple[str, ...]) -> None:
        def run(w: Workbook) -> Workbook:
            for side in sides:
                w = operations.withdraw_sign_off(w, outcome_id, side, when=host.today())
            return w

        label = "withdraw sign-offs" if len(sides) > 1 else f"withdraw {sides[0]} sign-off"
        host.apply_edit(label, run, focus=outcome_id)

    after = "The agreement no longer stands." if agreement.is_agreed else ""
    after += " The signature stays in the record, marked withdrawn."
    if len(signed) == 1:
        side = signed[0]
        name = inert(agreement.signed[side].name, keep_newlines=False)
        body = Text(f"{side.capitalize()}'s sign-off by {name} is withdrawn. {after}")

        def confirmed(yes: bool | None) -> None:
            if yes:
                withdraw((side,))

        app.push_screen(ConfirmDialog("Withdraw the sign-off?", body, yes="Withdraw"), confirmed)
        return

    def chosen(choice: str | None) -> None:
        if choice in SIDES:
            withdraw((choice,))
        elif choice == "both":
            withdraw(SIDES)

    app.push_screen(
        ChoiceDialog(
            "Withdraw a sign-off",
            Text(f"Both sides have signed. Which sign-off is withdrawn? {after}"),
            [
                ("leadership", "Leadership's"),
                ("team", "Team's"),
                ("both", "Both"),
                ("cancel", "Cancel"),
            ],
        ),
        chosen,
    )


# --- notes ----------------------------------------------------------------------------------


def edit_note_form(app: App[Any], entity_id: str, index: int) -> None:
    entity = _host(app).workbook.find(entity_id)
    if entity is None or not 0 <= index < len(entity.notes):
        return
    note = entity.notes[index]

    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        def run(w: Workbook) -> Workbook:
            return operations.edit_note(w, entity_id, index, **values)

        return run, entity_id

    app.push_screen(
        FormDialog(
            "Edit the note",
            [
                FormField("kind", "Kind", "select", note.kind, [(k, k) for k in NOTE_KINDS]),
                FormField("text", "Text", "text", note.text),
                FormField("url", "Link (optional)", value=note.url),
            ],
            _submitter(app, "edit note", build),
        )
    )


def confirm_remove_note(app: App[Any], entity_id: str, index: int) -> None:
    host = _host(app)
    entity = host.workbook.find(entity_id)
    if entity is None or not 0 <= index < len(entity.notes):
        return
    body = describe_note(entity.notes[index])
    body.append("\n\nUndo brings the note back.", style="dim")

    def answered(yes: bool | None) -> None:
        if yes:
            host.apply_edit(
                "remove note", operations.remove_note, entity_id, index, focus=entity_id
            )

    app.push_screen(ConfirmDialog("Remove this note?", body, yes="Remove"), answered)
