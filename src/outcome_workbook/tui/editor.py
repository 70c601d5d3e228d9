"""Long text in the writer's own editor: ctrl+o in a text box opens $VISUAL or $EDITOR.

The app steps aside (the terminal is the editor's until it exits) and the text
comes back into the box, as git does for a commit message. Nothing is applied
until the box is left, exactly as if the text had been typed there.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported
from textual.widgets import TextArea

from ..safety import one_line


def editor_command() -> list[str]:
    """The editor the user chose ($VISUAL, then $EDITOR), else vi as git falls back to."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(chosen)


def run_editor(text: str, command: list[str] | None = None) -> str:
    """Open `text` in the editor and return what it holds when the editor exits.

    Raises OSError if the editor cannot be started and CalledProcessError if it fails:
    the text in the box then stays as it was.
    """
    with tempfile.TemporaryDirectory(prefix="outcomes-") as folder:
        path = Path(folder) / "text.md"
        path.write_text(text, encoding="utf-8")
        subprocess.run([*(command or editor_command()), str(path)], check=True)
        edited = path.read_text(encoding="utf-8")
    # Editors end a file with a newline; a field's text does not.
    return edited[:-1] if edited.endswith("\n") and not text.endswith("\n") else edited


def edit_focused(app: App[Any]) -> None:
    """ctrl+o in either app: the focused text box's text in the editor, else say where it works."""
    if isinstance(app.focused, TextArea):
        edit_in_editor(app, app.focused)
    else:
        app.notify("ctrl+o opens your editor from a text box (a description, a note).")


def edit_in_editor(app: App[Any], box: TextArea) -> None:
    """Put the box's text through the editor, if this terminal lets the app step aside."""
    if box.read_only:
        return
    try:
        with app.suspend():
            edited = run_editor(box.text)
    except SuspendNotSupported:
        app.notify("An outside editor needs the app in a terminal (not in a browser).")
        return
    except (OSError, subprocess.CalledProcessError) as error:
        app.notify(one_line(f"The editor did not run: {error}"), severity="error")
        return
    if edited != box.text:
        box.load_text(edited)
        box.focus()
