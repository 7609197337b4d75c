"""Danish texts of the views: the command palette (a Textual window), the trend window."""

TEXTS: dict[str, str] = {
    "palette.no_matches": "Ingen kommandoer eller borgere fundet",
    "palette.placeholder": "Søg efter kommandoer og borgere…",
    "trend.only_one": "Kun én måling ({date})",
}
