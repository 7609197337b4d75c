"""English texts for narrow screens (80x24 thin clients): short column headings."""

TEXTS: dict[str, str] = {
    "col.reference.short": "Ref.",
    "col.measurement.short": "Measure",
    "col.organisation.short": "Org.",
    "col.description.short": "Descr.",
}
