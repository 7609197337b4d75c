"""The overview answers Poul, Lars and Inge in one screen (issue #13): CAVE first, what is new
since this clinician last opened the record, the next appointment with weekday, ISO week and
address, the last admission with its reason and discharge letter; at 80x24 and 120x40, in
Danish and English, with and without colour (texts and markers, never colour alone)."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from sjtui.access.grant import Clinician
from sjtui.crypto.key import UnlockedKey

from overview_apps import open_overview, overview_app
from ui_fakes import screen_text

pytestmark = pytest.mark.usefixtures("ui_home")

EXPECTED = {
    ("poul", "da"): (
        "Indlagt 14.09.2026 – 19.09.2026",
        "(SKS DJ441)",
        "Epikrise 19.09.2026: Hyperkapnisk KOL-eksacerbation",
        "tor 26.11.2026 13:00–14:30, uge 48",
        "Adresse: Søndergade 14, 6600 Vejen",
        "ons 09.12.2026 10:30–11:15, uge 50",
    ),
    ("poul", "en"): (
        "Admitted 2026-09-14 – 2026-09-19",
        "Reason: Kronisk obstruktiv lungesygdom med akut eksacerbation (SKS DJ441)",
        "Thu 2026-11-26 13:00–14:30, week 48",
        "Address: Søndergade 14, 6600 Vejen",
    ),
    ("lars", "da"): (
        "Indlagt 08.10.2026 – 19.10.2026",
        "Svær KOL-eksacerbation, hyperkapni, delirium",
        "frarådes bilkørsel",
        "tor 03.12.2026 08:30–15:30, uge 49",
        "Adresse: Indgang B, 3. sal, Sygehusgade 35, 6700 Esbjerg",
    ),
    ("lars", "en"): ("Discharged 2026-10-19", "Thu 2026-12-03 08:30–15:30, week 49"),
    ("inge", "da"): (
        "Indlagt 10.06.2026 – 14.06.2026",
        "Årsag: Urinvejsinfektion UNS (SKS DN390)",
        "ons 02.12.2026 11:00–11:40, uge 49",
        "Adresse: Indgang C, 1. sal, Sygehusgade 35, 6700 Esbjerg",
    ),
    ("inge", "en"): ("Reason: Urinvejsinfektion UNS (SKS DN390)", "Wed 2026-12-02 11:00"),
}
FIRST = {"da": "Første gang du åbner denne journal", "en": "First time you open this record"}
NOTHING = {"da": "Intet nyt siden", "en": "Nothing new since"}
CAVE = {"poul": "Iltbehandling – brandfare", "lars": "CAVE", "inge": "Penicillin"}


def _overview_text(app) -> str:
    parts = [app.screen.query_one(f"#ov-{side}", Static).render() for side in ("left", "right")]
    return "\n".join(str(getattr(p, "plain", p)) for p in parts)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("who", ["poul", "lars", "inge"])
async def test_the_overview_answers_in_one_screen(who: str, lang: str, size: tuple[int, int], monkeypatch) -> None:
    if lang == "en":  # and without colour: every state is said in words
        monkeypatch.setenv("NO_COLOR", "1")
    app = overview_app(lang)
    async with app.run_test(size=size) as pilot:
        await open_overview(pilot, who)
        content = _overview_text(app)
        for needle in EXPECTED[(who, lang)]:
            assert needle in content, needle
        assert FIRST[lang] in content
        screen = screen_text(app)
        # the top of the screen: CAVE first, then what is new and the next appointment
        assert CAVE[who] in screen
        assert FIRST[lang].split()[0] in screen
        assert ("uge" if lang == "da" else "week") in screen


async def test_the_second_opening_says_nothing_new_since_the_first() -> None:
    key = UnlockedKey.ephemeral()
    app = overview_app("da", key=key, real_clock=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_overview(pilot, "poul")
    again = overview_app("da", key=key, real_clock=True)
    async with again.run_test(size=(120, 40)) as pilot:
        await open_overview(pilot, "poul")
        content = _overview_text(again)
        assert NOTHING["da"] in content  # "Intet nyt siden <the first opening>."
        assert FIRST["da"] not in content


async def test_another_clinician_on_the_same_machine_opens_it_for_the_first_time() -> None:
    key = UnlockedKey.ephemeral()
    app = overview_app("en", key=key, real_clock=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot, "lars")
    nurse2 = Clinician("n2", "Anden Sygeplejerske", assurance="proven")
    other = overview_app("en", key=key, clinician=nurse2, real_clock=True)
    async with other.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot, "lars")
        assert FIRST["en"] in _overview_text(other)


async def test_without_the_cache_the_news_are_not_known_not_none() -> None:
    app = overview_app("da", use_cache=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot, "inge")
        content = _overview_text(app)
        assert "Ikke kendt: dine åbninger huskes kun med den lokale krypterede kopi" in content
        assert NOTHING["da"] not in content
