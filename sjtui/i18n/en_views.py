"""English texts of the views: the command palette (a Textual window), the trend window."""

TEXTS: dict[str, str] = {
    "palette.no_matches": "No commands or citizens found",
    "palette.placeholder": "Search for commands and citizens…",
    "trend.only_one": "Only one value ({date})",
}
