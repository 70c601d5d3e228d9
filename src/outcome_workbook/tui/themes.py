"""Themes beyond Textual's own: a high-contrast one for projectors and shared screens."""

from __future__ import annotations

from typing import Any

from textual.theme import Theme

PROJECTOR = Theme(
    name="projector",
    primary="#FFD700",
    secondary="#00FFFF",
    accent="#FF8C00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#262626",
    warning="#FFD700",
    error="#FF4040",
    success="#00FF66",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#E0E0E0",
        "footer-key-foreground": "#FFD700",
        "block-cursor-background": "#FFD700",
        "block-cursor-foreground": "#000000",
        "input-selection-background": "#FFD700 50%",
    },
)

PROJECTOR_LIGHT = Theme(
    name="projector-light",
    primary="#0000B0",
    secondary="#006060",
    accent="#A03000",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E8E8E8",
    boost="#DDDDDD",
    warning="#8A5A00",
    error="#B00000",
    success="#006000",
    dark=False,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#202020",
        "block-cursor-background": "#0000B0",
        "block-cursor-foreground": "#FFFFFF",
    },
)

EXTRA_THEMES = (PROJECTOR, PROJECTOR_LIGHT)


def register_themes(app: Any) -> None:
    for theme in EXTRA_THEMES:
        app.register_theme(theme)
