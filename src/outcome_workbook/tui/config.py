"""The user's workbench settings: theme and key remapping, in one TOML file.

Read with tomllib (fast); written back with tomlkit so the user's comments
and any keys we do not know survive. Lives under the XDG config folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit

from ..store.atomic import atomic_write

APP_DIR = "outcome-workbook"
DEFAULT_THEME = "textual-dark"


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP_DIR


def config_path() -> Path:
    return config_dir() / "config.toml"


@dataclass
class UserConfig:
    """`theme = "name"` and a `[keymap]` table of binding id -> keys (e.g. "ctrl+s,f2")."""

    theme: str = DEFAULT_THEME
    keymap: dict[str, str] = field(default_factory=dict)
    problem: str = ""


def load(path: Path | None = None) -> UserConfig:
    """The settings, or the defaults (with `problem` set) when the file cannot be read."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return UserConfig()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return UserConfig(problem=f"{path}: {error}; using the default settings")
    theme = data.get("theme", DEFAULT_THEME)
    keymap = data.get("keymap", {})
    config = UserConfig(theme=theme if isinstance(theme, str) else DEFAULT_THEME)
    if isinstance(keymap, dict):
        config.keymap = {str(k): v for k, v in keymap.items() if isinstance(v, str)}
    return config


def save_theme(theme: str, path: Path | None = None) -> None:
    """Remember the theme, keeping everything else in the file as the user wrote it."""
    path = path or config_path()
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        document = tomlkit.document()
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.TOMLKitError):
        return  # never overwrite a file we could not read
    document["theme"] = theme
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, tomlkit.dumps(document).encode("utf-8"))
