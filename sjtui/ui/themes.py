"""Colour themes: a calm default and a high-contrast one (settings.theme, F9, the palette).

Colour is never the only signal (flags and states are words), so NO_COLOR (which Textual
honours with a monochrome filter) loses nothing that matters.
"""

from __future__ import annotations

from textual.theme import Theme

DEFAULT = "sjtui"
HIGH_CONTRAST = "sjtui-high-contrast"
BY_SETTING = {"default": DEFAULT, "high-contrast": HIGH_CONTRAST}

THEMES = (
    Theme(
        name=DEFAULT,
        primary="#5fafd7",
        secondary="#87afaf",
        accent="#d7af5f",
        warning="#d7af5f",
        error="#ff6f6f",
        success="#87d787",
        foreground="#e4e4e4",
        background="#1c1c1c",
        surface="#262626",
        panel="#303030",
        dark=True,
        variables={"footer-key-foreground": "#5fafd7", "input-cursor-background": "#e4e4e4"},
    ),
    Theme(
        name=HIGH_CONTRAST,
        primary="#ffff00",
        secondary="#00ffff",
        accent="#ffff00",
        warning="#ffff00",
        error="#ff5555",
        success="#00ff00",
        foreground="#ffffff",
        background="#000000",
        surface="#000000",
        panel="#000000",
        boost="#ffffff",
        dark=True,
        luminosity_spread=0.0,
        text_alpha=1.0,
        variables={
            "footer-key-foreground": "#ffff00",
            "border": "#ffffff",
            "border-blurred": "#aaaaaa",
            "block-cursor-background": "#ffff00",
            "block-cursor-foreground": "#000000",
            "block-cursor-text-style": "bold",
            "input-cursor-background": "#ffffff",
        },
    ),
)
