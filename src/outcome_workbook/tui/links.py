"""Unlink a product outcome from what it drives, move its link, and move entries to new parents.

The outline lists a product outcome under every business outcome it drives,
so "unlink" and "move" act on the listing the cursor is on: the row's parent
in the outline is the link in question.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from rich.text import Text
from textual.app import App

from ..model import operations
from ..model.entities import KIND_LABELS
from ..model.relations import DRIVE_KINDS
from ..model.workbook import Workbook
from .editing import _options, _submitter
from .host import Host
from .outline_shape import Item
from .screens.form_dialogs import ConfirmDialog, FormDialog, FormField
from .widgets.entity_labels import clip


def _host(app: App[Any]) -> Host:
    return cast(Host, app)


def _title(wb: Workbook, entity_id: str) -> str:
    entity = wb.find(entity_id)
    return clip(entity.title, 50) if entity else entity_id


def driven_parent(wb: Workbook, item: Item | None, parent: Item | None) -> str:
    """The id of what the product outcome on `item` drives, as its outline row shows it."""
    if item is None or item.kind != "product_outcome" or parent is None:
        return ""
    outcome = wb.product_outcomes.get(item.entity_id)
    if outcome is None or parent.kind not in DRIVE_KINDS:
        return ""
    return parent.entity_id if parent.entity_id in outcome.drives else ""


def can_move(wb: Workbook, item: Item | None) -> bool:
    if item is None or wb.find(item.entity_id) is None:
        return False
    return item.kind == "product_outcome" or bool(operations.parent_kinds(item.kind))


def unlink(app: App[Any], outcome_id: str, target_id: str) -> None:
    """Stop the outcome driving `target_id`; asks first when that is its last link."""
    host = _host(app)
    wb = host.workbook
    outcome = wb.product_outcomes.get(outcome_id)
    if outcome is None or target_id not in outcome.drives:
        return
    others = [d for d in outcome.drives if d != target_id]

    def apply() -> None:
        done = host.apply_edit(
            f"unlink {outcome_id} from {target_id}",
            operations.unlink,
            outcome_id,
            target_id,
            focus=outcome_id,
        )
        if done:
            app.notify(
                f"{_title(wb, outcome_id)} no longer drives {_title(wb, target_id)}. "
                "ctrl+z takes it back.",
                timeout=4,
            )

    if others:
        apply()
        return
    body = Text(f"{_title(wb, outcome_id)} then drives nothing: ")
    body.append("it is listed at the top of the outline until it is linked again (l).")

    def answered(yes: bool | None) -> None:
        if yes:
            apply()

    app.push_screen(ConfirmDialog("Unlink its last link?", body, yes="Unlink"), answered)


def move(app: App[Any], item: Item, parent: Item | None) -> None:
    """Ask where the selected entry goes, then move it (one undoable edit)."""
    wb = _host(app).workbook
    entity_id = item.entity_id
    if item.kind == "product_outcome":
        _move_link(app, entity_id, driven_parent(wb, item, parent))
        return
    kinds = operations.parent_kinds(item.kind)
    if not kinds:
        app.notify(f"{KIND_LABELS.get(item.kind, item.kind).capitalize()} cannot be moved.")
        return
    current = operations.parent_of(wb, entity_id)
    options = _options(wb, *kinds, exclude={entity_id, current})
    if not options:
        app.notify("There is nowhere else to put it yet.")
        return

    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        target = values["target"]

        def run(w: Workbook) -> Workbook:
            return operations.move(w, entity_id, target)

        return run, entity_id

    where = " or ".join(KIND_LABELS[k] for k in kinds)
    intro = f"Now under {_title(wb, current)}." if current else "Now under nothing."
    app.push_screen(
        FormDialog(
            f"Move {_title(wb, entity_id)}",
            [FormField("target", f"Put it under ({where})", "select", "", options)],
            _submitter(app, f"move {entity_id}", build),
            intro=intro + " Everything under it moves along.",
            ok="Move",
        )
    )


def _move_link(app: App[Any], outcome_id: str, current: str) -> None:
    """Drive another business outcome instead of `current` (or, without one, as well)."""
    wb = _host(app).workbook
    outcome = wb.product_outcomes[outcome_id]
    options = _options(wb, *DRIVE_KINDS, exclude=set(outcome.drives))
    if not options:
        app.notify("There is nothing else for it to drive yet.")
        return

    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        target = values["target"]

        def run(w: Workbook) -> Workbook:
            if current:
                return operations.relink(w, outcome_id, current, target)
            return operations.link(w, outcome_id, target)

        return run, outcome_id

    if current:
        title = f"Move {_title(wb, outcome_id)}"
        intro = f"It drives {_title(wb, current)}; it will drive this instead."
    else:
        title = f"{_title(wb, outcome_id)} drives…"
        intro = "It does not drive anything yet."
    app.push_screen(
        FormDialog(
            title,
            [FormField("target", "Business outcome or North Star", "select", "", options)],
            _submitter(app, f"move {outcome_id}", build),
            intro=intro,
            ok="Move" if current else "Link",
        )
    )
