"""English texts of Textual's own windows that the app shows (the command palette)."""

TEXTS: dict[str, str] = {
    "palette.placeholder": "Search for commands and citizens…",
}
