"""The basic card's living will and organ donor section in the app over the demo backend:
Poul (organ donor) and Lars (living will), in Danish and English, at 80x24 and 120x40."""

from __future__ import annotations

import pytest

from thin_screens import demo_app
from ui_fakes import open_poul, screen_text, settle_active_pane, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")

POUL, LARS = "1203541237", "0408572349"


async def _basic_card(cpr: str, size: tuple[int, int], lang: str) -> str:
    """Everything the basic card shows (scrolled through at small sizes), as plain text."""
    app = demo_app(lang)
    async with app.run_test(size=size) as pilot:
        await open_poul(pilot, cpr)
        screen = app.screen
        await wait_for(pilot, lambda: screen.record is not None and screen.record.registrations.loaded, tries=200)
        await pilot.press("9")
        await settle_active_pane(pilot)
        seen = screen_text(app)
        for _ in range(4):  # page down through the card (it scrolls at 80x24)
            await pilot.press("pagedown")
            await pilot.pause()
            seen += screen_text(app)
        return seen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_poul_is_a_registered_organ_donor_in_danish(size) -> None:
    text = await _basic_card(POUL, size, "da")
    assert "Livstestamente og organdonation" in text
    assert "Tilmeldt Organdonorregistret: ja til donation af alle organer" in " ".join(text.split())
    assert "Registreret 02.06.2015" in text and "Organdonorregistret" in text
    assert "Ingen registrering fundet på denne server" in text  # his living will: none found here


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_poul_is_a_registered_organ_donor_in_english(size) -> None:
    text = " ".join((await _basic_card(POUL, size, "en")).split())
    assert "Living will and organ donation" in text
    assert "In the Danish Organ Donor Register: yes to donating all organs" in text
    assert "Registered " in text and "2015" in text and "Source: Sundhedsdatastyrelsen" in text
    assert "No registration found on this server" in text


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_lars_has_a_living_will_in_danish(size) -> None:
    text = " ".join((await _basic_card(LARS, size, "da")).split())
    assert "Oprettet i Livstestamenteregistret" in text
    assert "Ønske: Ingen livsforlængende behandling" in text
    assert "Uafvendeligt døende" in text and "svær invaliditet" in text
    assert "Livstestamenteregistret" in text


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_lars_has_a_living_will_in_english(size) -> None:
    text = " ".join((await _basic_card(LARS, size, "en")).split())
    assert "In the Danish Living Will Register" in text and "Covers these situations:" in text
    assert "Uafvendeligt døende" in text  # the register's own words, as given
