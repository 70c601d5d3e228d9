"""Themes: Textual's own plus a high-contrast one that reads on a projector."""

from __future__ import annotations

from typing import Any

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="outcomes-high-contrast",
    primary="#FFD700",
    secondary="#00E5FF",
    accent="#FFD700",
    warning="#FFB000",
    error="#FF5555",
    success="#50FA7B",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.1,
    text_alpha=1.0,
    variables={
        "footer-key-foreground": "#FFD700",
        "block-cursor-background": "#FFD700",
        "block-cursor-foreground": "#000000",
        "input-selection-background": "#FFD700 40%",
    },
)

PRODUCT_THEMES: tuple[Theme, ...] = (HIGH_CONTRAST,)


def register_themes(app: Any) -> None:
    """Make the product's themes available next to Textual's own."""
    for theme in PRODUCT_THEMES:
        app.register_theme(theme)
