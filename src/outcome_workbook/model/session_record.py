"""What the guided session keeps in an outcome's notes, and reads back for its summary.

Two things the room weighs leave no field behind: the scope options it wrote side
by side before choosing one, and the wording a proposal had before the room
reframed it. Both are decision notes on the outcome (visible and editable in the
workbench like any note), marked by the opening words below, so the format needs
no field for them and the summary can still say what was considered.
"""

from __future__ import annotations

from .entities import Entity

SCOPE_OPTIONS = "Scope options considered: "
REFRAMED_FROM = "Reframed from: "


def scope_options_text(considered: list[tuple[str, str]]) -> str:
    """The note for the options written down, each as (name, scope): '' when none was."""
    options = "; ".join(f"{name}: {text}" for name, text in considered if text)
    return f"{SCOPE_OPTIONS}{options}" if options else ""


def _marked(entity: Entity, mark: str) -> list[str]:
    return [
        note.text.removeprefix(mark)
        for note in entity.notes
        if note.kind == "decision" and note.text.startswith(mark)
    ]


def scope_options(entity: Entity) -> str:
    """The scope options last weighed for this outcome ('wider: …; narrower: …'), or ''."""
    found = _marked(entity, SCOPE_OPTIONS)
    return found[-1] if found else ""


def reframed_from(entity: Entity) -> tuple[str, ...]:
    """The wordings an outcome had before each reframing, oldest (the original) first."""
    return tuple(_marked(entity, REFRAMED_FROM))
