"""Every view of the record on Poul, Lars and the home-care citizen Inge, over the embedded
demo backend, at 80x24 and 120x40, in Danish and English, in colour and with NO_COLOR (every
combination): one app session per combination opens the citizen through the consent window, visits every tab
(digit keys and ctrl+t), the trend (`t` on the first lab row) and the cumulative table (`k`),
and asserts per view what the clinician must see there (the anchors below), that no tab label
is cut, that no word of the other language or raw code is on screen, and that nothing raised.

The anchors are server text from the fixtures (the same in both languages; no dates or
decimals, which are formatted per language). A view that gains content (overview sections,
medication history, living will on the basic card) needs only a line in ANCHORS.
"""

from __future__ import annotations

import pytest

from sjtui.ui.screens.record import RecordScreen

from thin_screens import demo_app
from ui_fakes import start_opening, wait_for, wait_for_text
from view_checks import cut_tab_labels, foreign_words, raw_codes, record_text

pytestmark = pytest.mark.usefixtures("ui_home")

CPR = {"poul": "1203541237", "lars": "0408572349", "inge": "2311411128"}

# view -> anchors, per citizen. Views: the tabs by key ("1".."0", "ctrl+t"), "k" (the labs'
# cumulative table) and "t" (the trend of the first lab row). Tuples (da, en) where the
# anchor is UI text.
ANCHORS: dict[str, dict[str, tuple[str | tuple[str, str], ...]]] = {
    "poul": {
        "1": ("Theophyllin", "DJ441", "Opsætning af", ("Kommende aftaler", "Upcoming appointments")),
        "2": ("Morfin mod åndenød", "Telefonnotat"),
        "3": ("B-Hæmoglobin", "P-Kalium", "Spirometri", "FEV1"),
        "4": ("Røntgen af thorax", "CT af thorax"),
        "5": ("Spiolto Respimat", "Ventoline Evohaler"),
        "6": ("Influvac Tetra", "Comirnaty"),
        "7": ("Iltmætning (SpO2)", "Puls"),
        "8": ("Lungeambulat", "Årskontrol"),
        "9": ("Birthe Madsen", "Søndergade 14, 6600 Vejen", "Lægerne Vestergade, Vejen"),
        "0": ("KOL-sygeplejerske",),
        "ctrl+t": ("DJ439", "Endoskopisk lung"),
        "k": ("FEV1", "aB-pCO2", ("Lungefunktion", "Lung function")),
        "t": ("B-Hæmoglobin (mmol/l)", ("Seneste:", "Latest:")),
    },
    "lars": {
        "1": (("Ingen kendte CAVE", "No known CAVE"), "Svær KOL-eksacerbation", "Ambulant"),
        "2": ("Hukommelse: blodprøver", "Delirium under indlæg"),
        "3": ("P-Cobalamin (B12)", "Arteriel blodgas", "aB-pCO2"),
        "4": ("CT af cerebrum", "Røntgen af thorax"),
        "5": ("Azithromycin", "Trimbow", "Quetiapin"),
        "6": ("Influvac Tetra", "Comirnaty"),
        "7": (("Ingen oplysninger.", "No information."),),
        "8": ("Ambulant", "Lungemedicin"),
        "9": ("Lars Henrik Kristensen", "Storegade 22, 6650 Brørup", "Mette Kristensen"),
        "0": ("Sygeplejerske Karen",),
        "ctrl+t": ("DJ441", "Lungeforløb"),
        "k": ("aB-pH", "aB-pCO2"),
        "t": ("P-Cobalamin (B12) (pmol/l)", "182"),
    },
    "inge": {
        "1": ("Faldrisiko", "Penicillin", "Hjertesvigtskontrol"),
        "2": ("Vægtøgning 2,1 kg", "Telefonnotat"),
        "3": ("P-Kreatinin", "eGFR/1,73m²", "P-Kalium"),
        "4": (("Ingen oplysninger.", "No information."),),
        "5": ("Jardiance 10 mg", "Entresto 24/26 mg"),
        "6": ("Influvac Tetra",),
        "7": ("Blodtryk", "Vægt"),
        "8": ("Diabetesk", "Hjertesvigt"),
        "9": ("Inge Margrethe Holm", "Ribevej 7, 6600 Vejen", "Torben Holm"),
        "0": ("Sygeplejerske Lise",),
        "ctrl+t": ("DN390", "DI500"),
        "k": ("P-Kreatinin", "P-Kalium"),
        "t": ("B-Hæmoglobin A1c (IFCC) (mmol/mol)",),
    },
}
TABS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "ctrl+t")
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


def anchors_for(who: str, view: str, lang: str) -> list[str]:
    return [a if isinstance(a, str) else a[0 if lang == "da" else 1] for a in ANCHORS[who][view]]


async def check_view(pilot, who: str, view: str, lang: str, server: str, tabs: bool = True) -> None:
    from sjtui.ui.screens.record_clinical import pane_bodies

    app = pilot.app
    text = await wait_for_text(pilot, *anchors_for(who, view, lang))
    screen = app.screen_stack[1] if len(app.screen_stack) > 1 else app.screen
    if isinstance(screen, RecordScreen):  # the note and report texts fetched so far
        server += "\n".join(body for pane in screen.panes() for body in pane_bodies(pane).values())
    assert foreign_words(text, lang, server) == [], (view, text)
    assert raw_codes(text) == [], (view, text)
    if tabs:
        assert cut_tab_labels(app) == [], (view, text)
    assert app.last_error is None, (view, app.last_error)


# The full cross product: every citizen at both sizes, in both languages, in colour and with
# NO_COLOR (24 sessions; the suite runs one worker per core).
COMBINATIONS = [
    (who, size, lang, colour)
    for who in ANCHORS
    for size in SIZES
    for lang in ("da", "en")
    for colour in ("colour", "no_color")
]


@pytest.mark.parametrize(("who", "size", "lang", "colour"), COMBINATIONS)
async def test_every_view(monkeypatch, who: str, size: str, lang: str, colour: str) -> None:
    if colour == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")  # read by Textual when the app is made
    app = demo_app(lang)
    async with app.run_test(size=SIZES[size]) as pilot:
        await start_opening(pilot, CPR[who], "Hjemmebesøg" if lang == "da" else "Home visit")

        def opened() -> bool:
            screen = app.screen
            return isinstance(screen, RecordScreen) and screen.record is not None and screen.record.labs.loaded

        await wait_for(pilot, opened)
        record = app.screen.record
        server = record_text(record)
        for key in TABS:
            await pilot.press(key)
            await check_view(pilot, who, key, lang, server)
        await pilot.press("3", "k")  # the labs' cumulative table
        await check_view(pilot, who, "k", lang, server)
        await pilot.press("k", "t")  # back to the list; the trend of its first row
        await check_view(pilot, who, "t", lang, server, tabs=False)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen))
        assert app.last_error is None
