"""English texts for narrow screens (80x24 thin clients): short column headings and tab names."""

TEXTS: dict[str, str] = {
    "col.reference.short": "Ref.",
    "col.measurement.short": "Measure",
    "col.organisation.short": "Org.",
    "col.description.short": "Descr.",
    # Tab names on a screen too narrow for the full ones (80 columns).
    "tab.overview.short": "Overview",
    "tab.notes.short": "Notes",
    "tab.labs.short": "Labs",
    "tab.imaging.short": "Imaging",
    "tab.medication.short": "Meds",
    "tab.vaccinations.short": "Vaccines",
    "tab.home.short": "Home",
    "tab.appointments.short": "Appts",
    "tab.basic.short": "Card",
    "tab.access_log.short": "Log",
    # Still narrower where the short names do not fit either.
    "tab.overview.tiny": "Overv.",
    "tab.imaging.tiny": "Imag.",
    "tab.vaccinations.tiny": "Vacc.",
    "tab.home.tiny": "Home",
    "tab.basic.tiny": "Card",
}
