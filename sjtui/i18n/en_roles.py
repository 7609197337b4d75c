"""English texts of the function profiles (tab order, default filters as chips; issue #13)."""

TEXTS: dict[str, str] = {
    "role.acute": "Acute care",
    "role.home-care": "Home nursing",
    "role.addiction": "Addiction centre",
    "help.role": "(role: {role}; tabs in that order)",
    "chip.title": "Default filter:",
    "chip.title.user": "Filter:",
    "chip.source": "Source: {source}",
    "chip.course": "Course: {course}",
    "chip.course.unnamed": "chosen course",
    "chip.days": "Last {n} days",
    "chip.text": "Text: {text}",
    "chip.remove": "Remove this part of the filter",
}
