"""Checks shared by the view tests (a helpers module): tab labels never cut, no words of the
other language in the UI, nothing raised."""

from __future__ import annotations

import re
from typing import Any

from textual.widgets import Tab, TabbedContent

# UI words that must not appear on a Danish screen (server text excepted: the anchors and
# fixture text are Danish anyway), and Danish UI words that must not appear on an English
# screen. Whole words, case-sensitive (not common words a cut server text can end in: a
# truncated "tablet…" reads "table…"). Words both languages use ("Filter", "Status",
# "Online", "CAVE") are not listed.
ENGLISH_UI = (
    "Overview", "Notes", "Lab results", "Imaging", "Medication", "Vaccinations", "Home readings",
    "Appointments", "Basic card", "Access log", "Courses", "Loading", "Search", "Source",
    "Date", "Result", "Unit", "Reference range", "Switch citizen", "Quit", "Help", "Commands",
    "Trend", "Latest", "Change", "Lowest", "highest", "values", "Escape: close", "C: copy", "table/plot",
    "active", "booked", "fulfilled", "cancelled", "completed", "finished", "inpatient", "ambulatory",
    "on-hold", "stopped", "male", "female", "unknown", "Upcoming", "Current medication", "years",
    "None", "Fetched", "fetched", "delivered", "warning", "allergy", "high risk",
)  # fmt: skip
DANISH_UI = (
    "Overblik", "Journal", "Laboratoriesvar", "Billeder", "Medicin ", "Vaccinationer", "Hjemmemålinger",
    "Aftaler", "Stamkort", "Adgangslog", "Forløb", "Henter", "Søg", "Kilde", "Dato", "Resultat",
    "Enhed", "Referenceinterval", "Skift borger", "Afslut", "Hjælp", "Kommandoer", "Udvikling",
    "Seneste:", "Laveste", "højeste", "målinger", "Escape: luk", "C: kopiér", "Kommende", "Aktuel medicin",
    " år ", "Ingen.", "hentet", "afleveret", "advarsel", "allergi", "høj risiko",
)  # fmt: skip


def _present(word: str, text: str) -> bool:
    return re.search(rf"(?<![\wæøåÆØÅ]){re.escape(word.strip())}(?![\wæøåÆØÅ])", text) is not None


def foreign_words(text: str, lang: str, server_text: str = "") -> list[str]:
    """The other language's UI words on a screen (`server_text`: the record's own text, where
    such a word may stand legitimately, e.g. "Journal" in a note title)."""
    vocabulary = ENGLISH_UI if lang == "da" else DANISH_UI
    return [w for w in vocabulary if _present(w, text) and not _present(w, server_text)]


def cut_tab_labels(app: Any) -> list[str]:
    """Tab labels not wholly in sight on the record screen (scrolled out, or cut at the edge):
    each tab must lie inside the screen's width."""
    cut = []
    width = app.size.width
    for tabs in app.screen.query(TabbedContent):
        for tab in tabs.query(Tab):
            region = tab.region
            if region.width == 0 or region.x < 0 or region.right > width or region.width < len(tab.label_text):
                cut.append(tab.label_text)
    return cut


def tab_row(text: str, labels: list[str]) -> str:
    """The line of the screen that holds the tab labels."""
    for line in text.splitlines():
        if labels and labels[0] in line and labels[-1][:3] in line:
            return line
    return ""


# Raw codes where words belong (FHIR codes, UCUM in its machine form), in either language.
RAW_CODES = ("on-hold", "entered-in-error", "inpatient", "ambulatory", "mm[Hg]", "10*9/L", "10*3/uL", "{score}")


def raw_codes(text: str) -> list[str]:
    return [code for code in RAW_CODES if code in text]


def record_text(record: Any) -> str:
    """Every string of a record (the server's own text), to tell it from UI words."""
    import dataclasses

    parts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))
        elif isinstance(value, (tuple, list, frozenset, set)):
            for item in value:
                walk(item)

    walk(record)
    return "\n".join(parts)
