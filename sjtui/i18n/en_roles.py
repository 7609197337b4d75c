"""English texts of the function profiles (tab order, default filters as chips; issue #13)."""

TEXTS: dict[str, str] = {
    "role.acute": "Acute care",
    "role.home-care": "Home nursing",
    "role.addiction": "Addiction centre",
    "help.role": "(role: {role}; tabs in that order)",
    "chip.title": "Default filter:",
    "chip.days": "Last {n} days",
    "chip.text": "Text: {text}",
    "chip.remove": "Remove the filter and show everything",
}
