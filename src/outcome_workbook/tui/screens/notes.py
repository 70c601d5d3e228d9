"""The notes of one entity: the evidence behind it, added, corrected and removed one at a time."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...model.entities import KIND_LABELS, Note
from ...safety import inert
from .. import editing, entries
from .part_screen import PartScreen


def note_text(note: Note) -> Text:
    text = Text(note.kind, style="bold")
    if note.date:
        text.append(f"  {note.date.isoformat()}", style="dim")
    if note.author:
        text.append(f"  {inert(note.author)}", style="dim")
    text.append("\n")
    text.append(inert(note.text))
    if note.url:
        text.append("\n")
        text.append(inert(note.url), style="underline")
    return text


class NotesScreen(PartScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "add",
            "Add note",
            id="notes.add",
            tooltip="A note on this entry, with who wrote it and when",
        ),
        Binding("e", "edit", "Edit", id="notes.edit", tooltip="Change the highlighted note"),
        Binding(
            "d,delete", "remove", "Remove", id="notes.remove", tooltip="Remove the highlighted note"
        ),
    ]

    def __init__(self, entity_id: str) -> None:
        super().__init__()
        self.entity_id = entity_id
        self._count = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="notes-heading")
        yield OptionList(id="note-list")
        yield Footer()

    def refresh_view(self) -> None:
        wb = self.host.workbook
        entity = wb.find(self.entity_id)
        heading = self.query_one("#notes-heading", Static)
        listing = self.query_one("#note-list", OptionList)
        if entity is None:
            heading.update(Text(f"{self.entity_id} is no longer in the workbook."))
            self._count = 0
            listing.clear_options()
            return
        self.sub_title = f"notes: {entity.id}"
        kind = KIND_LABELS.get(wb.kind_of(entity.id) or "", "")
        title = Text(f"Notes on the {kind} ", style="bold")
        title.append(inert(entity.title))
        title.append(
            "\nShow the work: assumptions, research and evidence behind this choice.", style="dim"
        )
        heading.update(title)
        options: list[Option | None] = []
        for number, note in enumerate(entity.notes):
            if number:
                options.append(None)
            options.append(Option(note_text(note)))
        if not entity.notes:
            options.append(
                Option(Text("No notes yet: press a to add one.", "italic"), disabled=True)
            )
        highlighted = listing.highlighted
        added = len(entity.notes) > self._count and listing.option_count > 0
        self._count = len(entity.notes)
        listing.set_options(options)
        if self._count:
            keep = self._count - 1 if added else highlighted or 0
            listing.highlighted = min(keep, self._count - 1)
        listing.focus()

    def selected_note(self) -> int | None:
        index = self.query_one("#note-list", OptionList).highlighted
        return index if index is not None and index < self._count else None

    def jump_target(self) -> str:
        return self.entity_id

    def action_add(self) -> None:
        if not self.host.read_only:
            editing.note_form(self.app, self.entity_id)

    def action_edit(self) -> None:
        index = self.selected_note()
        if index is not None and not self.host.read_only:
            entries.edit_note_form(self.app, self.entity_id, index)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_remove(self) -> None:
        index = self.selected_note()
        if index is not None and not self.host.read_only:
            entries.confirm_remove_note(self.app, self.entity_id, index)
