"""Danish texts of the function profiles (tab order, default filters as chips; issue #13)."""

TEXTS: dict[str, str] = {
    "role.acute": "Akutsygepleje",
    "role.home-care": "Hjemmesygepleje",
    "role.addiction": "Misbrugscenter",
    "help.role": "(funktion: {role}; fanerne i den rækkefølge)",
    "chip.title": "Standardfilter:",
    "chip.title.user": "Filter:",
    "chip.source": "Kilde: {source}",
    "chip.course": "Forløb: {course}",
    "chip.course.unnamed": "valgt forløb",
    "chip.days": "Seneste {n} dage",
    "chip.text": "Tekst: {text}",
    "chip.remove": "Fjern denne del af filteret",
}
