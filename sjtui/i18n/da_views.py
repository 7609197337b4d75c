"""Danish texts of Textual's own windows that the app shows (the command palette)."""

TEXTS: dict[str, str] = {
    "palette.placeholder": "Søg efter kommandoer og borgere…",
}
