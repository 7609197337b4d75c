"""Danish texts for narrow screens (80x24 thin clients): short column headings and tab names."""

TEXTS: dict[str, str] = {
    "col.reference.short": "Ref.",
    "col.measurement.short": "Måling",
    "col.organisation.short": "Org.",
    "col.description.short": "Beskr.",
    # Tab names on a screen too narrow for the full ones (80 columns).
    "tab.overview.short": "Overblik",
    "tab.notes.short": "Journal",
    "tab.labs.short": "Lab",
    "tab.imaging.short": "Billeder",
    "tab.medication.short": "Medicin",
    "tab.vaccinations.short": "Vacc.",
    "tab.home.short": "Målinger",
    "tab.appointments.short": "Aftaler",
    "tab.basic.short": "Stamkort",
    "tab.access_log.short": "Log",
    # Still narrower where the short names do not fit either (Danish at 80 columns): known
    # abbreviations, never a cut word.
    "tab.overview.tiny": "Overbl.",
    "tab.imaging.tiny": "Billed.",
    "tab.home.tiny": "Mål.",
    "tab.basic.tiny": "Stamk.",
    "tab.vaccinations.tiny": "Vacc.",
}
